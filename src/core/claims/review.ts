/**
 * Claim review that stays honest after edits. When an editor marks a claim verified, the sidecar stores a
 * fingerprint of what was verified: the claim's text as the draft shows it and the record of every source it
 * cites. A later lint recomputes the fingerprint; a difference means the claim is stale (rule `claim-stale`).
 *
 * Fingerprint format (documented in docs/sidecar.md), one line of space-separated parts:
 *
 *     t:1a2b3c4d s:fdd-2022=5e6f7a8b,news-2022=9c0d1e2f
 *
 * `t:` is the hash of the anchored text, `s:` lists `key=hash` for each cited source (in the claim's order,
 * each key once; absent when the claim cites none). Hashes are 32-bit FNV-1a over UTF-8 bytes, as eight
 * lower-case hex digits. Unknown parts are ignored, so the format can grow.
 *
 * Pure: no Node modules, no 'vscode' (the hash is written here rather than taken from `crypto`).
 */
import type { ClaimAnchor, DocumentAnalysis } from '../analysis';
import type { Finding, Span } from '../types';
import { PLACEHOLDER, type ProseBlock } from '../markdown/types';
import { claimSourceKey, type Claim, type ClaimSourceRef, type ClaimStatus, type Source } from '../sidecar/schema';
import { foldTypography } from '../text/normalize';

/** The parts of a claim's fingerprint: the hash of its text and one hash per cited source key. */
export interface ClaimFingerprint {
  text: string;
  /** Source key → hash, in the order the claim cites them. */
  sources: Map<string, string>;
}

/** Hash written for a cited key that no sidecar or registry defines, so that defining it later counts as a change. */
export const UNDEFINED_SOURCE_HASH = '-';

/** 32-bit FNV-1a of the UTF-8 bytes of `text`, as eight lower-case hex digits. */
export function fnv1a32(text: string): string {
  let hash = 0x811c9dc5;
  const add = (byte: number) => {
    hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  };
  // UTF-8 encoded on the fly: hashing runs for every verified claim on every lint, an encoder's buffer per call is waste.
  for (let i = 0; i < text.length; i++) {
    let code = text.codePointAt(i)!;
    if (code > 0xffff) i++;
    else if (code >= 0xd800 && code <= 0xdfff) code = 0xfffd; // a lone surrogate, as TextEncoder writes it
    if (code < 0x80) add(code);
    else if (code < 0x800) {
      add(0xc0 | (code >> 6));
      add(0x80 | (code & 63));
    } else if (code < 0x10000) {
      add(0xe0 | (code >> 12));
      add(0x80 | ((code >> 6) & 63));
      add(0x80 | (code & 63));
    } else {
      add(0xf0 | (code >> 18));
      add(0x80 | ((code >> 12) & 63));
      add(0x80 | ((code >> 6) & 63));
      add(0x80 | (code & 63));
    }
  }
  return hash.toString(16).padStart(8, '0');
}

/**
 * Folds what an edit of form alone changes: typographic quotes, dashes and spaces, runs of whitespace and line
 * breaks, leading and trailing space. Case and every word stay: "US" and "us" are different claims.
 */
export function normalizeReviewText(text: string): string {
  return foldTypography(text).replace(/\s+/g, ' ').trim();
}

/**
 * JSON with object keys sorted at every level and strings normalised like claim text, so that reordering the
 * fields of a source or re-wrapping its title does not count as a change.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return JSON.stringify(normalizeReviewText(value));
  if (typeof value === 'number' || typeof value === 'boolean') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, entry]) => entry !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${canonicalJson(entry)}`).join(',')}}`;
  }
  return 'null';
}

/**
 * The hash of one cited source as the claim relies on it: the source's record (every field; a single author is
 * the same as a list of one) and the claim's own locator and quote for it. Undefined sources hash to `-`.
 */
export function sourceHash(source: Source | undefined, ref: ClaimSourceRef): string {
  if (!source) return UNDEFINED_SOURCE_HASH;
  const cited = typeof ref === 'string' ? '' : canonicalJson({ locator: ref.locator, quote: ref.quote });
  // Many claims cite the same source the same way: the record is serialised once per loaded source.
  let bySource = sourceHashes.get(source);
  if (!bySource) sourceHashes.set(source, (bySource = new Map()));
  let hash = bySource.get(cited);
  if (hash === undefined) {
    const record: Record<string, unknown> = { ...source };
    if (typeof record.author === 'string') record.author = [record.author];
    hash = fnv1a32(`{"cited":${cited || '{}'},"record":${canonicalJson(record)}}`);
    bySource.set(cited, hash);
  }
  return hash;
}

