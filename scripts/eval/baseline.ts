/**
 * The obvious first version of the detector, kept to measure improvements against (the "before" column of
 * docs/quality.md): a sentence is an assertion when it contains a number, a month, "percent", "according to",
 * "reported", a quotation mark, a superlative or a causal phrase. No exceptions, no weighing.
 */
import type { DetectedAssertion } from '../../src/core/claims/assertions';

const BASELINE_CUES: Array<[kind: string, pattern: RegExp]> = [
  ['number', /\d/],
  ['date', /\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\b/],
  ['number', /\b(?:percent|per cent)\b|%/i],
  ['attribution', /\baccording to\b|\breported\b/i],
  ['quotation', /["“”]/],
  ['comparison', /\b(?:most|least|best|worst|largest|biggest|highest|lowest|\w+est)\b/i],
  ['causal', /\b(?:because|caused|led to|due to|result(?:ed)? in|as a result)\b/i],
];

/** Flags any sentence with one of the baseline cues; confidence is always 1. */
export function baselineDetector(sentence: string): DetectedAssertion | undefined {
  const cues = [];
  for (const [kind, pattern] of BASELINE_CUES) {
    const match = pattern.exec(sentence);
    if (match) cues.push({ kind, label: kind, start: match.index, end: match.index + match[0].length });
  }
  return cues.length > 0 ? { confidence: 1, cues } : undefined;
}
