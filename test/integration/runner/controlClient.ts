/**
 * The extension-host side of the harness's control endpoint. Runs inside VS Code's Node extension host, so it
 * may use Node modules but must not import the harness (playwright, child processes).
 */
import * as http from 'node:http';
import { CONTROL_PATHS, SCREENSHOT_NAME_PATTERN, TEST_ENV } from './protocol';

interface ControlResponse {
  status: number;
  body: string;
}

/** The control endpoint's base URL, or undefined when the suite runs without the code-server harness. */
export function controlUrl(): string | undefined {
  const value = process.env[TEST_ENV.controlUrl];
  return value && value.length > 0 ? value : undefined;
}

function post(base: string, path: string, query: Record<string, string | readonly string[]>, timeoutMs: number): Promise<ControlResponse> {
  const url = new URL(path, base);
  for (const [key, value] of Object.entries(query)) {
    for (const item of typeof value === 'string' ? [value] : value) url.searchParams.append(key, item);
  }
  return new Promise((resolve, reject) => {
    // agent: false keeps the request off any keep-alive or proxy agent VS Code may have patched in.
    const request = http.request(url, { method: 'POST', agent: false, timeout: timeoutMs }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error(`no answer from the harness at ${url.href} within ${timeoutMs} ms`)));
    request.on('error', reject);
    request.end();
  });
}

/** Tells the harness the test entry is running; without this it cannot tell a slow start from an ignored payload. */
export async function announceSuiteStarted(timeoutMs = 5_000): Promise<void> {
  const base = controlUrl();
  if (!base) return;
  try {
    await post(base, CONTROL_PATHS.started, {}, timeoutMs);
  } catch (error) {
    // The harness only uses this to give a better message on a stall; the tests themselves can still run.
    console.warn(`[sourced-it] could not announce the start to the harness: ${(error as Error).message}`);
  }
}

/**
 * Asks the harness to save the workbench as `test-results/<name>.png` and resolves with the file's path once
 * it is written. Resolves undefined when no harness is listening (e.g. under @vscode/test-electron).
 */
export async function captureWorkbench(name: string, timeoutMs = 20_000): Promise<string | undefined> {
  if (!SCREENSHOT_NAME_PATTERN.test(name)) {
    throw new Error(`screenshot name ${JSON.stringify(name)} must match ${SCREENSHOT_NAME_PATTERN}`);
  }
  const base = controlUrl();
  if (!base) {
    console.log(`[sourced-it] screenshot "${name}" skipped: no harness to take it`);
    return undefined;
  }
  const response = await post(base, CONTROL_PATHS.screenshot, { name }, timeoutMs);
  if (response.status !== 200) throw new Error(`the harness could not take screenshot "${name}": ${response.body}`);
  return (JSON.parse(response.body) as { path: string }).path;
}

/**
 * Asks the harness for the activation time the open "Developer: Show Running Extensions" editor shows for the
 * extension listed under one of `names` (its display name or its id), e.g. "Activation: 41ms". Resolves
 * undefined when no harness is listening.
 */
export async function readRunningExtensionActivation(names: readonly string[], timeoutMs = 20_000): Promise<string | undefined> {
  const base = controlUrl();
  if (!base) return undefined;
  const response = await post(base, CONTROL_PATHS.activationTime, { name: names }, timeoutMs);
  if (response.status !== 200) throw new Error(`the harness could not read the activation time: ${response.body}`);
  return (JSON.parse(response.body) as { text: string }).text;
}
