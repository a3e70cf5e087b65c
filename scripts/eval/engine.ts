/**
 * The one place where the evaluation calls the linter. `flaggedSentences` runs the real engine
 * (`lintDocument` of src/core/lint.ts, the function the CLI and the editor call) on the draft with no sidecar,
 * and returns the spans of its `uncited-assertion` findings.
 *
 * A stand-in is kept for two uses: measuring a different detector (the baseline) through the same pipeline,
 * and `--stand-in` runs (`SOURCED_EVAL_STAND_IN=1`) when the engine is broken mid-development. The stand-in
 * reads the draft line by line (paragraphs, Pandoc citations replaced by the citation placeholder), splits
 * sentences and skips cited ones, as the rule does.
 */
import { PLACEHOLDER } from '../../src/core/markdown/types';
import { splitSentences } from '../../src/core/text/sentences';
import { continuesPreviousSentence, detectAssertion, type AssertionSensitivity, type DetectedAssertion } from '../../src/core/claims/assertions';
import type { Span } from '../../src/core/types';
import { lintDocument } from '../../src/core/lint';
import { resolveSettings } from '../../src/core/config';

/** A detector with the signature of `detectAssertion`, so the baseline can be measured through the same path. */
export type Detector = (sentence: string, options: { sensitivity: AssertionSensitivity }) => DetectedAssertion | undefined;

/** One sentence of the draft's prose, as the stand-in reads it. */
export interface ProseSentence {
  /** The sentence in the draft (source offsets). */
  span: Span;
  /** Visible text, citations replaced by the placeholder. */
  text: string;
  cited: boolean;
  /** Index of the paragraph the sentence belongs to. */
  paragraph: number;
}

const PANDOC_BRACKET_CITATION = /\[[^\[\]\n]*@[^\[\]\n]*\](?!\()/g;
const PANDOC_OR_LINK_CITATION = /\[[^\[\]\n]*@[^\[\]\n]*\](?!\()|https?:\/\/[^\s<>)\]]+|www\.[^\s<>)\]]+/g;

/** Paragraph text with citations replaced by one placeholder each, and the source offset of every character. */
function proseParagraphs(markdown: string, linksAreCitations: boolean): Array<{ text: string; offsets: number[]; ends: number[] }> {
  const paragraphs: Array<{ text: string; offsets: number[]; ends: number[] }> = [];
  let current: { text: string; offsets: number[]; ends: number[] } | undefined;
  let inFence = false;
  let inComment = false;
  let lineStart = 0;
  const flush = (): void => {
    if (current && current.text.trim().length > 0) paragraphs.push(current);
    current = undefined;
  };
  while (lineStart <= markdown.length) {
    let lineEnd = markdown.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = markdown.length;
    const line = markdown.slice(lineStart, lineEnd).replace(/\r$/, '');
    const trimmed = line.trim();
    if (/^(```|~~~)/.test(trimmed)) {
      inFence = !inFence;
      flush();
    } else if (inComment || trimmed.startsWith('<!--')) {
      inComment = !trimmed.includes('-->');
      flush();
    } else if (inFence || trimmed === '' || /^#{1,6}(\s|$)/.test(trimmed) || /^!\[/.test(trimmed) || /^\|/.test(trimmed) || /^</.test(trimmed)) {
      flush();
    } else {
      current ??= { text: '', offsets: [], ends: [] };
      if (current.text.length > 0) {
        current.text += ' ';
        current.offsets.push(lineStart - 1);
        current.ends.push(lineStart);
      }
      let index = 0;
      const citations = [...line.matchAll(linksAreCitations ? PANDOC_OR_LINK_CITATION : PANDOC_BRACKET_CITATION)];
      for (const citation of citations) {
        for (; index < citation.index; index++) {
          current.text += line[index];
          current.offsets.push(lineStart + index);
          current.ends.push(lineStart + index + 1);
        }
        current.text += PLACEHOLDER.citation;
        current.offsets.push(lineStart + citation.index);
        current.ends.push(lineStart + citation.index + citation[0].length);
        index = citation.index + citation[0].length;
      }
      for (; index < line.length; index++) {
        current.text += line[index];
        current.offsets.push(lineStart + index);
        current.ends.push(lineStart + index + 1);
      }
    }
    lineStart = lineEnd + 1;
  }
  flush();
  return paragraphs;
}

/** Every sentence of the draft's prose, with whether it carries a citation. */
export function proseSentences(markdown: string, linksAreCitations = true): ProseSentence[] {
  const sentences: ProseSentence[] = [];
  for (const [paragraphIndex, paragraph] of proseParagraphs(markdown, linksAreCitations).entries()) {
    for (const span of splitSentences(paragraph.text)) {
      const text = paragraph.text.slice(span.start, span.end);
      sentences.push({
        span: { start: paragraph.offsets[span.start], end: paragraph.ends[span.end - 1] },
        text,
        cited: text.includes(PLACEHOLDER.citation),
        paragraph: paragraphIndex,
      });
    }
  }
  return sentences;
}

/** Whether `flaggedSentences` uses the stand-in instead of the engine for the shipped detector. */
export const useStandIn = { value: process.env.SOURCED_EVAL_STAND_IN === '1' };

/**
 * Whether the stand-in applies the proposed engine rule for continuations: a sentence that continues the
 * previous one of its paragraph (`continuesPreviousSentence`) is not flagged when that sentence is cited or
 * flagged, since one source covers both. Measures a change to lint.ts before it is made.
 */
export const coverContinuations = { value: false };

/** How `flaggedSentences` lints: which detector (the shipped one by default) and whether links cite. */
export interface FlagOptions {
  /** Another detector to measure through the stand-in (the baseline); the engine always uses the shipped one. */
  detect?: Detector;
  /** The project setting `citations.links` (true by default, as in the product). */
  linksAreCitations?: boolean;
}

/** The spans (in the draft) of the sentences the uncited-assertion rule flags. */
export function flaggedSentences(markdown: string, sensitivity: AssertionSensitivity, options: FlagOptions = {}): Span[] {
  const linksAreCitations = options.linksAreCitations ?? true;
  if (options.detect === undefined && !useStandIn.value) {
    const settings = resolveSettings({ sensitivity, citations: { links: linksAreCitations } });
    const { findings } = lintDocument({ uri: 'eval.md', text: markdown, settings });
    return findings.filter((finding) => finding.ruleId === 'uncited-assertion').map((finding) => finding.span);
  }
  const judge = options.detect ?? detectAssertion;
  const sentences = proseSentences(markdown, linksAreCitations);
  const flagged = sentences.map((sentence) => !sentence.cited && judge(sentence.text, { sensitivity }) !== undefined);
  if (coverContinuations.value) {
    for (let i = 1; i < sentences.length; i++) {
      const previous = sentences[i - 1];
      const covered = previous.paragraph === sentences[i].paragraph && (previous.cited || flagged[i - 1]);
      if (flagged[i] && covered && continuesPreviousSentence(sentences[i].text)) flagged[i] = false;
    }
  }
  return sentences.filter((_, i) => flagged[i]).map((sentence) => sentence.span);
}
