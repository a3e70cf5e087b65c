/**
 * The CommonMark parser the Markdown analysis runs on, with the few extensions drafts need.
 *
 * Why markdown-it rather than micromark/mdast: on a 1 MB draft micromark with the GFM extensions took about 2.7 s
 * on this machine against roughly 0.12 s for markdown-it, and markdown-it is already a dependency that bundles to
 * CJS and runs in a browser. Its inline tokens carry no offsets, so the inline rules that consume source without
 * producing text (links, code, breaks, escapes, HTML) are wrapped to record where they started and ended; plain
 * text and emphasis delimiters are found again by walking the inline source alongside the tokens (analyze.ts).
 */
import MarkdownIt from 'markdown-it';
import { fencedDivRule } from './fencedDivs';

type Token = MarkdownIt.Token;
type StateBlock = MarkdownIt.StateBlock;
type StateInline = MarkdownIt.StateInline;
type InlineRule = (state: StateInline, silent: boolean) => boolean;
type BlockRule = (state: StateBlock, startLine: number, endLine: number, silent: boolean) => boolean;

/** Where an inline token came from, in offsets of its inline token's `content`. */
export interface InlineTokenSpan {
  start: number;
  end: number;
  /** For links: offset of the `]` that closes the link text. */
  labelEnd?: number;
}

/** What the footnote definition rule stores on its `footnote_open` token. */
export interface FootnoteOpenMeta {
  label: string;
  /** Offsets of `[^label]` in the parsed source. */
  labelStart: number;
  labelEnd: number;
}

/** Per-parse scratch data the wrapped block rules fill in. */
export interface ParseEnv {
  /** For each table line: offset where the row starts once container prefixes are stripped. */
  tableRowStarts: Map<number, number>;
  references?: unknown;
}

function isSpaceOrTab(code: number): boolean {
  return code === 0x20 || code === 0x09;
}

/**
 * `[^label]: text` with continuation lines indented by four columns, as Pandoc and GitHub read it. Modelled on the
 * way markdown-it's list items re-enter the block parser with a larger indent.
 */
const footnoteDefinitionRule: BlockRule = (state, startLine, endLine, silent) => {
  const src = state.src;
  const lineStart = state.bMarks[startLine] + state.tShift[startLine];
  const max = state.eMarks[startLine];
  if (state.sCount[startLine] - state.blkIndent >= 4) return false;
  if (lineStart + 4 > max || src.charCodeAt(lineStart) !== 0x5b || src.charCodeAt(lineStart + 1) !== 0x5e) return false;
  let pos = lineStart + 2;
  while (pos < max) {
    const code = src.charCodeAt(pos);
    if (code === 0x5d) break;
    if (code === 0x5b || code === 0x20 || code === 0x09) return false;
    pos++;
  }
  if (pos === lineStart + 2 || pos + 1 >= max || src.charCodeAt(pos + 1) !== 0x3a) return false;
  if (silent) return true;

  const labelEnd = pos + 1;
  const afterColon = pos + 2;
  const oldBMark = state.bMarks[startLine];
  const oldTShift = state.tShift[startLine];
  const oldSCount = state.sCount[startLine];
  const oldParentType = state.parentType;
  const oldBlkIndent = state.blkIndent;

  // Columns of the whitespace after the colon decide where the first paragraph starts, as for a list item.
  const initialColumn = state.sCount[startLine] + afterColon - lineStart;
  let column = initialColumn;
  pos = afterColon;
  while (pos < max) {
    const code = src.charCodeAt(pos);
    if (code === 0x09) column += 4 - (column % 4);
    else if (code === 0x20) column++;
    else break;
    pos++;
  }

  const open = state.push('footnote_open', '', 1);
  const meta: FootnoteOpenMeta = { label: src.slice(lineStart + 2, labelEnd - 1), labelStart: lineStart, labelEnd };
  open.meta = meta;
  const map: [number, number] = [startLine, startLine + 1];
  open.map = map;

  state.bMarks[startLine] = afterColon;
  state.tShift[startLine] = pos - afterColon;
  state.sCount[startLine] = column - initialColumn;
  state.blkIndent += 4;
  state.parentType = 'footnote' as StateBlock['parentType'];
  if (state.sCount[startLine] < state.blkIndent) state.sCount[startLine] += state.blkIndent;

  state.md.block.tokenize(state, startLine, endLine);

  state.parentType = oldParentType;
  state.blkIndent = oldBlkIndent;
  state.bMarks[startLine] = oldBMark;
  state.tShift[startLine] = oldTShift;
  state.sCount[startLine] = oldSCount;
  if (state.line <= startLine) state.line = startLine + 1;
  map[1] = state.line;
  state.push('footnote_close', '', -1);
  return true;
};

