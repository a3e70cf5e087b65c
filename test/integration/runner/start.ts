/**
 * `npm start`: opens examples/ in VS Code with the extension under development loaded. Desktop VS Code when
 * `code` is on PATH; otherwise code-server from the harness's cache, on a localhost port, until Ctrl-C.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { ensureExtensionBuilt } from './build';
import { prepareServerFolders, startCodeServer } from './codeServer';
import { ensureCodeServer } from './install';
import { CleanupStack, EXIT, HarnessError, installSignalHandlers } from './processes';
import { workbenchUrl } from './workbench';

function log(line: string): void {
  process.stdout.write(`[sourced] ${line}\n`);
}

function onPath(command: string): string | undefined {
  const extensions = process.platform === 'win32' ? ['.cmd', '.exe', ''] : [''];
  for (const directory of (process.env.PATH ?? '').split(path.delimiter)) {
    for (const extension of extensions) {
      const candidate = path.join(directory, command + extension);
      if (directory && existsSync(candidate)) return candidate;
    }
  }
  return undefined;
}

function openInDesktopVsCode(code: string, repoRoot: string, folder: string): Promise<number> {
  log(`opening ${path.relative(repoRoot, folder) || folder} in ${code} with the extension under development`);
  return new Promise((resolve) => {
    const child = spawn(code, [`--extensionDevelopmentPath=${repoRoot}`, folder], { stdio: 'inherit' });
    child.on('error', (error) => {
      process.stderr.write(`[sourced] could not run ${code}: ${error.message}\n`);
      resolve(EXIT.harnessFailed);
    });
    child.on('exit', (exitCode) => resolve(exitCode ?? 0));
  });
}

async function serveWithCodeServer(repoRoot: string, folder: string): Promise<number> {
  const cleanups = new CleanupStack();
  let stopping = false;
  const removeSignalHandlers = installSignalHandlers(cleanups, () => {
    stopping = true;
    log('stopping code-server…');
  });
  try {
    const install = await ensureCodeServer(repoRoot, log);
    // Kept between runs (unlike the tests' folders) so that layout and settings changes survive a restart.
    const state = path.join(repoRoot, '.cache', 'start');
    const folders = {
      userData: path.join(state, 'user-data'),
      extensions: path.join(state, 'extensions'),
      tmp: path.join(state, 'tmp'),
      configFile: path.join(state, 'code-server.yaml'),
    };
    await prepareServerFolders(folders);
    const port = Number(process.env.PORT) || 0;
    const server = await startCodeServer(install, folders, { port });
    cleanups.add('stop code-server', () => server.stop());
    const url = workbenchUrl(server.origin, folder, { extensionPath: repoRoot });
    log(`code-server ${install.codeServerVersion} is serving ${path.relative(repoRoot, folder) || folder} with the extension under development.`);
    log(`open this URL in a browser (Ctrl-C here to stop; after \`npm run build\`, run "Developer: Reload Window"):`);
    process.stdout.write(`\n  ${url}\n\n`);
    const code = await server.exited;
    if (stopping) return EXIT.interrupted;
    log(`code-server exited (code ${code})`);
    return code === 0 ? EXIT.passed : EXIT.harnessFailed;
  } catch (error) {
    const message = error instanceof HarnessError ? error.message : ((error as Error).stack ?? String(error));
    process.stderr.write(`[sourced] could not start: ${message}\n`);
    return EXIT.harnessFailed;
  } finally {
    await cleanups.runAll();
    removeSignalHandlers();
  }
}

/** Builds the extension, then opens examples/ with it; resolves with the process exit code. */
export async function startDevelopmentWindow(repoRoot: string): Promise<number> {
  try {
    await ensureExtensionBuilt(repoRoot, log);
  } catch (error) {
    process.stderr.write(`[sourced] ${(error as Error).message}\n`);
    return EXIT.harnessFailed;
  }
  const folder = path.join(repoRoot, 'examples');
  const code = process.env.SOURCED_START_WEB ? undefined : onPath('code');
  return code ? openInDesktopVsCode(code, repoRoot, folder) : serveWithCodeServer(repoRoot, folder);
}
