/**
 * The engine's entry points: `analyzeDocument` turns a draft and its catalog into a `DocumentAnalysis`;
 * `lintDocument` runs the rules over it. The CLI and the extension call exactly these, so the editor and CI
 * can never disagree.
 */
import type { Catalog, ClaimAnchor, DocumentAnalysis, EntityMention, SentenceInfo, SourceRecord } from './analysis';
import { anchorClaims } from './claims/anchor';
import { isSuppressed } from './claims/citedShare';
import { detectAssertion, type AssertionOptions, type DetectedAssertion } from './claims/assertions';
import type { ResolvedSettings } from './config';
import { EntityMatcher, patternsFromEntities } from './entities/matcher';
import { analyzeMarkdown } from './markdown/analyze';
import { toSourceSpan, type Citation, type MarkdownAnalysis, type ProseBlock } from './markdown/types';
import { RULES } from './rules/index';
import type { RuleContext } from './rules/rule';
import { buildCatalog, type LoadedSidecar } from './sidecar/load';
import { LineIndex } from './text/lineIndex';
import { foldTypography } from './text/normalize';
import { sentenceBounds, splitSentences } from './text/sentences';
import { NEVER_CANCELLED, spansOverlap, type CancellationToken, type Finding, type Span } from './types';

export interface LintInput {
  /** Where the draft is (a path or URI string); findings in the draft carry it. */
  uri: string;
  text: string;
  /** The draft's own sidecar, when it has one. */
  sidecar?: LoadedSidecar;
  /** Shared registries included by the project config. */
  registries?: readonly LoadedSidecar[];
  /** Sources from the draft's front matter `bibliography:` files (`loadDraftBibliographies` in project.ts). */
  extraSources?: readonly SourceRecord[];
  settings: ResolvedSettings;
  /**
   * `analyzeMarkdown(text)`, when the caller already has it: the CLI parses the draft first so that another
   * thread can judge its sentences while this one loads the sidecar and anchors the claims.
   */
  markdown?: MarkdownAnalysis;
  /** Judges a sentence in place of the built-in detector; it must give the same answers (say, computed elsewhere). */
  detectAssertion?: AssertionDetector;
}

/** The signature of the assertion detector, so that a caller can answer from results it computed elsewhere. */
export type AssertionDetector = (sentence: string, options: AssertionOptions) => DetectedAssertion | undefined;

export interface LintResult {
  analysis: DocumentAnalysis;
  /** Findings in the draft and in its sidecar (their `uri` says which), sorted by file and position. */
  findings: Finding[];
}

/**
 * Builds entity matchers once per set of loaded sidecars. The editor re-lints on every pause in typing while
 * the sidecar stays the same object, so this turns the matcher build into a lookup.
 */
const matcherCache = new WeakMap<object, { registries: readonly LoadedSidecar[]; matcher: EntityMatcher }>();
const NO_SIDECAR = {};

function matcherFor(catalog: Catalog, sidecar: LoadedSidecar | undefined, registries: readonly LoadedSidecar[]): EntityMatcher {
  const key = sidecar ?? NO_SIDECAR;
  const cached = matcherCache.get(key);
  if (cached && sameItems(cached.registries, registries)) return cached.matcher;
  const matcher = EntityMatcher.build(patternsFromEntities(catalog.entities.values()));
  matcherCache.set(key, { registries: [...registries], matcher });
  return matcher;
}

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((item, index) => item === b[index]);
}

