import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { scanBlockSection, type ScannedEntry } from '../../../src/core/sidecar/blockIndex';

// The scan as it was first written (every line of the file cut out into an object, on each call): the reference
// the offset-based scan must agree with.
const BLANK_OR_COMMENT = /^[ \t]*(#.*)?$/;

interface Line {
  start: number;
  end: number;
  text: string;
}

function linesOf(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const contentEnd = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    lines.push({ start, end: contentEnd, text: text.slice(start, contentEnd) });
    if (end === text.length) break;
    start = end + 1;
  }
  return lines;
}

function indentOf(line: string): number {
  let i = 0;
  while (line.charCodeAt(i) === 32) i++;
  return i;
}

function unquoteKey(raw: string): string | undefined {
  if (raw.startsWith('"')) return raw.endsWith('"') && !raw.includes('\\') ? raw.slice(1, -1) : undefined;
  if (raw.startsWith("'")) return raw.endsWith("'") ? raw.slice(1, -1).replace(/''/g, "'") : undefined;
  return raw;
}

/** Entries of `section` (a map or a sequence at the top level), or undefined when the layout is not plain block style. */
function referenceScan(text: string, section: string, kind: 'map' | 'seq'): ScannedEntry[] | undefined {
  const lines = linesOf(text);
  const header = new RegExp(`^${section}:[ \\t]*(#.*)?$`);
  const headerIndex = lines.findIndex((line) => header.test(line.text));
  if (headerIndex < 0) return undefined;

  const entries: ScannedEntry[] = [];
  let childIndent = -1;
  let lastContentEnd = -1;
  const close = () => {
    const last = entries[entries.length - 1];
    if (last && lastContentEnd > last.span.start) last.span.end = lastContentEnd;
  };
  for (let i = headerIndex + 1; i < lines.length; i++) {
    const line = lines[i];
    if (BLANK_OR_COMMENT.test(line.text)) continue;
    if (/\t/.test(line.text.slice(0, indentOf(line.text) + 1))) return undefined;
    const indent = indentOf(line.text);
    const isItem = kind === 'seq' && /^-([ \t]|$)/.test(line.text.slice(indent));
    if (childIndent < 0) {
      if (indent === 0 && !isItem) break; // the section is empty
      childIndent = indent;
    }
    if (indent < childIndent || (indent === childIndent && childIndent === 0 && !isItem)) break;
    if (indent === childIndent) {
      close();
      if (kind === 'seq') {
        if (!isItem) return undefined;
        const contentStart = line.start + indent + 1 + (line.text.slice(indent + 1).length - line.text.slice(indent + 1).trimStart().length);
        const itemSpan = { start: contentStart, end: line.end };
        entries.push({ key: String(entries.length), keySpan: itemSpan, span: { ...itemSpan } });
      } else {
        const match = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"&*!|>%@`{[\-?][^:#]*?|-[^\s:#][^:#]*?):(?:[ \t]|$)/.exec(line.text.slice(indent));
        if (!match) return undefined;
        const key = unquoteKey(match[1].trimEnd());
        if (key === undefined) return undefined;
        const keySpan = { start: line.start + indent, end: line.start + indent + match[1].trimEnd().length };
        entries.push({ key, keySpan, span: { start: keySpan.start, end: line.end } });
      }
    } else if (entries.length === 0) {
      return undefined;
    }
    lastContentEnd = line.end;
  }
  close();
  return entries;
}

const lineArbitrary = fc.constantFrom(
  'sources:', 'sources:  # the sources', 'entities:', 'claims:', 'claims: []', 'accepted:', 'version: 1', '',
  '   ', '# a comment', '  # indented comment', '\t', '  s1:', '  "quoted key":', "  'it''s':", '  bad key here', '  -x:',
  '    title: A title', '    url: https://example.org/a#b', '  - text: "A claim"', '  -', '  - plain item', '    sources: [s1]',
  '- top item', 'key: value', '\tkey: tab', '  \tmixed:', '      deep: line', '  k: v # c', '  "esc\\"aped": 1', '  ? complex',
  // Headers that are not quite headers: line terminators other than LF, and names inside other words.
  'claims:\r', 'claims: # a\u2028b', 'sources: #\r', 'sources:\u2029', 'xclaims:', ' claims:', 'claims:\t# t', 'sources:x',
  // Lines more indented than the entries, which the scan skips in runs: comments, tabs, CRs and blanks among them.
  '    # deep comment', '    \tdeep tab', '    a\rb', '    deep\r', '     ', '    \u2028', '   odd: 3', '    - deep item',
);

const sidecarText = fc
  .tuple(fc.array(lineArbitrary, { maxLength: 3 }), fc.constantFrom('sources:', 'claims:', 'claims:\r', 'sources: # x\u2028', 'claims: \t'), fc.array(lineArbitrary, { maxLength: 30 }), fc.constantFrom('\n', '\r\n'), fc.boolean())
  // Mostly files with a section header near the top, so that most runs scan entries.
  .map(([before, header, lines, eol, finalEol]) => [...before, header, ...lines].join(eol) + (finalEol ? eol : ''));

describe('scanBlockSection', () => {
  it('agrees with the line-array scan on random block-style files', () => {
    fc.assert(
      fc.property(sidecarText, fc.constantFrom('sources', 'entities', 'claims', 'accepted'), fc.constantFrom('map' as const, 'seq' as const), (text, section, kind) => {
        assert.deepEqual(scanBlockSection(text, section, kind), referenceScan(text, section, kind));
      }),
      { numRuns: 6000 },
    );
  });

  it('finds a header on the last line, with or without a CR', () => {
    for (const text of ['version: 1\nclaims:', 'version: 1\nclaims:\r', 'version: 1\r\nclaims: # c\r', 'claims:']) {
      assert.deepEqual(scanBlockSection(text, 'claims', 'seq'), referenceScan(text, 'claims', 'seq'), JSON.stringify(text));
    }
  });

  it('finds the keys and spans of a map section', () => {
    const text = 'sources:\n  a:\n    title: A\n\n  b: # note\n    title: B\nclaims: []\n';
    assert.deepEqual(scanBlockSection(text, 'sources', 'map'), [
      { key: 'a', keySpan: { start: 11, end: 12 }, span: { start: 11, end: 26 } },
      { key: 'b', keySpan: { start: 30, end: 31 }, span: { start: 30, end: 52 } },
    ]);
  });
});
