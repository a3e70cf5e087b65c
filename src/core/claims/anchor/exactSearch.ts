/**
 * Every occurrence of many needles in one text, in one pass over the text instead of one scan or one index
 * look-up per needle. Anchoring uses it to find the claims whose text is still in the draft verbatim, which is
 * most of them, without indexing the whole draft first.
 *
 * Needles of at least SHORT_SAMPLED_MIN_LENGTH units (31; claims are sentences) are found by sampling: the text
 * is hashed only in the windows that start every STRIDE units, and the table holds the hash of each needle's
 * window at every offset below the stride, so exactly one sampled window lies inside each occurrence, at a known
 * offset. The windows are hashed a machine word (four units) at a time, from a byte copy of the text that the
 * platform's encoder writes natively. A rolling hash of every window of the text, which found these needles
 * before, read and hashed every unit: a cold loop over a million positions cost about 150 instructions each.
 * Shorter needles are still found by that rolling hash, or by native scans.
 */

/** A window shorter than this would match almost everywhere: short needles are then found with indexOf. */
const MIN_WINDOW = 3;
/** Up to this many needles too short to be sampled are found with indexOf, one native scan each. */
const MAX_SCANNED_NEEDLES = 16;
/** Bits of the filter of window hashes (2^18 bits: 32 KB). */
const FILTER_BITS = 18;
/** Multiplier of the polynomial rolling hash (odd, so that no power of it vanishes modulo 2^32). */
const BASE = 0x01000193;
/**
 * log2 of the units between two sampled windows of the text (STRIDE, a multiple of 4: windows start on a machine
 * word). Table entry e is the window of needle `which[e >> STRIDE_BITS]` at offset `e & (STRIDE - 1)`.
 */
const STRIDE_BITS = 3;
const STRIDE = 1 << STRIDE_BITS;
/**
 * Units in a short sampled window (six words), for needles of SHORT_SAMPLED_MIN_LENGTH units or more.
 * sampleWindows hashes the six words, and the long window's eight, written out: change it with these.
 */
const SHORT_SAMPLED_WINDOW = 24;
/**
 * Units in a long sampled window (eight words), for needles of LONG_SAMPLED_MIN_LENGTH units or more: a claim
 * often starts with a stock phrase ("That seems an odd choice for "), and a shorter window of it would match
 * every sentence that starts the same way.
 */
const LONG_SAMPLED_WINDOW = 32;
/** The shortest needle in which every alignment of a sample leaves a whole window inside the needle. */
const SHORT_SAMPLED_MIN_LENGTH = SHORT_SAMPLED_WINDOW + STRIDE - 1;
const LONG_SAMPLED_MIN_LENGTH = LONG_SAMPLED_WINDOW + STRIDE - 1;
/** Odd multiplier that mixes a word into a window's hash. */
const WORD_MIX = 0x9e3779b1 | 0;

/**
 * The start offsets of every occurrence of each needle in `haystack` (overlapping ones included), ascending, at
 * most `limit` per needle: `result[k]` belongs to `needles[k]`. The same as a loop of
 * `haystack.indexOf(needle, at + 1)` per needle.
 */
export function findEveryOccurrence(haystack: string, needles: readonly string[], limit: number): number[][] {
  const found: number[][] = needles.map(() => []);
  if (limit <= 0) return found;
  const sampled: number[] = [];
  const short: number[] = [];
  const scanned: number[] = [];
  let shortWindow = SHORT_SAMPLED_MIN_LENGTH;
  for (let k = 0; k < needles.length; k++) {
    const length = needles[k].length;
    if (length > haystack.length) continue;
    if (length >= SHORT_SAMPLED_MIN_LENGTH) sampled.push(k);
    else if (length >= MIN_WINDOW) {
      short.push(k);
      shortWindow = Math.min(shortWindow, length);
    } else scanned.push(k);
  }
  if (sampled.length > 0) searchBySamples(haystack, needles, sampled, limit, found);
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

const NON_ASCII = /[^\x00-\x7f]/g;

let asciiEncoder: { encodeInto(source: string, destination: Uint8Array): { read?: number; written?: number } } | null | undefined;

/**
 * `text` as one byte per unit, viewed as machine words (`ceil(length / 4)` of them, zero-padded): ASCII units as
 * they are, every other unit as 0x7f. Windows that hold the same units hold the same bytes, which is all the
 * hashes need; a match is then confirmed on the text itself.
 */
function asciiWords(text: string): Int32Array {
  const bytes = new Uint8Array((text.length + 3) & ~3);
  if (asciiEncoder === undefined) asciiEncoder = typeof TextEncoder === 'function' ? new TextEncoder() : null;
  if (asciiEncoder !== null) {
    // UTF-8 is one byte per unit exactly when every unit is ASCII: the encoder, writing natively, tells. Testing
    // for non-ASCII units with a regular expression first cost more than the encoding.
    const { read, written } = asciiEncoder.encodeInto(text, bytes);
    if (read !== text.length || written !== text.length) asciiEncoder.encodeInto(text.replace(NON_ASCII, '\x7f'), bytes);
  } else {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      bytes[i] = c < 128 ? c : 0x7f;
    }
  }
  return new Int32Array(bytes.buffer);
}

