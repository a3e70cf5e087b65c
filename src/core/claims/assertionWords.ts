/**
 * Words of a sentence and a fast matcher for phrase lists. Matching a list of a hundred phrases with one regex
 * alternation costs a hundred comparisons at every character; looking the words up by their first word costs
 * one map lookup per word, which keeps the detector well under 50 µs a sentence.
 */

import { asciiTwin } from '../text/asciiTwin';

/** One word of a sentence: letters and digits, with inner hyphens and apostrophes ("well-known", "don't"). */
export interface Word {
  /** Lower-cased, with ’ folded to '. */
  lower: string;
  start: number;
  end: number;
  /** Whether lower-casing changes the word: without a capital, no character of it is upper case. */
  hasCapital: boolean;
  /** What the detector's word lists say about the word (`NO_ENTRY` when none has it). */
  entry: WordEntry;
}

/**
 * Everything the detector's word lists say about one lower-case word, looked up once per word of a sentence:
 * a map lookup per list and word (and the string hashing it costs) showed in the cold profile.
 */
export interface WordEntry {
  /** The bits of the word classes (`wordClass`) the word is in. */
  classes: number;
  /** The phrases of every PhraseList that start with the word. */
  candidates: Candidate[] | undefined;
  /** The word's id in the lexical vocabulary (`setVocabularyId`), or -1. */
  vocabularyId: number;
}

/**
 * A Unicode regex and its ASCII twin. The twin is made at once; the Unicode regex only when a sentence with a letter
 * or digit outside ASCII first needs it: V8 parses a regex when it is created, and building the Unicode classes
 * (\p{L} has hundreds of ranges, more with i) cost ~29 M instructions for the detector's regexes in every process,
 * while most drafts never need them.
 */
export class UnicodeRegExp {
  /** The ASCII twin, for text whose letters and digits are all ASCII (see `lettersAndDigitsAreAscii`). */
  readonly ascii: RegExp;
  private built: RegExp | undefined;

  constructor(
    readonly source: string,
    readonly flags: string,
  ) {
    this.ascii = asciiTwin(source, flags);
  }

  /** The Unicode regex itself, made on first use. */
  get unicode(): RegExp {
    if (this.built === undefined) this.built = new RegExp(this.source, this.flags);
    return this.built;
  }
}

const TWINS: UnicodeRegExp[] = [];

/** `new RegExp(source, flags)`, made on first use, and its ASCII twin: see `UnicodeRegExp`. */
export function unicodeRegExp(source: string, flags: string): UnicodeRegExp {
  const regex = new UnicodeRegExp(source, flags);
  TWINS.push(regex);
  return regex;
}

/** Every regex made by `unicodeRegExp` with its twin, for the tests (which builds the Unicode regexes). */
export function asciiTwins(): ReadonlyArray<readonly [RegExp, RegExp]> {
  return TWINS.map((regex) => [regex.unicode, regex.ascii] as const);
}

const WORD = unicodeRegExp(String.raw`[\p{L}\p{N}]+(?:['’\-.][\p{L}\p{N}]+)*`, 'gu');

const WORD_ASCII = WORD.ascii;
/** "U.S.", "e.g": letters joined by single dots. */
const DOTTED_LETTERS = unicodeRegExp(String.raw`^(?:\p{L}\.)+\p{L}$`, 'u');
const DOTTED_LETTERS_ASCII = DOTTED_LETTERS.ascii;
const NON_ASCII = /[^\0-\x7f]/;
const NON_ASCII_LETTER_OR_DIGIT = /(?![\0-\x7f])[\p{L}\p{N}]/u;
/** A dot between two letters or digits, in text whose letters and digits are all ASCII. */
const ASCII_DOT_BETWEEN_LETTERS = /[A-Za-z0-9]\.[A-Za-z0-9]/;
const DECIMAL_NUMBER = /^\d+\.\d+$/;

/** [A-Za-z0-9] by its code. */
function isAsciiLetterOrDigit(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57);
}

/** Whether every letter and digit of `text` is ASCII, so that the ASCII twins of regexes may be used on it. */
export function lettersAndDigitsAreAscii(text: string): boolean {
  if (text !== cachedText) splitIntoWords(text);
  return cachedAsciiLetters;
}

