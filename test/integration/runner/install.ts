/**
 * Installs the VS Code host the integration tests run in, on demand, into a cache folder keyed by version:
 * code-server (a VS Code server with its web workbench, published on npm) and the Node 24 it requires
 * (from the npm package `node-<os>-<arch>`). A marker file written last makes a half-finished install
 * count as missing, and a lock folder keeps two runs from installing into the same place at once.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, promises as fs, readFileSync, realpathSync } from 'node:fs';
import * as path from 'node:path';
import { HarnessError, spawnGroupLeader, stopProcessGroup } from './processes';

/** The code-server release the suite runs in; it embeds VS Code 1.139.1. */
export const CODE_SERVER_VERSION = '4.139.1';
/** The Node release code-server runs on (code-server 4.139 requires Node 24). */
export const NODE_VERSION = '24.21.0';

const INSTALL_TIMEOUT_MS = 20 * 60_000;
const LOCK_WAIT_MS = 25 * 60_000;
const MARKER = 'install.json';

/** A complete install: what the harness needs to start the server. */
export interface CodeServerInstall {
  codeServerVersion: string;
  /** Absolute path of a Node 24 binary. */
  nodeBinary: string;
  nodeVersion: string;
  /** Absolute path of code-server's `out/node/entry.js`. */
  entry: string;
  /** The version folder inside the cache. */
  folder: string;
}

interface Marker {
  codeServerVersion: string;
  nodeVersion: string;
  nodeBinary: string;
  entry: string;
  installedAt: string;
  installSeconds: number;
}

/** The cache folder that holds one folder per code-server version (overridable with SOURCED_IT_CACHE_DIR). */
export function cacheRoot(repoRoot: string): string {
  const override = process.env.SOURCED_IT_CACHE_DIR;
  return override ? path.resolve(override) : path.join(repoRoot, '.cache', 'vscode-server');
}

function nodePackageName(): string {
  const os = process.platform === 'win32' ? 'win' : process.platform;
  return `node-${os}-${process.arch}`;
}

function nodeBinaryIn(packageFolder: string): string {
  return process.platform === 'win32' ? path.join(packageFolder, 'bin', 'node.exe') : path.join(packageFolder, 'bin', 'node');
}

/** The npm CLI script, run with Node 24 so that install scripts see `node/v24` in npm's user agent. */
function npmCliScript(): string {
  const candidates: string[] = [];
  const fromNpmRun = process.env.npm_execpath;
  if (fromNpmRun && /npm-cli\.c?js$/.test(fromNpmRun)) candidates.push(fromNpmRun);
  for (const directory of (process.env.PATH ?? '').split(path.delimiter)) {
    const launcher = path.join(directory, 'npm');
    if (!existsSync(launcher)) continue;
    try {
      const real = realpathSync(launcher);
      candidates.push(real.endsWith('.js') ? real : path.join(path.dirname(real), 'npm-cli.js'));
    } catch {
      // A dangling link on PATH; try the next directory.
    }
  }
  candidates.push(path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js'));
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) throw new HarnessError('cannot find npm (npm-cli.js) to install code-server with');
  return found;
}

/**
 * The environment minus what `npm run` adds: its npm_config_user_agent names the Node that runs npm (20), and
 * code-server's postinstall reads the Node version from it and refuses to install.
 */
function environmentWithoutNpmRun(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^npm_/i.test(key)) env[key] = value;
  }
  return env;
}

