import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { CORE_SCHEMA, load } from 'js-yaml';
import { readBlockYaml } from '../../../src/core/sidecar/blockYaml';

/** js-yaml's reading of `text`, the reference; `undefined` when it refuses the text. */
function jsYaml(text: string): { value: unknown } | undefined {
  try {
    return { value: load(text, { schema: CORE_SCHEMA }) };
  } catch {
    return undefined;
  }
}

/** Same value, same types, same key order (the order of a sidecar's entries matters to the engine). */
function assertSameValue(actual: unknown, expected: unknown, text: string): void {
  assert.deepStrictEqual(actual, expected, `for:\n${text}`);
  assert.equal(JSON.stringify(actual), JSON.stringify(expected), `key order for:\n${text}`);
}

const PLAIN = [
  's1', 'doi:10.1038/x', 'Report: the sequel', 'a #b', 'a#b', '-5', '-x', '?x', ':x', '0x1F', '1_000', '.5', '+1', '.inf', '-.Inf', '.NaN',
  '0o7', '010', '1e3', '1.5e-3', '2010-01-10', '2022', 'True', 'FALSE', 'yes', '~', 'null', 'Null', 'a b', 'Côte d’Ivoire', "it's",
  'He said "hi"', '*x', '&a', '!t', '|', '>', '%x', '@x', '`x', '[a', 'a]', '{a}', 'a,b', '- x', '-', '?', ':', 'a:', 'a: b', '#x',
  'x\\y', 'https://example.org/a#b?c=d', '😀 emoji', '1:2', 'a ,b', 'a]b',
  // Words that start like the null and boolean words, which a plain scalar starting with a letter may only be.
  'n', 'nul', 'nulls', 'NuLL', 'TRUE', 'true', 'tru', 'trues', 'f', 'false', 'False', 'falsely', 'name', 'text', 'title',
];
const DOUBLE_QUOTED_BODIES = ['', 'plain', 'say \\"hi\\"', 'back\\\\slash', 'line\\nbreak', '\\t tab', '\\u00e9t\\u00E9', '\\x41', '\\U0001F600', '\\q', '\\', 'a\\ b', '\\N\\_\\L\\P\\0\\e', "it's", '# not a comment', 'a: b', '\\ud800'];
const SINGLE_QUOTED_BODIES = ['', 'plain', "it''s", "''", 'a "b"', 'back\\slash', "'", '# x', 'a: b'];
const KEYS = [
  'title', 'name', 'kind', 's0', 's1', 'doi:10.1/x', 'a.b-c_d', '2019', 'true', 'null', '"quoted key"', "'single'", 'a b', '__proto__', 'dup', 'dup', 'x#y', 'k:', '-k', 'é',
  // Keys sharing first letters and prefixes with each other (the reader reuses the last key with a first letter).
  'tit', 'titles', 'titl-e', 'nam', 'names', 'False', 'NULL', 'n', 't', 's', 's10', 'k1', 'k10',
];

/** A random document built from `choices` (numbers in [0, 1000)), within and just outside the reader's subset. */
function buildDocument(choices: readonly number[], eol: string): string {
  let next = 0;
  const pick = (n: number): number => choices[next++ % choices.length] % n;
  const oneOf = <T,>(values: readonly T[]): T => values[pick(values.length)];
  const spaces = (): string => oneOf(['', '', '', ' ', '  ']);
  // A comment, trailing spaces or nothing after a value.
  const comment = (): string => (pick(6) === 0 ? `${oneOf([' ', '  ', ''])}# note` : pick(6) === 0 ? oneOf([' ', '   ']) : '');
  const scalar = (inFlow: boolean): string => {
    // Half of them ordinary, so that most documents stay inside the subset.
    if (pick(2) === 0) return oneOf(['s1', 'Report number 4', '2010-01-10', '"Ann Lee"', 'person', '12', 'https://example.org/1']);
    const kind = pick(inFlow ? 3 : 4);
    if (kind === 0) return `"${oneOf(DOUBLE_QUOTED_BODIES)}"`;
    if (kind === 1) return `'${oneOf(SINGLE_QUOTED_BODIES)}'`;
    return oneOf(PLAIN);
  };
  const inline = (): string => {
    if (pick(5) === 0) {
      const items = Array.from({ length: pick(4) }, () => `${spaces()}${scalar(true)}${spaces()}`);
      return `[${items.join(oneOf([',', ', ', ' ,']))}${pick(8) === 0 ? ',' : ''}]`;
    }
    return scalar(false);
  };
  const lines: string[] = [];
  const mapping = (indent: number, depth: number, firstPrefix?: string): void => {
    const entries = 1 + pick(4);
    for (let i = 0; i < entries; i++) {
      const lead = i === 0 && firstPrefix !== undefined ? firstPrefix : ' '.repeat(indent);
      const key = pick(2) === 0 ? `k${pick(1000)}` : oneOf(KEYS);
      const form = depth > 2 ? 0 : pick(5);
      if (form <= 1) lines.push(`${lead}${key}:${pick(10) === 0 ? '' : ' '}${inline()}${comment()}`);
      else if (form === 2) {
        lines.push(`${lead}${key}:${comment()}`);
        mapping(indent + oneOf([1, 2, 4]), depth + 1);
      } else if (form === 3) {
        lines.push(`${lead}${key}:${comment()}`);
        sequence(indent + oneOf([0, 0, 2, 3]), depth + 1);
      } else if (pick(4) === 0) lines.push(`${lead}${key}:${spaces()}${comment()}`);
      else lines.push(`${lead}${key}: ${inline()}`);
      if (pick(8) === 0) lines.push(oneOf(['', '   ', '# between', `${' '.repeat(indent)}# indented comment`]));
    }
  };
  const sequence = (indent: number, depth: number): void => {
    const items = 1 + pick(3);
    for (let i = 0; i < items; i++) {
      const dash = `${' '.repeat(indent)}-`;
      const form = depth > 2 ? 0 : pick(4);
      if (form <= 1) lines.push(`${dash} ${inline()}${comment()}`);
      else if (form === 2) mapping(indent + 2, depth + 1, `${dash} `);
      else {
        lines.push(`${dash}${comment()}`);
        if (pick(4) !== 0) mapping(indent + 2, depth + 1);
      }
    }
  };
  if (pick(6) === 0) lines.push('# a sidecar');
  mapping(0, 0);
  // Now and then a mistake: a line indented, dedented, duplicated or dropped, a tab, a stray marker.
  if (pick(3) === 0 && lines.length > 1) {
    const at = pick(lines.length);
    const mutation = pick(7);
    if (mutation === 0) lines[at] = ` ${lines[at]}`;
    else if (mutation === 1) lines[at] = lines[at].replace(/^ /, '');
    else if (mutation === 2) lines.splice(at, 0, lines[at]);
    else if (mutation === 3) lines.splice(at, 1);
    else if (mutation === 4) lines[at] = lines[at].replace(' ', '\t');
    else if (mutation === 5) lines.splice(at, 0, oneOf(['---', '...', '%YAML 1.2', '  continued text', '? key', ': value', '- x']));
    else lines[at] = `${lines[at]} trailing`;
  }
  return lines.join(eol) + oneOf([eol, '', eol + eol]);
}

