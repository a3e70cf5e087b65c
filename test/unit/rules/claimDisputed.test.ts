import * as assert from 'node:assert/strict';
import { resolveSettings } from '../../../src/core/config';
import { lintDocument } from '../../../src/core/lint';
import { ruleById } from '../../../src/core/rules/index';
import { loadSidecar } from '../../../src/core/sidecar/load';

const DRAFT = 'file:///w/cargo.md';
const SIDECAR = 'file:///w/cargo.sources.yaml';
const TEXT = '# Cargo\n\nThe jet carried 40 passengers to Asunción in May 2022.\n\nThe end.\n';
const DISPUTED = `sources:
  news-2022:
    title: Jet lands in Asunción
claims:
  - text: The jet carried 40 passengers to Asunción
    sources: [news-2022]
    status: disputed
    reviewer: Desk editor
    reviewed: 2026-11-20
    note: The report gives 40 crew, not 40 passengers
`;

function disputedOf(text: string, sidecar: string, rules: Record<string, string> = {}) {
  const result = lintDocument({ uri: DRAFT, text, sidecar: loadSidecar(SIDECAR, sidecar), settings: resolveSettings({ rules: rules as never }) });
  return { result, findings: result.findings.filter((finding) => finding.ruleId === 'claim-disputed') };
}

describe('claim-disputed', () => {
  it('is registered as an error by default, so a pre-publish lint fails on it', () => {
    assert.ok(ruleById('claim-disputed'));
    assert.equal(resolveSettings().rules['claim-disputed'], 'error');
  });

  it('reports a disputed claim on its text in the draft, saying who disputed it, when and why', () => {
    const [finding, ...rest] = disputedOf(TEXT, DISPUTED).findings;
    assert.deepEqual(rest, []);
    assert.equal(finding.uri, DRAFT);
    assert.equal(finding.severity, 'error');
    assert.equal(TEXT.slice(finding.span.start, finding.span.end), 'The jet carried 40 passengers to Asunción');
    assert.equal(finding.range.start.line, 2);
    assert.equal(
      finding.message,
      'This claim was disputed by Desk editor on 2026-11-20: The report gives 40 crew, not 40 passengers. Fix the sentence or its sources, then reopen or verify the claim.',
    );
    assert.equal(finding.data?.claimIndex, 0);
  });

  it('points its related information at the claim’s note entry in the sidecar', () => {
    const [finding] = disputedOf(TEXT, DISPUTED).findings;
    const [related] = finding.related ?? [];
    assert.equal(related.uri, SIDECAR);
    assert.equal(DISPUTED.slice(related.span.start, related.span.end), 'note: The report gives 40 crew, not 40 passengers');
    assert.equal(related.message, 'Claim 1 in the sidecar');
  });

  it('says only that the claim was disputed when the sidecar records no reviewer, date or note', () => {
    const bare = DISPUTED.replace(/    reviewer:.*\n    reviewed:.*\n    note:.*\n/, '');
    const [finding] = disputedOf(TEXT, bare).findings;
    assert.equal(finding.message, 'This claim was disputed. Fix the sentence or its sources, then reopen or verify the claim.');
  });

  it('still reports a disputed claim whose sentence was lightly edited (a fuzzy anchor)', () => {
    const edited = TEXT.replace('carried 40 passengers', 'carried forty passengers');
    assert.equal(disputedOf(edited, DISPUTED).findings.length, 1);
  });

  it('leaves a disputed claim that no longer attaches to the claim-orphaned rule', () => {
    const rewritten = '# Cargo\n\nNobody knows what the aircraft carried.\n';
    const { result, findings } = disputedOf(rewritten, DISPUTED);
    assert.deepEqual(findings, []);
    assert.equal(result.findings.filter((finding) => finding.ruleId === 'claim-orphaned').length, 1);
  });

  it('reports nothing for unverified (as reopened claims are) or verified claims', () => {
    for (const status of ['unverified', 'verified']) {
      const sidecar = DISPUTED.replace('status: disputed', `status: ${status}`);
      assert.deepEqual(disputedOf(TEXT, sidecar, { 'claim-stale': 'off' }).findings, [], status);
    }
  });

  it('can be turned off or lowered like every rule', () => {
    assert.deepEqual(disputedOf(TEXT, DISPUTED, { 'claim-disputed': 'off' }).findings, []);
    assert.equal(disputedOf(TEXT, DISPUTED, { 'claim-disputed': 'warning' }).findings[0].severity, 'warning');
  });

  it('does not make the sentence an uncited assertion: the claim’s sources still cover it', () => {
    const { result } = disputedOf(TEXT, DISPUTED);
    assert.deepEqual(result.findings.filter((finding) => finding.ruleId === 'uncited-assertion'), []);
  });
});
