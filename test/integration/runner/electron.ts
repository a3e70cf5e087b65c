/**
 * `npm run test:electron`: the same suite in desktop VS Code through @vscode/test-electron, for contributors
 * whose machines can download VS Code from Microsoft. Offline it fails with one clear line, not a stack.
 * Exit codes as for the code-server harness: 0 passed, 1 tests failed, 3 the harness failed.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { ensureExtensionBuilt } from './build';
import { bundleIntegrationTests } from './bundle';
import { EXIT, HarnessError } from './processes';
import { isIntegrationResult, TEST_ENV } from './protocol';
import { prepareWorkspace } from './workspace';

const DOWNLOAD_IDLE_TIMEOUT_MS = 30_000;

function log(line: string): void {
  process.stdout.write(`[sourced-it] ${line}\n`);
}

/** The VS Code to run: SOURCED_VSCODE_EXECUTABLE when set, otherwise a download of SOURCED_VSCODE_VERSION (default stable). */
async function resolveVsCode(repoRoot: string): Promise<string> {
  const local = process.env.SOURCED_VSCODE_EXECUTABLE;
  if (local) {
    await fs.access(local).catch(() => {
      throw new HarnessError(`SOURCED_VSCODE_EXECUTABLE is set to ${local}, which does not exist`);
    });
    return local;
  }
  const version = process.env.SOURCED_VSCODE_VERSION || 'stable';
  try {
    return await downloadAndUnzipVSCode({
      version,
      cachePath: path.join(repoRoot, '.vscode-test'),
      timeout: DOWNLOAD_IDLE_TIMEOUT_MS,
    });
  } catch (error) {
    const reason = ((error as Error).message || String(error)).split('\n')[0];
    throw new HarnessError(
      `could not download VS Code ${version} (offline?): ${reason}. ` +
        'Use `npm run test:integration` (code-server, needs only the npm registry) or set SOURCED_VSCODE_EXECUTABLE to a local VS Code.',
    );
  }
}

/** Runs the suite in desktop VS Code and returns the exit code; never throws. */
export async function runWithTestElectron(repoRoot: string): Promise<number> {
  let runFolder: string | undefined;
  try {
    await ensureExtensionBuilt(repoRoot, log);
    const vscodeExecutable = await resolveVsCode(repoRoot);
    runFolder = await fs.mkdtemp(path.join(os.tmpdir(), 'sourced-electron-'));
    const testsPath = path.join(runFolder, 'tests', 'index.js');
    const files = await bundleIntegrationTests(repoRoot, testsPath);
    if (files.length === 0) throw new HarnessError('no test files: expected test/integration/*.test.ts');
    const workspace = path.join(runFolder, 'workspace', 'examples');
    await prepareWorkspace(repoRoot, workspace);
    const resultFile = path.join(runFolder, 'result.json');

    const exitCode = await runTests({
      vscodeExecutablePath: vscodeExecutable,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: testsPath,
      extensionTestsEnv: { [TEST_ENV.resultFile]: resultFile, [TEST_ENV.extensionPath]: repoRoot, [TEST_ENV.grep]: process.env.SOURCED_IT_GREP },
      launchArgs: [
        workspace,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        `--user-data-dir=${path.join(runFolder, 'user-data')}`,
        `--extensions-dir=${path.join(runFolder, 'extensions')}`,
      ],
    }).catch((error: Error) => {
      // test-electron rejects when VS Code exits non-zero; the result file below still decides.
      log(`VS Code ended: ${error.message.split('\n')[0]}`);
      return 1;
    });

    const text = await fs.readFile(resultFile, 'utf8').catch(() => undefined);
    if (text === undefined) {
      log(`VS Code ended (code ${exitCode}) without a result: it crashed, or run() did not finish`);
      return EXIT.testsFailed;
    }
    const result: unknown = JSON.parse(text);
    if (!isIntegrationResult(result)) throw new HarnessError(`the result file ${resultFile} is not a valid result`);
    const skipped = result.pending > 0 ? `, ${result.pending} skipped` : '';
    process.stdout.write(`integration: ${result.passed} passed, ${result.failed} failed${skipped}\n`);
    return result.ok ? EXIT.passed : EXIT.testsFailed;
  } catch (error) {
    const message = error instanceof HarnessError ? error.message : ((error as Error).stack ?? String(error));
    process.stderr.write(`[sourced-it] harness failed: ${message}\n`);
    return EXIT.harnessFailed;
  } finally {
    if (runFolder) await fs.rm(runFolder, { recursive: true, force: true });
  }
}
