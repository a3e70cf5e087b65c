/**
 * The markdown-it plugin behind Sourced's Markdown preview: it wraps entity mentions, citation markers and (in review
 * mode) uncited assertions in spans with a class and a tooltip. It never changes the text itself, only puts tags
 * around parts of it, and when the host has no annotations for a rendering it calls the original renderer untouched,
 * so the output is then byte for byte what markdown-it renders without it.
 *
 * VS Code parses a document once and caches the tokens (the parse `env` does not say which document it is); only the
 * render `env` names the document (`env.currentDocument`). So parsing only remembers the source the tokens came
 * from, and all the work happens at render time, without touching the (shared, cached) tokens.
 */
import type MarkdownIt from 'markdown-it';
import type { PreviewAnnotations } from './annotations';
import { alignText, indexWithin, lineEndingOffsetMapper, normaliseLineEndings, type TextSourceMap } from './textAlignment';

type Token = MarkdownIt.Token;
type RenderRule = NonNullable<MarkdownIt['renderer']['rules']['text']>;

/** What the plugin needs from its host (the extension, or a test). */
export interface PreviewPluginHost {
  /**
   * The annotations for the document being rendered, from the render `env` and the source markdown-it parsed (line
   * endings normalised); undefined renders the document untouched. Called once per rendering; must not throw, but a
   * throw is caught and renders untouched.
   */
  annotationsFor(env: unknown, source: string): PreviewAnnotations | undefined;
}

/** The CSS classes the plugin writes; media/preview.css styles them. */
export const PREVIEW_CLASSES = {
  entity: 'sourced-entity',
  citation: 'sourced-citation',
  unknownCitation: 'sourced-citation-unknown',
  uncited: 'sourced-uncited',
} as const;

/** One annotation, as the tags that open and close it. Layers nest: sentence outside, citation, then entity. */
interface Mark {
  start: number;
  end: number;
  open: string;
}

/** For each text token that carries annotations, its content cut into pieces with the tags around each. */
type RenderPlan = Map<Token, Piece[]>;

/** A piece of a text token's content and the tags written right before and right after it. */
interface Piece {
  text: string;
  before: string;
  after: string;
}

