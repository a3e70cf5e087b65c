/**
 * Finds where the text of a markdown-it inline token came from in the Markdown source. markdown-it's inline tokens
 * carry no offsets, and the preview's markdown-it is VS Code's (with its own options and other extensions' plugins),
 * so the engine's exact offsets cannot be reused: the content is looked up in the source instead, character by
 * character, allowing for what markdown-it changes on the way (backslash escapes, character references and the
 * typographer's quotes, dashes and ellipses) and for markup it leaves out between tokens (`**`, `](url)`, `>`).
 */

/** Where each character of a token's content came from: `[starts[i], ends[i])` in the source. */
export interface TextSourceMap {
  starts: Int32Array;
  ends: Int32Array;
  /** Where the last character ends: the search for the next token starts there. */
  end: number;
}

/** How far inside one token the source may run ahead of the content (markdown-it's `?....` → `?..` drops some). */
const MAX_INNER_SKIP = 8;

const CHARACTER_REFERENCE = /&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});/y;

function isAsciiPunctuation(code: number): boolean {
  return (code >= 0x21 && code <= 0x2f) || (code >= 0x3a && code <= 0x40) || (code >= 0x5b && code <= 0x60) || (code >= 0x7b && code <= 0x7e);
}

function runOf(src: string, at: number, limit: number, char: string): number {
  let end = at;
  while (end < limit && src[end] === char) end++;
  return end - at;
}

/**
 * How many source characters at `at` produced the content character `char` through one of markdown-it's
 * transformations; 0 when none explains it.
 */
function transformedLength(char: string, src: string, at: number, limit: number): number {
  const code = src.charCodeAt(at);
  if (code === 0x5c /* \ */ && at + 1 < limit && src[at + 1] === char && isAsciiPunctuation(char.charCodeAt(0))) return 2;
  if (code === 0x26 /* & */) {
    CHARACTER_REFERENCE.lastIndex = at;
    const match = CHARACTER_REFERENCE.exec(src);
    if (match && at + match[0].length <= limit) return match[0].length;
  }
  if (code === 0x27 /* ' */ || code === 0x22 /* " */) return char.charCodeAt(0) > 0x7f ? 1 : 0;
  switch (char) {
    case '…': {
      const dots = runOf(src, at, limit, '.');
      return dots >= 2 ? dots : 0;
    }
    case '—':
      return src.startsWith('---', at) && at + 3 <= limit ? 3 : 0;
    case '–':
      return src.startsWith('--', at) && at + 2 <= limit ? 2 : 0;
    case '©':
    case '®': {
      const letter = char === '©' ? 'c' : 'r';
      return at + 3 <= limit && src.slice(at, at + 3).toLowerCase() === `(${letter})` ? 3 : 0;
    }
    case '™':
      return at + 4 <= limit && src.slice(at, at + 4).toLowerCase() === '(tm)' ? 4 : 0;
    case '±':
      return src.startsWith('+-', at) && at + 2 <= limit ? 2 : 0;
    default:
      return 0;
  }
}

/**
 * Source characters at `at` that produced the content character `content[i]`: 1 for the same character, else a
 * transformation. A valid character reference (`&amp;`) stands for its character even when that is `&` itself; an
 * unknown one (`&nope;`) was left in the content as typed.
 */
function producedLength(content: string, i: number, src: string, at: number, limit: number): number {
  if (at >= limit) return 0;
  const char = content[i];
  if (src.charCodeAt(at) === 0x26 /* & */ && char === '&') {
    CHARACTER_REFERENCE.lastIndex = at;
    const match = CHARACTER_REFERENCE.exec(src);
    if (match && at + match[0].length <= limit && !content.startsWith(match[0], i)) return match[0].length;
    return 1;
  }
  return src[at] === char ? 1 : transformedLength(char, src, at, limit);
}

/**
 * Maps each character of `content` to the source it came from, searching `src` in `[from, limit)`. Undefined when
 * the content cannot be found there: the caller then leaves the token as it is rather than guess.
 */
export function alignText(content: string, src: string, from: number, limit: number): TextSourceMap | undefined {
  const length = content.length;
  if (length === 0 || from >= limit) return undefined;
  const starts = new Int32Array(length);
  const ends = new Int32Array(length);

  // The common case: the content is written in the source as it is.
  const exact = indexWithin(src, content, from, limit);
  if (exact >= 0) {
    for (let i = 0; i < length; i++) {
      starts[i] = exact + i;
      ends[i] = exact + i + 1;
    }
    return { starts, ends, end: exact + length };
  }

  let pos = from;
  for (let i = 0; i < length; i++) {
    const char = content[i];
    let consumed = producedLength(content, i, src, pos, limit);
    if (consumed === 0) {
      // Before the first character any markup may sit in between; inside the token only a few dropped characters.
      const skipLimit = i === 0 ? limit : Math.min(limit, pos + MAX_INNER_SKIP);
      let next = pos + 1;
      while (next < skipLimit && (consumed = producedLength(content, i, src, next, limit)) === 0) next++;
      if (consumed === 0) return undefined;
      pos = next;
    }
    starts[i] = pos;
    ends[i] = pos + consumed;
    // A character reference can stand for a character outside the BMP: both halves come from it.
    const code = char.charCodeAt(0);
    if (consumed > 1 && code >= 0xd800 && code <= 0xdbff && i + 1 < length) {
      i++;
      starts[i] = pos;
      ends[i] = pos + consumed;
    }
    pos += consumed;
  }
  return { starts, ends, end: pos };
}

/**
 * Where `needle` starts in `src` within `[from, limit)`, or -1. A plain `indexOf` would search on to the end of the
 * document for content that is not written as it is, once per such token: quadratic on a long draft.
 */
export function indexWithin(src: string, needle: string, from: number, limit: number): number {
  if (limit - from < needle.length) return -1;
  if (src.length - limit < 4096) {
    const at = src.indexOf(needle, from);
    return at >= 0 && at + needle.length <= limit ? at : -1;
  }
  const at = src.slice(from, limit).indexOf(needle);
  return at >= 0 ? from + at : -1;
}

/**
 * Maps offsets of a text to offsets of the same text as markdown-it parses it (`\r\n` and lone `\r` become `\n`),
 * so that spans the engine found in the editor's text land on the parsed source.
 */
export function normaliseLineEndings(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/\0/g, '\uFFFD');
}

/** Converts offsets of `text` to offsets of `normaliseLineEndings(text)`. */
export function lineEndingOffsetMapper(text: string): (offset: number) => number {
  const crlf: number[] = [];
  for (let at = text.indexOf('\r\n'); at >= 0; at = text.indexOf('\r\n', at + 2)) crlf.push(at);
  if (crlf.length === 0) return (offset) => offset;
  return (offset) => {
    // Every CRLF that starts before `offset` shortened the text by one.
    let low = 0;
    let high = crlf.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (crlf[mid] < offset) low = mid + 1;
      else high = mid;
    }
    return offset - low;
  };
}
