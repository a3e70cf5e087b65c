/** An in-memory file system for CLI and project tests: paths are absolute, '/'-separated. */
import type { CliFileSystem, CliOutput } from '../../src/cli/io';
import type { FileReader } from '../../src/core/project';

export class MemoryFileSystem implements CliFileSystem, FileReader {
  readonly files = new Map<string, string>();

  constructor(files: Record<string, string> = {}) {
    for (const [path, text] of Object.entries(files)) this.files.set(path, text);
  }

  async readText(path: string): Promise<string | undefined> {
    return this.files.get(path);
  }

  private isDirectory(path: string): boolean {
    const prefix = path.endsWith('/') ? path : `${path}/`;
    for (const file of this.files.keys()) if (file.startsWith(prefix)) return true;
    return false;
  }

  async stat(path: string) {
    const text = this.files.get(path);
    if (text !== undefined) return { kind: 'file' as const, size: new TextEncoder().encode(text).length };
    return this.isDirectory(path) ? { kind: 'directory' as const, size: 0 } : undefined;
  }

  async readDirectory(path: string) {
    const prefix = path.endsWith('/') ? path : `${path}/`;
    const entries = new Map<string, 'file' | 'directory'>();
    for (const file of this.files.keys()) {
      if (!file.startsWith(prefix)) continue;
      const rest = file.slice(prefix.length);
      const slash = rest.indexOf('/');
      if (slash < 0) entries.set(rest, 'file');
      else entries.set(rest.slice(0, slash), 'directory');
    }
    return [...entries].map(([name, kind]) => ({ name, kind }));
  }

  async writeText(path: string, text: string): Promise<void> {
    this.files.set(path, text);
  }

  async writeNewFile(path: string, text: string): Promise<boolean> {
    if (this.files.has(path)) return false;
    this.files.set(path, text);
    return true;
  }
}

export class CapturedOutput implements CliOutput {
  text = '';
  constructor(public isTTY = false) {}
  write(text: string): void {
    this.text += text;
  }
}
