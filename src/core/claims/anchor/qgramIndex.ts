/**
 * Where the q-grams of a text occur, for the few needles the anchorer looks up: how many positions each bucket
 * of a hash table holds, and the ascending positions of a bucket. Lets the anchorer look at the few places
 * that share rare q-grams with a claim instead of aligning the claim against the whole draft.
 *
 * Only claims that are not found verbatim search with it, and each votes with a handful of its rarest grams.
 * So the index hashes every position once but marks only the positions whose bucket is one of the needles'
 * grams' buckets, with that bucket's slot; when first asked for positions, it sorts the marked positions into
 * contiguous runs per slot (a counting sort: one sequential pass). Buckets of common grams (" the ", "tion")
 * hold most of the marked positions, although only their sizes are asked for, usually: their positions are
 * left out of the sort and gathered by a pass of their own on request. Sorting every position of the draft into
 * every bucket, as a full index does, made the index the largest part of anchoring in a cold run; chaining the
 * kept positions per bucket and following the chains when asked made reading them the largest (dependent loads
 * jumping backwards through 4 MB).
 */

/** The gram lengths the anchorer indexes. */
export type GramLength = 3 | 6;

const MIN_TABLE_BITS = 8;
const MAX_TABLE_BITS = 22;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
/**
 * From this many positions a kept bucket is left out of the sort. The anchorer reads the positions of a bucket
 * this large only when every gram of a needle is this common; on the benchmark draft such buckets hold two
 * thirds of the marked positions.
 */
export const LARGE_BUCKET = 4096;

/** Spreads FNV's low-entropy high bits, which pick the bucket. */
function finishHash(h: number): number {
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return h ^ (h >>> 12);
}

/** The number of set bits of a 32-bit integer. */
function bitCount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/**
 * Hashes every q-gram of `text` and marks the positions whose bucket is kept: `slotOfPosition[i]` is 1 + the
 * slot of position i's bucket (0: not kept), and `sizeOfSlot` counts each slot's positions. A function of its
 * own because V8 compiles this loop while it runs, and code after it in the same function that had not run yet
 * sent the compiled loop back to the interpreter once reached.
 */
function markKeptPositions(
  text: string,
  q: GramLength,
  shift: number,
  kept: Int32Array,
  slotsBefore: Int32Array,
  sizeOfSlot: Int32Array,
  slotOfPosition: Int32Array,
): void {
  const grams = slotOfPosition.length;
  // bucketOf inlined and unrolled for both gram lengths, over a window of the last six units kept in locals
  // (u5 the gram's last unit): reading q units per position in a loop over them made the pass several times
  // slower in a cold run. Before the text's start, a unit reads as 0. finishHash and bitCount are written out too:
  // until V8 has compiled this loop each of them is a real call per position, and without them a cold run on the
  // benchmark draft takes about 17M fewer instructions.
  let u0 = 0;
  let u1 = 0;
  let u2 = 0;
  let u3 = 0;
  let u4 = 0;
  let u5 = 0;
  for (let j = 0; j < q - 1; j++) {
    u0 = u1;
    u1 = u2;
    u2 = u3;
    u3 = u4;
    u4 = u5;
    u5 = text.charCodeAt(j) | 0;
  }
  for (let i = 0; i < grams; i++) {
    u0 = u1;
    u1 = u2;
    u2 = u3;
    u3 = u4;
    u4 = u5;
    u5 = text.charCodeAt(i + q - 1);
    let h = FNV_OFFSET;
    if (q === 6) h = Math.imul(Math.imul(Math.imul(h ^ u0, FNV_PRIME) ^ u1, FNV_PRIME) ^ u2, FNV_PRIME);
    h = Math.imul(Math.imul(Math.imul(h ^ u3, FNV_PRIME) ^ u4, FNV_PRIME) ^ u5, FNV_PRIME);
    // finishHash
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    h ^= h >>> 12;
    const bucket = h >>> shift;
    const word = kept[bucket >>> 5];
    const bit = bucket & 31;
    if (((word >>> bit) & 1) === 0) continue;
    // bitCount of the kept buckets below this one in its word: its rank among them.
    let below = word & ((1 << bit) - 1);
    below -= (below >>> 1) & 0x55555555;
    below = (below & 0x33333333) + ((below >>> 2) & 0x33333333);
    below = (below + (below >>> 4)) & 0x0f0f0f0f;
    const slot = slotsBefore[bucket >>> 5] + (Math.imul(below, 0x01010101) >>> 24);
    slotOfPosition[i] = slot + 1;
    sizeOfSlot[slot]++;
  }
}

/**
 * Sorts the marked positions into `sorted` by slot, ascending within each slot (a counting sort: positions are
 * visited in order), slot s taking `sorted[startOfSlot[s] .. startOfSlot[s + 1])`. A function of its own for
 * the same reason as `markKeptPositions`.
 */
