/**
 * The citation parsing of citations.ts as it was before its functions built the final citation objects directly
 * (kept only as the reference that citations.reference.test.ts holds the new code to).
 */
/**
 * Pandoc citation syntax, footnote references and bare URLs, recognised in the visible characters of a prose block
 * (after markdown-it has removed code, links' destinations and emphasis), so an `@` in code or a URL never counts.
 */
import type { CitationItem } from '../../../src/core/markdown/types';

/** Per-character flags of a block's visible text (indices match the text; the array may be longer). */
export type CharFlags = ArrayLike<number>;

/** Flags of a visible character, telling what Markdown made of it. */
export const CharFlag = {
  /** Typed as itself in running text, so it can be Markdown or citation syntax (not escaped, not an entity). */
  literal: 1,
  /** Inside the text of a link: already cited by the link. */
  linkText: 2,
  /** Part of a URL (an autolink or a bare URL). */
  url: 4,
  /** A placeholder (code, HTML, image, math). */
  placeholder: 8,
  /** The space a line break became. */
  lineBreak: 16,
} as const;

const KEY_START = /[\p{L}\p{N}_]/u;
/** Punctuation Pandoc allows inside a key when a key character follows (same set as SOURCE_KEY_PATTERN). */
const KEY_INTERNAL_PUNCTUATION = new Set(':./-_#$%&+?<>~'.split('').map((c) => c.charCodeAt(0)));

function isKeyChar(code: number): boolean {
  if (code < 0x80) {
    return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || code === 0x5f;
  }
  return KEY_START.test(String.fromCharCode(code));
}

function isWordChar(code: number): boolean {
  return code !== 0x5f && isKeyChar(code);
}

/** Label normalisation for footnotes, as CommonMark does for link labels: trim, collapse whitespace, case-fold. */
export function normalizeFootnoteLabel(label: string): string {
  // Upper then lower case folds "ß", "SS" and "ss" together, which lower case alone does not.
  return label.trim().replace(/\s+/g, ' ').toUpperCase().toLowerCase();
}

/** A key found in visible characters: indices of `@` and one past the key's last character, and the key. */
interface ScannedKey {
  key: string;
  atIndex: number;
  end: number;
}

/** Reads a Pandoc key after the `@` at `at` (plain or `{braced}`); every character must be literal text. */
function scanKey(text: string, flags: CharFlags, at: number, limit: number): ScannedKey | undefined {
  const first = at + 1;
  if (first >= limit || !(flags[first] & CharFlag.literal)) return undefined;
  if (text.charCodeAt(first) === 0x7b) {
    const close = text.indexOf('}', first + 1);
    if (close === -1 || close >= limit || close === first + 1) return undefined;
    for (let i = first; i <= close; i++) if (!(flags[i] & CharFlag.literal)) return undefined;
    return { key: text.slice(first + 1, close), atIndex: at, end: close + 1 };
  }
  if (!isKeyChar(text.charCodeAt(first))) return undefined;
  let end = first + 1;
  while (end < limit && flags[end] & CharFlag.literal) {
    const code = text.charCodeAt(end);
    if (isKeyChar(code)) end++;
    else if (KEY_INTERNAL_PUNCTUATION.has(code) && end + 1 < limit && flags[end + 1] & CharFlag.literal && isKeyChar(text.charCodeAt(end + 1))) end += 2;
    else break;
  }
  return { key: text.slice(first, end), atIndex: at, end };
}

/** A citation found in a block's visible characters; indices are into the block's characters. */
export interface FoundCitation {
  kind: 'pandoc' | 'pandoc-in-text';
  /** First and one-past-last character of the marker. */
  from: number;
  to: number;
  items: Array<Omit<CitationItem, 'keySpan'> & { keyFrom: number; keyTo: number }>;
}

function isBlank(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0xa0;
}

/**
 * Cross-references share the citation syntax but point into the draft, not at a source: pandoc-crossref's
 * `@fig:map`, `[@tbl:flights]`, `@sec:method`, `@eq:rate`, `@lst:code`, and Quarto's `@fig-map`, `@tbl-…`, `@sec-…`,
 * theorem-like (`@thm-…`, `@lem-…`, …) and callout (`@tip-…`, `@nte-…`, …) labels. Treating them as citations would
 * report each as an unknown source and count its sentence as cited.
 */
const CROSS_REFERENCE = /^(?:(?:fig|tbl|lst|sec|eq)[:-]|(?:thm|lem|cor|prp|cnj|def|exm|exr|sol|rem|tip|nte|wrn|imp|cau)-)[\p{L}\p{N}_]/u;

