import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { lintWorkspaceSummary } from '../../../src/extension/reviewModel';

describe('the summary of "Lint Workspace"', () => {
  it('says "linted 1 draft, 1 problem." for one draft with one problem', () => {
    assert.equal(lintWorkspaceSummary(1, 1, 1, false), 'Sourced: linted 1 draft, 1 problem.');
  });

  it('says "linted 3 drafts, 0 problems." for a clean workspace of three drafts', () => {
    assert.equal(lintWorkspaceSummary(3, 3, 0, false), 'Sourced: linted 3 drafts, 0 problems.');
  });

  it('says "cancelled after 1 of 5 drafts" (not "1 of 5 draft") when cancelled after the first draft', () => {
    assert.equal(lintWorkspaceSummary(1, 5, 2, true), 'Sourced: cancelled after 1 of 5 drafts, 2 problems.');
  });

  it('says "cancelled after 0 of 1 draft" when cancelled before the only draft', () => {
    assert.equal(lintWorkspaceSummary(0, 1, 0, true), 'Sourced: cancelled after 0 of 1 draft, 0 problems.');
  });

  it('pluralises "draft" by the number right before it, for any counts', () => {
    fc.assert(
      fc.property(fc.nat(50), fc.nat(50), fc.nat(500), fc.boolean(), (linted, extra, problems, cancelled) => {
        const total = linted + extra;
        const summary = lintWorkspaceSummary(linted, total, problems, cancelled);
        const counted = cancelled ? total : linted;
        assert.ok(summary.includes(` ${counted} ${counted === 1 ? 'draft,' : 'drafts,'}`), summary);
        assert.ok(summary.endsWith(` ${problems} ${problems === 1 ? 'problem' : 'problems'}.`), summary);
      }),
    );
  });
});