/** Analyses a draft: prose, citations, entity mentions, claim anchors and sentences with their assertion cues. */
export function analyzeDocument(input: LintInput, token: CancellationToken = NEVER_CANCELLED): DocumentAnalysis {
  const registries = input.registries ?? [];
  const catalog = buildCatalog(input.sidecar, registries, input.extraSources);
  const lines = new LineIndex(input.text);
  const markdown = input.markdown ?? analyzeMarkdown(input.text);
  const analysis: DocumentAnalysis = {
    uri: input.uri,
    text: input.text,
    lines,
    markdown,
    catalog,
    mentions: [],
    claimAnchors: [],
    sentences: [],
  };
  if (token.isCancellationRequested) return analysis;
  findMentionsOnFirstRead(analysis, () => findMentions(markdown, matcherFor(catalog, input.sidecar, registries)));
  analysis.claimAnchors = anchorClaims(
    input.text,
    catalog.claims.map(({ claim }) => ({ text: claim.text, prefix: claim.prefix, suffix: claim.suffix })),
  );
  if (token.isCancellationRequested) return analysis;
  analysis.sentences = findSentences(input.text, markdown, catalog, analysis.claimAnchors, input.settings, input.detectAssertion ?? detectAssertion);
  return analysis;
}

/**
 * Makes `analysis.mentions` a property that finds the mentions when it is first read. No rule reads them: they are
 * for the editor (highlights, hovers, references), the report and `sourced entities`. So `sourced lint` in CI never
 * builds the matcher of an organisation's thousands of names or scans the draft for them, while every reader gets
 * the same mentions as before. Assigning the property replaces them, as with a plain property.
 */
function findMentionsOnFirstRead(analysis: DocumentAnalysis, find: () => EntityMention[]): void {
  let mentions: EntityMention[] | undefined;
  Object.defineProperty(analysis, 'mentions', {
    get: () => (mentions ??= find()),
    set: (value: EntityMention[]) => {
      mentions = value;
    },
    enumerable: true,
    configurable: true,
  });
}

function findMentions(markdown: MarkdownAnalysis, matcher: EntityMatcher): EntityMention[] {
  const mentions: EntityMention[] = [];
  for (const block of markdown.blocks) {
    const blockText = block.text;
    for (const match of matcher.findAll(blockText)) {
      const span = toSourceSpan(block, match.start, match.end);
      // Most mentions are written exactly as the catalog spells the name: they share the catalog's string instead
      // of a slice of their own, since every mention survives the lint and is copied by the scavenges.
      const writtenAsNamed = match.end - match.start === match.name.length && blockText.startsWith(match.name, match.start);
      const matched = writtenAsNamed ? match.name : blockText.slice(match.start, match.end);
      mentions.push({ entityId: match.entityId, kind: match.kind, span, matched, name: match.name });
    }
  }
  return mentions;
}

/**
 * The one empty list shared by every sentence without citations or claims (most of them): each sentence survives
 * to the end of a lint, so an own empty array per sentence was copied by every scavenge. Frozen, so that a writer
 * who forgets to replace it fails loudly instead of changing every sentence; `attachClaims` replaces it on first
 * write.
 */
const NONE = Object.freeze([]) as never[];

function findSentences(
  text: string,
  markdown: MarkdownAnalysis,
  catalog: Catalog,
  anchors: readonly ClaimAnchor[],
  settings: ResolvedSettings,
  detect: AssertionDetector,
): SentenceInfo[] {
  const sentences: SentenceInfo[] = [];
  const acceptedTexts = catalog.accepted.map(({ accepted }) => normaliseForComparison(accepted.text));
  // Only claims that carry at least one source make a sentence cited; a claim without sources is a to-do.
  // A loop rather than filter and map with callbacks: a sidecar has thousands of claims, read once in a cold process.
  const sourcedClaimSpans: Array<{ index: number; span: Span }> = [];
  for (let i = 0; i < anchors.length; i++) {
    const anchor = anchors[i];
    if (anchor.span && anchor.status !== 'orphaned' && catalog.claims[anchor.claimIndex]?.claim.sources.length) {
      sourcedClaimSpans.push({ index: anchor.claimIndex, span: anchor.span });
    }
  }
  const citations = countedCitations(markdown, settings);
  const judge: SentenceJudge = { detect, sensitivity: settings.sensitivity };
  // The split is reused when `sentencesToJudge` has made it, and otherwise made block by block: the spans are not
  // needed once the sentences exist, and a draft's worth of them kept to the end is copied by every scavenge.
  const spansPerBlock = sentenceSpanCache.get(markdown);
  sentenceSpanCache.delete(markdown);
  const blocks = markdown.blocks;
  // One reusable list of (start, end) pairs per block: an object per sentence span lived only until its sentence.
  const bounds: number[] = [];

  for (let blockIndex = 0; blockIndex < blocks.length; blockIndex++) {
    if (spansPerBlock) {
      bounds.length = 0;
      for (const sentenceSpan of spansPerBlock[blockIndex]) bounds.push(sentenceSpan.start, sentenceSpan.end);
    } else {
      sentenceBounds(blocks[blockIndex].text, bounds);
    }
    addSentencesOfBlock(sentences, text, blocks[blockIndex], blockIndex, bounds, citations, acceptedTexts, judge);
  }
  attachClaims(sentences, sourcedClaimSpans);
  return sentences;
}

