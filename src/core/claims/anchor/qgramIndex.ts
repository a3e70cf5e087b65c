/**
 * Where each q-character sequence occurs in a text: a hash table in compressed-row form (one ascending array of
 * positions per bucket), built in two linear passes. Lets the anchorer look at the few places that share rare
 * q-grams with a claim instead of aligning the claim against the whole draft.
 */

const MIN_TABLE_BITS = 8;
const MAX_TABLE_BITS = 22;

/** Positions of every q-gram of one text, grouped by hash bucket. */
export class QGramIndex {
  private readonly shift: number;
  /** `bucketStarts[h]..bucketStarts[h + 1]` is bucket h's slice of `positions`. */
  readonly bucketStarts: Int32Array;
  /** Every q-gram position, grouped by bucket, ascending within a bucket. */
  readonly positions: Int32Array;

  constructor(
    readonly text: string,
    readonly q: number,
  ) {
    const grams = Math.max(0, text.length - q + 1);
    let bits = MIN_TABLE_BITS;
    while (bits < MAX_TABLE_BITS && 1 << bits < grams) bits++;
    this.shift = 32 - bits;
    const buckets = new Int32Array(grams);
    const starts = new Int32Array((1 << bits) + 1);
    for (let i = 0; i < grams; i++) {
      const h = this.bucketOf(text, i);
      buckets[i] = h;
      starts[h + 1]++;
    }
    for (let h = 1; h < starts.length; h++) starts[h] += starts[h - 1];
    const fill = starts.slice(0, starts.length - 1);
    const positions = new Int32Array(grams);
    for (let i = 0; i < grams; i++) positions[fill[buckets[i]]++] = i;
    this.bucketStarts = starts;
    this.positions = positions;
  }

  /** The bucket of the q-gram `s[at..at+q)`. */
  bucketOf(s: string, at: number): number {
    let h = 0x811c9dc5;
    for (let k = 0; k < this.q; k++) h = Math.imul(h ^ s.charCodeAt(at + k), 0x01000193);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    h ^= h >>> 12;
    return h >>> this.shift;
  }

  /** How many positions the bucket holds (an upper bound on the q-gram's occurrences). */
  bucketSize(bucket: number): number {
    return this.bucketStarts[bucket + 1] - this.bucketStarts[bucket];
  }

  /**
   * Calls `visit` with each position (ascending) where `s[at..at+q)` occurs in the indexed text, until it
   * returns false; positions of other q-grams sharing the bucket are skipped.
   */
  forEachOccurrence(s: string, at: number, bucket: number, visit: (position: number) => boolean): void {
    const text = this.text;
    const q = this.q;
    const end = this.bucketStarts[bucket + 1];
    for (let k = this.bucketStarts[bucket]; k < end; k++) {
      const p = this.positions[k];
      let same = true;
      for (let j = 0; j < q && same; j++) same = text.charCodeAt(p + j) === s.charCodeAt(at + j);
      if (same && !visit(p)) return;
    }
  }
}
