import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { CharFlag, findClosingBracket, parseBracketCitation, parseInTextCitation } from '../../../src/core/markdown/citations';
import * as reference from './citations.reference';

/**
 * citations.ts builds each citation's final objects at once, with spans in character indices that the walk maps in
 * place; it used to build an intermediate record and copy it. These specs hold it to the old code on random text.
 */
const noise = fc.constantFrom(...'[]@;-{}:._ ,^a1Z\t\n\u00a0é'.split(''), '@key', '@{a b}', '@fig:x', '@fig-map', '@eq-1', '@thm-a', 'see ', 'p. 3', ', ', '-@', '@a:b', '@a::b', 'fig:', 'tbl-');
const key = fc.constantFrom('a', 'key2020', 'doi:10.1/x', 'a:b', 'a::b', 'a.', 'fig:map', 'fig-map', 'eq-1', 'eqn', 'thm-a', 'sec:x', '{a b}', '{}', '{x', 'é', '_u', '-x');
const item = fc
  .tuple(fc.constantFrom('', 'see ', 'cf. ', 'a', '-', ' ', 'x-'), fc.constantFrom('@', '@', '-@', '@@', ''), key, fc.constantFrom('', ', p. 3', ' p. 3', ',', ' and @b', ', @c', ' ;'))
  .map((parts) => parts.join(''));
const bracket = fc.array(item, { minLength: 1, maxLength: 4 }).chain((items) => fc.constantFrom(';', '; ', ' ;').map((separator) => `[${items.join(separator)}]`));
const text = fc.array(fc.oneof(noise, bracket, item), { maxLength: 12 }).map((parts) => parts.join(''));
const flagValues = fc.constantFrom(CharFlag.literal, CharFlag.literal, CharFlag.literal, CharFlag.literal, 0, CharFlag.linkText | CharFlag.literal, CharFlag.url, CharFlag.placeholder, CharFlag.lineBreak);
const textAndFlags = text.chain((t) => fc.tuple(fc.constant(t), fc.array(flagValues, { minLength: t.length, maxLength: t.length })));

/** The old result in the new shape: spans in character indices, items' keys in the order of every citation item. */
function asNew(found: reference.FoundCitation | undefined) {
  if (!found) return undefined;
  return {
    kind: found.kind,
    span: { start: found.from, end: found.to },
    items: found.items.map((item) => ({
      key: item.key,
      keySpan: { start: item.keyFrom, end: item.keyTo },
      suppressAuthor: item.suppressAuthor,
      ...(item.prefix !== undefined ? { prefix: item.prefix } : {}),
      ...(item.locator !== undefined ? { locator: item.locator } : {}),
    })),
  };
}

describe('citations: single-build parsing against the code it replaced', () => {
  it('reads every bracketed citation as before', () => {
    fc.assert(
      fc.property(textAndFlags, ([t, flags]) => {
        for (let open = t.indexOf('['); open !== -1; open = t.indexOf('[', open + 1)) {
          const close = findClosingBracket(t, flags, open);
          assert.equal(close, reference.findClosingBracket(t, flags, open));
          if (close === -1) continue;
          const actual = parseBracketCitation(t, flags, open, close);
          const expected = asNew(reference.parseBracketCitation(t, flags, open, close));
          assert.equal(JSON.stringify(actual), JSON.stringify(expected));
        }
      }),
      { numRuns: 20000 },
    );
  });

  it('reads every in-text citation as before', () => {
    fc.assert(
      fc.property(textAndFlags, ([t, flags]) => {
        for (let at = t.indexOf('@'); at !== -1; at = t.indexOf('@', at + 1)) {
          assert.equal(JSON.stringify(parseInTextCitation(t, flags, at)), JSON.stringify(asNew(reference.parseInTextCitation(t, flags, at))));
        }
      }),
      { numRuns: 20000 },
    );
  });
});
