/**
 * Pandoc fenced divs, the containers Quarto uses for callouts, columns and figure panels:
 *
 *     ::: {.callout-note title="Why this matters"}
 *     The crew of 19 included seven Iranians.
 *     :::
 *
 * CommonMark has no such block, so without this rule the fence lines are prose: `::: {.callout-note}` would open
 * the sentence after it, and a finding or a claim would start on the fence. Here the fences become a
 * `pandoc_div_open` / `pandoc_div_close` pair around the div's content, which is parsed as ordinary blocks (the
 * analysis walks through the pair as it does through any container it has no use for).
 *
 * As Pandoc reads them: an opening fence is at least three colons followed by attributes in braces or one bare
 * class word, optionally followed by more colons; a closing fence is colons alone; divs nest, and each closing
 * fence closes the innermost open div. A div left open runs to the end of its container, as an unclosed code fence
 * does in CommonMark.
 */
import type MarkdownIt from 'markdown-it';

type StateBlock = MarkdownIt.StateBlock;

const COLON = 0x3a;

/** `::: {#id .class key="value"}`, `::: warning`, `:::: {.columns} ::::`. */
const OPENING_FENCE = /^:{3,}[ \t]*(?:\{[^{}\n]*\}|[^\s{}:]+)[ \t]*:*[ \t]*$/;
/** `:::` (any number of colons from three), nothing else on the line. */
const CLOSING_FENCE = /^:{3,}[ \t]*$/;

/** The text of a line after its indentation, when it could be a fence (at most three spaces in, starts with `:::`). */
function fenceCandidate(state: StateBlock, line: number): string | undefined {
  if (state.sCount[line] - state.blkIndent >= 4) return undefined;
  const start = state.bMarks[line] + state.tShift[line];
  const end = state.eMarks[line];
  if (end - start < 3 || state.src.charCodeAt(start) !== COLON || state.src.charCodeAt(start + 1) !== COLON || state.src.charCodeAt(start + 2) !== COLON) {
    return undefined;
  }
  return state.src.slice(start, end);
}

/**
 * Where the div opened at `openingLine` ends: at the fence that closes it (`closed`), or else where its enclosing
 * container ends (the first line after its content).
 */
function endOfDiv(state: StateBlock, openingLine: number, endLine: number): { line: number; closed: boolean } {
  let depth = 1;
  for (let line = openingLine + 1; line < endLine; line++) {
    const isBlank = state.bMarks[line] + state.tShift[line] >= state.eMarks[line];
    // A non-blank line indented less than the container's content ends the container, and the div with it.
    if (!isBlank && state.sCount[line] < state.blkIndent) return { line, closed: false };
    const fence = fenceCandidate(state, line);
    if (fence === undefined) continue;
    if (CLOSING_FENCE.test(fence)) {
      depth--;
      if (depth === 0) return { line, closed: true };
    } else if (OPENING_FENCE.test(fence)) {
      depth++;
    }
  }
  return { line: endLine, closed: false };
}

/** The markdown-it block rule (register it before `fence`, as a terminator of paragraphs, lists and quotes). */
export function fencedDivRule(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  const fence = fenceCandidate(state, startLine);
  if (fence === undefined || !OPENING_FENCE.test(fence)) return false;
  if (silent) return true;

  const { line: closingLine, closed: isClosed } = endOfDiv(state, startLine, endLine);
  const previousLineMax = state.lineMax;
  const previousParent = state.parentType;
  // The content ends where the closing fence is: a paragraph inside must not swallow the fence line.
  state.lineMax = closingLine;
  state.parentType = 'pandoc_div' as typeof state.parentType;

  const open = state.push('pandoc_div_open', 'div', 1);
  open.block = true;
  open.markup = fence.slice(0, fence.search(/[^:]|$/));
  open.info = fence.slice(open.markup.length).replace(/:+[ \t]*$/, '').trim();
  open.map = [startLine, isClosed ? closingLine + 1 : closingLine];

  state.md.block.tokenize(state, startLine + 1, closingLine);

  const close = state.push('pandoc_div_close', 'div', -1);
  close.block = true;
  close.markup = open.markup;

  state.lineMax = previousLineMax;
  state.parentType = previousParent;
  state.line = isClosed ? closingLine + 1 : closingLine;
  return true;
}