/**
 * Pandoc's `tex_math_dollars`: `$x$` and `$$x$$` where the opening `$` is followed by a non-space and the closing
 * one preceded by a non-space and not followed by a digit, so "$5 and $10" stays prose.
 */
const mathInlineRule: InlineRule = (state, silent) => {
  const src = state.src;
  const start = state.pos;
  if (src.charCodeAt(start) !== 0x24) return false;
  const max = state.posMax;
  const display = src.charCodeAt(start + 1) === 0x24;
  const open = display ? 2 : 1;
  const first = src.charCodeAt(start + open);
  if (start + open >= max || first === 0x24 || first === 0x20 || first === 0x09 || first === 0x0a) return false;
  let pos = start + open;
  while (pos < max) {
    const code = src.charCodeAt(pos);
    if (code === 0x5c) {
      pos += 2;
      continue;
    }
    if (code === 0x24) {
      const before = src.charCodeAt(pos - 1);
      const closes = display ? src.charCodeAt(pos + 1) === 0x24 : true;
      if (closes && !isSpaceOrTab(before) && before !== 0x0a) {
        const after = src.charCodeAt(pos + open);
        if (display || !(after >= 0x30 && after <= 0x39)) {
          if (!silent) {
            const token = state.push('math_inline', 'math', 0);
            token.content = src.slice(start + open, pos);
            token.markup = display ? '$$' : '$';
            const span: InlineTokenSpan = { start, end: pos + open };
            token.meta = span;
          }
          state.pos = pos + open;
          return true;
        }
      }
      if (display) return false;
    }
    pos++;
  }
  return false;
};

/**
 * A Pandoc attribute block, `{#id .class key=value}`: `![Flights](f.png){#fig-flights width=80%}`, `[a
 * span]{.mark}`, `` `x`{.r} ``, `[site](https://example.org){target="_blank"}`, `## Background {#sec-background}`.
 * Quarto drafts are full of them, and they are markup, not prose: read as text, `width=80%` was a number that
 * needed a source. Items are `#id`, `.class`, `key=value` (value bare or quoted), `-` (unnumbered), or one raw
 * format `=html`.
 */
