/**
 * Decides whether one sentence states a checkable fact (and so needs a source), and says why. The cues live in
 * assertionCues.ts; this module weighs them against the signs of framing, opinion and speculation, and turns
 * the result into a confidence that the `sensitivity` setting thresholds.
 */
import { addCuesOf, addNameCues, cueLabel, findDampers, withLabels, type CueMatch, type Damper } from './assertionCues';
import { assertionFeatures, FEATURE_NAMES } from './assertionFeatures';
import { LEXICAL_BUCKETS, LEXICAL_FINGERPRINT, lexicalFeatures } from './assertionLexicon';
import modelFile from './assertionModel.json';
import { onlyAsciiLettersAndDigits, wordsOfNextSentence, unicodeRegExp } from './assertionWords';

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

/** Placeholders (citations, inline code) must not look like words or punctuation to the cues. */
function visibleForCues(sentence: string): string {
  // Most sentences have no placeholder: two searches are cheaper than a regex replace that allocates.
  if (sentence.indexOf('\uE000') < 0 && sentence.indexOf('\uFFFC') < 0) return sentence;
  return sentence.replace(/[\uE000\uFFFC]/g, ' ');
}

const QUESTION_END = /\?[\s"'”’)\]»]*$/u;

function isQuestion(text: string): boolean {
  // Most sentences have no question mark, which QUESTION_END needs: one search is cheaper than the regex.
  return text.includes('?') && QUESTION_END.test(text);
}

function countWords(text: string): number {
  return wordsOfNextSentence(visibleForCues(text)).length;
}

/**
 * Cues too weak for the hand weights to flag on: whether a plain statement, a recounted act or a sentence that
 * names someone is a checkable claim is left to the learned model, which weighs them with the sentence's shape
 * and words.
 */
const MODEL_ONLY_CUES: ReadonlySet<string> = new Set(['statement', 'record', 'names']);

/** Whether `items[index]` is the first of its kind among the items `counts` accepts. */
function firstOfKind<T extends { kind: string }>(items: readonly T[], index: number, counts: (item: T) => boolean): boolean {
  for (let j = 0; j < index; j++) if (items[j].kind === items[index].kind && counts(items[j])) return false;
  return true;
}

/**
 * Sums the weights of the cues `counts` accepts: the strongest cue of each kind fully, repeats of a kind only
 * partly. Kinds are summed in the order they first occur and each kind's weights strongest first, so that the
 * floating-point sum is always the same. No map or array per sentence: a sentence has a handful of cues.
 */
function evidenceOf(cues: readonly CueMatch[], counts: (cue: CueMatch) => boolean): number {
  let total = 0;
  for (let i = 0; i < cues.length; i++) {
    if (!counts(cues[i]) || !firstOfKind(cues, i, counts)) continue;
    let repeats = 0;
    let second = -1;
    for (let j = i + 1; j < cues.length; j++) {
      if (cues[j].kind === cues[i].kind && counts(cues[j])) {
        repeats++;
        second = j;
      }
    }
    if (repeats === 0) {
      total += cues[i].weight;
    } else if (repeats === 1) {
      // The usual repeat: two cues of a kind, added as the sort below would order them.
      total += Math.max(cues[i].weight, cues[second].weight);
      total += Math.min(cues[i].weight, cues[second].weight) * REPEAT_FACTOR;
    } else {
      const weights: number[] = [];
      for (let j = i; j < cues.length; j++) if (cues[j].kind === cues[i].kind && counts(cues[j])) weights.push(cues[j].weight);
      weights.sort((a, b) => b - a);
      total += weights[0];
      for (let k = 1; k < weights.length; k++) total += weights[k] * REPEAT_FACTOR;
    }
  }
  return Math.min(total, EVIDENCE_CAP);
}

function isSpecific(cue: CueMatch): boolean {
  return !MODEL_ONLY_CUES.has(cue.kind);
}

/**
 * Keeps only the dampers that are the writer's own. A modal, an opinion word or an "I" inside a quotation, or in
 * what a source is reported to have said ("Officials said the bridge would reopen"), belongs to the source: the
 * sentence still reports a checkable fact, namely that they said it.
 */
export function voiceOfWriter(cues: readonly CueMatch[], dampers: readonly Damper[]): Damper[] {
  let reportedFrom = Infinity;
  for (let i = 0; i < cues.length; i++) if (cues[i].kind === 'attribution') reportedFrom = Math.min(reportedFrom, cues[i].end);
  return dampers.filter((d) => {
    if (d.kind !== 'speculation' && d.kind !== 'opinion' && d.kind !== 'first-person') return true;
    for (let i = 0; i < cues.length; i++) {
      const q = cues[i];
      if (q.kind === 'quotation' && q.start <= d.start && d.end <= q.end) return false;
    }
    return d.start < reportedFrom;
  });
}

/** The writer's framing and instructions to the reader: the learned model rarely saw them, so they count against it too. */
function writerVoicePenalty(dampers: readonly Damper[]): number {
  return dampingOf(dampers, isWritersFraming);
}

function isWritersFraming(damper: Damper): boolean {
  return damper.kind === 'framing' || damper.kind === 'imperative';
}

function anyDamper(): boolean {
  return true;
}

/**
 * Dampers of a kind (among those `counts` accepts) count once, the strongest; different kinds add up, in the
 * order they first occur.
 */
function dampingOf(dampers: readonly Damper[], counts: (damper: Damper) => boolean = anyDamper): number {
  let total = 0;
  for (let i = 0; i < dampers.length; i++) {
    if (!counts(dampers[i]) || !firstOfKind(dampers, i, counts)) continue;
    let strongest = 0;
    for (let j = i; j < dampers.length; j++) if (dampers[j].kind === dampers[i].kind && counts(dampers[j])) strongest = Math.max(strongest, dampers[j].weight);
    total += strongest;
  }
  return total;
}

/**
 * Strongest first; a cue that overlaps a stronger one is dropped so each word is reported once, and the plain
 * "states a fact" cue is only reported when nothing more specific explains the finding.
 */
function reportable(cues: readonly CueMatch[], text: string): DetectedCue[] {
  const specific = cues.filter(isSpecific);
  const sorted = specific.length > 0 ? specific : cues.slice();
  // A stable insertion sort in place (`sorted` is a fresh array): a sentence has a handful of cues, and
  // Array.prototype.sort allocated a work area per call.
  for (let i = 1; i < sorted.length; i++) {
    const c = sorted[i];
    let j = i - 1;
    for (; j >= 0 && strongestFirst(sorted[j], c) > 0; j--) sorted[j + 1] = sorted[j];
    sorted[j + 1] = c;
  }
  const kept: DetectedCue[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const c = sorted[i];
    if (overlapsAny(kept, c)) continue;
    kept.push({ kind: c.kind, label: cueLabel(text, c), start: c.start, end: c.end });
  }
  return kept;
}

function strongestFirst(a: CueMatch, b: CueMatch): number {
  return b.weight - a.weight || a.start - b.start;
}

function overlapsAny(kept: readonly DetectedCue[], c: CueMatch): boolean {
  for (let i = 0; i < kept.length; i++) if (kept[i].start < c.end && c.start < kept[i].end) return true;
  return false;
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
  const { text, evidence } = weighSentence(sentence, true);
  withLabels(text, evidence.cues);
  return evidence;
}

/**
 * `sentenceEvidence` and the hand weights' log-odds it computes on the way (the features include them): the
 * detector reuses them rather than summing the cues again, which showed in the cold profile.
 *
 * Without `withNames` the `names` cues are left out: they cannot change the confidence (they are model-only,
 * and `names` is not a feature kind; a unit test keeps it so) and the writer's-voice filter does not read them; the detector finds them only when it reports them (see
 * `detectAssertion`).
 *
 * The cues' labels are still only their verbs (see `cueLabel`): each caller completes those it hands out.
 */
function weighSentence(sentence: string, withNames: boolean): { text: string; evidence: SentenceEvidence; rule: number } {
  const text = visibleForCues(sentence);
  const cues: CueMatch[] = [];
  addCuesOf(text, cues);
  // Last, as the detector appends them after the others when it needs them.
  if (withNames) addNameCues(text, cues);
  const foundDampers = findDampers(text);
  const dampers = voiceOfWriter(cues, foundDampers);
  const rule = ruleLogOdds({ cues, dampers });
  const features = assertionFeatures(text, cues, dampers, rule);
  const lexical = lexicalFeatures(text);
  return { text, evidence: { cues, dampers, features, lexical }, rule };
}

/** Log-odds of the hand weights: the cues' evidence less the dampers', or -Infinity with no specific cue. */
export function ruleLogOdds(evidence: Pick<SentenceEvidence, 'cues' | 'dampers'>): number {
  return evidence.cues.some(isSpecific) ? BIAS + evidenceOf(evidence.cues, isSpecific) - dampingOf(evidence.dampers) : -Infinity;
}

/** Log-odds of the learned model for the given evidence. */
export function modelLogOdds(evidence: Pick<SentenceEvidence, 'features' | 'lexical'>, model: AssertionModel): number {
  const { features, lexical } = evidence;
  const { weights } = model;
  let logOdds = model.bias;
  // Zero features add nothing and binary ones add their weight (the weights are finite): skipping the
  // multiplications gives the same sum bit for bit, and until the JIT has warmed up every product is a
  // heap-allocated number.
  for (let i = 0; i < features.length; i++) {
    const value = features[i];
    if (value === 0) continue;
    logOdds += value === 1 ? weights[i] : weights[i] * value;
  }
  if (model.lexical) {
    const lexicalWeights = model.lexical.weights;
    for (let i = 0; i < lexical.length; i++) logOdds += lexicalWeights[lexical[i]];
  }
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
  return confidenceWithRule(evidence, ruleLogOdds(evidence), model);
}

/** `combinedConfidence` given `ruleLogOdds(evidence)`, already computed. */
function confidenceWithRule(evidence: SentenceEvidence, rule: number, model: AssertionModel | undefined): number {
  const logOdds = model ? Math.max(rule, modelLogOdds(evidence, model) - writerVoicePenalty(evidence.dampers)) : rule;
  return 1 / (1 + Math.exp(-logOdds));
}

/** `combinedConfidence` with the shipped model. */
export function confidenceOf(evidence: SentenceEvidence, model = MODEL): number {
  return combinedConfidence(evidence, model);
}

/** Every cue and damper found in a sentence, and the resulting confidence, before any threshold. */
export function scoreSentence(sentence: string): { confidence: number; cues: CueMatch[]; dampers: Damper[] } {
  const { text, evidence, rule } = weighSentence(sentence, true);
  return { confidence: confidenceWithRule(evidence, rule, MODEL), cues: withLabels(text, evidence.cues), dampers: evidence.dampers };
}

/**
 * Discourse markers that may come before the reference back: "However, they…", "For example, these…", "In this
 * study, the authors…".
 */
const CONTINUATION_LEAD =
  '(?:however|then|also|moreover|furthermore|additionally|finally|in addition|in contrast|similarly|specifically|in particular|for example|for instance|instead|notably|in turn|as a result|thus|therefore|here|there|to do (?:so|this)|in (?:this|that|their|the same) (?:work|study|paper|article|analysis))';

/**
 * A reference back to what the previous sentence named: a pronoun ("They trained…", "Its error rate…"), a
 * demonstrative that is or opens the subject ("This allowed…", "These labels…", "Such methods…"), or a definite
 * research noun ("The authors…", "Those results…").
 */
const BACK_REFERENCE =
  '(?:they|their|them|it|its|he|she|his|her|(?:this|these|such)(?=\\s)|(?:that|those|the)\\s+(?:authors?|researchers?|team|group|study|studies|work|paper|model|models|method|methods|approach|approaches|system|systems|network|networks|algorithm|algorithms|technique|techniques|tool|tools|results?|findings?|analysis|experiments?|data\\s*set|dataset|framework|procedure|classifier|architecture))';

/** A sentence that opens by referring back, after an optional discourse marker. */
const CONTINUATION_OPENER = unicodeRegExp(`^\\s*(?:${CONTINUATION_LEAD},?\\s+)?${BACK_REFERENCE}(?![\\p{L}])`, 'iu');
const CONTINUATION_OPENER_ASCII = CONTINUATION_OPENER.ascii;

/**
 * Whether a sentence continues the one before it, so that a source given there covers it too ("Shin et al.
 * trained a CNN on 2,000 scans [@shin]. They reached 93% accuracy."). For the engine, which knows the previous
 * sentence; the detector itself judges one sentence and does not use it.
 */
export function continuesPreviousSentence(sentence: string): boolean {
  if (typeof sentence !== 'string') return false;
  const text = visibleForCues(sentence);
  return (onlyAsciiLettersAndDigits(text) ? CONTINUATION_OPENER_ASCII : CONTINUATION_OPENER.unicode).test(text);
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
  // The same result as from `scoreSentence`, with the `names` cues found only when they can change it: they do not
  // change the confidence, and `reportable` drops them when there is a specific cue (the hand weights' log-odds
  // is then finite). A sentence below the threshold is not flagged with or without them.
  const { text, evidence, rule } = weighSentence(sentence, false);
  const confidence = confidenceWithRule(evidence, rule, MODEL);
  const threshold = SENSITIVITY_THRESHOLDS[options.sensitivity] ?? SENSITIVITY_THRESHOLDS.medium;
  if (confidence < threshold) return undefined;
  const cues = evidence.cues;
  if (rule === -Infinity) addNameCues(text, cues);
  if (cues.length === 0) return undefined;
  return { confidence: Math.round(confidence * 1000) / 1000, cues: reportable(cues, text) };
}
