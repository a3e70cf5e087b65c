/**
 * Re-finds sidecar claims in a draft after the writer edited it, in the manner of a W3C TextQuoteSelector as
 * Hypothesis anchors it: the claim's text is looked up exactly (tolerating typography, line wrapping and
 * citation markers, see anchor/anchorText.ts), its prefix and suffix tell repeated text apart and say whether the
 * neighbourhood changed, and when the text itself was edited an approximate match is accepted only above a
 * similarity threshold, so a rewritten claim is orphaned rather than moved onto a look-alike sentence.
 *
 * Statuses:
 * - exact: the text is found, and the prefix/suffix (when given) match there;
 * - moved: the text is found once (or the context picks one occurrence) but the prefix or suffix no longer match;
 * - ambiguous: several places are equally good and nothing tells them apart (`candidates`, in document order;
 *   `span` is the first). Usually repeated exact text (score 1); also two equally similar edited passages
 *   (score below 1);
 * - fuzzy: the text is not found, but a passage of whole words is at least `fuzzyThreshold` similar, similarity
 *   being 1 - Levenshtein distance / the longer length, case-sensitive, on the comparable forms;
 * - orphaned: nothing similar enough; no span. Its score is the best similarity seen below the threshold
 *   (0 when nothing came within the edit budget), for messages and tuning only.
 *
 * "Context matches" means: the last 32 comparable characters of the prefix (first 32 of the suffix), compared
 * case-insensitively with the draft text that ends where the occurrence starts (begins where it ends), ignoring
 * the layout between them, align with at most 20% edits (similarity ≥ 0.8). For repeated text the context picks
 * the occurrence where every given side matches (exact), else where one side matches (moved); scores within 0.1
 * are a tie, and a tie between whole-word and mid-word occurrences goes to the whole word. An approximate match
 * is never accepted where the claim's own prefix or suffix now stands: that is its former neighbour.
 *
 * Cost: preparing the draft is linear (comparable text; the case fold and the q-gram indexes only when some
 * claim is not found verbatim). All claims are first looked up verbatim together, in one pass over the draft
 * (anchor/exactSearch.ts), plus a comparison per candidate; only the rest search approximately. The index of
 * q-grams hashes every position of the draft once but keeps only the positions of the buckets those claims'
 * grams fall into. A claim that is not found verbatim votes with its rarest 6-grams (3-grams below
 * 24 characters, and as a retry below 48) for the diagonal where it would start, spending at most
 * POSTINGS_BUDGET index positions, and only the best MAX_WINDOWS windows are aligned (bit-parallel,
 * O(window × ⌈m/32⌉)). The worst case per claim is therefore
 * O(2 × POSTINGS_BUDGET + 2 × MAX_WINDOWS × (m + 2k + 96) × ⌈m/32⌉) for a claim of m characters allowed k
 * edits: linear in the number of claims and in the window, quadratic only in the claim's own length. The price
 * of the bound: a claim made only of very common grams whose text was also edited may be orphaned although a
 * similar passage exists.
 */
import type { ClaimAnchor } from '../analysis';
import type { Span } from '../types';
import { isWordChar } from '../text/normalize';
import { AnchorText, anchorKey, citationMarkerAround, foldCase, isLayoutChar } from './anchor/anchorText';
import { PatternMasks, columnBuffer, globalEditDistance, scanEditDistances } from './anchor/bitParallel';
import { findEveryOccurrence } from './anchor/exactSearch';
import { QGramIndex, type GramLength } from './anchor/qgramIndex';

/** What a sidecar stores to find a claim again: the claimed text and, optionally, the text around it. */
export interface ClaimSelector {
  text: string;
  prefix?: string;
  suffix?: string;
}

/** Tuning of `anchorClaims`. */
export interface AnchorOptions {
  /** Lowest similarity (0..1) at which an edited claim still attaches as fuzzy; default 0.8. */
  fuzzyThreshold?: number;
}

/** The similarity below which an edited claim is orphaned unless the caller says otherwise. */
export const DEFAULT_FUZZY_THRESHOLD = 0.8;

