/**
 * Turns a Markdown draft into what the engine reads: prose blocks whose characters map back to the source,
 * citations, footnotes and suppression comments. Parsing is markdown-it's (see parser.ts); this file walks its
 * tokens and recovers the exact source of every visible character.
 */
import type { Span } from '../types';
import {
  CharFlag,
  type FoundCitation,
  findBareUrls,
  findClosingBracket,
  normalizeFootnoteLabel,
  parseBracketCitation,
  parseInTextCitation,
  scanFootnoteReference,
} from './citations';
import { type InlineTokenSpan, type FootnoteOpenMeta, type ParseEnv, type Token, parseMarkdownTokens, parseInlineTokens } from './parser';
import { type NormalisedSource, lineEnd, lineStart, normaliseSource, toOriginalOffset } from './source';
import { type HtmlComment, findHtmlComments, resolveSuppressions } from './suppressions';
import {
  type Citation,
  type CitationItem,
  type FootnoteDefinition,
  type FootnoteReference,
  type MarkdownAnalysis,
  PLACEHOLDER,
  type ProseBlock,
  type ProseBlockKind,
} from './types';

export { normalizeFootnoteLabel } from './citations';

type Container = ProseBlock['containers'][number];

/** Source offsets of each character of an inline token's `content`. */
interface ContentMap {
  starts: Int32Array;
  ends: Int32Array;
  /** Where an empty content sits in the source. */
  emptyAt: number;
}

/** A link to an http(s) URL found in a block, before it is filed as a citation or a footnote's URL. */
interface FoundLink {
  span: Span;
  url: string;
}

interface OpenFootnote {
  definition: FootnoteDefinition;
  map: [number, number];
}

interface FootnoteRefFound {
  reference: FootnoteReference;
  insideDefinition: boolean;
}

const HTTP_URL = /^https?:\/\//i;
/** Offsets per shared chunk of finished blocks' offset columns (256 KB). */
const OFFSET_CHUNK_LENGTH = 1 << 16;
// Local copies of CharFlag: hot loops read them per character.
const LITERAL = CharFlag.literal;
const LINK_TEXT = CharFlag.linkText;
const URL_PART = CharFlag.url;
const PLACEHOLDER_FLAG = CharFlag.placeholder;
const LINE_BREAK = CharFlag.lineBreak;

function emptyAnalysis(): MarkdownAnalysis {
  return { blocks: [], citations: [], footnoteDefinitions: [], footnoteReferences: [], suppressions: [] };
}

/**
 * Analyses a Markdown draft. Never throws: should the parser fail on some input, the draft is reported as having
 * no prose rather than breaking the lint.
 */
export function analyzeMarkdown(text: string): MarkdownAnalysis {
  try {
    return analyzeMarkdownStrict(text);
  } catch {
    return emptyAnalysis();
  }
}

/** Front matter: `---` on the first line through a `---` or `...` line. */
function findFrontMatter(src: string, source: NormalisedSource): { span: Span; body: Span } | undefined {
  const start = src.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (!src.startsWith('---', start) || src.slice(start, lineEnd(source, 0)).trimEnd() !== '---') return undefined;
  for (let line = 1; line < source.lineStarts.length; line++) {
    const from = lineStart(source, line);
    const to = lineEnd(source, line);
    const content = src.slice(from, to).trimEnd();
    if (content === '---' || content === '...') {
      return { span: { start, end: to }, body: { start: lineStart(source, 1), end: from } };
    }
  }
  return undefined;
}

/** Like {@link analyzeMarkdown} but lets an internal error escape, so tests can see it. */
export function analyzeMarkdownStrict(original: string): MarkdownAnalysis {
  const source = normaliseSource(original);
  const frontMatter = findFrontMatter(source.text, source);
  let src = source.text;
  if (frontMatter) {
    // Blanking keeps every offset where it was while the parser sees only empty lines.
    const { start, end } = frontMatter.span;
    src = src.slice(0, start) + src.slice(start, end).replace(/[^\n]/g, ' ') + src.slice(end);
  }
  const { tokens, env } = parseMarkdownTokens(src);
  const walker = new Walker(src, source, env);
  walker.walk(tokens);
  const result = walker.finish();
  if (frontMatter) {
    const body = frontMatter.body;
    result.frontMatter = {
      span: walker.toOriginalSpan(frontMatter.span),
      text: original.slice(toOriginalOffset(source, body.start), toOriginalOffset(source, body.end)),
    };
  }
  return result;
}

