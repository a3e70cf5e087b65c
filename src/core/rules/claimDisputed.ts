/**
 * claim-disputed: an editor looked at a claim's sources and disputed it. Until the sentence or its sources are
 * fixed and the claim is reopened or verified, the draft states something its own desk does not stand behind,
 * so a pre-publish lint must not pass it silently (the claim's sources still make the sentence count as cited).
 */
import { claimFieldInSidecar } from './claims';
import type { Rule, RuleFinding } from './rule';

/** "by Ana on 2026-11-20", with whatever of the two the claim records. */
function byWhom(claim: { reviewer?: string; reviewed?: string }): string {
  const who = claim.reviewer ? ` by ${claim.reviewer}` : '';
  const when = claim.reviewed ? ` on ${claim.reviewed}` : '';
  return `${who}${when}`;
}

export const claimDisputed: Rule = {
  id: 'claim-disputed',
  description: 'A claim an editor marked disputed: its sources do not support the sentence as written. Fix the sentence or its sources, then reopen or verify the claim.',
  check({ analysis, sidecar }) {
    const findings: RuleFinding[] = [];
    for (const anchor of analysis.claimAnchors) {
      // Orphaned and ambiguous claims have no one place in the draft; their own rules already point at them.
      if (!anchor.span || anchor.status === 'orphaned' || anchor.status === 'ambiguous') continue;
      const record = analysis.catalog.claims[anchor.claimIndex];
      if (!record || record.claim.status !== 'disputed' || record.claim.text.startsWith('\u0000')) continue;
      const note = record.claim.note?.replace(/\s+/g, ' ').trim();
      const disputed = `This claim was disputed${byWhom(record.claim)}${note ? `: ${note}` : ''}`;
      findings.push({
        message: `${disputed}${/[.!?…]$/.test(disputed) ? '' : '.'} Fix the sentence or its sources, then reopen or verify the claim.`,
        uri: analysis.uri,
        span: anchor.span,
        range: analysis.lines.rangeOf(anchor.span),
        related: sidecar ? [claimFieldInSidecar(sidecar, record, note ? 'note' : 'status')] : undefined,
        data: { claimIndex: anchor.claimIndex },
      });
    }
    return findings;
  },
};