/** How many comparable characters of the prefix and suffix are compared. */
export const CONTEXT_LENGTH = 32;
/** Similarity at which one side of the context counts as matching. */
const CONTEXT_MATCH = 0.8;
/** Extra draft characters the context may need when it was written with fewer edits than the draft now has. */
const CONTEXT_SLACK = 8;
/** Context scores closer than this do not tell two places apart. */
const CONTEXT_TIE = 0.1;
/** When no place matches its context, one must be at least this similar and this far ahead to be picked. */
const WEAK_CONTEXT_MIN = 0.5;
const WEAK_CONTEXT_TIE = 0.25;
/** Fuzzy scores closer than this are a tie that the context may break. */
const FUZZY_TIE = 0.05;
/** At most this many occurrences of a repeated text are compared with the context and reported. */
const MAX_OCCURRENCES = 1_000;
/** Trigram positions one claim may vote with when it is not found verbatim. */
const POSTINGS_BUDGET = 2_000;
/** Gram length for short needles: a typo in a ten-letter claim must leave some grams intact. */
const SHORT_GRAM = 3 as const;
/** Gram length for long needles: six characters are far rarer than three, so fewer positions vote. */
const LONG_GRAM = 6 as const;
/** From this length a claim keeps enough intact six-character grams after its allowed edits. */
const LONG_CLAIM = 24;
/** Claims shorter than this retry with trigrams when six-character grams found nothing. */
const SHORT_GRAM_RETRY_BELOW = 2 * LONG_CLAIM;
/** Width of the diagonal bands votes are counted in: 2^BAND_BITS. */
const BAND_BITS = 5;
const BAND = 1 << BAND_BITS;
/** How many voted windows are aligned per claim. */
const MAX_WINDOWS = 4;
/** How many of the heaviest bands are kept to pick the windows from. */
const SHORTLIST_SIZE = MAX_WINDOWS * 6;
/** Context shorter than this is too common to prove that a look-alike passage is the claim's neighbour. */
const MIN_EXCLUDING_CONTEXT = 12;
/** A context found more often than this says nothing about any one passage. */
const MAX_EXCLUDING_OCCURRENCES = 16;
/** How many separate alignments one window may yield. */
const MATCHES_PER_WINDOW = 3;

/**
 * Finds each selector's text in `documentText` (the raw Markdown of the draft) and reports how it attached;
 * returns one anchor per selector, `claimIndex` being its position in `selectors`. Never throws.
 */
export function anchorClaims(
  documentText: string,
  selectors: ReadonlyArray<ClaimSelector>,
  options?: AnchorOptions,
): ClaimAnchor[] {
  const threshold = resolveThreshold(options?.fuzzyThreshold);
  const document = new PreparedDocument(typeof documentText === 'string' ? documentText : '');
  const anchors: ClaimAnchor[] = new Array(selectors.length);
  // Most claims are still in the draft verbatim: all of them are looked up in one pass over the draft first.
  const keys: string[] = [];
  const searched: number[] = [];
  for (let i = 0; i < selectors.length; i++) {
    const selector = selectors[i];
    const key = anchorKey(selector && typeof selector.text === 'string' ? selector.text : '');
    keys.push(key);
    if (key.length === 0 || key.length > document.text.length + Math.floor(key.length * (1 - threshold))) {
      anchors[i] = { claimIndex: i, status: 'orphaned', score: 0 };
    } else searched.push(i);
  }
  const occurrences = findEveryOccurrence(document.text, searched.map((i) => keys[i]), MAX_OCCURRENCES);
  const approximate: ApproximateClaim[] = [];
  for (let k = 0; k < searched.length; k++) {
    const i = searched[k];
    const key = keys[i];
    const context = prepareContext(selectors[i]);
    if (occurrences[k].length > 0) {
      anchors[i] = chooseOccurrence(document, key, context, occurrences[k], i);
      continue;
    }
    const maxEdits = editBudget(key.length, threshold, document);
    if (maxEdits === 0) anchors[i] = { claimIndex: i, status: 'orphaned', score: 0 };
    else approximate.push(newApproximateClaim(i, key, context, maxEdits));
  }
  if (approximate.length > 0) anchorApproximately(document, approximate, threshold, anchors);
  return anchors;
}

/**
 * The selector "Add claim" should store for `span` of the draft: its text and up to `contextLength`
 * characters either side, never splitting a surrogate pair, a citation marker or a bracket of the context.
 * Spans are clamped to the text.
 */
export function selectorForSpan(documentText: string, span: Span, contextLength = CONTEXT_LENGTH): ClaimSelector {
  const length = documentText.length;
  let start = clampToCodePoint(documentText, Math.max(0, Math.min(span.start, length)));
  let end = clampToCodePoint(documentText, Math.max(start, Math.min(span.end, length)));
  // A selection ending inside "[@key, para. 4]" takes the whole marker; one starting inside it starts after it.
  const endMarker = citationMarkerAround(documentText, end);
  if (endMarker) end = endMarker.end;
  const startMarker = citationMarkerAround(documentText, start);
  if (startMarker && startMarker.end < end) start = startMarker.end;
  const selector: ClaimSelector = { text: documentText.slice(start, end) };
  const prefixStart = clampToCodePoint(documentText, Math.max(0, start - contextLength));
  const suffixEnd = clampToCodePoint(documentText, Math.min(length, end + contextLength));
  // Half a citation marker would be compared as text while the draft's whole marker is ignored.
  let prefix = documentText.slice(prefixStart, start);
  const unopenedClose = prefix.indexOf(']');
  if (unopenedClose >= 0 && !prefix.slice(0, unopenedClose).includes('[')) prefix = prefix.slice(unopenedClose + 1);
  let suffix = documentText.slice(end, suffixEnd);
  const unclosedOpen = suffix.lastIndexOf('[');
  if (unclosedOpen >= 0 && !suffix.slice(unclosedOpen).includes(']')) suffix = suffix.slice(0, unclosedOpen);
  if (prefix.length > 0) selector.prefix = prefix;
  if (suffix.length > 0) selector.suffix = suffix;
  return selector;
}

