import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { LARGE_BUCKET, QGramIndex } from '../../../src/core/claims/anchor/qgramIndex';

/** Every position whose gram falls into `bucket`, as a plain scan finds them. */
function referencePositions(index: QGramIndex, text: string, bucket: number): number[] {
  const found: number[] = [];
  for (let i = 0; i + index.q <= text.length; i++) if (index.bucketOf(text, i) === bucket) found.push(i);
  return found;
}

function occurrences(text: string, gram: string): number[] {
  const found: number[] = [];
  for (let at = text.indexOf(gram); at >= 0; at = text.indexOf(gram, at + 1)) found.push(at);
  return found;
}

describe('the q-gram index of the anchorer', () => {
  const text = fc.string({ unit: fc.constantFrom('a', 'b', 'c', ' ', 'é', '\n'), maxLength: 3000 });

  it('gives the size and the ascending positions of every bucket exactly as a plain scan does', () => {
    // Lowering the large-bucket size reads kept buckets both ways (sorted together, gathered alone) on short texts.
    const largeBucket = fc.constantFrom(1, 2, 5, 50, LARGE_BUCKET);
    fc.assert(
      fc.property(text, fc.array(text, { maxLength: 4 }), fc.constantFrom(3, 6), fc.array(fc.nat(), { maxLength: 20 }), largeBucket, fc.option(fc.array(fc.nat(), { maxLength: 10 }), { nil: undefined }), (source, needles, q, probes, large, declared) => {
        const index = new QGramIndex(source, q, needles, large);
        // The needles' buckets (kept while hashing), and others (each found by a scan when asked for).
        const buckets = needles.flatMap((needle) => Array.from({ length: Math.max(0, needle.length - q + 1) }, (_, at) => index.bucketOf(needle, at)));
        for (const probe of probes) buckets.push(index.bucketOf(source + 'abcdef', probe % (source.length + 1)));
        // Some buckets declared before the first read (sorted), the others read anyway (a pass each).
        if (declared) for (const k of declared) if (buckets.length > 0) index.willRead(buckets[k % buckets.length]);
        for (const needle of [...needles, source]) {
          const expected = Array.from({ length: Math.max(0, needle.length - q + 1) }, (_, at) => index.bucketOf(needle, at));
          assert.deepEqual(Array.from(index.bucketsOf(needle)), expected);
        }
        for (const bucket of buckets) {
          const reference = referencePositions(index, source, bucket);
          assert.equal(index.bucketSize(bucket), reference.length);
          assert.deepEqual(Array.from(index.positionsOf(bucket)), reference);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('puts a gram in the same bucket whatever the needles are', () => {
    fc.assert(
      fc.property(text, fc.array(text, { maxLength: 3 }), fc.constantFrom(3, 6), (source, needles, q) => {
        const plain = new QGramIndex(source, q, []);
        const withNeedles = new QGramIndex(source, q, needles);
        for (let at = 0; at + q <= source.length; at += 7) assert.equal(withNeedles.bucketOf(source, at), plain.bucketOf(source, at));
      }),
      { numRuns: 30 },
    );
  });

  it('finds every occurrence of a gram of "the cat sat on the mat, the end" and nothing else', () => {
    const source = 'the cat sat on the mat, the end';
    const grams = ['the', 'at ', 'end', 'zzz'];
    const index = new QGramIndex(source, 3, grams);
    for (const gram of grams) {
      const found: number[] = [];
      index.forEachOccurrence(gram, 0, index.bucketOf(gram, 0), (position) => (found.push(position), true));
      assert.deepEqual(found, occurrences(source, gram), gram);
    }
  });

  it('indexes a text shorter than q as empty', () => {
    const index = new QGramIndex('ab', 3, ['abc']);
    assert.equal(index.bucketSize(index.bucketOf('abc', 0)), 0);
    assert.equal(index.positionsOf(index.bucketOf('abc', 0)).length, 0);
  });
});
