/**
 * What the harness (outside VS Code) and the test entry (inside the extension host) agree on. Both sides
 * import this file, so it must stay free of Node-only and vscode-only imports.
 */

/** Environment variables the harness hands to the extension host through the workbench payload. */
export const TEST_ENV = {
  /** Absolute path of the JSON file the test entry writes when mocha has finished. */
  resultFile: 'SOURCED_IT_RESULT_FILE',
  /** `http://127.0.0.1:PORT` of the harness's control endpoint (screenshots, "the suite started"). */
  controlUrl: 'SOURCED_IT_CONTROL_URL',
  /** Mocha `grep`: only tests whose full title matches this regular expression run. */
  grep: 'SOURCED_IT_GREP',
  /** Per-test timeout in milliseconds. */
  testTimeout: 'SOURCED_IT_TEST_TIMEOUT',
  /** Absolute path of the extension under development, so tests can check they run the right one. */
  extensionPath: 'SOURCED_IT_EXTENSION_PATH',
  /** Packaged-extension runs only: the extensions folder the .vsix was installed into. */
  installedExtensionsDir: 'SOURCED_IT_INSTALLED_EXTENSIONS_DIR',
  /** Absolute path of a JSON file where tests record measurements (`RunMetrics`) for the harness to report. */
  metricsFile: 'SOURCED_IT_METRICS_FILE',
} as const;

/** Paths of the harness's control endpoint. */
export const CONTROL_PATHS = {
  /** POSTed by the test entry as soon as it runs: proof that the payload was honoured. */
  started: '/started',
  /** POST `?name=NAME`: the harness saves the workbench as `test-results/NAME.png` and answers with its path. */
  screenshot: '/screenshot',
  /**
   * POST `?name=NAME` (repeatable): with "Developer: Show Running Extensions" open, the harness answers with the
   * activation time VS Code shows for the extension listed under one of the names, e.g. "Activation: 41ms".
   */
  activationTime: '/activation-time',
} as const;

/** Screenshot names become file names, so they are restricted to a portable, traversal-free alphabet. */
export const SCREENSHOT_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/** The name of the screenshot the test entry asks for after every run, whatever the outcome. */
export const FINAL_SCREENSHOT_NAME = 'workbench-after-tests';

/** One failed test, as the result file records it. */
export interface FailedTest {
  /** Suite titles and test title joined by " › ". */
  title: string;
  message: string;
  stack?: string;
}

/** The result file: the only evidence of the outcome the harness trusts. */
export interface IntegrationResult {
  /** True when at least one test ran and none failed. */
  ok: boolean;
  passed: number;
  failed: number;
  pending: number;
  durationMs: number;
  failures: FailedTest[];
}

/** Checks the shape of a parsed result file, since a truncated or foreign file must not count as a pass. */
export function isIntegrationResult(value: unknown): value is IntegrationResult {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  const isCount = (field: unknown): boolean => typeof field === 'number' && Number.isInteger(field) && field >= 0;
  return (
    typeof record.ok === 'boolean' &&
    isCount(record.passed) &&
    isCount(record.failed) &&
    isCount(record.pending) &&
    typeof record.durationMs === 'number' &&
    Array.isArray(record.failures) &&
    record.ok === (record.failed === 0 && (record.passed as number) > 0)
  );
}

/** Measurements a run records in the metrics file; the harness prints them and adds them to its result file. */
export interface RunMetrics {
  /** What the extension's `activate()` reports it took (`SourcedApi.activationMs`). */
  activateMs?: number;
  /** VS Code's own figure from "Show Running Extensions": loading the bundle plus the `activate()` call. */
  vscodeActivationMs?: number;
}

/** Reads "Activation: 41ms" or "Startup Activation: 41ms" (the Running Extensions editor) as milliseconds. */
export function parseActivationTime(text: string): number | undefined {
  const match = /Activation:\s*(\d+(?:\.\d+)?)\s*ms/i.exec(text);
  return match ? Number(match[1]) : undefined;
}
