/**
 * Splits one block of prose into sentences in a single left-to-right pass (linear time, no Intl.Segmenter,
 * which is quadratic on long strings). The decisions follow the cues a careful reader uses: terminal
 * punctuation followed by a space and something that can start a sentence, except after abbreviations,
 * initials and titles; closing quotes, brackets and citation placeholders stay with the sentence they close.
 */
import type { Span } from '../types';

const CITATION_PLACEHOLDER = 0xe000;
const CODE_PLACEHOLDER = 0xfffc;

/**
 * Abbreviations that are never the last word of a sentence: titles and words that always announce what
 * follows ("Dr. Smith", "No. 5", "p. 3", "e.g. the"). Compared lower-cased, without the final dot.
 */
const NEVER_FINAL = new Set([
  'mr', 'mrs', 'ms', 'mssrs', 'messrs', 'dr', 'prof', 'rev', 'fr', 'sr', 'hon', 'pres', 'gov', 'sen', 'rep',
  'gen', 'col', 'lt', 'maj', 'capt', 'cpt', 'sgt', 'cmdr', 'adm', 'st', 'mt', 'ft', 'no', 'nos', 'nr', 'p', 'pp',
  'vol', 'vols', 'fig', 'figs', 'eq', 'eqs', 'ch', 'chap', 'sec', 'art', 'para', 'cf', 'vs', 'v', 'viz', 'approx',
  'ca', 'c', 'e.g', 'i.e', 'al', 'ed', 'eds', 'op', 'cit', 'ibid', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul',
  'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'est', 'dept', 'univ', 'assn', 'bros', 'corp', 'ave', 'blvd', 'rd',
]);

/**
 * Abbreviations that may close a sentence ("…made in the U.S. The next…", "…and so on, etc. Then…"). After
 * them a sentence only starts when the next word is one that typically opens a sentence.
 */
const SOMETIMES_FINAL = new Set(['etc', 'inc', 'ltd', 'co', 'jr', 'a.m', 'p.m', 'esq', 'plc', 'llc', 'et al']);

/** Words that open sentences far more often than they continue a name ("U.S. The…" vs "U.S. Army"). */
const SENTENCE_OPENERS = new Set([
  'the', 'a', 'an', 'in', 'on', 'at', 'it', 'its', 'this', 'that', 'these', 'those', 'there', 'he', 'she', 'they',
  'we', 'i', 'you', 'his', 'her', 'their', 'our', 'but', 'and', 'so', 'yet', 'however', 'also', 'then', 'thus',
  'for', 'if', 'when', 'while', 'after', 'before', 'since', 'as', 'some', 'many', 'most', 'all', 'no', 'not',
  'what', 'why', 'how', 'who', 'where', 'one', 'two', 'both', 'each', 'such', 'by', 'with', 'from', 'to', 'of',
  'meanwhile', 'still', 'instead', 'moreover', 'furthermore', 'therefore', 'nevertheless', 'later', 'today',
]);

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 12 || code === 0xa0 ||
    code === 0x2009 || code === 0x202f || code === 0x3000 || (code >= 0x2000 && code <= 0x200a);
}

function isTerminal(code: number): boolean {
  // . ? ! … and the fullwidth / interrobang forms.
  return code === 46 || code === 63 || code === 33 || code === 0x2026 || code === 0x203d || code === 0x3002 ||
    code === 0xff01 || code === 0xff1f;
}

function isCloser(code: number): boolean {
  // " ' ) ] } ” ’ » › and the citation placeholder, which belongs to the sentence it follows.
  return code === 34 || code === 39 || code === 41 || code === 93 || code === 125 || code === 0x201d ||
    code === 0x2019 || code === 0xbb || code === 0x203a || code === CITATION_PLACEHOLDER;
}

function isOpener(code: number): boolean {
  // " ' ( [ “ ‘ « ‹ ¿ ¡ and the placeholders, which may begin a sentence.
  return code === 34 || code === 39 || code === 40 || code === 91 || code === 0x201c || code === 0x2018 ||
    code === 0xab || code === 0x2039 || code === 0xbf || code === 0xa1 || code === CODE_PLACEHOLDER ||
    code === CITATION_PLACEHOLDER || code === 42 || code === 95;
}

const UPPER = /\p{Lu}|\p{Lt}/u;
const LOWER = /\p{Ll}/u;
const DIGIT = /\p{Nd}/u;
const LETTER = /\p{L}/u;

// The character classes by code unit, with ASCII answered without a regular expression (nearly every character
// looked at); beyond ASCII the unit is tested as the one-unit string it is, as before.
function isAsciiLetter(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a);
}

function isAsciiDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