/**
 * Adds the sentences [bounds[k], bounds[k + 1]) of one block. Its own function, not the body of findSentences'
 * loop: a loop over thousands of blocks is compiled mid-loop (on-stack replacement) with all of this inlined,
 * which cost more compilation than the loop then saved; a per-block call is compiled, if at all, on its own.
 */
function addSentencesOfBlock(
  sentences: SentenceInfo[],
  text: string,
  block: ProseBlock,
  blockIndex: number,
  bounds: readonly number[],
  citations: CitationIndex,
  acceptedTexts: readonly string[],
  judge: SentenceJudge,
): void {
  const blockText = block.text;
  const judged = mayBeAssertion(block);
  for (let k = 0; k < bounds.length; k += 2) {
    const textStart = bounds[k];
    const textEnd = bounds[k + 1];
    const span = toSourceSpan(block, textStart, textEnd);
    const sentenceText = blockText.slice(textStart, textEnd);
    const inside = citationsOverlapping(citations, citationScope(text, block, span));
    const acceptedIndex = acceptedTexts.length > 0 ? indexOfAccepted(acceptedTexts, normaliseForComparison(sentenceText)) : -1;
    if (judged) {
      sentences.push(new LazilyJudgedSentence(span, sentenceText, blockIndex, inside, acceptedIndex, block, textStart, judge));
    } else {
      const info: SentenceInfo = { span, text: sentenceText, blockIndex, citations: inside, claimIndices: NONE };
      if (acceptedIndex >= 0) info.acceptedIndex = acceptedIndex;
      sentences.push(info);
    }
  }
}

/** The citations that count under the settings (links and footnotes can be switched off). */
/**
 * The citations the settings count, in document order (by start), with, for each, the furthest end of it and
 * every citation before it. Citations may nest (a footnote reference inside a link's text), so the ends alone
 * are not in order; the furthest ends are, and they let a binary search skip exactly the citations that end
 * before a sentence.
 */
interface CitationIndex {
  citations: readonly Citation[];
  reach: Int32Array;
}

function countedCitations(markdown: MarkdownAnalysis, settings: ResolvedSettings): CitationIndex {
  const { links, footnotes } = settings.citations;
  // Every citation counts by default: then the analysis's own list serves, copied only if it must be sorted.
  let citations =
    links && footnotes
      ? markdown.citations
      : markdown.citations.filter((citation) => (citation.kind !== 'link' || links) && (citation.kind !== 'footnote' || footnotes));
  for (let i = 1; i < citations.length; i++) {
    if (citations[i].span.start < citations[i - 1].span.start) {
      citations = [...citations].sort((a, b) => a.span.start - b.span.start);
      break;
    }
  }
  const reach = new Int32Array(citations.length);
  let furthest = 0;
  for (let i = 0; i < citations.length; i++) reach[i] = furthest = Math.max(furthest, citations[i].span.end);
  return { citations, reach };
}

