import { strict as assert } from 'node:assert';
import { isIntegrationResult, SCREENSHOT_NAME_PATTERN } from '../../../test/integration/runner/protocol';

const passing = { ok: true, passed: 3, failed: 0, pending: 1, durationMs: 1200, failures: [] };

describe('integration harness: the result file', () => {
  it('accepts a run in which tests passed and none failed', () => {
    assert.equal(isIntegrationResult(passing), true);
  });

  it('accepts a failed run that says it is not ok', () => {
    const failed = { ...passing, ok: false, failed: 1, failures: [{ title: 'a › b', message: 'boom' }] };
    assert.equal(isIntegrationResult(failed), true);
  });

  it('rejects "ok" when a test failed, so a lying or corrupted file cannot pass', () => {
    assert.equal(isIntegrationResult({ ...passing, failed: 1 }), false);
  });

  it('rejects "ok" when no test ran at all', () => {
    assert.equal(isIntegrationResult({ ...passing, passed: 0 }), false);
  });

  it('rejects files with missing or non-integer counts', () => {
    assert.equal(isIntegrationResult({ ok: true }), false);
    assert.equal(isIntegrationResult({ ...passing, passed: 2.5 }), false);
    assert.equal(isIntegrationResult(null), false);
    assert.equal(isIntegrationResult('ok'), false);
  });
});

describe('integration harness: screenshot names', () => {
  it('accepts names like "workbench-after-tests" and "draft.entities_1"', () => {
    assert.ok(SCREENSHOT_NAME_PATTERN.test('workbench-after-tests'));
    assert.ok(SCREENSHOT_NAME_PATTERN.test('draft.entities_1'));
  });

  it('refuses names that could leave test-results/ or hide a file', () => {
    for (const name of ['../escape', 'a/b', '.hidden', '', 'a\\b', 'x'.repeat(101)]) {
      assert.equal(SCREENSHOT_NAME_PATTERN.test(name), false, name);
    }
  });
});
