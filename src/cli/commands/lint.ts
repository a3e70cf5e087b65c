import { PROJECT_CONFIG_FILE, SIDECAR_SUFFIX } from '../../core/config';
import { draftCandidatesFor } from '../../core/draftFiles';
import { analyzeDocument, compareFindings, lintAnalysis, rateFindings, sentencesAwaitingJudgement, sentencesToJudge, type LintInput } from '../../core/lint';
import { analyzeMarkdown } from '../../core/markdown/analyze';
import { WARM_UP_DRAFT_LENGTH } from '../judge';
import { BibliographyCache, loadDraftBibliographies, loadSidecarOf } from '../../core/project';
import { relativePath } from '../../core/text/uri';
import type { Finding } from '../../core/types';
import { EXIT, hasFlag, ignoredByProject, optionValue, ProjectContexts, readDraft, readerFor, UsageError, type ParsedArgs } from '../context';
import { selectDrafts } from '../files';
import { FORMATS, writeFindings, type Format } from '../formats';
import type { CliParams } from '../io';
import { VERSION } from '../version';
import type { Command } from './command';

export const lintCommand: Command = {
  name: 'lint',
  usage: 'lint [paths or globs…]',
  summary: 'Lint drafts (default: every .md, .markdown, .qmd and .Rmd file below the current folder, honouring .gitignore)',
  options: [
    { name: 'format', alias: 'f', value: 'NAME', description: 'stylish (default), json, sarif (SARIF 2.1.0) or github (workflow annotations)' },
    { name: 'max-warnings', value: 'N', description: 'Exit 1 only when there are more than N warnings (errors always exit 1)' },
    { name: 'quiet', alias: 'q', description: 'Report errors only; warnings then fail the run only with --max-warnings' },
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
  // A sidecar stands for its draft: `lint drafts/*`, as the shell expands it, must not read the YAML as Markdown.
  const drafts = new Set<string>();
  for (const path of selection.files) {
    if (!path.endsWith(SIDECAR_SUFFIX)) {
      drafts.add(path);
      continue;
    }
    const draft = await draftOfSidecar(params, path, selection.files);
    if (draft) {
      drafts.add(draft);
      if (selection.explicit.has(path)) selection.explicit.add(draft);
    } else if (selection.explicit.has(path)) {
      params.stderr.write(`sourced: ${relativePath(params.cwd, path)}: a sidecar without its draft beside it; name the draft instead\n`);
      failedInputs++;
    }
  }
  selection.files = [...drafts].sort();

  const findings: Finding[] = [];
  const progress = params.stderr.isTTY && selection.files.length > 1;
  const reader = readerFor(params);
  // Drafts of one project often share a bibliography file: it is read once per run.
  const bibliographies = new BibliographyCache();
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
    const threaded = draft.text.length >= WARM_UP_DRAFT_LENGTH && params.judge?.warmUp() === true;
    // Parsed first so that the other thread can judge the sentences while this one loads and anchors.
    const markdown = analyzeMarkdown(draft.text);
    const judged = threaded ? params.judge?.submit(sentencesToJudge(draft.text, markdown, project.settings), { sensitivity: project.settings.sensitivity }) : undefined;
    const sidecar = await loadSidecarOf(path, reader);
    const bibliography = await loadDraftBibliographies(path, draft.text, reader, bibliographies);
    const input: LintInput = { uri: path, text: draft.text, sidecar, registries: project.registries, extraSources: bibliography.sources, settings: project.settings, markdown, detectAssertion: judged?.detector };
    const analysis = analyzeDocument(input);
    // Sentences a claim or an accepted entry now covers need no judgement: neither thread spends time on them.
    judged?.keepOnly(sentencesAwaitingJudgement(analysis));
    await judged?.settle();
    const result = lintAnalysis(analysis, input);
    for (const finding of result.findings) findings.push(finding);
    for (const finding of rateFindings(bibliography.findings, project.settings)) findings.push(finding);
  }
  if (progress) params.stderr.write('\r\u001b[K');
  for (const project of await projects.loaded()) findings.unshift(...rateFindings(project.findings, project.settings));
  // One draft's findings come sorted from lintAnalysis, and sorting a sorted list is one comparison per finding.
  findings.sort(compareFindings);
  // A bibliography shared by several drafts reports its own syntax error once per draft: keep one.
  let kept = 0;
  for (const finding of findings) if (kept === 0 || !sameFinding(finding, findings[kept - 1])) findings[kept++] = finding;
  findings.length = kept;

  const shown = hasFlag(args, 'quiet') ? findings.filter((finding) => finding.severity === 'error') : findings;
  const color = !hasFlag(args, 'no-color') && Boolean(params.stdout.isTTY) && !params.env?.NO_COLOR;
  writeFindings(format, shown, { cwd: params.cwd, color, toolVersion: VERSION }, (text) => params.stdout.write(text));

  if (failedInputs > 0) return EXIT.usageOrInternal;
  let errors = 0;
  let warnings = 0;
  for (let i = 0; i < findings.length; i++) {
    if (findings[i].severity === 'error') errors++;
    else if (findings[i].severity === 'warning') warnings++;
  }
  if (errors > 0) return EXIT.findings;
  if (maxWarnings !== undefined) return warnings > maxWarnings ? EXIT.findings : EXIT.ok;
  // A run that shows nothing must not fail: with --quiet, warnings are hidden and so do not count.
  if (hasFlag(args, 'quiet')) return EXIT.ok;
  return warnings > 0 ? EXIT.findings : EXIT.ok;
}


/**
 * The draft a sidecar on the command line stands for: one of the same stem that is selected too, else one that
 * exists (`cargo.sources.yaml` → `cargo.md`, or `cargo.qmd` for a Quarto draft).
 */
async function draftOfSidecar(params: CliParams, sidecarPath: string, selected: readonly string[]): Promise<string | undefined> {
  const candidates = draftCandidatesFor(sidecarPath.slice(0, -SIDECAR_SUFFIX.length));
  const alreadySelected = candidates.find((candidate) => selected.includes(candidate));
  if (alreadySelected) return alreadySelected;
  for (const candidate of candidates) if ((await params.fs.stat(candidate))?.kind === 'file') return candidate;
  return undefined;
}

function sameFinding(a: Finding, b: Finding): boolean {
  return a.uri === b.uri && a.ruleId === b.ruleId && a.span.start === b.span.start && a.span.end === b.span.end && a.message === b.message;
}
