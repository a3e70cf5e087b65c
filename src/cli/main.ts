/**
 * `sourced` as a library function: `main(params)` parses the arguments, runs one command and resolves to the
 * exit code. bin.ts wires it to the real process; tests call it with an in-memory file system.
 */
import { PROJECT_CONFIG_FILE, sidecarPathFor } from '../core/config';
import { compareFindings, lintDocument, rateFindings } from '../core/lint';
import { findProjectConfig, loadProjectContext, loadSidecarOf, type FileReader, type ProjectContext } from '../core/project';
import { sidecarJsonSchema } from '../core/sidecar/jsonSchema';
import { RULES } from '../core/rules/index';
import { dirname, joinPath, relativePath } from '../core/text/uri';
import type { Finding } from '../core/types';
import { selectDrafts } from './files';
import { globToRegExp } from './glob';
import { FORMATS, formatFindings, type Format } from './formats';
import type { CliParams } from './io';
import { sidecarSkeleton } from './skeleton';
import { VERSION } from './version';

export const EXIT = { ok: 0, findings: 1, usageOrInternal: 2 } as const;

/** Drafts larger than this are skipped with an error: nobody writes a 10 MB article, and it bounds the time. */
export const MAX_DRAFT_BYTES = 10 * 1024 * 1024;

const HELP = `Usage: sourced <command> [options]

Checks Markdown drafts against their sources: every citation resolves, claims still attach to their text,
and sentences that state checkable facts cite something.

Commands:
  lint [paths or globs…]    Lint drafts (default: every *.md below the current folder, honouring .gitignore)
  entities FILE             List every entity mention of a draft (an entity index for editors)
  init FILE                 Create the sidecar (FILE.sources.yaml) beside a draft; never overwrites
  schema                    Print the JSON Schema of the sidecar format

Options for lint:
  --format NAME             stylish (default), json, sarif (SARIF 2.1.0) or github (workflow annotations)
  --max-warnings N          Exit 1 only when there are more than N warnings (errors always exit 1)
  --quiet                   Report errors only
  --config FILE             Project config to use (default: the nearest ${PROJECT_CONFIG_FILE} above the current folder)
  --no-color                Plain output even on a terminal (also: NO_COLOR=1)

Options for entities:
  --format NAME             table (default) or json

General:
  -h, --help                Show this help
  -v, --version             Show the version

Exit codes:
  0  nothing at or above warning severity (or no more warnings than --max-warnings)
  1  findings: at least one error, or more warnings than allowed
  2  usage error, unreadable input or internal error

Rules (severities are set in ${PROJECT_CONFIG_FILE} under "rules:"):
${RULES.map((rule) => `  ${rule.id.padEnd(20)}${rule.description}`).join('\n')}
`;

interface ParsedArgs {
  command?: string;
  positional: string[];
  format?: string;
  maxWarnings?: number;
  quiet: boolean;
  config?: string;
  color: boolean;
  help: boolean;
  version: boolean;
}

class UsageError extends Error {}

