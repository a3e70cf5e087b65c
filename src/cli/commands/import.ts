import { bibliographyFormatOf, readBibliography, type BibliographyFormat } from '../../core/bibliography/bibliography';
import { applyImport, planImport } from '../../core/bibliography/importPlan';
import { draftPathFor, sidecarPathFor } from '../../core/config';
import { analyzeMarkdown } from '../../core/markdown/analyze';
import { LineIndex } from '../../core/text/lineIndex';
import { basename, joinPath, relativePath } from '../../core/text/uri';
import { sidecarSkeleton } from '../skeleton';
import { EXIT, hasFlag, optionValue, UsageError, type ParsedArgs } from '../context';
import type { CliParams } from '../io';
import type { Command } from './command';

/** `sourced import FILE --into SIDECAR`: a CSL-JSON, CSL YAML or BibTeX library into a sidecar, comments kept. */
export const importCommand: Command = {
  name: 'import',
  usage: 'import FILE --into SIDECAR',
  summary: 'Import sources from CSL-JSON (.json), CSL YAML (.yaml) or BibTeX (.bib) into a sidecar; never overwrites unless asked',
  options: [
    { name: 'into', value: 'SIDECAR', description: 'The sidecar to add the sources to (draft.sources.yaml, or the draft itself); created when missing' },
    { name: 'overwrite', description: 'Replace sources whose key the sidecar already has (default: skip them and list them)' },
    { name: 'dry-run', description: 'Say what would be imported; write nothing' },
    { name: 'cited', description: "Import only the entries the draft cites (the sidecar's draft, or the draft given to --into)" },
    { name: 'from', value: 'FORMAT', description: 'csl-json, csl-yaml or bibtex (default: from the file name, .json, .yaml or .bib)' },
  ],
  run: (params, args) => run(params, args),
};

