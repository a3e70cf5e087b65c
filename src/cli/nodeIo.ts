/** Node's implementations of the CLI's I/O interfaces. With bin.ts and nodeJudge.ts, the only CLI files that import Node modules. */
import { promises as fs, readdirSync, readFileSync, statSync } from 'node:fs';
import type { CliFileSystem } from './io';

// Reads are synchronous behind the async interface. `sourced` is a one-shot process that reads a handful of
// files and does nothing else meanwhile; Node's promise-based reading (a file handle, then open, stat, reads and
// close, each a round trip through the thread pool and the event loop) cost more main-thread time than the
// reading itself, and loading fs/promises alone is part of every run's start-up.

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

export const nodeFileSystem: CliFileSystem = {
  async readText(path) {
    try {
      const text = readFileSync(path, 'utf8');
      // Editors hide a byte order mark; keeping it would shift every column of the first line by one.
      return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  },
  async stat(path) {
    try {
      const stat = statSync(path);
      return { kind: stat.isDirectory() ? 'directory' : 'file', size: stat.size };
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  },
  async readDirectory(path) {
    try {
      const entries = readdirSync(path, { withFileTypes: true });
      return entries
        .filter((entry) => entry.isFile() || entry.isDirectory())
        .map((entry) => ({ name: entry.name, kind: entry.isDirectory() ? ('directory' as const) : ('file' as const) }));
    } catch {
      return [];
    }
  },
  async writeText(path, text) {
    await fs.writeFile(path, text, 'utf8');
  },
  async writeNewFile(path, text) {
    try {
      await fs.writeFile(path, text, { encoding: 'utf8', flag: 'wx' });
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    }
  },
};