/** `lettersAndDigitsAreAscii` without splitting `text` into words (and replacing the cached split). */
export function onlyAsciiLettersAndDigits(text: string): boolean {
  // Two cheap tests decide most sentences; the Unicode regex compiles only once a sentence has a character outside ASCII.
  return !NON_ASCII.test(text) || !NON_ASCII_LETTER_OR_DIGIT.test(text);
}

/** The last sentence split into words (see `wordsOf`), and the union of its words' classes. */
let cachedText: string | undefined;
let cachedWords: Word[] = [];
let cachedClasses = 0;
let cachedAsciiLetters = true;

/** The entry of a word in no list. Shared, so never modified. */
const NO_ENTRY: WordEntry = Object.freeze({ classes: 0, candidates: undefined, vocabularyId: -1 }) as WordEntry;
const entries = new Map<string, WordEntry>();
let classCount = 0;

function entryFor(lower: string): WordEntry {
  // The cached words may point at NO_ENTRY for this word, or at an entry about to change.
  cachedText = undefined;
  let entry = entries.get(lower);
  if (!entry) {
    entry = { classes: 0, candidates: undefined, vocabularyId: -1 };
    entries.set(lower, entry);
  }
  return entry;
}

/**
 * Makes a class of lower-case words and returns its bit: `word.entry.classes & bit` then says whether a word is
 * in it, and `classesOfSentence(text) & bit` whether any word of a sentence is. At most 31 classes.
 */
export function wordClass(words: Iterable<string>): number {
  if (classCount >= 31) throw new Error('too many word classes');
  const bit = 1 << classCount++;
  for (const word of words) entryFor(word).classes |= bit;
  return bit;
}

/** Records a word's id in the lexical features' vocabulary (see assertionLexicon.ts). */
export function setVocabularyId(word: string, id: number): void {
  entryFor(word).vocabularyId = id;
}

/** The union of the classes of the words of `text`. */
export function classesOfSentence(text: string): number {
  if (text !== cachedText) splitIntoWords(text);
  return cachedClasses;
}

/** Whether the sentence being split has a ’, which a word's lower case spells '. */
let splitHasCurlyApostrophe = false;

function makeWord(value: string, start: number): Word {
  const lowerCased = value.toLowerCase();
  // The search and the replace are skipped for the many sentences without a ’: this runs once per word.
  const lower = splitHasCurlyApostrophe && lowerCased.includes('’') ? lowerCased.replace(/’/g, "'") : lowerCased;
  const entry = entries.get(lower) ?? NO_ENTRY;
  cachedClasses |= entry.classes;
  return { lower, start, end: start + value.length, hasCapital: lowerCased !== value, entry };
}

/**
 * The words of `text`. The last result is cached, since every cue reads the same sentence in turn. The look-up is
 * kept apart from the split, and so are the look-ups of the other cached answers: the optimising compiler inlines a
 * small function into each of its many callers, and with the split inside it compiled the split into nine of them
 * (a tenth of the compiler's instructions on the detector).
 */
export function wordsOf(text: string): Word[] {
  return text === cachedText ? cachedWords : splitIntoWords(text);
}

/**
 * `wordsOf` for the first reader of each sentence (`isJudged`). The same answer, from a call site of its own: the
 * compiler inlines a call where its counts say it is frequent, and `wordsOf` then finds the split rare everywhere
 * else, where it is.
 */
export function wordsOfNextSentence(text: string): Word[] {
  return text === cachedText ? cachedWords : splitIntoWords(text);
}

