import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { analyzeMarkdownStrict } from '../../../src/core/markdown/analyze';
import type { MarkdownAnalysis } from '../../../src/core/markdown/types';

/**
 * The walk copies the offsets of plain runs from one identity ramp per process, grown when a longer draft comes
 * (analyze.ts, identityRamp). No analysis may depend on which drafts were analysed before it.
 */
const markdownish = fc
  .array(fc.constantFrom(...'[]()@^*_`\n>#-|\\&; a1:.<!-->\r\t~$!'.split(''), 'Prose. ', 'https://x.org/', '[^1]: ', '| a | b |\n|---|---|\n', '    ', '```\n', '&amp;', '# Title\n', '[@key]', '---\n'), { maxLength: 120 })
  .map((parts) => parts.join(''));

/** The analysis with its offset columns as plain arrays, so that views of different buffers compare by content. */
function comparable(analysis: MarkdownAnalysis): unknown {
  return { ...analysis, blocks: analysis.blocks.map((block) => ({ ...block, sourceStarts: [...block.sourceStarts], sourceEnds: [...block.sourceEnds] })) };
}

describe('analyzeMarkdown: the shared offset ramp', () => {
  it('gives the same analysis of a draft before and after a longer draft has grown the ramp', () => {
    let longLength = 1 << 12;
    fc.assert(
      fc.property(markdownish, (text) => {
        const before = comparable(analyzeMarkdownStrict(text));
        longLength += 4096;
        const long = 'A sentence of prose [@key] that ends.\n\n'.repeat(Math.ceil(longLength / 38)) + text;
        analyzeMarkdownStrict(long);
        assert.deepEqual(comparable(analyzeMarkdownStrict(text)), before);
      }),
      { numRuns: 25 },
    );
  });

  it('maps the prose at the end of a long draft to its own offsets', () => {
    const prefix = 'Some prose here.\n\n'.repeat(5000);
    const analysis = analyzeMarkdownStrict(prefix + 'The last paragraph.');
    const last = analysis.blocks[analysis.blocks.length - 1];
    assert.equal(last.text, 'The last paragraph.');
    assert.deepEqual([...last.sourceStarts], Array.from({ length: 19 }, (_, i) => prefix.length + i));
    assert.deepEqual([...last.sourceEnds], Array.from({ length: 19 }, (_, i) => prefix.length + i + 1));
  });
});