const documents = fc
  .tuple(fc.array(fc.nat(999), { minLength: 300, maxLength: 300 }), fc.constantFrom('\n', '\r\n'))
  .map(([choices, eol]) => buildDocument(choices, eol));

describe('readBlockYaml', () => {
  it('gives what js-yaml gives whenever it reads a document (random documents in and around its subset)', () => {
    let read = 0;
    fc.assert(
      fc.property(documents, (text) => {
        const fast = readBlockYaml(text);
        if (fast === undefined) return;
        read++;
        const reference = jsYaml(text);
        assert.ok(reference, `js-yaml refuses what the reader read:\n${text}`);
        assertSameValue(fast.value, reference.value, text);
      }),
      { numRuns: 6000 },
    );
    // The property means something only if many documents are read, not given up on.
    assert.ok(read > 900, `only ${read} of 6000 documents read`);
  });

  it('reads a sidecar as written by hand and by the editor', () => {
    const text = [
      '# sources of the draft',
      'sources:',
      '  fdd-2022:',
      '    title: "Mystery Cargo: the \\"Emtrasur\\" flight"',
      '    date: 2022-06-13',
      '    url: https://example.org/a#b  # archived too',
      '  doi:10.1038/x:',
      "    title: 'It''s a study'",
      '    author: [Ann Lee, "Bo, Jr."]',
      'entities:',
      '  e1:',
      '    name: Emtrasur',
      '    kind: organization',
      'claims:',
      '- text: "seven Iranians and 11 Venezuelans"',
      '  sources: [fdd-2022]',
      '-   text: Another claim',
      '    status: verified',
      'accepted: []',
      '',
    ].join('\r\n');
    const fast = readBlockYaml(text);
    assert.ok(fast);
    assertSameValue(fast.value, jsYaml(text)?.value, text);
  });

  it('gives up on what it does not read itself', () => {
    for (const text of [
      'a: &anchor 1\nb: *anchor\n',
      'a: |\n  block\n',
      'a: plain\n  continued\n',
      'a: [1,\n  2]\n',
      'a: {b: 1}\n',
      'a: 1\na: 2\n',
      '\ta: 1\n',
      '---\na: 1\n',
      '- top\n',
      '',
      'a: !!str 1\n',
      '__proto__: 1\n',
      // What js-yaml refuses or reads its own way (left to it before anything else is read).
      'a: x\ty\n',
      'a: 1\rb: 2\n',
      '\uFEFFa: 1\n',
      'a: x\x7Fy\n',
      'a: \uD800x\n',
      'a: x\uDC00\n',
    ]) {
      assert.equal(readBlockYaml(text), undefined, text);
    }
  });

  it('gives up on document markers and directives wherever a line starts with one', () => {
    const markers = ['---', '--- ', '--- a: 1', '---a: 1', '...', '... ', '...: x', '%YAML 1.2', '%TAG ! x:', '%a: b', '-- -', '---: x'];
    const documents = [
      (marker: string) => `${marker}\na: 1\n`,
      (marker: string) => `a: 1\n${marker}\n`,
      (marker: string) => `a: 1\n${marker}\nb: 2\n`,
      (marker: string) => `a:\n  b: 1\n${marker}\n  c: 2\n`,
      (marker: string) => `a:\n- x\n${marker}\n- y\n`,
      (marker: string) => `a:\n  - b: 1\n${marker}\n`,
      (marker: string) => `a: [x]\n${marker}\r\nb: "y"\n`,
    ];
    for (const marker of markers) {
      for (const document of documents) {
        const text = document(marker);
        const read = readBlockYaml(text);
        // "-- -" and similar are no markers: then the reader must agree with js-yaml, as everywhere.
        if (read !== undefined) assertSameValue(read.value, jsYaml(text)?.value, text);
        if (/^(?:---|\.\.\.|%)/.test(marker)) assert.equal(read, undefined, text);
      }
    }
  });
});
