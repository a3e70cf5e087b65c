import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { findEveryOccurrence } from '../../../src/core/claims/anchor/exactSearch';

/** The reference: one indexOf scan per needle, overlapping occurrences included. */
function occurrences(haystack: string, needle: string, limit: number): number[] {
  const found: number[] = [];
  for (let at = haystack.indexOf(needle); at >= 0 && found.length < limit; at = haystack.indexOf(needle, at + 1)) found.push(at);
  return found;
}

describe('the anchorer\'s search of many needles at once', () => {
  // A small alphabet, so that needles occur, overlap and share their first characters.
  const text = (maxLength: number) => fc.string({ unit: fc.constantFrom('a', 'b', ' ', 'é', '\u2019'), maxLength });

  // Up to 40 needles: more than 16 short ones are searched by a pass of their own, fewer by native scans.
  it('finds every occurrence of every needle, ascending, as one indexOf scan per needle does', () => {
    fc.assert(
      fc.property(text(400), fc.array(fc.oneof(text(8), text(40)), { maxLength: 40 }), fc.integer({ min: 1, max: 6 }), (haystack, needles, limit) => {
        // Needles taken from the haystack occur; the random ones mostly do not.
        const taken = needles.map((needle, k) => (k % 2 === 0 ? haystack.slice(k, k + needle.length + 30) : needle));
        const found = findEveryOccurrence(haystack, taken, limit);
        assert.equal(found.length, taken.length);
        taken.forEach((needle, k) => {
          assert.deepEqual(found[k], occurrences(haystack, needle, limit), JSON.stringify(needle));
        });
      }),
      { numRuns: 300 },
    );
  });

  // Needles of 31 units or more are found by windows sampled every 8 units: long haystacks, needles on both sides
  // of the window lengths (31 and 39 units), periodic text whose occurrences overlap within one stride, non-ASCII
  // units (hashed as one byte) and lone surrogates.
  it('finds sampled needles exactly as indexOf does, overlapping and repeated ones included', () => {
    const unit = fc.constantFrom('a', 'b', 'ab', 'abab', ' ', '.', 'é', '\u2019', '\ud83d', '\ude00', 'According to officials, ');
    const haystackOf = fc.array(unit, { maxLength: 400 }).map((units) => units.join(''));
    const cut = fc.record({ from: fc.nat(), length: fc.integer({ min: 20, max: 90 }) });
    fc.assert(
      fc.property(haystackOf, fc.array(cut, { maxLength: 30 }), fc.array(fc.string({ minLength: 28, maxLength: 60 }), { maxLength: 4 }), fc.integer({ min: 1, max: 40 }), (haystack, cuts, random, limit) => {
        const needles = [...cuts.map(({ from, length }) => haystack.slice(from % (haystack.length + 1), (from % (haystack.length + 1)) + length)), ...random];
        const found = findEveryOccurrence(haystack, needles, limit);
        needles.forEach((needle, k) => assert.deepEqual(found[k], occurrences(haystack, needle, limit), JSON.stringify(needle)));
      }),
      { numRuns: 400 },
    );
  });

  it('keeps the first occurrences when a periodic needle overlaps itself beyond the limit', () => {
    const haystack = 'ab'.repeat(200);
    const needle = 'ab'.repeat(20);
    assert.deepEqual(findEveryOccurrence(haystack, [needle], 5)[0], [0, 2, 4, 6, 8]);
    assert.deepEqual(findEveryOccurrence(haystack, [needle, needle.slice(1)], 1000)[1], occurrences(haystack, needle.slice(1), 1000));
  });

  it('finds long needles that share their first 32 characters apart', () => {
    const shared = 'According to officials, the port';
    const haystack = `${shared} closed. ${shared} reopened. ${shared} closed.`;
    const [closed, reopened, absent] = findEveryOccurrence(haystack, [`${shared} closed.`, `${shared} reopened.`, `${shared} burned.`], 10);
    assert.deepEqual(closed, [0, 2 * shared.length + 20]);
    assert.deepEqual(reopened, [shared.length + 9]);
    assert.deepEqual(absent, []);
  });
});
