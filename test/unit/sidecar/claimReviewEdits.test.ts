import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { applySidecarEdits, setClaimReview } from '../../../src/core/sidecar/edits';
import { loadSidecar } from '../../../src/core/sidecar/load';

const SIDECAR = `# header comment
sources:
  fdd-2022: {title: Mystery Cargo}
claims:
  # first claim
  - text: Fars Air Qeshm has flown weapons
    sources:
      - source: fdd-2022
        locator: para. 9
    status: unverified   # set by the writer
  - text: Second claim
    sources: [fdd-2022]
`;

function apply(text: string, index: number, change: Parameters<typeof setClaimReview>[2]): string {
  const edits = setClaimReview(text, index, change);
  return applySidecarEdits(text, edits);
}

describe('setClaimReview', () => {
  it('marks a claim verified in place: status replaced with its comment kept, review fields added after it', () => {
    const after = apply(SIDECAR, 0, { status: 'verified', reviewer: 'Ana', reviewed: '2026-11-27', fingerprint: 't:0123abcd s:fdd-2022=89abcdef' });
    assert.equal(
      after,
      SIDECAR.replace(
        '    status: unverified   # set by the writer\n',
        '    status: verified   # set by the writer\n    reviewer: Ana\n    reviewed: 2026-11-27\n    fingerprint: t:0123abcd s:fdd-2022=89abcdef\n',
      ),
    );
    const claim = loadSidecar('file:///x.sources.yaml', after).value!.claims[0];
    assert.equal(claim.status, 'verified');
    assert.equal(claim.reviewed, '2026-11-27');
  });

  it('adds a status to a claim that has none, after its sources', () => {
    const after = apply(SIDECAR, 1, { status: 'disputed', note: 'The figure is 19: see p. 4', reviewer: 'Ana' });
    assert.ok(after.endsWith('    sources: [fdd-2022]\n    status: disputed\n    note: "The figure is 19: see p. 4"\n    reviewer: Ana\n'), after);
  });

  it('reopens a claim: back to unverified, review fields and fingerprint removed, note kept', () => {
    const verified = apply(SIDECAR, 0, { status: 'verified', note: 'checked', reviewer: 'Ana', reviewed: '2026-11-27', fingerprint: 't:0123abcd' });
    const reopened = apply(verified, 0, { status: 'unverified', reviewer: null, reviewed: null, fingerprint: null });
    assert.equal(reopened, SIDECAR.replace('    status: unverified   # set by the writer\n', '    status: unverified   # set by the writer\n    note: checked\n'));
  });

  it('rewrites a flow-style claim whole', () => {
    const text = 'claims:\n  - {text: A claim, sources: [k], status: unverified}\n';
    const after = apply(text, 0, { status: 'verified', reviewer: 'Ana' });
    assert.equal(loadSidecar('file:///x.sources.yaml', after).value!.claims[0].reviewer, 'Ana');
    assert.match(after, /^claims:\n {2}- \{/);
  });

  it('keeps CRLF line endings', () => {
    const crlf = SIDECAR.replace(/\n/g, '\r\n');
    const after = apply(crlf, 1, { status: 'verified', reviewer: 'Ana' });
    assert.ok(!/[^\r]\n/.test(after), JSON.stringify(after));
  });

  it('does nothing for a missing claim or an unreadable file', () => {
    assert.deepEqual(setClaimReview(SIDECAR, 7, { status: 'verified' }), []);
    assert.deepEqual(setClaimReview('claims: [unclosed', 0, { status: 'verified' }), []);
  });

  it('always yields a sidecar that reads back with the fields asked for', () => {
    const value = fc.oneof(fc.constant(null), fc.string({ minLength: 1, maxLength: 30 }).filter((s) => s.trim().length > 0));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1 }), value, value, (index, reviewer, note) => {
        const after = apply(SIDECAR, index, { status: 'verified', reviewer, note });
        const claim = loadSidecar('file:///x.sources.yaml', after).value?.claims[index];
        assert.ok(claim, after);
        assert.equal(claim.reviewer, reviewer ?? undefined);
        assert.equal(claim.note, note ?? undefined);
        assert.ok(after.startsWith('# header comment\n'));
      }),
      { numRuns: 80 },
    );
  });
});