function resolveThreshold(value: number | undefined): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return DEFAULT_FUZZY_THRESHOLD;
  return Math.max(0, Math.min(1, value));
}

function clampToCodePoint(text: string, offset: number): number {
  const before = text.charCodeAt(offset - 1);
  const at = text.charCodeAt(offset);
  if (before >= 0xd800 && before <= 0xdbff && at >= 0xdc00 && at <= 0xdfff) return offset - 1;
  return offset;
}

/** The draft in comparable form, with what claims share: the case fold and the q-gram indexes. */
class PreparedDocument {
  readonly anchorText: AnchorText;
  private readonly indexes = new Map<GramLength, QGramIndex>();
  /** Folded needles whose q-grams the index of q-grams must hold, by q. */
  private readonly indexedNeedles = new Map<GramLength, string[]>();

  constructor(source: string) {
    this.anchorText = new AnchorText(source);
  }

  get text(): string {
    return this.anchorText.text;
  }

  /** `text` case-folded; same length, same offsets. */
  get folded(): string {
    return this.anchorText.folded;
  }

  /**
   * Declares that the grams of `foldedNeedle` will be looked up in the index of q-grams, before it is built. A
   * needle declared later is still answered correctly, only slower (a pass over the draft per bucket).
   */
  willLookUp(q: GramLength, foldedNeedle: string): void {
    let needles = this.indexedNeedles.get(q);
    if (!needles) this.indexedNeedles.set(q, (needles = []));
    needles.push(foldedNeedle);
  }

  /** The index of folded q-grams, built on first use: short grams for short needles, long grams are rarer. */
  index(q: GramLength): QGramIndex {
    let index = this.indexes.get(q);
    if (!index) {
      index = new QGramIndex(this.folded, q, this.indexedNeedles.get(q) ?? []);
      this.indexes.set(q, index);
    }
    return index;
  }

  /** The draft span of comparable characters [from, to). */
  sourceSpan(from: number, to: number): Span {
    return this.anchorText.offsets.span(from, to - 1);
  }
}

/** The counters `voteForBands` reuses from claim to claim: only the entries a claim touched are reset. */
interface BandVotes {
  votes: Int32Array;
  touched: Int32Array;
  shortlistBands: Int32Array;
  shortlistWeights: Int32Array;
}

/**
 * Vote counters per band of a comparable text of `length` units, all 0, room to list the bands a claim touched,
 * and its shortlist. Made once per draft by the caller of `searchNear` and passed down rather than made on first
 * use inside `voteForBands`: V8 optimises voteForBands after a few hundred claims, and compiling four typed-array
 * constructions inlined into it cost more than the few calls left run faster.
 */
function newBandVotes(length: number): BandVotes {
  const bands = Math.floor(length / BAND) + 2;
  return {
    votes: new Int32Array(bands),
    touched: new Int32Array(bands),
    shortlistBands: new Int32Array(SHORTLIST_SIZE),
    shortlistWeights: new Int32Array(SHORTLIST_SIZE),
  };
}

/** One side of a claim's context, ready to be aligned against the draft. */
interface ContextSide {
  text: string;
  /** Masks of the text as it is scanned: reversed for a prefix, which is read backwards from the occurrence. */
  masks: PatternMasks;
}

interface Context {
  prefix?: ContextSide;
  suffix?: ContextSide;
}

function prepareContext(selector: ClaimSelector): Context {
  const context: Context = {};
  if (typeof selector.prefix === 'string') {
    const key = foldCase(anchorKey(selector.prefix));
    const text = key.slice(Math.max(0, key.length - CONTEXT_LENGTH));
    if (text.length > 0) context.prefix = { text, masks: new PatternMasks(reverse(text)) };
  }
  if (typeof selector.suffix === 'string') {
    const text = foldCase(anchorKey(selector.suffix)).slice(0, CONTEXT_LENGTH);
    if (text.length > 0) context.suffix = { text, masks: new PatternMasks(text) };
  }
  return context;
}

function reverse(text: string): string {
  let out = '';
  for (let i = text.length - 1; i >= 0; i--) out += text[i];
  return out;
}

/** How well the context fits around comparable span [start, end): per side 0..1, undefined when not given. */
interface ContextFit {
  prefix?: number;
  suffix?: number;
}

function fitContext(document: PreparedDocument, context: Context, start: number, end: number): ContextFit {
  const folded = document.folded;
  const fit: ContextFit = {};
  if (context.prefix) {
    let before = start;
    while (before > 0 && isLayoutChar(folded.charCodeAt(before - 1))) before--;
    fit.prefix = sideSimilarity(context.prefix, folded, Math.max(0, before - context.prefix.text.length - CONTEXT_SLACK), before, true);
  }
  if (context.suffix) {
    let after = end;
    while (after < folded.length && isLayoutChar(folded.charCodeAt(after))) after++;
    fit.suffix = sideSimilarity(context.suffix, folded, after, Math.min(folded.length, after + context.suffix.text.length + CONTEXT_SLACK), false);
  }
  return fit;
}

