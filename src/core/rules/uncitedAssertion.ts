import type { SentenceInfo } from '../analysis';
import { continuesPrevious, isCited, isCoveredByPrevious } from '../claims/citedShare';
import type { Position, Range, RelatedInformation, ReportedSeverity, Span } from '../types';
import type { Rule, RuleFinding } from './rule';

/** How many cue descriptions a message names before it says "and N more". */
const CUES_IN_MESSAGE = 2;

/**
 * A sentence that only continues the one before it in the same paragraph ("They reached 93% accuracy.", "This
 * method…") is covered by the source of the sentence it continues (citedShare.ts, which the status bar and the
 * report share). When the sentence it continues is itself an uncited assertion, the writer gets one warning for the
 * pair, on the first sentence, where the source goes.
 */
function coveredByPrevious(sentences: readonly SentenceInfo[], index: number): boolean {
  const previous = sentences[index - 1];
  if (!continuesPrevious(sentences[index], previous)) return false;
  if (previous.acceptedIndex === undefined && previous.assertion !== undefined) return true;
  return isCited(previous) || isCoveredByPrevious(sentences, index - 1);
}

const DRAFT_START: Position = { line: 0, character: 0 };

export const uncitedAssertion: Rule = {
  id: 'uncited-assertion',
  description: 'A sentence states a checkable fact (a number, a date, an attribution, a quotation, a comparison, a cause, an actor doing something) and nothing cites a source for it.',
  check({ analysis, settings }) {
    const { sentences, lines, uri } = analysis;
    // A long draft has thousands of these findings: they are written with the rule's id and the configured severity,
    // so that lintDocument keeps them as they are instead of copying each (see RuleFinding).
    const severity = settings.rules['uncited-assertion'] as ReportedSeverity;
    const findings: RuleFinding[] = [];
    let previousStart = DRAFT_START;
    for (let index = 0; index < sentences.length; index++) {
      const sentence = sentences[index];
      // Cheap checks first: reading `assertion` runs the detector.
      if (sentence.citations.length !== 0 || sentence.claimIndices.length !== 0 || sentence.acceptedIndex !== undefined) continue;
      const assertion = sentence.assertion;
      if (!assertion || coveredByPrevious(sentences, index)) continue;
      const { cues, confidence } = assertion;
      // Built by concatenation rather than slice/map/join: thousands of findings, and no array is kept.
      let why = '';
      const named = Math.min(cues.length, CUES_IN_MESSAGE);
      for (let i = 0; i < named; i++) why += (i === 0 ? ': it ' : '; it ') + cues[i].label;
      if (cues.length > CUES_IN_MESSAGE) why += `, and ${cues.length - CUES_IN_MESSAGE} more`;
      const range = lines.rangeOfAtOrAfter(previousStart, sentence.span);
      previousStart = range.start;
      // An array of exactly the cues' length: every finding survives to the output, and `push` would leave room for 17.
      const related: RelatedInformation[] = new Array(cues.length);
      for (let i = 0; i < cues.length; i++) {
        const { span, label } = cues[i];
        related[i] = { uri, span, range: lines.rangeOfAtOrAfter(range.start, span), message: label.charAt(0).toUpperCase() + label.slice(1) };
      }
      findings.push({
        ruleId: 'uncited-assertion',
        severity,
        message: `Uncited assertion${why}. Cite a source, attach it as a claim in the sidecar, or accept it without a source.`,
        uri,
        span: sentence.span,
        range,
        confidence,
        related,
      });
    }
    return findings;
  },
};