const sourceHashes = new WeakMap<object, Map<string, string>>();

/**
 * The text of the draft at `span` as a reader sees it: Markdown emphasis and link syntax removed, citation
 * markers dropped (they are covered by the source part), inline code kept as written. Text outside prose
 * (a code block) is taken as it stands.
 */
export function anchoredText(analysis: DocumentAnalysis, span: Span): string {
  const parts: string[] = [];
  let covered = false;
  for (const block of blocksOverlapping(analysis, span)) {
    // sourceStarts grows with the index: the characters inside the span are one run of the block's text.
    const first = firstAtOrAfter(block.sourceStarts, span.start);
    let last = first;
    while (last < block.text.length && block.sourceStarts[last] < span.end && block.sourceEnds[last] <= span.end) last++;
    if (last > first) covered = true;
    let text = block.text.slice(first, last);
    if (/[\uE000\uFFFC]/.test(text)) {
      text = '';
      for (let i = first; i < last; i++) {
        const character = block.text[i];
        if (character === PLACEHOLDER.citation) continue;
        text += character === PLACEHOLDER.code ? codeContent(analysis.text.slice(block.sourceStarts[i], block.sourceEnds[i])) : character;
      }
    }
    if (text) parts.push(text);
  }
  return normalizeReviewText(covered ? parts.join(' ') : analysis.text.slice(span.start, span.end));
}

/** Blocks sorted by start, per analysis, so that each claim finds its blocks by binary search. */
const sortedBlocks = new WeakMap<object, ProseBlock[]>();

function blocksOverlapping(analysis: DocumentAnalysis, span: Span): ProseBlock[] {
  let blocks = sortedBlocks.get(analysis.markdown);
  if (!blocks) {
    blocks = [...analysis.markdown.blocks].sort((a, b) => a.span.start - b.span.start);
    sortedBlocks.set(analysis.markdown, blocks);
  }
  // Blocks never overlap each other, so those ending after span.start start at one index and run in order.
  let low = 0;
  let high = blocks.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (blocks[mid].span.end <= span.start) low = mid + 1;
    else high = mid;
  }
  const found: ProseBlock[] = [];
  for (let i = low; i < blocks.length && blocks[i].span.start < span.end; i++) if (blocks[i].span.end > span.start) found.push(blocks[i]);
  return found;
}

