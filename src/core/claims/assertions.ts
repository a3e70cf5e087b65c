/**
 * Decides whether one sentence states a checkable fact (and so needs a source), and says why. The cues live in
 * assertionCues.ts; this module weighs them against the signs of framing, opinion and speculation, and turns
 * the result into a confidence that the `sensitivity` setting thresholds.
 */
import {
  findActorActions,
  findAttributions,
  findCausal,
  findChanges,
  findComparisons,
  findConsensus,
  findDampers,
  findDates,
  findFindings,
  findHedges,
  findNumbers,
  findQuotations,
  findStatements,
  type CueMatch,
  type Damper,
} from './assertionCues';
import { assertionFeatures, FEATURE_NAMES } from './assertionFeatures';
import { LEXICAL_BUCKETS, LEXICAL_FINGERPRINT, lexicalFeatures } from './assertionLexicon';
import modelFile from './assertionModel.json';
import { wordsOf } from './assertionWords';

/** How eagerly the rule flags: `low` flags only clear cases, `high` flags anything that might be a fact. */
export type AssertionSensitivity = 'low' | 'medium' | 'high';

/** One reason a sentence reads as a checkable fact; offsets are into the sentence. */
export interface DetectedCue {
  kind: string;
  label: string;
  start: number;
  end: number;
}

/** A sentence judged to be a checkable assertion. */
export interface DetectedAssertion {
  /** 0..1: how sure the detector is that the sentence states a checkable fact. */
  confidence: number;
  /** The cues, strongest first, without overlaps. */
  cues: DetectedCue[];
}

/** Options of `detectAssertion`. */
export interface AssertionOptions {
  sensitivity: AssertionSensitivity;
}

/** The confidence a sentence needs to be flagged at each sensitivity. */
export const SENSITIVITY_THRESHOLDS: Readonly<Record<AssertionSensitivity, number>> = Object.freeze({
  low: 0.55,
  medium: 0.4,
  high: 0.25,
});

/**
 * Log-odds of a sentence with no cue at all. Negative: most sentences without any cue are framing or
 * argument, and one cue alone must be a fairly clear one to cross the medium threshold.
 */
const BIAS = -1.5;
/** Each further cue of a kind already seen adds this fraction of its weight (two numbers beat one, a little). */
const REPEAT_FACTOR = 0.25;
/** Each further kind adds its full weight, but the total evidence is capped so one long sentence is not certain. */
const EVIDENCE_CAP = 5;

const CUE_FINDERS: ReadonlyArray<(text: string) => CueMatch[]> = [
  findNumbers,
  findDates,
  findAttributions,
  findHedges,
  findQuotations,
  findComparisons,
  findConsensus,
  findChanges,
  findCausal,
  findActorActions,
  findFindings,
  findStatements,
];

/** Placeholders (citations, inline code) must not look like words or punctuation to the cues. */
function visibleForCues(sentence: string): string {
  return sentence.replace(/[\uE000\uFFFC]/g, ' ');
}

