/**
 * `npm run test:integration`: runs test/integration/*.test.ts inside a real VS Code extension host. It installs
 * code-server on demand, starts it on a free loopback port, drives its web workbench with headless Chromium,
 * streams the extension host's console (mocha's output) and decides the outcome from the result file the test
 * entry writes, and from nothing else. Exit codes: 0 all passed, 1 tests failed, 3 the harness failed.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser, ConsoleMessage, Page } from 'playwright-core';
import { findChromium, launchChromium } from './browser';
import { ensureExtensionBuilt } from './build';
import { bundleIntegrationTests } from './bundle';
import { prepareServerFolders, startCodeServer, type RunningCodeServer, type ServerFolders } from './codeServer';
import { startControlServer } from './controlServer';
import { ensureCodeServer } from './install';
import {
  CleanupStack,
  EXIT,
  HarnessError,
  installSignalHandlers,
  withDeadline,
} from './processes';
import { isIntegrationResult, TEST_ENV, type IntegrationResult, type RunMetrics } from './protocol';
import { installVsix, writeStandInDevelopmentExtension } from './vsix';
import { formatConsoleArguments, workbenchUrl } from './workbench';
import { prepareWorkspace } from './workspace';

/** Knobs of a run; `optionsFromEnvironment` reads them from SOURCED_IT_* variables. */
export interface HarnessOptions {
  /** Also print code-server's output, the workbench's log and the page's own console. */
  verbose: boolean;
  /** After the run, keep code-server serving the run's workspace until Ctrl-C, and print its URL. */
  keepOpen: boolean;
  /** Show the browser window (needs a display). */
  headed: boolean;
  /** Mocha grep: only matching tests run. */
  grep?: string;
  /** Per-test timeout inside mocha. */
  testTimeoutMs?: number;
  /** From opening the workbench until the test entry announces itself. */
  startTimeoutMs: number;
  /** From the test entry's start until the workbench reports the end of the run. */
  runTimeoutMs: number;
  /**
   * A packaged extension: install this .vsix into the run's extensions folder and run the smoke suite of
   * test/integration/vsix/ against it, with no extension loaded from a development path.
   */
  vsix?: string;
}

function secondsFromEnvironment(name: string, fallbackSeconds: number): number {
  const value = Number(process.env[name]);
  return (Number.isFinite(value) && value > 0 ? value : fallbackSeconds) * 1000;
}

function flag(name: string): boolean {
  const value = process.env[name];
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

/** Reads the harness options from the environment (see docs/testing.md). */
export function optionsFromEnvironment(): HarnessOptions {
  const testTimeout = Number(process.env.SOURCED_IT_TEST_TIMEOUT);
  return {
    verbose: flag('SOURCED_IT_VERBOSE'),
    keepOpen: flag('SOURCED_IT_KEEP_OPEN'),
    headed: flag('SOURCED_IT_HEADED'),
    grep: process.env.SOURCED_IT_GREP || undefined,
    testTimeoutMs: Number.isFinite(testTimeout) && testTimeout > 0 ? testTimeout * 1000 : undefined,
    startTimeoutMs: secondsFromEnvironment('SOURCED_IT_START_TIMEOUT', 180),
    runTimeoutMs: secondsFromEnvironment('SOURCED_IT_TIMEOUT', 900),
  };
}

const WORKBENCH_LOAD_TIMEOUT_MS = 90_000;
const SERVER_START_TIMEOUT_MS = 60_000;
const VIEWPORT = { width: 1600, height: 1000 };

function log(line: string): void {
  process.stdout.write(`[sourced-it] ${line}\n`);
}

function seconds(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

/** The extension's id, `publisher.name` from the repository's package.json. */
async function extensionId(repoRoot: string): Promise<string> {
  const manifest = JSON.parse(await fs.readFile(path.join(repoRoot, 'package.json'), 'utf8')) as { publisher: string; name: string };
  return `${manifest.publisher}.${manifest.name}`;
}

/** The measurements the tests recorded, or undefined when none did. */
async function readMetrics(file: string): Promise<RunMetrics | undefined> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8')) as RunMetrics;
  } catch {
    return undefined;
  }
}

