/**
 * The comparable form of a draft, a claim or a claim's context. What does not change meaning is removed or
 * unified: typographic quotes and dashes (through `foldTypography`), every run of whitespace and line breaks
 * (one space, or one `\n` when the run holds a blank line, so a re-wrapped sentence still matches but a
 * sentence split into two paragraphs does not), blockquote markers at the start of continuation lines,
 * invisible characters (zero-width spaces and joiners, soft hyphens, byte-order marks) and citation markers
 * (`[@key]`, `[^label]`) together with the space before them, so citing a claimed sentence does not detach it.
 * Every character of the result remembers the span of the source it came from.
 */
import { foldCaseKeepingLength, foldTypography } from '../../text/normalize';

/** A text in comparable form with the source span each of its characters came from. */
export interface AnchorText {
  text: string;
  /** `text` with case folded as `foldCaseKeepingLength` does it: same length, same offsets. */
  folded: string;
  /** Source offset where `text[i]` starts. */
  starts: Int32Array;
  /** Source offset where `text[i]` ends (a collapsed whitespace run covers the whole run). */
  ends: Int32Array;
}

/** The character a whitespace run becomes when it holds no blank line. */
export const SPACE = ' ';
/** The character a whitespace run becomes when it holds a blank line (a paragraph break). */
export const PARAGRAPH_BREAK = '\n';

/** Longest bracketed citation we try to recognise; longer brackets are left as text. */
const MAX_CITATION_LENGTH = 400;

function isWhitespaceCode(c: number): boolean {
  return (
    c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000
  );
}

function isLineBreakCode(c: number): boolean {
  return c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
}

/** Characters that render as nothing; a soft hyphen only shows when the line breaks there. */
function isInvisibleCode(c: number): boolean {
  return c === 0x200b || c === 0x200c || c === 0x200d || c === 0x2060 || c === 0xfeff || c === 0xad;
}

const CITATION_KEY_START = /@[\p{L}\p{N}_]/u;
const FOOTNOTE_LABEL = /^\[\^[^\s\]\[]+\]$/u;

/**
 * The citation marker (`[@key, p. 3]`, `[^label]`) that contains `offset` strictly inside it (after its `[`,
 * before its end), if any; the comparable text skips markers whole, so selections must not cut them.
 */
export function citationMarkerAround(source: string, offset: number): { start: number; end: number } | undefined {
  for (let i = offset - 1; i >= 0 && i >= offset - MAX_CITATION_LENGTH; i--) {
    const c = source.charCodeAt(i);
    if (c === 93 /* ] */ && i < offset - 1) return undefined;
    if (c === 91 /* [ */) {
      const end = citationMarkerEnd(source, i);
      return end > offset ? { start: i, end } : undefined;
    }
  }
  return undefined;
}

/**
 * Returns the end (exclusive) of a citation marker starting with `[` at `start`, or -1. Recognises footnote
 * references `[^label]` and Pandoc bracketed citations (`[@key]`, `[see @a, p. 3; @b]`); a bracket followed by
 * `(` or `[` is a link, not a citation.
 */
function citationMarkerEnd(source: string, start: number): number {
  const limit = Math.min(source.length, start + MAX_CITATION_LENGTH);
  let close = -1;
  for (let i = start + 1; i < limit; i++) {
    const c = source.charCodeAt(i);
    if (c === 91 /* [ */) return -1;
    if (c === 93 /* ] */) {
      close = i;
      break;
    }
  }
  if (close < 0) return -1;
  const next = source.charCodeAt(close + 1);
  if (next === 40 /* ( */ || next === 91 /* [ */ || next === 58 /* : a footnote definition */) return -1;
  const inner = source.slice(start, close + 1);
  if (FOOTNOTE_LABEL.test(inner)) return close + 1;
  if (inner.charCodeAt(1) !== 94 /* ^ */ && CITATION_KEY_START.test(inner)) return close + 1;
  return -1;
}

let foldTables: { typography: Uint16Array; lowerCase: Uint16Array } | undefined;

