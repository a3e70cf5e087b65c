/** Small helpers shared by the Markdown analysis specs. */
import { analyzeMarkdownStrict } from '../../../src/core/markdown/analyze';
import { PLACEHOLDER, type MarkdownAnalysis, type ProseBlock } from '../../../src/core/markdown/types';
import type { Span } from '../../../src/core/types';

export const CITE = PLACEHOLDER.citation;
export const CODE = PLACEHOLDER.code;

/** Analyses a draft, letting internal errors surface. */
export function analyze(text: string): MarkdownAnalysis {
  return analyzeMarkdownStrict(text);
}

/** The visible text of every prose block. */
export function texts(markdown: string): string[] {
  return analyze(markdown).blocks.map((block) => block.text);
}

/** The source text behind each UTF-16 code unit of a block's text. */
export function sources(markdown: string, block: ProseBlock): string[] {
  return Array.from({ length: block.text.length }, (_, i) => markdown.slice(block.sourceStarts[i], block.sourceEnds[i]));
}

export function slice(markdown: string, span: Span): string {
  return markdown.slice(span.start, span.end);
}
