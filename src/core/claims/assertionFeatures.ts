/**
 * The features the assertion model weighs: which cues and dampers a sentence has, a few shape signals (who the
 * subject is, tense, modality, length) and the hand weights' verdict. Deliberately generic (no word lists taken
 * from any data set) so that weights learned on debates and tweets carry over to analytical prose.
 */
import type { CueMatch, Damper } from './assertionCues';
import { classesOfSentence, lettersAndDigitsAreAscii, PhraseList, wordClass, wordsOf, unicodeRegExp } from './assertionWords';

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

const ZERO_FEATURES: number[] = Array.from({ length: FEATURE_NAMES.length }, () => 0.5).fill(0);
const CUE_KIND_INDEX: ReadonlyMap<string, number> = new Map(CUE_KINDS.map((kind, index) => [kind, index]));
const DAMPER_KIND_INDEX: ReadonlyMap<string, number> = new Map(DAMPER_KINDS.map((kind, index) => [kind, index]));

/** The hand weights' verdict as a model input, clipped so one sentence full of cues does not dominate. */
function clippedRuleLogOdds(ruleLogOdds: number): number {
  if (!Number.isFinite(ruleLogOdds)) return -1;
  return Math.max(-3, Math.min(3, ruleLogOdds)) / 3;
}

const FIRST_PLURAL = new Set(['we', 'us', 'our', 'ours', 'ourselves', "we're", "we've", "we'd", "we'll"]);
const SECOND = new Set(['you', 'your', 'yours', 'yourself', "you're", "you've", "you'd", "you'll"]);
const FIRST_SINGULAR_LOWER = new Set(['me', 'my', 'mine', 'myself']);
const THIRD_SUBJECT = unicodeRegExp(String.raw`^\s*[“"‘']?(?:he|she|they|it|his|her|their|its)(?![\p{L}])`, 'iu');
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
const DEMONSTRATIVE_START = unicodeRegExp(String.raw`^\s*(?:this|these|that|those|such|it|they)(?![\p{L}])`, 'iu');
const SUMMARY_OPENER = unicodeRegExp(String.raw`^\s*(?:however|thus|therefore|overall|together|taken together|in summary|to summari[sz]e|in short|in general|in conclusion|ultimately|nevertheless|still|indeed|of course|in contrast|instead|finally|so|but|yet|and)(?![\p{L}])`, 'iu');
const EXAMPLE_OPENERS = new PhraseList(['for example', 'for instance', 'e.g', 'such as', 'including', 'notably', 'specifically']);
const LETTER_THEN_DIGIT = unicodeRegExp(String.raw`\p{L}\d`, 'u');
const THIRD_SUBJECT_ASCII = THIRD_SUBJECT.ascii;
const DEMONSTRATIVE_START_ASCII = DEMONSTRATIVE_START.ascii;
const SUMMARY_OPENER_ASCII = SUMMARY_OPENER.ascii;
const LETTER_THEN_DIGIT_ASCII = LETTER_THEN_DIGIT.ascii;
const HAS_DIGIT = /\d/;

function isUpperCase(character: string): boolean {
  // ASCII by its code: case-mapping a character allocates, and this runs for several characters of every word.
  const code = character.charCodeAt(0);
  if (code < 128) return code >= 65 && code <= 90;
  return character !== character.toLowerCase() && character === character.toUpperCase();
}

/*
 * The word sets above as word classes (see assertionWords.ts): a word's classes are looked up once, when the
 * sentence is split into words, rather than once per set: the loop below runs for every word of every sentence.
 */
const IS_FIRST_PLURAL = wordClass(FIRST_PLURAL);
const IS_SECOND = wordClass(SECOND);
const IS_FIRST_SINGULAR_LOWER = wordClass(FIRST_SINGULAR_LOWER);
const IS_NEGATION = wordClass(NEGATION);
const IS_COPULA = wordClass(COPULA);
const IS_CONDITIONAL = wordClass(CONDITIONAL);
const IS_PAST_WORD = wordClass(PAST_WORDS);
const IS_PERFECT_AUXILIARY = wordClass(PERFECT_AUXILIARIES);
const IS_PASSIVE_AUXILIARY = wordClass(PASSIVE_AUXILIARIES);
const IS_PERFECT_SKIPPABLE = wordClass(PERFECT_SKIPPABLE);
const IS_POSSESSION_EXCLUDED = wordClass(POSSESSION_EXCLUDED);
const IS_EXISTENTIAL_VERB = wordClass(EXISTENTIAL_VERBS);
const IS_THERE = wordClass(['there', "there's"]);

/**
 * Computes the feature vector of one sentence from its text, the cues and dampers found in it, and the log-odds
 * the hand weights give it (-Infinity when no specific cue is found).
 */