function sortKeptPositions(slotOfPosition: Int32Array, startOfSlot: Int32Array, inSort: Uint8Array, sorted: Int32Array): void {
  const next = startOfSlot.slice(0, startOfSlot.length - 1);
  for (let i = 0; i < slotOfPosition.length; i++) {
    const slot = slotOfPosition[i] - 1;
    if (slot >= 0 && inSort[slot] === 1) sorted[next[slot]++] = i;
  }
}

/** Sets the bits of `buckets` in `kept`. */
function keepBuckets(kept: Int32Array, buckets: Int32Array): void {
  for (let at = 0; at < buckets.length; at++) kept[buckets[at] >>> 5] |= 1 << (buckets[at] & 31);
}

/**
 * Fills `slotsBefore` (how many kept buckets precede each word of `kept`) and returns the number of kept buckets.
 * A function of its own: this loop runs once per 32 buckets (65,536 times on a 1 MB draft), so V8 compiles it
 * while it runs; inside the constructor that compiled the whole constructor around it, twice, since the code
 * after the loop had not run yet and sent it back to the interpreter.
 */
function rankKeptWords(kept: Int32Array, slotsBefore: Int32Array): number {
  let slots = 0;
  for (let w = 0; w < kept.length; w++) {
    slotsBefore[w] = slots;
    slots += bitCount(kept[w]);
  }
  return slots;
}

/** The positions marked with `slot`, ascending: a pass of its own for a large slot, left out of the sort. */
function gatherSlot(slotOfPosition: Int32Array, slot: number, size: number): Int32Array {
  const positions = new Int32Array(size);
  const marked = slot + 1;
  let at = 0;
  for (let i = 0; i < slotOfPosition.length && at < size; i++) if (slotOfPosition[i] === marked) positions[at++] = i;
  return positions;
}

/** The bucket of each q-gram of `s`, in order (`s.length - q + 1` of them). */
function bucketsOfGrams(s: string, q: GramLength, shift: number): Int32Array {
  const buckets = new Int32Array(Math.max(0, s.length - q + 1));
  for (let at = 0; at < buckets.length; at++) {
    let h = FNV_OFFSET;
    for (let k = 0; k < q; k++) h = Math.imul(h ^ s.charCodeAt(at + k), FNV_PRIME);
    buckets[at] = finishHash(h) >>> shift;
  }
  return buckets;
}

/**
 * The q-grams (trigrams or six-character grams) of one text by hash bucket. The table has about as many buckets as the text has grams (a power of
 * two, 2^8 to 2^22) whatever is looked up, so a gram's bucket, and which other grams share it, do not depend on
 * the needles.
 */
export class QGramIndex {
  private readonly shift: number;
  /** One bit per bucket, set for the needles' buckets; with `slotsBefore`, a needle bucket's slot (its rank). */
  private readonly kept: Int32Array;
  /** For each 32-bucket word of `kept`, how many kept buckets precede it. */
  private readonly slotsBefore: Int32Array;
  private readonly sizeOfSlot: Int32Array;
  /** 1 + the slot of each position's bucket, 0 when not kept. */
  private readonly slotOfPosition: Int32Array;
  /** Where each slot's positions start in `sortedPositions` (one more entry: the end), once sorted. */
  private startOfSlot?: Int32Array;
  /** The kept positions of slots below `largeBucket` positions, by slot, then ascending; sorted on first request. */
  private sortedPositions?: Int32Array;
  /** The buckets of each needle's grams, computed once for the table and reused by `bucketsOf`. */
  private readonly bucketsOfNeedle = new Map<string, Int32Array>();
  /** Slots declared by `willRead`; undefined while none is. */
  private readSlots?: Uint8Array;
  /** The slots whose positions `sortedPositions` holds, once sorted. */
  private inSort?: Uint8Array;
  /** Positions of slots left out of the sort (by slot + 1, negated) and of buckets not kept (by bucket), once asked. */
  private readonly positionsOfBucket = new Map<number, Int32Array>();

  /**
   * Hashes every q-gram of `text` and keeps the positions whose bucket is the bucket of a gram of one of
   * `needles`. Other buckets are answered too, by a scan of the text each.
   */
  constructor(
    private readonly text: string,
    readonly q: GramLength,
    needles: readonly string[],
    /** See LARGE_BUCKET; tests lower it to exercise both ways of reading positions on short texts. */
    private readonly largeBucket = LARGE_BUCKET,
  ) {
    const grams = Math.max(0, text.length - q + 1);
    let bits = MIN_TABLE_BITS;
    while (bits < MAX_TABLE_BITS && 1 << bits < grams) bits++;
    const shift = 32 - bits;
    this.shift = shift;
    const kept = new Int32Array((1 << bits) >>> 5);
    for (let n = 0; n < needles.length; n++) {
      const needle = needles[n];
      if (this.bucketsOfNeedle.has(needle)) continue;
      const buckets = bucketsOfGrams(needle, q, shift);
      this.bucketsOfNeedle.set(needle, buckets);
      keepBuckets(kept, buckets);
    }
    const slotsBefore = new Int32Array(kept.length);
    const slots = rankKeptWords(kept, slotsBefore);
    const sizeOfSlot = new Int32Array(slots);
    const slotOfPosition = new Int32Array(grams);
    markKeptPositions(text, q, shift, kept, slotsBefore, sizeOfSlot, slotOfPosition);
    this.kept = kept;
    this.slotsBefore = slotsBefore;
    this.sizeOfSlot = sizeOfSlot;
    this.slotOfPosition = slotOfPosition;
  }

