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
  findHedges,
  findNumbers,
  findQuotations,
  findStatements,
  type CueMatch,
  type Damper,
} from './assertionCues';
import { assertionFeatures, FEATURE_NAMES } from './assertionFeatures';
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
  low: 0.5,
  medium: 0.3,
  high: 0.2,
});

/**
 * Log-odds of a sentence with no cue at all. Negative: most sentences without any cue are framing or
 * argument, and one cue alone must be a fairly clear one to cross the medium threshold.
 */
const BIAS = -1.3;
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
  const specific = cues.filter((c) => c.kind !== 'statement');
  const sorted = [...(specific.length > 0 ? specific : cues)].sort((a, b) => b.weight - a.weight || a.start - b.start);
  const kept: CueMatch[] = [];
  for (const c of sorted) {
    if (kept.some((k) => k.start < c.end && c.start < k.end)) continue;
    kept.push(c);
  }
  return kept.map(({ kind, label, start, end }) => ({ kind, label, start, end }));
}

/** A logistic model over `assertionFeatures`, as written by scripts/train-assertions.ts. */
export interface AssertionModel {
  features: string[];
  weights: number[];
  bias: number;
}

/**
 * The shipped model, when its features match the code's (a stale model file falls back to the hand weights
 * rather than silently misreading features).
 */
const MODEL: AssertionModel | undefined =
  modelFile.features.length === FEATURE_NAMES.length && modelFile.features.every((name, i) => name === FEATURE_NAMES[i])
    ? (modelFile as AssertionModel)
    : undefined;

/** The cues, dampers and feature vector of a sentence: what both the detector and the training script need. */
export function sentenceEvidence(sentence: string): { cues: CueMatch[]; dampers: Damper[]; features: number[] } {
  const text = visibleForCues(sentence);
  const cues: CueMatch[] = [];
  for (const find of CUE_FINDERS) {
    for (const c of find(text)) if (c.end > c.start && c.start >= 0 && c.end <= text.length) cues.push(c);
  }
  const dampers = findDampers(text);
  return { cues, dampers, features: assertionFeatures(text, cues, dampers) };
}

/**
 * Confidence that the sentence states a checkable fact. Two judges, and the more confident one wins: the hand
 * weights of the cues (the product's definition: a number, an attribution, a causal claim… is checkable) and
 * the learned model (which knows how cues and sentence shape combine in real text). The hand weights keep a
 * clear cue from being outvoted by data sets that label some checkable facts "unimportant"; the model finds
 * the assertions whose only cue is weak, such as a plain statement naming specific things.
 */
export function confidenceOf(evidence: { cues: CueMatch[]; dampers: Damper[]; features: number[] }, model = MODEL): number {
  const ruleLogOdds = evidence.cues.length > 0 ? BIAS + evidenceOf(evidence.cues) - dampingOf(evidence.dampers) : -Infinity;
  let modelLogOdds = -Infinity;
  if (model) {
    modelLogOdds = model.bias;
    for (let i = 0; i < evidence.features.length; i++) modelLogOdds += model.weights[i] * evidence.features[i];
  }
  return 1 / (1 + Math.exp(-Math.max(ruleLogOdds, modelLogOdds)));
}

/** Confidence from the learned model alone (what the training script fits and cross-validates). */
export function modelConfidence(features: readonly number[], model: AssertionModel): number {
  let logOdds = model.bias;
  for (let i = 0; i < features.length; i++) logOdds += model.weights[i] * features[i];
  return 1 / (1 + Math.exp(-logOdds));
}

/** Every cue and damper found in a sentence, and the resulting confidence, before any threshold. */
export function scoreSentence(sentence: string): { confidence: number; cues: CueMatch[]; dampers: Damper[] } {
  const evidence = sentenceEvidence(sentence);
  return { confidence: confidenceOf(evidence), cues: evidence.cues, dampers: evidence.dampers };
}

/**
 * Judges one sentence's visible text (markup removed, placeholders kept). Returns undefined when the sentence
 * is not a checkable assertion at the given sensitivity; otherwise its confidence and the cues that explain it.
 */
export function detectAssertion(sentence: string, options: AssertionOptions = { sensitivity: 'medium' }): DetectedAssertion | undefined {
  if (typeof sentence !== 'string') return undefined;
  const text = sentence.trim();
  if (text.length === 0 || isQuestion(text)) return undefined;
  if (countWords(sentence) < 3) return undefined;
  const { confidence, cues } = scoreSentence(sentence);
  if (cues.length === 0) return undefined;
  const threshold = SENSITIVITY_THRESHOLDS[options.sensitivity] ?? SENSITIVITY_THRESHOLDS.medium;
  if (confidence < threshold) return undefined;
  return { confidence: Math.round(confidence * 1000) / 1000, cues: reportable(cues) };
}
