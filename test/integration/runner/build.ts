/**
 * Makes sure the extension the tests load (package.json `main`, built by scripts/build.mjs) exists and is not
 * older than its sources, so a run never tests yesterday's bundle.
 */
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { HarnessError } from './processes';

const BUILD_TIMEOUT_MS = 180_000;

async function newestModification(folder: string): Promise<number> {
  let newest = 0;
  let entries: string[];
  try {
    entries = await fs.readdir(folder, { recursive: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const stat = await fs.stat(path.join(folder, entry)).catch(() => undefined);
    if (stat?.isFile() && stat.mtimeMs > newest) newest = stat.mtimeMs;
  }
  return newest;
}

/** Why the extension must be (re)built, or undefined when its bundle is newer than everything it is made from. */
export async function reasonToBuild(repoRoot: string): Promise<string | undefined> {
  const manifest = JSON.parse(await fs.readFile(path.join(repoRoot, 'package.json'), 'utf8')) as { main?: string };
  const bundle = path.join(repoRoot, manifest.main ?? 'dist/extension.js');
  const built = await fs.stat(bundle).catch(() => undefined);
  if (!built) return `${path.relative(repoRoot, bundle)} is missing`;
  const sources = Math.max(
    await newestModification(path.join(repoRoot, 'src')),
    (await fs.stat(path.join(repoRoot, 'package.json'))).mtimeMs,
  );
  return sources > built.mtimeMs ? `${path.relative(repoRoot, bundle)} is older than src/` : undefined;
}

/** Runs `node scripts/build.mjs` when the bundle is missing or stale; a failed build is a HarnessError. */
export async function ensureExtensionBuilt(repoRoot: string, log: (line: string) => void): Promise<void> {
  const reason = await reasonToBuild(repoRoot);
  if (!reason) return;
  log(`building the extension (${reason})…`);
  const output: string[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(repoRoot, 'scripts', 'build.mjs')], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: BUILD_TIMEOUT_MS,
    });
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.on('error', reject);
    child.on('close', resolve);
  });
  if (code !== 0) {
    const text = output.join('');
    const firstError = text.split('\n').find((line) => /error/i.test(line))?.trim();
    throw new HarnessError(`building the extension failed (node scripts/build.mjs exited ${code})${firstError ? `: ${firstError}` : ''}`, text);
  }
}
