/**
 * claim-stale: a verified claim whose text or sources changed after it was verified, found by comparing the
 * fingerprint stored at verification with the one computed now (core/claims/review.ts).
 */
import { describeStaleness, staleClaims } from '../claims/review';
import type { RelatedInformation } from '../types';
import { claimFieldInSidecar } from './claims';
import type { Rule, RuleFinding } from './rule';

export const claimStale: Rule = {
  id: 'claim-stale',
  description: 'A verified claim whose text in the draft, or the record of a source it cites, changed since it was verified (or that was marked verified without a fingerprint).',
  check({ analysis, sidecar, registries }) {
    const findings: RuleFinding[] = [];
    for (const stale of staleClaims(analysis)) {
      const record = analysis.catalog.claims[stale.claimIndex];
      const related: RelatedInformation[] = [];
      if (sidecar) {
        // Point at what the editor will want to compare: the claim's review fields, else the whole entry.
        related.push(claimFieldInSidecar(sidecar, record, record.claim.fingerprint !== undefined ? 'fingerprint' : 'status'));
        if (stale.reason.kind === 'changed') {
          for (const key of stale.reason.changes.changedSources) {
            const source = analysis.catalog.sources.get(key);
            if (!source) continue;
            const file = [sidecar, ...registries].find((candidate) => candidate.uri === source.origin.uri);
            const range = file ? file.lines.rangeOf(source.origin.keySpan) : undefined;
            if (range) related.push({ uri: source.origin.uri, span: source.origin.keySpan, range, message: `Source ${key}` });
          }
        }
      }
      findings.push({
        message: describeStaleness(record.claim, stale.reason),
        uri: analysis.uri,
        span: stale.span,
        range: analysis.lines.rangeOf(stale.span),
        related: related.length > 0 ? related : undefined,
        data: {
          claimIndex: stale.claimIndex,
          reason: stale.reason.kind,
          ...(stale.reason.kind === 'changed' ? { ...stale.reason.changes } : {}),
        },
      });
    }
    return findings;
  },
};
