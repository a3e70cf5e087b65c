/**
 * The test entry VS Code's extension host loads (bundled by the harness into one CommonJS file, mocha included).
 * It runs every `test/integration/*.test.ts` with mocha, writes the result file the harness trusts, lets the
 * harness photograph the workbench while the extension host is still alive, and rejects when a test failed.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import { integrationTestFiles } from 'sourced:integration-test-files';
import { announceSuiteStarted, captureWorkbench } from './runner/controlClient';
import { FINAL_SCREENSHOT_NAME, TEST_ENV, type FailedTest, type IntegrationResult } from './runner/protocol';
import { mapStackToSources } from './runner/stackTraces';

const DEFAULT_TEST_TIMEOUT_MS = 60_000;
const FINAL_SCREENSHOT_TIMEOUT_MS = 20_000;

function fullTitle(runnable: Mocha.Runnable): string {
  return runnable.titlePath().join(' › ');
}

/** Points an error's stack at test/integration/*.ts instead of the bundle; mocha prints the stack later. */
function mapErrorToSources(error: unknown): void {
  if (!(error instanceof Error) || !error.stack) return;
  try {
    error.stack = mapStackToSources(error.stack, __filename, process.env[TEST_ENV.extensionPath]);
  } catch {
    // Some errors have a read-only stack; the bundle's lines are still better than nothing.
  }
}

function describeError(error: unknown): { message: string; stack?: string } {
  if (error instanceof Error) return { message: error.message, stack: error.stack };
  return { message: String(error) };
}

function positiveInteger(value: string | undefined, fallback: number): number {
  const parsed = Number(value);
  return Number.isInteger(parsed) && parsed > 0 ? parsed : fallback;
}

async function writeResultAtomically(file: string, result: IntegrationResult): Promise<void> {
  // The harness may read the moment the file appears; a rename makes it appear complete or not at all.
  const partial = `${file}.partial`;
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(partial, JSON.stringify(result, null, 2) + '\n', 'utf8');
  await fs.rename(partial, file);
}

/** Runs the integration suite; the extension host calls this and treats a rejection as a failed run. */
export async function run(): Promise<void> {
  const startedAt = Date.now();
  await announceSuiteStarted();

  const grep = process.env[TEST_ENV.grep];
  const mocha = new Mocha({
    ui: 'bdd',
    reporter: 'spec',
    color: false,
    timeout: positiveInteger(process.env[TEST_ENV.testTimeout], DEFAULT_TEST_TIMEOUT_MS),
    ...(grep ? { grep: new RegExp(grep) } : {}),
  });

  const failures: FailedTest[] = [];
  // Mirrors Mocha#loadFiles, which cannot be used because the files are bundled rather than on disk.
  for (const { file, load } of integrationTestFiles) {
    mocha.suite.emit('pre-require', globalThis, file, mocha);
    try {
      const loaded = await load();
      mocha.suite.emit('require', loaded, file, mocha);
      mocha.suite.emit('post-require', globalThis, file, mocha);
    } catch (error) {
      mapErrorToSources(error);
      console.error(`[sourced-it] could not load ${file}:`, error);
      failures.push({ title: `loading ${file}`, ...describeError(error) });
    }
  }

  let passed = 0;
  let pending = 0;
  await new Promise<void>((resolve) => {
    const runner = mocha.run(() => resolve());
    runner.on('pass', () => passed++);
    runner.on('pending', () => pending++);
    runner.on('fail', (runnable, error) => {
      mapErrorToSources(error);
      failures.push({ title: fullTitle(runnable), ...describeError(error) });
    });
  });

  const result: IntegrationResult = {
    ok: failures.length === 0 && passed > 0,
    passed,
    failed: failures.length,
    pending,
    durationMs: Date.now() - startedAt,
    failures,
  };
  if (passed === 0 && failures.length === 0) console.error('[sourced-it] no test ran: an empty run is a failure');

  const resultFile = process.env[TEST_ENV.resultFile];
  if (resultFile) await writeResultAtomically(resultFile, result);

  try {
    await captureWorkbench(FINAL_SCREENSHOT_NAME, FINAL_SCREENSHOT_TIMEOUT_MS);
  } catch (error) {
    console.warn(`[sourced-it] final screenshot failed: ${describeError(error).message}`);
  }

  if (!result.ok) {
    throw new Error(
      passed === 0 && failures.length === 0 ? 'no integration test ran' : `${failures.length} integration test(s) failed`,
    );
  }
}
