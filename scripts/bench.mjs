// `npm run bench`: the engine's speed on a generated 1 MB draft with 5,000 entities and 2,000 claims, against
// markdownlint-cli2 on the same file in the same run (machines here are shared and noisy, so only ratios
// measured side by side mean anything). Prints a table; not a test, never fails on a number.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { generateBenchmark } from './bench/generate.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.env.BENCH_RUNS ?? 5);
const work = join(root, '.cache', 'bench');
mkdirSync(work, { recursive: true });

if (!existsSync(join(root, 'dist', 'cli.js'))) spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });

const { draft, sidecar, entityCount, claimCount } = generateBenchmark();
const draftPath = join(work, 'bench.md');
writeFileSync(draftPath, draft);
writeFileSync(join(work, 'bench.sources.yaml'), sidecar);
// markdownlint-cli2 reads its config from the folder; an empty one means its default rules.
writeFileSync(join(work, '.markdownlint-cli2.jsonc'), '{}\n');

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function timeProcess(command, args) {
  const times = [];
  let last;
  for (let i = 0; i < runs + 1; i++) {
    const started = process.hrtime.bigint();
    last = spawnSync(command, args, { cwd: work, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
    const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
    if (i > 0) times.push(elapsed); // the first run warms the file cache
  }
  return { ms: median(times), status: last.status, stdout: last.stdout, stderr: last.stderr };
}

// The core analysis, in process: bundle a tiny entry that exposes the engine, load it once, time lintDocument.
const coreBundle = join(root, '.cache', 'bench-core.cjs');
await build({
  stdin: {
    contents: "export { lintDocument } from './src/core/lint'; export { loadSidecar } from './src/core/sidecar/load'; export { resolveSettings } from './src/core/config';",
    resolveDir: root,
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  outfile: coreBundle,
  logLevel: 'warning',
});
const core = createRequire(import.meta.url)(coreBundle);
const settings = core.resolveSettings();
const coreTimes = { sidecar: [], lint: [] };
let findings = [];
let analysis;
for (let i = 0; i < runs + 1; i++) {
  let started = process.hrtime.bigint();
  const loaded = core.loadSidecar(join(work, 'bench.sources.yaml'), sidecar);
  const sidecarMs = Number(process.hrtime.bigint() - started) / 1e6;
  started = process.hrtime.bigint();
  const result = core.lintDocument({ uri: draftPath, text: draft, sidecar: loaded, settings });
  const lintMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (i > 0) {
    coreTimes.sidecar.push(sidecarMs);
    coreTimes.lint.push(lintMs);
  }
  findings = result.findings;
  analysis = result.analysis;
}
const heapMb = process.memoryUsage().heapUsed / 1024 / 1024;

const sourced = timeProcess(process.execPath, [join(root, 'bin', 'sourced.js'), 'lint', 'bench.md', '--format', 'json']);
const markdownlint = timeProcess(process.execPath, [join(root, 'node_modules', 'markdownlint-cli2', 'markdownlint-cli2-bin.mjs'), 'bench.md']);
if (sourced.status === 2) console.error(`sourced failed: ${sourced.stderr}`);
if (markdownlint.status === 2 || (markdownlint.status !== 0 && markdownlint.status !== 1)) console.error(`markdownlint-cli2 failed: ${markdownlint.stderr}`);

const rows = [
  ['core: load sidecar (5,000 entities, 2,000 claims)', median(coreTimes.sidecar)],
  ['core: lintDocument (analysis + rules)', median(coreTimes.lint)],
  ['process: sourced lint bench.md', sourced.ms],
  ['process: markdownlint-cli2 bench.md', markdownlint.ms],
];
const sentences = analysis.sentences.length;
console.log(`Draft: ${(Buffer.byteLength(draft) / 1024).toFixed(0)} KB, ${draft.split('\n').length} lines, ${sentences} sentences; sidecar: ${entityCount} entities, ${claimCount} claims.`);
console.log(`Found: ${analysis.mentions.length} entity mentions, ${findings.length} findings, claim anchors ${JSON.stringify(countBy(analysis.claimAnchors, (a) => a.status))}. Median of ${runs} runs, after one warm-up.\n`);
console.log('| measurement | median ms |');
console.log('|---|---:|');
for (const [name, ms] of rows) console.log(`| ${name} | ${ms.toFixed(1)} |`);
console.log(`\nsourced lint / markdownlint-cli2 (whole process): ${(sourced.ms / markdownlint.ms).toFixed(2)} (target ≤ 0.50)`);
console.log(`core lint per sentence: ${((median(coreTimes.lint) * 1000) / sentences).toFixed(1)} µs; heap after analysis: ${heapMb.toFixed(0)} MB`);

function countBy(items, key) {
  const counts = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}