/**
 * Adds the occurrences of the needles `which` (each at least SHORT_SAMPLED_MIN_LENGTH long) to `found`. Each
 * needle's window at offset r (below its stride) is in the table; a sampled window of the text at p whose hash
 * is in it says the needle may start at p - r, which `startsWith` confirms. Each occurrence contains exactly one
 * sampled window at an offset below the stride, so it is found once.
 */
function searchBySamples(haystack: string, needles: readonly string[], which: readonly number[], limit: number, found: number[][]): void {
  const table = new SampledTable(needles, which);
  const samples = Math.max(0, Math.floor((haystack.length - SHORT_SAMPLED_WINDOW) / STRIDE) + 1);
  // At most two candidates a sample: its short window and its long one.
  const starts = new Int32Array(2 * samples);
  const hashes = new Int32Array(2 * samples);
  const count = sampleWindows(asciiWords(haystack), haystack.length, samples, table.filter, starts, hashes);
  for (let c = 0; c < count; c++) {
    const windowHash = hashes[c];
    // A sample's start is a multiple of STRIDE; its lowest bit says whether the window is long.
    const sample = starts[c] & ~1;
    const long = starts[c] & 1;
    for (let e = table.firstEntry(windowHash); e >= 0; e = table.nextEntry[e]) {
      if (table.entryHash[e] !== windowHash) continue;
      const k = which[e >> STRIDE_BITS];
      // A window of the other length with the same hash must not find the occurrence a second time.
      if ((needles[k].length >= LONG_SAMPLED_MIN_LENGTH ? 1 : 0) !== long) continue;
      const start = sample - (e & (STRIDE - 1));
      // Occurrences come in order: a later sample's start is past every start of an earlier one (offsets are
      // below the stride), and a chain lists a needle's offsets downwards (later entries first).
      if (start >= 0 && found[k].length < limit && haystack.startsWith(needles[k], start)) found[k].push(start);
    }
  }
}

/**
 * The hash of `count` words from `words[first]`: the same for a window of the text and a needle's window that
 * hold the same units.
 */
function hashWords(words: Int32Array, first: number, count: number): number {
  let h = 0;
  for (let w = 0; w < count; w++) h = Math.imul(h ^ words[first + w], WORD_MIX);
  return h;
}

/**
 * The hashes of the needles' windows at every offset below the stride (long windows for long needles, short ones
 * for the rest), STRIDE consecutive entries per needle: a filter of them, and a chained table.
 */
class SampledTable {
  readonly filter = new Int32Array(1 << (FILTER_BITS - 5));
  readonly entryHash: Int32Array;
  readonly nextEntry: Int32Array;
  private readonly firstOfSlot: Int32Array;
  private readonly shift: number;

  constructor(needles: readonly string[], which: readonly number[]) {
    const entries = which.length << STRIDE_BITS;
    let bits = 4;
    while (1 << bits < 2 * entries) bits++;
    this.shift = 32 - bits;
    this.firstOfSlot = new Int32Array(1 << bits);
    this.entryHash = new Int32Array(entries);
    this.nextEntry = new Int32Array(entries);
    // All needles in one string, mapped to words by one native call per shift: a needle's window may start at
    // any offset, but preceded by 0 to 3 more units it starts on a word in one of the four copies.
    const joined = which.map((k) => needles[k]).join('');
    const shifted = [asciiWords(joined), asciiWords(' ' + joined), asciiWords('  ' + joined), asciiWords('   ' + joined)];
    const lengths = Int32Array.from(which, (k) => needles[k].length);
    fillTable(shifted, lengths, this.entryHash, this.nextEntry, this.firstOfSlot, this.shift, this.filter);
  }

