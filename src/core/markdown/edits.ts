/**
 * Edits to the draft that the quick fixes make next to the sidecar edits (a citation, a suppression comment), and
 * the texts they store in the sidecar (a claim's selector, an accepted sentence). Pure, so they are tested
 * without an editor.
 */
import type { SentenceInfo } from '../analysis';
import { selectorForSpan } from '../claims/anchor';
import type { Span } from '../types';

/** How much text either side of a new claim is stored as its prefix and suffix. */
const CLAIM_CONTEXT_LENGTH = 32;

/**
 * Where `[@key]` goes in a sentence, and what to insert: inside a citation that already ends the sentence
 * (`; @key`), before the final punctuation (` [@key]`), after a closing quotation mark or emphasis marker that
 * follows it, or at the end of a sentence without punctuation.
 */
export function citationInsertion(text: string, sentence: Span, key: string): { offset: number; insert: string } {
  let end = sentence.end;
  while (end > sentence.start && /\s/.test(text[end - 1])) end--;
  // Footnote references after the final punctuation ("…in 2018.[^1]") belong to the sentence's end: the new
  // citation goes before the punctuation, and the footnote stays where the writer put it.
  const footnotes = /(?:\[\^[^\]\s]+\])+$/.exec(text.slice(sentence.start, end));
  if (footnotes && /[.!?…]$/.test(text.slice(sentence.start, end - footnotes[0].length))) end -= footnotes[0].length;
  const body = text.slice(sentence.start, end);
  const existing = /\[([^\[\]]*@[^\[\]]*)\]([.!?…:;]*["”’»)]*)$/u.exec(body);
  if (existing) {
    const close = sentence.start + existing.index + existing[0].length - existing[2].length - 1;
    return { offset: close, insert: `; @${key}` };
  }
  // A sentence set in emphasis ("*… in 2021.*") ends before the closing marker: the citation goes after the
  // marker, as it does after a closing quotation mark, so that it is not set in italics with the sentence.
  const closingEmphasis = /^[*_]{1,3}(?=\s|$)/.exec(text.slice(sentence.end, sentence.end + 4));
  if (closingEmphasis && end === sentence.end && /[.!?…]$/.test(body)) {
    return { offset: sentence.end + closingEmphasis[0].length, insert: ` [@${key}]` };
  }
  const final = /([.!?…]+)(["”’»)\]*_]*)$/u.exec(body);
  if (final && final[2].length === 0) {
    let at = sentence.start + final.index;
    while (at > sentence.start && /[ \t]/.test(text[at - 1])) at--;
    return { offset: at, insert: ` [@${key}]` };
  }
  return { offset: end, insert: ` [@${key}]` };
}

/** The claim text for a span of the draft, with a short prefix and suffix cut at word and paragraph boundaries. */
export function claimSelector(text: string, span: Span): { text: string; prefix?: string; suffix?: string } {
  const selector = selectorForSpan(text, span, CLAIM_CONTEXT_LENGTH);
  const oneLine = (value: string) => value.replace(/\s+/g, ' ');
  let prefix = (selector.prefix ?? '').split(/\n[ \t>]*\n/).pop() ?? '';
  let suffix = (selector.suffix ?? '').split(/\n[ \t>]*\n/)[0] ?? '';
  // A context that starts or ends inside a word is cut back to the word boundary.
  const prefixStart = span.start - prefix.length;
  if (prefixStart > 0 && /[\p{L}\p{N}]/u.test(text[prefixStart - 1] ?? '')) prefix = prefix.replace(/^[\p{L}\p{N}]*/u, '');
  const suffixEnd = span.end + suffix.length;
  if (suffixEnd < text.length && /[\p{L}\p{N}]/u.test(text[suffixEnd] ?? '')) suffix = suffix.replace(/[\p{L}\p{N}]*$/u, '');
  const result: { text: string; prefix?: string; suffix?: string } = { text: oneLine(selector.text).trim() };
  if (prefix.trim()) result.prefix = oneLine(prefix.replace(/^\s+/, ''));
  if (suffix.trim()) result.suffix = oneLine(suffix.replace(/\s+$/, ''));
  return result;
}

/** The visible text of a sentence for `accepted` (what the engine compares with), without placeholders. */
export function acceptedText(sentence: SentenceInfo): string {
  return sentence.text.replace(/[\uE000\uFFFC]/g, '').replace(/\s+/g, ' ').trim();
}

/**
 * The suppression comment for a finding's line. Above the line when it starts a block (a comment there does
 * not split a paragraph); at the end of the line otherwise, where `disable-line` silences the same line.
 */
export function suppressionEdit(text: string, lineStartOffset: number, ruleId: string): { offset: number; insert: string } {
  const lineEnd = (() => {
    const newline = text.indexOf('\n', lineStartOffset);
    const end = newline < 0 ? text.length : newline;
    return end > lineStartOffset && text[end - 1] === '\r' ? end - 1 : end;
  })();
  const line = text.slice(lineStartOffset, lineEnd);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const previousLineEnd = lineStartOffset - (text[lineStartOffset - 2] === '\r' ? 2 : 1);
  const previousLineStart = text.lastIndexOf('\n', previousLineEnd - 1) + 1;
  const previousLine = lineStartOffset === 0 ? '' : text.slice(previousLineStart, Math.max(previousLineStart, previousLineEnd));
  const startsBlock = previousLine.trim() === '' || /^\s*(#{1,6}\s|<!--.*-->\s*$)/.test(previousLine);
  const isTableRow = /^\s*\|/.test(line);
  if (startsBlock && !isTableRow) {
    const indentation = /^[ \t]*/.exec(line)?.[0] ?? '';
    return { offset: lineStartOffset, insert: `${indentation}<!-- sourced-disable-next-line ${ruleId} -->${eol}` };
  }
  if (isTableRow) {
    // Inside the last cell, so the row keeps its number of cells.
    const lastPipe = line.replace(/\s+$/, '').endsWith('|') ? line.replace(/\s+$/, '').length - 1 : line.length;
    let at = lineStartOffset + lastPipe;
    while (at > lineStartOffset && text[at - 1] === ' ') at--;
    return { offset: at, insert: ` <!-- sourced-disable-line ${ruleId} -->` };
  }
  return { offset: lineEnd, insert: ` <!-- sourced-disable-line ${ruleId} -->` };
}