/**
 * A block's visible characters as they are collected: the text itself, plus growable columns of each character's
 * source and flags, reused from block to block to spare the garbage collector.
 */
class CharBuffer {
  text = '';
  starts = new Int32Array(256);
  ends = new Int32Array(256);
  flags = new Int32Array(256);
  length = 0;

  reset(): void {
    this.text = '';
    this.length = 0;
  }

  /** Adds the source and flags of one character; the caller appends the character itself to `text`. */
  push(start: number, end: number, flag: number): void {
    if (this.length === this.starts.length) this.grow();
    const i = this.length++;
    this.starts[i] = start;
    this.ends[i] = end;
    this.flags[i] = flag;
  }

  /** Adds `count` characters whose sources are consecutive entries of a content map. */
  pushRun(map: ContentMap, from: number, count: number, flag: number): void {
    while (this.length + count > this.starts.length) this.grow();
    const at = this.length;
    if (count < 16) {
      for (let i = 0; i < count; i++) {
        this.starts[at + i] = map.starts[from + i];
        this.ends[at + i] = map.ends[from + i];
      }
    } else {
      this.starts.set(map.starts.subarray(from, from + count), at);
      this.ends.set(map.ends.subarray(from, from + count), at);
    }
    this.flags.fill(flag, at, at + count);
    this.length += count;
  }

  private grow(): void {
    const size = this.starts.length * 2;
    const grown = (old: Int32Array) => {
      const next = new Int32Array(size);
      next.set(old);
      return next;
    };
    this.starts = grown(this.starts);
    this.ends = grown(this.ends);
    this.flags = grown(this.flags);
  }
}

/** Source offset where content offset `from` starts; past the end, where the content ends. */
function sourceStartOf(map: ContentMap, length: number, from: number): number {
  if (from < length) return map.starts[from < 0 ? 0 : from];
  return length > 0 ? map.ends[length - 1] : map.emptyAt;
}

/** Source offset where the content range [from, to) ends; an empty range ends where it starts. */
function sourceEndOf(map: ContentMap, length: number, from: number, to: number): number {
  return to > from && from < length ? map.ends[Math.min(to, length) - 1] : sourceStartOf(map, length, from);
}

/** Copies `source[from, to)` into `target` at `at`; short runs by hand, where a subarray view would cost more. */
function copyRun(source: Int32Array, target: Int32Array, from: number, to: number, at: number): void {
  if (to - from < 16) {
    for (let i = from; i < to; i++) target[at + i - from] = source[i];
  } else {
    target.set(source.subarray(from, to), at);
  }
}