async function run(params: CliParams, args: ParsedArgs): Promise<number> {
  if (args.positional.length !== 1) throw new UsageError('import takes exactly one bibliography file: sourced import refs.json --into draft.sources.yaml');
  const into = optionValue(args, 'into');
  if (!into) throw new UsageError('import needs --into SIDECAR (the draft.sources.yaml to add the sources to)');
  const formatOption = optionValue(args, 'from');
  if (formatOption !== undefined && !['csl-json', 'csl-yaml', 'bibtex'].includes(formatOption)) throw new UsageError(`unknown format "${formatOption}"; use csl-json, csl-yaml or bibtex`);

  const inputPath = joinPath(params.cwd, args.positional[0]);
  const shownInput = relativePath(params.cwd, inputPath);
  let inputText: string | undefined;
  try {
    inputText = (await params.fs.stat(inputPath))?.kind === 'file' ? await params.fs.readText(inputPath) : undefined;
  } catch (error) {
    params.stderr.write(`sourced: ${shownInput}: cannot be read (${(error as Error).message})\n`);
    return EXIT.usageOrInternal;
  }
  if (inputText === undefined) {
    params.stderr.write(`sourced: ${shownInput}: no such file\n`);
    return EXIT.usageOrInternal;
  }
  const format = (formatOption as BibliographyFormat | undefined) ?? bibliographyFormatOf(inputPath, inputText);
  if (!format) throw new UsageError(`cannot tell the format of ${shownInput}; name it .json, .yaml or .bib, or pass --from csl-json|csl-yaml|bibtex`);
  const parsed = readBibliography(inputText, format);
  const inputLines = new LineIndex(inputText);
  const at = (offset: number): string => {
    const position = inputLines.positionAt(offset);
    return `${shownInput}:${position.line + 1}:${position.character + 1}`;
  };
  if (parsed.fatal) {
    params.stderr.write(`sourced: ${at(parsed.fatal.span.start)}: ${parsed.fatal.message}; nothing imported\n`);
    return EXIT.usageOrInternal;
  }

  const intoPath = joinPath(params.cwd, into);
  const intoDraft = /\.(md|markdown|mdx|qmd|rmd)$/i.test(intoPath) ? intoPath : undefined;
  const sidecarPath = intoDraft ? sidecarPathFor(intoDraft) : intoPath;
  const shownSidecar = relativePath(params.cwd, sidecarPath);
  let sidecarText: string | undefined;
  try {
    const stat = await params.fs.stat(sidecarPath);
    if (stat?.kind === 'directory') throw new UsageError(`--into ${into} is a folder, not a sidecar`);
    sidecarText = stat ? await params.fs.readText(sidecarPath) : undefined;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    params.stderr.write(`sourced: ${shownSidecar}: cannot be read (${(error as Error).message})\n`);
    return EXIT.usageOrInternal;
  }
  const creating = sidecarText === undefined;
  const baseText = sidecarText ?? sidecarSkeleton();

  let entries = parsed.entries;
  let notCited = 0;
  if (hasFlag(args, 'cited')) {
    const draftPath = intoDraft ?? draftPathFor(sidecarPath);
    const draftText = draftPath === undefined ? undefined : await params.fs.readText(draftPath).catch(() => undefined);
    if (draftText === undefined) throw new UsageError(`--cited needs the draft beside ${shownSidecar}${draftPath ? ` (${relativePath(params.cwd, draftPath)})` : ''}`);
    const cited = citedKeys(draftText);
    entries = parsed.entries.filter((entry) => cited.has(entry.key));
    notCited = parsed.entries.length - entries.length;
  }
  const plan = planImport(baseText, entries);
  const overwrite = hasFlag(args, 'overwrite');
  const outcome = applyImport(baseText, plan, () => ({ action: overwrite ? 'replace' : 'keep' }));
  if ('problem' in outcome) {
    params.stderr.write(`sourced: ${shownSidecar}: cannot be edited safely: ${outcome.problem}; nothing imported\n`);
    return EXIT.usageOrInternal;
  }

  const dryRun = hasFlag(args, 'dry-run');
  const out = params.stdout;
  for (const problem of parsed.problems) out.write(`${at(problem.span.start)}: ${problem.message}\n`);
  for (const invalid of plan.invalid) out.write(`${at(invalid.span.start)}: skipped "${invalid.key}": ${invalid.reason}\n`);
  for (const key of outcome.kept) out.write(`skipped "${key}": ${shownSidecar} already has it with other fields (--overwrite replaces it)\n`);
  for (const candidate of [...plan.additions, ...plan.conflicts]) {
    if (candidate.dropped.length > 0 && !outcome.kept.includes(candidate.key)) {
      out.write(`${at(candidate.span.start)}: "${candidate.key}": left out ${candidate.dropped.join(', ')} (not in a form the sidecar accepts)\n`);
    }
  }

  const changed = outcome.added.length + outcome.replaced.length > 0;
  if (changed && !dryRun) {
    try {
      if (creating) {
        if (!(await params.fs.writeNewFile(sidecarPath, outcome.text))) throw new Error('it appeared while importing');
      } else await params.fs.writeText(sidecarPath, outcome.text);
    } catch (error) {
      params.stderr.write(`sourced: ${shownSidecar}: cannot be written (${(error as Error).message})\n`);
      return EXIT.usageOrInternal;
    }
  }
  const skipped = outcome.kept.length + plan.unchanged.length;
  const counts = [
    `${outcome.added.length} added`,
    ...(outcome.replaced.length > 0 ? [`${outcome.replaced.length} replaced`] : []),
    `${skipped} skipped${plan.unchanged.length > 0 ? ` (${plan.unchanged.length} already identical)` : ''}`,
    `${plan.invalid.length} invalid`,
    ...(hasFlag(args, 'cited') ? [`${notCited} not cited by the draft`] : []),
  ].join(', ');
  const verb = dryRun ? 'Would import' : changed ? 'Imported' : 'Nothing to import';
  const target = creating && changed ? `${shownSidecar} (${dryRun ? 'would be created' : 'created'})` : shownSidecar;
  out.write(`${verb} from ${basename(shownInput)} into ${target}: ${counts}.\n`);
  return EXIT.ok;
}

/** Every key the draft cites: Pandoc citations in the text and keys in footnote definitions. */
function citedKeys(draftText: string): Set<string> {
  const markdown = analyzeMarkdown(draftText);
  const keys = new Set<string>();
  for (const citation of markdown.citations) for (const item of citation.items) keys.add(item.key);
  for (const definition of markdown.footnoteDefinitions) for (const item of definition.keys) keys.add(item.key);
  return keys;
}
