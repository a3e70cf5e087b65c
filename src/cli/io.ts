/**
 * What the CLI needs from the outside world. `main()` takes these as parameters, so tests run it in memory and
 * the editor could call it too; bin.ts passes Node's implementations (nodeIo.ts).
 */
import type { SentenceJudge } from './judge';

export interface CliFileSystem {
  /** Text of a file, or undefined when it does not exist. Throws on other errors (permissions, a folder). */
  readText(path: string): Promise<string | undefined>;
  /** Size in bytes, or undefined when missing; 'directory' for folders. */
  stat(path: string): Promise<{ kind: 'file' | 'directory'; size: number } | undefined>;
  /** Names in a folder (files and folders), or [] when it cannot be read. */
  readDirectory(path: string): Promise<Array<{ name: string; kind: 'file' | 'directory' }>>;
  /** Creates a file that must not exist yet; resolves false when it already exists. */
  writeNewFile(path: string, text: string): Promise<boolean>;
  /** Writes a file, replacing it when it exists (an import into a sidecar, an export with --out). */
  writeText(path: string, text: string): Promise<void>;
}

export interface CliOutput {
  write(text: string): void;
  /** True when a person is watching (progress and colours), false when piped. */
  isTTY?: boolean;
}

export interface CliParams {
  argv: readonly string[];
  /** Absolute path of the working folder, '/'-separated. */
  cwd: string;
  fs: CliFileSystem;
  stdout: CliOutput;
  stderr: CliOutput;
  env?: Readonly<Record<string, string | undefined>>;
  /**
   * Judges sentences on another thread while the lint goes on (bin.ts passes a worker thread); without it the
   * detector runs lazily on this thread. Either way the findings are the same.
   */
  judge?: SentenceJudge;
}
