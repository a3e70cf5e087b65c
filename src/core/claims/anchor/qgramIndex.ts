/**
 * Where the q-grams of a text occur, for the few needles the anchorer looks up: how many positions each bucket
 * of a hash table holds, and the ascending positions of a bucket. Lets the anchorer look at the few places
 * that share rare q-grams with a claim instead of aligning the claim against the whole draft.
 *
 * Only claims that are not found verbatim search with it, and each votes with a handful of its rarest grams.
 * So the index hashes every position once but keeps only the positions whose bucket is one of the needles'
 * grams' buckets, chained per bucket; a bucket's positions are read off its chain when asked for. Sorting every
 * position of the draft into every bucket, as a full index does, made the index the largest part of anchoring
 * in a cold run.
 */

/** The gram lengths the anchorer indexes. */
export type GramLength = 3 | 6;

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

/** The number of set bits of a 32-bit integer. */
function bitCount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/**
 * Hashes every q-gram of `text` and chains the positions whose bucket is kept: `previous[i]` links position i
 * to the previous position of its slot, `lastOfSlot` holds each chain's end, `sizeOfSlot` its length. A
 * function of its own because V8 compiles this loop while it runs, and code after it in the same function
 * that had not run yet sent the compiled loop back to the interpreter once reached.
 */
function chainKeptPositions(
  text: string,
  q: GramLength,
  shift: number,
  kept: Int32Array,
  slotsBefore: Int32Array,
  sizeOfSlot: Int32Array,
  lastOfSlot: Int32Array,
  previous: Int32Array,
): void {
  const grams = previous.length;
  // bucketOf inlined and unrolled for both gram lengths, over a window of the last six units kept in locals
  // (u5 the gram's last unit): reading q units per position in a loop over them made the pass several times
  // slower in a cold run. Before the text's start, a unit reads as 0.
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
    const bucket = finishHash(h) >>> shift;
    const word = kept[bucket >>> 5];
    const bit = bucket & 31;
    if (((word >>> bit) & 1) === 0) continue;
    const slot = slotsBefore[bucket >>> 5] + bitCount(word & ((1 << bit) - 1));
    previous[i] = lastOfSlot[slot];
    lastOfSlot[slot] = i;
    sizeOfSlot[slot]++;
  }
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
  /** The last position of each slot's chain, -1 when empty. */
  private readonly lastOfSlot: Int32Array;
  /** For a kept position, the previous position of its bucket's chain (-1 at the first). */
  private readonly previous: Int32Array;
  /** Positions read off a chain, or found by a scan for a bucket that was not kept. */
  private readonly positionsOfBucket = new Map<number, Int32Array>();

  /**
   * Hashes every q-gram of `text` and keeps the positions whose bucket is the bucket of a gram of one of
   * `needles`. Other buckets are answered too, by a scan of the text each.
   */
  constructor(
    private readonly text: string,
    readonly q: GramLength,
    needles: readonly string[],
  ) {
    const grams = Math.max(0, text.length - q + 1);
    let bits = MIN_TABLE_BITS;
    while (bits < MAX_TABLE_BITS && 1 << bits < grams) bits++;
    const shift = 32 - bits;
    this.shift = shift;
    const kept = new Int32Array((1 << bits) >>> 5);
    for (const needle of needles) {
      for (let at = 0; at + q <= needle.length; at++) {
        const bucket = this.bucketOf(needle, at);
        kept[bucket >>> 5] |= 1 << (bucket & 31);
      }
    }
    const slotsBefore = new Int32Array(kept.length);
    let slots = 0;
    for (let w = 0; w < kept.length; w++) {
      slotsBefore[w] = slots;
      slots += bitCount(kept[w]);
    }
    const sizeOfSlot = new Int32Array(slots);
    const lastOfSlot = new Int32Array(slots).fill(-1);
    const previous = new Int32Array(grams);
    chainKeptPositions(text, q, shift, kept, slotsBefore, sizeOfSlot, lastOfSlot, previous);
    this.kept = kept;
    this.slotsBefore = slotsBefore;
    this.sizeOfSlot = sizeOfSlot;
    this.lastOfSlot = lastOfSlot;
    this.previous = previous;
  }

  /** The bucket of the q-gram `s[at..at+q)`. */
  bucketOf(s: string, at: number): number {
    let h = FNV_OFFSET;
    for (let k = 0; k < this.q; k++) h = Math.imul(h ^ s.charCodeAt(at + k), FNV_PRIME);
    return finishHash(h) >>> this.shift;
  }

  /** How many positions the bucket holds (an upper bound on the q-gram's occurrences). */
  bucketSize(bucket: number): number {
    const slot = this.slotOf(bucket);
    return slot >= 0 ? this.sizeOfSlot[slot] : this.positionsOf(bucket).length;
  }

  /** Every position of the text whose q-gram falls into `bucket`, ascending (do not modify). */
  positionsOf(bucket: number): Int32Array {
    let positions = this.positionsOfBucket.get(bucket);
    if (!positions) {
      const slot = this.slotOf(bucket);
      positions = slot >= 0 ? this.readChain(slot) : this.scan(bucket);
      this.positionsOfBucket.set(bucket, positions);
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

  /** A chain runs from the last position back to the first: read backwards, it fills the array ascending. */
  private readChain(slot: number): Int32Array {
    const positions = new Int32Array(this.sizeOfSlot[slot]);
    let at = positions.length;
    for (let p = this.lastOfSlot[slot]; p >= 0 && at > 0; p = this.previous[p]) positions[--at] = p;
    return positions;
  }

  private scan(bucket: number): Int32Array {
    const found: number[] = [];
    for (let i = 0; i + this.q <= this.text.length; i++) if (this.bucketOf(this.text, i) === bucket) found.push(i);
    return Int32Array.from(found);
  }
}
