import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import { lineIndexedState } from '../../../src/core/markdown/parser';

/**
 * The Markdown analysis replaces a few of markdown-it's internals with versions that do less work on a long draft.
 * These specs hold each one to the original on random input.
 */
const lines = fc
  .array(fc.constantFrom(' ', '  ', '\t', ' \t', '\n', '\n\n', 'a', 'word', '> ', '- ', '|', '\u00a0', '\r', 'é', '😀'), { maxLength: 60 })
  .map((parts) => parts.join(''));

const MARKERS = ['bMarks', 'eMarks', 'tShift', 'sCount', 'bsCount', 'lineMax', 'src', 'blkIndent', 'line', 'tight', 'ddIndent', 'listIndent', 'parentType', 'level'] as const;

describe('Markdown analysis: markdown-it internals it replaces', () => {
  it('finds the block state\'s line markers exactly as markdown-it does', () => {
    const md = new MarkdownIt();
    const Original = md.block.State;
    const LineIndexed = lineIndexedState(md);
    fc.assert(
      fc.property(fc.oneof(lines, fc.string({ maxLength: 40 })), (src) => {
        const expected = new Original(src, md, {}, []) as unknown as Record<string, unknown>;
        const actual = new LineIndexed(src, md, {}, []) as unknown as Record<string, unknown>;
        assert.deepStrictEqual(Object.keys(actual), Object.keys(expected));
        for (const key of MARKERS) assert.deepStrictEqual(actual[key], expected[key], key);
        assert.equal(Object.getPrototypeOf(actual), Object.getPrototypeOf(expected));
      }),
      { numRuns: 5000 },
    );
  });
});
