/**
 * The measurements of the evaluation: labeled sentences (precision, recall, F1) and cited drafts (the method
 * of Redi et al., "Citation Needed", WWW 2019). Each item goes through `flaggedSentences`, the engine's path.
 */
import type { AssertionSensitivity } from '../../src/core/claims/assertions';
import type { Span } from '../../src/core/types';
import { flaggedSentences, proseSentences, type Detector } from './engine';

/**
 * CPU time of this process in microseconds. Wall time on a shared two-core machine measures the neighbours;
 * CPU time measures the linter.
 */
function cpuMicroseconds(): number {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
}

/** One labeled sentence (or tweet): the text and whether annotators called it a checkable claim. */
export interface LabeledItem {
  id: string;
  text: string;
  positive: boolean;
}

/** Precision, recall and F1 of one detector on one labeled set, with the time per item. */
export interface LabeledScore {
  items: number;
  positives: number;
  truePositives: number;
  falsePositives: number;
  precision: number;
  recall: number;
  f1: number;
  microsecondsPerItem: number;
  falseNegativeExamples: string[];
  falsePositiveExamples: string[];
}

/**
 * Makes an item the one-paragraph draft it is meant to be. A leading "#tag", ">" or "1." would turn it into a
 * heading, a quote or a list, and a Twitter handle "@name" would read as a Pandoc citation `@key` (which the
 * rule rightly counts as a source). All of these are escaped, as a writer quoting the tweet would escape them.
 */
export function asOneParagraphDraft(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^([#>]|[-+*]\s|\d+[.)]\s)/, '\\$1')
    .replace(/(^|[^\\\w])@(?=\w)/g, '$1\\@');
}

/** Lints each item as its own draft; an item counts as flagged when any of its sentences is. */
export function scoreLabeled(
  items: readonly LabeledItem[],
  sensitivity: AssertionSensitivity,
  detect: Detector | undefined,
  examples = 0,
): LabeledScore {
  let truePositives = 0;
  let falsePositives = 0;
  let positives = 0;
  const falseNegativeExamples: string[] = [];
  const falsePositiveExamples: string[] = [];
  const drafts = items.map((item) => asOneParagraphDraft(item.text));
  const started = cpuMicroseconds();
  // The question here is whether the sentence is an assertion, not whether it links something: a tweet's
  // t.co link is mostly a picture, so links do not count as citations for labeled items.
  const flagged = drafts.map((draft) => flaggedSentences(draft, sensitivity, { detect, linksAreCitations: false }).length > 0);
  const elapsed = cpuMicroseconds() - started;
  items.forEach((item, index) => {
    if (item.positive) positives++;
    if (flagged[index] && item.positive) truePositives++;
    if (flagged[index] && !item.positive) {
      falsePositives++;
      if (falsePositiveExamples.length < examples) falsePositiveExamples.push(drafts[index]);
    }
    if (!flagged[index] && item.positive && falseNegativeExamples.length < examples) falseNegativeExamples.push(drafts[index]);
  });
  const precision = truePositives / Math.max(1, truePositives + falsePositives);
  const recall = truePositives / Math.max(1, positives);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return {
    items: items.length,
    positives,
    truePositives,
    falsePositives,
    precision,
    recall,
    f1,
    microsecondsPerItem: elapsed / Math.max(1, items.length),
    falseNegativeExamples,
    falsePositiveExamples,
  };
}

/** The Redi et al. measurement on one draft with Pandoc citations. */
export interface DraftScore {
  sentences: number;
  cited: number;
  neverCited: number;
  /** Formerly cited sentences flagged once their citations are stripped. */
  citedFlagged: number;
  neverCitedFlagged: number;
  recall: number;
  flagRate: number;
  /** Cited sentences flagged in the original draft: must be 0. */
  flaggedWhileCited: number;
  microsecondsPerSentence: number;
  missedExamples: string[];
  flaggedUncitedExamples: string[];
}

const STRIPPABLE_CITATION = /[ \t]*\[[^\[\]\n]*@[^\[\]\n]*\](?!\()/g;

/** Removes the Pandoc citations and keeps, for every character left, its offset in the original. */
export function stripCitations(markdown: string): { text: string; originalOffsets: number[] } {
  let text = '';
  const originalOffsets: number[] = [];
  let index = 0;
  for (const match of markdown.matchAll(STRIPPABLE_CITATION)) {
    for (; index < match.index; index++) {
      text += markdown[index];
      originalOffsets.push(index);
    }
    index = match.index + match[0].length;
  }
  for (; index < markdown.length; index++) {
    text += markdown[index];
    originalOffsets.push(index);
  }
  originalOffsets.push(markdown.length);
  return { text, originalOffsets };
}

function overlaps(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end;
}

/** Strips citations, lints, and compares the flags with which sentences were cited in the original. */
export function scoreDraft(
  markdown: string,
  sensitivity: AssertionSensitivity,
  detect: Detector | undefined,
  examples = 0,
): DraftScore {
  const units = proseSentences(markdown);
  const stripped = stripCitations(markdown);
  const started = cpuMicroseconds();
  const flaggedInStripped = flaggedSentences(stripped.text, sensitivity, { detect }).map((span) => ({
    start: stripped.originalOffsets[span.start],
    end: stripped.originalOffsets[span.end - 1] + 1,
  }));
  const elapsed = cpuMicroseconds() - started;
  const flaggedInOriginal = flaggedSentences(markdown, sensitivity, { detect });
  let cited = 0;
  let citedFlagged = 0;
  let neverCitedFlagged = 0;
  let flaggedWhileCited = 0;
  const missedExamples: string[] = [];
  const flaggedUncitedExamples: string[] = [];
  for (const unit of units) {
    const flagged = flaggedInStripped.some((span) => overlaps(span, unit.span));
    if (unit.cited) {
      cited++;
      if (flagged) citedFlagged++;
      else if (missedExamples.length < examples) missedExamples.push(unit.text);
      if (flaggedInOriginal.some((span) => overlaps(span, unit.span))) flaggedWhileCited++;
    } else if (flagged) {
      neverCitedFlagged++;
      if (flaggedUncitedExamples.length < examples) flaggedUncitedExamples.push(unit.text);
    }
  }
  const neverCited = units.length - cited;
  return {
    sentences: units.length,
    cited,
    neverCited,
    citedFlagged,
    neverCitedFlagged,
    recall: citedFlagged / Math.max(1, cited),
    flagRate: neverCitedFlagged / Math.max(1, neverCited),
    flaggedWhileCited,
    microsecondsPerSentence: elapsed / Math.max(1, units.length),
    missedExamples,
    flaggedUncitedExamples,
  };
}