export function assertionFeatures(text: string, cues: readonly CueMatch[], dampers: readonly Damper[], ruleLogOdds = -Infinity): number[] {
  // A copy of a vector of zeros that already holds doubles: filling a vector of small integers with the
  // strengths would reallocate it.
  const features: number[] = ZERO_FEATURES.slice();
  // Cue presence at [kind], its strongest weight at [CUE_KINDS.length + kind]: written in place, without a map per sentence.
  for (let i = 0; i < cues.length; i++) {
    const kind = CUE_KIND_INDEX.get(cues[i].kind);
    if (kind === undefined) continue;
    features[kind] = 1;
    features[CUE_KINDS.length + kind] = Math.max(features[CUE_KINDS.length + kind], cues[i].weight);
  }
  for (let i = 0; i < dampers.length; i++) {
    const kind = DAMPER_KIND_INDEX.get(dampers[i].kind);
    if (kind !== undefined) features[2 * CUE_KINDS.length + kind] = 1;
  }
  const wordList = wordsOf(text);
  const words = wordList.length;
  // Whether any word is in a class is read off the union of the words' classes, which the split computed (see
  // assertionWords.ts): the loop below tests per word only what depends on the word's neighbours or spelling, and
  // only where the sentence has such a word at all. It runs for every word of every sentence.
  const classes = classesOfSentence(text);
  let firstSingular = (classes & IS_FIRST_SINGULAR_LOWER) !== 0;
  const firstPlural = (classes & IS_FIRST_PLURAL) !== 0;
  const second = (classes & IS_SECOND) !== 0;
  let negation = (classes & IS_NEGATION) !== 0;
  const copula = (classes & IS_COPULA) !== 0;
  const conditional = (classes & IS_CONDITIONAL) !== 0;
  let past = (classes & IS_PAST_WORD) !== 0;
  const hasPerfectAuxiliary = (classes & IS_PERFECT_AUXILIARY) !== 0;
  const hasPassiveAuxiliary = (classes & IS_PASSIVE_AUXILIARY) !== 0;
  const hasThere = (classes & IS_THERE) !== 0;
  let presentPerfect = false;
  let passive = false;
  let existential = false;
  let possession = false;
  let acronym = false;
  let properName = false;
  let specificNames = 0;
  // A word has a letter before a digit only where the sentence has one: lower-casing makes no digit, and maps no
  // character other than a letter to a letter. One test per sentence rather than a regex call per word (most
  // sentences with digits have no "A380" or "G20").
  const ascii = lettersAndDigitsAreAscii(text);
  const letterThenDigit = ascii ? LETTER_THEN_DIGIT_ASCII : LETTER_THEN_DIGIT.unicode;
  const hasLetterThenDigit = HAS_DIGIT.test(text) && letterThenDigit.test(text);
  // Without an apostrophe in the sentence no word is "i'm" or "isn't": those string tests are skipped. "I" and
  // "I'm" count only as written with a capital I.
  const hasApostrophe = text.includes("'") || text.includes('’');
  const mayHaveCapitalI = text.includes('I');
  for (let i = 0; i < wordList.length; i++) {
    const word = wordList[i];
    const lower = word.lower;
    if (!firstSingular && mayHaveCapitalI && (lower === 'i' || (hasApostrophe && lower.startsWith("i'")))) firstSingular = text[word.start] === 'I';
    if (!negation && hasApostrophe && lower.endsWith("n't")) negation = true;
    if (!past && lower.endsWith('ed') && REGULAR_PAST.test(lower)) past = true;
    if (hasPerfectAuxiliary && word.entry.classes & IS_PERFECT_AUXILIARY) {
      let k = i + 1;
      while (k < wordList.length && wordList[k].entry.classes & IS_PERFECT_SKIPPABLE) k++;
      if (k < wordList.length && PARTICIPLE.test(wordList[k].lower)) presentPerfect = true;
      if (i + 1 === wordList.length || !(wordList[i + 1].entry.classes & IS_POSSESSION_EXCLUDED)) possession = true;
    }
    if (hasPassiveAuxiliary && word.entry.classes & IS_PASSIVE_AUXILIARY && i + 1 < wordList.length) {
      const next = wordList[i + 1].lower;
      const participle = next.endsWith('ly') ? wordList[i + 2]?.lower : next;
      if (participle !== undefined && PASSIVE_PARTICIPLE.test(participle)) passive = true;
    }
    if (hasThere && ((lower === 'there' && i + 1 < wordList.length && wordList[i + 1].entry.classes & IS_EXISTENTIAL_VERB) || lower === "there's")) existential = true;
    // A word that lower-casing leaves alone has no upper-case character.
    if (word.hasCapital) {
      const { start, end } = word;
      const initialUpper = isUpperCase(text[start]);
      if (initialUpper && end - start >= 2 && isUpperCase(text[end - 1]) && isUpperCase(text[start + 1])) acronym = true;
      if (i > 0 && initialUpper && lower !== 'i') {
        specificNames++;
        properName = true;
        continue;
      }
    }
    if (hasLetterThenDigit && letterThenDigit.test(lower)) specificNames++;
  }
  let at = 2 * CUE_KINDS.length + DAMPER_KINDS.length;
  features[at++] = firstSingular ? 1 : 0;
  features[at++] = firstPlural ? 1 : 0;
  features[at++] = second ? 1 : 0;
  features[at++] = (ascii ? THIRD_SUBJECT_ASCII : THIRD_SUBJECT.unicode).test(text) ? 1 : 0;
  features[at++] = past ? 1 : 0;
  features[at++] = presentPerfect ? 1 : 0;
  features[at++] = passive ? 1 : 0;
  features[at++] = negation ? 1 : 0;
  features[at++] = copula ? 1 : 0;
  features[at++] = properName ? 1 : 0;
  features[at++] = acronym ? 1 : 0;
  features[at++] = existential ? 1 : 0;
  features[at++] = text.includes('!') ? 1 : 0;
  features[at++] = Math.log(1 + words) / Math.log(64);
  features[at++] = words < 6 ? 1 : 0;
  features[at++] = words > 30 ? 1 : 0;
  features[at++] = conditional ? 1 : 0;
  features[at++] = possession ? 1 : 0;
  features[at++] = (ascii ? DEMONSTRATIVE_START_ASCII : DEMONSTRATIVE_START.unicode).test(text) ? 1 : 0;
  features[at++] = (ascii ? SUMMARY_OPENER_ASCII : SUMMARY_OPENER.unicode).test(text) ? 1 : 0;
  features[at++] = EXAMPLE_OPENERS.findIn(text).length > 0 ? 1 : 0;
  features[at++] = Math.min(1, specificNames / 4);
  features[at++] = clippedRuleLogOdds(ruleLogOdds);
  return features;
}