function isLetter(code: number): boolean {
  return code < 0x80 ? isAsciiLetter(code) : !isPlaceholder(code) && LETTER.test(String.fromCharCode(code));
}

function isDigit(code: number): boolean {
  return code < 0x80 ? isAsciiDigit(code) : !isPlaceholder(code) && DIGIT.test(String.fromCharCode(code));
}

/**
 * The placeholders are neither letters nor digits (a private-use character and U+FFFC, an "other symbol"), and a
 * citation placeholder stands before the period of every sentence that ends with its citation: answered without
 * making a string and running a Unicode regular expression.
 */
function isPlaceholder(code: number): boolean {
  return code === CITATION_PLACEHOLDER || code === CODE_PLACEHOLDER;
}

function isUpper(code: number): boolean {
  return code < 0x80 ? code >= 0x41 && code <= 0x5a : UPPER.test(String.fromCharCode(code));
}

function isLower(code: number): boolean {
  return code < 0x80 ? code >= 0x61 && code <= 0x7a : LOWER.test(String.fromCharCode(code));
}

/**
 * Finds the next terminal punctuation mark (the characters of `isTerminal`). The scan between sentence ends is
 * the bulk of the work, and a regular expression does it natively where a loop over every character ran mostly
 * unoptimised in a one-shot process. `test` with `lastIndex` allocates no match object.
 */
const NEXT_TERMINAL = /[.?!\u2026\u203d\u3002\uff01\uff1f]/g;

/** Index of the first terminal punctuation mark at or after `from`, or -1. */
function nextTerminal(text: string, from: number): number {
  NEXT_TERMINAL.lastIndex = from;
  return NEXT_TERMINAL.test(text) ? NEXT_TERMINAL.lastIndex - 1 : -1;
}

/** "U.S", "e.g", "a.m": single letters joined by dots (the final dot is the one being judged). */
const DOTTED_ABBREVIATION = /^(?:\p{L}\.)+\p{L}$/u;

/** At most this many characters are looked at around a boundary, which keeps the pass linear. */
const LOOK_LIMIT = 24;

/** Where the word that ends just before `dotIndex` starts ("U.S" for "U.S.", "Dr" for "Dr."), bounded in length. */
function wordStartBefore(text: string, dotIndex: number): number {
  let start = dotIndex;
  const floor = Math.max(0, dotIndex - LOOK_LIMIT);
  while (start > floor) {
    const code = text.charCodeAt(start - 1);
    if (isLetter(code) || isDigit(code) || code === 46 /* . */ || code === 45 /* - */) start--;
    else break;
  }
  return start;
}

/** The word that ends just before `dotIndex` ("U.S" for "U.S.", "Dr" for "Dr."), bounded in length. */
function wordBefore(text: string, dotIndex: number): string {
  return text.slice(wordStartBefore(text, dotIndex), dotIndex);
}

/** The longest word of NEVER_FINAL and SOMETIMES_FINAL. */
const LONGEST_ABBREVIATION = Math.max(...[...NEVER_FINAL, ...SOMETIMES_FINAL].map((word) => word.length));

/**
 * Whether the word [start, end) is plain ASCII letters, digits and hyphens longer than any listed abbreviation: no
 * abbreviation, initial or dotted abbreviation then, whatever its case. Nearly every sentence ends with such a
 * word, and this answers without the substring and its lower-case copy.
 */
function isLongPlainWord(text: string, start: number, end: number): boolean {
  if (end - start <= LONGEST_ABBREVIATION) return false;
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x80 || code === 46 /* . */) return false;
  }
  return true;
}

/** The word that starts at `index` (letters only), bounded in length. */
function wordAt(text: string, index: number): string {
  let end = index;
  const ceiling = Math.min(text.length, index + LOOK_LIMIT);
  while (end < ceiling && isLetter(text.charCodeAt(end))) end++;
  return text.slice(index, end);
}

/** True when a period at `dotIndex` ends an abbreviation or an initial rather than a sentence. */
function periodIsAbbreviation(text: string, dotIndex: number, nextWordStart: number): boolean {
  const wordStart = wordStartBefore(text, dotIndex);
  if (wordStart === dotIndex || isLongPlainWord(text, wordStart, dotIndex)) return false;
  const word = text.slice(wordStart, dotIndex);
  const lower = word.toLowerCase();
  // "et al. (2020)" and "et al. The" both occur; "et al." is treated as possibly final.
  if (lower === 'al' && wordBefore(text, Math.max(0, dotIndex - word.length - 1)).toLowerCase() === 'et') {
    return !startsSentence(text, nextWordStart);
  }
  if (NEVER_FINAL.has(lower)) {
    // "No." is an abbreviation only before a number ("No. 5"); otherwise it is the answer "No."
    if (lower === 'no' && !(nextWordStart < text.length && isDigit(text.charCodeAt(nextWordStart)))) return false;
    return true;
  }
  // A single capital letter: an initial ("J. R. R. Tolkien", "E. Ottolenghi").
  if (word.length === 1 && isUpper(word.charCodeAt(0))) return true;
  // Dotted abbreviations ("U.S.", "e.g.", "a.m.") and known possibly-final ones.
  const dotted = word.includes('.') && DOTTED_ABBREVIATION.test(word);
  if (dotted || SOMETIMES_FINAL.has(lower)) {
    return !startsSentence(text, nextWordStart);
  }
  return false;
}

