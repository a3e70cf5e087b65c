import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { QGramIndex } from '../../../src/core/claims/anchor/qgramIndex';

/** The index as a plain counting sort builds it: bucket by bucket, positions ascending. */
function referenceIndex(index: QGramIndex, text: string): { starts: number[]; positions: number[] } {
  const grams = Math.max(0, text.length - index.q + 1);
  const size = index.bucketStarts.length - 1;
  const byBucket: number[][] = Array.from({ length: size }, () => []);
  for (let i = 0; i < grams; i++) byBucket[index.bucketOf(text, i)].push(i);
  const starts = [0];
  for (const bucket of byBucket) starts.push(starts[starts.length - 1] + bucket.length);
  return { starts, positions: byBucket.flat() };
}

function occurrences(text: string, gram: string): number[] {
  const found: number[] = [];
  for (let at = text.indexOf(gram); at >= 0; at = text.indexOf(gram, at + 1)) found.push(at);
  return found;
}

describe('the q-gram index of the anchorer', () => {
  it('groups every position by bucket exactly as a counting sort does, ascending within a bucket', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'b', 'c', ' ', 'é', '\n'), maxLength: 3000 }), fc.constantFrom(3, 6), (text, q) => {
        const index = new QGramIndex(text, q);
        const reference = referenceIndex(index, text);
        assert.deepEqual(Array.from(index.bucketStarts), reference.starts);
        assert.deepEqual(Array.from(index.positions), reference.positions);
      }),
      { numRuns: 60 },
    );
  });

  it('finds every occurrence of a gram of "the cat sat on the mat, the end" and nothing else', () => {
    const text = 'the cat sat on the mat, the end';
    const index = new QGramIndex(text, 3);
    for (const gram of ['the', 'at ', 'end', 'zzz']) {
      const found: number[] = [];
      index.forEachOccurrence(gram, 0, index.bucketOf(gram, 0), (position) => (found.push(position), true));
      assert.deepEqual(found, occurrences(text, gram), gram);
    }
  });

  it('indexes a text shorter than q as empty', () => {
    const index = new QGramIndex('ab', 3);
    assert.equal(index.positions.length, 0);
  });
});
