/**
 * What the engine knows about a draft's Markdown: which text is prose (and how its characters map back to
 * the source), which citations it carries, its footnotes and the suppression comments in it.
 */
import type { Span } from '../types';

/**
 * Characters that stand in the prose text for things that are not words. They keep sentence positions honest
 * (a citation stays between the words it sat between) without looking like words to the detectors.
 */
export const PLACEHOLDER = {
  /** Stands for a citation marker that was removed from the prose (`[@key]`, `[^1]`). */
  citation: '\uE000',
  /** Stands for inline code, an inline HTML tag, a math span or an image. */
  code: '\uFFFC',
} as const;

export type ProseBlockKind = 'paragraph' | 'heading' | 'table-cell';

/**
 * One block of prose. `text` is what a reader sees: emphasis markers, link destinations and HTML removed;
 * link text kept; inline code and citations replaced by one placeholder character each; soft line breaks
 * turned into spaces; character references decoded. `text[i]` came from the source span
 * [sourceStarts[i], sourceEnds[i]) (one character for a plain letter, the whole `[@key]` for a citation
 * placeholder, `&amp;` for a decoded `&`). Use `toSourceSpan` to map a span of the text. The two offset columns
 * of an analysis' blocks are views into shared buffers (fewer allocations): `slice` one to keep a copy of its own.
 */
export interface ProseBlock {
  kind: ProseBlockKind;
  /** Heading level 1-6 for headings, 0 otherwise. */
  level: number;
  /** The whole block in the source (a heading's line, a paragraph's lines, a table cell). */
  span: Span;
  text: string;
  sourceStarts: Int32Array;
  sourceEnds: Int32Array;
  /** Containers the block sits in, outermost first: lists and blockquotes are prose too. */
  containers: Array<'list-item' | 'blockquote' | 'table' | 'footnote'>;
  /** Label of the footnote definition the block belongs to, if any (its text is a source note, not an assertion). */
  footnoteLabel?: string;
}

/** One cited item inside a Pandoc citation: `@key`, with what surrounds it in the brackets. */
export interface CitationItem {
  key: string;
  /** The `@key` text in the source (without the leading `-` of a suppressed author). */
  keySpan: Span;
  prefix?: string;
  locator?: string;
  suppressAuthor: boolean;
}

export type CitationKind =
  /** `[@a; @b, p. 3]` */
  | 'pandoc'
  /** `@key` in running text (author-in-text form) */
  | 'pandoc-in-text'
  /** `[^label]` whose definition holds a URL or a key */
  | 'footnote'
  /** an inline, reference or autolink to an http(s) URL */
  | 'link';

export interface Citation {
  kind: CitationKind;
  /** The whole marker in the source: `[see @a; @b]`, `@a`, `[^1]`, or the link from `[` to `)`/`]`. */
  span: Span;
  /** Pandoc items; for a footnote, the keys found in its definition; empty for a link. */
  items: CitationItem[];
  /** For links: the destination. For footnotes: the first URL in the definition, if any. */
  url?: string;
  /** For footnotes: the label without `[^` `]`. */
  footnoteLabel?: string;
}

export interface FootnoteDefinition {
  label: string;
  /** The whole definition, `[^label]: …` through its last line. */
  span: Span;
  /** `[^label]` at the start of the definition. */
  labelSpan: Span;
  /** Pandoc keys (`@key` or `[@key]`) found in the definition. */
  keys: CitationItem[];
  urls: string[];
}

export interface FootnoteReference {
  label: string;
  span: Span;
}

/** `<!-- sourced-disable… -->` comments, resolved to what each one silences. */
export interface Suppression {
  /** Rule ids, or empty for every rule. */
  rules: string[];
  /** The source region the comment silences (the next line, or up to the matching enable / end of file). */
  span: Span;
  /** The comment itself, so unused or malformed suppressions can be reported later. */
  commentSpan: Span;
}

export interface MarkdownAnalysis {
  blocks: ProseBlock[];
  /**
   * Every citation in document order, outside footnote definitions. Keys and URLs inside a definition belong to
   * the definition (`footnoteDefinitions[].keys/urls`) and are cited through its `[^label]` references.
   */
  citations: Citation[];
  footnoteDefinitions: FootnoteDefinition[];
  footnoteReferences: FootnoteReference[];
  suppressions: Suppression[];
  /** YAML front matter at the top of the draft, if any (its raw text and span). */
  frontMatter?: { span: Span; text: string };
}

/** Maps a span of `block.text` back to the source. An empty text span maps to an empty source span. */
export function toSourceSpan(block: ProseBlock, textStart: number, textEnd: number): Span {
  if (textStart >= block.text.length) {
    const end = block.text.length > 0 ? block.sourceEnds[block.text.length - 1] : block.span.start;
    return { start: end, end };
  }
  const start = block.sourceStarts[textStart];
  if (textEnd <= textStart) return { start, end: start };
  return { start, end: block.sourceEnds[Math.min(textEnd, block.text.length) - 1] };
}
