/**
 * Which of a draft's assertions count as cited: one definition for the status bar, the review view and the
 * citation report, so that they all agree with each other and with the uncited-assertion findings.
 */
import type { DocumentAnalysis, SentenceInfo } from '../analysis';
import { continuesPreviousSentence } from './assertions';
import type { Suppression } from '../markdown/types';
import type { Span } from '../types';

/** Whether a suppression comment silences `ruleId` at `span` (where the span starts), as lintDocument decides. */
export function isSuppressed(suppressions: readonly Suppression[], ruleId: string, span: Span): boolean {
  // Most drafts have no suppression comment: then no closure is made for each of their thousands of findings.
  if (suppressions.length === 0) return false;
  return suppressions.some(
    (suppression) =>
      (suppression.rules.length === 0 || suppression.rules.includes(ruleId)) &&
      suppression.span.start <= span.start &&
      span.start < Math.max(suppression.span.end, suppression.span.start + 1),
  );
}

/** A sentence is cited when it carries a citation the settings count, or a claim with sources is anchored on it. */
export function isCited(sentence: SentenceInfo): boolean {
  return sentence.citations.length > 0 || sentence.claimIndices.length > 0;
}

/**
 * Whether a sentence only continues the one before it in the same paragraph ("They reached 93% accuracy.", "This
 * method…"): writers and editors read the source of the first as covering the second.
 */
export function continuesPrevious(sentence: SentenceInfo, previous: SentenceInfo | undefined): boolean {
  return previous !== undefined && previous.blockIndex === sentence.blockIndex && continuesPreviousSentence(sentence.text);
}

/**
 * Whether the sentence at `index` is covered by the source of a cited sentence it continues, directly or through a
 * run of continuations ("Shin et al. trained a network [@shin]. They used 100,000 images. Its accuracy was 93%.").
 * The uncited-assertion rule does not flag such a sentence, so it counts as cited.
 */
export function isCoveredByPrevious(sentences: readonly SentenceInfo[], index: number): boolean {
  for (let i = index; i > 0 && continuesPrevious(sentences[i], sentences[i - 1]); i--) {
    if (isCited(sentences[i - 1])) return true;
  }
  return false;
}

/** An uncited assertion that needs no source: accepted in the sidecar, or silenced by a suppression comment. */
export function isExcused(analysis: DocumentAnalysis, sentence: SentenceInfo): boolean {
  return sentence.acceptedIndex !== undefined || isSuppressed(analysis.markdown.suppressions, 'uncited-assertion', sentence.span);
}

export interface CitedShare {
  /** Sentences judged checkable assertions. */
  assertions: number;
  /** Of those, accepted without a source in the sidecar, or silenced by a suppression comment: they need none. */
  excused: number;
  /** Of the rest, those with a citation or a sourced claim, or continuing a sentence that has one. */
  cited: number;
  /** Of the rest, those without: `assertions - excused - cited`. */
  uncited: number;
}

/** Counts the cited share of a draft's assertions; excused sentences are left out of cited and uncited alike. */
export function citedShare(analysis: DocumentAnalysis): CitedShare {
  const share: CitedShare = { assertions: 0, excused: 0, cited: 0, uncited: 0 };
  const { sentences } = analysis;
  for (let index = 0; index < sentences.length; index++) {
    const sentence = sentences[index];
    if (!sentence.assertion) continue;
    share.assertions++;
    if (isCited(sentence) || isCoveredByPrevious(sentences, index)) share.cited++;
    else if (isExcused(analysis, sentence)) share.excused++;
    else share.uncited++;
  }
  return share;
}