/** Similarity of a context side to the draft text touching the occurrence, free at the far end. */
function sideSimilarity(side: ContextSide, folded: string, from: number, to: number, backwards: boolean): number {
  const length = side.text.length;
  if (backwards ? folded.endsWith(side.text, to) : folded.startsWith(side.text, from)) return 1;
  const columns = new Int32Array(Math.max(1, to - from));
  const written = scanEditDistances(side.masks, folded, from, to, 'anchored', backwards, columns);
  let best = length;
  for (let k = 0; k < written; k++) if (columns[k] < best) best = columns[k];
  return 1 - best / length;
}

function contextScore(fit: ContextFit): number {
  const sides = [fit.prefix, fit.suffix].filter((s): s is number => s !== undefined);
  return sides.length === 0 ? 1 : sides.reduce((a, b) => a + b, 0) / sides.length;
}

/** 2 when every given side matches, 1 when one of two does, 0 when none does. */
function contextTier(fit: ContextFit): number {
  const sides = [fit.prefix, fit.suffix].filter((s): s is number => s !== undefined);
  const matching = sides.filter((s) => s >= CONTEXT_MATCH).length;
  return matching === sides.length ? 2 : matching > 0 ? 1 : 0;
}

/**
 * Start offsets of `needle` in `haystack` (the comparable draft, case-sensitive or folded), ascending, at most
 * `limit`. Candidates come from the rarest q-gram of the folded needle, so only they are compared.
 */
function findOccurrences(document: PreparedDocument, needle: string, haystack: string, limit: number): number[] {
  const found: number[] = [];
  if (needle.length < SHORT_GRAM) {
    for (let at = haystack.indexOf(needle); at >= 0 && found.length < limit; at = haystack.indexOf(needle, at + 1)) {
      found.push(at);
    }
    return found;
  }
  const index = document.index(gramLengthFor(needle));
  const foldedNeedle = foldCase(needle);
  const rarest = rarestGram(index, foldedNeedle);
  if (rarest.size === 0) return found;
  index.forEachOccurrence(foldedNeedle, rarest.at, rarest.bucket, (position) => {
    const start = position - rarest.at;
    if (start >= 0 && haystack.startsWith(needle, start)) found.push(start);
    return found.length < limit;
  });
  return found;
}

/** The first of the needle's q-grams whose bucket holds the fewest positions (size 0: the needle is absent). */
function rarestGram(index: QGramIndex, foldedNeedle: string): { at: number; bucket: number; size: number } {
  let rarest = 0;
  let rarestBucket = index.bucketOf(foldedNeedle, 0);
  let rarestSize = index.bucketSize(rarestBucket);
  for (let j = 1; j + index.q <= foldedNeedle.length && rarestSize > 0; j++) {
    const bucket = index.bucketOf(foldedNeedle, j);
    const size = index.bucketSize(bucket);
    if (size < rarestSize) {
      rarest = j;
      rarestBucket = bucket;
      rarestSize = size;
    }
  }
  return { at: rarest, bucket: rarestBucket, size: rarestSize };
}

/** The q of the index `findOccurrences` looks a needle up in. */
function gramLengthFor(needle: string): GramLength {
  return needle.length >= LONG_GRAM ? LONG_GRAM : SHORT_GRAM;
}

/** True when the occurrence does not cut a word of the draft where the claim itself starts or ends a word. */
function isWordAligned(text: string, key: string, start: number, end: number): boolean {
  const startsWord = !isWordChar(key[0]) || !isWordChar(text[start - 1]);
  const endsWord = !isWordChar(key[key.length - 1]) || !isWordChar(text[end]);
  return startsWord && endsWord;
}

interface Occurrence {
  start: number;
  end: number;
  aligned: boolean;
  tier: number;
  context: number;
}

function chooseOccurrence(
  document: PreparedDocument,
  key: string,
  context: Context,
  starts: number[],
  claimIndex: number,
): ClaimAnchor {
  const hasContext = context.prefix !== undefined || context.suffix !== undefined;
  // Most claims: one occurrence and no context to weigh (what the general case below concludes as well).
  if (starts.length === 1 && !hasContext) {
    return { claimIndex, status: 'exact', span: document.sourceSpan(starts[0], starts[0] + key.length), score: 1 };
  }
  const occurrences: Occurrence[] = starts.map((start) => {
    const end = start + key.length;
    const fit = hasContext ? fitContext(document, context, start, end) : {};
    return { start, end, aligned: isWordAligned(document.text, key, start, end), tier: contextTier(fit), context: contextScore(fit) };
  });
  const topTier = Math.max(...occurrences.map((o) => o.tier));
  let pool = occurrences.filter((o) => o.tier === topTier);
  const bestContext = Math.max(...pool.map((o) => o.context));
  if (topTier > 0) pool = pool.filter((o) => o.context >= bestContext - CONTEXT_TIE);
  else if (pool.length > 1 && bestContext >= WEAK_CONTEXT_MIN) pool = pool.filter((o) => o.context >= bestContext - WEAK_CONTEXT_TIE);
  // Only when the context cannot decide: "Iran" should attach to "Iran", not to "Iranian".
  const aligned = pool.filter((o) => o.aligned);
  if (aligned.length > 0) pool = aligned;
  if (pool.length === 1) {
    const only = pool[0];
    const status = !hasContext || only.tier === 2 ? 'exact' : 'moved';
    return { claimIndex, status, span: document.sourceSpan(only.start, only.end), score: 1 };
  }
  const candidates = pool.map((o) => document.sourceSpan(o.start, o.end));
  return { claimIndex, status: 'ambiguous', span: candidates[0], score: 1, candidates };
}

