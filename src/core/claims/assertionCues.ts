/**
 * The cues that make a sentence read as a checkable fact, and the signals that make it read as the writer's
 * own framing, opinion or speculation. One small function or table per cue, so each can be read, tested and
 * tuned on its own; assertions.ts weighs them.
 */
import { classesOfSentence, lettersAndDigitsAreAscii, PhraseList, wordClass, wordsOf, type Word, unicodeRegExp } from './assertionWords';

/** True when any word of `text` is in the word class `wordClass` made: a cheap test that lets a costly regex be skipped. */
function hasWordIn(text: string, wordClassBit: number): boolean {
  return (classesOfSentence(text) & wordClassBit) !== 0;
}

/** One piece of evidence found in a sentence: what it is, the writer-facing words, and where it is. */
export interface CueMatch {
  /**
   * Stable name: 'number', 'date', 'attribution', 'hedge', 'quotation', 'comparison', 'consensus', 'change',
   * 'causal', 'actor-action', 'finding', 'statement', 'record', 'names'.
   */
  kind: string;
  /** The writer-facing words: what the cue says and the words that triggered it (see `cueLabel`). */
  label: string;
  start: number;
  end: number;
  /** How strongly this cue alone suggests a checkable fact (log-odds contribution before penalties). */
  weight: number;
}

/** A signal against flagging: the sentence is the writer's framing, an opinion or a speculation. */
export interface Damper {
  kind: 'framing' | 'opinion' | 'speculation' | 'imperative' | 'first-person';
  start: number;
  end: number;
  weight: number;
}

/*
 * Global regexes are run with exec loops from lastIndex 0 rather than with matchAll, which clones the regex and
 * makes an iterator for every sentence: in a cold process that showed in the profile. No loop body runs the
 * regex of its own loop.
 */
const WORD_BOUNDARY_BEFORE = '(?<![\\p{L}\\p{N}_])';
const WORD_BOUNDARY_AFTER = '(?![\\p{L}\\p{N}_])';

/** A phrase list matched word by word (see assertionWords.ts). */
function phrases(list: readonly string[]): PhraseList {
  return new PhraseList(list);
}

/**
 * What the tidying in quoteTrigger would change: a placeholder, whitespace at either end, two whitespace
 * characters in a row, or whitespace other than a space.
 */
const UNTIDY = /[\uE000\uFFFC]|^\s|\s$|\s\s|[^\S ]/;

function quoteTrigger(text: string, start: number, end: number, maxLength = 48): string {
  let trigger = text.slice(start, end);
  // One regex test instead of three passes, which seldom change anything: this runs for every cue found.
  if (UNTIDY.test(trigger)) trigger = trigger.replace(/[\uE000\uFFFC]/g, '').replace(/\s+/g, ' ').trim();
  if (trigger.length > maxLength) trigger = `${trigger.slice(0, maxLength - 1).trimEnd()}…`;
  return trigger;
}

/**
 * A cue whose label is only its verb so far: the detector weighs many cues and reports few, and quoting the
 * trigger of every cue showed in the cold profile. `cueLabel` completes it.
 */
function cue(kind: string, verb: string, start: number, end: number, weight: number): CueMatch {
  return { kind, label: verb, start, end, weight };
}

/** The writer-facing label of a cue found in `text` whose label is still its verb: the verb and the quoted trigger. */
export function cueLabel(text: string, found: CueMatch): string {
  // A quotation is quoted without its quotation marks, and shorter.
  return found.kind === 'quotation'
    ? `${found.label}: "${quoteTrigger(text, found.start + 1, found.end - 1, 40)}"`
    : `${found.label}: "${quoteTrigger(text, found.start, found.end)}"`;
}

/** Completes the labels of cues found in `text` (see `cue`) and returns them. */
export function withLabels(text: string, cues: CueMatch[]): CueMatch[] {
  for (let i = 0; i < cues.length; i++) cues[i].label = cueLabel(text, cues[i]);
  return cues;
}

/** A cue that is all in a phrase list: the hedges, consensus, findings, changes and causal claims. */
interface PhraseCue {
  list: PhraseList;
  kind: string;
  verb: string;
  weight: number;
}

/**
 * Appends a cue per match of a phrase cue's list. One function for the five rather than a closure each: every
 * function costs its own warm-up.
 */
function addPhraseCues(cues: CueMatch[], text: string, { list, kind, verb, weight }: PhraseCue): CueMatch[] {
  const matches = list.findIn(text);
  for (let i = 0; i < matches.length; i++) cues.push(cue(kind, verb, matches[i].index, matches[i].index + matches[i].value.length, weight));
  return cues;
}

/*
 * Each finder appends its cues to `found`, a new list unless given one: `addCuesOf` passes the sentence's list, which
 * spares a list per finder and sentence and the copying into the sentence's. A finder reads back only its own cues,
 * from the length `found` had when it began. Every cue lies inside the sentence and is not empty: each span is a
 * match in it, or words around one (a unit test holds every finder to that).
 */

/** Whether `position` lies inside a cue of `found` from index `from` on: a loop, not `some` with a closure made per call. */
function startsInside(found: readonly CueMatch[], from: number, position: number): boolean {
  for (let i = from; i < found.length; i++) if (found[i].start <= position && position < found[i].end) return true;
  return false;
}

/* ------------------------------------------------------------------------------------------------ words */

const MONTHS = [
  'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november',
  'december', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
];
const MONTH_SET = new Set(MONTHS);
const MONTH_WORDS = wordClass(MONTH_SET);

/** Function words that are capitalised only because they open the sentence; a number after them is a number. */
const FUNCTION_WORDS = new Set([
  'in', 'on', 'at', 'by', 'for', 'from', 'to', 'of', 'since', 'until', 'about', 'around', 'nearly', 'almost',
  'over', 'under', 'some', 'only', 'just', 'the', 'a', 'an', 'and', 'but', 'or', 'so', 'all', 'after', 'before',
  'during', 'between', 'with', 'without', 'than', 'roughly', 'approximately', 'more', 'less', 'fewer', 'up',
  'down', 'another', 'those', 'these', 'its', 'their', 'his', 'her', 'our', 'my', 'your', 'every', 'each', 'page',
  'pages', 'then', 'now', 'per', 'least', 'most', 'exactly', 'top',
]);

/** Suffixes glued to a number that keep it a quantity ("40km", "1990s", "3rd", "5bn", "10x"). */
const UNIT_SUFFIX = /^(?:k|m|bn|b|tn|km|kg|g|mg|lb|lbs|mm|cm|m2|km2|ft|mi|mph|kph|h|hr|hrs|min|s|ms|ml|l|gb|mb|tb|kw|mw|gw|kwh|x|st|nd|rd|th|yo|pc|pct|am|pm)$/i;

/* ------------------------------------------------------------------------------------------------ number */

const DIGIT_NUMBER = unicodeRegExp(
  String.raw`(?<![\p{L}\p{N}_.,\/-])([$€£¥₹]\s?)?(\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?([\p{L}]+|\s?%)?`,
  'gu',
);
const DIGIT_NUMBER_ASCII = DIGIT_NUMBER.ascii;
const HAS_DIGIT = /\d/;
const NUMBER_WORDS = phrases([
  'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'fifteen', 'twenty',
  'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety', 'hundred', 'hundreds', 'thousand',
  'thousands', 'million', 'millions', 'billion', 'billions', 'trillion', 'trillions', 'dozen', 'dozens', 'half',
  'a third', 'a quarter', 'two-thirds', 'three-quarters', 'twice', 'thrice', 'percent', 'per cent', 'percentage',
  'majority', 'minority', 'tens of', 'scores of',
]);
/** A scale right after a number, from `lastIndex` (sticky, so that the rest of the sentence is not sliced off). */
const SCALE_AT = /\s*(?:%|percent\b|per\s+cent\b|percentage\s+points?\b|million\b|billion\b|trillion\b|thousand\b|hundred\b)/iy;

/*
 * Character classes of one UTF-16 code unit, as the regexes /\s/, /[\p{L}\p{N}'’-]/u … would test
 * `text[i]`. ASCII is decided by comparisons; anything else asks the regex. These run for every character
 * around a number or a name, and a regex call per character dominated the cold profile.
 */
