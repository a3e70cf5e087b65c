/**
 * Every occurrence of many needles in one text, in one pass over the text per window length (Rabin–Karp with a
 * table of the needles' first characters) instead of one scan or one index look-up per needle. Anchoring uses
 * it to find the claims whose text is still in the draft verbatim, which is most of them, without indexing the
 * whole draft first.
 */

/** Needles at least this long are found by the hash of their first LONG_WINDOW characters. */
const LONG_WINDOW = 32;
/** A window shorter than this would match almost everywhere: short needles are then found with indexOf. */
const MIN_WINDOW = 3;
/** Up to this many needles shorter than LONG_WINDOW are found with indexOf, one native scan each. */
const MAX_SCANNED_NEEDLES = 16;
/** Bits of the filter of window hashes (2^18 bits: 32 KB). */
const FILTER_BITS = 18;
/** Multiplier of the polynomial rolling hash (odd, so that no power of it vanishes modulo 2^32). */
const BASE = 0x01000193;

/**
 * The start offsets of every occurrence of each needle in `haystack` (overlapping ones included), ascending, at
 * most `limit` per needle: `result[k]` belongs to `needles[k]`. The same as a loop of
 * `haystack.indexOf(needle, at + 1)` per needle.
 */
export function findEveryOccurrence(haystack: string, needles: readonly string[], limit: number): number[][] {
  const found: number[][] = needles.map(() => []);
  if (limit <= 0) return found;
  const long: number[] = [];
  const short: number[] = [];
  const scanned: number[] = [];
  let shortWindow = LONG_WINDOW;
  for (let k = 0; k < needles.length; k++) {
    const length = needles[k].length;
    if (length > haystack.length) continue;
    if (length >= LONG_WINDOW) long.push(k);
    else if (length >= MIN_WINDOW) {
      short.push(k);
      shortWindow = Math.min(shortWindow, length);
    } else scanned.push(k);
  }
  if (long.length > 0) searchByWindow(haystack, needles, long, LONG_WINDOW, limit, found);
  // A few short needles (a claim of a word or two) cost less as native scans than as one more pass of ours.
  if (short.length > MAX_SCANNED_NEEDLES) searchByWindow(haystack, needles, short, shortWindow, limit, found);
  else scanned.push(...short);
  for (const k of scanned) {
    const needle = needles[k];
    const into = found[k];
    for (let at = haystack.indexOf(needle); at >= 0 && into.length < limit; at = haystack.indexOf(needle, at + 1)) into.push(at);
  }
  return found;
}

/** Adds the occurrences of the needles `which` (each at least `window` long) to `found`, in one pass. */
function searchByWindow(
  haystack: string,
  needles: readonly string[],
  which: readonly number[],
  window: number,
  limit: number,
  found: number[][],
): void {
  // Each loop over the text or the needles is a function of its own: V8 compiles a long loop while it runs,
  // and code after it that had not run yet sent the compiled loop back to the interpreter once reached.
  const table = new WindowTable(needles, which, window);
  const candidates = filterWindows(haystack, window, table.filter);
  for (let c = 0; c < candidates.count; c++) {
    const windowHash = candidates.hashes[c];
    const start = candidates.ends[c] + 1 - window;
    for (let e = table.firstEntry(windowHash); e >= 0; e = table.nextEntry[e]) {
      if (table.entryHash[e] !== windowHash) continue;
      const k = which[e];
      const into = found[k];
      if (into.length < limit && haystack.startsWith(needles[k], start)) into.push(start);
    }
  }
}

/** The hashes of the needles' first `window` units: a filter of them, and a chained table (entry e: which[e]). */
class WindowTable {
  /** One bit per value of a hash's top FILTER_BITS bits, set for the needles' windows. */
  readonly filter = new Int32Array(1 << (FILTER_BITS - 5));
  readonly entryHash: Int32Array;
  /** The next entry of the same slot, -1 at the end of a chain. */
  readonly nextEntry: Int32Array;
  /** 1 + the first entry of each slot, 0 for none. */
  private readonly firstOfSlot: Int32Array;
  private readonly shift: number;

  constructor(needles: readonly string[], which: readonly number[], window: number) {
    let bits = 4;
    while (1 << bits < 2 * which.length) bits++;
    this.shift = 32 - bits;
    this.firstOfSlot = new Int32Array(1 << bits);
    this.nextEntry = new Int32Array(which.length);
    this.entryHash = new Int32Array(which.length);
    for (let e = 0; e < which.length; e++) {
      const needle = needles[which[e]];
      let h = 0;
      for (let j = 0; j < window; j++) h = (Math.imul(h, BASE) + needle.charCodeAt(j)) | 0;
      this.entryHash[e] = h;
      const slot = Math.imul(h, 0x9e3779b1) >>> this.shift;
      this.nextEntry[e] = this.firstOfSlot[slot] - 1;
      this.firstOfSlot[slot] = e + 1;
      const mark = h >>> (32 - FILTER_BITS);
      this.filter[mark >>> 5] |= 1 << (mark & 31);
    }
  }

  /** The first entry whose window hash may be `h`, -1 for none. */
  firstEntry(h: number): number {
    return this.firstOfSlot[Math.imul(h, 0x9e3779b1) >>> this.shift] - 1;
  }
}

/**
 * Every window of the text whose hash passes the filter: its last unit and its hash. Almost every window fails
 * the filter (a 32 KB table the processor keeps close), and the loop takes one path whatever the outcome: it
 * writes every window and counts only those that pass, so the arrays' pages beyond the few candidates are never
 * touched. A branch that stored only the passing windows made the cold pass about a quarter slower.
 */
function filterWindows(text: string, window: number, filter: Int32Array): { ends: Int32Array; hashes: Int32Array; count: number } {
  const n = text.length;
  // BASE^window: what the unit leaving the window weighs once the hash has been multiplied by BASE again.
  let leaving = 1;
  for (let j = 0; j < window; j++) leaving = Math.imul(leaving, BASE);
  const ends = new Int32Array(Math.max(0, n - window + 1));
  const hashes = new Int32Array(ends.length);
  let count = 0;
  let h = 0;
  for (let i = 0; i < n; i++) {
    h = (Math.imul(h, BASE) + text.charCodeAt(i)) | 0;
    // Before the first full window, the unit "leaving" is a 0 that was never added.
    h = (h - Math.imul(i >= window ? text.charCodeAt(i - window) : 0, leaving)) | 0;
    const mark = h >>> (32 - FILTER_BITS);
    ends[count] = i;
    hashes[count] = h;
    count += i >= window - 1 ? (filter[mark >>> 5] >>> (mark & 31)) & 1 : 0;
  }
  return { ends, hashes, count };
}