interface Approximation {
  start: number;
  end: number;
  score: number;
}

/** The edits an approximate match of `m` characters may have and still pass the threshold; 0 when none can pass. */
function editBudget(m: number, threshold: number, document: PreparedDocument): number {
  // score = 1 - d / max(m, span) and span <= m + d, so d <= (1 - t) m / t is the most a passing match can have.
  const maxEdits = threshold <= 0 ? m : Math.min(m, Math.floor(((1 - threshold) * m) / threshold + 1e-9));
  if (threshold >= 1 || maxEdits < 1 || m < SHORT_GRAM || document.text.length < SHORT_GRAM) return 0;
  return maxEdits;
}

/** A claim that is not in the draft verbatim, with what its approximate search needs and has found. */
interface ApproximateClaim {
  claimIndex: number;
  key: string;
  foldedKey: string;
  context: Context;
  /** See `editBudget`; at least 1. */
  maxEdits: number;
  foldedMasks: PatternMasks;
  reversedMasks: PatternMasks;
  exactMasks: PatternMasks;
  /** Where the context now stands (see `contextOccurrences`), computed when the first match needs it. */
  excluded?: Span[];
  /** The passages found so far, best first. */
  found: Approximation[];
}

function newApproximateClaim(claimIndex: number, key: string, context: Context, maxEdits: number): ApproximateClaim {
  const foldedKey = foldCase(key);
  return {
    claimIndex,
    key,
    foldedKey,
    context,
    maxEdits,
    foldedMasks: new PatternMasks(foldedKey),
    reversedMasks: new PatternMasks(reverse(foldedKey)),
    exactMasks: new PatternMasks(key),
    found: [],
  };
}

/**
 * Anchors the claims that are not in the draft verbatim. Each one searches with six-character grams and, when
 * short and not yet found, retries with trigrams. The claims go through each stage together, so that each
 * index is built once, for the claims that use it (the retry is rare: no index of trigrams at all, usually).
 */
function anchorApproximately(document: PreparedDocument, claims: ApproximateClaim[], threshold: number, anchors: ClaimAnchor[]): void {
  for (const claim of claims) {
    for (const side of excludingSides(claim.context)) document.willLookUp(gramLengthFor(side.text), side.text);
  }
  const long = claims.filter((claim) => claim.key.length >= LONG_CLAIM);
  const longGrams = planVotes(document, LONG_GRAM, long);
  if (long.length > 0) willFindContexts(document, claims);
  const counters = newBandVotes(document.text.length);
  long.forEach((claim, k) => (claim.found = searchNear(document, claim, LONG_GRAM, longGrams[k], counters)));
  // In a short claim, an edit every few characters can leave no six-character gram intact although the claim
  // still passes: retry with trigrams. Longer claims keep intact long grams in practice, so they skip the retry
  // that would double the cost of every orphan.
  const retrying = claims.filter(
    (claim) => claim.key.length < SHORT_GRAM_RETRY_BELOW && (claim.found.length === 0 || claim.found[0].score < threshold),
  );
  const shortGrams = planVotes(document, SHORT_GRAM, retrying);
  retrying.forEach((claim, k) => {
    const retried = searchNear(document, claim, SHORT_GRAM, shortGrams[k], counters);
    if (retried.length > 0 && (claim.found.length === 0 || retried[0].score > claim.found[0].score)) claim.found = retried;
  });
  for (const claim of claims) anchors[claim.claimIndex] = settle(document, claim, threshold);
}

/**
 * Chooses the grams each claim will vote with in the index of q-grams, declaring all the claims' grams first:
 * the index keeps only the positions of the buckets it was told about.
 */
function planVotes(document: PreparedDocument, q: GramLength, claims: readonly ApproximateClaim[]): VotingGram[][] {
  if (claims.length === 0) return [];
  for (const claim of claims) document.willLookUp(q, claim.foldedKey);
  const index = document.index(q);
  const grams = claims.map((claim) => chooseVotingGrams(index, claim.foldedKey));
  // Only these buckets' positions are read, besides where the contexts stand (see `willFindContexts`).
  for (const claimGrams of grams) for (const gram of claimGrams) index.willRead(gram.bucket);
  return grams;
}

/**
 * Declares the buckets `contextOccurrences` will read to find where the claims' contexts stand, before the index
 * of their gram length sorts the positions it keeps (see QGramIndex.willRead).
 */