/** Splits `text` into words and caches them with their classes (see `wordsOf`). */
function splitIntoWords(text: string): Word[] {
  const words: Word[] = [];
  cachedClasses = 0;
  cachedAsciiLetters = onlyAsciiLettersAndDigits(text);
  splitHasCurlyApostrophe = text.includes('’');
  // The matched texts only, rather than a match object per word (exec or matchAll): allocation per word showed
  // in the cold profile. A match starts at the first letter or digit after the previous one: in ASCII text, a
  // short loop over the characters between the words finds it; otherwise indexOf, since its text first occurs
  // there (a search per word cost more than the loop).
  const wordRegex = cachedAsciiLetters ? WORD_ASCII : WORD.unicode;
  const matched = text.match(wordRegex) ?? [];
  // A word has a dot only where a dot joins two letters or digits: one test per sentence rather than one per
  // word (nearly every sentence has its final dot).
  const mayJoinByDots = !cachedAsciiLetters || ASCII_DOT_BETWEEN_LETTERS.test(text);
  let from = 0;
  for (let k = 0; k < matched.length; k++) {
    const whole = matched[k];
    let index = from;
    if (cachedAsciiLetters) {
      while (index < text.length && !isAsciiLetterOrDigit(text.charCodeAt(index))) index++;
    } else {
      index = text.indexOf(whole, from);
    }
    from = index + whole.length;
    // "U.S." keeps its dots, but a sentence's last "word." does not: only letter.letter joins.
    if (mayJoinByDots && whole.includes('.') && !(cachedAsciiLetters ? DOTTED_LETTERS_ASCII : DOTTED_LETTERS.unicode).test(whole)) {
      const firstDot = whole.indexOf('.');
      // Decimal numbers ("3.5") keep their point.
      if (!DECIMAL_NUMBER.test(whole)) {
        words.push(makeWord(whole.slice(0, firstDot), index));
        const rest = whole.slice(firstDot + 1);
        wordRegex.lastIndex = 0;
        for (let inner = wordRegex.exec(rest); inner !== null; inner = wordRegex.exec(rest)) {
          const innerStart = index + firstDot + 1 + inner.index;
          words.push(makeWord(inner[0], innerStart));
        }
        continue;
      }
    }
    words.push(makeWord(whole, index));
  }
  cachedText = text;
  cachedWords = words;
  return words;
}

/** A phrase found in a text: its span and the text as written. */
export interface PhraseMatch {
  index: number;
  end: number;
  value: string;
}

/** A phrase of a PhraseList, filed under its first word. */
interface Candidate {
  list: number;
  words: string[];
}

let listCount = 0;
let matchedText: string | undefined;
let matchedLists: PhraseMatch[][] = [];

/** The result of a list with no match in a sentence: most lists, most sentences. Shared, so never modified. */
const NO_MATCHES: PhraseMatch[] = [];
/** Per list, the index of the first word a further match may start at; reused, since this runs once per sentence. */
let nextFree = new Int32Array(0);

/** Every list's matches in `text`, cached for the last text (see `PhraseList.findIn`). */
function matchAllLists(text: string): PhraseMatch[][] {
  const words = wordsOf(text);
  // A list gets its own array only when it matches: allocating one per list and sentence dominated the cold profile.
  const results: PhraseMatch[][] = new Array<PhraseMatch[]>(listCount).fill(NO_MATCHES);
  // Matches of one list do not overlap; different lists may match the same words.
  if (nextFree.length !== listCount) nextFree = new Int32Array(listCount);
  else nextFree.fill(0);
  for (let i = 0; i < words.length; i++) {
    // Every phrase of every list, by first word: one pass over a sentence's words serves all the lists.
    const candidates = words[i].entry.candidates;
    if (!candidates) continue;
    for (let c = 0; c < candidates.length; c++) {
      const candidate = candidates[c];
      if (i < nextFree[candidate.list] || i + candidate.words.length > words.length) continue;
      let same = true;
      for (let k = 1; k < candidate.words.length && same; k++) same = words[i + k].lower === candidate.words[k];
      if (!same) continue;
      const last = words[i + candidate.words.length - 1];
      if (results[candidate.list] === NO_MATCHES) results[candidate.list] = [];
      results[candidate.list].push({ index: words[i].start, end: last.end, value: text.slice(words[i].start, last.end) });
      nextFree[candidate.list] = i + candidate.words.length;
    }
  }
  matchedText = text;
  matchedLists = results;
  return results;
}

/** A list of phrases matched as whole words, case-insensitively, the longest phrase first at each word. */
export class PhraseList {
  private readonly id: number;

  constructor(phrases: readonly string[]) {
    this.id = listCount++;
    // A new list invalidates the cached matches, which were computed without it.
    matchedText = undefined;
    for (const phrase of phrases) {
      const words = phrase.toLowerCase().replace(/’/g, "'").split(/\s+/).filter(Boolean);
      if (words.length === 0) continue;
      const entry = entryFor(words[0]);
      const list = entry.candidates ?? [];
      list.push({ list: this.id, words });
      list.sort((a, b) => b.words.length - a.words.length);
      entry.candidates = list;
    }
  }

  /** Every non-overlapping occurrence in `text`, left to right. The array is shared: do not modify it. */
  findIn(text: string): readonly PhraseMatch[] {
    // The look-up apart from the matching, as in `wordsOf`.
    return (text === matchedText ? matchedLists : matchAllLists(text))[this.id];
  }
}