/** Escapes text for an HTML attribute value in double quotes (and for text content). */
export function escapeAttribute(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

const extended = new WeakSet<MarkdownIt>();

/** Registers the plugin on `md`; returns `md` so it can be chained as VS Code's `extendMarkdownIt` expects. */
export function sourcedPreviewPlugin(md: MarkdownIt, host: PreviewPluginHost): MarkdownIt {
  // A second registration would wrap every annotation twice.
  if (extended.has(md)) return md;
  extended.add(md);
  const parsedSources = new WeakMap<Token[], string>();
  const plans = new WeakMap<Token[], { annotations: PreviewAnnotations; plan: RenderPlan }>();
  let activePlan: RenderPlan | undefined;

  md.core.ruler.push('sourced_remember_source', (state) => {
    parsedSources.set(state.tokens, state.src);
  });

  const originalRender = md.renderer.render;
  md.renderer.render = function renderWithSourced(this: MarkdownIt['renderer'], tokens, options, env) {
    const source = parsedSources.get(tokens);
    let annotations: PreviewAnnotations | undefined;
    if (source !== undefined) {
      try {
        annotations = host.annotationsFor(env, source);
      } catch {
        annotations = undefined;
      }
    }
    if (!annotations || source === undefined || !hasAnything(annotations)) return originalRender.call(this, tokens, options, env);
    let cached = plans.get(tokens);
    if (!cached || cached.annotations !== annotations) {
      const plan = normaliseLineEndings(annotations.text) === source ? planRendering(tokens, source, annotations) : new Map();
      cached = { annotations, plan };
      plans.set(tokens, cached);
    }
    const outer = activePlan;
    activePlan = cached.plan;
    try {
      return originalRender.call(this, tokens, options, env);
    } finally {
      activePlan = outer;
    }
  };

  const previousText: RenderRule = md.renderer.rules.text ?? ((tokens, idx) => md.utils.escapeHtml(tokens[idx].content));
  md.renderer.rules.text = (tokens, idx, options, env, renderer) => {
    const pieces = activePlan?.get(tokens[idx]);
    if (!pieces) return previousText(tokens, idx, options, env, renderer);
    const token = tokens[idx];
    let html = '';
    for (const piece of pieces) {
      // Each piece goes through the text rule that was there before, so other plugins' text rendering still applies.
      const pieceToken = Object.assign(Object.create(Object.getPrototypeOf(token) as object) as Token, token, { content: piece.text });
      html += piece.before + previousText([pieceToken], 0, options, env, renderer) + piece.after;
    }
    return html;
  };
  return md;
}

function hasAnything(annotations: PreviewAnnotations): boolean {
  return annotations.entities.length > 0 || annotations.citations.length > 0 || annotations.uncited.length > 0;
}

/** Offsets at which each line of `src` starts. */
function lineStartsOf(src: string): number[] {
  const starts = [0];
  for (let at = src.indexOf('\n'); at >= 0; at = src.indexOf('\n', at + 1)) starts.push(at + 1);
  return starts;
}

/** The three layers of marks, each sorted by start, in the offsets of the parsed source. */
function marksOf(annotations: PreviewAnnotations): Mark[][] {
  const toParsed = lineEndingOffsetMapper(annotations.text);
  const layer = <T extends { span: { start: number; end: number } }>(items: readonly T[], open: (item: T) => string): Mark[] =>
    items
      .filter((item) => item.span.end > item.span.start)
      .map((item) => ({ start: toParsed(item.span.start), end: toParsed(item.span.end), open: open(item) }))
      .sort((a, b) => a.start - b.start || b.end - a.end);
  return [
    layer(annotations.uncited, (item) => `<span class="${PREVIEW_CLASSES.uncited}" title="${escapeAttribute(item.title)}">`),
    layer(
      annotations.citations,
      (item) =>
        `<span class="${PREVIEW_CLASSES.citation}${item.unknown ? ` ${PREVIEW_CLASSES.unknownCitation}` : ''}" title="${escapeAttribute(item.title)}" data-sourced-keys="${escapeAttribute(item.keys.join(' '))}">`,
    ),
    layer(
      annotations.entities,
      (item) =>
        `<span class="${PREVIEW_CLASSES.entity} ${PREVIEW_CLASSES.entity}-${escapeAttribute(item.kind)}" title="${escapeAttribute(item.title)}" data-sourced-entity="${escapeAttribute(item.entityId)}">`,
    ),
  ];
}

/** First mark of a sorted layer that ends after `offset`. */
function firstEndingAfter(marks: readonly Mark[], offset: number): number {
  // Marks of one layer do not overlap, so their ends are sorted too.
  let low = 0;
  let high = marks.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (marks[mid].end <= offset) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * Walks the tokens in document order, finds the source of every text token and cuts the ones that annotations cover.
 * Inline tokens carry the lines of their block (`map`); table cells do not, so the row's lines are used.
 */
function planRendering(tokens: readonly Token[], source: string, annotations: PreviewAnnotations): RenderPlan {
  const plan: RenderPlan = new Map();
  const layers = marksOf(annotations).map(withoutOverlaps);
  const lineStarts = lineStartsOf(source);
  const lineStart = (line: number) => (line < lineStarts.length ? lineStarts[line] : source.length);
  let enclosingMap: [number, number] | null = null;
  let cursor = 0;
  for (const token of tokens) {
    if (token.type !== 'inline') {
      if (token.map) enclosingMap = token.map;
      continue;
    }
    const map = token.map ?? enclosingMap;
    if (!map || !token.children) continue;
    const regionStart = lineStart(map[0]);
    const regionEnd = lineStart(map[1]);
    // Cells of one table row share their lines: the search goes on where the previous cell ended.
    if (cursor < regionStart || cursor >= regionEnd) cursor = regionStart;
    for (const child of token.children) {
      if (child.type === 'text') {
        const sourceMap = alignText(child.content, source, cursor, regionEnd);
        if (!sourceMap) continue;
        cursor = sourceMap.end;
        const pieces = cut(child.content, sourceMap, layers);
        if (pieces) plan.set(child, pieces);
      } else if ((child.type === 'code_inline' || child.type === 'html_inline') && child.content.length > 0) {
        // Skipping what code and HTML consumed keeps the next text from being found inside them.
        const at = indexWithin(source, child.content, cursor, regionEnd);
        if (at >= 0) cursor = at + child.content.length;
      }
    }
  }
  return plan;
}

/** Drops marks that overlap an earlier one of the same layer: an annotation source should not produce them. */
function withoutOverlaps(marks: Mark[]): Mark[] {
  const kept: Mark[] = [];
  for (const mark of marks) if (kept.length === 0 || kept[kept.length - 1].end <= mark.start) kept.push(mark);
  return kept;
}

/**
 * Cuts a text token's content where the set of covering marks changes, and says which tags go before each piece.
 * A character is covered by a mark when all of its source lies inside the mark. Within one token the spans nest
 * properly (a sentence's span stays open around the entity spans inside it); undefined when nothing is covered.
 */
function cut(content: string, sourceMap: TextSourceMap, layers: readonly Mark[][]): Piece[] | undefined {
  const { starts, ends } = sourceMap;
  const first = starts[0];
  const last = ends[content.length - 1];
  const cursors = layers.map((marks) => firstEndingAfter(marks, first));
  if (layers.every((marks, layer) => cursors[layer] >= marks.length || marks[cursors[layer]].start >= last)) return undefined;

  const pieces: Piece[] = [];
  let covered = false;
  // Two rows reused for every character: this loop runs once per character of the draft's prose.
  let open: Array<Mark | undefined> = layers.map(() => undefined);
  let current: Array<Mark | undefined> = layers.map(() => undefined);
  let pieceStart = 0;
  let pendingTags = '';
  for (let i = 0; i <= content.length; i++) {
    let changedFrom = -1;
    for (let layer = 0; layer < layers.length; layer++) {
      let mark: Mark | undefined;
      if (i < content.length) {
        const layerMarks = layers[layer];
        while (cursors[layer] < layerMarks.length && layerMarks[cursors[layer]].end < ends[i]) cursors[layer]++;
        const candidate = layerMarks[cursors[layer]];
        if (candidate && candidate.start <= starts[i] && ends[i] <= candidate.end) mark = candidate;
      }
      current[layer] = mark;
      if (changedFrom < 0 && mark !== open[layer]) changedFrom = layer;
    }
    if (changedFrom < 0 && i < content.length) continue;
    if (i > pieceStart) {
      pieces.push({ text: content.slice(pieceStart, i), before: pendingTags, after: '' });
      pieceStart = i;
      pendingTags = '';
    }
    if (changedFrom < 0) break;
    // Close from the innermost layer out to the first one that changed, then open from there inwards.
    for (let layer = open.length - 1; layer >= changedFrom; layer--) if (open[layer]) pendingTags += '</span>';
    for (let layer = changedFrom; layer < current.length; layer++) {
      const mark = current[layer];
      if (mark) {
        pendingTags += mark.open;
        covered = true;
      }
    }
    [open, current] = [current, open];
  }
  if (!covered) return undefined;
  if (pieces.length > 0) pieces[pieces.length - 1].after = pendingTags;
  return pieces;
}