function willFindContexts(document: PreparedDocument, claims: readonly ApproximateClaim[]): void {
  for (const claim of claims) {
    for (const side of excludingSides(claim.context)) {
      // Excluding sides are long enough for the long grams' index, which is built by now.
      if (gramLengthFor(side.text) !== LONG_GRAM) continue;
      const index = document.index(LONG_GRAM);
      const rarest = rarestGram(index, foldCase(side.text));
      if (rarest.size > 0) index.willRead(rarest.bucket);
    }
  }
}

/** The sides of the context long enough to tell that a passage is the claim's former neighbour. */
function excludingSides(context: Context): ContextSide[] {
  const sides: ContextSide[] = [];
  if (context.prefix && context.prefix.text.length >= MIN_EXCLUDING_CONTEXT) sides.push(context.prefix);
  if (context.suffix && context.suffix.text.length >= MIN_EXCLUDING_CONTEXT) sides.push(context.suffix);
  return sides;
}

/** The passages of whole words most similar to the claim in the windows its grams vote for, best first. */
function searchNear(
  document: PreparedDocument,
  claim: ApproximateClaim,
  q: GramLength,
  grams: readonly VotingGram[],
  counters: BandVotes,
): Approximation[] {
  const found: Approximation[] = [];
  for (const band of voteForBands(document.index(q), grams, counters)) {
    for (const match of alignInBand(document, band, claim.key.length, claim.maxEdits, claim.foldedMasks, claim.reversedMasks, claim.exactMasks)) {
      claim.excluded ??= contextOccurrences(document, claim.context);
      if (claim.excluded.some((o) => overlapsSubstantially(o, match))) continue;
      const overlapping = found.findIndex((f) => f.start < match.end && match.start < f.end);
      if (overlapping < 0) found.push(match);
      else if (match.score > found[overlapping].score) found[overlapping] = match;
    }
  }
  return found.sort((a, b) => b.score - a.score || a.start - b.start);
}

/** The anchor of a claim from the passages its searches found. */
function settle(document: PreparedDocument, claim: ApproximateClaim, threshold: number): ClaimAnchor {
  const { claimIndex, context, found } = claim;
  const best = found[0];
  if (!best || best.score < threshold) return { claimIndex, status: 'orphaned', score: best ? best.score : 0 };

  let tied = found.filter((f) => f.score >= threshold && f.score >= best.score - FUZZY_TIE);
  if (tied.length > 1 && (context.prefix || context.suffix)) {
    const scored = tied.map((f) => ({ f, context: contextScore(fitContext(document, context, f.start, f.end)) }));
    const bestContext = Math.max(...scored.map((s) => s.context));
    const byContext = scored.filter((s) => s.context >= bestContext - CONTEXT_TIE).map((s) => s.f);
    if (byContext.length === 1) tied = byContext;
  }
  if (tied.length > 1) {
    const top = Math.max(...tied.map((f) => f.score));
    tied = tied.filter((f) => f.score >= top - 1e-9);
  }
  if (tied.length === 1) {
    return { claimIndex, status: 'fuzzy', span: document.sourceSpan(tied[0].start, tied[0].end), score: tied[0].score };
  }
  tied.sort((a, b) => a.start - b.start);
  const candidates = tied.map((f) => document.sourceSpan(f.start, f.end));
  return { claimIndex, status: 'ambiguous', span: candidates[0], score: tied[0].score, candidates };
}

/**
 * Where the claim's own prefix and suffix now stand in the draft (case-insensitive, exact). An approximate match
 * that covers one of them is the claim's former neighbour, not the claim: when a claimed sentence is deleted or
 * rewritten, the sentence that followed it must not inherit it because it looks alike.
 */
function contextOccurrences(document: PreparedDocument, context: Context): Span[] {
  const spans: Span[] = [];
  for (const side of excludingSides(context)) {
    const starts = findOccurrences(document, side.text, document.folded, MAX_EXCLUDING_OCCURRENCES + 1);
    if (starts.length > MAX_EXCLUDING_OCCURRENCES) continue;
    for (const start of starts) spans.push({ start, end: start + side.text.length });
  }
  return spans;
}

function overlapsSubstantially(context: Span, match: Approximation): boolean {
  const overlap = Math.min(context.end, match.end) - Math.max(context.start, match.start);
  return overlap > 0 && overlap * 2 >= Math.min(context.end - context.start, match.end - match.start);
}

/** One of the grams a claim votes with: where it starts in the claim, its bucket, and its sampling step. */
interface VotingGram {
  at: number;
  bucket: number;
  step: number;
}

/**
 * The claim's rarest q-grams (by bucket size, then position) that occur in the draft, as many as fit in
 * POSTINGS_BUDGET positions. Even the rarest gram may be everywhere (a draft that repeats itself): then a spread
 * sample of its positions votes (`step`).
 */