function isAsciiTrimmable(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

function isJsWhitespace(code: number): boolean {
  return code <= 0x20 ? code === 0x20 || (code >= 0x09 && code <= 0x0d) : /\s/.test(String.fromCharCode(code));
}

/** One table cell as markdown-it split it, with its source. */
interface CellSource {
  content: string;
  map: ContentMap;
  span: Span;
}

class Walker {
  private readonly blocks: ProseBlock[] = [];
  private readonly citations: Citation[] = [];
  private readonly definitions: FootnoteDefinition[] = [];
  private readonly references: FootnoteRefFound[] = [];
  private readonly comments: HtmlComment[] = [];
  private readonly containers: Container[] = [];
  private readonly openFootnotes: OpenFootnote[] = [];
  private heading: { level: number; token: Token } | undefined;
  private rowCells: CellSource[] = [];
  private cellIndex = 0;
  private blockKind: ProseBlockKind = 'paragraph';
  private readonly chars = new CharBuffer();
  private mapStarts = new Int32Array(1024);
  private mapEnds = new Int32Array(1024);
  /** (from, to) character indices of the citation markers of the current block, reused from block to block. */
  private readonly replacedRuns: number[] = [];
  /**
   * Finished blocks' offsets are views into shared chunks. Two typed arrays of their own per block meant two
   * separately allocated backing stores per block, which took most of finishBlock's time in a cold process.
   */
  private offsetChunk = new Int32Array(0);
  private offsetChunkUsed = 0;

  constructor(
    private readonly src: string,
    private readonly source: NormalisedSource,
    private readonly env: ParseEnv,
  ) {}

  walk(tokens: Token[]): void {
    for (const token of tokens) {
      switch (token.type) {
        case 'blockquote_open':
          this.containers.push('blockquote');
          break;
        case 'list_item_open':
          this.containers.push('list-item');
          break;
        case 'table_open':
          this.containers.push('table');
          break;
        case 'footnote_open':
          this.containers.push('footnote');
          this.openFootnote(token);
          break;
        case 'blockquote_close':
        case 'list_item_close':
        case 'table_close':
          this.containers.pop();
          break;
        case 'footnote_close':
          this.containers.pop();
          this.closeFootnote();
          break;
        case 'heading_open':
          this.blockKind = 'heading';
          this.heading = { level: Number(token.tag.slice(1)) || 1, token };
          break;
        case 'paragraph_open':
          this.blockKind = 'paragraph';
          this.heading = undefined;
          break;
        case 'tr_open':
          this.rowCells = this.splitRow(token.map ? token.map[0] : 0);
          this.cellIndex = 0;
          break;
        case 'th_open':
        case 'td_open':
          this.blockKind = 'table-cell';
          this.heading = undefined;
          break;
        case 'inline':
          this.inline(token);
          break;
        case 'html_block':
          if (token.map) {
            const from = lineStart(this.source, token.map[0]);
            const to = lineEnd(this.source, token.map[1] - 1);
            this.comments.push(...findHtmlComments(this.src, from, to));
          }
          break;
      }
    }
  }

  private openFootnote(token: Token): void {
    const meta = token.meta as FootnoteOpenMeta;
    const map = (token.map ?? [0, 1]) as [number, number];
    this.openFootnotes.push({
      definition: {
        label: normalizeFootnoteLabel(meta.label),
        span: { start: meta.labelStart, end: meta.labelEnd },
        labelSpan: { start: meta.labelStart, end: meta.labelEnd },
        keys: [],
        urls: [],
      },
      map,
    });
  }

  private closeFootnote(): void {
    const open = this.openFootnotes.pop();
    if (!open) return;
    // The definition ends with its last non-blank line; blank lines after it belong to nobody.
    let end = open.definition.labelSpan.end;
    for (let line = open.map[1] - 1; line >= open.map[0]; line--) {
      const from = lineStart(this.source, line);
      let to = lineEnd(this.source, line);
      while (to > from && isAsciiTrimmable(this.src.charCodeAt(to - 1))) to--;
      if (to > from) {
        end = Math.max(end, to);
        break;
      }
    }
    open.definition.span.end = end;
    this.definitions.push(open.definition);
  }

  /** Reusable columns for a content map of at least `length` characters (a block's map is dropped after it). */
  private scratchMap(length: number): { starts: Int32Array; ends: Int32Array } {
    if (this.mapStarts.length < length) {
      const size = Math.max(length, this.mapStarts.length * 2);
      this.mapStarts = new Int32Array(size);
      this.mapEnds = new Int32Array(size);
    }
    return { starts: this.mapStarts, ends: this.mapEnds };
  }

  /** A zero-filled column of `length` offsets for a finished block, carved from the current chunk. */
  private offsetColumn(length: number): Int32Array {
    if (this.offsetChunkUsed + length > this.offsetChunk.length) {
      // About two offsets per character of the draft in all, so a small draft gets a small chunk.
      this.offsetChunk = new Int32Array(Math.max(length, Math.min(OFFSET_CHUNK_LENGTH, 2 * this.src.length + 64)));
      this.offsetChunkUsed = 0;
    }
    const column = this.offsetChunk.subarray(this.offsetChunkUsed, this.offsetChunkUsed + length);
    this.offsetChunkUsed += length;
    return column;
  }

  /** Maps paragraph or setext heading content, one suffix of a source line per content line. */
  private mapLines(content: string, firstLine: number): ContentMap {
    const { starts, ends } = this.scratchMap(content.length);
    let pieceStart = 0;
    let line = firstLine;
    for (;;) {
      let pieceEnd = content.indexOf('\n', pieceStart);
      const last = pieceEnd === -1;
      if (last) pieceEnd = content.length;
      const from = lineStart(this.source, line);
      let to = lineEnd(this.source, line);
      if (last) while (to > from && isAsciiTrimmable(this.src.charCodeAt(to - 1))) to--;
      let j = pieceEnd - 1;
      let p = to - 1;
      const pieceLength = pieceEnd - pieceStart;
      const pieceFrom = to - pieceLength;
      if (pieceLength > 0 && pieceFrom >= from && this.src.startsWith(content.slice(pieceStart, pieceEnd), pieceFrom)) {
        // The usual case, the whole piece is the end of its line: compared natively, then mapped one to one.
        for (let k = 0; k < pieceLength; k++) {
          starts[pieceStart + k] = pieceFrom + k;
          ends[pieceStart + k] = pieceFrom + k + 1;
        }
        j = pieceStart - 1;
        p = pieceFrom - 1;
      }
      while (j >= pieceStart && p >= from && content.charCodeAt(j) === this.src.charCodeAt(p)) {
        starts[j] = p;
        ends[j] = p + 1;
        j--;
        p--;
      }
      // Whatever is left are the spaces markdown-it put in for a partly consumed tab.
      const tab = Math.max(from, Math.min(p, to - 1));
      for (; j >= pieceStart; j--) {
        starts[j] = tab;
        ends[j] = Math.max(tab, Math.min(tab + 1, to));
      }
      if (last) break;
      starts[pieceEnd] = to;
      ends[pieceEnd] = Math.min(to + 1, this.src.length);
      pieceStart = pieceEnd + 1;
      line++;
    }
    return { starts, ends, emptyAt: lineStart(this.source, firstLine) };
  }

  /** Maps content that is one contiguous run of the source starting at `from`. */
  private mapContiguous(content: string, from: number): ContentMap {
    const { starts, ends } = this.scratchMap(content.length);
    for (let i = 0; i < content.length; i++) {
      starts[i] = from + i;
      ends[i] = from + i + 1;
    }
    return { starts, ends, emptyAt: from };
  }

  /** ATX heading content: the text after the opening `#` run, on one line. */
  private mapAtxHeading(content: string, line: number): { map: ContentMap; span: Span } {
    const from = lineStart(this.source, line);
    let to = lineEnd(this.source, line);
    while (to > from && isAsciiTrimmable(this.src.charCodeAt(to - 1))) to--;
    let hash = this.src.indexOf('#', from);
    if (hash === -1 || hash >= to) hash = from;
    let start = hash;
    while (start < to && this.src.charCodeAt(start) === 0x23) start++;
    while (start < to && (this.src.charCodeAt(start) === 0x20 || this.src.charCodeAt(start) === 0x09)) start++;
    if (content && !this.src.startsWith(content, start)) {
      const found = this.src.indexOf(content, hash);
      if (found !== -1 && found < to) start = found;
    }
    return { map: this.mapContiguous(content, start), span: { start: hash, end: to } };
  }

  /** Splits a table row exactly as markdown-it does (unescaped pipes; `\|` is a pipe), keeping offsets. */
  private splitRow(line: number): CellSource[] {
    const src = this.src;
    let from = this.env.tableRowStarts.get(line) ?? lineStart(this.source, line);
    let to = lineEnd(this.source, line);
    while (from < to && isJsWhitespace(src.charCodeAt(from))) from++;
    while (to > from && isJsWhitespace(src.charCodeAt(to - 1))) to--;
    const segments: Array<[number, number]> = [];
    let segmentStart = from;
    for (let p = from; p < to; p++) {
      if (src.charCodeAt(p) === 0x7c && !(p > from && src.charCodeAt(p - 1) === 0x5c)) {
        segments.push([segmentStart, p]);
        segmentStart = p + 1;
      }
    }
    segments.push([segmentStart, to]);
    if (segments.length && segments[0][0] === segments[0][1]) segments.shift();
    if (segments.length && segments[segments.length - 1][0] === segments[segments.length - 1][1]) segments.pop();
    return segments.map(([start, end]) => {
      while (start < end && isJsWhitespace(src.charCodeAt(start))) start++;
      while (end > start && isJsWhitespace(src.charCodeAt(end - 1))) end--;
      // At most one content character per source character; the columns may be longer than the content.
      const starts = new Int32Array(end - start);
      const ends = new Int32Array(end - start);
      let content = '';
      let copiedFrom = start;
      let k = 0;
      for (let p = start; p < end; p++) {
        starts[k] = p;
        if (src.charCodeAt(p) === 0x5c && src.charCodeAt(p + 1) === 0x7c && p + 1 < end) {
          // `\|` is a pipe that came from two characters.
          content += src.slice(copiedFrom, p) + '|';
          ends[k++] = p + 2;
          p++;
          copiedFrom = p + 1;
        } else {
          ends[k++] = p + 1;
        }
      }
      content += src.slice(copiedFrom, end);
      return { content, map: { starts, ends, emptyAt: start }, span: { start, end } };
    });
  }

  private inline(token: Token): void {
    const content = token.content;
    const firstLine = token.map ? token.map[0] : 0;
    let map: ContentMap;
    let span: Span;
    let level = 0;
    const kind = this.blockKind;
    if (kind === 'table-cell') {
      const cell = this.rowCells[this.cellIndex++];
      if (cell && cell.content.length === content.length) {
        map = cell.map;
        span = cell.span;
      } else {
        // A cell markdown-it filled in for a short row: it has no source of its own.
        const at = cell ? cell.span.end : lineEnd(this.source, firstLine);
        map = this.mapContiguous('', at);
        span = { start: at, end: at };
      }
    } else if (kind === 'heading' && this.heading) {
      level = this.heading.level;
      const markup = this.heading.token.markup;
      if (markup === '=' || markup === '-') {
        map = this.mapLines(content, firstLine);
        const underline = (this.heading.token.map ?? [firstLine, firstLine + 1])[1] - 1;
        let end = lineEnd(this.source, underline);
        while (end > 0 && isAsciiTrimmable(this.src.charCodeAt(end - 1))) end--;
        span = { start: content.length ? map.starts[0] : map.emptyAt, end: Math.max(end, content.length ? map.starts[0] : map.emptyAt) };
      } else {
        ({ map, span } = this.mapAtxHeading(content, firstLine));
      }
    } else {
      map = this.mapLines(content, firstLine);
      span = content.length ? { start: map.starts[0], end: map.ends[content.length - 1] } : { start: map.emptyAt, end: map.emptyAt };
    }
    const links: FoundLink[] = [];
    this.collectChars(token, map, links);
    this.finishBlock(kind, level, span, links);
  }

  /** Walks the inline tokens alongside their source, collecting every visible character and its origin. */
  private collectChars(token: Token, map: ContentMap, links: FoundLink[]): void {
    const content = token.content;
    const length = content.length;
    const mapStarts = map.starts;
    const mapEnds = map.ends;
    const chars = this.chars;
    chars.reset();
    const frames: Array<{ meta: InlineTokenSpan; citationLike: boolean; href: string }> = [];
    let cursor = 0;
    let linkDepth = 0;
    let skippingAutolink = false;

    for (const child of parseInlineTokens(token, this.env)) {
      if (skippingAutolink) {
        if (child.type === 'link_close') skippingAutolink = false;
        continue;
      }
      const meta = child.meta as InlineTokenSpan | null;
      const inLink = linkDepth > 0 ? LINK_TEXT : 0;
      switch (child.type) {
        case 'text': {
          const text = child.content;
          const flag = LITERAL | inLink;
          if (cursor + text.length <= length && content.startsWith(text, cursor)) {
            // The usual case: the text is the next run of the content.
            chars.pushRun(map, cursor, text.length, flag);
            cursor += text.length;
            chars.text += text;
            break;
          }
          for (let i = 0; i < text.length; i++) {
            const code = text.charCodeAt(i);
            if (content.charCodeAt(cursor) !== code) {
              // Only reordered delimiters (odd `~` runs) get here; find the character further on.
              const found = content.indexOf(text[i], cursor);
              if (found !== -1) cursor = found;
            }
            if (cursor < length) {
              chars.push(mapStarts[cursor], mapEnds[cursor], flag);
              cursor++;
            } else {
              const at = sourceStartOf(map, length, length);
              chars.push(at, at, flag);
            }
          }
          chars.text += text;
          break;
        }
        case 'text_special': {
          const from = meta ? meta.start : cursor;
          const to = meta ? meta.end : cursor + child.markup.length;
          const text = child.content;
          if (text === content.slice(from, to)) {
            for (let i = 0; i < text.length; i++) {
              chars.push(sourceStartOf(map, length, from + i), sourceEndOf(map, length, from + i, from + i + 1), inLink);
            }
          } else {
            // A decoded reference or escape: every character stands for the whole run.
            const start = sourceStartOf(map, length, from);
            const end = sourceEndOf(map, length, from, to);
            for (let i = 0; i < text.length; i++) chars.push(start, end, inLink);
          }
          chars.text += text;
          cursor = to;
          break;
        }
        case 'softbreak':
        case 'hardbreak': {
          const from = meta ? meta.start : cursor;
          let newline = content.indexOf('\n', from);
          if (newline === -1 || (meta && newline >= meta.end)) newline = from;
          chars.push(sourceStartOf(map, length, newline), sourceEndOf(map, length, newline, newline + 1), LINE_BREAK | inLink);
          chars.text += ' ';
          cursor = meta ? meta.end : newline + 1;
          break;
        }
        case 'code_inline':
        case 'math_inline':
        case 'image':
        case 'html_inline': {
          const from = meta ? meta.start : cursor;
          const to = meta ? meta.end : cursor;
          const start = sourceStartOf(map, length, from);
          const end = sourceEndOf(map, length, from, to);
          if (child.type === 'html_inline' && child.content.startsWith('<!--')) {
            // A comment renders as nothing; it may still be a suppression directive.
            const body = child.content.slice(4, child.content.endsWith('-->') ? -3 : undefined);
            this.comments.push({ span: { start, end }, body });
          } else {
            chars.push(start, end, PLACEHOLDER_FLAG | inLink);
            chars.text += PLACEHOLDER.code;
          }
          cursor = to;
          break;
        }
        case 'em_open':
        case 'em_close':
        case 'strong_open':
        case 'strong_close':
        case 's_open':
        case 's_close':
          if (content.startsWith(child.markup, cursor)) cursor += child.markup.length;
          break;
        case 'link_open': {
          const href = child.attrGet('href') ?? '';
          const linkMeta: InlineTokenSpan = meta ?? { start: cursor, end: cursor };
          const { start, end } = linkMeta;
          if (child.markup === 'autolink') {
            for (let i = start + 1; i < end - 1; i++) {
              chars.push(sourceStartOf(map, length, i), sourceEndOf(map, length, i, i + 1), URL_PART | LINK_TEXT);
            }
            if (end - 1 > start + 1) chars.text += content.slice(start + 1, end - 1);
            if (HTTP_URL.test(href)) {
              links.push({ span: { start: sourceStartOf(map, length, start), end: sourceEndOf(map, length, start, end) }, url: href });
            }
            skippingAutolink = true;
            cursor = end;
            break;
          }
          const labelEnd = linkMeta.labelEnd ?? end;
          const inlineLink = content.charCodeAt(labelEnd + 1) === 0x28 && end > labelEnd + 1;
          // `[@key]` matched against a reference definition is still a citation, never a link.
          const citationLike = !inlineLink && content.slice(start + 1, labelEnd).includes('@');
          frames.push({ meta: linkMeta, citationLike, href });
          if (citationLike) {
            chars.push(sourceStartOf(map, length, start), sourceEndOf(map, length, start, start + 1), LITERAL);
            chars.text += '[';
          } else {
            linkDepth++;
          }
          cursor = start + 1;
          break;
        }
        case 'link_close': {
          const frame = frames.pop();
          if (!frame) break;
          const { start, end } = frame.meta;
          if (frame.citationLike) {
            // The `]` stands for the rest of the reference link too, so the citation covers all of it.
            const labelEnd = frame.meta.labelEnd ?? end;
            chars.push(sourceStartOf(map, length, labelEnd), sourceEndOf(map, length, labelEnd, end), LITERAL);
            chars.text += ']';
          } else {
            linkDepth--;
            if (HTTP_URL.test(frame.href)) {
              links.push({ span: { start: sourceStartOf(map, length, start), end: sourceEndOf(map, length, start, end) }, url: frame.href });
            }
          }
          cursor = end;
          break;
        }
      }
    }
  }

  /** Finds citations and footnote references in a block's characters and files the block and what it cites. */
  private finishBlock(kind: ProseBlockKind, level: number, span: Span, links: FoundLink[]): void {
    const { starts, ends, flags, text } = this.chars;
    const count = this.chars.length;
    const found: Citation[] = [];
    const footnote = this.openFootnotes[this.openFootnotes.length - 1];

    for (const url of findBareUrls(text, flags)) {
      for (let i = url.from; i < url.to; i++) flags[i] |= URL_PART;
      links.push({ span: { start: starts[url.from], end: ends[url.to - 1] }, url: url.url });
    }

    // Citation markers start with a literal `[` or `@`, which are rare in prose: jump from one to the next with
    // indexOf instead of testing every character in JavaScript, which ran mostly unoptimised in a one-shot process.
    // Each marker that becomes a placeholder is recorded as a (from, to) pair of character indices.
    const replaced = this.replacedRuns;
    replaced.length = 0;
    let nextBracket = text.indexOf('[');
    let nextAt = text.indexOf('@');
    for (;;) {
      const i = nextAt === -1 || (nextBracket !== -1 && nextBracket < nextAt) ? nextBracket : nextAt;
      if (i === -1 || i >= count) break;
      const flag = flags[i];
      let markerEnd = -1;
      if (flag & LITERAL && !(flag & URL_PART)) {
        let citation: FoundCitation | undefined;
        if (i === nextBracket) {
          const referenceEnd = scanFootnoteReference(text, flags, i);
          if (referenceEnd !== -1) {
            const label = normalizeFootnoteLabel(text.slice(i + 2, referenceEnd - 1));
            this.references.push({
              reference: { label, span: { start: starts[i], end: ends[referenceEnd - 1] } },
              insideDefinition: footnote !== undefined,
            });
            markerEnd = referenceEnd;
          } else if (!(flag & LINK_TEXT)) {
            const close = findClosingBracket(text, flags, i);
            if (close !== -1) citation = parseBracketCitation(text, flags, i, close);
          }
        } else if (!(flag & LINK_TEXT)) {
          citation = parseInTextCitation(text, flags, i);
        }
        if (citation) {
          found.push({
            kind: citation.kind,
            span: { start: starts[citation.from], end: ends[citation.to - 1] },
            items: citation.items.map((item) => {
              const mapped: CitationItem = { key: item.key, keySpan: { start: starts[item.keyFrom], end: ends[item.keyTo - 1] }, suppressAuthor: item.suppressAuthor };
              if (item.prefix !== undefined) mapped.prefix = item.prefix;
              if (item.locator !== undefined) mapped.locator = item.locator;
              return mapped;
            }),
          });
          markerEnd = citation.to;
        }
      }
      if (markerEnd === -1) {
        if (i === nextBracket) nextBracket = text.indexOf('[', i + 1);
        else nextAt = text.indexOf('@', i + 1);
      } else {
        replaced.push(i, markerEnd);
        nextBracket = text.indexOf('[', markerEnd);
        nextAt = text.indexOf('@', markerEnd);
      }
    }

    if (footnote) {
      for (const citation of found) footnote.definition.keys.push(...citation.items);
      for (const link of links.sort((a, b) => a.span.start - b.span.start)) footnote.definition.urls.push(link.url);
    } else {
      for (const link of links) found.push({ kind: 'link', span: link.span, items: [], url: link.url });
      if (links.length) found.sort((a, b) => a.span.start - b.span.start);
      for (const citation of found) this.citations.push(citation);
    }

    // The block's own text: the collected text with each citation marker replaced by one placeholder, and its
    // offsets as two typed arrays of the exact length (fewer objects for the garbage collector to walk).
    let blockText = text;
    let sourceStarts: Int32Array;
    let sourceEnds: Int32Array;
    if (replaced.length === 0) {
      sourceStarts = this.offsetColumn(count);
      sourceEnds = this.offsetColumn(count);
      copyRun(starts, sourceStarts, 0, count, 0);
      copyRun(ends, sourceEnds, 0, count, 0);
    } else {
      let outLength = count;
      for (let k = 0; k < replaced.length; k += 2) outLength -= replaced[k + 1] - replaced[k] - 1;
      sourceStarts = this.offsetColumn(outLength);
      sourceEnds = this.offsetColumn(outLength);
      blockText = '';
      let copiedUpTo = 0;
      let out = 0;
      for (let k = 0; k < replaced.length; k += 2) {
        const from = replaced[k];
        const to = replaced[k + 1];
        copyRun(starts, sourceStarts, copiedUpTo, from, out);
        copyRun(ends, sourceEnds, copiedUpTo, from, out);
        out += from - copiedUpTo;
        sourceStarts[out] = starts[from];
        sourceEnds[out++] = ends[to - 1];
        blockText += text.slice(copiedUpTo, from) + PLACEHOLDER.citation;
        copiedUpTo = to;
      }
      copyRun(starts, sourceStarts, copiedUpTo, count, out);
      copyRun(ends, sourceEnds, copiedUpTo, count, out);
      blockText += text.slice(copiedUpTo);
    }
    const block: ProseBlock = {
      kind,
      level: kind === 'heading' ? level : 0,
      span,
      text: blockText,
      sourceStarts,
      sourceEnds,
      containers: [...this.containers],
    };
    if (footnote) block.footnoteLabel = footnote.definition.label;
    this.blocks.push(block);
  }

  /** Maps a normalised span to the original text. */
  toOriginalSpan(span: Span): Span {
    return { start: toOriginalOffset(this.source, span.start), end: toOriginalOffset(this.source, span.end) };
  }

  finish(): MarkdownAnalysis {
    const byLabel = new Map<string, FootnoteDefinition>();
    for (const definition of this.definitions) if (!byLabel.has(definition.label)) byLabel.set(definition.label, definition);

    const citations = [...this.citations];
    for (const { reference, insideDefinition } of this.references) {
      const definition = byLabel.get(reference.label);
      if (insideDefinition || !definition || (definition.keys.length === 0 && definition.urls.length === 0)) continue;
      citations.push({
        kind: 'footnote',
        span: reference.span,
        items: definition.keys,
        ...(definition.urls.length ? { url: definition.urls[0] } : {}),
        footnoteLabel: reference.label,
      });
    }
    citations.sort((a, b) => a.span.start - b.span.start);

    const comments = [...this.comments].sort((a, b) => a.span.start - b.span.start);
    const suppressions = resolveSuppressions(this.source, comments);

    const analysis: MarkdownAnalysis = {
      blocks: this.blocks,
      citations,
      footnoteDefinitions: this.definitions.sort((a, b) => a.span.start - b.span.start),
      footnoteReferences: this.references.map(({ reference }) => reference),
      suppressions,
    };
    if (this.source.originalOffsets) this.mapToOriginal(analysis);
    return analysis;
  }

  /** Rewrites every offset of the analysis (all still normalised) in place into offsets of the original text. */
  private mapToOriginal(analysis: MarkdownAnalysis): void {
    const source = this.source;
    const seen = new Set<Span>();
    const map = (span: Span) => {
      // Footnote citations share their items with the definition: map each span object once.
      if (seen.has(span)) return;
      seen.add(span);
      span.start = toOriginalOffset(source, span.start);
      span.end = toOriginalOffset(source, span.end);
    };
    for (const block of analysis.blocks) {
      map(block.span);
      for (let i = 0; i < block.sourceStarts.length; i++) {
        block.sourceStarts[i] = toOriginalOffset(source, block.sourceStarts[i]);
        block.sourceEnds[i] = toOriginalOffset(source, block.sourceEnds[i]);
      }
    }
    for (const citation of analysis.citations) {
      map(citation.span);
      for (const item of citation.items) map(item.keySpan);
    }
    for (const definition of analysis.footnoteDefinitions) {
      map(definition.span);
      map(definition.labelSpan);
      for (const key of definition.keys) map(key.keySpan);
    }
    for (const reference of analysis.footnoteReferences) map(reference.span);
    for (const suppression of analysis.suppressions) {
      map(suppression.span);
      map(suppression.commentSpan);
    }
  }
}
