/**
 * Finds a Chrome or Chromium on the machine and launches it headless through playwright-core, which brings no
 * browser of its own (and could not download one here).
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserServer } from 'playwright-core';
import { stopProcessGroup, withDeadline } from './processes';
import { HarnessError } from './processes';

/** Where Chrome and Chromium usually live, most specific first (Debian's /usr/bin/chromium is a shell wrapper). */
const USUAL_LOCATIONS: Readonly<Partial<Record<NodeJS.Platform, readonly string[]>>> = {
  linux: [
    '/usr/lib/chromium/chromium',
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome-stable',
    '/usr/bin/google-chrome',
    '/opt/google/chrome/chrome',
    '/snap/bin/chromium',
  ],
  darwin: [
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    '/Applications/Chromium.app/Contents/MacOS/Chromium',
  ],
  win32: [
    `${process.env.PROGRAMFILES ?? 'C:\\Program Files'}\\Google\\Chrome\\Application\\chrome.exe`,
    `${process.env['PROGRAMFILES(X86)'] ?? 'C:\\Program Files (x86)'}\\Google\\Chrome\\Application\\chrome.exe`,
    `${process.env.LOCALAPPDATA ?? ''}\\Google\\Chrome\\Application\\chrome.exe`,
  ],
};

/** Flags that keep Chromium quiet on a closed network and working as root in a container. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  '--disable-default-apps',
  '--disable-features=Translate,MediaRouter,OptimizationHints',
];

/** The browser to use: `CHROME_PATH` when set (and it must exist), otherwise the first usual location present. */
export function findChromium(): string {
  const configured = process.env.CHROME_PATH;
  if (configured) {
    if (!existsSync(configured)) throw new HarnessError(`CHROME_PATH is set to ${configured}, which does not exist`);
    return configured;
  }
  const candidates = USUAL_LOCATIONS[process.platform] ?? [];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) {
    throw new HarnessError(
      'no Chrome or Chromium found: install one (Debian: apt-get install chromium) or set CHROME_PATH to its executable',
    );
  }
  return found;
}

/** A launched browser, with the process id the harness needs to stop it when closing politely fails. */
export interface LaunchedBrowser {
  browser: Browser;
  pid: number | undefined;
  close(): Promise<void>;
}

/**
 * Launches the browser. Playwright's own signal handlers are off because the harness stops everything itself;
 * it is launched as a server and connected to, because only a browser server exposes its process.
 */
export async function launchChromium(
  executablePath: string,
  options: { tmp: string; headless: boolean; timeoutMs?: number },
): Promise<LaunchedBrowser> {
  const timeout = options.timeoutMs ?? 60_000;
  let server: BrowserServer;
  try {
    server = await chromium.launchServer({
      executablePath,
      headless: options.headless,
      args: [...CHROMIUM_ARGS],
      env: { ...process.env, TMPDIR: options.tmp },
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      timeout,
    });
  } catch (error) {
    const firstLine = (error as Error).message.split('\n')[0];
    throw new HarnessError(`could not launch ${executablePath}: ${firstLine}`, (error as Error).message);
  }
  const pid = server.process().pid;
  const close = async () => {
    await withDeadline(server.close(), 10_000, 'closing the browser').catch(() => undefined);
    // Playwright starts the browser as a process group leader; sweep up whatever outlived close().
    if (pid !== undefined) await stopProcessGroup(pid, 2_000);
  };
  try {
    const browser = await chromium.connect(server.wsEndpoint(), { timeout });
    return { browser, pid, close };
  } catch (error) {
    await close();
    throw new HarnessError(`could not connect to ${executablePath}: ${(error as Error).message.split('\n')[0]}`);
  }
}
