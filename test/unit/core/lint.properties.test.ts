import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { resolveSettings } from '../../../src/core/config';
import { lintDocument } from '../../../src/core/lint';
import { loadSidecar } from '../../../src/core/sidecar/load';

const sidecar = loadSidecar(
  '/d/x.sources.yaml',
  'sources:\n  a:\n    title: A\nentities:\n  e:\n    name: Fars Air Qeshm\n    kind: organization\n    aliases: [FAQ]\nclaims:\n  - text: "18 crew"\n    sources: [a]\naccepted:\n  - text: "Why?"\n',
);
const settings = resolveSettings({ sensitivity: 'high' });

/** Markdown-ish strings: the characters that make the parser, the splitter and the matchers branch. */
const markdownish = fc
  .array(
    fc.constantFrom(
      '[', ']', '(', ')', '@', '^', '*', '_', '`', '\n', '\n\n', '>', '#', '-', '|', '\\', '&amp;', ';', ' ', 'a', 'Fars Air Qeshm', 'FAQ',
      '18 crew', '2022', '.', '?', '"', '’', '\u00A0', '<!--', '-->', 'sourced-disable', 'https://x.org', '[^1]', '[^1]: ', '---\n', '```\n', '    ', '\r\n', '😀', 'é',
    ),
    { maxLength: 60 },
  )
  .map((parts) => parts.join(''));

function checkInvariants(text: string): void {
  const { findings, analysis } = lintDocument({ uri: '/d/x.md', text, sidecar, settings });
  for (const finding of findings) {
    const length = finding.uri === '/d/x.md' ? text.length : sidecar.text.length;
    assert.ok(finding.span.start >= 0 && finding.span.start <= finding.span.end && finding.span.end <= length, `${finding.ruleId} span ${JSON.stringify(finding.span)} outside 0..${length}`);
  }
  for (const span of [...analysis.mentions.map((m) => m.span), ...analysis.sentences.map((s) => s.span)]) {
    assert.ok(span.start >= 0 && span.start <= span.end && span.end <= text.length, `span ${JSON.stringify(span)} outside 0..${text.length}`);
  }
}

describe('the engine on any input', () => {
  it('never throws and keeps every range inside the document, for any string', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), checkInvariants), { numRuns: 300 });
  });

  it('never throws and keeps every range inside the document, for Markdown-like strings', () => {
    fc.assert(fc.property(markdownish, checkInvariants), { numRuns: 500 });
  });

  it('reports line and column ranges that agree with the offsets', () => {
    fc.assert(
      fc.property(markdownish, (text) => {
        const { findings, analysis } = lintDocument({ uri: '/d/x.md', text, sidecar, settings });
        for (const finding of findings.filter((f) => f.uri === '/d/x.md')) {
          assert.deepEqual(finding.range.start, analysis.lines.positionAt(finding.span.start));
          assert.deepEqual(finding.range.end, analysis.lines.positionAt(finding.span.end));
        }
      }),
      { numRuns: 200 },
    );
  });
});
