import type { SentenceInfo } from '../analysis';
import { continuesPrevious, isCited, isCoveredByPrevious } from '../claims/citedShare';
import type { Rule } from './rule';

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

export const uncitedAssertion: Rule = {
  id: 'uncited-assertion',
  description: 'A sentence states a checkable fact (a number, a date, an attribution, a quotation, a comparison, a cause, an actor doing something) and nothing cites a source for it.',
  check({ analysis }) {
    return analysis.sentences
      .filter(
        // Cheap checks first: reading `assertion` runs the detector.
        (sentence, index, all) =>
          sentence.citations.length === 0 &&
          sentence.claimIndices.length === 0 &&
          sentence.acceptedIndex === undefined &&
          sentence.assertion &&
          !coveredByPrevious(all, index),
      )
      .map((sentence) => {
        const { cues, confidence } = sentence.assertion!;
        // Built by concatenation rather than slice/map/join: thousands of findings, and no array is kept.
        let why = '';
        const named = Math.min(cues.length, CUES_IN_MESSAGE);
        for (let i = 0; i < named; i++) why += (i === 0 ? ': it ' : '; it ') + cues[i].label;
        if (cues.length > CUES_IN_MESSAGE) why += `, and ${cues.length - CUES_IN_MESSAGE} more`;
        return {
          message: `Uncited assertion${why}. Cite a source, attach it as a claim in the sidecar, or accept it without a source.`,
          uri: analysis.uri,
          span: sentence.span,
          range: analysis.lines.rangeOf(sentence.span),
          confidence,
          related: cues.map((cue) => ({
            uri: analysis.uri,
            span: cue.span,
            range: analysis.lines.rangeOf(cue.span),
            message: cue.label.charAt(0).toUpperCase() + cue.label.slice(1),
          })),
        };
      });
  },
};
