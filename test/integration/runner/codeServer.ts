/**
 * Starts code-server on a free loopback port, in its own process group, with throw-away user data, and stops
 * it by that process group only.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';
import type { CodeServerInstall } from './install';
import { HarnessError, spawnGroupLeader, stopProcessGroup } from './processes';

const LISTENING = /HTTP server listening on (http:\/\/[^\s/]+:(\d+))\/?/;
const OUTPUT_LINES_KEPT = 60;

/** User settings every harness-started server gets; the web defaults would let edits reach the fixtures. */
export const SEEDED_SETTINGS: Readonly<Record<string, unknown>> = {
  // The web workbench saves after a delay by default, which would write test edits into the workspace files.
  'files.autoSave': 'off',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'chat.disableAIFeatures': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
};

/** A running code-server. */
export interface RunningCodeServer {
  /** `http://127.0.0.1:PORT`, exactly as the browser must use it (it is also the `vscode-remote` authority). */
  origin: string;
  port: number;
  pid: number;
  /** The last lines the server printed, for error messages. */
  recentOutput(): string[];
  /** Resolves with the exit code when the server's main process exits. */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

/** Where a server's state lives; the harness makes these inside its per-run temporary folder. */
export interface ServerFolders {
  userData: string;
  extensions: string;
  /** TMPDIR for the server and its children, so their sockets do not pile up in the system temp folder. */
  tmp: string;
  /** An empty config file: without --config, code-server writes ~/.config/code-server/config.yaml. */
  configFile: string;
}

/** Creates the server folders and seeds user settings, keeping settings a user already has in `userData`. */
export async function prepareServerFolders(folders: ServerFolders, settings = SEEDED_SETTINGS): Promise<void> {
  for (const folder of [folders.userData, folders.extensions, folders.tmp]) await fs.mkdir(folder, { recursive: true });
  await fs.writeFile(folders.configFile, '', { flag: 'a' });
  const settingsFile = path.join(folders.userData, 'User', 'settings.json');
  await fs.mkdir(path.dirname(settingsFile), { recursive: true });
  let existing: Record<string, unknown> = {};
  try {
    existing = JSON.parse(await fs.readFile(settingsFile, 'utf8')) as Record<string, unknown>;
  } catch {
    // No settings yet, or settings with comments that JSON cannot read: seed over them.
  }
  await fs.writeFile(settingsFile, JSON.stringify({ ...settings, ...existing }, null, 2) + '\n');
}

/** The environment of the server: the harness's, minus what would tie it to a VS Code the harness runs in. */
function serverEnvironment(tmp: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith('VSCODE_') || key === 'ELECTRON_RUN_AS_NODE' || key === 'PASSWORD' || key === 'HASHED_PASSWORD') continue;
    env[key] = value;
  }
  return { ...env, TMPDIR: tmp, TMP: tmp, TEMP: tmp };
}

/**
 * Starts code-server and resolves once it listens. `onOutput` receives each line it prints; the promise rejects
 * with a HarnessError when the server exits or stays silent for `timeoutMs`.
 */
export async function startCodeServer(
  install: CodeServerInstall,
  folders: ServerFolders,
  options: { timeoutMs?: number; port?: number; onOutput?: (line: string) => void } = {},
): Promise<RunningCodeServer> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const args = [
    install.entry,
    '--config', folders.configFile,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${options.port ?? 0}`,
    '--user-data-dir', folders.userData,
    '--extensions-dir', folders.extensions,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    // Without it the built workbench silently ignores the development payload (extensionTestsPath & co).
    '--vscode-option', 'enable-smoke-test-driver',
  ];
  const child = spawnGroupLeader(install.nodeBinary, args, {
    env: serverEnvironment(folders.tmp),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid;
  if (pid === undefined) throw new HarnessError(`could not start code-server with ${install.nodeBinary}`);

  const output: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = () => stopProcessGroup(pid);

  const listening = new Promise<{ origin: string; port: number }>((resolve, reject) => {
    const onLine = (line: string) => {
      output.push(line);
      if (output.length > OUTPUT_LINES_KEPT) output.shift();
      options.onOutput?.(line);
      const match = LISTENING.exec(line);
      if (match) resolve({ origin: match[1], port: Number(match[2]) });
    };
    readline.createInterface({ input: child.stdout! }).on('line', onLine);
    readline.createInterface({ input: child.stderr! }).on('line', onLine);
    child.once('error', (error) => reject(new HarnessError(`could not start code-server: ${error.message}`)));
    void exited.then((code) =>
      reject(new HarnessError(`code-server exited (code ${code}) before it listened`, output.join('\n'))),
    );
  });

  let timer: NodeJS.Timeout | undefined;
  const silent = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new HarnessError(`code-server did not listen within ${Math.round(timeoutMs / 1000)} s`, output.join('\n'))),
      timeoutMs,
    );
  });
  try {
    const { origin, port } = await Promise.race([listening, silent]);
    return { origin, port, pid, exited, stop, recentOutput: () => [...output] };
  } catch (error) {
    await stop();
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