function describeMetrics(metrics: RunMetrics): string | undefined {
  const parts: string[] = [];
  if (metrics.vscodeActivationMs !== undefined) parts.push(`${metrics.vscodeActivationMs} ms as VS Code measures it (loading the bundle + activate())`);
  if (metrics.activateMs !== undefined) parts.push(`activate() ${metrics.activateMs.toFixed(1)} ms`);
  return parts.length > 0 ? `activation: ${parts.join('; ')}` : undefined;
}

/**
 * Waits until the Running Extensions editor lists an extension under one of `names` with its activation time,
 * and returns that text ("Activation: 41ms"). The editor renders asynchronously, hence the wait on the page.
 */
async function runningExtensionActivation(page: Page, names: readonly string[]): Promise<string> {
  // A string, because the harness is compiled without the DOM types; evaluated in the page on every poll.
  const findRow = `(() => {
    const wanted = ${JSON.stringify(names)};
    for (const row of document.querySelectorAll('.runtime-extensions-editor .extension')) {
      const name = row.querySelector('.name')?.textContent?.trim() ?? '';
      const time = row.querySelector('.activation-time')?.textContent?.trim() ?? '';
      if (wanted.includes(name) && /\\d\\s*ms/.test(time)) return time;
    }
    return false;
  })()`;
  const handle = await page.waitForFunction(findRow, undefined, { timeout: 15_000, polling: 100 });
  return (await handle.jsonValue()) as string;
}

async function readResult(file: string): Promise<IntegrationResult | undefined> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  const parsed: unknown = JSON.parse(text);
  if (!isIntegrationResult(parsed)) throw new HarnessError(`the result file ${file} is not a valid result`, text);
  return parsed;
}

/** Prints the page's console in call order, although reading each message's arguments is asynchronous. */
function consoleRelay(verbose: boolean): { onMessage: (message: ConsoleMessage) => void; flush: () => Promise<void> } {
  let queue = Promise.resolve();
  const onMessage = (message: ConsoleMessage) => {
    const values = Promise.all(message.args().map((handle) => handle.jsonValue().catch(() => handle.toString())));
    queue = queue.then(async () => {
      const { fromExtensionHost, text } = formatConsoleArguments(await values.catch(() => [message.text()]));
      if (fromExtensionHost) {
        const stream = message.type() === 'error' ? process.stderr : process.stdout;
        stream.write(text + '\n');
      } else if (verbose) {
        process.stdout.write(`[workbench ${message.type()}] ${text}\n`);
      }
    });
  };
  return { onMessage, flush: () => queue };
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((settle) => (resolve = settle));
  return { promise, resolve };
}

/** Never resolves; rejects with a HarnessError as soon as the tab, the browser or code-server dies. */
function watchForCrashes(page: Page, browser: Browser, server: RunningCodeServer): Promise<never> {
  const crashed = new Promise<never>((_, reject) => {
    page.on('crash', () => reject(new HarnessError('the browser tab running the workbench crashed')));
    browser.on('disconnected', () => reject(new HarnessError('the browser exited during the run')));
    void server.exited.then((code) =>
      reject(new HarnessError(`code-server exited (code ${code}) during the run`, server.recentOutput().join('\n'))),
    );
  });
  // Nobody may be waiting when a crash happens during cleanup; that is not an unhandled failure.
  crashed.catch(() => undefined);
  return crashed;
}

async function waitUntilInterrupted(): Promise<never> {
  return new Promise<never>(() => {
    // The signal handlers run the cleanups and exit.
  });
}

