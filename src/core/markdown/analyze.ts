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
import { type InlineTokenSpan, type FootnoteOpenMeta, type ParseEnv, type Token, parseMarkdownTokens, readPlainInline, parseInlineTokens } from './parser';
import { type NormalisedSource, lineEnd, lineStart, normaliseSource, toOriginalOffset } from './source';
import { type HtmlComment, findHtmlComments, resolveSuppressions } from './suppressions';
import {
  type Citation,
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

/** How the analysis runs; only tests set it. */
export interface AnalysisOptions {
  /**
   * Run markdown-it's inline parser on every block, even where the content is plain (readPlainInline): the slow
   * path the plain one must agree with.
   */
  parseEveryInline?: boolean;
}

/** Like {@link analyzeMarkdown} but lets an internal error escape, so tests can see it. */
export function analyzeMarkdownStrict(original: string, options: AnalysisOptions = {}): MarkdownAnalysis {
  const source = normaliseSource(original);
  const frontMatter = findFrontMatter(source.text, source);
  let src = source.text;
  if (frontMatter) {
    // Blanking keeps every offset where it was while the parser sees only empty lines.
    const { start, end } = frontMatter.span;
    src = src.slice(0, start) + src.slice(start, end).replace(/[^\n]/g, ' ') + src.slice(end);
  }
  const { tokens, env } = parseMarkdownTokens(src);
  const walker = new Walker(src, source, env, options.parseEveryInline === true);
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
 * A block's visible characters as they are collected: the text itself, each character's source offsets and its
 * flags. The offsets are written straight into the free part of shared chunks, where the finished block's offset
 * columns then stay as views (finishing a block copies nothing; only the characters after a citation marker move
 * left). Two typed arrays of their own per block meant two separately allocated backing stores per block, and
 * copying each block's offsets from a scratch buffer into them was a third pass over every character.
 */
class CharBuffer {
  text = '';
  /** The current chunks; the block being collected starts at `base`. */
  starts: Int32Array;
  ends: Int32Array;
  base = 0;
  /** Flags of the block's characters, from index 0, reused from block to block. */
  flags = new Int32Array(256);
  length = 0;

  /** `chunkLength`: offsets per chunk (about one per character of the draft in all, so a small draft gets a small chunk). */
  constructor(private readonly chunkLength: number) {
    this.starts = new Int32Array(chunkLength);
    this.ends = new Int32Array(chunkLength);
  }

  reset(): void {
    this.text = '';
    this.length = 0;
  }

  /** Makes room for `count` more characters. */
  reserve(count: number): void {
    const needed = this.length + count;
    if (this.base + needed > this.starts.length) {
      // A new pair of chunks; the characters collected so far move along.
      const size = Math.max(this.chunkLength, 2 * needed);
      const starts = new Int32Array(size);
      const ends = new Int32Array(size);
      starts.set(this.starts.subarray(this.base, this.base + this.length));
      ends.set(this.ends.subarray(this.base, this.base + this.length));
      this.starts = starts;
      this.ends = ends;
      this.base = 0;
    }
    if (needed > this.flags.length) {
      const flags = new Int32Array(Math.max(needed, 2 * this.flags.length));
      flags.set(this.flags.subarray(0, this.length));
      this.flags = flags;
    }
  }

  /** Adds the source and flags of one character; the caller appends the character itself to `text`. */
  push(start: number, end: number, flag: number): void {
    this.reserve(1);
    const i = this.length++;
    this.starts[this.base + i] = start;
    this.ends[this.base + i] = end;
    this.flags[i] = flag;
  }

  /** Adds `count` characters whose sources are consecutive entries of a content map. */
  pushRun(map: ContentMap, from: number, count: number, flag: number): void {
    this.reserve(count);
    const at = this.base + this.length;
    const starts = this.starts;
    const ends = this.ends;
    const mapStarts = map.starts;
    const mapEnds = map.ends;
    for (let i = 0; i < count; i++) {
      starts[at + i] = mapStarts[from + i];
      ends[at + i] = mapEnds[from + i];
    }
    this.flags.fill(flag, this.length, this.length + count);
    this.length += count;
  }

  /** The first `count` offsets of the block as its two columns; the next block starts after them. */
  claim(count: number): { starts: Int32Array; ends: Int32Array } {
    const columns = { starts: this.starts.subarray(this.base, this.base + count), ends: this.ends.subarray(this.base, this.base + count) };
    this.base += count;
    this.length = 0;
    return columns;
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

/** Moves the offsets [from, to) of both columns to `at` (at <= from); short runs by hand, long ones natively. */
function moveLeft(starts: Int32Array, ends: Int32Array, from: number, to: number, at: number): void {
  if (at === from) return;
  if (to - from < 16) {
    for (let i = from; i < to; i++) {
      starts[at + i - from] = starts[i];
      ends[at + i - from] = ends[i];
    }
  } else {
    starts.copyWithin(at, from, to);
    ends.copyWithin(at, from, to);
  }
}

function isAsciiTrimmable(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

function isJsWhitespace(code: number): boolean {
  return code <= 0x20 ? code === 0x20 || (code >= 0x09 && code <= 0x0d) : /\s/.test(String.fromCharCode(code));
}

/** One table cell as markdown-it split it: its source, trimmed, and the length of markdown-it's content for it. */
interface CellSource {
  span: Span;
  contentLength: number;
}

/** The length of a cell's content once each `\|` in its source has become a `|` (as markdown-it's split does). */
function cellContentLength(src: string, start: number, end: number): number {
  let length = end - start;
  // Searched in the cell only: an unbounded indexOf ran to the end of the draft for every cell without a backslash.
  const cell = src.slice(start, end);
  let backslash = cell.indexOf('\\');
  while (backslash !== -1) {
    if (cell.charCodeAt(backslash + 1) === 0x7c) {
      length--;
      backslash = cell.indexOf('\\', backslash + 2);
    } else {
      backslash = cell.indexOf('\\', backslash + 1);
    }
  }
  return length;
}

/**
 * `ramp[i] === i` for every index: one per process, shared by every analysis and grown (by doubling) only when a
 * longer source comes, since only its contents matter and nothing writes to it. Filling it is a loop over every
 * offset of the source; a CLI run over many drafts and the editor, which analyses a draft again on every pause in
 * typing, now fill it once instead of once per analysis.
 */
let sharedRamp = new Int32Array(0);

/** The shared identity ramp, at least `length` long. */
function identityRamp(length: number): Int32Array {
  if (sharedRamp.length < length) {
    const filled = sharedRamp.length;
    const ramp = new Int32Array(Math.max(length, 2 * filled));
    ramp.set(sharedRamp);
    fillRamp(ramp, filled);
    sharedRamp = ramp;
  }
  return sharedRamp;
}

/**
 * Writes `ramp[i] = i` from `from` on. A function of its own: the loop is optimised on the spot (on-stack
 * replacement) in a long draft, and the optimised code then ends with the loop instead of running into code of the
 * caller it has no feedback for, which threw the optimised code away again.
 */
function fillRamp(ramp: Int32Array, from: number): void {
  for (let i = from; i < ramp.length; i++) ramp[i] = i;
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
  private readonly chars: CharBuffer;
  /** The content map of a block that goes through markdown-it's inline parser, reused from block to block. */
  private mapStarts = new Int32Array(1024);
  private mapEnds = new Int32Array(1024);
  /** (from, to) character indices of the citation markers of the current block, reused from block to block. */
  private readonly replacedRuns: number[] = [];
  /** The pieces of the current block's text around its citation markers (finishBlock), reused from block to block. */
  private readonly textPieces: string[] = [];
  /** The plain inline links of the current block (see readPlainInline), reused from block to block. */
  private readonly plainLinks: number[] = [];
  /**
   * `ramp[i] === i` for every offset of the source and one past its end (and maybe beyond: see identityRamp). Most
   * characters of prose come one to one from a run of the source, and their offsets are then copied natively from it
   * (`set` of a view) instead of being written one by one in JavaScript, the largest part of the walk in cold profiles.
   */
  private readonly ramp: Int32Array;

  constructor(
    private readonly src: string,
    private readonly source: NormalisedSource,
    private readonly env: ParseEnv,
    private readonly parseEveryInline: boolean,
  ) {
    this.chars = new CharBuffer(Math.min(OFFSET_CHUNK_LENGTH, src.length + 64));
    this.ramp = identityRamp(src.length + 2);
  }

  /** Writes the offsets of `length` characters that are the source run starting at `from`, one to one, at `at`. */
  private mapRun(from: number, length: number, starts: Int32Array, ends: Int32Array, at: number): void {
    if (length <= 0) return;
    starts.set(this.ramp.subarray(from, from + length), at);
    ends.set(this.ramp.subarray(from + 1, from + 1 + length), at);
  }

  /**
   * The loop over the tokens is kept to one call: V8 counts a loop's whole body against its optimisation budget at
   * every iteration, and with the switch inside it a long draft's walk was optimised on the spot (on-stack
   * replacement, inlining the table-row code), which cost about 60 M instructions of compilation to save 9 M.
   */
  walk(tokens: Token[]): void {
    for (let index = 0; index < tokens.length; index++) this.visit(tokens[index]);
  }

  /** Files one token: opens and closes containers, notes the kind of the next block, walks a block's inline content. */
  private visit(token: Token): void {
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

  /**
   * Maps paragraph or setext heading content, one suffix of a source line per content line: the source of content
   * offset i goes to starts[at + i] and ends[at + i]. Returns where an empty content sits.
   */
  private mapLines(content: string, firstLine: number, starts: Int32Array, ends: Int32Array, at: number): number {
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
      // The usual case, the whole piece is the end of its line: compared natively, then mapped one to one. Two slices
      // compared with `===` (a memory comparison) cost a third of `startsWith` on a long piece, which compared the
      // draft's every line of prose character by character: about 8% of the Markdown analysis' instructions.
      if (pieceLength > 0 && pieceFrom >= from && this.src.slice(pieceFrom, to) === content.slice(pieceStart, pieceEnd)) {
        this.mapRun(pieceFrom, pieceLength, starts, ends, at + pieceStart);
        j = pieceStart - 1;
        p = pieceFrom - 1;
      }
      while (j >= pieceStart && p >= from && content.charCodeAt(j) === this.src.charCodeAt(p)) {
        starts[at + j] = p;
        ends[at + j] = p + 1;
        j--;
        p--;
      }
      // Whatever is left are the spaces markdown-it put in for a partly consumed tab.
      const tab = Math.max(from, Math.min(p, to - 1));
      for (; j >= pieceStart; j--) {
        starts[at + j] = tab;
        ends[at + j] = Math.max(tab, Math.min(tab + 1, to));
      }
      if (last) break;
      starts[at + pieceEnd] = to;
      ends[at + pieceEnd] = Math.min(to + 1, this.src.length);
      pieceStart = pieceEnd + 1;
      line++;
    }
    return lineStart(this.source, firstLine);
  }

  /** Maps `length` characters of content that are one contiguous run of the source starting at `from`. */
  private mapContiguous(length: number, from: number, starts: Int32Array, ends: Int32Array, at: number): void {
    // An ATX heading's content may run past the end of the draft in theory; only real offsets come from the ramp.
    const inSource = Math.max(0, Math.min(length, this.src.length + 1 - from));
    this.mapRun(from, inSource, starts, ends, at);
    for (let i = inSource; i < length; i++) {
      starts[at + i] = from + i;
      ends[at + i] = from + i + 1;
    }
  }

  /** Maps a table cell's content: its source, with each `\|` standing for one `|`. */
  private mapCell(span: Span, starts: Int32Array, ends: Int32Array, at: number): void {
    const cell = this.src.slice(span.start, span.end);
    let k = at;
    let from = 0;
    for (let escape = cell.indexOf('\\|'); escape !== -1; escape = cell.indexOf('\\|', from)) {
      this.mapRun(span.start + from, escape - from, starts, ends, k);
      k += escape - from;
      // `\|` is a pipe that came from two characters.
      starts[k] = span.start + escape;
      ends[k] = span.start + escape + 2;
      k++;
      from = escape + 2;
    }
    this.mapRun(span.start + from, cell.length - from, starts, ends, k);
  }

  /** ATX heading content: the text after the opening `#` run, on one line. */
  private atxHeading(content: string, line: number): { contentStart: number; span: Span } {
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
    return { contentStart: start, span: { start: hash, end: to } };
  }

  /**
   * Splits a table row exactly as markdown-it does (unescaped pipes; `\|` is a pipe), keeping offsets. A cell's
   * offsets are mapped only when its inline content is reached (mapCell).
   */
  private splitRow(line: number): CellSource[] {
    const src = this.src;
    let from = this.env.tableRowStarts.get(line) ?? lineStart(this.source, line);
    let to = lineEnd(this.source, line);
    while (from < to && isJsWhitespace(src.charCodeAt(from))) from++;
    while (to > from && isJsWhitespace(src.charCodeAt(to - 1))) to--;
    const segments: Array<[number, number]> = [];
    let segmentStart = from;
    for (let pipe = src.indexOf('|', from); pipe !== -1 && pipe < to; pipe = src.indexOf('|', pipe + 1)) {
      if (!(pipe > from && src.charCodeAt(pipe - 1) === 0x5c)) {
        segments.push([segmentStart, pipe]);
        segmentStart = pipe + 1;
      }
    }
    segments.push([segmentStart, to]);
    if (segments.length && segments[0][0] === segments[0][1]) segments.shift();
    if (segments.length && segments[segments.length - 1][0] === segments[segments.length - 1][1]) segments.pop();
    return segments.map(([start, end]) => {
      while (start < end && isJsWhitespace(src.charCodeAt(start))) start++;
      while (end > start && isJsWhitespace(src.charCodeAt(end - 1))) end--;
      return { span: { start, end }, contentLength: cellContentLength(src, start, end) };
    });
  }

  private inline(token: Token): void {
    const content = token.content;
    const length = content.length;
    const firstLine = token.map ? token.map[0] : 0;
    const kind = this.blockKind;
    // Content without inline syntax has its offsets written straight where the block's offset columns will be
    // (collectPlainChars); any other is mapped into a scratch map for the walk over markdown-it's inline tokens.
    const cell = kind === 'table-cell' ? this.rowCells[this.cellIndex++] : undefined;
    // A cell markdown-it filled in for a short row has no source of its own (nor, then, any content).
    const sourceless = kind === 'table-cell' && !(cell && cell.contentLength === length);
    const plain = !(sourceless && length > 0) && !this.parseEveryInline && readPlainInline(content, this.env, this.plainLinks);
    let starts: Int32Array;
    let ends: Int32Array;
    let at = 0;
    if (plain) {
      this.chars.reset();
      this.chars.reserve(length);
      ({ starts, ends, base: at } = this.chars);
    } else if (sourceless) {
      // Content with no source is read through an empty map, as it always was.
      starts = this.mapStarts;
      ends = this.mapEnds;
    } else {
      ({ starts, ends } = this.scratchMap(length));
    }
    let emptyAt: number;
    let span: Span;
    let level = 0;
    if (kind === 'table-cell') {
      if (cell && !sourceless) {
        this.mapCell(cell.span, starts, ends, at);
        emptyAt = cell.span.start;
        span = cell.span;
      } else {
        emptyAt = cell ? cell.span.end : lineEnd(this.source, firstLine);
        span = { start: emptyAt, end: emptyAt };
      }
    } else if (kind === 'heading' && this.heading) {
      level = this.heading.level;
      const markup = this.heading.token.markup;
      if (markup === '=' || markup === '-') {
        emptyAt = this.mapLines(content, firstLine, starts, ends, at);
        const underline = (this.heading.token.map ?? [firstLine, firstLine + 1])[1] - 1;
        let end = lineEnd(this.source, underline);
        while (end > 0 && isAsciiTrimmable(this.src.charCodeAt(end - 1))) end--;
        const start = length ? starts[at] : emptyAt;
        span = { start, end: Math.max(end, start) };
      } else {
        const heading = this.atxHeading(content, firstLine);
        this.mapContiguous(length, heading.contentStart, starts, ends, at);
        emptyAt = heading.contentStart;
        span = heading.span;
      }
    } else {
      emptyAt = this.mapLines(content, firstLine, starts, ends, at);
      span = length ? { start: starts[at], end: ends[at + length - 1] } : { start: emptyAt, end: emptyAt };
    }
    const links: FoundLink[] = [];
    if (plain) this.collectPlainChars(content, links);
    else this.collectChars(token, { starts, ends, emptyAt }, links);
    this.finishBlock(kind, level, span, links);
  }

  /**
   * What collectChars would collect from content that markdown-it's inline parser turns into nothing but text,
   * line breaks and plain inline links (readPlainInline, which listed the links in `plainLinks`), whose offsets
   * `inline` has already written in place: each line as it is, less the spaces its line break drops (spaces, not
   * tabs, before it; spaces and tabs after it); one space per line break; of a link, only its text. No parse, no
   * tokens: most blocks of prose take this path.
   */
  private collectPlainChars(content: string, links: FoundLink[]): void {
    const chars = this.chars;
    if (this.plainLinks.length > 0 || content.includes('\n')) {
      // Kept apart so that the usual case, one line without links, stays small for the compiler.
      this.collectPlainLines(content, links);
      return;
    }
    chars.flags.fill(LITERAL, 0, content.length);
    chars.length = content.length;
    chars.text = content;
  }

  /**
   * collectPlainChars for content with line breaks or links, into the empty buffer `inline` reset. The kept runs are
   * appended by a method rather than a closure made per block: its context and the closure's own optimised code cost
   * about 15 M instructions on a draft of hard-wrapped lines.
   */
  private collectPlainLines(content: string, links: FoundLink[]): void {
    const chars = this.chars;
    const length = content.length;
    let newline = content.indexOf('\n');
    const plainLinks = this.plainLinks;
    const { starts, ends, flags, base } = chars;
    let nextLink = 0;
    let lineStart = 0;
    for (;;) {
      const last = newline === -1;
      let lineEnd = last ? length : newline;
      // markdown-it's newline rule drops the spaces that end the text before a line break…
      if (!last) while (lineEnd > lineStart && content.charCodeAt(lineEnd - 1) === 0x20) lineEnd--;
      let from = lineStart;
      while (nextLink < plainLinks.length && plainLinks[nextLink] < lineEnd) {
        const open = plainLinks[nextLink];
        const labelEnd = plainLinks[nextLink + 1];
        const end = plainLinks[nextLink + 2];
        nextLink += 3;
        // Read before the link's text moves over them.
        const span = { start: starts[base + open], end: ends[base + end - 1] };
        this.keepRun(content, from, open, LITERAL);
        this.keepRun(content, open + 1, labelEnd, LITERAL | LINK_TEXT);
        const url = content.slice(labelEnd + 2, end - 1);
        if (HTTP_URL.test(url)) links.push({ span, url });
        from = end;
      }
      if (lineEnd > from) this.keepRun(content, from, lineEnd, LITERAL);
      if (last) break;
      const kept = chars.length++;
      starts[base + kept] = starts[base + newline];
      ends[base + kept] = ends[base + newline];
      flags[kept] = LINE_BREAK;
      chars.text += ' ';
      // …and the spaces and tabs that start the next line.
      lineStart = newline + 1;
      while (lineStart < length && (content.charCodeAt(lineStart) === 0x20 || content.charCodeAt(lineStart) === 0x09)) lineStart++;
      newline = content.indexOf('\n', lineStart);
    }
  }

  /**
   * Keeps the content's characters [from, to) with `flag`. Characters kept so far are never more than the content
   * offset reached, so offsets only move left, in place.
   */
  private keepRun(content: string, from: number, to: number, flag: number): void {
    const chars = this.chars;
    const kept = chars.length;
    moveLeft(chars.starts, chars.ends, chars.base + from, chars.base + to, chars.base + kept);
    chars.flags.fill(flag, kept, kept + to - from);
    chars.length = kept + to - from;
    chars.text += content.slice(from, to);
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
        case 'pandoc_attributes':
          // Markup, not prose (`{#fig-map width=80%}`): its source is skipped.
          cursor = meta ? meta.end : cursor;
          break;
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
    // Its loops run by index, not `for…of`: the iterator protocol's bytecode (with its implicit try/finally) made
    // the optimising compiler's graph of this function, compiled once per process, about 12 M instructions larger.
    // Offsets of character i are at starts[base + i] and ends[base + i] (see CharBuffer).
    const { starts, ends, flags, text, base } = this.chars;
    const count = this.chars.length;
    const found: Citation[] = [];
    const footnote = this.openFootnotes[this.openFootnotes.length - 1];

    const urls = findBareUrls(text, flags);
    for (let u = 0; u < urls.length; u++) {
      const url = urls[u];
      for (let i = url.from; i < url.to; i++) flags[i] |= URL_PART;
      links.push({ span: { start: starts[base + url.from], end: ends[base + url.to - 1] }, url: url.url });
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
              reference: { label, span: { start: starts[base + i], end: ends[base + referenceEnd - 1] } },
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
          // Its spans are indices of the block's characters until mapped here, in place.
          const span = citation.span;
          markerEnd = span.end;
          span.start = starts[base + span.start];
          span.end = ends[base + span.end - 1];
          const items = citation.items;
          for (let k = 0; k < items.length; k++) {
            const keySpan = items[k].keySpan;
            keySpan.start = starts[base + keySpan.start];
            keySpan.end = ends[base + keySpan.end - 1];
          }
          found.push(citation);
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
      for (let k = 0; k < found.length; k++) footnote.definition.keys.push(...found[k].items);
      links.sort((a, b) => a.span.start - b.span.start);
      for (let k = 0; k < links.length; k++) footnote.definition.urls.push(links[k].url);
    } else {
      for (let k = 0; k < links.length; k++) found.push({ kind: 'link', span: links[k].span, items: [], url: links[k].url });
      if (links.length) found.sort((a, b) => a.span.start - b.span.start);
      for (let k = 0; k < found.length; k++) this.citations.push(found[k]);
    }

    // The block's own text: the collected text with each citation marker replaced by one placeholder. Its offsets
    // stay where they were collected; those after a marker move left over the marker's other characters. The text is
    // joined from its pieces into one flat string at once: built with `+=`, it was a tree of string pieces that
    // survived the scavenges of the walk until the sentence splitter flattened it into a copy.
    let blockText = text;
    let outLength = count;
    if (replaced.length > 0) {
      const pieces = this.textPieces;
      pieces.length = 0;
      let copiedUpTo = 0;
      let out = 0;
      for (let k = 0; k < replaced.length; k += 2) {
        const from = replaced[k];
        const to = replaced[k + 1];
        moveLeft(starts, ends, base + copiedUpTo, base + from, base + out);
        out += from - copiedUpTo;
        starts[base + out] = starts[base + from];
        ends[base + out] = ends[base + to - 1];
        out++;
        pieces.push(text.slice(copiedUpTo, from), PLACEHOLDER.citation);
        copiedUpTo = to;
      }
      moveLeft(starts, ends, base + copiedUpTo, base + count, base + out);
      outLength = out + count - copiedUpTo;
      pieces.push(text.slice(copiedUpTo));
      blockText = pieces.join('');
    }
    const { starts: sourceStarts, ends: sourceEnds } = this.chars.claim(outLength);
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
