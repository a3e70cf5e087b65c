import { strict as assert } from 'node:assert';
import { normalizeFootnoteLabel } from '../../../src/core/markdown/analyze';
import { analyze, slice } from './helpers';

function cited(md: string) {
  return analyze(md).citations.map((c) => ({
    kind: c.kind,
    marker: slice(md, c.span),
    keys: c.items.map((i) => i.key),
    url: c.url,
  }));
}

describe('analyzeMarkdown: citations', () => {
  describe('Pandoc bracketed citations', () => {
    it('finds "[@key]"', () => {
      assert.deepEqual(cited('A claim [@smith2020].'), [{ kind: 'pandoc', marker: '[@smith2020]', keys: ['smith2020'], url: undefined }]);
    });

    it('splits "[see @a; @b, ch. 2]" into items with prefix and locator, and key spans', () => {
      const md = 'Text [see @a; @b, ch. 2] more.';
      const [citation] = analyze(md).citations;
      assert.equal(slice(md, citation.span), '[see @a; @b, ch. 2]');
      assert.deepEqual(
        citation.items.map((i) => [i.key, i.prefix, i.locator, i.suppressAuthor, slice(md, i.keySpan)]),
        [
          ['a', 'see', undefined, false, '@a'],
          ['b', undefined, 'ch. 2', false, '@b'],
        ],
      );
    });

    it('reads the locator of "[@key, p. 3]"', () => {
      const [citation] = analyze('x [@key, p. 3]').citations;
      assert.equal(citation.items[0].locator, 'p. 3');
    });

    it('marks "[-@key]" as suppressing the author, with the key span after the dash', () => {
      const md = 'Smith says [-@smith2020].';
      const [citation] = analyze(md).citations;
      assert.equal(citation.items[0].suppressAuthor, true);
      assert.equal(slice(md, citation.items[0].keySpan), '@smith2020');
    });

    it('reads "[@doi:10.1038/nature14539]" as one key', () => {
      assert.deepEqual(cited('x [@doi:10.1038/nature14539]')[0].keys, ['doi:10.1038/nature14539']);
    });

    it('reads a braced key "@{https://example.org/x}"', () => {
      const md = 'x [@{https://example.org/x}, p. 2]';
      const [citation] = analyze(md).citations;
      assert.equal(citation.items[0].key, 'https://example.org/x');
      assert.equal(slice(md, citation.items[0].keySpan), '@{https://example.org/x}');
    });

    it('keeps a citation whose brackets wrap emphasis in the prefix', () => {
      assert.deepEqual(cited('x [*see* @a]')[0].marker, '[*see* @a]');
    });

    it('does not read brackets with an item lacking a key as a citation', () => {
      assert.deepEqual(cited('Odd [see @a; and more] text'), [{ kind: 'pandoc-in-text', marker: '@a', keys: ['a'], url: undefined }]);
    });

    it('reads "[@key]" as a citation even when a reference definition would make it a link', () => {
      const md = 'x [@key].\n\n[@key]: https://example.org/';
      assert.deepEqual(cited(md), [{ kind: 'pandoc', marker: '[@key]', keys: ['key'], url: undefined }]);
    });

    it('does not read an escaped bracket as the start of a citation', () => {
      assert.deepEqual(cited('x \\[@a]').map((c) => c.kind), ['pandoc-in-text']);
    });
  });

  describe('in-text citations', () => {
    it('finds "@key" in running text, ending before a sentence-final dot', () => {
      const md = 'As @smith2020. showed';
      assert.deepEqual(cited(md), [{ kind: 'pandoc-in-text', marker: '@smith2020', keys: ['smith2020'], url: undefined }]);
    });

    it('reads "@key [p. 3]" as one in-text citation with a locator', () => {
      const md = '@key [p. 3] says so.';
      const [citation] = analyze(md).citations;
      assert.equal(slice(md, citation.span), '@key [p. 3]');
      assert.equal(citation.items[0].locator, 'p. 3');
    });

    it('ignores an e-mail address', () => {
      assert.deepEqual(cited('Write to press@example.org today.'), []);
    });

    it('ignores "@" preceded by a letter or digit', () => {
      assert.deepEqual(cited('a@b 1@x'), []);
    });

    it('ignores "@" inside inline code and code blocks', () => {
      assert.deepEqual(cited('Run `npm i @scope/pkg`.\n\n```\n@key\n```'), []);
    });

    it('ignores "@" inside a URL, a link destination or an autolink', () => {
      const md = 'See https://mastodon.social/@user and [x](https://a.org/@b) and <https://c.org/@d>.';
      assert.deepEqual(cited(md).map((c) => c.kind), ['link', 'link', 'link']);
    });

    it('ignores an escaped "@"', () => {
      assert.deepEqual(cited('\\@key'), []);
    });

    it('ignores a bare "@" or one followed by punctuation', () => {
      assert.deepEqual(cited('meet @ noon, @-'), []);
    });
  });

  describe('cross-references', () => {
    it('does not read pandoc-crossref references ("@fig:map", "[@tbl:flights]", "[@sec:method; @eq:rate]") as citations', () => {
      assert.deepEqual(cited('As @fig:map shows, flights rose [@tbl:flights]. See [@sec:method; @eq:rate].'), []);
    });

    it('does not read Quarto cross-references ("@fig-map", "[@tbl-flights]", "@thm-bound", "@tip-setup") as citations', () => {
      assert.deepEqual(cited('As @fig-map shows, flights rose [@tbl-flights]. By @thm-bound and @tip-setup it holds.'), []);
    });

    it('keeps the citations of a bracket that mixes them with a cross-reference', () => {
      assert.deepEqual(cited('Flights rose [@tbl:flights; @smith2020].'), [
        { kind: 'pandoc', marker: '[@tbl:flights; @smith2020]', keys: ['smith2020'], url: undefined },
      ]);
    });

    it('still reads keys that only start like a prefix ("@figueroa2019", "@sector2020", "@eqbal") as citations', () => {
      assert.deepEqual(
        cited('Shown by @figueroa2019, @sector2020 and @eqbal.').map((citation) => citation.keys[0]),
        ['figueroa2019', 'sector2020', 'eqbal'],
      );
    });
  });

  describe('links', () => {
    it('reports an inline link to an http(s) URL with its destination and whole span', () => {
      const md = 'According to [Reuters](https://reuters.com/x "Title"), yes.';
      assert.deepEqual(cited(md), [{ kind: 'link', marker: '[Reuters](https://reuters.com/x "Title")', keys: [], url: 'https://reuters.com/x' }]);
    });

    it('reports full, collapsed and shortcut reference links whose definition is http(s)', () => {
      const md = 'A [one][r] B [r][] C [r].\n\n[r]: https://example.org/r';
      assert.deepEqual(
        cited(md).map((c) => [c.marker, c.url]),
        [
          ['[one][r]', 'https://example.org/r'],
          ['[r][]', 'https://example.org/r'],
          ['[r]', 'https://example.org/r'],
        ],
      );
    });

    it('reports autolinks and bare GFM links, trimming trailing punctuation', () => {
      const md = 'See <https://a.org/x>, https://b.org/y. and www.c.org/z).';
      assert.deepEqual(
        cited(md).map((c) => [c.marker, c.url]),
        [
          ['<https://a.org/x>', 'https://a.org/x'],
          ['https://b.org/y', 'https://b.org/y'],
          ['www.c.org/z', 'http://www.c.org/z'],
        ],
      );
    });

    it('keeps balanced parentheses in a bare URL', () => {
      assert.equal(cited('https://en.wikipedia.org/wiki/Foo_(bar) x')[0].url, 'https://en.wikipedia.org/wiki/Foo_(bar)');
    });

    it('does not report relative links, anchors or mailto links', () => {
      assert.deepEqual(cited('[a](./notes.md) [b](#top) [c](mailto:x@y.org) <mailto:x@y.org>'), []);
    });

    it('reports the destination as written, not percent-encoded', () => {
      assert.equal(cited('[x](https://example.org/café)')[0].url, 'https://example.org/café');
    });
  });

  describe('footnotes', () => {
    it('lists definitions with label, spans, keys and URLs', () => {
      const md = 'Text.[^1]\n\n[^1]: Per [@fdd-2022, p. 4] and @doe, see https://fdd.org/x.\n';
      const [definition] = analyze(md).footnoteDefinitions;
      assert.equal(definition.label, '1');
      assert.equal(slice(md, definition.span), '[^1]: Per [@fdd-2022, p. 4] and @doe, see https://fdd.org/x.');
      assert.equal(slice(md, definition.labelSpan), '[^1]');
      assert.deepEqual(definition.keys.map((k) => [k.key, k.locator, slice(md, k.keySpan)]), [
        ['fdd-2022', 'p. 4', '@fdd-2022'],
        ['doe', undefined, '@doe'],
      ]);
      assert.deepEqual(definition.urls, ['https://fdd.org/x']);
    });

    it('makes a reference a footnote citation when its definition holds a key or URL', () => {
      const md = 'Claim.[^src] Other.[^aside]\n\n[^src]: https://example.org/report\n[^aside]: Just a remark.\n';
      const analysis = analyze(md);
      assert.deepEqual(
        analysis.citations.map((c) => [c.kind, slice(md, c.span), c.url, c.footnoteLabel]),
        [['footnote', '[^src]', 'https://example.org/report', 'src']],
      );
      assert.deepEqual(analysis.footnoteReferences.map((r) => [r.label, slice(md, r.span)]), [
        ['src', '[^src]'],
        ['aside', '[^aside]'],
      ]);
    });

    it('resolves a reference to a definition written before it', () => {
      const md = '[^a]: [@k]\n\nLater.[^a]';
      assert.deepEqual(analyze(md).citations.map((c) => [c.kind, c.items.map((i) => i.key)]), [['footnote', ['k']]]);
    });

    it('does not list keys and URLs inside definitions as citations of their own', () => {
      const md = '[^a]: [@k] https://x.org [link](https://y.org)\n';
      assert.deepEqual(analyze(md).citations, []);
      assert.deepEqual(analyze(md).footnoteDefinitions[0].urls, ['https://x.org', 'https://y.org']);
    });

    it('records references without a definition, but not as citations', () => {
      const analysis = analyze('Dangling.[^nowhere]');
      assert.deepEqual(analysis.footnoteReferences.map((r) => r.label), ['nowhere']);
      assert.deepEqual(analysis.citations, []);
    });

    it('matches labels case-insensitively, as CommonMark link labels', () => {
      const md = 'x[^Note]\n\n[^NOTE]: https://example.org\n';
      const analysis = analyze(md);
      assert.equal(analysis.citations[0].footnoteLabel, 'note');
      assert.equal(analysis.footnoteDefinitions[0].label, 'note');
    });

    it('normalises labels by trimming, collapsing whitespace and folding case', () => {
      assert.equal(normalizeFootnoteLabel(' Straße  Note '), 'strasse note');
      assert.equal(normalizeFootnoteLabel('STRASSE NOTE'), 'strasse note');
    });

    it('ignores "[^1]" inside code', () => {
      assert.deepEqual(analyze('`[^1]`\n\n[^1]: x').footnoteReferences, []);
    });
  });

  describe('offsets on CRLF files', () => {
    it('maps citation, key and footnote spans to the original text', () => {
      const md = 'Line one\r\nclaim [see @a, p. 2].[^n]\r\n\r\n[^n]: https://x.org\r\n';
      const analysis = analyze(md);
      assert.deepEqual(analysis.citations.map((c) => slice(md, c.span)), ['[see @a, p. 2]', '[^n]']);
      assert.equal(slice(md, analysis.citations[0].items[0].keySpan), '@a');
      assert.equal(slice(md, analysis.footnoteDefinitions[0].span), '[^n]: https://x.org');
    });
  });

  it('does not read a bracketed key inside link text as a citation of its own', () => {
    assert.deepEqual(cited('[see @a](https://x.org)').map((c) => c.kind), ['link']);
  });

  it('does not start a bare URL in the middle of a word', () => {
    assert.deepEqual(cited('xhttps://a.org and awww.b.org'), []);
  });

  it('lists citations of every kind in document order', () => {
    const md = 'A [@a] B https://b.org C @c D [d](https://d.org) E.[^e]\n\n[^e]: @x\n';
    assert.deepEqual(cited(md).map((c) => c.kind), ['pandoc', 'link', 'pandoc-in-text', 'link', 'footnote']);
  });
});
