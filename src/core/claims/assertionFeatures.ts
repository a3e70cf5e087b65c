/**
 * The features the assertion model weighs: which cues and dampers a sentence has, a few shape signals (who the
 * subject is, tense, modality, length) and the hand weights' verdict. Deliberately generic (no word lists taken
 * from any data set) so that weights learned on debates and tweets carry over to analytical prose.
 */
import type { CueMatch, Damper } from './assertionCues';
import { PhraseList, wordsOf } from './assertionWords';

/** The cue kinds the model knows, in feature order. */
export const CUE_KINDS = [
  'number', 'date', 'attribution', 'hedge', 'quotation', 'comparison', 'consensus', 'change', 'causal', 'actor-action', 'finding', 'statement', 'record',
] as const;
/** The damper kinds the model knows, in feature order. */
export const DAMPER_KINDS = ['framing', 'opinion', 'speculation', 'imperative'] as const;

const SHAPE_FEATURES = [
  'first-person-singular',
  'first-person-plural',
  'second-person',
  'third-person-subject',
  'past-tense',
  'present-perfect',
  'passive',
  'negation',
  'copula',
  'proper-name',
  'acronym',
  'existential',
  'exclamation',
  'log-words',
  'short',
  'long',
  'conditional',
  'possession',
  'demonstrative-subject',
  'summary-opener',
  'example-opener',
  'specific-names',
] as const;

/** Names of the features, in the order of the vector `assertionFeatures` returns; the model file lists them too. */
export const FEATURE_NAMES: readonly string[] = [
  ...CUE_KINDS.map((k) => `cue:${k}`),
  ...CUE_KINDS.map((k) => `cue-strength:${k}`),
  ...DAMPER_KINDS.map((k) => `damper:${k}`),
  ...SHAPE_FEATURES.map((k) => `shape:${k}`),
  'rule:log-odds',
];

/** The hand weights' verdict as a model input, clipped so one sentence full of cues does not dominate. */
function clippedRuleLogOdds(ruleLogOdds: number): number {
  if (!Number.isFinite(ruleLogOdds)) return -1;
  return Math.max(-3, Math.min(3, ruleLogOdds)) / 3;
}