  /** The bucket of the q-gram `s[at..at+q)`. */
  bucketOf(s: string, at: number): number {
    let h = FNV_OFFSET;
    for (let k = 0; k < this.q; k++) h = Math.imul(h ^ s.charCodeAt(at + k), FNV_PRIME);
    return finishHash(h) >>> this.shift;
  }

  /** The bucket of each q-gram of `s`, in order (do not modify). */
  bucketsOf(s: string): Int32Array {
    return this.bucketsOfNeedle.get(s) ?? bucketsOfGrams(s, this.q, this.shift);
  }

  /**
   * Declares that the positions of `bucket` will be read. Once any bucket is declared, the first read sorts the
   * declared buckets' positions only: on the benchmark draft the needles' buckets hold 60% of the draft's
   * positions, but the claims vote with their rarest grams only. A bucket read without being declared (or
   * declared after the sort) is still answered, by a pass of its own.
   */
  willRead(bucket: number): void {
    const slot = this.slotOf(bucket);
    if (slot < 0) return;
    this.readSlots ??= new Uint8Array(this.sizeOfSlot.length);
    this.readSlots[slot] = 1;
  }

  /** How many positions the bucket holds (an upper bound on the q-gram's occurrences). */
  bucketSize(bucket: number): number {
    const slot = this.slotOf(bucket);
    return slot >= 0 ? this.sizeOfSlot[slot] : this.positionsOf(bucket).length;
  }

  /** Every position of the text whose q-gram falls into `bucket`, ascending (do not modify). */
  positionsOf(bucket: number): Int32Array {
    const slot = this.slotOf(bucket);
    if (slot >= 0 && this.sizeOfSlot[slot] < this.largeBucket && (this.readSlots === undefined || this.readSlots[slot] === 1)) {
      if (!this.sortedPositions) this.sortPositions();
      if (this.inSort![slot] === 1) return this.sortedPositions!.subarray(this.startOfSlot![slot], this.startOfSlot![slot + 1]);
    }
    const key = slot >= 0 ? -(slot + 1) : bucket;
    let positions = this.positionsOfBucket.get(key);
    if (!positions) {
      positions = slot >= 0 ? gatherSlot(this.slotOfPosition, slot, this.sizeOfSlot[slot]) : this.scan(bucket);
      this.positionsOfBucket.set(key, positions);
    }
    return positions;
  }

  /**
   * Calls `visit` with each position (ascending) where `s[at..at+q)` occurs in the indexed text, until it
   * returns false; positions of other q-grams sharing the bucket are skipped.
   */
  forEachOccurrence(s: string, at: number, bucket: number, visit: (position: number) => boolean): void {
    const text = this.text;
    const q = this.q;
    const positions = this.positionsOf(bucket);
    for (let k = 0; k < positions.length; k++) {
      const p = positions[k];
      let same = true;
      for (let j = 0; j < q && same; j++) same = text.charCodeAt(p + j) === s.charCodeAt(at + j);
      if (same && !visit(p)) return;
    }
  }

  /** The slot of a kept bucket, -1 for a bucket that was not kept. */
  private slotOf(bucket: number): number {
    const word = this.kept[bucket >>> 5];
    const bit = bucket & 31;
    if (((word >>> bit) & 1) === 0) return -1;
    return this.slotsBefore[bucket >>> 5] + bitCount(word & ((1 << bit) - 1));
  }

  private sortPositions(): void {
    const sizeOfSlot = this.sizeOfSlot;
    const startOfSlot = new Int32Array(sizeOfSlot.length + 1);
    const inSort = new Uint8Array(sizeOfSlot.length);
    const readSlots = this.readSlots;
    for (let s = 0; s < sizeOfSlot.length; s++) {
      inSort[s] = sizeOfSlot[s] < this.largeBucket && (readSlots === undefined || readSlots[s] === 1) ? 1 : 0;
      startOfSlot[s + 1] = startOfSlot[s] + (inSort[s] === 1 ? sizeOfSlot[s] : 0);
    }
    const sorted = new Int32Array(startOfSlot[sizeOfSlot.length]);
    sortKeptPositions(this.slotOfPosition, startOfSlot, inSort, sorted);
    this.inSort = inSort;
    this.startOfSlot = startOfSlot;
    this.sortedPositions = sorted;
  }

  private scan(bucket: number): Int32Array {
    const found: number[] = [];
    for (let i = 0; i + this.q <= this.text.length; i++) if (this.bucketOf(this.text, i) === bucket) found.push(i);
    return Int32Array.from(found);
  }
}
