import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import { parseInlineTokens, parseMarkdownTokens, type Token } from '../../../src/core/markdown/parser';

/**
 * markdown-it as it parses out of the box with the same options: every inline token parsed up front by the core
 * `inline` rule, and the link rule run at every `[`. The analysis' parser differs in when inline content is
 * parsed (block by block, on demand) and in skipping the link rule where it is bound to fail; neither may change
 * a token. Its own extensions (footnote definitions, `$` math, Pandoc's `:::` fenced divs) are kept out of the
 * inputs.
 */
function referenceParser(): MarkdownIt {
  const md = new MarkdownIt('commonmark', { html: true });
  md.enable(['table', 'strikethrough']);
  md.core.ruler.disable('text_join');
  md.core.ruler.disable('normalize');
  md.normalizeLink = (url: string) => url;
  md.normalizeLinkText = (url: string) => url;
  return md;
}

const reference = referenceParser();

/** What a token says, without `meta` (the analysis' parser records source spans there) and without children. */
function tokenSummary(token: Token): unknown {
  return [token.type, token.tag, token.nesting, token.content, token.markup, token.info, token.attrs, token.map, token.level, token.block, token.hidden];
}

function inlineTokensOf(src: string): { ours: unknown[]; theirs: unknown[] } {
  const { tokens, env } = parseMarkdownTokens(src);
  const ours = tokens.map((token) => [tokenSummary(token), token.type === 'inline' ? parseInlineTokens(token, env).map(tokenSummary) : []]);
  const theirs = reference.parse(src, {}).map((token) => [tokenSummary(token), token.type === 'inline' ? (token.children ?? []).map(tokenSummary) : []]);
  return { ours, theirs };
}

const bracketHeavy = fc
  .array(
    fc.constantFrom(
      ...'[]()@*_`\n>-|\\&; a1:.<!~"\''.split(''),
      '[@key, p. 3]',
      '[see @a; @b]',
      '[text](https://x.org/ "t")',
      '[ref]',
      '\n\n[ref]: https://r.org/\n\n',
      '<https://a.org/>',
      '<b>',
      '`[x]`',
      '\\]',
      '![alt](i.png)',
      '&#93;',
    ),
    { maxLength: 60 },
  )
  .map((parts) => parts.join(''))
  // Three colons can open a Pandoc fenced div, which the reference parser does not know (fencedDivs.test.ts).
  .filter((src) => !src.includes(':::'));

describe('the analysis parser', () => {
  it('gives the same tokens as markdown-it parsing everything up front, citations and links included', () => {
    fc.assert(
      fc.property(bracketHeavy, (src) => {
        const { ours, theirs } = inlineTokensOf(src);
        assert.deepEqual(ours, theirs);
      }),
      { numRuns: 3000 },
    );
  });

  it('gives the same block tokens where a line of prose makes a paragraph of its own (oneLineParagraph)', () => {
    // Lines that start with a letter, after every kind of indentation and container mark, followed by what may or
    // may not end a paragraph: empty lines, setext underlines, table delimiter rows, lazy continuations, the end.
    const line = fc
      .tuple(
        fc
          .array(fc.constantFrom('', ' ', '   ', '    ', '\t', ' \t', '> ', '>', '>\t', '- ', '-\t', '-   ', '-     ', '1. ', '1.\t', '10) ', '  ', '* ', '+ ', '| '), { maxLength: 3 })
          .map((marks) => marks.join('')),
        fc.constantFrom('Prose', 'a', 'Z line', 'word | cell', 'x |', 'The end.', 'b\\', 'c  ', 'd\t', 'e \t ', 'f\r', 'g\u00a0', ''),
      )
      .map(([prefix, text]) => prefix + text);
    const after = fc.constantFrom('\n', '\n\n', '\n===\n', '\n---\n', '\n| --- |\n', '\n---|---\n', '\n    ', '\n> ', '\n\t', '\n  \n', '\n>\n', '');
    const blocks = fc.array(fc.tuple(line, after).map(([l, a]) => l + a), { maxLength: 12 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(blocks, (src) => {
        const { ours, theirs } = inlineTokensOf(src);
        assert.deepEqual(ours, theirs);
      }),
      { numRuns: 10000 },
    );
  });

  it('parses "[@key] and [a](b)" as text around one link, with no reference definitions', () => {
    const { ours, theirs } = inlineTokensOf('See [@key, p. 3] and [a](https://b.org/).\n');
    assert.deepEqual(ours, theirs);
    assert.ok(JSON.stringify(ours).includes('link_open'));
  });
});