const ATTRIBUTE_BLOCK = /\{[ \t]*(?:=[\w-]+|(?:(?:#[\w:.-]+|\.[\w:.-]+|[\w:.-]+=(?:"[^"\n]*"|'[^'\n]*'|[^\s"'{}]*)|-)[ \t]*)+)\}/y;

/**
 * Recognises an attribute block where Pandoc reads one: right after a link, image, span or code (`)`, `]`, a
 * backtick), or at the end of the content after a space (a heading's attributes). Elsewhere braces are prose:
 * "the set {a, b}" is not an attribute block anyway, and "{x=1}" in running text stays text. The token carries
 * no text; the walk skips its source.
 */
const attributeBlockRule: InlineRule = (state, silent) => {
  const src = state.src;
  const start = state.pos;
  if (src.charCodeAt(start) !== 0x7b /* { */ || start === 0) return false;
  ATTRIBUTE_BLOCK.lastIndex = start;
  if (!ATTRIBUTE_BLOCK.test(src)) return false;
  const end = ATTRIBUTE_BLOCK.lastIndex;
  if (end > state.posMax) return false;
  const before = src.charCodeAt(start - 1);
  const afterMarkup = before === 0x29 /* ) */ || before === 0x5d /* ] */ || before === 0x60; /* ` */
  const endsContent = (before === 0x20 || before === 0x09) && src.slice(end, state.posMax).trim() === '';
  if (!afterMarkup && !endsContent) return false;
  if (!silent) {
    const token = state.push('pandoc_attributes', '', 0);
    token.content = src.slice(start, end);
    const span: InlineTokenSpan = { start, end };
    token.meta = span;
  }
  state.pos = end;
  return true;
};

interface RulerInternals<T> {
  __rules__: Array<{ name: string; fn: T }>;
}

/** markdown-it keeps the rule functions private; the ruler's list is the only way to wrap a built-in rule. */
function builtInRule<T>(ruler: unknown, name: string): T {
  const rule = (ruler as RulerInternals<T>).__rules__.find((entry) => entry.name === name);
  if (!rule) throw new Error(`markdown-it has no rule named ${name}`);
  return rule.fn;
}

/**
 * Wraps an inline rule so the first token of one of `types` it produces records the source it consumed. Each
 * wrapped rule only matches at one character (`trigger`), and markdown-it tries every rule at every position
 * the text rule stops at: testing it here spares a call through the wrapper at all the other positions.
 */
function recordingSpan(rule: InlineRule, trigger: number, types: string[], withLabelEnd = false): InlineRule {
  return (state, silent) => {
    if (state.src.charCodeAt(state.pos) !== trigger) return false;
    const start = state.pos;
    const before = state.tokens.length;
    const matched = rule(state, silent);
    if (!matched || silent) return matched;
    for (let i = before; i < state.tokens.length; i++) {
      const token: Token = state.tokens[i];
      if (token.meta == null && types.includes(token.type)) {
        const span: InlineTokenSpan = { start, end: state.pos };
        if (withLabelEnd) {
          const labelEnd = state.md.helpers.parseLinkLabel(state, token.type === 'image' ? start + 1 : start, true);
          if (labelEnd >= 0) span.labelEnd = labelEnd;
        }
        token.meta = span;
        break;
      }
    }
    return matched;
  };
}

/**
 * Whether markdown-it's link rule is bound to fail at the `[` under `state.pos`, decided without running it: the
 * draft defines no link references, and the first `]` after the `[` is not followed by `(`, with none of the
 * characters in between that could start a token running past a `]` (a nested bracket, an escape, a code span,
 * an autolink or HTML, math). Pandoc citations (`[@key, p. 33]`) are such brackets, thousands in a long draft,
 * and the rule finds out only after markdown-it's label scan has tried every inline rule at every character of
 * the label and filled a cache object with their ends: most of the Markdown parser's garbage.
 */
function cannotBeLink(state: StateInline): boolean {
  if ((state.env as ParseEnv).references !== undefined) return false;
  const src = state.src;
  const max = state.posMax;
  for (let pos = state.pos + 1; pos < max; pos++) {
    const code = src.charCodeAt(pos);
    if (code === 0x5d /* ] */) return !(pos + 1 < max && src.charCodeAt(pos + 1) === 0x28 /* ( */);
    if (code === 0x5b /* [ */ || code === 0x5c /* \ */ || code === 0x60 /* ` */ || code === 0x3c /* < */ || code === 0x24 /* $ */) return false;
  }
  // No `]` before the end: the label scan would fail too.
  return true;
}

/** The link rule, answering "no" at once where it is bound to fail (see cannotBeLink). */
function skippingCertainFailures(rule: InlineRule): InlineRule {
  return (state, silent) => (state.src.charCodeAt(state.pos) === 0x5b && cannotBeLink(state) ? false : rule(state, silent));
}

/** Records, for every line of a table, where its row starts inside the containers (needed to map cells back). */
function recordingTableRows(rule: BlockRule): BlockRule {
  return (state, startLine, endLine, silent) => {
    const matched = rule(state, startLine, endLine, silent);
    if (matched && !silent) {
      const env = state.env as ParseEnv;
      for (let line = startLine; line < state.line; line++) {
        env.tableRowStarts.set(line, state.bMarks[line] + state.tShift[line]);
      }
    }
    return matched;
  };
}

/**
 * Appends each line's markers as markdown-it's block state has them. A function of its own, which ends with its
 * loop: optimised in the middle of a long draft's loop, the constructor deoptimised on the cold code after it.
 */
function findLineMarkers(src: string, bMarks: number[], eMarks: number[], tShift: number[], sCount: number[], bsCount: number[]): void {
  const length = src.length;
  let start = 0;
  while (start < length) {
    let pos = start;
    let offset = 0;
    for (; pos < length; pos++) {
      const code = src.charCodeAt(pos);
      if (code === 0x20) offset++;
      else if (code === 0x09) offset += 4 - (offset % 4);
      else break;
    }
    // As in markdown-it, a last line of nothing but spaces and tabs, without a line break, is no line.
    if (pos >= length) return;
    const newline = src.indexOf('\n', pos);
    const end = newline === -1 ? length : newline;
    bMarks.push(start);
    eMarks.push(end);
    tShift.push(pos - start);
    sCount.push(offset);
    bsCount.push(0);
    start = end + 1;
  }
}

/**
 * markdown-it's block state with the same line markers (`bMarks`, `eMarks`, `tShift`, `sCount`, `bsCount`, `lineMax`)
 * found by jumping from line to line with `indexOf` instead of looking at every character of the draft in
 * JavaScript: only each line's indentation is read character by character. The original constructor still sets
 * every other field (on an empty source), so the object has the same fields in the same order.
 */
export function lineIndexedState(md: MarkdownIt): typeof md.block.State {
  const Original = md.block.State;
  const construct = function LineIndexedStateBlock(this: StateBlock, src: string, parser: MarkdownIt, env: unknown, tokens: Token[]): void {
    (Original as unknown as (this: StateBlock, ...args: unknown[]) => void).call(this, '', parser, env, tokens);
    this.src = src;
    const bMarks: number[] = [];
    const eMarks: number[] = [];
    const tShift: number[] = [];
    const sCount: number[] = [];
    const bsCount: number[] = [];
    const length = src.length;
    findLineMarkers(src, bMarks, eMarks, tShift, sCount, bsCount);
    // The fake last entry markdown-it's rules rely on.
    bMarks.push(length);
    eMarks.push(length);
    tShift.push(0);
    sCount.push(0);
    bsCount.push(0);
    this.bMarks = bMarks;
    this.eMarks = eMarks;
    this.tShift = tShift;
    this.sCount = sCount;
    this.bsCount = bsCount;
    this.lineMax = bMarks.length - 1;
  };
  construct.prototype = Original.prototype;
  return construct as unknown as typeof md.block.State;
}

/**
 * markdown-it's paragraph rule, tried first on the commonest line of prose: one that starts with an ASCII letter, at
 * less than four columns of indentation, with an empty line (or the end of its container) after it. No other block
 * rule can match such a line: each of the others needs a mark at its start (`>`, `#`, `-`, `*`, `+`, a digit, `[`,
 * `<`, a fence, `:::`), four columns of indentation, or a following line (a table's delimiter row, a setext
 * underline). So the paragraph rule, which markdown-it reached after a dozen rules had each said no, makes the same
 * tokens at once (a third of the block parse's instructions on a long draft). It is the paragraph rule itself that
 * runs: copying what it makes of one line looked simple, but a list marker inside a container can be part of the
 * content. The rule is in no alternative chain, so what ends a paragraph or a list is unchanged.
 */
function oneLineParagraph(paragraph: BlockRule): BlockRule {
  return (state, startLine, endLine, silent) => {
    if (silent) return false;
    const nextLine = startLine + 1;
    if (nextLine < endLine && !state.isEmpty(nextLine)) return false;
    if (state.sCount[startLine] - state.blkIndent >= 4) return false;
    const code = state.src.charCodeAt(state.bMarks[startLine] + state.tShift[startLine]);
    if (!((code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a))) return false;
    return paragraph(state, startLine, endLine, false);
  };
}

function createParser(): MarkdownIt {
  const md = new MarkdownIt('commonmark', { html: true });
  md.enable(['table', 'strikethrough']);
  // Escapes and entities must stay separate tokens: their source is longer than their text.
  md.core.ruler.disable('text_join');
  // normaliseSource (source.ts) has already turned CR and NUL into LF and U+FFFD: markdown-it's own pass would
  // only copy the whole draft once more.
  md.core.ruler.disable('normalize');
  // Inline content is parsed block by block as the walk reaches it (parseInlineTokens), not all up front: the
  // inline tokens of a whole draft then never live at once, and each block's die young instead of being copied
  // through the garbage collector's young generation while the rest of the draft is parsed.
  md.core.ruler.disable('inline');
  // Destinations are reported as the writer typed them, not percent-encoded or punycoded.
  md.normalizeLink = (url: string) => url;
  md.normalizeLinkText = (url: string) => url;

  const inline = md.inline.ruler;
  inline.at('newline', recordingSpan(builtInRule<InlineRule>(inline, 'newline'), 0x0a /* \n */, ['softbreak', 'hardbreak']));
  inline.at('escape', recordingSpan(builtInRule<InlineRule>(inline, 'escape'), 0x5c /* \ */, ['text_special', 'hardbreak']));
  inline.at('backticks', recordingSpan(builtInRule<InlineRule>(inline, 'backticks'), 0x60 /* ` */, ['code_inline']));
  inline.at('link', recordingSpan(skippingCertainFailures(builtInRule<InlineRule>(inline, 'link')), 0x5b /* [ */, ['link_open'], true));
  inline.at('image', recordingSpan(builtInRule<InlineRule>(inline, 'image'), 0x21 /* ! */, ['image']));
  inline.at('autolink', recordingSpan(builtInRule<InlineRule>(inline, 'autolink'), 0x3c /* < */, ['link_open']));
  inline.at('html_inline', recordingSpan(builtInRule<InlineRule>(inline, 'html_inline'), 0x3c /* < */, ['html_inline']));
  inline.at('entity', recordingSpan(builtInRule<InlineRule>(inline, 'entity'), 0x26 /* & */, ['text_special']));
  inline.after('backticks', 'sourced_math', mathInlineRule);
  inline.push('sourced_attributes', attributeBlockRule);

  md.block.State = lineIndexedState(md);
  const block = md.block.ruler;
  block.at('table', recordingTableRows(builtInRule<BlockRule>(block, 'table')), { alt: ['paragraph', 'reference'] });
  block.before('reference', 'sourced_footnote', footnoteDefinitionRule, { alt: ['paragraph', 'reference'] });
  // Pandoc fenced divs (Quarto callouts, columns): the fences are not prose, the content is parsed as blocks.
  block.before('fence', 'sourced_fenced_div', fencedDivRule, { alt: ['paragraph', 'reference', 'blockquote', 'list'] });
  block.before('table', 'sourced_one_line_paragraph', oneLineParagraph(builtInRule<BlockRule>(block, 'paragraph')));
  return md;
}

let parser: MarkdownIt | undefined;

/**
 * The inline rules the parser runs, in order (`text` and `newline` first), and the post-processing rules after
 * them. {@link readPlainInline} knows what each of them can make of a block; a test checks that this list is the
 * parser's, so that enabling another rule cannot go unnoticed.
 */
export const INLINE_RULES = ['text', 'newline', 'escape', 'backticks', 'sourced_math', 'strikethrough', 'emphasis', 'link', 'image', 'autolink', 'html_inline', 'entity', 'sourced_attributes'] as const;
export const INLINE_POST_RULES = ['balance_pairs', 'strikethrough', 'emphasis', 'fragments_join'] as const;

/** The names of the enabled inline rules and post-processing rules of the parser, for the test of INLINE_RULES. */
export function enabledInlineRules(): { rules: string[]; postRules: string[] } {
  parser ??= createParser();
  const names = (ruler: unknown) => (ruler as { __rules__: Array<{ name: string; enabled: boolean }> }).__rules__.filter((rule) => rule.enabled).map((rule) => rule.name);
  return { rules: names(parser.inline.ruler), postRules: names(parser.inline.ruler2) };
}

/**
 * Characters and pairs at which one of INLINE_RULES beyond `text` and `newline` may produce a token: `\` escape,
 * `` ` `` backticks, `*` and `_` emphasis, `<` autolink and html_inline, `&` entity, `~~` strikethrough (one `~`
 * never opens), `![` image, `{` a Pandoc attribute block. `[` (link) and `$` (math) are decided by readPlainInline.
 */
const INLINE_SYNTAX = /[\\`*_<&{]|~~|!\[/;

/** An inline link's destination markdown-it takes as written: no space, control character or parenthesis. */
const PLAIN_DESTINATION = /[^\x00-\x20\x7f()]+\)/y;

/**
 * Whether markdown-it's inline parser would make nothing of a block's content but text, line breaks and plain
 * inline links `[text](destination)` (no nested brackets, no line break in the text, a destination as written, no
 * title). If so, `links` receives three indices per link: its `[`, the `]` closing its text, and its end.
 *
 * Most blocks of prose hold no other inline syntax than Pandoc citations and such links, and markdown-it's inline
 * parser, which tries every rule at every punctuation mark and warms up a dozen functions in a one-shot process,
 * was the largest part of the Markdown analysis of a cold lint. A `[` that is not such a link must be one the link
 * rule is bound to reject (as in cannotBeLink: the next bracket is a `]` not followed by `(`, or there is none), and a
 * single `$` cannot open math, which needs a closing one.
 */
export function readPlainInline(content: string, env: ParseEnv, links: number[]): boolean {
  links.length = 0;
  if (INLINE_SYNTAX.test(content)) return false;
  const dollar = content.indexOf('$');
  if (dollar !== -1 && content.indexOf('$', dollar + 1) !== -1) return false;
  let open = content.indexOf('[');
  if (open === -1) return true;
  if (env.references !== undefined) return false;
  while (open !== -1) {
    const next = nextBracket(content, open + 1);
    if (next === -1) return true;
    if (content.charCodeAt(next) === 0x5b /* [ */) return false;
    if (content.charCodeAt(next + 1) !== 0x28 /* ( */) {
      open = content.indexOf('[', next + 1);
      continue;
    }
    PLAIN_DESTINATION.lastIndex = next + 2;
    if (!PLAIN_DESTINATION.test(content)) return false;
    const end = PLAIN_DESTINATION.lastIndex;
    parser ??= createParser();
    if (!parser.validateLink(content.slice(next + 2, end - 1))) return false;
    const newline = content.indexOf('\n', open);
    if (newline !== -1 && newline < next) return false;
    links.push(open, next, end);
    open = content.indexOf('[', end);
  }
  return true;
}

/** Index of the first `[` or `]` at or after `from`, or -1. */
function nextBracket(text: string, from: number): number {
  const open = text.indexOf('[', from);
  const close = text.indexOf(']', from);
  if (open === -1) return close;
  return close === -1 || open < close ? open : close;
}

/**
 * Parses normalised Markdown (LF line endings) into markdown-it block tokens with the extensions above. The
 * `inline` tokens' `children` are left empty: {@link parseInlineTokens} parses one when it is needed.
 */
export function parseMarkdownTokens(src: string): { tokens: Token[]; env: ParseEnv } {
  parser ??= createParser();
  const env: ParseEnv = { tableRowStarts: new Map() };
  const tokens = parser.parse(src, env);
  return { tokens, env };
}

/**
 * The inline tokens of one `inline` block token, exactly as markdown-it's core `inline` rule would have put in its
 * `children` (same parser, same env: reference definitions are all known once the block pass is over). They are
 * returned rather than stored on the token, so that they can be dropped as soon as the block has been walked.
 */
export function parseInlineTokens(token: Token, env: ParseEnv): Token[] {
  parser ??= createParser();
  const children: Token[] = [];
  parser.inline.parse(token.content, parser, env, children);
  return children;
}

export type { Token };