/** Whether a key written as a citation is a cross-reference to a figure, table, section, equation… of the draft. */
function isCrossReference(key: string): boolean {
  return CROSS_REFERENCE.test(key);
}

/** Characters after which an `@` cannot start a citation: it would be an e-mail, a handle in a path, a URL. */
const BLOCKS_FOLLOWING_AT = new Set('/:.@+-_=&%#~\\'.split('').map((c) => c.charCodeAt(0)));

/**
 * Parses `[prefix @key, locator; …]` whose `[` is at `open` and `]` at `close`. Every `;`-separated item must hold
 * exactly one key, as in Pandoc; otherwise the brackets are ordinary text.
 */
export function parseBracketCitation(text: string, flags: CharFlags, open: number, close: number): FoundCitation | undefined {
  const items: FoundCitation['items'] = [];
  let itemStart = open + 1;
  for (let i = open + 1; i <= close; i++) {
    if (i < close && !(text.charCodeAt(i) === 0x3b && flags[i] & CharFlag.literal)) continue;
    const item = parseBracketItem(text, flags, itemStart, i);
    if (!item) return undefined;
    if (!isCrossReference(item.key)) items.push(item);
    itemStart = i + 1;
  }
  return items.length > 0 ? { kind: 'pandoc', from: open, to: close + 1, items } : undefined;
}

function parseBracketItem(text: string, flags: CharFlags, from: number, to: number): FoundCitation['items'][number] | undefined {
  let found: ScannedKey | undefined;
  let suppressAuthor = false;
  for (let i = from; i < to; i++) {
    if (text.charCodeAt(i) !== 0x40 || !(flags[i] & CharFlag.literal)) continue;
    let before = i - 1;
    let dash = false;
    if (before >= from && text.charCodeAt(before) === 0x2d) {
      dash = true;
      before--;
    }
    if (before >= from && !isBlank(text.charCodeAt(before))) continue;
    const key = scanKey(text, flags, i, to);
    if (!key) continue;
    if (found) return undefined;
    found = key;
    suppressAuthor = dash;
  }
  if (!found) return undefined;
  const item: FoundCitation['items'][number] = { key: found.key, keyFrom: found.atIndex, keyTo: found.end, suppressAuthor };
  // Most items are a bare `@key`: no prefix or locator to slice and trim.
  const prefixEnd = suppressAuthor ? found.atIndex - 1 : found.atIndex;
  const prefix = prefixEnd > from ? text.slice(from, prefixEnd).trim() : '';
  if (prefix) item.prefix = prefix;
  const locator = to > found.end ? text.slice(found.end, to).trim().replace(/^,\s*/, '').trim() : '';
  if (locator) item.locator = locator;
  return item;
}

/** Parses an in-text `@key`, with an optional ` [locator]` right after it. */
export function parseInTextCitation(text: string, flags: CharFlags, at: number): FoundCitation | undefined {
  if (at > 0) {
    const before = text.charCodeAt(at - 1);
    if (isWordChar(before) || BLOCKS_FOLLOWING_AT.has(before)) return undefined;
  }
  const key = scanKey(text, flags, at, text.length);
  if (!key || isCrossReference(key.key)) return undefined;
  let to = key.end;
  let locator: string | undefined;
  // `@key [p. 3]`: one space, then a bracket holding no key of its own.
  if (text.charCodeAt(to) === 0x20 && text.charCodeAt(to + 1) === 0x5b && flags[to + 1] & CharFlag.literal && text.charCodeAt(to + 2) !== 0x5e) {
    const close = findClosingBracket(text, flags, to + 1);
    if (close !== -1 && !text.slice(to + 2, close).includes('@')) {
      const inside = text.slice(to + 2, close).trim();
      if (inside) {
        locator = inside;
        to = close + 1;
      }
    }
  }
  return {
    kind: 'pandoc-in-text',
    from: at,
    to,
    items: [{ key: key.key, keyFrom: at, keyTo: key.end, ...(locator ? { locator } : {}), suppressAuthor: false }],
  };
}

/**
 * The `]` closing the literal `[` at `open`, if the brackets hold only running text (no code, links, URLs or other
 * brackets); -1 otherwise.
 */