function readMarker(folder: string): Marker | undefined {
  try {
    const marker = JSON.parse(readFileSync(path.join(folder, MARKER), 'utf8')) as Marker;
    const complete =
      marker.codeServerVersion === CODE_SERVER_VERSION && existsSync(marker.nodeBinary) && existsSync(marker.entry);
    return complete ? marker : undefined;
  } catch {
    return undefined;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the install lock (a folder, created atomically); waits for a live holder and breaks a dead one's lock. */
async function acquireLock(lockFolder: string, log: (line: string) => void): Promise<() => Promise<void>> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  let announced = false;
  for (;;) {
    try {
      await fs.mkdir(lockFolder);
      await fs.writeFile(path.join(lockFolder, 'pid'), String(process.pid));
      return () => fs.rm(lockFolder, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number(await fs.readFile(path.join(lockFolder, 'pid'), 'utf8').catch(() => 'NaN'));
    if (Number.isInteger(holder) && !processAlive(holder)) {
      await fs.rm(lockFolder, { recursive: true, force: true });
      continue;
    }
    if (!Number.isInteger(holder)) {
      // The holder is between mkdir and writing its pid; give it a moment before judging the lock stale.
      const stat = await fs.stat(lockFolder).catch(() => undefined);
      if (stat && Date.now() - stat.mtimeMs > 30_000) await fs.rm(lockFolder, { recursive: true, force: true });
    }
    if (Date.now() > deadline) throw new HarnessError(`another process has held ${lockFolder} for too long`);
    if (!announced) {
      log(`waiting for another run (pid ${holder}) that is installing code-server…`);
      announced = true;
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

interface StepEnvironment {
  logFile: string;
  env: NodeJS.ProcessEnv;
  deadline: number;
}

/** Runs one install command, appending its output to the install log; fails with the log's tail. */
function runStep(title: string, command: string, args: string[], cwd: string, step: StepEnvironment): Promise<void> {
  return new Promise((resolve, reject) => {
    const log = createWriteStream(step.logFile, { flags: 'a' });
    log.write(`\n$ (${cwd}) ${[command, ...args].join(' ')}\n`);
    // Its own, registered process group: a timeout or Ctrl-C also ends node-gyp's compilers and nested npm runs.
    const child = spawnGroupLeader(command, args, { cwd, env: step.env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.pipe(log, { end: false });
    child.stderr!.pipe(log, { end: false });
    const remaining = Math.max(1_000, step.deadline - Date.now());
    const timer = setTimeout(() => {
      try {
        if (child.pid !== undefined) process.kill(process.platform === 'win32' ? child.pid : -child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }, remaining);
    child.on('error', (error) => {
      clearTimeout(timer);
      log.end();
      reject(new HarnessError(`${title}: cannot run ${command}: ${error.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (child.pid !== undefined) void stopProcessGroup(child.pid, 1_000);
      log.end(() => {
        if (code === 0) return resolve();
        const tail = readFileSync(step.logFile, 'utf8').split('\n').slice(-25).join('\n');
        const why = signal ? `was killed (${signal}${signal === 'SIGKILL' ? ', install timeout?' : ''})` : `exited with ${code}`;
        // kerberos is the one native module whose build needs a system package, and its error hides in the log.
        const hint = /gssapi|krb5/i.test(tail) ? ' (kerberos needs the libkrb5-dev package)' : '';
        reject(new HarnessError(`${title} failed: ${path.basename(command)} ${why}${hint}; full log: ${step.logFile}`, tail));
      });
    });
  });
}

function captureOutput(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(output.trim()) : reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${output.trim()}`))));
  });
}

/** Native modules the VS Code server loads on Linux and macOS (the Windows-only ones are left out). */
const NATIVE_MODULES = [
  '@vscode/spdlog',
  '@vscode/sqlite3',
  '@vscode/native-watchdog',
  '@vscode/deviceid',
  '@vscode/fs-copyfile',
  '@parcel/watcher',
  'node-pty',
  'kerberos',
];

async function nativeModulesThatFailToLoad(nodeBinary: string, vscodeFolder: string, env: NodeJS.ProcessEnv): Promise<string[]> {
  const probe = `
    const failed = [];
    for (const name of ${JSON.stringify(NATIVE_MODULES)}) {
      try { require(require.resolve(name, { paths: [process.cwd()] })); } catch { failed.push(name); }
    }
    process.stdout.write(JSON.stringify(failed));`;
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(nodeBinary, ['-e', probe], { cwd: vscodeFolder, env, stdio: ['ignore', 'pipe', 'ignore'], timeout: 60_000 });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.on('error', reject);
    child.on('close', () => resolve(text));
  });
  try {
    return JSON.parse(output) as string[];
  } catch {
    return [...NATIVE_MODULES];
  }
}

async function install(folder: string, log: (line: string) => void): Promise<Marker> {
  const started = Date.now();
  await fs.rm(folder, { recursive: true, force: true });
  const nodeFolder = path.join(folder, 'node');
  const serverFolder = path.join(folder, 'server');
  await fs.mkdir(nodeFolder, { recursive: true });
  await fs.mkdir(serverFolder, { recursive: true });
  const logFile = path.join(folder, 'install.log');
  const npmCli = npmCliScript();
  const baseEnv: NodeJS.ProcessEnv = { ...environmentWithoutNpmRun(), npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
  const step: StepEnvironment = { logFile, env: baseEnv, deadline: started + INSTALL_TIMEOUT_MS };

  let nodeBinary: string;
  let nodeHeaders: string | undefined;
  if (process.versions.node.split('.')[0] === '24') {
    nodeBinary = process.execPath;
    const prefix = path.dirname(path.dirname(process.execPath));
    if (existsSync(path.join(prefix, 'include', 'node', 'node.h'))) nodeHeaders = prefix;
  } else {
    log(`installing Node ${NODE_VERSION} (${nodePackageName()} from npm)…`);
    await fs.writeFile(path.join(nodeFolder, 'package.json'), JSON.stringify({ private: true }, null, 2));
    await runStep('installing Node 24', process.execPath, [npmCli, 'install', '--no-package-lock', `${nodePackageName()}@${NODE_VERSION}`], nodeFolder, step);
    const packageFolder = path.join(nodeFolder, 'node_modules', nodePackageName());
    nodeBinary = nodeBinaryIn(packageFolder);
    nodeHeaders = packageFolder;
  }
  const nodeVersion = await captureOutput(nodeBinary, ['--version'], baseEnv);
  if (!nodeVersion.startsWith('v24.')) throw new HarnessError(`expected Node 24 at ${nodeBinary}, found ${nodeVersion}`);

  // Node 24 first on PATH: code-server's postinstall runs a nested `npm install` that must build for Node 24,
  // and nodedir must point at Node 24's headers (machines may set nodedir to an older Node in their npmrc).
  const node24Env: NodeJS.ProcessEnv = {
    ...baseEnv,
    PATH: [path.dirname(nodeBinary), process.env.PATH ?? ''].join(path.delimiter),
    ...(nodeHeaders ? { npm_config_nodedir: nodeHeaders } : {}),
  };
  const node24Step: StepEnvironment = { ...step, env: node24Env };

  log(`installing code-server ${CODE_SERVER_VERSION} (first run only, takes a few minutes)…`);
  // npm ≥ 11.19 runs no dependency install scripts unless allowed; code-server's postinstall is required.
  await fs.writeFile(
    path.join(serverFolder, 'package.json'),
    JSON.stringify({ private: true, allowScripts: { 'code-server': true } }, null, 2),
  );
  await runStep('installing code-server', nodeBinary, [npmCli, 'install', `code-server@${CODE_SERVER_VERSION}`], serverFolder, node24Step);

  // lib/vscode lists its native modules in its own allowScripts, so the postinstall's nested install usually
  // builds them; older npm releases skipped them. Whatever did not build for Node 24 is approved and rebuilt.
  const vscodeFolder = path.join(serverFolder, 'node_modules', 'code-server', 'lib', 'vscode');
  const broken = await nativeModulesThatFailToLoad(nodeBinary, vscodeFolder, node24Env);
  if (broken.length > 0) {
    log(`building native modules for Node 24: ${broken.join(', ')}…`);
    await runStep('approving native module builds', nodeBinary, [npmCli, 'install-scripts', 'approve', ...broken], vscodeFolder, node24Step);
    await runStep('building native modules', nodeBinary, [npmCli, 'rebuild', ...broken], vscodeFolder, node24Step);
    const stillBroken = await nativeModulesThatFailToLoad(nodeBinary, vscodeFolder, node24Env);
    if (stillBroken.length > 0) {
      const hint = stillBroken.includes('kerberos') ? ' (kerberos needs the libkrb5-dev package)' : '';
      throw new HarnessError(`native modules of code-server do not load in Node 24: ${stillBroken.join(', ')}${hint}; see ${logFile}`);
    }
  }

  const entry = path.join(serverFolder, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  const reported = await captureOutput(nodeBinary, [entry, '--version'], node24Env).catch((error: Error) => {
    throw new HarnessError(`the installed code-server does not start: ${error.message}`);
  });
  if (!reported.includes(CODE_SERVER_VERSION)) {
    throw new HarnessError(`the installed code-server reports "${reported}", expected ${CODE_SERVER_VERSION}`);
  }
  return {
    codeServerVersion: CODE_SERVER_VERSION,
    nodeVersion,
    nodeBinary,
    entry,
    installedAt: new Date().toISOString(),
    installSeconds: Math.round((Date.now() - started) / 1000),
  };
}

/**
 * Returns the cached code-server install, installing it first when the cache lacks a complete one. `log`
 * receives one-line progress messages.
 */
export async function ensureCodeServer(repoRoot: string, log: (line: string) => void): Promise<CodeServerInstall> {
  const root = cacheRoot(repoRoot);
  const folder = path.join(root, CODE_SERVER_VERSION);
  const toInstall = (marker: Marker): CodeServerInstall => ({ ...marker, folder });

  const cached = readMarker(folder);
  if (cached) return toInstall(cached);

  await fs.mkdir(root, { recursive: true });
  const release = await acquireLock(path.join(root, `${CODE_SERVER_VERSION}.lock`), log);
  try {
    // Another run may have finished the install while this one waited for the lock.
    const finished = readMarker(folder);
    if (finished) return toInstall(finished);
    const marker = await install(folder, log);
    // Written last: its presence is what makes the install count as complete.
    await fs.writeFile(path.join(folder, MARKER), JSON.stringify(marker, null, 2) + '\n');
    const shown = path.relative(repoRoot, folder);
    log(`code-server ${CODE_SERVER_VERSION} installed in ${marker.installSeconds} s (${shown.startsWith('..') ? folder : shown})`);
    return toInstall(marker);
  } finally {
    await release();
  }
}