const FIRST_PLURAL = new Set(['we', 'us', 'our', 'ours', 'ourselves', "we're", "we've", "we'd", "we'll"]);
const SECOND = new Set(['you', 'your', 'yours', 'yourself', "you're", "you've", "you'd", "you'll"]);
const FIRST_SINGULAR_LOWER = new Set(['me', 'my', 'mine', 'myself']);
const THIRD_SUBJECT = /^\s*[“"‘']?(?:he|she|they|it|his|her|their|its)(?![\p{L}])/iu;
const NEGATION = new Set(['not', 'never', 'no', 'none', 'nobody', 'nothing', 'cannot']);
const COPULA = new Set(['is', 'are', 'was', 'were', 'am', 'be', "it's", "that's", "there's", "they're", "he's", "she's"]);
const CONDITIONAL = new Set(['if', 'unless', 'whether']);
const PAST_WORDS = new Set(['was', 'were', 'had', 'did']);
const PERFECT_AUXILIARIES = new Set(['has', 'have', 'had']);
const PASSIVE_AUXILIARIES = new Set(['is', 'are', 'was', 'were', 'be', 'been', 'being']);
const PERFECT_SKIPPABLE = new Set(['not', 'also', 'already', 'recently', 'been', 'never', 'just']);
const POSSESSION_EXCLUDED = new Set(['been', 'to', 'not']);
const EXISTENTIAL_VERBS = new Set(['is', 'are', 'was', 'were', 'have', 'has']);
const PARTICIPLE = /^[a-z]{2,}(?:ed|en|wn|ught|ne)$/;
const PASSIVE_PARTICIPLE = /^[a-z]{3,}(?:ed|en)$/;
const REGULAR_PAST = /^[a-z]{3,}ed$/;
const DEMONSTRATIVE_START = /^\s*(?:this|these|that|those|such|it|they)(?![\p{L}])/iu;
const SUMMARY_OPENER = /^\s*(?:however|thus|therefore|overall|together|taken together|in summary|to summari[sz]e|in short|in general|in conclusion|ultimately|nevertheless|still|indeed|of course|in contrast|instead|finally|so|but|yet|and)(?![\p{L}])/iu;
const EXAMPLE_OPENERS = new PhraseList(['for example', 'for instance', 'e.g', 'such as', 'including', 'notably', 'specifically']);
const LETTER_THEN_DIGIT = /\p{L}\d/u;

function isUpperCase(character: string): boolean {
  return character !== character.toLowerCase() && character === character.toUpperCase();
}

/**
 * Computes the feature vector of one sentence from its text, the cues and dampers found in it, and the log-odds
 * the hand weights give it (-Infinity when no specific cue is found).
 */
export function assertionFeatures(text: string, cues: readonly CueMatch[], dampers: readonly Damper[], ruleLogOdds = -Infinity): number[] {
  const strongestCue = new Map<string, number>();
  for (const c of cues) strongestCue.set(c.kind, Math.max(strongestCue.get(c.kind) ?? 0, c.weight));
  const dampersSeen = new Set<string>(dampers.map((d) => d.kind));
  const wordList = wordsOf(text);
  const words = wordList.length;
  let firstSingular = false;
  let firstPlural = false;
  let second = false;
  let negation = false;
  let copula = false;
  let conditional = false;
  let past = false;
  let presentPerfect = false;
  let passive = false;
  let existential = false;
  let possession = false;
  let acronym = false;
  let properName = false;
  let specificNames = 0;
  for (let i = 0; i < wordList.length; i++) {
    const { lower, start, end } = wordList[i];
    const next = wordList[i + 1]?.lower;
    if (lower === 'i' || lower.startsWith("i'")) firstSingular ||= text[start] === 'I';
    else if (FIRST_SINGULAR_LOWER.has(lower)) firstSingular = true;
    if (FIRST_PLURAL.has(lower)) firstPlural = true;
    if (SECOND.has(lower)) second = true;
    if (NEGATION.has(lower) || lower.endsWith("n't")) negation = true;
    if (COPULA.has(lower)) copula = true;
    if (CONDITIONAL.has(lower)) conditional = true;
    if (PAST_WORDS.has(lower) || REGULAR_PAST.test(lower)) past = true;
    if (PERFECT_AUXILIARIES.has(lower)) {
      let k = i + 1;
      while (k < wordList.length && PERFECT_SKIPPABLE.has(wordList[k].lower)) k++;
      if (k < wordList.length && PARTICIPLE.test(wordList[k].lower)) presentPerfect = true;
      if (next === undefined || !POSSESSION_EXCLUDED.has(next)) possession = true;
    }
    if (PASSIVE_AUXILIARIES.has(lower) && next !== undefined) {
      const participle = next.endsWith('ly') ? wordList[i + 2]?.lower : next;
      if (participle !== undefined && PASSIVE_PARTICIPLE.test(participle)) passive = true;
    }
    if ((lower === 'there' && next !== undefined && EXISTENTIAL_VERBS.has(next)) || lower === "there's") existential = true;
    const initialUpper = isUpperCase(text[start]);
    if (initialUpper && end - start >= 2 && isUpperCase(text[end - 1]) && isUpperCase(text[start + 1])) acronym = true;
    if (i > 0 && initialUpper && lower !== 'i') {
      specificNames++;
      properName = true;
    } else if (LETTER_THEN_DIGIT.test(lower)) specificNames++;
  }
  const features: number[] = [];
  for (const kind of CUE_KINDS) features.push(strongestCue.has(kind) ? 1 : 0);
  for (const kind of CUE_KINDS) features.push(strongestCue.get(kind) ?? 0);
  for (const kind of DAMPER_KINDS) features.push(dampersSeen.has(kind) ? 1 : 0);
  features.push(
    firstSingular ? 1 : 0,
    firstPlural ? 1 : 0,
    second ? 1 : 0,
    THIRD_SUBJECT.test(text) ? 1 : 0,
    past ? 1 : 0,
    presentPerfect ? 1 : 0,
    passive ? 1 : 0,
    negation ? 1 : 0,
    copula ? 1 : 0,
    properName ? 1 : 0,
    acronym ? 1 : 0,
    existential ? 1 : 0,
    /!/.test(text) ? 1 : 0,
    Math.log(1 + words) / Math.log(64),
    words < 6 ? 1 : 0,
    words > 30 ? 1 : 0,
    conditional ? 1 : 0,
    possession ? 1 : 0,
    DEMONSTRATIVE_START.test(text) ? 1 : 0,
    SUMMARY_OPENER.test(text) ? 1 : 0,
    EXAMPLE_OPENERS.findIn(text).length > 0 ? 1 : 0,
    Math.min(1, specificNames / 4),
    clippedRuleLogOdds(ruleLogOdds),
  );
  return features;
}