  /** The first entry whose window hash may be `h`, -1 for none. */
  firstEntry(h: number): number {
    return this.firstOfSlot[Math.imul(h, 0x85ebca6b) >>> this.shift] - 1;
  }
}

/**
 * Hashes the windows of needles of `lengths` (laid end to end in the words of `shifted`, see SampledTable) and
 * chains and marks them. A function of its own, apart from the table's set-up that runs once: this loop is the
 * only part V8 needs to compile, and compiling the whole constructor cost more than running it.
 */
function fillTable(
  shifted: readonly Int32Array[],
  lengths: Int32Array,
  entryHash: Int32Array,
  nextEntry: Int32Array,
  firstOfSlot: Int32Array,
  shift: number,
  filter: Int32Array,
): void {
  let from = 0;
  for (let e = 0; e < entryHash.length; e++) {
    const offset = e & (STRIDE - 1);
    const length = lengths[e >> STRIDE_BITS];
    const pad = (4 - ((from + offset) & 3)) & 3;
    const windowWords = (length >= LONG_SAMPLED_MIN_LENGTH ? LONG_SAMPLED_WINDOW : SHORT_SAMPLED_WINDOW) >> 2;
    const h = hashWords(shifted[pad], (from + offset + pad) >> 2, windowWords);
    entryHash[e] = h;
    const slot = Math.imul(h, 0x85ebca6b) >>> shift;
    nextEntry[e] = firstOfSlot[slot] - 1;
    firstOfSlot[slot] = e + 1;
    const mark = h >>> (32 - FILTER_BITS);
    filter[mark >>> 5] |= 1 << (mark & 31);
    if (offset === STRIDE - 1) from += length;
  }
}

/**
 * Writes the sampled windows of the text whose hash passes the filter into `starts` and `hashes` (where each
 * starts, its lowest bit set for a long window, and its hash) and returns how many. A short window is hashed at
 * every sample, and its hash extended to the long window there; both are looked up in the one filter. The arrays
 * come from the caller and only a number is returned: V8 compiles this loop while it runs, and code after it
 * that had not run yet (building a result object) sent the compiled loop back to the interpreter on every call.
 */
function sampleWindows(words: Int32Array, length: number, samples: number, filter: Int32Array, starts: Int32Array, hashes: Int32Array): number {
  const strideWords = STRIDE >> 2;
  let count = 0;
  for (let s = 0; s < samples; s++) {
    const first = s * strideWords;
    // hashWords of the short window's six words and then of the long window's two more, written out: this loop
    // runs once per sample (126K times on the benchmark draft), mostly before V8 has compiled it, and a call and
    // an inner loop per sample cost a cold run about 40M more instructions (of ~940M for all of anchoring).
    let h = Math.imul(words[first], WORD_MIX);
    h = Math.imul(h ^ words[first + 1], WORD_MIX);
    h = Math.imul(h ^ words[first + 2], WORD_MIX);
    h = Math.imul(h ^ words[first + 3], WORD_MIX);
    h = Math.imul(h ^ words[first + 4], WORD_MIX);
    h = Math.imul(h ^ words[first + 5], WORD_MIX);
    let mark = h >>> (32 - FILTER_BITS);
    starts[count] = first << 2;
    hashes[count] = h;
    count += (filter[mark >>> 5] >>> (mark & 31)) & 1;
    if ((first << 2) + LONG_SAMPLED_WINDOW <= length) {
      // The long window's first words are the short one's: its hash continues from there.
      h = Math.imul(h ^ words[first + 6], WORD_MIX);
      h = Math.imul(h ^ words[first + 7], WORD_MIX);
      mark = h >>> (32 - FILTER_BITS);
      starts[count] = (first << 2) | 1;
      hashes[count] = h;
      count += (filter[mark >>> 5] >>> (mark & 31)) & 1;
    }
  }
  return count;
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