/** Runs the suite of the repository at `repoRoot` once and returns the exit code; never throws. */
export async function runIntegrationTests(repoRoot: string, options: HarnessOptions = optionsFromEnvironment()): Promise<number> {
  const projectRoot = path.resolve(repoRoot);
  const runStarted = Date.now();
  const cleanups = new CleanupStack();
  let interrupted = false;
  const removeSignalHandlers = installSignalHandlers(cleanups, (signal) => {
    interrupted = true;
    log(`${signal}: stopping the browser and code-server…`);
  });
  try {
    // A packaged run tests the .vsix as built by `npm run package`; dist/ of this folder plays no part.
    if (!options.vsix) await ensureExtensionBuilt(projectRoot, log);
    // Checked first: a missing browser should not cost a code-server install before it is reported.
    const chromiumPath = findChromium();

    const runFolder = await fs.mkdtemp(path.join(os.tmpdir(), 'sourced-it-'));
    cleanups.add('remove the run folder', () => fs.rm(runFolder, { recursive: true, force: true }));
    const testsPath = path.join(runFolder, 'tests', 'index.js');
    const files = await bundleIntegrationTests(projectRoot, testsPath, options.vsix ? 'vsix' : 'main');
    if (files.length === 0) {
      throw new HarnessError(`no test files: expected test/integration/${options.vsix ? 'vsix/' : ''}*.test.ts`);
    }

    const workspaceFolder = path.join(runFolder, 'workspace', 'examples');
    const workspaceOrigin = await prepareWorkspace(projectRoot, workspaceFolder);
    log(
      `${files.length} test file(s); workspace: ${workspaceOrigin === 'examples' ? 'a copy of examples/' : 'generated (examples/ has no draft yet)'}`,
    );

    const install = await ensureCodeServer(projectRoot, log);
    const folders: ServerFolders = {
      userData: path.join(runFolder, 'user-data'),
      extensions: path.join(runFolder, 'extensions'),
      tmp: path.join(runFolder, 'tmp'),
      configFile: path.join(runFolder, 'code-server.yaml'),
    };
    await prepareServerFolders(folders);

    // Under test, the extension is either the folder under development or, for a packaged run, the installed
    // .vsix next to an empty stand-in, because VS Code runs a test entry only with a development extension.
    let developmentPath = projectRoot;
    const id = await extensionId(projectRoot);
    if (options.vsix) {
      const installed = await installVsix(install, folders, path.resolve(options.vsix), id);
      log(`installed ${path.basename(options.vsix)} as ${installed.id} ${installed.version} into the run's extensions folder`);
      developmentPath = path.join(runFolder, 'stand-in-development-extension');
      await writeStandInDevelopmentExtension(developmentPath);
    }

    const resultsFolder = path.join(projectRoot, 'test-results');
    await fs.mkdir(resultsFolder, { recursive: true });
    let page: Page | undefined;
    const control = await startControlServer({
      async screenshot(name) {
        if (!page) throw new Error('the workbench page is not open');
        // Two animation frames: whatever reached the page before the request is painted.
        await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
        // A packaged run's pictures get their own names, so they do not replace the main suite's.
        const file = path.join(resultsFolder, `${options.vsix ? 'vsix-' : ''}${name}.png`);
        await page.screenshot({ path: file, timeout: 15_000 });
        log(`screenshot ${path.relative(projectRoot, file)}`);
        return file;
      },
      async activationTime(names) {
        if (!page) throw new Error('the workbench page is not open');
        return runningExtensionActivation(page, names);
      },
    });
    cleanups.add('close the control endpoint', () => control.close());

    const server = await startCodeServer(install, folders, {
      timeoutMs: SERVER_START_TIMEOUT_MS,
      onOutput: options.verbose ? (line) => process.stdout.write(`[code-server] ${line}\n`) : undefined,
    });
    cleanups.add('stop code-server', () => server.stop());
    log(`code-server ${install.codeServerVersion} listening on ${server.origin} (pid ${server.pid})`);

    const launched = await launchChromium(chromiumPath, { tmp: folders.tmp, headless: !options.headed });
    cleanups.add('close the browser', () => launched.close());
    const browser = launched.browser;
    page = await browser.newPage({ viewport: VIEWPORT });

    const workbenchExit = deferred<number>();
    await page.exposeFunction('codeAutomationExit', (code: number) => workbenchExit.resolve(Number(code)));
    await page.exposeFunction('codeAutomationLog', (...lines: unknown[]) => {
      if (options.verbose) process.stdout.write(`[workbench log] ${lines.map(String).join(' ')}\n`);
    });
    const relay = consoleRelay(options.verbose);
    page.on('console', relay.onMessage);
    if (options.verbose) page.on('pageerror', (error) => process.stdout.write(`[workbench error] ${error.message}\n`));
    const crashed = watchForCrashes(page, browser, server);

    const resultFile = path.join(runFolder, 'result.json');
    const metricsFile = path.join(runFolder, 'metrics.json');
    const extensionEnvironment: Record<string, string> = {
      [TEST_ENV.resultFile]: resultFile,
      [TEST_ENV.controlUrl]: control.url,
      [TEST_ENV.extensionPath]: projectRoot,
      [TEST_ENV.metricsFile]: metricsFile,
    };
    if (options.vsix) extensionEnvironment[TEST_ENV.installedExtensionsDir] = folders.extensions;
    if (options.grep) extensionEnvironment[TEST_ENV.grep] = options.grep;
    if (options.testTimeoutMs) extensionEnvironment[TEST_ENV.testTimeout] = String(options.testTimeoutMs);
    const url = workbenchUrl(server.origin, workspaceFolder, { extensionPath: developmentPath, testsPath, extensionEnvironment });

    const opening = (async () => {
      await page.goto(url, { waitUntil: 'domcontentloaded', timeout: WORKBENCH_LOAD_TIMEOUT_MS });
      await page.waitForSelector('.monaco-workbench', { timeout: WORKBENCH_LOAD_TIMEOUT_MS });
    })();
    await withDeadline(Promise.race([opening, crashed]), WORKBENCH_LOAD_TIMEOUT_MS + 5_000, 'the workbench did not load');

    const endedBeforeStart = workbenchExit.promise.then((code) => {
      throw new HarnessError(
        `the extension host ended (code ${code}) before the test entry started: is the bundle loadable? rerun with SOURCED_IT_VERBOSE=1`,
      );
    });
    await withDeadline(
      Promise.race([control.started, endedBeforeStart, crashed]),
      options.startTimeoutMs,
      'the workbench loaded but the test entry never started (payload ignored, or the extension host did not start)',
    );
    endedBeforeStart.catch(() => undefined);
    const testsStarted = Date.now();

    const exitCode = await withDeadline(Promise.race([workbenchExit.promise, crashed]), options.runTimeoutMs, 'the tests did not finish');
    await relay.flush();

    const result = await readResult(resultFile);
    if (!result) {
      log(`the extension host ended (code ${exitCode}) without a result: it crashed, or run() did not finish`);
      return EXIT.testsFailed;
    }
    const metrics = await readMetrics(metricsFile);
    const resultName = options.vsix ? 'vsix-result.json' : 'integration-result.json';
    if (metrics) {
      const vsix = options.vsix ? { vsix: path.basename(options.vsix), vsixBytes: (await fs.stat(options.vsix)).size } : {};
      await fs.writeFile(path.join(resultsFolder, resultName), JSON.stringify({ ...result, ...vsix, metrics }, null, 2) + '\n');
    } else {
      await fs.copyFile(resultFile, path.join(resultsFolder, resultName));
    }
    if (result.ok && exitCode !== 0) log(`note: the workbench reported exit code ${exitCode} although every test passed`);
    const skipped = result.pending > 0 ? `, ${result.pending} skipped` : '';
    log(`tests took ${seconds(testsStarted)}; whole run ${seconds(runStarted)}`);
    const described = metrics && describeMetrics(metrics);
    if (described) process.stdout.write(`${described}\n`);
    process.stdout.write(`${options.vsix ? 'vsix smoke' : 'integration'}: ${result.passed} passed, ${result.failed} failed${skipped}\n`);

    if (options.keepOpen) {
      await launched.close();
      const browse = workbenchUrl(server.origin, workspaceFolder, { extensionPath: developmentPath });
      log(`keeping code-server open (Ctrl-C to stop); the run's workspace with the extension:\n${browse}`);
      await waitUntilInterrupted();
    }
    return result.ok ? EXIT.passed : EXIT.testsFailed;
  } catch (error) {
    // Stopping the browser under a pending step makes that step fail; that is the interruption, not news.
    if (interrupted) return EXIT.interrupted;
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    const detail = error instanceof HarnessError ? error.detail : (error as Error).stack;
    process.stderr.write(`[sourced-it] harness failed: ${message}\n`);
    if (detail && (options.verbose || process.env.CI)) process.stderr.write(`${detail}\n`);
    return EXIT.harnessFailed;
  } finally {
    await cleanups.runAll();
    removeSignalHandlers();
  }
}