export function findClosingBracket(text: string, flags: CharFlags, open: number): number {
  for (let i = open + 1; i < text.length; i++) {
    const flag = flags[i];
    if (flag & (CharFlag.placeholder | CharFlag.linkText | CharFlag.url)) return -1;
    const code = text.charCodeAt(i);
    if (!(flag & CharFlag.literal)) continue;
    if (code === 0x5d) return i;
    if (code === 0x5b) return -1;
  }
  return -1;
}

/** `[^label]` at `open`: the index one past its `]`, or -1. Labels hold no whitespace or brackets. */
export function scanFootnoteReference(text: string, flags: CharFlags, open: number): number {
  if (text.charCodeAt(open + 1) !== 0x5e || !(flags[open + 1] & CharFlag.literal)) return -1;
  let i = open + 2;
  for (; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x5d && flags[i] & CharFlag.literal) break;
    if (code === 0x5b || code === 0x5e || isBlank(code) || flags[i] & (CharFlag.placeholder | CharFlag.lineBreak)) return -1;
  }
  if (i >= text.length || i === open + 2) return -1;
  return i + 1;
}

/** A bare URL found in running text (GFM "extended autolink"): indices and the URL to report. */
export interface FoundUrl {
  from: number;
  to: number;
  url: string;
}

const TRAILING_URL_PUNCTUATION = new Set('?!.,:*_~\'"'.split('').map((c) => c.charCodeAt(0)));

/**
 * Whether `text` may hold a bare URL at all: every match of findBareUrls' pattern contains `://` or, in some case,
 * `ww.`. Nearly no block of prose does, and these native searches cost far less than running the case-insensitive
 * pattern over every block (20 ms of a cold lint of a 1 MB draft, for no URL found).
 */
function mayHoldBareUrl(text: string): boolean {
  return text.includes('://') || text.includes('ww.') || text.includes('WW.') || text.includes('wW.') || text.includes('Ww.');
}

const NO_URLS: readonly FoundUrl[] = [];

/** Finds GFM bare URLs (`https://…`, `http://…`, `www.…`) in the literal characters of a block. */
export function findBareUrls(text: string, flags: CharFlags): readonly FoundUrl[] {
  if (!mayHoldBareUrl(text)) return NO_URLS;
  const found: FoundUrl[] = [];
  const starts = /https?:\/\/|www\./gi;
  for (let match = starts.exec(text); match; match = starts.exec(text)) {
    const from = match.index;
    const prefixEnd = from + match[0].length;
    let ok = true;
    for (let i = from; i < prefixEnd; i++) if (!(flags[i] & CharFlag.literal) || flags[i] & CharFlag.linkText) ok = false;
    const before = from > 0 ? text.charCodeAt(from - 1) : 0x20;
    // GFM: a bare URL starts after whitespace or one of `*_~(`; anything else is part of a word.
    if (!ok || !(isBlank(before) || before === 0x2a || before === 0x5f || before === 0x7e || before === 0x28 || from === 0 || flags[from - 1] & (CharFlag.placeholder | CharFlag.lineBreak))) continue;
    let to = prefixEnd;
    while (to < text.length && flags[to] & CharFlag.literal && !(flags[to] & CharFlag.linkText)) {
      const code = text.charCodeAt(to);
      if (isBlank(code) || code === 0x3c) break;
      to++;
    }
    to = trimUrlEnd(text, prefixEnd, to);
    // The domain needs at least one character after the scheme or `www.`.
    if (to <= prefixEnd || !isKeyChar(text.charCodeAt(prefixEnd))) {
      starts.lastIndex = Math.max(starts.lastIndex, to);
      continue;
    }
    const written = text.slice(from, to);
    found.push({ from, to, url: /^www\./i.test(written) ? `http://${written}` : written });
    starts.lastIndex = to;
  }
  return found;
}

function trimUrlEnd(text: string, from: number, to: number): number {
  for (;;) {
    const last = text.charCodeAt(to - 1);
    if (to <= from) return to;
    if (TRAILING_URL_PUNCTUATION.has(last)) {
      to--;
      continue;
    }
    if (last === 0x29) {
      const slice = text.slice(from, to);
      const opens = slice.split('(').length - 1;
      const closes = slice.split(')').length - 1;
      if (closes > opens) {
        to--;
        continue;
      }
    }
    if (last === 0x3b) {
      // `&hellip;` at the end is an entity-looking suffix, not part of the URL.
      const entity = /&[a-z0-9]+;$/i.exec(text.slice(from, to));
      if (entity) {
        to -= entity[0].length;
        continue;
      }
    }
    return to;
  }
}
