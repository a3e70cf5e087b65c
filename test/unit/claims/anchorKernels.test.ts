import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { findEveryOccurrence } from '../../../src/core/claims/anchor/exactSearch';
import { QGramIndex } from '../../../src/core/claims/anchor/qgramIndex';

// The hot loops of anchoring are written out by hand (no calls, no inner loops) because they mostly run before V8
// has compiled them. These specs hold them to the plain code they replaced, kept here as the reference.

/** The bucket hash as the q-gram index computed it before it was written out: FNV-1a, then a finishing mix. */
function referenceBucket(s: string, at: number, q: number, shift: number): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < q; k++) h = Math.imul(h ^ s.charCodeAt(at + k), 0x01000193);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return h >>> shift;
}

/** The table of the index has 2^bits buckets, about as many as the text has grams. */
function referenceShift(textLength: number, q: number): number {
  const grams = Math.max(0, textLength - q + 1);
  let bits = 8;
  while (bits < 22 && 1 << bits < grams) bits++;
  return 32 - bits;
}

describe('the written-out kernels of anchoring', () => {
  const unit = fc.constantFrom('a', 'b', 'c', ' ', 'é', '\n', 'T', '\u2019', '\ud83d', '\ude00', 'the ');
  const textOf = (maxLength: number) => fc.array(unit, { maxLength }).map((units) => units.join(''));

  it('puts every gram of the text and of the needles in the bucket the plain FNV loop gives', () => {
    fc.assert(
      fc.property(textOf(600), fc.array(textOf(40), { maxLength: 5 }), fc.constantFrom(3, 6), (source, needles, q) => {
        const gramLength = q as 3 | 6;
        const index = new QGramIndex(source, gramLength, needles, 3);
        const shift = referenceShift(source.length, q);
        for (const needle of needles) {
          const buckets = index.bucketsOf(needle);
          assert.equal(buckets.length, Math.max(0, needle.length - q + 1));
          for (let at = 0; at < buckets.length; at++) assert.equal(buckets[at], referenceBucket(needle, at, q, shift));
        }
        // Sizes and positions of the kept buckets come from the written-out pass over the text.
        const byBucket = new Map<number, number[]>();
        for (let i = 0; i + q <= source.length; i++) {
          const bucket = referenceBucket(source, i, q, shift);
          let positions = byBucket.get(bucket);
          if (!positions) byBucket.set(bucket, (positions = []));
          positions.push(i);
        }
        for (const needle of needles) {
          for (const bucket of index.bucketsOf(needle)) {
            const expected = byBucket.get(bucket) ?? [];
            assert.equal(index.bucketSize(bucket), expected.length);
            assert.deepEqual(Array.from(index.positionsOf(bucket)), expected);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  // The sampled windows' hashes are written out for six and eight words; long texts of few distinct words make
  // windows repeat, so the table's chains and the filter are exercised, and every occurrence is still found once.
  it('finds long needles in long repetitive texts exactly as indexOf does', () => {
    const word = fc.constantFrom('According ', 'to ', 'officials, ', 'the ', 'ferry ', 'left ', 'é ', '\u2019', 'Piraeus. ');
    fc.assert(
      fc.property(fc.array(word, { minLength: 50, maxLength: 600 }), fc.array(fc.record({ from: fc.nat(), length: fc.integer({ min: 31, max: 120 }) }), { maxLength: 12 }), (words, cuts) => {
        const haystack = words.join('');
        const needles = cuts.map(({ from, length }) => haystack.slice(from % haystack.length, (from % haystack.length) + length));
        const found = findEveryOccurrence(haystack, needles, 1000);
        needles.forEach((needle, k) => {
          const expected: number[] = [];
          for (let at = haystack.indexOf(needle); at >= 0 && expected.length < 1000; at = haystack.indexOf(needle, at + 1)) expected.push(at);
          assert.deepEqual(found[k], expected);
        });
      }),
      { numRuns: 150 },
    );
  });
});