/** True when the word at `index` is one that usually opens a sentence. */
function startsSentence(text: string, index: number): boolean {
  let i = index;
  while (i < text.length && isOpener(text.charCodeAt(i))) i++;
  const word = wordAt(text, i).toLowerCase();
  return SENTENCE_OPENERS.has(word);
}

/**
 * Splits a block of prose into sentences. Returns spans into `text`, trimmed of whitespace, in order and
 * non-overlapping; every non-whitespace character belongs to exactly one span.
 */
export function splitSentences(text: string): Span[] {
  const bounds = sentenceBounds(text, []);
  const spans: Span[] = [];
  for (let k = 0; k < bounds.length; k += 2) spans.push({ start: bounds[k], end: bounds[k + 1] });
  return spans;
}

/** Adds the sentence [start, end) trimmed of whitespace to `bounds`, unless nothing is left of it. */
function pushTrimmed(text: string, bounds: number[], start: number, end: number): void {
  while (start < end && isSpace(text.charCodeAt(start))) start++;
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  if (end > start) bounds.push(start, end);
}

/**
 * {@link splitSentences} as a flat list of (start, end) pairs, written into `bounds` (emptied first) and returned:
 * one reusable array for a whole draft instead of an object per sentence.
 */
export function sentenceBounds(text: string, bounds: number[]): number[] {
  bounds.length = 0;
  const length = text.length;
  let sentenceStart = 0;
  let i = 0;

  while (i < length) {
    const terminalStart = nextTerminal(text, i);
    if (terminalStart === -1) break;
    const code = text.charCodeAt(terminalStart);
    i = terminalStart;
    // A run of terminal punctuation ("?!", "...", "…").
    let end = i + 1;
    while (end < length && isTerminal(text.charCodeAt(end))) end++;
    // Closing quotes, brackets and citation placeholders that follow (possibly with spaces before a placeholder).
    for (;;) {
      if (end < length && isCloser(text.charCodeAt(end))) {
        end++;
        continue;
      }
      // "in 2022. [@key]" keeps the citation: spaces then a citation placeholder.
      let look = end;
      while (look < length && look - end < LOOK_LIMIT && isSpace(text.charCodeAt(look))) look++;
      if (look > end && look < length && text.charCodeAt(look) === CITATION_PLACEHOLDER) {
        end = look + 1;
        continue;
      }
      break;
    }
    if (end >= length) break;
    if (!isSpace(text.charCodeAt(end))) {
      // "3.5", "example.org", "U.S." inside a word, "?!" glued to text: not a boundary.
      i = end;
      continue;
    }
    let next = end;
    while (next < length && isSpace(text.charCodeAt(next))) next++;
    if (next >= length) break;
    if (!canStartSentence(text, next)) {
      i = next;
      continue;
    }
    // Only a single period can end an abbreviation; "?" "!" and ellipses cannot.
    if (code === 46 && !isTerminal(text.charCodeAt(terminalStart + 1))) {
      if (periodIsAbbreviation(text, terminalStart, next)) {
        i = next;
        continue;
      }
    }
    pushTrimmed(text, bounds, sentenceStart, end);
    sentenceStart = next;
    i = next;
  }
  pushTrimmed(text, bounds, sentenceStart, length);
  return bounds;
}

/** True when the character at `index` can be the first of a sentence (a capital, a digit, an opening mark). */
function canStartSentence(text: string, index: number): boolean {
  let i = index;
  const limit = Math.min(text.length, index + LOOK_LIMIT);
  while (i < limit && isOpener(text.charCodeAt(i))) i++;
  if (i >= text.length) return true;
  const code = text.charCodeAt(i);
  if (isLower(code)) return false;
  if (i > index && (text.charCodeAt(i - 1) === CODE_PLACEHOLDER || text.charCodeAt(i - 1) === CITATION_PLACEHOLDER)) {
    return true;
  }
  return isUpper(code) || isDigit(code) || !isLetter(code) || i > index;
}