function isQuestion(text: string): boolean {
  return /\?[\s"'”’)\]»]*$/u.test(text);
}

function countWords(text: string): number {
  return wordsOf(visibleForCues(text)).length;
}

/**
 * Cues too weak for the hand weights to flag on: whether a plain statement or a recounted act is a checkable
 * claim is left to the learned model, which weighs them with the sentence's shape and function words.
 */
const MODEL_ONLY_CUES: ReadonlySet<string> = new Set(['statement', 'record']);

/** Sums cue weights: the strongest cue of each kind fully, repeats of a kind only partly. */
function evidenceOf(cues: readonly CueMatch[]): number {
  const byKind = new Map<string, number[]>();
  for (const c of cues) {
    const weights = byKind.get(c.kind) ?? [];
    weights.push(c.weight);
    byKind.set(c.kind, weights);
  }
  let total = 0;
  for (const weights of byKind.values()) {
    weights.sort((a, b) => b - a);
    total += weights[0];
    for (let i = 1; i < weights.length; i++) total += weights[i] * REPEAT_FACTOR;
  }
  return Math.min(total, EVIDENCE_CAP);
}

/**
 * Keeps only the dampers that are the writer's own. A modal, an opinion word or an "I" inside a quotation, or in
 * what a source is reported to have said ("Officials said the bridge would reopen"), belongs to the source: the
 * sentence still reports a checkable fact, namely that they said it.
 */
export function voiceOfWriter(cues: readonly CueMatch[], dampers: readonly Damper[]): Damper[] {
  const quotations = cues.filter((c) => c.kind === 'quotation');
  const reportedFrom = Math.min(...cues.filter((c) => c.kind === 'attribution').map((c) => c.end));
  return dampers.filter((d) => {
    if (d.kind !== 'speculation' && d.kind !== 'opinion' && d.kind !== 'first-person') return true;
    if (quotations.some((q) => q.start <= d.start && d.end <= q.end)) return false;
    return d.start < reportedFrom;
  });
}

/** The writer's framing and instructions to the reader: the learned model rarely saw them, so they count against it too. */
function writerVoicePenalty(dampers: readonly Damper[]): number {
  return dampingOf(dampers.filter((d) => d.kind === 'framing' || d.kind === 'imperative'));
}

/** Dampers of a kind count once (the strongest); different kinds add up. */
function dampingOf(dampers: readonly Damper[]): number {
  const strongest = new Map<string, number>();
  for (const d of dampers) strongest.set(d.kind, Math.max(strongest.get(d.kind) ?? 0, d.weight));
  let total = 0;
  for (const weight of strongest.values()) total += weight;
  return total;
}

/**
 * Strongest first; a cue that overlaps a stronger one is dropped so each word is reported once, and the plain
 * "states a fact" cue is only reported when nothing more specific explains the finding.
 */
function reportable(cues: readonly CueMatch[]): DetectedCue[] {
  const specific = cues.filter((c) => !MODEL_ONLY_CUES.has(c.kind));
  const sorted = [...(specific.length > 0 ? specific : cues)].sort((a, b) => b.weight - a.weight || a.start - b.start);
  const kept: CueMatch[] = [];
  for (const c of sorted) {
    if (kept.some((k) => k.start < c.end && c.start < k.end)) continue;
    kept.push(c);
  }
  return kept.map(({ kind, label, start, end }) => ({ kind, label, start, end }));
}

/** A logistic model over `assertionFeatures` and `lexicalFeatures`, as written by scripts/train-assertions.ts. */
export interface AssertionModel {
  features: string[];
  weights: number[];
  bias: number;
  /** One weight per hash bucket of the lexical features; absent in a model of sentence shape only. */
  lexical?: { fingerprint: string; weights: number[] };
}

/** The evidence the detector weighs: cues and dampers, the dense feature vector and the active lexical buckets. */
export interface SentenceEvidence {
  cues: CueMatch[];
  dampers: Damper[];
  features: number[];
  lexical: number[];
}

/** True when a model was trained on exactly the features this code computes. */
export function modelMatchesCode(model: AssertionModel): boolean {
  if (model.features.length !== FEATURE_NAMES.length || !model.features.every((name, i) => name === FEATURE_NAMES[i])) return false;
  if (model.weights.length !== FEATURE_NAMES.length) return false;
  if (model.lexical === undefined) return true;
  return model.lexical.fingerprint === LEXICAL_FINGERPRINT && model.lexical.weights.length === LEXICAL_BUCKETS;
}

/**
 * The shipped model, when its features match the code's (a stale model file falls back to the hand weights
 * rather than silently misreading features).
 */
const MODEL: AssertionModel | undefined = modelMatchesCode(modelFile as AssertionModel) ? (modelFile as AssertionModel) : undefined;

/** The cues, dampers and features of a sentence: what both the detector and the training script need. */
export function sentenceEvidence(sentence: string): SentenceEvidence {
  const text = visibleForCues(sentence);
  const cues: CueMatch[] = [];
  for (const find of CUE_FINDERS) {
    for (const c of find(text)) if (c.end > c.start && c.start >= 0 && c.end <= text.length) cues.push(c);
  }
  const dampers = voiceOfWriter(cues, findDampers(text));
  return { cues, dampers, features: assertionFeatures(text, cues, dampers, ruleLogOdds({ cues, dampers })), lexical: lexicalFeatures(text) };
}

/** Log-odds of the hand weights: the cues' evidence less the dampers', or -Infinity with no specific cue. */
export function ruleLogOdds(evidence: Pick<SentenceEvidence, 'cues' | 'dampers'>): number {
  const specific = evidence.cues.filter((c) => !MODEL_ONLY_CUES.has(c.kind));
  return specific.length > 0 ? BIAS + evidenceOf(specific) - dampingOf(evidence.dampers) : -Infinity;
}

/** Log-odds of the learned model for the given evidence. */
export function modelLogOdds(evidence: Pick<SentenceEvidence, 'features' | 'lexical'>, model: AssertionModel): number {
  let logOdds = model.bias;
  for (let i = 0; i < evidence.features.length; i++) logOdds += model.weights[i] * evidence.features[i];
  if (model.lexical) for (const bucket of evidence.lexical) logOdds += model.lexical.weights[bucket];
  return logOdds;
}

/**
 * Confidence that the sentence states a checkable fact. Two judges, and the more confident one wins: the hand
 * weights of the cues (the product's definition: a number, an attribution, a causal claim… is checkable) and
 * the learned model (which weighs the cues, the hand weights' verdict, sentence shape and function words). The
 * hand weights keep a clear cue from being outvoted by data sets that label some checkable facts "unimportant"
 * (ClaimBuster does); the model finds the assertions whose cues are weak. The writer's framing counts against
 * the model as it does against the hand weights, since the training data has little of it.
 */
export function combinedConfidence(evidence: SentenceEvidence, model: AssertionModel | undefined): number {
  const rule = ruleLogOdds(evidence);
  const logOdds = model ? Math.max(rule, modelLogOdds(evidence, model) - writerVoicePenalty(evidence.dampers)) : rule;
  return 1 / (1 + Math.exp(-logOdds));
}

/** `combinedConfidence` with the shipped model. */
export function confidenceOf(evidence: SentenceEvidence, model = MODEL): number {
  return combinedConfidence(evidence, model);
}

/** Every cue and damper found in a sentence, and the resulting confidence, before any threshold. */
export function scoreSentence(sentence: string): { confidence: number; cues: CueMatch[]; dampers: Damper[] } {
  const evidence = sentenceEvidence(sentence);
  return { confidence: confidenceOf(evidence), cues: evidence.cues, dampers: evidence.dampers };
}

/**
 * An opening that refers back to what the previous sentence named: a pronoun ("They trained…", "Its error
 * rate…") or a demonstrative or definite research noun ("This method…", "The authors…", "These results…").
 */
const CONTINUATION_OPENER =
  /^\s*(?:(?:however|then|also|moreover|finally|in addition|in contrast|similarly|here|there),?\s+)?(?:they|their|them|it|its|he|she|his|her|(?:this|that|these|those|the|such)\s+(?:authors?|researchers?|team|group|study|studies|work|paper|model|models|method|methods|approach|approaches|system|systems|network|networks|algorithm|algorithms|technique|techniques|tool|tools|results?|findings?|analysis|experiments?|data\s*set|dataset|framework|procedure|classifier|architecture))(?![\p{L}])/iu;

/**
 * Whether a sentence continues the one before it, so that a source given there covers it too ("Shin et al.
 * trained a CNN on 2,000 scans [@shin]. They reached 93% accuracy."). For the engine, which knows the previous
 * sentence; the detector itself judges one sentence and does not use it.
 */
export function continuesPreviousSentence(sentence: string): boolean {
  return typeof sentence === 'string' && CONTINUATION_OPENER.test(visibleForCues(sentence));
}

/** Whether a sentence is judged at all: questions, empty sentences and fragments of fewer than three words never are. */
export function isJudged(sentence: string): boolean {
  if (typeof sentence !== 'string') return false;
  const text = sentence.trim();
  return text.length > 0 && !isQuestion(text) && countWords(sentence) >= 3;
}

/**
 * Judges one sentence's visible text (markup removed, placeholders kept). Returns undefined when the sentence
 * is not a checkable assertion at the given sensitivity; otherwise its confidence and the cues that explain it.
 */
export function detectAssertion(sentence: string, options: AssertionOptions = { sensitivity: 'medium' }): DetectedAssertion | undefined {
  if (!isJudged(sentence)) return undefined;
  const { confidence, cues } = scoreSentence(sentence);
  if (cues.length === 0) return undefined;
  const threshold = SENSITIVITY_THRESHOLDS[options.sensitivity] ?? SENSITIVITY_THRESHOLDS.medium;
  if (confidence < threshold) return undefined;
  return { confidence: Math.round(confidence * 1000) / 1000, cues: reportable(cues) };
}
