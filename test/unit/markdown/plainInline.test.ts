import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { analyzeMarkdownStrict } from '../../../src/core/markdown/analyze';
import { findBareUrls, CharFlag } from '../../../src/core/markdown/citations';
import { INLINE_POST_RULES, INLINE_RULES, enabledInlineRules, parseMarkdownTokens, readPlainInline } from '../../../src/core/markdown/parser';

/**
 * Most blocks skip markdown-it's inline parser (readPlainInline): their characters are collected straight from the
 * content. These specs hold that shortcut to the parser's own answer.
 */
const prose = fc
  .array(
    fc.constantFrom(
      ...'[]()@^*_`\n>#-|\\&;:.<!~$?"\' \ta1Z'.split(''),
      'word ', 'The ', 'U.S. ', '  \n', ' \n', '\n  ', '\n\t', '\t\n', '\n\n', '* ', '1. ', '> ', '    ',
      '[@key]', '[see @a, p. 3; @b]', '@c ', '[^1]', '[^1]: note\n', '[ref]', '[ref]: http://r.x\n', '[x][ref]',
      '[report](https://example.org/1/2)', '[a](http://x.y)', '[](http://e.f)', '[t](x)', '[t](javascript:alert)', '[t](data:image/png;x)',
      '[a](b(c))', '[a]( http://x)', '[a](<http://x>)', '[a](http://x "title")', '[a\nb](http://x)', '([report](http://o.rg/3))',
      'https://x.org/a', 'www.a.b', 'WwW.x.y', '$5', '$x$', '~~', '~', '![i](x.png)', '&amp;', '<!-- c -->', '<http://x.y>',
      '| a | b |\n|---|---|\n', '| [@k] | [l](http://m.n) |\n', '```\n', '\uE000', '\uFFFC', 'é', '😀', '\u00a0',
    ),
    { maxLength: 80 },
  )
  .map((parts) => parts.join(''));

describe('Markdown analysis: blocks without inline syntax', () => {
  it('knows every inline rule the parser runs (a new rule must be taught to readPlainInline)', () => {
    const { rules, postRules } = enabledInlineRules();
    assert.deepStrictEqual(rules, [...INLINE_RULES]);
    assert.deepStrictEqual(postRules, [...INLINE_POST_RULES]);
  });

  it('gives exactly the analysis of markdown-it\'s inline parser, on Markdown-ish drafts', () => {
    fc.assert(
      fc.property(prose, (text) => {
        assert.deepStrictEqual(analyzeMarkdownStrict(text), analyzeMarkdownStrict(text, { parseEveryInline: true }));
      }),
      { numRuns: 3000 },
    );
  });

  it('gives exactly the analysis of markdown-it\'s inline parser, on any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => {
        assert.deepStrictEqual(analyzeMarkdownStrict(text), analyzeMarkdownStrict(text, { parseEveryInline: true }));
      }),
      { numRuns: 500 },
    );
  });

  it('takes plain prose with Pandoc citations and plain links without the parser', () => {
    const content = 'They flew twice [@a; @b, p. 3]. See ([report](https://example.org/1)) and $5 [sic].';
    const links: number[] = [];
    assert.equal(readPlainInline(content, parseMarkdownTokens(content).env, links), true);
    assert.deepStrictEqual(links, [content.indexOf('[report]'), content.indexOf('](h'), content.indexOf(')) and') + 1]);
  });

  it('leaves emphasis, code, escapes, images, math, nested brackets and reference links to the parser', () => {
    for (const content of ['an *emphasis*', 'a `code` span', 'an \\* escape', 'an ![image](x.png)', '$x$ math', 'a [[nested]] bracket', 'a [link]( spaced)', 'a [t](javascript:x)', 'a ~~strike~~', 'AT&T', '<b>html</b>']) {
      assert.equal(readPlainInline(content, parseMarkdownTokens(content).env, []), false, content);
    }
    const withReference = '[x]: http://r.x\n\nsee [x] and [@key]';
    const { env } = parseMarkdownTokens(withReference);
    assert.equal(readPlainInline('see [x] and [@key]', env, []), false);
  });
});

describe('findBareUrls: only where a URL can be', () => {
  /**
   * findBareUrls with its pattern run for certain: a URL appended after a space, which cannot change what the text
   * before it holds, makes it look.
   */
  function withPatternRun(text: string, flags: Int32Array): unknown[] {
    const suffix = ' https://x.y';
    const longer = new Int32Array(text.length + suffix.length).fill(CharFlag.literal);
    longer.set(flags);
    return findBareUrls(text + suffix, longer).filter((url) => url.to <= text.length);
  }

  it('finds the same URLs as the pattern run over the whole text', () => {
    const pieces = fc.constantFrom('http://', 'https://', 'HTTPS://', 'www.', 'WWW.', 'wWw.', 'ww.', 'w.', ':/', '://', 'x', '.', ' ', '(', ')', '*', 'a.b', '/', '\n');
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 30 }).map((p) => p.join('')), (text) => {
        const flags = new Int32Array(text.length).fill(CharFlag.literal);
        assert.deepStrictEqual([...findBareUrls(text, flags)], withPatternRun(text, flags));
      }),
      { numRuns: 3000 },
    );
  });
});
