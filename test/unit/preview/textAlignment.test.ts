import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { alignText, lineEndingOffsetMapper, normaliseLineEndings } from '../../../src/core/preview/textAlignment';

/** The source text each content character was mapped to. */
function sourcesOf(content: string, src: string, from = 0, limit = src.length): string[] | undefined {
  const map = alignText(content, src, from, limit);
  if (!map) return undefined;
  return Array.from({ length: content.length }, (_, i) => src.slice(map.starts[i], map.ends[i]));
}

describe('aligning a markdown-it text token with its source', () => {
  it('finds content written as it is, from where the search starts', () => {
    const src = 'Pecci and Pecci';
    const map = alignText('Pecci', src, 1, src.length)!;
    assert.equal(map.starts[0], 10);
    assert.equal(map.end, 15);
  });

  it('does not look past the limit', () => {
    assert.equal(alignText('Pecci', 'one line\nPecci', 0, 9), undefined);
  });

  it('maps an escaped character to its backslash and the character', () => {
    assert.deepEqual(sourcesOf('a *b*', 'a \\*b\\*'), ['a', ' ', '\\*', 'b', '\\*']);
  });

  it('maps a decoded character reference to the whole reference', () => {
    assert.deepEqual(sourcesOf('A & B', 'A &amp; B'), ['A', ' ', '&amp;', ' ', 'B']);
    assert.deepEqual(sourcesOf('x😀', 'x&#x1F600;'), ['x', '&#x1F600;', '&#x1F600;'], 'both halves of a surrogate pair');
  });

  it('maps the typographer\u2019s quotes, dashes, ellipsis and symbols to what was typed', () => {
    assert.deepEqual(sourcesOf('d’Ivoire', "d'Ivoire")!.slice(0, 2), ['d', "'"]);
    assert.deepEqual(sourcesOf('“x”', '"x"'), ['"', 'x', '"']);
    assert.deepEqual(sourcesOf('a—b–c…', 'a---b--c...'), ['a', '---', 'b', '--', 'c', '...']);
    assert.deepEqual(sourcesOf('©®™±', '(c)(R)(tm)+-'), ['(c)', '(R)', '(tm)', '+-']);
  });

  it('skips markup between the search start and the content (emphasis, link destinations, quote markers)', () => {
    const src = '**bold** then a [link](https://x.org) — Pecci';
    const map = alignText(' — Pecci', src, 12, src.length)!;
    assert.equal(src.slice(map.starts[0], map.end), ' — Pecci');
  });

  it('gives up rather than guess when the content is not in the source', () => {
    assert.equal(alignText('Pecci', 'nothing like it', 0, 15), undefined);
  });

  it('maps every character inside the search range, in increasing order, whenever it maps at all', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.string({ maxLength: 40 }), fc.nat(40), (content, src, from) => {
        const map = alignText(content, src, from, src.length);
        if (!map) return;
        for (let i = 0; i < content.length; i++) {
          assert.ok(from <= map.starts[i] && map.starts[i] < map.ends[i] && map.ends[i] <= src.length);
          if (i > 0) assert.ok(map.starts[i - 1] <= map.starts[i]);
        }
      }),
    );
  });
});

describe('line endings as markdown-it reads them', () => {
  it('turns CRLF and lone CR into LF and NUL into U+FFFD', () => {
    assert.equal(normaliseLineEndings('a\r\nb\rc\0'), 'a\nb\nc\uFFFD');
  });

  it('maps offsets of the editor\u2019s text onto the normalised text', () => {
    const text = 'ab\r\ncd\r\n\r\nef';
    const toParsed = lineEndingOffsetMapper(text);
    const parsed = normaliseLineEndings(text);
    for (const letter of 'abcdef') assert.equal(parsed[toParsed(text.indexOf(letter))], letter);
    assert.equal(toParsed(text.length), parsed.length);
  });
});
