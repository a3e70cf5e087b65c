import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { resolveSettings } from '../../../src/core/config';
import { lintDocument } from '../../../src/core/lint';
import { currentFingerprint, formatFingerprint } from '../../../src/core/claims/review';
import { loadSidecar } from '../../../src/core/sidecar/load';
import { ruleById } from '../../../src/core/rules/index';
import { buildReviewModel, claimGroupOf } from '../../../src/extension/reviewModel';

const DRAFT = 'file:///w/cargo.md';
const SIDECAR = 'file:///w/cargo.sources.yaml';
const TEXT = '# Cargo\n\nSince 2017, Fars Air Qeshm has flown weapons to Damascus for the IRGC.\n\nThe end.\n';
const BASE = `sources:
  fdd-2022:
    title: Mystery Cargo
    date: 2022-07-06
claims:
  - text: Fars Air Qeshm has flown weapons to Damascus
    sources:
      - source: fdd-2022
        locator: para. 9
    status: verified
    reviewer: Ana
    reviewed: 2026-11-20
`;

function lint(text: string, sidecar: string, rules: Record<string, string> = {}) {
  return lintDocument({ uri: DRAFT, text, sidecar: loadSidecar(SIDECAR, sidecar), settings: resolveSettings({ rules: rules as never }) });
}

const stored = formatFingerprint(currentFingerprint(lint(TEXT, BASE).analysis, 0)!);
const VERIFIED = `${BASE}    fingerprint: ${stored}\n`;
const staleOf = (text: string, sidecar: string) => lint(text, sidecar).findings.filter((finding) => finding.ruleId === 'claim-stale');

describe('claim-stale', () => {
  it('is registered as a warning by default', () => {
    assert.ok(ruleById('claim-stale'));
    assert.equal(resolveSettings().rules['claim-stale'], 'warning');
  });

  it('reports nothing for a claim verified with a matching fingerprint', () => {
    assert.deepEqual(staleOf(TEXT, VERIFIED), []);
  });

  it('reports an edited sentence in the draft, at the claim’s text, naming the reviewer and the date', () => {
    const edited = TEXT.replace('weapons', 'arms');
    const [finding] = staleOf(edited, VERIFIED.replace('has flown weapons', 'has flown arms'));
    assert.ok(finding);
    assert.equal(finding.uri, DRAFT);
    assert.equal(finding.severity, 'warning');
    assert.equal(edited.slice(finding.span.start, finding.span.end), 'Fars Air Qeshm has flown arms to Damascus');
    assert.equal(finding.range.start.line, 2);
    assert.match(finding.message, /^The sentence was edited since Ana verified it on 2026-11-20\./);
    assert.equal(finding.data?.claimIndex, 0);
    assert.equal(finding.data?.reason, 'changed');
  });

  it('points its related information at the claim in the sidecar and at the changed source', () => {
    const sidecar = VERIFIED.replace('title: Mystery Cargo', 'title: Mystery Cargo (updated)');
    const [finding] = staleOf(TEXT, sidecar);
    assert.match(finding.message, /^Source fdd-2022 changed since Ana verified it on 2026-11-20\./);
    const [claim, source] = finding.related!;
    assert.equal(claim.uri, SIDECAR);
    assert.match(sidecar.slice(claim.span.start, claim.span.end), /^fingerprint: t:/);
    assert.equal(sidecar.slice(source.span.start, source.span.end), 'fdd-2022');
  });

  it('reports a verified claim without a fingerprint', () => {
    const [finding] = staleOf(TEXT, BASE);
    assert.equal(finding.data?.reason, 'missing');
    assert.match(finding.message, /has no fingerprint/);
  });

  it('can be switched off and honours suppression comments', () => {
    assert.equal(lint(TEXT, BASE, { 'claim-stale': 'off' }).findings.filter((finding) => finding.ruleId === 'claim-stale').length, 0);
    const suppressed = TEXT.replace('Since 2017', '<!-- sourced-disable-next-line claim-stale -->\nSince 2017');
    assert.deepEqual(staleOf(suppressed, BASE), []);
  });

  it('leaves orphaned claims to claim-orphaned', () => {
    const findings = lint('# Cargo\n\nSomething else entirely.\n', VERIFIED).findings;
    assert.ok(findings.some((finding) => finding.ruleId === 'claim-orphaned'));
    assert.ok(!findings.some((finding) => finding.ruleId === 'claim-stale'));
  });

  it('never throws and keeps its spans inside the draft, whatever the draft says', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.constantFrom(BASE, VERIFIED, `${BASE}    fingerprint: "t:zz"\n`), (prefix, sidecar) => {
        const text = prefix + TEXT;
        for (const finding of staleOf(text, sidecar)) {
          assert.ok(0 <= finding.span.start && finding.span.start <= finding.span.end && finding.span.end <= text.length);
        }
      }),
      { numRuns: 60 },
    );
  });

  describe('in the review view', () => {
    const claimGroups = (text: string, sidecar: string, rules: Record<string, string> = {}) =>
      buildReviewModel(lint(text, sidecar, rules), DRAFT).find((node) => node.id === 'group/claims')!.children!.map((group) => [group.label, group.children!.length]);

    it('lists a stale claim under "Stale", with the reason in its tooltip', () => {
      const result = lint(TEXT, BASE);
      const stale = buildReviewModel(result, DRAFT).find((node) => node.id === 'group/claims')!.children!.find((group) => group.label === 'Stale');
      assert.ok(stale);
      assert.ok(stale.children![0].tooltipLines!.some((line) => /^Stale: This claim is marked verified but has no fingerprint/.test(line)));
    });

    it('keeps a claim verified while its fingerprint matches, and when the rule is off', () => {
      assert.deepEqual(claimGroups(TEXT, VERIFIED), [['Verified', 1]]);
      assert.deepEqual(claimGroups(TEXT, BASE, { 'claim-stale': 'off' }), [['Verified', 1]]);
    });

    it('puts anchoring problems before staleness', () => {
      assert.equal(claimGroupOf('verified', 'fuzzy', true), 'fuzzy');
      assert.equal(claimGroupOf('verified', 'exact', true), 'stale');
    });
  });
});