const OTHER_SPACE = /\s/;
const OTHER_LETTER_DIGIT_APOSTROPHE_HYPHEN = /[\p{L}\p{N}'’-]/u;
const OTHER_LETTER_APOSTROPHE_HYPHEN = /[\p{L}'’-]/u;
const OTHER_OPENING = /[\s"“‘'(\[\uE000\uFFFC*_]/u;

const OTHER_LETTER_DIGIT_UNDERSCORE_HYPHEN = /[\p{L}\p{N}_-]/u;

/** /[\p{L}\p{N}_-]/u on one character, ASCII by its code: most characters before a number are spaces. */
function isLetterDigitUnderscoreHyphen(character: string): boolean {
  const code = character.charCodeAt(0);
  if (code < 128) return isAsciiLetter(code) || (code >= 48 && code <= 57) || code === 95 || code === 45;
  return OTHER_LETTER_DIGIT_UNDERSCORE_HYPHEN.test(character);
}

function isAsciiLetter(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90);
}

function isSpaceAt(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  if (code < 128) return code === 32 || (code >= 9 && code <= 13);
  return OTHER_SPACE.test(text[i]);
}

/** Spaces, opening quotes and brackets, emphasis marks and placeholders: what may stand before a sentence's first word. */
function isOpeningCharAt(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  if (code < 128) return code === 32 || (code >= 9 && code <= 13) || code === 34 || code === 39 || code === 40 || code === 91 || code === 42 || code === 95;
  return OTHER_OPENING.test(text[i]);
}

/** The lower-case word just before `index` and whether it opens the sentence. */
function previousWord(text: string, index: number): { word: string; start: number; atSentenceStart: boolean } {
  let end = index;
  while (end > 0 && isSpaceAt(text, end - 1)) end--;
  let start = end;
  // Letters, digits, apostrophes and hyphens, ASCII tested inline: this runs for every character of the word, and
  // a call per character costs more than the test until the JIT has warmed up.
  for (; start > 0; start--) {
    const code = text.charCodeAt(start - 1);
    if (code < 128 ? !(isAsciiLetter(code) || (code >= 48 && code <= 57) || code === 39 || code === 45) : !OTHER_LETTER_DIGIT_APOSTROPHE_HYPHEN.test(text[start - 1])) break;
  }
  let before = start;
  while (before > 0 && isOpeningCharAt(text, before - 1)) before--;
  return { word: text.slice(start, end), start, atSentenceStart: before === 0 };
}

/** The word right after `index` (skipping spaces), with its span. */
function nextWord(text: string, index: number): { word: string; start: number; end: number } {
  let start = index;
  while (start < text.length && (text.charCodeAt(start) === 32 || text.charCodeAt(start) === 9)) start++;
  let end = start;
  // Letters, apostrophes and hyphens, ASCII tested inline as in previousWord.
  for (; end < text.length; end++) {
    const code = text.charCodeAt(end);
    if (code < 128 ? !(isAsciiLetter(code) || code === 39 || code === 45) : !OTHER_LETTER_APOSTROPHE_HYPHEN.test(text[end])) break;
  }
  return { word: text.slice(start, end), start, end };
}

const NOT_A_COUNTED_NOUN = new Set([
  'and', 'or', 'of', 'the', 'a', 'to', 'in', 'on', 'at', 'is', 'are', 'was', 'were', 'that', 'which', 'with',
  'for', 'by', 'as', 'from', 'but', 'it', 'this', 'he', 'she', 'they', 'we', 'i', 'you', 'has', 'have', 'had',
]);

const STARTS_WITH_CAPITAL = /^\p{Lu}/u;

/** /^\p{Lu}/u, ASCII by its code. */
function startsWithCapital(word: string): boolean {
  const code = word.charCodeAt(0);
  if (code < 128) return code >= 65 && code <= 90;
  return STARTS_WITH_CAPITAL.test(word);
}

/** Abbreviations that number documents and things rather than count them: "No. 5", "p. 3", "Vol. 2". */
const REFERENCE_BEFORE = /(?:^|[^\p{L}])(?:no|nos|nr|vol|vols|pp?|fig|figs|art|sec|ch|chap|para|eq|ref|tab)\.\s*$/iu;

/*
 * The small regexes of the finders below, made once: a regex literal inside a function makes a new RegExp object
 * every time it is evaluated, and these run for every number, date or cue found.
 */
const PERCENT_GLUED = /^\s?%$/;
const ONLY_SPACES = /^\s+$/;
const YEAR_NUMBER = /^(1[5-9]|20)\d\d$/;
const DAY_NUMBER = /^\d{1,2}$/;
const FINAL_DOT = /\.$/;
const ONE_DIGIT = /^\d$/;
const DECIMAL_PART = /\.\d/;
/** "1) ", "2. " right after a number, from `lastIndex`: the enumeration of a list item. */
const ENUMERATION_AT = /[).]\s/y;
const BIG_NUMBER_WORD = /hundred|thousand|million|billion|trillion|percent|per cent|percentage|dozen|tens of|scores of|third|quarter|half|twice|thrice|majority/;

/** True when the number starting at `start` is part of a name ("Boeing 747", "Airbus A380", "COVID-19", "G20"). */
function isNumberInName(text: string, start: number, glued: string | undefined): boolean {
  // REFERENCE_BEFORE needs a dot among the 8 characters before the number: most numbers have none, and skip the
  // slice and the regex.
  const windowStart = Math.max(0, start - 8);
  if (start > 0 && text.lastIndexOf('.', start - 1) >= windowStart && REFERENCE_BEFORE.test(text.slice(windowStart, start))) return true;
  const before = text[start - 1];
  if (before !== undefined && isLetterDigitUnderscoreHyphen(before)) return true;
  if (glued && !PERCENT_GLUED.test(glued) && !UNIT_SUFFIX.test(glued)) return true;
  // "Boeing 747", "Windows 10", "Flight 370", "Section 230", "Apollo 11": a capitalised word right before the
  // number. Capitalised function words that merely open the sentence ("Nearly 40 ships") and months ("May 5")
  // do not make a name.
  const previous = previousWord(text, start);
  if (previous.word.length > 0 && startsWithCapital(previous.word)) {
    const gap = text.slice(previous.start + previous.word.length, start);
    const lower = previous.word.toLowerCase();
    if (gap.length <= 2 && ONLY_SPACES.test(gap) && !FUNCTION_WORDS.has(lower) && !MONTH_SET.has(lower)) return true;
  }
  return false;
}

/** True when the number at [start, end) is a year or a day of a month, which the date cue reports instead. */
function isDateNumber(text: string, digits: string, start: number): boolean {
  if (YEAR_NUMBER.test(digits)) return true;
  if (!DAY_NUMBER.test(digits)) return false;
  const previous = previousWord(text, start).word.toLowerCase().replace(FINAL_DOT, '');
  return MONTH_SET.has(previous);
}

/** Statistics and quantities: "40 passengers", "3.4%", "$28 billion", "thousands of", "two-thirds". */
function numberCues(text: string, found: CueMatch[] = []): CueMatch[] {
  const from = found.length;
  const hasDigit = HAS_DIGIT.test(text);
  const digitNumber = lettersAndDigitsAreAscii(text) ? DIGIT_NUMBER_ASCII : DIGIT_NUMBER.unicode;
  digitNumber.lastIndex = 0;
  for (let match = hasDigit ? digitNumber.exec(text) : null; match !== null; match = digitNumber.exec(text)) {
    const start = match.index;
    const currency = match[1];
    const digits = match[2];
    const glued = match[3];
    let end = start + match[0].length;
    // Each test below skips the number and none has side effects, so their order does not change what is found:
    // the date test comes first, as years are common (the date cue reports them) and the look back for a name
    // ("Boeing 747") costs the most.
    SCALE_AT.lastIndex = end;
    const scale = SCALE_AT.exec(text);
    if (!currency && !glued && !scale && isDateNumber(text, digits, start)) continue;
    // Enumerations "1)" and "2." at the start of list items are not statistics.
    ENUMERATION_AT.lastIndex = end;
    if (!currency && !glued && ENUMERATION_AT.test(text) && ONE_DIGIT.test(digits)) continue;
    if (!currency && isNumberInName(text, start, glued)) continue;
    if (scale) end += scale[0].length;
    let weight = 1.6;
    if (currency || scale || glued === '%') weight = 2.4;
    else if (!glued) {
      const noun = nextWord(text, end);
      if (noun.word.length > 1 && !NOT_A_COUNTED_NOUN.has(noun.word.toLowerCase())) end = noun.end;
      // A lone small integer ("one of 2 options", "step 3") is weaker evidence than a measured quantity.
      if (ONE_DIGIT.test(digits) && !DECIMAL_PART.test(match[0])) weight = 1.1;
    }
    found.push(cue('number', 'gives a number', start, end, weight));
  }
  const numberWordsMatches = NUMBER_WORDS.findIn(text);
  for (let i = 0; i < numberWordsMatches.length; i++) {
    const match = numberWordsMatches[i];
    const start = match.index;
    let end = start + match.value.length;
    const word = match.value.toLowerCase();
    if (startsInside(found, from, start)) continue;
    const noun = nextWord(text, end);
    if (noun.word.length > 1 && !NOT_A_COUNTED_NOUN.has(noun.word.toLowerCase()) || noun.word.toLowerCase() === 'of') {
      end = noun.word.toLowerCase() === 'of' ? nextWord(text, noun.end).end : noun.end;
    }
    const big = BIG_NUMBER_WORD.test(word);
    found.push(cue('number', 'gives a number', start, end, big ? 1.4 : 0.6));
  }
  return found;
}

/* ------------------------------------------------------------------------------------------------ date */

const MONTH_DATE = unicodeRegExp(
  `${WORD_BOUNDARY_BEFORE}(?:\\d{1,2}(?:st|nd|rd|th)?\\s+(?:of\\s+)?)?(?:${MONTHS.filter((m) => m.length > 4 || m === 'may' || m === 'june' || m === 'july').join('|')}|(?:${MONTHS.filter((m) => m.length <= 4 && !['may', 'june', 'july'].includes(m)).join('|')})\\.?)(?:\\s+\\d{1,2}(?:st|nd|rd|th)?)?(?:,?\\s+(?:1[5-9]|20)\\d\\d)?${WORD_BOUNDARY_AFTER}`,
  'giu',
);
const MONTH_DATE_ASCII = MONTH_DATE.ascii;
const YEAR = unicodeRegExp(String.raw`(?<![\p{L}\p{N}_.,\/-])(?:(?:in|since|by|until|from|during|before|after|of|as of|through|between|early|late|mid)[\s-]+)?(?:(?:1[5-9]|20)\d\d)(?:s|['’]s)?(?![\p{L}\p{N}_]|[.,]\d)`, 'giu');
const YEAR_ASCII = YEAR.ascii;
/** The digits YEAR needs: most sentences with a number have no year, and YEAR is costly even on ASCII. */
const YEAR_DIGITS = /1[5-9]\d\d|20\d\d/;
const RELATIVE_DATE = phrases([
  'yesterday', 'last year', 'last month', 'last week', 'last night', 'this year', 'this week', 'this month',
  'earlier this year', 'earlier this month', 'earlier this week', 'last decade', 'the past year', 'the past decade',
  'years ago', 'months ago', 'weeks ago', 'days ago', 'decades ago', 'a year ago', 'a decade ago', 'on monday',
  'on tuesday', 'on wednesday', 'on thursday', 'on friday', 'on saturday', 'on sunday', 'in the 1990s',
  'last summer', 'last spring', 'last fall', 'last autumn', 'last winter', 'the previous year',
]);

const HAS_DIGIT_IN_DATE = /\d/;
const FIRST_LETTERS = /[\p{L}]+/u;
const LEADING_DAY = /^\d+\w*\s+(?:of\s+)?/;
const AMBIGUOUS_MONTH = /^(?:may|march|jan|mar|sep|dec|aug|oct|nov|jun|jul|apr|feb|sept)$/i;
const TIME_PREPOSITION = /^(?:in|on|since|by|until|from|during|before|after|of|through|last|next|early|late|mid)$/i;
const STARTS_WITH_NON_DIGIT = /^\D/;

/**
 * Whether a cue of `found` from index `from` on starts at or before `last` and ends after `start`: a loop, not `some`
 * with a closure per call.
 */
function overlapsFound(found: readonly CueMatch[], from: number, start: number, last: number): boolean {
  for (let i = from; i < found.length; i++) if (found[i].start <= last && start < found[i].end) return true;
  return false;
}

/** Dates: "in 2019", "March 3, 2020", "the 1990s", "last year", "on Monday". */
function dateCues(text: string, found: CueMatch[] = []): CueMatch[] {
  const from = found.length;
  const ascii = lettersAndDigitsAreAscii(text);
  const monthDate = ascii ? MONTH_DATE_ASCII : MONTH_DATE.unicode;
  monthDate.lastIndex = 0;
  for (let match = hasWordIn(text, MONTH_WORDS) ? monthDate.exec(text) : null; match !== null; match = monthDate.exec(text)) {
    const word = match[0];
    const start = match.index;
    const hasNumber = HAS_DIGIT_IN_DATE.test(word);
    const monthWord = FIRST_LETTERS.exec(word.replace(LEADING_DAY, ''))?.[0] ?? '';
    // "may" and "march" are ordinary words; a month needs a capital, and the ambiguous ones need a number or
    // a preposition of time ("in May").
    if (!startsWithCapital(monthWord)) continue;
    const ambiguous = AMBIGUOUS_MONTH.test(monthWord);
    const previous = previousWord(text, start);
    const preposition = TIME_PREPOSITION.test(previous.word);
    if (ambiguous && !hasNumber && !preposition) continue;
    if (!hasNumber && !preposition && previous.atSentenceStart) continue;
    const begin = preposition ? previous.start : start;
    found.push(cue('date', 'gives a date', begin, start + word.length, hasNumber ? 1.6 : 1.0));
  }
  const year = ascii ? YEAR_ASCII : YEAR.unicode;
  year.lastIndex = 0;
  for (let match = YEAR_DIGITS.test(text) ? year.exec(text) : null; match !== null; match = year.exec(text)) {
    const start = match.index;
    const end = start + match[0].length;
    if (overlapsFound(found, from, start, start + match[0].length - 1)) continue;
    const previous = previousWord(text, start);
    // "Windows 2000", "Vision 2030" are names.
    const bare = !STARTS_WITH_NON_DIGIT.test(match[0]);
    if (bare && startsWithCapital(previous.word) && !previous.atSentenceStart && !FUNCTION_WORDS.has(previous.word.toLowerCase()) &&
      !MONTH_SET.has(previous.word.toLowerCase()) && text.slice(previous.start + previous.word.length, start) === ' ') continue;
    found.push(cue('date', 'gives a date', start, end, 1.5));
  }
  const relativeDateMatches = RELATIVE_DATE.findIn(text);
  for (let i = 0; i < relativeDateMatches.length; i++) {
    const match = relativeDateMatches[i];
    found.push(cue('date', 'gives a date', match.index, match.index + match.value.length, 1.0));
  }
  return found;
}

/* ------------------------------------------------------------------------------------------------ attribution */

const SPEECH_VERBS = [
  'said', 'says', 'told', 'tells', 'reported', 'reports', 'announced', 'announces', 'stated', 'states', 'claimed',
  'claims', 'confirmed', 'confirms', 'testified', 'wrote', 'writes', 'estimated', 'estimates', 'warned', 'warns',
  'admitted', 'admits', 'acknowledged', 'acknowledges', 'denied', 'denies', 'noted', 'notes', 'revealed',
  'reveals', 'disclosed', 'discloses', 'insisted', 'insists', 'argued', 'argues', 'explained', 'explains',
  'concluded', 'concludes', 'found', 'finds', 'showed', 'shows', 'demonstrated', 'demonstrates', 'observed',
  'observes', 'predicted', 'predicts', 'projected', 'projects', 'indicated', 'indicates', 'suggested',
  'suggests', 'recorded', 'records', 'documented', 'documents', 'showed that', 'found that', 'shown',
];
const ATTRIBUTION_PHRASES = phrases([
  'according to', 'as reported by', 'reports say', 'report says', 'reports show', 'studies show', 'study shows',
  'studies have shown', 'research shows', 'research has shown', 'data show', 'data shows', 'figures show',
  'statistics show', 'polls show', 'surveys show', 'a study found', 'a report found', 'officials said',
  'sources said', 'sources say', 'experts say', 'experts said', 'it was reported', 'it has been reported',
  'it is reported', 'has been shown', 'have been shown', 'was shown', 'were shown', 'was found', 'were found',
  'has been reported', 'have been reported', 'was reported', 'were reported', 'has been demonstrated',
  'have been demonstrated', 'was demonstrated', 'were demonstrated', 'been observed', 'was observed',
]);
const SPEECH_VERB = phrases(SPEECH_VERBS);
/** Subjects of a speech verb that are the speaker, not a source ("as I said", "we found"). */
const SELF_OR_GENERIC = /^(?:i|we|you|me|us|one|it|this|that|which|what|who|people|everybody|everyone|somebody|someone)$/i;

/** Authors named the way papers are cited: "Shin et al.", "Smith and Jones (2019)". */
const AUTHOR_CITATION = unicodeRegExp(String.raw`(?<![\p{L}])\p{Lu}[\p{L}'’-]+(?:\s+(?:and|&)\s+\p{Lu}[\p{L}'’-]+)?\s+(?:et\s+al\.?|\((?:19|20)\d\d[a-z]?\))`, 'gu');
const AUTHOR_CITATION_ASCII = AUTHOR_CITATION.ascii;

/** Whether `text` has what AUTHOR_CITATION needs ("et" and "al", or "(19…", "(20…"): most sentences do not, and the regex is costly. */
function mayCiteAuthors(text: string): boolean {
  return (text.includes('et') && text.includes('al')) || text.includes('(19') || text.includes('(20');
}

const ACCORDING_TO = /^according to$/i;
const SPACES = /\s+/g;
/** Words between a subject and its speech verb: "has found", "also said". */
const AUXILIARY_SUBJECT = /^(?:has|have|had|was|were|is|are|also|recently|previously|later|then|further|first|publicly)$/i;
/** The speech verbs proper, as opposed to the finding verbs ("found", "shows"). */
const SPEECH_PROPER = /^(?:said|says|told|tells|reported|reports|announced|announces|stated|states|claimed|claims|confirmed|confirms|testified|wrote|writes|admitted|admits|acknowledged|acknowledges|denied|denies|revealed|reveals|disclosed|discloses|insisted|insists|warned|warns)$/;

/** Attribution to a source: "according to the ministry", "officials said", "a study found", "Shin et al.". */
function attributionCues(text: string, found: CueMatch[] = []): CueMatch[] {
  const from = found.length;
  const authorCitation = lettersAndDigitsAreAscii(text) ? AUTHOR_CITATION_ASCII : AUTHOR_CITATION.unicode;
  authorCitation.lastIndex = 0;
  for (let match = mayCiteAuthors(text) ? authorCitation.exec(text) : null; match !== null; match = authorCitation.exec(text)) {
    found.push(cue('attribution', 'refers to published work', match.index, match.index + match[0].length, 2.2));
  }
  const attributionPhrasesMatches = ATTRIBUTION_PHRASES.findIn(text);
  for (let i = 0; i < attributionPhrasesMatches.length; i++) {
    const match = attributionPhrasesMatches[i];
    let end = match.index + match.value.length;
    if (ACCORDING_TO.test(match.value.replace(SPACES, ' '))) end = extendOverNounPhrase(text, end);
    found.push(cue('attribution', 'attributes a claim', match.index, end, 2.0));
  }
  const speechVerbMatches = SPEECH_VERB.findIn(text);
  for (let i = 0; i < speechVerbMatches.length; i++) {
    const match = speechVerbMatches[i];
    const start = match.index;
    if (startsInside(found, from, start)) continue;
    const previous = previousWord(text, start);
    if (previous.word.length === 0) continue;
    const subject = previous.word.toLowerCase();
    if (SELF_OR_GENERIC.test(subject)) continue;
    // "has/have/had found" — take the word before the auxiliary as the subject.
    let subjectStart = previous.start;
    if (AUXILIARY_SUBJECT.test(subject)) {
      const before = previousWord(text, previous.start);
      if (before.word.length === 0 || SELF_OR_GENERIC.test(before.word)) continue;
      subjectStart = before.start;
    }
    const verb = match.value.toLowerCase();
    // Finding verbs ("found", "shows") need a research or reporting subject to be an attribution; speech verbs
    // ("said", "told") are one whatever the subject.
    const speech = SPEECH_PROPER.test(verb);
    const weight = speech ? 1.8 : 1.0;
    found.push(cue('attribution', 'attributes a claim', subjectStart, start + match.value.length, weight));
  }
  return found;
}

/** Extends an "according to" over the noun phrase after it, up to a comma or five words. */
function extendOverNounPhrase(text: string, from: number): number {
  let end = from;
  for (let words = 0; words < 5; words++) {
    const word = nextWord(text, end);
    if (word.word.length === 0) break;
    end = word.end;
    // /^[,;:.]/ on the rest of the sentence, by the next character's code.
    const next = text.charCodeAt(end);
    if (next === 44 || next === 59 || next === 58 || next === 46) break;
  }
  return end;
}

/* ------------------------------------------------------------------------------------------------ hedge */

const HEDGES = phrases([
  'reportedly', 'allegedly', 'purportedly', 'supposedly', 'ostensibly', 'rumored', 'rumoured', 'is said to',
  'are said to', 'was said to', 'were said to', 'is believed to', 'are believed to', 'was believed to',
  'is thought to', 'are thought to', 'is understood to', 'is alleged', 'are alleged', 'was alleged', 'alleged',
  'is rumored', 'it is claimed', 'is known to', 'are known to', 'is estimated', 'are estimated', 'was estimated',
  'an estimated', 'is expected to', 'are expected to', 'widely believed', 'is widely', 'unconfirmed',
]);
const HEDGE_CUE: PhraseCue = { list: HEDGES, kind: 'hedge', verb: 'hedges a claim that still needs a source', weight: 1.8 };

/** Hedged or second-hand claims still need a source: "allegedly", "is believed to", "reportedly". */
export function findHedges(text: string): CueMatch[] {
  return withLabels(text, addPhraseCues([], text, HEDGE_CUE));
}

const CONSENSUS = phrases([
  'well-established', 'well established', 'well known', 'well-known', 'widely used', 'widely accepted',
  'commonly used', 'commonly applied', 'it is known', 'is known', 'are known', 'has been shown', 'have been shown',
  'has been used', 'have been used', 'has been applied', 'have been applied', 'has been proposed',
  'have been proposed', 'has been developed', 'have been developed', 'has been reported', 'have been reported',
  'has been widely', 'have been widely', 'is widely', 'are widely', 'is commonly', 'are commonly', 'recent work',
  'previous work', 'prior work', 'previous studies', 'recent studies', 'studies have', 'researchers have',
  'a number of studies', 'several studies', 'many studies', 'the literature',
]);
const CONSENSUS_CUE: PhraseCue = { list: CONSENSUS, kind: 'consensus', verb: 'states what is known or was done', weight: 1.3 };

const FINDINGS = phrases([
  'was able to', 'were able to', 'has been able to', 'have been able to', 'worked well', 'works well',
  'performed well', 'performs well', 'performed better', 'performs better', 'achieved', 'achieves',
  'has been useful', 'have been useful', 'has proven', 'have proven', 'has proved', 'have proved', 'proved to be',
  'proven to be', 'showed good', 'show good', 'shows good', 'was successful', 'were successful',
  'has been successful', 'have been successful', 'successfully', 'yielded', 'yields', 'was identified',
  'were identified', 'has been identified', 'have been identified', 'was effective', 'were effective',
  'is effective', 'are effective',
]);
const FINDING_CUE: PhraseCue = { list: FINDINGS, kind: 'finding', verb: 'states a finding', weight: 1.2 };

/** What a method, a study or a team achieved: "was able to classify", "worked well", "achieved", "yielded". */
export function findFindings(text: string): CueMatch[] {
  return withLabels(text, addPhraseCues([], text, FINDING_CUE));
}

/* ------------------------------------------------------------------------------------------------ quotation */

const QUOTED = /“([^”]{1,400})”|(?<![\p{L}\p{N}])"([^"]{1,400})"/gu;