/**
 * Where a citation must be to cover a sentence. A table row is one statement spread over cells ("| 13 May 2022 |
 * The 747 lands [@fdd-2022] |"): a citation in any cell of the row covers every cell of it.
 */
function citationScope(text: string, block: ProseBlock, span: Span): Span {
  return block.kind === 'table-cell' ? lineSpanAround(text, span) : span;
}

/** Headings and footnote texts are never assertions: a heading frames, a footnote is the source note itself. */
function mayBeAssertion(block: ProseBlock): boolean {
  return block.kind !== 'heading' && !block.containers.includes('footnote');
}

/**
 * The sentence spans of every block, per analysis, so that a caller who asked for `sentencesToJudge` first does
 * not pay for the split twice; blocks are never mutated after the analysis. `findSentences` takes the entry out.
 * Keyed by the analysis rather than by each block: one entry instead of thousands in a weak map.
 */
const sentenceSpanCache = new WeakMap<MarkdownAnalysis, Span[][]>();

function sentenceSpansOf(markdown: MarkdownAnalysis): Span[][] {
  let spans = sentenceSpanCache.get(markdown);
  if (!spans) {
    spans = markdown.blocks.map((block) => splitSentences(block.text));
    sentenceSpanCache.set(markdown, spans);
  }
  return spans;
}

/**
 * The visible text of every sentence the detector may be asked about, once the claims and accepted sentences
 * are known: those that can be assertions and have no citation. A superset of what the uncited-assertion rule
 * reads, computable from the Markdown alone, so that it can be judged elsewhere in the meantime.
 */
export function sentencesToJudge(text: string, markdown: MarkdownAnalysis, settings: ResolvedSettings): string[] {
  const citations = countedCitations(markdown, settings);
  const sentences: string[] = [];
  const spansPerBlock = sentenceSpansOf(markdown);
  markdown.blocks.forEach((block, blockIndex) => {
    if (!mayBeAssertion(block)) return;
    for (const sentenceSpan of spansPerBlock[blockIndex]) {
      const span = toSourceSpan(block, sentenceSpan.start, sentenceSpan.end);
      if (citationsOverlapping(citations, citationScope(text, block, span)).length === 0) {
        sentences.push(block.text.slice(sentenceSpan.start, sentenceSpan.end));
      }
    }
  });
  return sentences;
}

/**
 * The texts of the sentences the uncited-assertion rule will ask the detector about, now that claims and
 * accepted sentences are attached: no citation, no sourced claim, not accepted. Lets a caller who submitted
 * `sentencesToJudge` drop the rest; asking about another sentence still works, it is only not judged ahead.
 */
export function sentencesAwaitingJudgement(analysis: DocumentAnalysis): Set<string> {
  const awaiting = new Set<string>();
  for (const sentence of analysis.sentences) {
    const block = analysis.markdown.blocks[sentence.blockIndex];
    if (sentence.citations.length === 0 && sentence.claimIndices.length === 0 && sentence.acceptedIndex === undefined && block && mayBeAssertion(block)) {
      awaiting.add(sentence.text);
    }
  }
  return awaiting;
}

/** What a sentence needs to be judged: the detector and its options, shared by every sentence of a lint. */
interface SentenceJudge {
  detect: AssertionDetector;
  sensitivity: AssertionOptions['sensitivity'];
}

/**
 * A sentence whose `assertion` is computed on first read. The detector is the costliest step of a lint, and the
 * CLI only needs it for sentences that carry no citation; the editor's status bar reads it for every sentence.
 * `assertion` is a getter of the class, shared through the prototype, and the fields are `declare`d and set
 * once in the constructor. It used to be an own property made by an `Object.defineProperty` per sentence, with
 * class fields and `#private` ones, which are each defined (as undefined) by an initializer call before the
 * constructor assigns them: about 2,500 instructions more per sentence, 11% of building the sentences of the
 * benchmark draft in a cold run. So `assertion` is not an own key, and the judging state is: nothing reads
 * sentences by their own keys (spread, `Object.keys`, JSON).
 */