function chooseVotingGrams(index: QGramIndex, foldedKey: string): VotingGram[] {
  const count = Math.max(0, foldedKey.length - index.q + 1);
  // Hashed once, when the index was told which buckets to keep.
  const buckets = index.bucketsOf(foldedKey);
  // Each gram as size * count + position: sorting these numbers sorts by size, then position, natively (sizes
  // times positions stay far below 2^53, so the numbers are exact).
  const order = new Float64Array(count);
  let present = 0;
  for (let at = 0; at < count; at++) {
    const size = index.bucketSize(buckets[at]);
    if (size > 0) order[present++] = size * count + at;
  }
  const sorted = order.subarray(0, present).sort();
  const grams: VotingGram[] = [];
  let spent = 0;
  for (let k = 0; k < present; k++) {
    const size = Math.floor(sorted[k] / count);
    const at = sorted[k] - size * count;
    if (grams.length > 0 && spent + size > POSTINGS_BUDGET) break;
    const step = Math.max(1, Math.ceil(size / POSTINGS_BUDGET));
    spent += Math.ceil(size / step);
    grams.push({ at, bucket: buckets[at], step });
  }
  return grams;
}

/**
 * The bands (of BAND diagonals) where the claim most probably starts, best first: its voting grams vote for
 * the start their occurrences imply, and a band's weight includes its neighbours because edits shift diagonals.
 */
function voteForBands(index: QGramIndex, grams: readonly VotingGram[], counters: BandVotes): number[] {
  const { votes, touched, shortlistBands, shortlistWeights } = counters;
  let touchedCount = 0;
  // Indexed loops rather than for…of: once optimised, an array iterator is more code to compile for no gain here.
  for (let g = 0; g < grams.length; g++) {
    const gram = grams[g];
    // Positions of other grams that share the bucket vote too: rare with a table as large as the text, and a
    // stray vote only costs a window alignment that fails.
    touchedCount = castVotes(index.positionsOf(gram.bucket), gram.step, gram.at, votes, touched, touchedCount);
  }
  const minimumVotes = grams.length >= 4 ? 2 : 1;
  const listed = shortlistHeaviest(votes, touched, touchedCount, minimumVotes, shortlistBands, shortlistWeights);
  const chosen: number[] = [];
  // A window with less than half the votes of the best one rarely holds a better match, and aligning it costs
  // as much as aligning the best: for long claims that is most of the work.
  const enough = listed > 0 ? shortlistWeights[0] / 2 : 0;
  for (let k = 0; k < listed; k++) {
    if (chosen.length === MAX_WINDOWS || shortlistWeights[k] < enough) break;
    const band = shortlistBands[k];
    let apart = true;
    for (let c = 0; c < chosen.length; c++) if (Math.abs(chosen[c] - band) < 3) apart = false;
    if (apart) chosen.push(band);
  }
  for (let t = 0; t < touchedCount; t++) votes[touched[t]] = 0;
  return chosen;
}

/**
 * Adds one vote per sampled position (every `step`-th) to the band of the diagonal where the claim would start,
 * listing each band on its first vote; returns the new count of listed bands. The vote loops are functions of
 * their own, and small: they run about 370K times per cold run on the benchmark draft, spread over a few hundred
 * calls, and V8 optimises a small function after far fewer iterations than the whole of voteForBands, which
 * spent most of its cold time in the interpreter.
 */
function castVotes(positions: Int32Array, step: number, gramAt: number, votes: Int32Array, touched: Int32Array, touchedCount: number): number {
  for (let k = 0; k < positions.length; k += step) {
    const diagonal = positions[k] - gramAt;
    // A shift rather than a division: this runs once per vote, often before V8 has optimised it.
    const band = diagonal <= 0 ? 0 : diagonal >> BAND_BITS;
    if (votes[band]++ === 0) touched[touchedCount++] = band;
  }
  return touchedCount;
}

/**
 * A strong start lights up a few neighbouring bands, so keep a short list of the heaviest and pick peaks in it
 * (heaviest first; among equals, the first touched). A band weighs its votes and its neighbours'. Fills
 * `shortlistBands`/`shortlistWeights` (SHORTLIST_SIZE long) and returns how many entries it listed.
 */
function shortlistHeaviest(
  votes: Int32Array,
  touched: Int32Array,
  touchedCount: number,
  minimumVotes: number,
  shortlistBands: Int32Array,
  shortlistWeights: Int32Array,
): number {
  let listed = 0;
  for (let t = 0; t < touchedCount; t++) {
    const band = touched[t];
    const weight = votes[band] + (band > 0 ? votes[band - 1] : 0) + votes[band + 1];
    if (weight < minimumVotes) continue;
    if (listed === SHORTLIST_SIZE && weight <= shortlistWeights[listed - 1]) continue;
    // When the list is full, its lightest entry makes room.
    let at = listed === SHORTLIST_SIZE ? listed - 1 : listed++;
    while (at > 0 && shortlistWeights[at - 1] < weight) {
      shortlistBands[at] = shortlistBands[at - 1];
      shortlistWeights[at] = shortlistWeights[at - 1];
      at--;
    }
    shortlistBands[at] = band;
    shortlistWeights[at] = weight;
  }
  return listed;
}