/** Direct quotation of someone's words: at least three words between double quotes (not a scare quote). */
function quotationCues(text: string, found: CueMatch[] = []): CueMatch[] {
  // Most sentences have no double quote, which QUOTED needs: two searches are cheaper than the regex.
  const mayQuote = text.includes('"') || text.includes('“');
  QUOTED.lastIndex = 0;
  for (let match = mayQuote ? QUOTED.exec(text) : null; match !== null; match = QUOTED.exec(text)) {
    const inner = match[1] ?? match[2] ?? '';
    const words = inner.trim().split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w));
    if (words.length < 3) continue;
    const start = match.index;
    const end = start + match[0].length;
    found.push(cue('quotation', 'quotes someone', start, end, 1.7));
  }
  return found;
}

/* ------------------------------------------------------------------------------------------------ comparison */

const COMPARATIVE_THAN = unicodeRegExp(String.raw`(?<![\p{L}])(?:more|less|fewer|greater|higher|lower|larger|smaller|bigger|better|worse|faster|slower|cheaper|costlier|older|younger|longer|shorter|stronger|weaker|richer|poorer|deadlier|safer|[\p{L}]{3,}er)\s+(?:[\p{L}-]+\s+){0,3}?than(?![\p{L}])`, 'giu');
const SUPERLATIVE = unicodeRegExp(String.raw`(?<![\p{L}])(?:the|its|their|his|her|our|world['’]s|nation['’]s|country['’]s)\s+(?:(?:single|second|third|very)\s+)?(?:most|least|largest|biggest|highest|lowest|best|worst|first|last|fastest|slowest|oldest|youngest|greatest|smallest|longest|shortest|strongest|weakest|richest|poorest|deadliest|only|leading|top|[\p{L}]{3,}est)(?![\p{L}])`, 'giu');
const COMPARATIVE_THAN_ASCII = COMPARATIVE_THAN.ascii;
const SUPERLATIVE_ASCII = SUPERLATIVE.ascii;
const RECORD = phrases(['record high', 'record low', 'all-time high', 'all-time low', 'a record', 'record-breaking', 'ever recorded', 'than ever', 'for the first time', 'outperformed', 'outperforms', 'outperform', 'surpassed', 'exceeded', 'state-of-the-art', 'state of the art']);
const SUPERLATIVE_WORDS = wordClass(['most', 'least', 'first', 'last', 'only', 'leading', 'top']);
const THAN = wordClass(['than']);
const NOT_SUPERLATIVES = new Set([
  'interest', 'test', 'rest', 'west', 'quest', 'request', 'contest', 'protest', 'forest', 'harvest', 'guest', 'chest',
  'nest', 'pest', 'crest', 'conquest', 'inquest', 'behest', 'manifest', 'arrest', 'digest', 'honest', 'modest',
  'suggest', 'invest', 'latest', 'interest', 'priest', 'vest', 'zest', 'unrest', 'bequest', 'midwest',
]);
const NOT_COMPARATIVES = new Set(['other', 'rather', 'whether', 'either', 'neither', 'together', 'further', 'never', 'ever', 'under', 'over', 'after', 'order', 'number', 'matter', 'layer', 'paper', 'user', 'cancer', 'water', 'power', 'computer', 'answer', 'later', 'per']);