function firstAtOrAfter(sorted: ArrayLike<number>, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (sorted[mid] < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** What a code placeholder stands for that a reader reads: inline code and math keep their content; tags and images none. */
function codeContent(source: string): string {
  if (source.startsWith('`')) return source.replace(/^`+ ?/, '').replace(/ ?`+$/, '');
  if (source.startsWith('$')) return source;
  return '';
}

function anchorOf(analysis: DocumentAnalysis, claimIndex: number): ClaimAnchor | undefined {
  return analysis.claimAnchors[claimIndex]?.claimIndex === claimIndex ? analysis.claimAnchors[claimIndex] : analysis.claimAnchors.find((candidate) => candidate.claimIndex === claimIndex);
}

/** The fingerprint of claim `claimIndex` as the draft and catalog stand now; undefined when it attaches nowhere. */
export function currentFingerprint(analysis: DocumentAnalysis, claimIndex: number): ClaimFingerprint | undefined {
  const record = analysis.catalog.claims[claimIndex];
  const anchor = anchorOf(analysis, claimIndex);
  if (!record || !anchor?.span || anchor.status === 'orphaned') return undefined;
  return fingerprintOf(anchoredText(analysis, anchor.span), record.claim, (key) => analysis.catalog.sources.get(key)?.source);
}

/** The fingerprint of a claim given its anchored text (already as a reader sees it) and a source lookup. */
export function fingerprintOf(text: string, claim: Pick<Claim, 'sources'>, sourceOf: (key: string) => Source | undefined): ClaimFingerprint {
  const sources = new Map<string, string>();
  for (const ref of claim.sources) {
    const key = claimSourceKey(ref);
    if (!sources.has(key)) sources.set(key, sourceHash(sourceOf(key), ref));
  }
  return { text: fnv1a32(normalizeReviewText(text)), sources };
}

/** The string stored in the sidecar's `fingerprint:` field. */
export function formatFingerprint(fingerprint: ClaimFingerprint): string {
  const sources = [...fingerprint.sources].map(([key, hash]) => `${key}=${hash}`).join(',');
  return sources ? `t:${fingerprint.text} s:${sources}` : `t:${fingerprint.text}`;
}

/** Reads a stored fingerprint; undefined when it has no readable text part (hand-edited or corrupted). */
export function parseFingerprint(value: string): ClaimFingerprint | undefined {
  let text: string | undefined;
  const sources = new Map<string, string>();
  for (const part of value.trim().split(/\s+/)) {
    if (part.startsWith('t:')) {
      if (!/^[0-9a-f]{8}$/.test(part.slice(2))) return undefined;
      text = part.slice(2);
    } else if (part.startsWith('s:')) {
      for (const item of part.slice(2).split(',')) {
        if (!item) continue;
        const equals = item.lastIndexOf('=');
        if (equals <= 0) return undefined;
        sources.set(item.slice(0, equals), item.slice(equals + 1));
      }
    }
  }
  return text === undefined ? undefined : { text, sources };
}

/** What differs between the fingerprint stored at verification and the one computed now. */
export interface FingerprintChanges {
  textChanged: boolean;
  /** Sources cited then and now whose record (or the claim's locator or quote for them) changed. */
  changedSources: string[];
  /** Sources the claim cites now but did not then. */
  addedSources: string[];
  /** Sources the claim cited then but no longer does. */
  removedSources: string[];
}

/** Compares two fingerprints part by part; the order of the sources does not matter. */
export function compareFingerprints(stored: ClaimFingerprint, current: ClaimFingerprint): FingerprintChanges {
  const changes: FingerprintChanges = { textChanged: stored.text !== current.text, changedSources: [], addedSources: [], removedSources: [] };
  for (const [key, hash] of current.sources) {
    const before = stored.sources.get(key);
    if (before === undefined) changes.addedSources.push(key);
    else if (before !== hash) changes.changedSources.push(key);
  }
  for (const key of stored.sources.keys()) if (!current.sources.has(key)) changes.removedSources.push(key);
  return changes;
}

/** Whether anything differs. */
export function hasChanges(changes: FingerprintChanges): boolean {
  return changes.textChanged || changes.changedSources.length > 0 || changes.addedSources.length > 0 || changes.removedSources.length > 0;
}

/** Why a verified claim is stale. */
export type StaleReason =
  | { kind: 'changed'; changes: FingerprintChanges }
  | { kind: 'missing' }
  | { kind: 'unreadable' };

/** A verified claim whose verification no longer covers what the draft and the catalog say. */
export interface StaleClaim {
  claimIndex: number;
  /** Where the claim attaches in the draft. */
  span: Span;
  reason: StaleReason;
}

/**
 * Whether verified claim `claimIndex` is stale, and why. Undefined for claims that are not verified, that attach
 * nowhere (claim-orphaned reports those) or whose fingerprint still matches.
 */
export function staleness(analysis: DocumentAnalysis, claimIndex: number, anchor = anchorOf(analysis, claimIndex)): StaleClaim | undefined {
  const record = analysis.catalog.claims[claimIndex];
  if (!record || record.claim.status !== 'verified' || record.claim.text.startsWith('\u0000')) return undefined;
  if (!anchor?.span || anchor.status === 'orphaned') return undefined;
  const current = fingerprintOf(anchoredText(analysis, anchor.span), record.claim, (key) => analysis.catalog.sources.get(key)?.source);
  const stored = record.claim.fingerprint;
  if (stored === undefined || stored.trim() === '') return { claimIndex, span: anchor.span, reason: { kind: 'missing' } };
  const parsed = parseFingerprint(stored);
  if (!parsed) return { claimIndex, span: anchor.span, reason: { kind: 'unreadable' } };
  const changes = compareFingerprints(parsed, current);
  return hasChanges(changes) ? { claimIndex, span: anchor.span, reason: { kind: 'changed', changes } } : undefined;
}

/** Every stale claim of the draft, in sidecar order. */
export function staleClaims(analysis: DocumentAnalysis): StaleClaim[] {
  const stale: StaleClaim[] = [];
  // One lookup table rather than a search per claim: drafts with thousands of claims stay linear.
  const anchors = new Map(analysis.claimAnchors.map((anchor) => [anchor.claimIndex, anchor]));
  for (const record of analysis.catalog.claims) {
    if (record.claim.status !== 'verified') continue;
    const found = staleness(analysis, record.index, anchors.get(record.index));
    if (found) stale.push(found);
  }
  return stale;
}

function listKeys(keys: readonly string[]): string {
  if (keys.length <= 1) return keys.join('');
  return `${keys.slice(0, -1).join(', ')} and ${keys[keys.length - 1]}`;
}

/** "since Ana verified it on 2026-11-20", with whatever of the two the claim records. */
export function sinceVerification(claim: Pick<Claim, 'reviewer' | 'reviewed'>): string {
  const on = claim.reviewed ? ` on ${claim.reviewed}` : '';
  return claim.reviewer ? `since ${claim.reviewer} verified it${on}` : `since it was verified${on}`;
}

/** The message of a stale claim, in words a writer understands: what changed and since when. */
export function describeStaleness(claim: Pick<Claim, 'reviewer' | 'reviewed'>, reason: StaleReason): string {
  const since = sinceVerification(claim);
  if (reason.kind === 'missing') {
    return `This claim is marked verified but has no fingerprint, so Sourced cannot tell whether its text or its sources changed ${since}. Check it, then mark it verified again to record one.`;
  }
  if (reason.kind === 'unreadable') {
    return `This claim's fingerprint cannot be read (was it edited by hand?), so Sourced cannot tell whether its text or its sources changed ${since}. Check it, then mark it verified again.`;
  }
  const { changes } = reason;
  const what: string[] = [];
  if (changes.textChanged) what.push('the sentence was edited');
  if (changes.changedSources.length > 0) what.push(`${changes.changedSources.length === 1 ? 'source' : 'sources'} ${listKeys(changes.changedSources)} changed`);
  if (changes.addedSources.length > 0) what.push(`${listKeys(changes.addedSources)} ${changes.addedSources.length === 1 ? 'was' : 'were'} added to its sources`);
  if (changes.removedSources.length > 0) what.push(`${listKeys(changes.removedSources)} ${changes.removedSources.length === 1 ? 'was' : 'were'} removed from its sources`);
  const sentence = what.length === 1 ? what[0] : `${what.slice(0, -1).join(', ')} and ${what[what.length - 1]}`;
  return `${sentence[0].toUpperCase()}${sentence.slice(1)} ${since}. Check the claim against its sources again, then mark it verified or disputed.`;
}

// ---------------------------------------------------------------------------------------------------------------
// What the editor's desk shows per paragraph and walks through.

/** How a claim stands for review: its status, with stale verified claims apart. */
export type ReviewState = ClaimStatus | 'stale';

/** Claims and uncited assertions of one paragraph, for the CodeLens above it. */
export interface ParagraphReview {
  /** The paragraph (for a table, the row) in the draft. */
  span: Span;
  /** Claims anchored in it, in document order. */
  claimIndices: number[];
  counts: Record<ReviewState, number>;
  /** Uncited-assertion findings that start in it. */
  uncited: number;
}

/** The review state of every claim that is not orphaned, by claim index. */
export function reviewStates(analysis: DocumentAnalysis): Map<number, ReviewState> {
  const stale = new Set(staleClaims(analysis).map((claim) => claim.claimIndex));
  const states = new Map<number, ReviewState>();
  for (const record of analysis.catalog.claims) {
    if (record.claim.text.startsWith('\u0000')) continue;
    states.set(record.index, stale.has(record.index) ? 'stale' : record.claim.status);
  }
  return states;
}

/**
 * Groups the claims anchored in the draft by paragraph (cells of one table row count as one paragraph), with
 * their review states and the uncited assertions of the same paragraph. Only paragraphs with claims are listed,
 * in document order. `findings` are the lint findings: uncited assertions are counted as the writer sees them
 * (suppressed and accepted sentences are not).
 */
export function paragraphReviews(analysis: DocumentAnalysis, findings: readonly Finding[], states = reviewStates(analysis)): ParagraphReview[] {
  const byStart = new Map<number, ParagraphReview>();
  const paragraphOf = (offset: number): Span | undefined => {
    const block = analysis.markdown.blocks.find((candidate) => candidate.span.start <= offset && offset < Math.max(candidate.span.end, candidate.span.start + 1));
    if (!block) return undefined;
    if (block.kind !== 'table-cell') return block.span;
    const start = analysis.text.lastIndexOf('\n', block.span.start - 1) + 1;
    const newline = analysis.text.indexOf('\n', block.span.end);
    return { start, end: newline < 0 ? analysis.text.length : newline };
  };
  const anchors = [...analysis.claimAnchors].filter((anchor) => anchor.span && anchor.status !== 'orphaned').sort((a, b) => a.span!.start - b.span!.start);
  for (const anchor of anchors) {
    const state = states.get(anchor.claimIndex);
    if (!state) continue;
    const span = paragraphOf(anchor.span!.start) ?? lineAround(analysis.text, anchor.span!);
    let paragraph = byStart.get(span.start);
    if (!paragraph) {
      paragraph = { span, claimIndices: [], counts: { verified: 0, disputed: 0, unverified: 0, stale: 0 }, uncited: 0 };
      byStart.set(span.start, paragraph);
    }
    paragraph.claimIndices.push(anchor.claimIndex);
    paragraph.counts[state]++;
  }
  const paragraphs = [...byStart.values()].sort((a, b) => a.span.start - b.span.start);
  for (const finding of findings) {
    if (finding.ruleId !== 'uncited-assertion' || finding.uri !== analysis.uri) continue;
    const paragraph = paragraphs.find((candidate) => candidate.span.start <= finding.span.start && finding.span.start < candidate.span.end);
    if (paragraph) paragraph.uncited++;
  }
  return paragraphs;
}

function lineAround(text: string, span: Span): Span {
  const start = text.lastIndexOf('\n', span.start - 1) + 1;
  const newline = text.indexOf('\n', span.end);
  return { start, end: newline < 0 ? text.length : newline };
}

function count(value: number, one: string, many = `${one}s`): string {
  return `${value} ${value === 1 ? one : many}`;
}

/**
 * The CodeLens title of a paragraph: "3 claims · 1 stale · 1 unverified · 1 uncited". States that need nobody's
 * attention (verified) are left out unless everything is verified: "2 claims · all verified".
 */
export function paragraphReviewTitle(paragraph: ParagraphReview): string {
  const total = paragraph.claimIndices.length;
  const parts = [count(total, 'claim')];
  for (const state of ['stale', 'disputed', 'unverified'] as const) {
    if (paragraph.counts[state] > 0) parts.push(`${paragraph.counts[state]} ${state}`);
  }
  if (parts.length === 1 && paragraph.counts.verified === total) parts.push(total === 1 ? 'verified' : 'all verified');
  if (paragraph.uncited > 0) parts.push(`${paragraph.uncited} uncited`);
  return parts.join(' · ');
}

/**
 * The claims "Review claims" walks through, in document order: unverified and stale ones, within `scope` when
 * given. When a scope holds none of those (a CodeLens on a paragraph whose claims are all settled), every claim
 * in it is offered, so that the editor can still revisit them.
 */
export function reviewQueue(analysis: DocumentAnalysis, scope?: Span, states = reviewStates(analysis)): number[] {
  const anchored = analysis.claimAnchors
    .filter((anchor) => anchor.span && anchor.status !== 'orphaned' && states.has(anchor.claimIndex))
    .filter((anchor) => !scope || (anchor.span!.start < scope.end && scope.start < anchor.span!.end) || (anchor.span!.start === scope.start && scope.start === scope.end))
    .sort((a, b) => a.span!.start - b.span!.start || a.claimIndex - b.claimIndex);
  const pending = anchored.filter((anchor) => {
    const state = states.get(anchor.claimIndex);
    return state === 'unverified' || state === 'stale';
  });
  return (pending.length > 0 || !scope ? pending : anchored).map((anchor) => anchor.claimIndex);
}
