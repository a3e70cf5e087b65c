// Generates a deterministic benchmark draft: about 1 MB of analytical prose with thousands of entity mentions,
// citations, footnotes, lists, tables and code, plus a sidecar with 5,000 entities and 2,000 claims.

/** A small, seeded PRNG (mulberry32) so every run benchmarks the same text. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = ['ka', 'ra', 'mon', 'tel', 'vi', 'sar', 'lo', 'den', 'qu', 'ash', 'bel', 'nor', 'zan', 'fi', 'gor', 'hal', 'ix', 'jo', 'lum', 'pra'];
const KINDS = ['person', 'organization', 'place', 'vehicle', 'event', 'work', 'other'];
const VERBS = ['flew to', 'met with', 'paid', 'signed a contract with', 'was seen in', 'sanctioned', 'hired', 'leased an aircraft from'];
const FRAMES = [
  (a, b, n) => `In ${2000 + n % 24}, ${a} ${VERBS[n % VERBS.length]} ${b}.`,
  (a, b, n) => `According to officials, ${a} moved ${n * 3} tonnes of cargo through ${b}.`,
  (a, b) => `Why would ${a} need ${b} at all?`,
  (a, b, n) => `${a} reportedly controlled ${n % 90}% of the flights that ${b} operated.`,
  (a, b) => `That seems an odd choice for ${a}, and ${b} did not comment.`,
  (a, b, n) => `The largest shipment, ${n} crates, left ${a} for ${b} because of the sanctions.`,
];

function word(next, syllables) {
  let out = '';
  for (let i = 0; i < syllables; i++) out += SYLLABLES[Math.floor(next() * SYLLABLES.length)];
  return out[0].toUpperCase() + out.slice(1);
}

export function generateBenchmark({ targetBytes = 1024 * 1024, entities = 5000, claims = 2000, sources = 300, seed = 7 } = {}) {
  const next = random(seed);
  const entityList = [];
  const seen = new Set();
  while (entityList.length < entities) {
    const words = 1 + Math.floor(next() * 3);
    const name = Array.from({ length: words }, () => word(next, 2 + Math.floor(next() * 2))).join(' ');
    if (seen.has(name)) continue;
    seen.add(name);
    const id = `e${entityList.length}`;
    const aliases = words > 1 ? [name.split(' ').at(-1)] : [];
    entityList.push({ id, name, kind: KINDS[entityList.length % KINDS.length], aliases });
  }

  const lines = ['---', 'title: Benchmark draft', '---', '', '# A long analysis', ''];
  const sentences = [];
  let bytes = 0;
  let paragraph = 0;
  while (bytes < targetBytes) {
    paragraph++;
    if (paragraph % 40 === 0) lines.push(`## Section ${paragraph / 40}`, '');
    if (paragraph % 25 === 0) {
      lines.push('| Date | Event |', '|---|---|', `| 2022-05-${String(paragraph % 28 + 1).padStart(2, '0')} | ${entityList[paragraph % entities].name} landed |`, '');
    }
    if (paragraph % 33 === 0) lines.push('```', 'const x = "@not-a-citation";', '```', '');
    const parts = [];
    const count = 3 + Math.floor(next() * 4);
    for (let s = 0; s < count; s++) {
      const a = entityList[Math.floor(next() * entities)].name;
      const b = entityList[Math.floor(next() * entities)].name;
      let sentence = FRAMES[Math.floor(next() * FRAMES.length)](a, b, Math.floor(next() * 1000));
      sentences.push(sentence);
      const roll = next();
      if (roll < 0.3) sentence = sentence.replace(/([.?!])$/, ` [@s${Math.floor(next() * sources)}]$1`);
      else if (roll < 0.35) sentence = sentence.replace(/([.?!])$/, ` [see @s${Math.floor(next() * sources)}, p. ${Math.floor(next() * 90)}; @s${Math.floor(next() * sources)}]$1`);
      else if (roll < 0.4) sentence += ` ([report](https://example.org/${paragraph}/${s}))`;
      parts.push(sentence);
    }
    const prefix = paragraph % 9 === 0 ? '- ' : paragraph % 13 === 0 ? '> ' : '';
    const text = prefix + parts.join(' ');
    lines.push(text, '');
    bytes += text.length + 2;
  }
  const draft = lines.join('\n');

  const sidecar = ['# generated for the benchmark', 'sources:'];
  for (let i = 0; i < sources; i++) sidecar.push(`  s${i}:`, `    title: Report number ${i}`, `    publisher: Publisher ${i % 17}`, `    date: 20${10 + (i % 15)}-0${1 + (i % 9)}-1${i % 9}`, `    url: https://example.org/reports/${i}`);
  sidecar.push('entities:');
  for (const entity of entityList) {
    sidecar.push(`  ${entity.id}:`, `    name: ${JSON.stringify(entity.name)}`, `    kind: ${entity.kind}`);
    if (entity.aliases.length) sidecar.push(`    aliases: [${entity.aliases.map((alias) => JSON.stringify(alias)).join(', ')}]`);
  }
  sidecar.push('claims:');
  for (let i = 0; i < claims; i++) {
    const sentence = sentences[Math.floor(next() * sentences.length)];
    const roll = next();
    // Most claims attach exactly; some were edited (fuzzy) and a few point at text that is gone (orphaned).
    const text = roll < 0.85 ? sentence : roll < 0.95 ? sentence.replace(/\b(\w+)\b/, 'Edited') : `A sentence that was deleted long ago, number ${i}.`;
    sidecar.push(`  - text: ${JSON.stringify(text)}`, `    sources: [s${i % sources}]`);
  }
  return { draft, sidecar: sidecar.join('\n') + '\n', entityCount: entityList.length, claimCount: claims };
}
