/**
 * Where each q-character sequence occurs in a text: a hash table in compressed-row form (one ascending array of
 * positions per bucket), built in two linear passes. Lets the anchorer look at the few places that share rare
 * q-grams with a claim instead of aligning the claim against the whole draft.
 */

const MIN_TABLE_BITS = 8;
const MAX_TABLE_BITS = 22;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** Spreads FNV's low-entropy high bits, which pick the bucket. */
function finishHash(h: number): number {
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return h ^ (h >>> 12);
}

/** Buckets are first split on this many high bits, so that each part's counters fit in the processor's cache. */
const PARTITION_BITS = 8;

/**
 * Sorts positions 0..n-1 by bucket, stably: `positions` lists bucket 0's positions ascending, then bucket 1's…
 * and `starts[h]..starts[h + 1]` is bucket h's slice. A direct counting sort touches a table as large as the
 * text at random (a cache miss per position, twice); splitting on the high bits first (sequential writes into
 * 256 runs) and then sorting each run on the low bits keeps every table a run touches small. Same result.
 */
function groupByBucket(buckets: Int32Array, bits: number): { starts: Int32Array; positions: Int32Array } {
  const n = buckets.length;
  const starts = new Int32Array((1 << bits) + 1);
  const positions = new Int32Array(n);
  const partitionBits = Math.min(bits, PARTITION_BITS);
  const lowBits = bits - partitionBits;
  const partitionStarts = new Int32Array((1 << partitionBits) + 1);
  for (let i = 0; i < n; i++) partitionStarts[(buckets[i] >>> lowBits) + 1]++;
  for (let p = 1; p < partitionStarts.length; p++) partitionStarts[p] += partitionStarts[p - 1];
  // Each position with its bucket, grouped by partition in ascending position order.
  const partitionFill = partitionStarts.slice(0, partitionStarts.length - 1);
  const groupedBuckets = new Int32Array(n);
  const groupedPositions = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const at = partitionFill[buckets[i] >>> lowBits]++;
    groupedBuckets[at] = buckets[i];
    groupedPositions[at] = i;
  }
  for (let k = 0; k < n; k++) starts[groupedBuckets[k] + 1]++;
  for (let h = 1; h < starts.length; h++) starts[h] += starts[h - 1];
  const fill = starts.slice(0, starts.length - 1);
  for (let k = 0; k < n; k++) positions[fill[groupedBuckets[k]]++] = groupedPositions[k];
  return { starts, positions };
}

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
    // bucketOf, inlined over a copy of the units: the build hashes every position of the draft.
    const units = new Uint16Array(text.length);
    for (let i = 0; i < text.length; i++) units[i] = text.charCodeAt(i);
    const buckets = new Int32Array(grams);
    const shift = this.shift;
    for (let i = 0; i < grams; i++) {
      let h = FNV_OFFSET;
      for (let k = 0; k < q; k++) h = Math.imul(h ^ units[i + k], FNV_PRIME);
      buckets[i] = finishHash(h) >>> shift;
    }
    const { starts, positions } = groupByBucket(buckets, bits);
    this.bucketStarts = starts;
    this.positions = positions;
  }

  /** The bucket of the q-gram `s[at..at+q)`. */
  bucketOf(s: string, at: number): number {
    let h = FNV_OFFSET;
    for (let k = 0; k < this.q; k++) h = Math.imul(h ^ s.charCodeAt(at + k), FNV_PRIME);
    return finishHash(h) >>> this.shift;
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
