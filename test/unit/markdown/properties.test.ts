import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { analyzeMarkdown, analyzeMarkdownStrict } from '../../../src/core/markdown/analyze';
import { PLACEHOLDER, type MarkdownAnalysis } from '../../../src/core/markdown/types';
import type { Span } from '../../../src/core/types';

const markdownish = fc
  .array(fc.constantFrom(...'[]()@^*_`\n>#-|\\&; a1:.<!-->\r\t~$!'.split(''), 'https://x.org/', '[^1]: ', '| a | b |\n|---|---|\n', '    ', '```\n', '&amp;', '<!-- sourced-disable -->', '---\n'), { maxLength: 120 })
  .map((parts) => parts.join(''));

function allSpans(analysis: MarkdownAnalysis): Span[] {
  return [
    ...analysis.blocks.map((b) => b.span),
    ...analysis.citations.flatMap((c) => [c.span, ...c.items.map((i) => i.keySpan)]),
    ...analysis.footnoteDefinitions.flatMap((d) => [d.span, d.labelSpan, ...d.keys.map((k) => k.keySpan)]),
    ...analysis.footnoteReferences.map((r) => r.span),
    ...analysis.suppressions.flatMap((s) => [s.span, s.commentSpan]),
    ...(analysis.frontMatter ? [analysis.frontMatter.span] : []),
  ];
}

function checkInvariants(text: string): void {
  const analysis = analyzeMarkdownStrict(text);
  for (const span of allSpans(analysis)) {
    assert.ok(0 <= span.start && span.start <= span.end && span.end <= text.length, `span ${JSON.stringify(span)} outside text`);
  }
  for (const block of analysis.blocks) {
    assert.equal(block.sourceStarts.length, block.text.length);
    assert.equal(block.sourceEnds.length, block.text.length);
    for (let i = 0; i < block.text.length; i++) {
      assert.ok(block.sourceStarts[i] <= block.sourceEnds[i] && block.sourceEnds[i] <= text.length);
      if (i > 0) assert.ok(block.sourceStarts[i] >= block.sourceStarts[i - 1], `starts decrease at ${i} in ${JSON.stringify(block.text)}`);
    }
  }
  for (let i = 1; i < analysis.citations.length; i++) assert.ok(analysis.citations[i].span.start >= analysis.citations[i - 1].span.start);
}

describe('analyzeMarkdown: properties', () => {
  it('never throws on any string and keeps every span inside the text', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), checkInvariants), { numRuns: 500 });
  });

  it('never throws on Markdown-ish strings and keeps every span inside the text, starts non-decreasing', () => {
    fc.assert(fc.property(markdownish, checkInvariants), { numRuns: 2000 });
  });

  it('maps every plain letter back to itself in the source', () => {
    fc.assert(
      fc.property(markdownish, (text) => {
        for (const block of analyzeMarkdownStrict(text).blocks) {
          for (let i = 0; i < block.text.length; i++) {
            const char = block.text[i];
            if (!/[a-z0-9]/.test(char)) continue;
            assert.equal(text.slice(block.sourceStarts[i], block.sourceEnds[i]), char, `char ${i} of ${JSON.stringify(block.text)}`);
          }
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('maps a paragraph of words and emphasis back word for word', () => {
    const word = fc.stringMatching(/^[a-z]{1,8}$/);
    const piece = fc.tuple(word, fc.constantFrom('', '*', '**', '_', '~~', '`')).map(([w, mark]) => (mark === '`' ? w : `${mark}${w}${mark}`));
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 20 }), fc.constantFrom(' ', '\n', '\r\n', '  \n'), (pieces, gap) => {
        const text = pieces.join(gap);
        const analysis = analyzeMarkdownStrict(text);
        assert.equal(analysis.blocks.length, 1);
        const block = analysis.blocks[0];
        for (let i = 0; i < block.text.length; i++) {
          const char = block.text[i];
          const source = text.slice(block.sourceStarts[i], block.sourceEnds[i]);
          if (char === PLACEHOLDER.code) assert.match(source, /^`[a-z]+`$/);
          else if (char === ' ') assert.match(source, /^(?: |\r?\n)$/);
          else assert.equal(source, char);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('the public entry point returns an analysis for any input', () => {
    fc.assert(
      fc.property(markdownish, (text) => {
        assert.ok(Array.isArray(analyzeMarkdown(text).blocks));
      }),
      { numRuns: 200 },
    );
  });
});