const WHITESPACE = /\s+/;
const WEAK_SUPERLATIVE = /^(?:first|last|only|leading|top)$/;

/** "est" in either case: what a word's lower case ending in "est" was written with (no other character lower-cases to e, s or t). */
const EST_ANY_CASE = /est/i;

/** Whether a word of `text` ends in "est": a loop rather than `some` with a closure made per sentence. */
function hasWordEndingInEst(text: string): boolean {
  // Most sentences have no "est" at all: one search rather than a test per word.
  if (!EST_ANY_CASE.test(text)) return false;
  const words = wordsOf(text);
  for (let i = 0; i < words.length; i++) if (words[i].lower.endsWith('est')) return true;
  return false;
}

/** Comparisons and superlatives: "more than 40", "higher than in 2019", "the largest", "a record high". */
function comparisonCues(text: string, found: CueMatch[] = []): CueMatch[] {
  const hasThan = hasWordIn(text, THAN);
  const hasSuperlative = hasWordIn(text, SUPERLATIVE_WORDS) || hasWordEndingInEst(text);
  const ascii = lettersAndDigitsAreAscii(text);
  const comparativeThan = ascii ? COMPARATIVE_THAN_ASCII : COMPARATIVE_THAN.unicode;
  comparativeThan.lastIndex = 0;
  for (let match = hasThan ? comparativeThan.exec(text) : null; match !== null; match = comparativeThan.exec(text)) {
    const first = match[0].split(WHITESPACE)[0].toLowerCase();
    if (NOT_COMPARATIVES.has(first)) continue;
    // "rather than", "other than" are not comparisons of quantity.
    found.push(cue('comparison', 'makes a comparison', match.index, match.index + match[0].length, 1.2));
  }
  const superlative = ascii ? SUPERLATIVE_ASCII : SUPERLATIVE.unicode;
  superlative.lastIndex = 0;
  for (let match = hasSuperlative ? superlative.exec(text) : null; match !== null; match = superlative.exec(text)) {
    const word = match[0].split(WHITESPACE).pop()!.toLowerCase();
    if (NOT_SUPERLATIVES.has(word)) continue;
    const weight = WEAK_SUPERLATIVE.test(word) ? 0.8 : 1.3;
    found.push(cue('comparison', 'uses a superlative', match.index, match.index + match[0].length, weight));
  }
  const recordMatches = RECORD.findIn(text);
  for (let i = 0; i < recordMatches.length; i++) {
    const match = recordMatches[i];
    found.push(cue('comparison', 'makes a comparison', match.index, match.index + match.value.length, 1.3));
  }
  return found;
}