class LazilyJudgedSentence implements SentenceInfo {
  declare span: Span;
  declare text: string;
  declare blockIndex: number;
  declare citations: Citation[];
  declare claimIndices: number[];
  declare acceptedIndex?: number;
  /** The sentence's block: cue spans are mapped through it. */
  declare private readonly judgedBlock: ProseBlock;
  /** Where the sentence starts in its block's text. */
  declare private readonly judgedTextStart: number;
  declare private readonly judge: SentenceJudge;
  /** null until the detector has been asked. */
  declare private detected: SentenceInfo['assertion'] | null;

  constructor(span: Span, text: string, blockIndex: number, citations: Citation[], acceptedIndex: number, block: ProseBlock, textStart: number, judge: SentenceJudge) {
    this.span = span;
    this.text = text;
    this.blockIndex = blockIndex;
    this.citations = citations;
    this.claimIndices = NONE;
    this.judgedBlock = block;
    this.judgedTextStart = textStart;
    this.judge = judge;
    this.detected = null;
    if (acceptedIndex >= 0) this.acceptedIndex = acceptedIndex;
  }

  /** Runs the detector on first read only; undefined when it does not judge the sentence an assertion. */
  get assertion(): SentenceInfo['assertion'] {
    if (this.detected !== null) return this.detected;
    const detected = this.judge.detect(this.text, { sensitivity: this.judge.sensitivity });
    if (!detected) return (this.detected = detected);
    const block = this.judgedBlock;
    const textStart = this.judgedTextStart;
    // A loop rather than `map` with a callback: it runs for thousands of sentences, mostly before V8 optimises it.
    const found = detected.cues;
    const cues: NonNullable<SentenceInfo['assertion']>['cues'] = new Array(found.length);
    for (let i = 0; i < found.length; i++) {
      const cue = found[i];
      cues[i] = { kind: cue.kind, label: cue.label, span: toSourceSpan(block, textStart + cue.start, textStart + cue.end) };
    }
    return (this.detected = { confidence: detected.confidence, cues });
  }
}

/** The first accepted sentence (normalised, non-empty) that the normalised sentence contains, or -1. */
function indexOfAccepted(acceptedTexts: readonly string[], comparable: string): number {
  for (let i = 0; i < acceptedTexts.length; i++) {
    if (acceptedTexts[i].length > 0 && comparable.includes(acceptedTexts[i])) return i;
  }
  return -1;
}

/** The whole lines that `span` lies on. */
function lineSpanAround(text: string, span: Span): Span {
  const start = text.lastIndexOf('\n', span.start - 1) + 1;
  const newline = text.indexOf('\n', span.end);
  return { start, end: newline < 0 ? text.length : newline };
}

/**
 * The citations that overlap `scope`: a binary search for the first that may reach it, then a scan. Returns the
 * shared frozen `NONE` when there are none, and otherwise an array of exactly the found citations (an array grown
 * by `push` keeps room for 17 elements, and every sentence's array survives the lint).
 */
function citationsOverlapping({ citations, reach }: CitationIndex, scope: Span): Citation[] {
  let low = 0;
  let high = citations.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (reach[mid] <= scope.start) low = mid + 1;
    else high = mid;
  }
  let found: Citation[] = NONE;
  for (let i = low; i < citations.length && citations[i].span.start < scope.end; i++) {
    if (spansOverlap(citations[i].span, scope)) found = found === NONE ? [citations[i]] : [...found, citations[i]];
  }
  return found;
}

/**
 * Records on each sentence the sourced claims that overlap it, in ascending order of claim index. Sentences come
 * in document order and do not overlap, so each claim finds its first sentence by binary search: thousands of
 * claims over thousands of sentences stay cheap. A second claim of a sentence is inserted in order instead of
 * every sentence of the draft being visited afterwards to sort the few lists that have more than one.
 */