/**
 * Aligns the claim inside the window of one band and snaps each good alignment to whole words. A window can
 * hold a near-duplicate right after the first match, so up to MATCHES_PER_WINDOW separate ends are followed.
 */
function alignInBand(
  document: PreparedDocument,
  band: number,
  m: number,
  maxEdits: number,
  foldedMasks: PatternMasks,
  reversedMasks: PatternMasks,
  exactMasks: PatternMasks,
): Approximation[] {
  const folded = document.folded;
  const from = Math.max(0, (band - 1) * BAND - maxEdits);
  const to = Math.min(folded.length, (band + 2) * BAND + m + maxEdits);
  if (to <= from) return [];
  const columns = columnBuffer(to - from);
  scanEditDistances(foldedMasks, folded, from, to, 'semiGlobal', false, columns);
  const ends: number[] = [];
  const separation = Math.max(1, Math.ceil(m / 2));
  while (ends.length < MATCHES_PER_WINDOW) {
    let distance = maxEdits + 1;
    let endColumn = -1;
    for (let k = 0; k < to - from; k++) {
      if (columns[k] < distance && isSeparated(ends, from + k + 1, separation)) {
        distance = columns[k];
        endColumn = k;
      }
    }
    if (endColumn < 0) break;
    ends.push(from + endColumn + 1);
  }
  const found: Approximation[] = [];
  for (const end of ends) {
    // Reading backwards from the end, the claim reversed must start there: the best column is the start.
    const reachStart = Math.max(from, end - m - maxEdits);
    const written = scanEditDistances(reversedMasks, folded, reachStart, end, 'anchored', true, columns);
    let startLength = -1;
    let startDistance = Number.POSITIVE_INFINITY;
    for (let k = 0; k < written; k++) {
      const length = k + 1;
      if (columns[k] < startDistance || (columns[k] === startDistance && Math.abs(length - m) < Math.abs(startLength - m))) {
        startDistance = columns[k];
        startLength = length;
      }
    }
    if (startLength < 0) continue;
    const snapped = snapToWords(document, end - startLength, end, m, exactMasks);
    if (snapped) found.push(snapped);
  }
  return found;
}

/** True when `end` is at least `separation` away from every end already taken. */
function isSeparated(ends: readonly number[], end: number, separation: number): boolean {
  for (let k = 0; k < ends.length; k++) if (Math.abs(ends[k] - end) < separation) return false;
  return true;
}

/**
 * Of the whole-word spans around [start, end) (a cut word either taken in full or left out), the one most
 * similar to the claim, compared case-sensitively; its score is 1 - edit distance / longer length.
 */
function snapToWords(document: PreparedDocument, start: number, end: number, m: number, exactMasks: PatternMasks): Approximation | undefined {
  const text = document.text;
  // At most two candidate starts and two ends: locals rather than sets (this runs for every aligned match).
  let firstStart = start;
  let secondStart = -1;
  if (isWordUnit(text, start - 1) && isWordUnit(text, start)) {
    let back = start;
    while (back > 0 && isWordUnit(text, back - 1)) back--;
    let forward = start;
    while (forward < end && isWordUnit(text, forward)) forward++;
    while (forward < end && !isWordUnit(text, forward)) forward++;
    firstStart = back;
    if (forward !== back) secondStart = forward;
  }
  let firstEnd = end;
  let secondEnd = -1;
  if (isWordUnit(text, end - 1) && isWordUnit(text, end)) {
    let forward = end;
    while (forward < text.length && isWordUnit(text, forward)) forward++;
    let back = end;
    while (back > start && isWordUnit(text, back - 1)) back--;
    while (back > start && !isWordUnit(text, back - 1)) back--;
    firstEnd = forward;
    if (back !== forward) secondEnd = back;
  }

  let best: Approximation | undefined;
  for (let i = 0; i < 2; i++) {
    const rawStart = i === 0 ? firstStart : secondStart;
    if (rawStart < 0) continue;
    for (let j = 0; j < 2; j++) {
      const rawEnd = j === 0 ? firstEnd : secondEnd;
      if (rawEnd < 0) continue;
      let s = rawStart;
      let e = rawEnd;
      while (s < e && isLayoutChar(text.charCodeAt(s))) s++;
      while (e > s && isLayoutChar(text.charCodeAt(e - 1))) e--;
      s = clampToCodePoint(text, s);
      e = clampToCodePoint(text, e) < e ? e + 1 : e;
      if (e <= s) continue;
      const distance = globalEditDistance(exactMasks, text, s, e);
      const score = Math.max(0, 1 - distance / Math.max(m, e - s));
      if (!best || score > best.score) best = { start: s, end: e, score };
    }
  }
  return best;
}

/**
 * `isWordChar` of the unit at `at` (false outside the text), answering ASCII without a regular expression: a
 * unit of it is a word character exactly when it is a letter, a digit or "_".
 */
function isWordUnit(text: string, at: number): boolean {
  if (at < 0 || at >= text.length) return false;
  const c = text.charCodeAt(at);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
  return isWordChar(text[at]);
}
