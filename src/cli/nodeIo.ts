/** Node's implementations of the CLI's I/O interfaces. With bin.ts and nodeJudge.ts, the only CLI files that import Node modules. */
import { promises as fs } from 'node:fs';
import type { CliFileSystem } from './io';

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

export const nodeFileSystem: CliFileSystem = {
  async readText(path) {
    try {
      const text = await fs.readFile(path, 'utf8');
      // Editors hide a byte order mark; keeping it would shift every column of the first line by one.
      return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  },
  async stat(path) {
    try {
      const stat = await fs.stat(path);
      return { kind: stat.isDirectory() ? 'directory' : 'file', size: stat.size };
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  },
  async readDirectory(path) {
    try {
      const entries = await fs.readdir(path, { withFileTypes: true });
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