function attachClaims(sentences: SentenceInfo[], claims: ReadonlyArray<{ index: number; span: Span }>): void {
  for (let c = 0; c < claims.length; c++) {
    const claimIndex = claims[c].index;
    const claimSpan = claims[c].span;
    let low = 0;
    let high = sentences.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (sentences[mid].span.end <= claimSpan.start) low = mid + 1;
      else high = mid;
    }
    for (let i = low; i < sentences.length && sentences[i].span.start < claimSpan.end; i++) {
      const sentence = sentences[i];
      if (!spansOverlap(sentence.span, claimSpan)) continue;
      // A sentence starts with the shared frozen `NONE`: its first claim gives it an array of its own.
      if (sentence.claimIndices === NONE) sentence.claimIndices = [claimIndex];
      else if (!sentence.claimIndices.includes(claimIndex)) insertInOrder(sentence.claimIndices, claimIndex);
    }
  }
}

/** Inserts `value` into the ascending list `list`, keeping it ascending. */
function insertInOrder(list: number[], value: number): void {
  let at = list.length;
  while (at > 0 && list[at - 1] > value) at--;
  list.splice(at, 0, value);
}

/** How accepted sentences are compared with the draft: typography folded, whitespace collapsed, placeholders gone. */
function normaliseForComparison(value: string): string {
  return foldTypography(value).replace(/[\uE000\uFFFC]/g, '').replace(/\s+/g, ' ').trim();
}

/** Runs every enabled rule over the draft; never throws on any input text. */
export function lintDocument(input: LintInput, token: CancellationToken = NEVER_CANCELLED): LintResult {
  return lintAnalysis(analyzeDocument(input, token), input, token);
}

/**
 * Runs every enabled rule over an analysis `analyzeDocument(input)` built: `lintDocument` in two steps, for a
 * caller that has something to wait for in between (the CLI waits for sentences judged on another thread).
 */
export function lintAnalysis(analysis: DocumentAnalysis, input: LintInput, token: CancellationToken = NEVER_CANCELLED): LintResult {
  const context: RuleContext = { analysis, settings: input.settings, sidecar: input.sidecar, registries: input.registries ?? [] };
  const findings: Finding[] = [];
  const suppressions = analysis.markdown.suppressions;
  for (const rule of RULES) {
    if (token.isCancellationRequested) break;
    const severity = input.settings.rules[rule.id];
    if (severity === 'off') continue;
    const found = rule.check(context);
    for (let i = 0; i < found.length; i++) {
      const finding = found[i];
      if (finding.uri === input.uri && isSuppressed(suppressions, rule.id, finding.span)) continue;
      // A finding its rule already wrote complete is kept as it is (same keys, same order as the copy would have).
      if (finding.ruleId === rule.id && finding.severity === severity) findings.push(finding as Finding);
      else if (finding.ruleId === undefined && finding.severity === undefined) findings.push({ ruleId: rule.id, severity, ...finding });
      else {
        // A rule that wrote an id or a severity of its own never overrides the rule's id or the configured severity.
        const { ruleId: _ownId, severity: _ownSeverity, ...rest } = finding;
        findings.push({ ruleId: rule.id, severity, ...rest });
      }
    }
  }
  findings.sort(compareFindings);
  return { analysis, findings };
}

export function compareFindings(a: Finding, b: Finding): number {
  return a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : a.span.start - b.span.start || a.span.end - b.span.end || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);
}

/**
 * Applies the configured severities to findings about project files (the config and shared registries), which
 * are found once per project rather than per draft; drops those whose rule is off.
 */
export function rateFindings(findings: ReadonlyArray<Omit<Finding, 'severity'>>, settings: ResolvedSettings): Finding[] {
  const rated: Finding[] = [];
  for (const finding of findings) {
    const severity = settings.rules[finding.ruleId as keyof ResolvedSettings['rules']] ?? 'error';
    if (severity !== 'off') rated.push({ ...finding, severity });
  }
  return rated;
}