function parseArgs(argv: readonly string[]): ParsedArgs {
  const parsed: ParsedArgs = { positional: [], quiet: false, color: true, help: false, version: false };
  const valueOf = (index: number, name: string): string => {
    const value = argv[index + 1];
    if (value === undefined || value.startsWith('--')) throw new UsageError(`${name} needs a value`);
    return value;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const take = (name: string): string => (inline !== undefined ? inline : valueOf(i++, name));
    switch (flag) {
      case '-h':
      case '--help':
        parsed.help = true;
        break;
      case '-v':
      case '--version':
        parsed.version = true;
        break;
      case '--format':
      case '-f':
        parsed.format = take('--format');
        break;
      case '--max-warnings': {
        const value = take('--max-warnings');
        if (!/^\d+$/.test(value)) throw new UsageError(`--max-warnings takes a whole number, not "${value}"`);
        parsed.maxWarnings = Number(value);
        break;
      }
      case '--quiet':
      case '-q':
        parsed.quiet = true;
        break;
      case '--config':
      case '-c':
        parsed.config = take('--config');
        break;
      case '--no-color':
        parsed.color = false;
        break;
      case '--':
        parsed.positional.push(...argv.slice(i + 1));
        i = argv.length;
        break;
      default:
        if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${arg}`);
        if (parsed.command === undefined) parsed.command = arg;
        else parsed.positional.push(arg);
    }
  }
  return parsed;
}

/** Runs the CLI; never throws: every failure becomes a message on stderr and exit code 2. */
export async function main(params: CliParams): Promise<number> {
  const { stdout, stderr } = params;
  let args: ParsedArgs;
  try {
    args = parseArgs(params.argv);
  } catch (error) {
    stderr.write(`sourced: ${(error as Error).message}\nRun "sourced --help" for usage.\n`);
    return EXIT.usageOrInternal;
  }
  if (args.version) {
    stdout.write(`${VERSION}\n`);
    return EXIT.ok;
  }
  if (args.help || args.command === undefined || args.command === 'help') {
    stdout.write(HELP);
    return args.command === undefined && !args.help ? EXIT.usageOrInternal : EXIT.ok;
  }
  try {
    switch (args.command) {
      case 'lint':
        return await lintCommand(params, args);
      case 'entities':
        return await entitiesCommand(params, args);
      case 'init':
        return await initCommand(params, args);
      case 'schema':
        stdout.write(JSON.stringify(sidecarJsonSchema(), null, 2) + '\n');
        return EXIT.ok;
      default:
        stderr.write(`sourced: unknown command "${args.command}". Commands: lint, entities, init, schema.\n`);
        return EXIT.usageOrInternal;
    }
  } catch (error) {
    if (error instanceof UsageError) {
      stderr.write(`sourced: ${error.message}\n`);
      return EXIT.usageOrInternal;
    }
    // An internal error still gets one line, never a stack trace; SOURCED_DEBUG shows the stack for bug reports.
    const detail = error instanceof Error ? error.message : String(error);
    stderr.write(`sourced: internal error: ${detail}\n`);
    if (params.env?.SOURCED_DEBUG && error instanceof Error && error.stack) stderr.write(`${error.stack}\n`);
    return EXIT.usageOrInternal;
  }
}

function readerFor(params: CliParams): FileReader {
  return { readText: (location) => params.fs.readText(location) };
}

/**
 * The project context of each draft: `--config` for all of them, otherwise the nearest `.sourced.yaml` above
 * the draft (the same file the editor uses for it), loaded once per config file.
 */
class ProjectContexts {
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

/** True when a project's `ignore` patterns (relative to its config file) cover the draft. */
function ignoredByProject(project: ProjectContext, draftPath: string): boolean {
  const patterns = project.config?.value?.ignore;
  if (!patterns?.length || !project.configLocation) return false;
  const relative = relativePath(dirname(project.configLocation), draftPath);
  return patterns.some((pattern) => globToRegExp(pattern.replace(/^\.\//, '')).test(relative));
}

type DraftRead = { ok: true; text: string } | { ok: false; message: string };

async function readDraft(params: CliParams, path: string): Promise<DraftRead> {
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

async function lintCommand(params: CliParams, args: ParsedArgs): Promise<number> {
  const format = (args.format ?? 'stylish') as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`unknown format "${args.format}"; use ${FORMATS.join(', ')}`);
  const projects = new ProjectContexts(params, args.config);
  await projects.check();
  const selection = await selectDrafts(params.fs, params.cwd, args.positional);
  let failedInputs = selection.unmatched.length;
  for (const pattern of selection.unmatched) params.stderr.write(`sourced: ${pattern}: no such file or no Markdown file matches\n`);

  const findings: Finding[] = [];
  const progress = params.stderr.isTTY && selection.files.length > 1;
  const reader = readerFor(params);
  for (const [index, path] of selection.files.entries()) {
    if (progress) params.stderr.write(`\rLinting ${index + 1}/${selection.files.length} ${relativePath(params.cwd, path).slice(-50).padEnd(50)}`);
    const project = await projects.forDraft(path);
    if (!selection.explicit.has(path) && ignoredByProject(project, path)) continue;
    const draft = await readDraft(params, path);
    if (!draft.ok) {
      if (progress) params.stderr.write('\r\u001b[K');
      params.stderr.write(`sourced: ${draft.message}\n`);
      failedInputs++;
      continue;
    }
    const sidecar = await loadSidecarOf(path, reader);
    const result = lintDocument({ uri: path, text: draft.text, sidecar, registries: project.registries, settings: project.settings });
    findings.push(...result.findings);
  }
  if (progress) params.stderr.write('\r\u001b[K');
  for (const project of await projects.loaded()) findings.unshift(...rateFindings(project.findings, project.settings));
  findings.sort(compareFindings);

  const shown = args.quiet ? findings.filter((finding) => finding.severity === 'error') : findings;
  const color = args.color && Boolean(params.stdout.isTTY) && !params.env?.NO_COLOR;
  params.stdout.write(formatFindings(format, shown, { cwd: params.cwd, color, toolVersion: VERSION }));

  if (failedInputs > 0) return EXIT.usageOrInternal;
  const errors = findings.filter((finding) => finding.severity === 'error').length;
  const warnings = findings.filter((finding) => finding.severity === 'warning').length;
  if (errors > 0) return EXIT.findings;
  if (args.maxWarnings !== undefined) return warnings > args.maxWarnings ? EXIT.findings : EXIT.ok;
  return warnings > 0 ? EXIT.findings : EXIT.ok;
}

async function entitiesCommand(params: CliParams, args: ParsedArgs): Promise<number> {
  const format = args.format ?? 'table';
  if (format !== 'table' && format !== 'json') throw new UsageError(`unknown format "${format}" for entities; use table or json`);
  if (args.positional.length !== 1) throw new UsageError('entities takes exactly one draft: sourced entities FILE');
  const path = joinPath(params.cwd, args.positional[0]);
  const draft = await readDraft(params, path);
  if (!draft.ok) {
    params.stderr.write(`sourced: ${draft.message}\n`);
    return EXIT.usageOrInternal;
  }
  const projects = new ProjectContexts(params, args.config);
  await projects.check();
  const project = await projects.forDraft(path);
  const sidecar = await loadSidecarOf(path, readerFor(params));
  const { analysis } = lintDocument({ uri: path, text: draft.text, sidecar, registries: project.registries, settings: project.settings });
  const rows = analysis.mentions.map((mention) => {
    const start = analysis.lines.positionAt(mention.span.start);
    const record = analysis.catalog.entities.get(mention.entityId);
    return { id: mention.entityId, name: record?.entity.name ?? mention.entityId, kind: mention.kind, text: mention.matched, line: start.line + 1, column: start.character + 1 };
  });
  if (format === 'json') {
    params.stdout.write(JSON.stringify(rows, null, 2) + '\n');
    return EXIT.ok;
  }
  if (rows.length === 0) {
    params.stdout.write(sidecar ? 'No entity mentions.\n' : `No entity mentions (the draft has no sidecar ${relativePath(params.cwd, sidecarPathFor(path))}).\n`);
    return EXIT.ok;
  }
  const header = { id: 'ID', name: 'NAME', kind: 'KIND', text: 'TEXT', line: 'LINE', column: 'COL' };
  const table = [header, ...rows.map((row) => ({ ...row, line: String(row.line), column: String(row.column) }))];
  const keys = ['line', 'column', 'kind', 'id', 'text'] as const;
  const widths = keys.map((key) => Math.max(...table.map((row) => String(row[key]).length)));
  for (const row of table) params.stdout.write(keys.map((key, index) => String(row[key]).padEnd(widths[index])).join('  ').trimEnd() + '\n');
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(row.id, (counts.get(row.id) ?? 0) + 1);
  params.stdout.write(`\n${rows.length} mention${rows.length === 1 ? '' : 's'} of ${counts.size} entit${counts.size === 1 ? 'y' : 'ies'}.\n`);
  return EXIT.ok;
}

async function initCommand(params: CliParams, args: ParsedArgs): Promise<number> {
  if (args.positional.length !== 1) throw new UsageError('init takes exactly one draft: sourced init FILE');
  const draftPath = joinPath(params.cwd, args.positional[0]);
  const stat = await params.fs.stat(draftPath);
  if (stat?.kind !== 'file') {
    params.stderr.write(`sourced: ${args.positional[0]}: no such draft\n`);
    return EXIT.usageOrInternal;
  }
  const sidecarPath = sidecarPathFor(draftPath);
  const shown = relativePath(params.cwd, sidecarPath);
  if (sidecarPath === draftPath || !(await params.fs.stat(dirname(sidecarPath)))) throw new UsageError(`cannot place a sidecar beside ${args.positional[0]}`);
  const created = await params.fs.writeNewFile(sidecarPath, sidecarSkeleton());
  if (!created) {
    params.stdout.write(`${shown} already exists; left unchanged.\n`);
    return EXIT.ok;
  }
  params.stdout.write(`Created ${shown}.\n`);
  return EXIT.ok;
}
