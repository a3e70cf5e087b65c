import { sidecarPathFor } from '../../core/config';
import { lintDocument, rateFindings } from '../../core/lint';
import { loadDraftBibliographies, loadSidecarOf } from '../../core/project';
import { buildCitationReport, mapReportUris, renderReportMarkdown, renderStandaloneHtml, type CitationReport } from '../../core/report/index';
import { plural } from '../../core/report/text';
import { joinPath, relativePath } from '../../core/text/uri';
import { EXIT, optionValue, ProjectContexts, readDraft, readerFor, UsageError, type ParsedArgs } from '../context';
import type { CliParams } from '../io';
import type { Command } from './command';

/** The formats `sourced report` writes. */
export const REPORT_FORMATS = ['html', 'md', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const reportCommand: Command = {
  name: 'report',
  usage: 'report FILE',
  summary: 'Write the citation report of a draft (pre-publish sign-off); exits 0 even with findings',
  options: [
    { name: 'format', alias: 'f', value: 'NAME', description: 'html (one self-contained file), md (default) or json' },
    { name: 'out', alias: 'o', value: 'FILE', description: 'Write the report to FILE instead of standard output (replaces FILE)' },
    { name: 'config', alias: 'c', value: 'FILE', description: 'Project config to use (default: the nearest one above the draft)' },
  ],
  run: (params, args) => run(params, args),
};

/** Renders a report in one of the formats; JSON is the model itself. */
export function renderReport(report: CitationReport, format: ReportFormat): string {
  switch (format) {
    case 'html':
      return renderStandaloneHtml(report);
    case 'md':
      return renderReportMarkdown(report);
    case 'json':
      return JSON.stringify(report, null, 2) + '\n';
  }
}

async function run(params: CliParams, args: ParsedArgs): Promise<number> {
  const format = (optionValue(args, 'format') ?? 'md') as ReportFormat;
  if (!REPORT_FORMATS.includes(format)) throw new UsageError(`unknown format "${format}" for report; use ${REPORT_FORMATS.join(', ')}`);
  if (args.positional.length !== 1) throw new UsageError('report takes exactly one draft: sourced report FILE [--format html|md|json] [--out FILE]');
  const out = optionValue(args, 'out');
  const draftPath = joinPath(params.cwd, args.positional[0]);
  const outPath = out === undefined ? undefined : joinPath(params.cwd, out);
  if (outPath === draftPath) throw new UsageError('--out names the draft itself; choose another file');
  if (outPath !== undefined && outPath === sidecarPathFor(draftPath)) throw new UsageError("--out names the draft's sidecar; choose another file");

  const draft = await readDraft(params, draftPath);
  if (!draft.ok) {
    params.stderr.write(`sourced: ${draft.message}\n`);
    return EXIT.usageOrInternal;
  }
  const projects = new ProjectContexts(params, optionValue(args, 'config'));
  await projects.check();
  const project = await projects.forDraft(draftPath);
  const reader = readerFor(params);
  const sidecar = await loadSidecarOf(draftPath, reader);
  const bibliography = await loadDraftBibliographies(draftPath, draft.text, reader);
  const linted = lintDocument({
    uri: draftPath,
    text: draft.text,
    sidecar,
    registries: project.registries,
    extraSources: bibliography.sources,
    settings: project.settings,
  });
  // The open findings are those `sourced lint` would print for this draft: its project's and its bibliographies' too.
  const projectFindings = rateFindings([...project.findings, ...bibliography.findings], project.settings);
  const result = { ...linted, findings: [...projectFindings, ...linted.findings] };
  const built = buildCitationReport(result, {
    files: [...(sidecar ? [sidecar] : []), ...project.registries, ...bibliography.files],
    draftName: relativePath(params.cwd, draftPath),
    generatedAt: params.env?.SOURCE_DATE_EPOCH ? reproducibleDate(params.env.SOURCE_DATE_EPOCH) : new Date().toISOString(),
  });
  // Paths relative to the working folder, as `sourced lint` prints them: the report reads the same on any machine.
  const report = mapReportUris(built, (uri) => relativePath(params.cwd, uri));
  const text = renderReport(report, format);
  if (outPath === undefined) {
    params.stdout.write(text);
    return EXIT.ok;
  }
  return writeReport(params, outPath, text, report);
}

async function writeReport(params: CliParams, outPath: string, text: string, report: CitationReport): Promise<number> {
  const shown = relativePath(params.cwd, outPath);
  const stat = await params.fs.stat(outPath);
  if (stat?.kind === 'directory') throw new UsageError(`--out ${shown} is a folder; name a file`);
  try {
    await params.fs.writeText(outPath, text);
  } catch (error) {
    params.stderr.write(`sourced: cannot write ${shown} (${(error as Error).message})\n`);
    return EXIT.usageOrInternal;
  }
  const { summary } = report;
  const share = summary.citedPercent === null ? 'no assertions' : `cited ${summary.cited}/${summary.cited + summary.uncited} (${summary.citedPercent}%)`;
  const counts = [plural(summary.uncited, 'uncited assertion'), plural(summary.claims.stale, 'stale claim'), plural(summary.sources.unused, 'unused source')];
  params.stdout.write(`Wrote ${shown}: ${share}, ${counts.join(', ')}.\n`);
  return EXIT.ok;
}

/**
 * The report's time from `SOURCE_DATE_EPOCH` (seconds since 1970), the reproducible-builds convention: the same
 * draft then gives a byte-identical report in CI.
 */
function reproducibleDate(epoch: string): string {
  const seconds = Number(epoch);
  if (!/^\d+$/.test(epoch) || !Number.isSafeInteger(seconds)) throw new UsageError(`SOURCE_DATE_EPOCH must be a whole number of seconds, not "${epoch}"`);
  return new Date(seconds * 1000).toISOString();
}