/* ------------------------------------------------------------------------------------------------ change */

const CHANGE = phrases([
  'rose', 'risen', 'fell', 'fallen', 'increased', 'decreased', 'doubled', 'tripled', 'quadrupled', 'halved',
  'grew', 'grown', 'declined', 'dropped', 'surged', 'plunged', 'soared', 'jumped', 'climbed', 'tumbled', 'slumped',
  'shrank', 'shrunk', 'expanded', 'went up', 'went down', 'has gone up', 'have gone up', 'has gone down',
  'have gone down', 'cut', 'raised', 'lowered', 'improved', 'reduced', 'an increase of', 'a decrease of',
  'a drop of', 'a rise of', 'a decline of', 'the rate of',
]);
const CHANGE_CUE: PhraseCue = { list: CHANGE, kind: 'change', verb: 'describes a change', weight: 0.9 };

/** Changes of a quantity: "rose", "doubled", "fell by", "has gone down". */
export function findChanges(text: string): CueMatch[] {
  return withLabels(text, addPhraseCues([], text, CHANGE_CUE));
}

/* ------------------------------------------------------------------------------------------------ causal */

const CAUSAL = phrases([
  'because of', 'caused', 'causes', 'causing', 'led to', 'leads to', 'leading to', 'resulted in', 'results in',
  'resulting in', 'as a result of', 'as a result', 'due to', 'contributed to', 'contributes to', 'triggered',
  'triggers', 'driven by', 'responsible for', 'attributed to', 'attributable to', 'thanks to', 'owing to',
  'blamed for', 'blamed on', 'gave rise to', 'give rise to', 'gives rise to', 'stems from', 'stemmed from',
  'prevented', 'prevents', 'killed', 'destroyed',
]);
const CAUSAL_CUE: PhraseCue = { list: CAUSAL, kind: 'causal', verb: 'makes a causal claim', weight: 1.1 };

/** Causal claims: "led to", "because of", "resulted in", "due to". */
export function findCausal(text: string): CueMatch[] {
  return withLabels(text, addPhraseCues([], text, CAUSAL_CUE));
}

/* ------------------------------------------------------------------------------------------------ actor + act */

/** Roles and bodies that act in news and analysis ("the minister", "officials", "researchers"). */
const ROLE_NOUNS = [
  'minister', 'ministers', 'president', 'prime minister', 'government', 'governments', 'officials', 'official',
  'police', 'army', 'military', 'company', 'companies', 'firm', 'court', 'judge', 'jury', 'prosecutors',
  'authorities', 'administration', 'agency', 'ministry', 'department', 'parliament', 'congress', 'senate',
  'lawmakers', 'legislature', 'regulator', 'regulators', 'researchers', 'scientists', 'investigators', 'authors',
  'study', 'studies', 'report', 'survey', 'poll', 'team', 'group', 'board', 'council', 'committee', 'ceo',
  'chairman', 'spokesman', 'spokeswoman', 'spokesperson', 'governor', 'mayor', 'senator', 'candidate', 'party',
  'bank', 'central bank', 'airline', 'carrier', 'manufacturer', 'insurer', 'union', 'rebels', 'troops', 'forces',
  'navy', 'crew', 'pilot', 'pilots', 'passengers', 'voters', 'workers', 'group', 'organization', 'organisation',
  'state', 'states', 'country', 'countries', 'city', 'cabinet', 'embassy',
];
const ROLE_WORDS = wordClass(ROLE_NOUNS.map((noun) => noun.split(' ').pop()!));
const ROLE_PATTERN = unicodeRegExp(
  `${WORD_BOUNDARY_BEFORE}(?:(?:the|a|an|its|his|her|their|our|two|three|several|many|some)\\s+)?(?:[\\p{L}-]+\\s+)?(?:${ROLE_NOUNS.join('|')})${WORD_BOUNDARY_AFTER}`,
  'giu',
);
const ROLE_PATTERN_ASCII = ROLE_PATTERN.ascii;
/** An acronym ("NASA", "A380") or CamelCase ("DeepCpG"): a name even as a sentence's first word. */
const LOOKS_LIKE_A_NAME = unicodeRegExp(String.raw`^\p{Lu}[\p{Lu}\p{N}]+$|^\p{Lu}\p{Ll}+\p{Lu}`, 'u');
const LOOKS_LIKE_A_NAME_ASCII = LOOKS_LIKE_A_NAME.ascii;
/** A capitalised name: one or more capitalised words ("Boeing", "Emmanuel Macron", "the World Health Organization"). */
const PROPER_NAME = unicodeRegExp(String.raw`(?<![\p{L}\p{N}])(?:\p{Lu}[\p{L}\p{N}&'’.-]*)(?:\s+(?:(?:of|the|de|van|von|for|and)\s+)?\p{Lu}[\p{L}\p{N}&'’.-]*)*`, 'gu');
const PROPER_NAME_ASCII = PROPER_NAME.ascii;
const IRREGULAR_PAST = new Set([
  'won', 'lost', 'met', 'sent', 'spent', 'built', 'sold', 'bought', 'took', 'gave', 'made', 'left', 'ran', 'began',
  'became', 'brought', 'fought', 'flew', 'drove', 'wrote', 'struck', 'hit', 'shot', 'put', 'set', 'paid', 'kept',
  'held', 'led', 'chose', 'froze', 'broke', 'stole', 'sank', 'fled', 'quit', 'bid', 'rose', 'fell', 'grew', 'cut',
  'withdrew', 'overthrew', 'undertook', 'oversaw', 'forgave', 'sought', 'taught', 'caught', 'spoke', 'saw',
  'knew', 'came', 'went', 'got', 'did', 'had', 'ate', 'drew', 'threw', 'wore', 'swore', 'hid', 'bit', 'dug',
  'split', 'shut', 'spread', 'let', 'beat', 'bore', 'tore', 'won', 'lent', 'meant', 'dealt', 'felt',
]);
/** Words ending in -ed that are not past tenses of acts. */
const NOT_PAST = new Set([
  'need', 'needed', 'speed', 'seed', 'feed', 'bed', 'red', 'indeed', 'hundred', 'united', 'related', 'based',
  'interested', 'concerned', 'supposed', 'used', 'limited', 'detailed', 'advanced', 'complicated', 'sophisticated',
  'determined', 'experienced', 'talented', 'married', 'tired', 'scared', 'pleased', 'surprised', 'worried',
  'excited', 'prepared', 'expected', 'required', 'called', 'named', 'entitled', 'known', 'biased', 'unbiased',
  'proceed', 'succeed', 'exceed', 'breed', 'greed', 'creed', 'deed', 'weed', 'shed', 'sled', 'wed', 'embed',
]);
const AUXILIARY_WORDS = [
  'has', 'have', 'had', 'was', 'were', 'is', 'are', 'been', 'also', 'then', 'later', 'recently', 'previously', 'already',
  'never', 'once', 'formally', 'officially', 'quickly', 'again', 'just', 'finally', 'eventually', 'subsequently',
  'successfully', 'first', 'publicly', 'reportedly', 'allegedly',
];
const AUXILIARY = new RegExp(`^(?:${AUXILIARY_WORDS.join('|')})$`, 'i');
/**
 * The auxiliaries in lower case. A word AUXILIARY matches is ASCII (this case-insensitive regex matches no other
 * character to an ASCII letter), so its lower case is in this set: the set is tested first, and most words skip
 * the regex.
 */
