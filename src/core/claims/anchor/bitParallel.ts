/**
 * Edit distance by Myers' bit-parallel algorithm in Hyyrö's block formulation: one text character costs a few
 * word operations per 32 pattern characters, so aligning a 300-character claim against a window of the draft
 * costs O(window × 10) instead of a 300-row dynamic programme.
 */

const WORD = 32;
const HIGH_BIT = 1 << 31;

/** Per-character match masks of one pattern, split into 32-character blocks. */
export class PatternMasks {
  readonly length: number;
  readonly blocks: number;
  /** Row r holds the masks of one character: `masks[r * blocks + b]`. Rows 0-127 are ASCII. */
  readonly masks: Int32Array;
  private readonly rowsOfOtherCodes: Map<number, number>;
  private readonly noMatchRow: number;

  constructor(pattern: string) {
    this.length = pattern.length;
    this.blocks = Math.max(1, Math.ceil(pattern.length / WORD));
    this.rowsOfOtherCodes = new Map();
    for (let i = 0; i < pattern.length; i++) {
      const c = pattern.charCodeAt(i);
      if (c >= 128 && !this.rowsOfOtherCodes.has(c)) this.rowsOfOtherCodes.set(c, 128 + this.rowsOfOtherCodes.size);
    }
    this.noMatchRow = 128 + this.rowsOfOtherCodes.size;
    this.masks = new Int32Array((this.noMatchRow + 1) * this.blocks);
    for (let i = 0; i < pattern.length; i++) {
      const row = this.rowOf(pattern.charCodeAt(i));
      this.masks[row * this.blocks + ((i / WORD) | 0)] |= 1 << i % WORD;
    }
  }

  /** The row of `masks` for a text character (an all-zero row when the pattern does not contain it). */
  rowOf(code: number): number {
    if (code < 128) return code;
    return this.rowsOfOtherCodes.get(code) ?? this.noMatchRow;
  }
}

let positiveScratch = new Int32Array(16);
let negativeScratch = new Int32Array(16);

/** Which end of the alignment is free: `semiGlobal` lets the pattern start anywhere in the text. */
export type AlignmentStart = 'semiGlobal' | 'anchored';

/**
 * Fills `out[k]` with the edit distance between the whole pattern and the best text substring that ends after
 * the k+1-th scanned character (semiGlobal) or that is exactly the first k+1 scanned characters (anchored).
 * Scans `text[from..to)` forwards, or backwards from `to - 1` when `backwards` (pair it with masks of the
 * reversed pattern). Returns the number of columns written (`to - from`, at least 0).
 */
export function scanEditDistances(
  pattern: PatternMasks,
  text: string,
  from: number,
  to: number,
  start: AlignmentStart,
  backwards: boolean,
  out: Int32Array,
): number {
  const columns = Math.max(0, to - from);
  const m = pattern.length;
  if (m === 0) {
    for (let k = 0; k < columns; k++) out[k] = start === 'anchored' ? k + 1 : 0;
    return columns;
  }
  const blocks = pattern.blocks;
  const masks = pattern.masks;
  // Scratch vectors shared by every scan (they run thousands of times per draft, each allocating two arrays).
  if (positiveScratch.length < blocks) {
    positiveScratch = new Int32Array(2 * blocks);
    negativeScratch = new Int32Array(2 * blocks);
  }
  const positive = positiveScratch;
  const negative = negativeScratch;
  for (let b = 0; b < blocks; b++) {
    positive[b] = -1;
    negative[b] = 0;
  }
  const lastBit = 1 << ((m - 1) % WORD);
  const topCarry = start === 'anchored' ? 1 : 0;
  let score = m;
  for (let k = 0; k < columns; k++) {
    const code = text.charCodeAt(backwards ? to - 1 - k : from + k);
    const rowBase = (code < 128 ? code : pattern.rowOf(code)) * blocks;
    let carry = topCarry;
    for (let b = 0; b < blocks; b++) {
      const pv = positive[b];
      const mv = negative[b];
      let eq = masks[rowBase + b];
      const xv = eq | mv;
      if (carry < 0) eq |= 1;
      const xh = ((((eq & pv) + pv) | 0) ^ pv) | eq;
      let ph = mv | ~(xh | pv);
      let mh = pv & xh;
      const high = b === blocks - 1 ? lastBit : HIGH_BIT;
      let hout = 0;
      if ((ph & high) !== 0) hout = 1;
      else if ((mh & high) !== 0) hout = -1;
      ph <<= 1;
      mh <<= 1;
      if (carry < 0) mh |= 1;
      else if (carry > 0) ph |= 1;
      positive[b] = mh | ~(xv | ph);
      negative[b] = ph & xv;
      carry = hout;
    }
    score += carry;
    out[k] = score;
  }
  return columns;
}

let sharedColumns = new Int32Array(1024);

/** A scratch buffer of at least `size` columns, reused between calls to keep alignment allocation-free. */
export function columnBuffer(size: number): Int32Array {
  if (sharedColumns.length < size) sharedColumns = new Int32Array(Math.max(size, sharedColumns.length * 2));
  return sharedColumns;
}

/** Levenshtein distance between the whole pattern and exactly `text[from..to)`. */
export function globalEditDistance(pattern: PatternMasks, text: string, from: number, to: number): number {
  if (to <= from) return pattern.length;
  const out = columnBuffer(to - from);
  scanEditDistances(pattern, text, from, to, 'anchored', false, out);
  return out[to - from - 1];
}
