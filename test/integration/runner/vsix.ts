/**
 * The packaged-extension run (`npm run test:vsix`): installs a .vsix into the throw-away extensions folder of
 * the run with code-server's own `--install-extension`, exactly as a user would, and provides the stand-in
 * development extension that VS Code's test runner insists on, so that Sourced itself is loaded as an installed
 * extension and not from a development path.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';
import type { CodeServerInstall } from './install';
import type { ServerFolders } from './codeServer';
import { HarnessError, spawnGroupLeader, stopProcessGroup } from './processes';

const INSTALL_TIMEOUT_MS = 120_000;

/** Where a packaged extension ended up. */
export interface InstalledExtension {
  /** `publisher.name`, as VS Code identifies it. */
  id: string;
  version: string;
  /** The folder code-server unpacked it into, inside the extensions folder. */
  folder: string;
}

interface ExtensionsIndexEntry {
  identifier?: { id?: string };
  version?: string;
  location?: { fsPath?: string; path?: string };
  relativeLocation?: string;
}

/** The extension `id` as recorded in the extensions folder's `extensions.json`, or undefined when absent. */
export async function findInstalledExtension(extensionsFolder: string, id: string): Promise<InstalledExtension | undefined> {
  let index: ExtensionsIndexEntry[];
  try {
    index = JSON.parse(await fs.readFile(path.join(extensionsFolder, 'extensions.json'), 'utf8')) as ExtensionsIndexEntry[];
  } catch {
    return undefined;
  }
  const entry = index.find((candidate) => candidate.identifier?.id?.toLowerCase() === id.toLowerCase());
  if (!entry?.version) return undefined;
  const folder = entry.relativeLocation
    ? path.join(extensionsFolder, entry.relativeLocation)
    : (entry.location?.fsPath ?? entry.location?.path);
  return folder ? { id, version: entry.version, folder } : undefined;
}

/** The harness's environment minus VSCODE_* variables, which would hand the install to a VS Code we run inside. */
function installerEnvironment(tmp: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('VSCODE_') && key !== 'ELECTRON_RUN_AS_NODE') env[key] = value;
  }
  return { ...env, TMPDIR: tmp, TMP: tmp, TEMP: tmp };
}

/**
 * Installs `vsixFile` into `folders.extensions` with `code-server --install-extension` (run by the install's
 * Node 24), checks that extension `id` is now listed there, and returns where it went.
 */
export async function installVsix(
  install: CodeServerInstall,
  folders: ServerFolders,
  vsixFile: string,
  id: string,
): Promise<InstalledExtension> {
  await fs.access(vsixFile).catch(() => {
    throw new HarnessError(`${vsixFile} does not exist: run \`npm run package\` first`);
  });
  const args = [
    install.entry,
    '--config', folders.configFile,
    '--user-data-dir', folders.userData,
    '--extensions-dir', folders.extensions,
    '--install-extension', vsixFile,
  ];
  const child = spawnGroupLeader(install.nodeBinary, args, {
    env: installerEnvironment(folders.tmp),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid;
  if (pid === undefined) throw new HarnessError(`could not run code-server --install-extension with ${install.nodeBinary}`);
  const output: string[] = [];
  readline.createInterface({ input: child.stdout! }).on('line', (line) => output.push(line));
  readline.createInterface({ input: child.stderr! }).on('line', (line) => output.push(line));
  let timer: NodeJS.Timeout | undefined;
  const code = await new Promise<number | null>((resolve, reject) => {
    timer = setTimeout(() => reject(new HarnessError(`installing ${path.basename(vsixFile)} took over ${INSTALL_TIMEOUT_MS / 1000} s`)), INSTALL_TIMEOUT_MS);
    child.once('error', (error) => reject(new HarnessError(`could not install ${path.basename(vsixFile)}: ${error.message}`)));
    child.once('exit', (exitCode) => resolve(exitCode));
  }).finally(async () => {
    clearTimeout(timer);
    await stopProcessGroup(pid);
  });
  // code-server reports a refused package on stderr yet may still exit 0, so the extensions index decides.
  const installed = await findInstalledExtension(folders.extensions, id);
  if (code !== 0 || !installed) {
    const reason = output.find((line) => /error|fail|cannot|not compatible/i.test(line)) ?? `exit code ${code}`;
    throw new HarnessError(`code-server did not install ${path.basename(vsixFile)} as ${id}: ${reason}`, output.join('\n'));
  }
  return installed;
}

/**
 * Writes an empty extension (no code, no contributions) to `folder`. VS Code only runs an extension test entry
 * when a development extension is given; this one stands in, so the extension under test comes from the
 * extensions folder.
 */
export async function writeStandInDevelopmentExtension(folder: string): Promise<void> {
  await fs.mkdir(folder, { recursive: true });
  const manifest = {
    name: 'integration-test-host',
    displayName: 'Integration test host (no code)',
    publisher: 'sourced-tests',
    version: '0.0.0',
    engines: { vscode: '*' },
  };
  await fs.writeFile(path.join(folder, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
}
