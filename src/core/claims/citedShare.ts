/**
 * Which of a draft's assertions count as cited: one definition for the status bar, the review view and the
 * citation report, so that they all agree with each other and with the uncited-assertion findings.
 */
import type { DocumentAnalysis, SentenceInfo } from '../analysis';
import type { Suppression } from '../markdown/types';
import type { Span } from '../types';

/** Whether a suppression comment silences `ruleId` at `span` (where the span starts), as lintDocument decides. */
export function isSuppressed(suppressions: readonly Suppression[], ruleId: string, span: Span): boolean {
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

/** An uncited assertion that needs no source: accepted in the sidecar, or silenced by a suppression comment. */
export function isExcused(analysis: DocumentAnalysis, sentence: SentenceInfo): boolean {
  return sentence.acceptedIndex !== undefined || isSuppressed(analysis.markdown.suppressions, 'uncited-assertion', sentence.span);
}

export interface CitedShare {
  /** Sentences judged checkable assertions. */
  assertions: number;
  /** Of those, accepted without a source in the sidecar, or silenced by a suppression comment: they need none. */
  excused: number;
  /** Of the rest, those with a citation or a sourced claim. */
  cited: number;
  /** Of the rest, those without: `assertions - excused - cited`. */
  uncited: number;
}

/** Counts the cited share of a draft's assertions; excused sentences are left out of cited and uncited alike. */
export function citedShare(analysis: DocumentAnalysis): CitedShare {
  const share: CitedShare = { assertions: 0, excused: 0, cited: 0, uncited: 0 };
  for (const sentence of analysis.sentences) {
    if (!sentence.assertion) continue;
    share.assertions++;
    if (isCited(sentence)) share.cited++;
    else if (isExcused(analysis, sentence)) share.excused++;
    else share.uncited++;
  }
  return share;
}
