/**
 * What the commands share: exit codes, usage errors, reading drafts with clear one-line failures, and the
 * project context (nearest `.sourced.yaml`) of each draft.
 */
import { loadProjectContext, findProjectConfig, type FileReader, type ProjectContext } from '../core/project';
import { dirname, joinPath, relativePath } from '../core/text/uri';
import type { CliParams } from './io';

export const EXIT = { ok: 0, findings: 1, usageOrInternal: 2 } as const;

/** Drafts larger than this are skipped with an error: nobody writes a 10 MB article, and it bounds the time. */
export const MAX_DRAFT_BYTES = 10 * 1024 * 1024;

/** A mistake in how the command was called: reported in one line, exit code 2. */
export class UsageError extends Error {}

/** The parsed command line: the command, its positional arguments and its options. */
export interface ParsedArgs {
  command?: string;
  positional: string[];
  /** Option values by long name without dashes (`format`, `max-warnings`); `true` for flags. */
  options: Map<string, string | true>;
  help: boolean;
  version: boolean;
}

export function optionValue(args: ParsedArgs, name: string): string | undefined {
  const value = args.options.get(name);
  return typeof value === 'string' ? value : undefined;
}

export function hasFlag(args: ParsedArgs, name: string): boolean {
  return args.options.get(name) === true;
}

export function readerFor(params: CliParams): FileReader {
  return { readText: (location) => params.fs.readText(location) };
}

/**
 * The project context of each draft: `--config` for all of them, otherwise the nearest `.sourced.yaml` above
 * the draft (the same file the editor uses for it), loaded once per config file.
 */
export class ProjectContexts {
  private readonly byConfig = new Map<string, Promise<ProjectContext>>();
  private readonly configByFolder = new Map<string, Promise<string | undefined>>();
  private readonly reader: FileReader;
  private readonly fixedConfig?: string;

  constructor(private readonly params: CliParams, config: string | undefined) {
    this.reader = readerFor(params);
    this.fixedConfig = config === undefined ? undefined : joinPath(params.cwd, config);
  }

  async check(): Promise<void> {
    if (this.fixedConfig && (await this.params.fs.stat(this.fixedConfig))?.kind !== 'file') {
      throw new UsageError(`cannot read the config file ${relativePath(this.params.cwd, this.fixedConfig)}: no such file`);
    }
  }

  async forDraft(draftPath: string): Promise<ProjectContext> {
    const folder = dirname(draftPath);
    let location = this.fixedConfig !== undefined ? Promise.resolve(this.fixedConfig) : this.configByFolder.get(folder);
    if (!location) {
      location = findProjectConfig(folder, this.reader);
      this.configByFolder.set(folder, location);
    }
    const configLocation = await location;
    const key = configLocation ?? '';
    let context = this.byConfig.get(key);
    if (!context) {
      context = loadProjectContext(configLocation, this.reader);
      this.byConfig.set(key, context);
    }
    return context;
  }

  /** Every context loaded so far, once each, for the findings about the config and registries themselves. */
  async loaded(): Promise<ProjectContext[]> {
    return Promise.all(this.byConfig.values());
  }
}

export { isIgnoredByProject as ignoredByProject } from '../core/project';

export type DraftRead = { ok: true; text: string } | { ok: false; message: string };

export async function readDraft(params: CliParams, path: string): Promise<DraftRead> {
  const shown = relativePath(params.cwd, path);
  try {
    const stat = await params.fs.stat(path);
    if (!stat) return { ok: false, message: `${shown}: no such file` };
    if (stat.kind === 'directory') return { ok: false, message: `${shown}: is a folder, not a draft` };
    if (stat.size > MAX_DRAFT_BYTES) {
      return { ok: false, message: `${shown}: ${(stat.size / 1024 / 1024).toFixed(1)} MB is over the ${MAX_DRAFT_BYTES / 1024 / 1024} MB limit for a draft; skipped` };
    }
    const text = await params.fs.readText(path);
    if (text === undefined) return { ok: false, message: `${shown}: no such file` };
    const nul = text.indexOf('\u0000');
    if (nul >= 0) return { ok: false, message: `${shown}: looks like a binary file (NUL byte at offset ${nul}), not Markdown; skipped` };
    return { ok: true, text };
  } catch (error) {
    return { ok: false, message: `${shown}: cannot be read (${(error as Error).message})` };
  }
}