const AUXILIARY_SET: ReadonlySet<string> = new Set(AUXILIARY_WORDS);
const PRONOUN_OR_DETERMINER_START = /^(?:it|this|that|these|those|there|here|what|which|who|he|she|they|we|i|you|one|such|some|many|most|all|each|every|any|no|none|if|when|while|although|though|because|since|as|so|but|and|or|yet|however|thus|therefore|then|also|now|instead|moreover|finally|first|second|third|in|on|at|for|with|by|from|to|of|after|before|during|over|under|a|an|the|our|my|your|their|his|her|its|let|dear|thanks|thank|please|yes|no|well|oh|mr|mrs|ms|dr)$/i;

function isPastTense(word: string): boolean {
  return isLowerCasePastTense(word.toLowerCase());
}

/** `isPastTense` of a word already lower-cased. */
function isLowerCasePastTense(lower: string): boolean {
  if (IRREGULAR_PAST.has(lower)) return true;
  if (NOT_PAST.has(lower)) return false;
  // Both forms below end in "ed": most words are decided without running a regex (this runs for every word
  // after a name, and regex calls dominate until the JIT has warmed up).
  if (!lower.endsWith('ed')) return false;
  return REGULAR_PAST_FORM.test(lower) && !EED_OR_IED.test(lower) || IED_PAST_FORM.test(lower);
}

const REGULAR_PAST_FORM = /^[a-z]{3,}(?:ed)$/;
const EED_OR_IED = /(?:eed|ied)$/;
const IED_PAST_FORM = /^[a-z]{2,}ied$/;

/** The act after an actor: skips auxiliaries and adverbs, returns the verb's end or -1. */
function actAfter(text: string, from: number, allowPresent = false): number {
  let position = from;
  for (let steps = 0; steps < 4; steps++) {
    const word = nextWord(text, position);
    if (word.word.length === 0) return -1;
    // Lower-cased once for every test below. "used" and "-ly" are compared in lower case rather than by
    // case-insensitive regexes: no character but the ASCII capitals lower-cases to those letters.
    const lower = word.word.toLowerCase();
    if (isLowerCasePastTense(lower)) return word.end;
    // "used" is mostly an adjective ("used cars") or a passive ("is used"), but right after a name it is the
    // act: "SPEID used a CNN".
    if (steps === 0 && lower === 'used') return word.end;
    // Present-tense verbs of a named actor ("DeepCpG applies", "Boeing plans"); only known verbs, as plural nouns
    // look the same.
    if (allowPresent && steps === 0 && PRESENT_ACTS.has(lower)) return word.end;
    if (lower.endsWith('ly') || (AUXILIARY_SET.has(lower) && AUXILIARY.test(word.word))) {
      position = word.end;
      continue;
    }
    return -1;
  }
  return -1;
}

const HAS_WHITESPACE = /\s/;

/** A named actor or a role doing something in the past: "the minister resigned", "Boeing delayed", "police arrested". */
function actorActionCues(text: string, found: CueMatch[] = []): CueMatch[] {
  const from = found.length;
  const ascii = lettersAndDigitsAreAscii(text);
  const properName = ascii ? PROPER_NAME_ASCII : PROPER_NAME.unicode;
  properName.lastIndex = 0;
  for (let match = properName.exec(text); match !== null; match = properName.exec(text)) {
    const name = match[0];
    const start = match.index;
    const severalWords = HAS_WHITESPACE.test(name);
    if (!severalWords && name.length <= 9 && MONTH_SET.has(name.toLowerCase())) continue;
    // Most capitalised words are not followed by an act: that test comes before the costlier look back, and before
    // the name's own regex test. A present-tense act counts only after a distinctive name; with the present allowed
    // the act's end is the same whenever there is one without it (no present act is an auxiliary or an -ly word).
    const end = actAfter(text, start + name.length, true);
    if (end < 0) continue;
    const distinctive = severalWords || (ascii ? LOOKS_LIKE_A_NAME_ASCII : LOOKS_LIKE_A_NAME.unicode).test(name);
    if (!distinctive && actAfter(text, start + name.length, false) < 0) continue;
    if (!severalWords) {
      const previous = previousWord(text, start);
      const atStart = previous.word.length === 0 && previous.atSentenceStart;
      // A lone sentence-opening capital is only a name when it looks like one (an acronym, CamelCase, digits).
      if (atStart && (!distinctive || PRONOUN_OR_DETERMINER_START.test(name))) continue;
    }
    found.push(cue('actor-action', 'names an actor and an act', start, end, 1.3));
  }
  const rolePattern = ascii ? ROLE_PATTERN_ASCII : ROLE_PATTERN.unicode;
  rolePattern.lastIndex = 0;
  for (let match = hasWordIn(text, ROLE_WORDS) ? rolePattern.exec(text) : null; match !== null; match = rolePattern.exec(text)) {
    const start = match.index;
    if (startsInside(found, from, start)) continue;
    const end = actAfter(text, start + match[0].length);
    if (end < 0) continue;
    found.push(cue('actor-action', 'names an actor and an act', start, end, 1.1));
  }
  return found;
}

/* ------------------------------------------------------------------------------------------------ statement */

/**
 * Verbs that, in the third person present, state what something does or is ("CNNs outperform", "DeepCpG
 * applies"): the common verbs of analytical and scholarly prose. Past tenses are recognised by form.
 */
