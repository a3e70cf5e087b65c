import { strict as assert } from 'node:assert';
import type { LinkOutcome } from '../../../src/core/links/check';
import { linkCheckRefusal, progressMessage, summaryMessage, UNTRUSTED_WORKSPACE_MESSAGE } from '../../../src/extension/features/linkHealthModel';

function outcome(verdict: LinkOutcome['verdict'], fromCache = false): LinkOutcome {
  return { url: `https://example.org/${Math.random()}`, verdict, reason: 'r', redirects: 0, checkedAt: 0, ...(fromCache ? { fromCache } : {}) };
}

describe('"Check Source Links" decisions and words', () => {
  it('refuses in an untrusted workspace, saying why and what to do', () => {
    assert.equal(linkCheckRefusal({ isTrusted: false }), UNTRUSTED_WORKSPACE_MESSAGE);
    assert.match(UNTRUSTED_WORKSPACE_MESSAGE, /only in a trusted workspace/);
    assert.match(UNTRUSTED_WORKSPACE_MESSAGE, /Trust the workspace to check links\.$/);
  });

  it('runs in a trusted workspace', () => {
    assert.equal(linkCheckRefusal({ isTrusted: true }), undefined);
  });

  it('shows the count and the host being checked in the progress', () => {
    assert.equal(progressMessage(3, 12, 'https://www.example.org:8443/a/b?c'), '3/12 · www.example.org:8443');
    assert.equal(progressMessage(1, 1, 'not a url'), '1/1 · not a url');
  });

  it('sums up broken, unconfirmed, unchecked and unarchived links in one sentence', () => {
    const outcomes = [outcome('ok'), outcome('ok', true), outcome('broken'), outcome('inconclusive'), outcome('skipped')];
    assert.equal(
      summaryMessage(outcomes, 2),
      "Sourced checked 5 links (1 from the last day's checks): 1 broken, 1 could not be confirmed, 1 not checked, 2 sources without an archived copy.",
    );
  });

  it('says "none broken" when every link answers', () => {
    assert.equal(summaryMessage([outcome('ok')], 0), 'Sourced checked 1 link: none broken.');
    assert.equal(summaryMessage([outcome('ok'), outcome('ok')], 1), 'Sourced checked 2 links: none broken, 1 source without an archived copy.');
  });
});
