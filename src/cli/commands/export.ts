import { exportCslJson } from '../../core/bibliography/bibliography';
import { sidecarPathFor } from '../../core/config';
import { loadSidecar } from '../../core/sidecar/load';
import { joinPath, relativePath } from '../../core/text/uri';
import { EXIT, optionValue, UsageError, type ParsedArgs } from '../context';
import type { CliParams } from '../io';
import type { Command } from './command';

const EXPORT_FORMATS = ['csl-json'] as const;

/** `sourced export SIDECAR`: the sidecar's sources as CSL-JSON, for `pandoc --citeproc`. */
export const exportCommand: Command = {
  name: 'export',
  usage: 'export SIDECAR',
  summary: "Write a sidecar's sources as CSL-JSON, for pandoc --citeproc (a draft names its sidecar)",
  options: [
    { name: 'format', alias: 'f', value: 'NAME', description: 'csl-json (default; the only format so far)' },
    { name: 'out', alias: 'o', value: 'FILE', description: 'Write to FILE instead of standard output (replaced if it exists)' },
  ],
  run: (params, args) => run(params, args),
};

async function run(params: CliParams, args: ParsedArgs): Promise<number> {
  if (args.positional.length !== 1) throw new UsageError('export takes exactly one sidecar: sourced export draft.sources.yaml [--out refs.json]');
  const format = optionValue(args, 'format') ?? 'csl-json';
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) throw new UsageError(`unknown format "${format}"; use ${EXPORT_FORMATS.join(', ')}`);
  const given = joinPath(params.cwd, args.positional[0]);
  const sidecarPath = /\.(md|markdown|mdx|qmd|rmd)$/i.test(given) ? sidecarPathFor(given) : given;
  const shown = relativePath(params.cwd, sidecarPath);
  const out = optionValue(args, 'out');
  const outPath = out === undefined ? undefined : joinPath(params.cwd, out);
  // --out replaces its file: naming the sidecar (or the draft) by mistake would overwrite it with JSON.
  if (outPath !== undefined && (outPath === sidecarPath || outPath === given)) throw new UsageError(`--out names ${outPath === sidecarPath ? 'the sidecar itself' : 'the draft itself'}; choose another file`);
  let text: string | undefined;
  try {
    text = (await params.fs.stat(sidecarPath))?.kind === 'file' ? await params.fs.readText(sidecarPath) : undefined;
  } catch (error) {
    params.stderr.write(`sourced: ${shown}: cannot be read (${(error as Error).message})\n`);
    return EXIT.usageOrInternal;
  }
  if (text === undefined) {
    params.stderr.write(`sourced: ${shown}: no such sidecar\n`);
    return EXIT.usageOrInternal;
  }
  const sidecar = loadSidecar(sidecarPath, text);
  if (sidecar.problems.some((problem) => problem.ruleId === 'sidecar-syntax')) {
    const problem = sidecar.problems.find((candidate) => candidate.ruleId === 'sidecar-syntax')!;
    const position = sidecar.lines.positionAt(problem.span.start);
    params.stderr.write(`sourced: ${shown}:${position.line + 1}:${position.character + 1}: ${problem.message}\n`);
    return EXIT.usageOrInternal;
  }
  // A source the schema refuses is left out (and said so) rather than exported half-right.
  const invalid = sidecar.value ? [] : Object.keys(((sidecar.document?.toJS() as { sources?: Record<string, unknown> } | null)?.sources) ?? {}).filter((key) => !(key in sidecar.usable.sources));
  for (const key of invalid) params.stderr.write(`sourced: ${shown}: source "${key}" does not follow the sidecar format; not exported (see sourced lint)\n`);
  const output = exportCslJson(Object.entries(sidecar.usable.sources));
  if (outPath === undefined) {
    params.stdout.write(output);
    return EXIT.ok;
  }
  try {
    await params.fs.writeText(outPath, output);
  } catch (error) {
    params.stderr.write(`sourced: ${relativePath(params.cwd, outPath)}: cannot be written (${(error as Error).message})\n`);
    return EXIT.usageOrInternal;
  }
  const count = Object.keys(sidecar.usable.sources).length;
  params.stdout.write(`Exported ${count} source${count === 1 ? '' : 's'} from ${shown} to ${relativePath(params.cwd, outPath)}.\n`);
  return EXIT.ok;
}