const STATEMENT_VERBS = [
  'is', 'are', 'was', 'were', 'has', 'have', 'had', 'remains', 'remain', 'becomes', 'become', 'contains', 'contain',
  'uses', 'use', 'applies', 'apply', 'employs', 'employ', 'combines', 'combine', 'requires', 'require', 'includes',
  'include', 'provides', 'provide', 'allows', 'allow', 'enables', 'enable', 'achieves', 'achieve', 'outperforms',
  'outperform', 'improves', 'improve', 'reduces', 'reduce', 'increases', 'increase', 'predicts', 'predict',
  'identifies', 'identify', 'produces', 'produce', 'generates', 'generate', 'relies', 'rely', 'depends', 'depend',
  'affects', 'affect', 'accounts', 'account', 'consists', 'consist', 'represents', 'represent', 'regulates',
  'regulate', 'encodes', 'encode', 'binds', 'bind', 'costs', 'cost', 'employs', 'owns', 'own', 'controls',
  'control', 'operates', 'operate', 'holds', 'hold', 'runs', 'run', 'makes', 'make', 'takes', 'take', 'gets',
  'get', 'receives', 'receive', 'spends', 'spend', 'pays', 'pay', 'lives', 'live', 'works', 'work', 'supports',
  'support', 'opposes', 'oppose', 'incorporates', 'incorporate', 'integrates', 'integrate', 'captures',
  'capture', 'learns', 'learn', 'trains', 'performs', 'perform', 'exceeds', 'exceed', 'lacks', 'lack',
  'exists', 'exist', 'occurs', 'occur', 'causes', 'cause', 'leads', 'lead', 'involves', 'involve', 'follows',
  'differs', 'differ', 'varies', 'vary', 'means', 'reaches', 'reach', 'serves', 'serve', 'faces', 'face',
];
/** Third-person present forms among the statement verbs, plus speech and plan verbs. */
const PRESENT_ACTS = new Set([
  ...STATEMENT_VERBS.filter((verb) => verb.endsWith('s') && !['is', 'has', 'was', 'does', 'means'].includes(verb)),
  'plans', 'says', 'claims', 'wants', 'seeks', 'owns', 'sells', 'buys', 'builds', 'ships', 'flies', 'sends', 'pays',
]);
const STATEMENT_VERB = unicodeRegExp(
  `(?<![\\p{L}\\p{N}'’-])(?:${STATEMENT_VERBS.join('|')}|[a-z]{3,}ed)(?![\\p{L}\\p{N}'’-])`,
  'gu',
);
const STATEMENT_VERB_ASCII = STATEMENT_VERB.ascii;
const NON_THIRD_PERSON_SUBJECT = unicodeRegExp(String.raw`(?<![\p{L}])(?:I|[Ww]e|[Yy]ou|me|us|[Ll]et|[Ll]et['’]s)(?![\p{L}])`, 'u');
const NON_THIRD_PERSON_SUBJECT_ASCII = NON_THIRD_PERSON_SUBJECT.ascii;
const MODAL_BEFORE = /(?:^|\s)(?:may|might|could|can|will|would|should|must|shall|to|not|n['’]t)\s*$/i;
const SUBJECT_WORD = unicodeRegExp(String.raw`[\p{L}\p{N}][\p{L}\p{N}'’-]*`, 'gu');
const SUBJECT_WORD_ASCII = SUBJECT_WORD.ascii;
const WEAK_SUBJECT = /^(?:it|this|that|these|those|there|here|what|which|who|he|she|they|one|such|so|and|but)$/i;

const ENDS_IN_ED = /ed$/i;

/**
 * A plain statement about the world: a third-person subject and a finite verb in the indicative ("CNNs are
 * ideal for…", "DeepCpG applies…"). The weakest cue; it lets the model weigh sentences with no sharper cue.
 * In the writer's or speaker's own voice only a past act counts ("I voted for…", "We have never been asked…"):
 * that is a matter of record, whereas "we want…" or "I think…" is intention or opinion.
 */
function statementCues(text: string, found: CueMatch[] = []): CueMatch[] {
  const ascii = lettersAndDigitsAreAscii(text);
  const statementVerb = ascii ? STATEMENT_VERB_ASCII : STATEMENT_VERB.unicode;
  const subjectWord = ascii ? SUBJECT_WORD_ASCII : SUBJECT_WORD.unicode;
  statementVerb.lastIndex = 0;
  for (let match = statementVerb.exec(text); match !== null; match = statementVerb.exec(text)) {
    if (match.index === 0) return found;
    const head = previousWord(text, match.index);
    if (head.word.length === 0) return found;
    // "a sanctioned airline", "of the trained model": a participle used as an adjective, not the verb.
    if (ENDS_IN_ED.test(match[0]) && ATTRIBUTIVE_BEFORE.has(head.word.toLowerCase())) continue;
    const subject = text.slice(0, match.index);
    if (MODAL_BEFORE.test(subject)) return found;
    // Counted with test, which makes no match object: only "none", "one (which)" and "more than 14" matter.
    let subjectWords = 0;
    subjectWord.lastIndex = 0;
    while (subjectWords <= 14 && subjectWord.test(subject)) subjectWords++;
    if (subjectWords === 0 || subjectWords > 14) return found;
    let end = match.index + match[0].length;
    const complement = nextWord(text, end);
    if ((ascii ? NON_THIRD_PERSON_SUBJECT_ASCII : NON_THIRD_PERSON_SUBJECT.unicode).test(subject)) {
      if (!isRecordedAct(match[0], text, end)) return found;
      if (complement.word.length > 0 && complement.start - end <= 1) end = complement.end;
      found.push(cue('record', 'recounts a past act', head.start, end, 0));
      return found;
    }
    const weak = subjectWords === 1 && WEAK_SUBJECT.test(subject.match(subjectWord)![0]);
    if (complement.word.length > 0 && complement.start - end <= 1) end = complement.end;
    found.push(cue('statement', 'states a fact', head.start, end, weak ? 0 : 0.1));
    return found;
  }
  return found;
}

/* ------------------------------------------------------------------------------------------------ names */

/** A letter directly followed by a digit: "A380", "COVID19", "H1N1". */
const LETTER_DIGIT = unicodeRegExp(String.raw`\p{L}\d`, 'u');
const LETTER_DIGIT_ASCII = LETTER_DIGIT.ascii;
/** Lower-case words inside a name: "Department of Justice", "Ciudad del Este", "Mohammed bin Salman". */
const NAME_PARTICLES = new Set(['of', 'de', 'del', 'der', 'di', 'da', 'la', 'le', 'van', 'von', 'bin', 'al']);
const NAME_PARTICLE_WORDS = wordClass(NAME_PARTICLES);

/**
 * Whether word `i` of `text` is (part of) a name: a capitalised word after the first other than "I", or a letter
 * followed by a digit. A word that lower-casing leaves alone (`hasCapital` false) has no upper-case first
 * character, and a sentence without a letter before a digit has no word with one: most words skip both tests.
 */
function isNameWord(text: string, words: readonly Word[], i: number, hasLetterThenDigit: boolean, letterDigit: RegExp): boolean {
  const { lower, start, hasCapital } = words[i];
  if (i > 0 && hasCapital && lower !== 'i' && !lower.startsWith("i'")) {
    const code = text.charCodeAt(start);
    if (code < 128 ? code >= 65 && code <= 90 : text[start] !== text[start].toLowerCase()) return true;
  }
  return hasLetterThenDigit && letterDigit.test(lower);
}

/**
 * Names of specific people, places, organisations or things: a capitalised word after the first ("Benjamin
 * Netanyahu", "the WHO"), or a word mixing letters and digits ("A380"). Consecutive names are one cue. A weak cue
 * (weight 0) that only the learned model weighs, like `statement`: it lets the model's confidence explain a
 * sentence that names who or what it is about when no sharper cue is found ("Crown Prince Mohammed bin Salman
 * pledged…" with no verb the other cues know).
 */
function nameCues(text: string, found: CueMatch[] = []): CueMatch[] {
  const words = wordsOf(text);
  // A word has a letter before a digit only where the sentence has one (lower-casing makes no digit and turns
  // nothing but a letter into a letter): one test per sentence rather than one per word.
  const letterDigit = lettersAndDigitsAreAscii(text) ? LETTER_DIGIT_ASCII : LETTER_DIGIT.unicode;
  const hasLetterThenDigit = HAS_DIGIT.test(text) && letterDigit.test(text);
  let runStart = -1;
  let runEnd = -1;
  for (let i = 0; i < words.length; i++) {
    const { start, end, entry } = words[i];
    // A particle joins the name around it when the next word goes on with the name.
    const particle =
      runStart >= 0 && start - runEnd <= 1 && (entry.classes & NAME_PARTICLE_WORDS) !== 0 && i + 1 < words.length && words[i + 1].start - end <= 1 &&
      isNameWord(text, words, i + 1, hasLetterThenDigit, letterDigit);
    if (particle || isNameWord(text, words, i, hasLetterThenDigit, letterDigit)) {
      // Words of one name are separated by a space at most ("Crown Prince", not "Israel, Benjamin").
      if (runStart >= 0 && start - runEnd <= 1) {
        runEnd = end;
        continue;
      }
      if (runStart >= 0) found.push(cue('names', 'names someone or something specific', runStart, runEnd, 0));
      runStart = start;
      runEnd = end;
    } else if (runStart >= 0) {
      found.push(cue('names', 'names someone or something specific', runStart, runEnd, 0));
      runStart = -1;
    }
  }
  if (runStart >= 0) found.push(cue('names', 'names someone or something specific', runStart, runEnd, 0));
  return found;
}

const PERFECT_SKIPPED = /^(?:not|never|always|already|also|just|recently|been|actually|ever|twice|once)$/i;

const PAST_AUXILIARY = /^(?:was|were|had|did)$/;
const PERFECT_AUXILIARY = /^(?:has|have)$/;
const BEEN = /^been$/i;
const PARTICIPLE_FORM = /^[a-z]{2,}(?:en|wn|ne|ught)$/i;

/** A past tense ("voted", "sent", "was"), or a present perfect ("have never been asked", "has cut"). */
function isRecordedAct(verb: string, text: string, verbEnd: number): boolean {
  const lower = verb.toLowerCase();
  if (PAST_AUXILIARY.test(lower) || isPastTense(lower)) return true;
  if (!PERFECT_AUXILIARY.test(lower)) return false;
  let position = verbEnd;
  for (let steps = 0; steps < 4; steps++) {
    const word = nextWord(text, position);
    if (word.word.length === 0) return false;
    if (PERFECT_SKIPPED.test(word.word)) {
      if (BEEN.test(word.word)) return true;
      position = word.end;
      continue;
    }
    return isPastTense(word.word) || PARTICIPLE_FORM.test(word.word);
  }
  return false;
}

/** Words after which an -ed form is an adjective or a participle phrase, not the sentence's verb. */
const ATTRIBUTIVE_BEFORE = new Set([
  'a', 'an', 'the', 'this', 'that', 'these', 'those', 'its', 'their', 'his', 'her', 'our', 'my', 'your', 'of', 'for',
  'to', 'in', 'on', 'with', 'by', 'from', 'and', 'or', 'most', 'more', 'less', 'well', 'newly', 'so', 'very',
]);

/* ------------------------------------------------------------------------------------------------ dampers */

const FRAMING = unicodeRegExp(
  `${WORD_BOUNDARY_BEFORE}(?:(?:here|below|above|next|now|first|finally|in this (?:section|article|review|paper|post|piece|chapter|essay|report)),?\\s+)?(?:we|i|let us|let['’]s)\\s+(?:(?:will|shall|now|also|then|first|briefly|further|next)\\s+)?(?:look|examine|discuss|review|focus|highlight|describe|consider|turn|explore|outline|summari[sz]e|ask|show|present|introduce|address|assess|evaluate|analy[sz]e|compare|begin|start|conclude|return|note|survey|take|detail|investigate|propose|identify|define|use|refer|call|argue|believe|think|suggest|expect|hope|recommend|feel|contend|maintain|doubt|wonder)${WORD_BOUNDARY_AFTER}`,
  'giu',
);
const FRAMING_ASCII = FRAMING.ascii;
const WRITER_WORDS = wordClass(['we', 'i', 'let', "let's"]);
/**
 * The writer drawing a conclusion from what came before ("This shows that…", "It does show that…", "That means…"):
 * an inference, whose support is the cited sentences it follows.
 */
const INFERENCE = unicodeRegExp(String.raw`^\s*(?:this|that|it|these|those|which|all this|together,? these)\s+(?:(?:does|do|also|clearly|only|therefore|thus)\s+)*(?:show|shows|suggest|suggests|mean|means|indicate|indicates|imply|implies|demonstrate|demonstrates|illustrate|illustrates|confirm|confirms)(?![\p{L}])`, 'iu');
const SELF_REFERENCE = phrases([
  'this section', 'this article', 'this review', 'this paper', 'this post', 'this chapter', 'this essay',
  'our goal', 'our aim', 'our focus', 'our analysis', 'our view', 'in what follows', 'as discussed below',
  'discussed below', 'discussed above', 'see below', 'see above', 'we discuss', 'we describe', 'we review',
]);
const OPINION = phrases([
  'i think', 'i believe', 'i feel', 'i guess', 'i hope', 'i suppose', 'i doubt', 'i wonder', 'we think',
  'we believe', 'we feel', 'we argue', 'we contend', 'in my view', 'in my opinion', 'in our view',
  'in our opinion', 'seems', 'seem', 'seemed', 'looks like', 'look like', 'appears to be', 'should', 'ought to',
  'must', 'need to', 'needs to', 'unwise', 'wise', 'foolish', 'a poor choice', 'a good idea', 'a bad idea',
  'a mistake', 'wrong', 'terrible', 'wonderful', 'great', 'awful', 'shameful', 'disgraceful', 'ridiculous',
  'absurd', 'outrageous', 'fantastic', 'amazing', 'stupid', 'important to', 'imperative', 'arguably',
  'hopefully', 'unfortunately', 'fortunately', 'sadly', 'promising', 'exciting', 'interesting', 'worth',
  'deserve', 'deserves', 'clearly', 'obviously', 'of course', 'i want', 'we want', 'i would', 'we would',
  'let me', 'i am', "i'm", 'i’m', 'we have to', 'we need', 'we must', 'we can', 'we will', "we're going to",
  'i will', "i'll", 'i’ll', 'my plan', 'our plan', 'i support', 'i oppose', 'remains unclear', 'is unclear',
]);
const SPECULATION = phrases([
  'may', 'might', 'could', 'can', 'will', 'would', 'perhaps', 'possibly', 'potentially', 'likely', 'unlikely',
  'probably', 'presumably', 'maybe', 'if', 'whether', 'promise', 'hope', 'expect', 'future', 'ideally',
]);
/**
 * The writer (or speaker) as the subject: "I voted…", "Now, we have…". In an article that is the writer's own
 * voice, whose record the reader takes on trust or finds in the byline; a weak damper, so a statistic still wins.
 */
const FIRST_PERSON_START = unicodeRegExp(String.raw`^\s*(?:(?:well|now|and|but|so|yes|no|oh|look|frankly|first|second|finally|again|in fact|of course|today),?\s+)*[“"‘'(]?(?:i|we)(?:['’](?:m|ve|ll|d|re))?(?![\p{L}])`, 'iu');

const IMPERATIVE_START = unicodeRegExp(String.raw`^\s*[“"‘'(]?(?:imagine|consider|note|suppose|recall|see|let|look|think|remember|compare|take|read|check|click|follow|join|stop|please|do not|don['’]t|give|tell|ask|go|keep|make sure|thank|thanks|welcome|congratulations)(?![\p{L}])`, 'iu');
const INFERENCE_ASCII = INFERENCE.ascii;
const FIRST_PERSON_START_ASCII = FIRST_PERSON_START.ascii;
const IMPERATIVE_START_ASCII = IMPERATIVE_START.ascii;

/** Signals that the sentence is framing, opinion or speculation rather than a checkable fact. */
export function findDampers(text: string): Damper[] {
  const found: Damper[] = [];
  const selfWords = hasWordIn(text, WRITER_WORDS);
  const ascii = lettersAndDigitsAreAscii(text);
  const framing = ascii ? FRAMING_ASCII : FRAMING.unicode;
  framing.lastIndex = 0;
  for (let m = selfWords ? framing.exec(text) : null; m !== null; m = framing.exec(text)) found.push({ kind: 'framing', start: m.index, end: m.index + m[0].length, weight: 2.5 });
  const selfReferenceMatches = SELF_REFERENCE.findIn(text);
  for (let i = 0; i < selfReferenceMatches.length; i++) {
    const m = selfReferenceMatches[i];
    found.push({ kind: 'framing', start: m.index, end: m.index + m.value.length, weight: 2.0 });
  }
  const opinionMatches = OPINION.findIn(text);
  for (let i = 0; i < opinionMatches.length; i++) {
    const m = opinionMatches[i];
    found.push({ kind: 'opinion', start: m.index, end: m.index + m.value.length, weight: 1.2 });
  }
  const speculationMatches = SPECULATION.findIn(text);
  for (let i = 0; i < speculationMatches.length; i++) {
    const m = speculationMatches[i];
    found.push({ kind: 'speculation', start: m.index, end: m.index + m.value.length, weight: 0.9 });
  }
  const inference = (ascii ? INFERENCE_ASCII : INFERENCE.unicode).exec(text);
  if (inference) found.push({ kind: 'framing', start: inference.index, end: inference.index + inference[0].length, weight: 2.0 });
  const firstPerson = (ascii ? FIRST_PERSON_START_ASCII : FIRST_PERSON_START.unicode).exec(text);
  if (firstPerson) found.push({ kind: 'first-person', start: firstPerson.index, end: firstPerson.index + firstPerson[0].length, weight: 0.8 });
  const imperative = (ascii ? IMPERATIVE_START_ASCII : IMPERATIVE_START.unicode).exec(text);
  if (imperative) found.push({ kind: 'imperative', start: imperative.index, end: imperative.index + imperative[0].length, weight: 1.5 });
  return found;
}

/* ------------------------------------------------------------------------------------------------ all cues */

/** A step of `addCuesOf`: a finder that appends the cues it finds, or a phrase cue. */
type CueStep = ((text: string, found: CueMatch[]) => CueMatch[]) | PhraseCue;

/** The finders in the order the features and the hand weights' sums expect. */
const CUE_STEPS: readonly CueStep[] = [
  numberCues, dateCues, attributionCues, HEDGE_CUE, quotationCues, comparisonCues, CONSENSUS_CUE, CHANGE_CUE, CAUSAL_CUE,
  actorActionCues, FINDING_CUE, statementCues,
];

/**
 * Appends every cue of `text` but the names (see `nameCues`), finder by finder (see `CUE_STEPS`), with their labels
 * still only verbs (see `cue`). A loop over a table rather than a call per finder: the optimising compiler then
 * compiles `addPhraseCues` into it once rather than five times, which cost far more than the calls it saved.
 */
export function addCuesOf(text: string, cues: CueMatch[]): void {
  for (let i = 0; i < CUE_STEPS.length; i++) {
    const step = CUE_STEPS[i];
    if (typeof step === 'function') step(text, cues);
    else addPhraseCues(cues, text, step);
  }
}

/** Appends the `names` cues of `text` (labels still verbs, see `cue`). */
export function addNameCues(text: string, cues: CueMatch[]): void {
  nameCues(text, cues);
}

/** Statistics and quantities: "40 passengers", "3.4%", "$28 billion", "thousands of", "two-thirds". */
export function findNumbers(text: string): CueMatch[] {
  return withLabels(text, numberCues(text));
}

/** Dates: "in 2019", "March 3, 2020", "the 1990s", "last year", "on Monday". */
export function findDates(text: string): CueMatch[] {
  return withLabels(text, dateCues(text));
}

/** Attribution to a source: "according to the ministry", "officials said", "a study found", "Shin et al.". */
export function findAttributions(text: string): CueMatch[] {
  return withLabels(text, attributionCues(text));
}

/** Direct quotation of someone's words: at least three words between double quotes (not a scare quote). */
export function findQuotations(text: string): CueMatch[] {
  return withLabels(text, quotationCues(text));
}

/** Comparisons and superlatives: "more than 40", "higher than in 2019", "the largest", "a record high". */
export function findComparisons(text: string): CueMatch[] {
  return withLabels(text, comparisonCues(text));
}

/** A named actor or a role doing something in the past: "the minister resigned", "Boeing delayed", "police arrested". */
export function findActorActions(text: string): CueMatch[] {
  return withLabels(text, actorActionCues(text));
}

/** A plain statement about the world (see `statementCues`). */
export function findStatements(text: string): CueMatch[] {
  return withLabels(text, statementCues(text));
}

/** Names of specific people, places, organisations or things (see `nameCues`). */
export function findNames(text: string): CueMatch[] {
  return withLabels(text, nameCues(text));
}