/**
 * `foldTypography` and `foldCaseKeepingLength` of every UTF-16 unit, computed once so that the hot loop is a
 * table lookup. Both folds work one unit at a time, so a table of units is exactly equivalent.
 */
function unitFolds(): { typography: Uint16Array; lowerCase: Uint16Array } {
  if (foldTables) return foldTables;
  let all = '';
  for (let from = 0; from < 0x10000; from += 4096) {
    const codes = new Uint16Array(4096);
    for (let k = 0; k < 4096; k++) codes[k] = from + k;
    all += String.fromCharCode.apply(null, codes as unknown as number[]);
  }
  const typography = new Uint16Array(0x10000);
  const lowerCase = new Uint16Array(0x10000);
  const typographyFolded = foldTypography(all);
  const caseFolded = foldCaseKeepingLength(all);
  for (let c = 0; c < 0x10000; c++) {
    typography[c] = typographyFolded.charCodeAt(c);
    lowerCase[c] = caseFolded.charCodeAt(c);
  }
  foldTables = { typography, lowerCase };
  return foldTables;
}

function decode(codes: Uint16Array, length: number): string {
  let text = '';
  const CHUNK = 8192;
  for (let from = 0; from < length; from += CHUNK) {
    text += String.fromCharCode.apply(null, codes.subarray(from, Math.min(length, from + CHUNK)) as unknown as number[]);
  }
  return text;
}

/** Builds the comparable form of `source` (see the module comment for what is unified). */
export function toAnchorText(source: string): AnchorText {
  const { typography, lowerCase } = unitFolds();
  const length = source.length;
  const codes = new Uint16Array(length + 1);
  const starts = new Int32Array(length + 1);
  const ends = new Int32Array(length + 1);
  let out = 0;
  let runStart = -1;
  let runEnd = -1;
  let runBreaks = 0;
  // Blockquote markers only count as layout at the start of a line (the first line included).
  let atLineStart = true;

  let i = 0;
  while (i < length) {
    const c = source.charCodeAt(i);
    if (isInvisibleCode(c)) {
      i++;
      continue;
    }
    if (isWhitespaceCode(c) || (c === 62 /* > */ && atLineStart)) {
      if (runStart < 0) {
        runStart = i;
        runBreaks = 0;
      }
      if (isLineBreakCode(c)) {
        runBreaks++;
        atLineStart = true;
        if (c === 13 && source.charCodeAt(i + 1) === 10) i++;
      }
      i++;
      runEnd = i;
      continue;
    }
    atLineStart = false;
    if (c === 91 /* [ */) {
      const markerEnd = citationMarkerEnd(source, i);
      if (markerEnd > 0) {
        // "passengers [@fdd]." must read as "passengers.", but a paragraph break before a marker stays.
        if (runStart >= 0 && runBreaks < 2) runStart = -1;
        i = markerEnd;
        continue;
      }
    }
    if (runStart >= 0) {
      codes[out] = runBreaks >= 2 ? 10 : 32;
      starts[out] = runStart;
      ends[out] = runEnd;
      out++;
      runStart = -1;
    }
    codes[out] = typography[c];
    starts[out] = i;
    ends[out] = i + 1;
    out++;
    i++;
  }
  if (runStart >= 0) {
    codes[out] = runBreaks >= 2 ? 10 : 32;
    starts[out] = runStart;
    ends[out] = runEnd;
    out++;
  }

  const text = decode(codes, out);
  for (let k = 0; k < out; k++) codes[k] = lowerCase[codes[k]];
  return { text, folded: decode(codes, out), starts: starts.subarray(0, out), ends: ends.subarray(0, out) };
}

/** True for the characters whitespace runs become in an anchor text. */
export function isLayoutChar(c: number): boolean {
  return c === 32 || c === 10;
}

/** The comparable form of `source` without its leading and trailing layout: how a claim's text is compared. */
export function anchorKey(source: string): string {
  const { text } = toAnchorText(source);
  let start = 0;
  let end = text.length;
  while (start < end && isLayoutChar(text.charCodeAt(start))) start++;
  while (end > start && isLayoutChar(text.charCodeAt(end - 1))) end--;
  return text.slice(start, end);
}
