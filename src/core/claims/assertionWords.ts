/**
 * Words of a sentence and a fast matcher for phrase lists. Matching a list of a hundred phrases with one regex
 * alternation costs a hundred comparisons at every character; looking the words up by their first word costs
 * one map lookup per word, which keeps the detector well under 50 µs a sentence.
 */

/** One word of a sentence: letters and digits, with inner hyphens and apostrophes ("well-known", "don't"). */
export interface Word {
  /** Lower-cased, with ’ folded to '. */
  lower: string;
  start: number;
  end: number;
}

const WORD = /[\p{L}\p{N}]+(?:['’\-.][\p{L}\p{N}]+)*/gu;

let cachedText: string | undefined;
let cachedWords: Word[] = [];

/** The words of `text`. The last result is cached, since every cue reads the same sentence in turn. */
export function wordsOf(text: string): Word[] {
  if (text === cachedText) return cachedWords;
  const words: Word[] = [];
  for (const match of text.matchAll(WORD)) {
    let value = match[0];
    let end = match.index + value.length;
    // "U.S." keeps its dots, but a sentence's last "word." does not: only letter.letter joins.
    if (value.includes('.') && !/^(?:\p{L}\.)+\p{L}$/u.test(value)) {
      const firstDot = value.indexOf('.');
      // Decimal numbers ("3.5") keep their point.
      if (!/^\d+\.\d+$/.test(value)) {
        value = value.slice(0, firstDot);
        end = match.index + value.length;
        words.push({ lower: value.toLowerCase().replace(/’/g, "'"), start: match.index, end });
        const rest = match[0].slice(firstDot + 1);
        for (const inner of rest.matchAll(WORD)) {
          const innerStart = match.index + firstDot + 1 + inner.index;
          words.push({ lower: inner[0].toLowerCase().replace(/’/g, "'"), start: innerStart, end: innerStart + inner[0].length });
        }
        continue;
      }
    }
    words.push({ lower: value.toLowerCase().replace(/’/g, "'"), start: match.index, end });
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

interface Candidate {
  list: number;
  words: string[];
}

/** Every phrase of every list, by first word: one pass over a sentence's words serves all the lists. */
const candidatesByFirstWord = new Map<string, Candidate[]>();
let listCount = 0;
let matchedText: string | undefined;
let matchedLists: PhraseMatch[][] = [];

function matchAllLists(text: string): PhraseMatch[][] {
  if (text === matchedText) return matchedLists;
  const words = wordsOf(text);
  const results: PhraseMatch[][] = Array.from({ length: listCount }, () => []);
  // Matches of one list do not overlap; different lists may match the same words.
  const nextFree = new Array<number>(listCount).fill(0);
  for (let i = 0; i < words.length; i++) {
    const candidates = candidatesByFirstWord.get(words[i].lower);
    if (!candidates) continue;
    for (const candidate of candidates) {
      if (i < nextFree[candidate.list] || i + candidate.words.length > words.length) continue;
      let same = true;
      for (let k = 1; k < candidate.words.length && same; k++) same = words[i + k].lower === candidate.words[k];
      if (!same) continue;
      const last = words[i + candidate.words.length - 1];
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
      const list = candidatesByFirstWord.get(words[0]) ?? [];
      list.push({ list: this.id, words });
      list.sort((a, b) => b.words.length - a.words.length);
      candidatesByFirstWord.set(words[0], list);
    }
  }

  /** Every non-overlapping occurrence in `text`, left to right. The array is shared: do not modify it. */
  findIn(text: string): readonly PhraseMatch[] {
    return matchAllLists(text)[this.id];
  }
}
