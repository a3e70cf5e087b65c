import { PROJECT_CONFIG_FILE } from '../../core/config';
import { compareFindings, lintDocument, rateFindings } from '../../core/lint';
import { loadSidecarOf } from '../../core/project';
import { relativePath } from '../../core/text/uri';
import type { Finding } from '../../core/types';
import { EXIT, hasFlag, ignoredByProject, optionValue, ProjectContexts, readDraft, readerFor, UsageError, type ParsedArgs } from '../context';
import { selectDrafts } from '../files';
import { FORMATS, formatFindings, type Format } from '../formats';
import type { CliParams } from '../io';
import { VERSION } from '../version';
import type { Command } from './command';

export const lintCommand: Command = {
  name: 'lint',
  usage: 'lint [paths or globs…]',
  summary: 'Lint drafts (default: every *.md below the current folder, honouring .gitignore)',
  options: [
    { name: 'format', alias: 'f', value: 'NAME', description: 'stylish (default), json, sarif (SARIF 2.1.0) or github (workflow annotations)' },
    { name: 'max-warnings', value: 'N', description: 'Exit 1 only when there are more than N warnings (errors always exit 1)' },
    { name: 'quiet', alias: 'q', description: 'Report errors only' },
    { name: 'config', alias: 'c', value: 'FILE', description: `Project config for every draft (default: the nearest ${PROJECT_CONFIG_FILE} above each draft)` },
    { name: 'no-color', description: 'Plain output even on a terminal (also: NO_COLOR=1)' },
  ],
  run: (params, args) => run(params, args),
};

async function run(params: CliParams, args: ParsedArgs): Promise<number> {
  const format = (optionValue(args, 'format') ?? 'stylish') as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`unknown format "${format}"; use ${FORMATS.join(', ')}`);
  const maxWarningsText = optionValue(args, 'max-warnings');
  if (maxWarningsText !== undefined && !/^\d+$/.test(maxWarningsText)) throw new UsageError(`--max-warnings takes a whole number, not "${maxWarningsText}"`);
  const maxWarnings = maxWarningsText === undefined ? undefined : Number(maxWarningsText);
  const projects = new ProjectContexts(params, optionValue(args, 'config'));
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

  const shown = hasFlag(args, 'quiet') ? findings.filter((finding) => finding.severity === 'error') : findings;
  const color = !hasFlag(args, 'no-color') && Boolean(params.stdout.isTTY) && !params.env?.NO_COLOR;
  params.stdout.write(formatFindings(format, shown, { cwd: params.cwd, color, toolVersion: VERSION }));

  if (failedInputs > 0) return EXIT.usageOrInternal;
  const errors = findings.filter((finding) => finding.severity === 'error').length;
  const warnings = findings.filter((finding) => finding.severity === 'warning').length;
  if (errors > 0) return EXIT.findings;
  if (maxWarnings !== undefined) return warnings > maxWarnings ? EXIT.findings : EXIT.ok;
  return warnings > 0 ? EXIT.findings : EXIT.ok;
}

