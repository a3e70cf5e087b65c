/**
 * Bibliography exchange in the editor: "Import Sources from CSL-JSON or BibTeX…" (a file picker, then a
 * QuickPick for every key the sidecar already has: keep, replace or import under a new key) and "Export Sources
 * as CSL-JSON…". Also keeps drafts whose front matter names a bibliography file up to date when that file
 * changes, in the editor or on disk.
 */
import * as vscode from 'vscode';
import { bibliographyFormatOf, exportCslJson, readBibliography } from '../../core/bibliography/bibliography';
import { frontMatterBibliographies } from '../../core/bibliography/frontMatter';
import { applyImport, freeKey, planImport, type ConflictDecision, type ImportConflict, type ImportOutcome } from '../../core/bibliography/importPlan';
import { createSidecar } from '../../core/sidecar/edits';
import { loadSidecar } from '../../core/sidecar/load';
import { LineIndex } from '../../core/text/lineIndex';
import { basename, dirname, joinPath } from '../../core/text/uri';
import { spanToRange } from '../convert';
import type { ShellServices } from '../main';

/** The command ids this module registers (each is contributed in package.json). */
export const BIBLIOGRAPHY_COMMANDS = {
  importSources: 'sourced.importBibliography',
  exportSources: 'sourced.exportBibliography',
} as const;

/** Options of the import command, for callers that already know the answers (tests, other extensions). */
export interface ImportCommandOptions {
  /** The CSL-JSON or BibTeX file; asked for with a file picker when absent. */
  file?: vscode.Uri;
  /** The draft whose sidecar receives the sources; the active draft when absent. */
  draft?: vscode.Uri;
  /** One answer for every conflicting key instead of asking for each. */
  conflicts?: 'keep' | 'replace' | 'rename';
  /** Stands in for the QuickPick that asks about each conflicting key (tests answer through it). */
  choose?: ConflictChooser;
}

/** Shows the choices for one conflicting key and resolves with the one taken, or undefined to cancel. */
export type ConflictChooser = (items: readonly vscode.QuickPickItem[], options: vscode.QuickPickOptions) => Thenable<vscode.QuickPickItem | undefined>;

const showConflictPick: ConflictChooser = (items, options) => vscode.window.showQuickPick(items, options);

/** What the import command did, for its caller. */
export interface ImportCommandResult extends Omit<ImportOutcome, 'text'> {
  sidecar: vscode.Uri;
  invalid: number;
  unchanged: number;
}

/** Options of the export command. */
export interface ExportCommandOptions {
  draft?: vscode.Uri;
  /** Where to write; asked for with a save dialog when absent. */
  target?: vscode.Uri;
}

interface DecisionPick extends vscode.QuickPickItem {
  decision: ConflictDecision | 'keep-all' | 'replace-all';
}

/** Asks what to do with each conflicting key, one QuickPick per key; undefined when the writer cancels. */
async function askDecisions(conflicts: readonly ImportConflict[], takenKeys: Set<string>, choose: ConflictChooser): Promise<Map<string, ConflictDecision> | undefined> {
  const decisions = new Map<string, ConflictDecision>();
  for (const [index, conflict] of conflicts.entries()) {
    const newKey = freeKey(conflict.key, takenKeys);
    const remaining = conflicts.length - index;
    const items: DecisionPick[] = [
      { label: 'Keep existing', description: conflict.existing.title, detail: 'Leave the sidecar entry as it is', decision: { action: 'keep' } },
      { label: 'Replace', description: conflict.source.title, detail: 'Overwrite the sidecar entry with the imported fields', decision: { action: 'replace' } },
      { label: `Import as "${newKey}"`, description: conflict.source.title, detail: 'Keep both: the imported entry gets a new key', decision: { action: 'rename', key: newKey } },
    ];
    if (remaining > 1) {
      items.push(
        { label: `Keep existing for all ${remaining} remaining conflicts`, decision: 'keep-all' },
        { label: `Replace all ${remaining} remaining conflicts`, decision: 'replace-all' },
      );
    }
    const picked = (await choose(items, {
      title: `Import: the sidecar already has "${conflict.key}" (${index + 1} of ${conflicts.length})`,
      placeHolder: `Existing: "${conflict.existing.title}" · imported: "${conflict.source.title}"`,
      ignoreFocusOut: true,
    })) as DecisionPick | undefined;
    if (!picked) return undefined;
    if (picked.decision === 'keep-all' || picked.decision === 'replace-all') {
      const action = picked.decision === 'keep-all' ? 'keep' : 'replace';
      for (const rest of conflicts.slice(index)) decisions.set(rest.key, { action });
      break;
    }
    if (picked.decision.action === 'rename') takenKeys.add(picked.decision.key);
    decisions.set(conflict.key, picked.decision);
  }
  return decisions;
}

function decisionFor(option: ImportCommandOptions['conflicts'], conflict: ImportConflict, taken: Set<string>): ConflictDecision {
  if (option === 'rename') {
    const key = freeKey(conflict.key, taken);
    taken.add(key);
    return { action: 'rename', key };
  }
  return { action: option === 'replace' ? 'replace' : 'keep' };
}

/** Runs the import: pick a file, sort its entries, ask about conflicts, write the sidecar as one undo step. */
async function importSources(services: ShellServices, argument: unknown): Promise<ImportCommandResult | undefined> {
  const options: ImportCommandOptions = argument instanceof vscode.Uri ? { file: argument } : ((argument as ImportCommandOptions | undefined) ?? {});
  const given = options.draft ?? services.activeDraft.uri;
  const draft = given && services.store.isSidecar(given) ? services.store.draftUriFor(given) : given;
  if (!draft) {
    void vscode.window.showWarningMessage('Open a draft (or its sidecar) to import sources into its sidecar.');
    return undefined;
  }
  const file =
    options.file ??
    (
      await vscode.window.showOpenDialog({
        title: 'Import Sources from CSL-JSON or BibTeX',
        openLabel: 'Import',
        canSelectMany: false,
        defaultUri: draft.with({ path: dirname(draft.path) }),
        filters: { 'CSL-JSON, CSL YAML or BibTeX': ['json', 'bib', 'yaml', 'yml'], 'All files': ['*'] },
      })
    )?.[0];
  if (!file) return undefined;
  const name = basename(file.path);
  const text = await services.store.readText(file);
  if (text === undefined) {
    void vscode.window.showErrorMessage(`Sourced cannot read ${name}.`);
    return undefined;
  }
  const format = bibliographyFormatOf(file.path, text);
  if (!format) {
    void vscode.window.showErrorMessage(`${name} is not CSL-JSON (.json), CSL YAML (.yaml) or BibTeX (.bib).`);
    return undefined;
  }
  const parsed = readBibliography(text, format);
  const lines = new LineIndex(text);
  const where = (offset: number): string => {
    const position = lines.positionAt(offset);
    return `${name}:${position.line + 1}:${position.character + 1}`;
  };
  if (parsed.fatal) {
    void vscode.window.showErrorMessage(`Nothing imported: ${where(parsed.fatal.span.start)}: ${parsed.fatal.message}.`);
    return undefined;
  }

  const sidecar = services.store.sidecarUriFor(draft);
  const current = await services.store.readText(sidecar);
  const base = current ?? createSidecar({ draftName: basename(draft.path) });
  const plan = planImport(base, parsed.entries);
  const taken = new Set([...Object.keys(loadSidecar(sidecar.toString(), base).usable.sources), ...plan.additions.map((entry) => entry.key)]);
  let decisions: Map<string, ConflictDecision> | undefined;
  if (options.conflicts) decisions = new Map(plan.conflicts.map((conflict) => [conflict.key, decisionFor(options.conflicts, conflict, taken)]));
  else decisions = await askDecisions(plan.conflicts, taken, options.choose ?? showConflictPick);
  if (!decisions) {
    void vscode.window.showInformationMessage('Import cancelled; the sidecar was not changed.');
    return undefined;
  }
  const outcome = applyImport(base, plan, (conflict) => decisions.get(conflict.key));
  if ('problem' in outcome) {
    void vscode.window.showWarningMessage(`Sourced cannot edit ${basename(sidecar.path)}: ${outcome.problem}.`);
    return undefined;
  }
  for (const problem of parsed.problems) services.output.warn(`Import: ${where(problem.span.start)}: ${problem.message}`);
  for (const invalid of plan.invalid) services.output.warn(`Import: ${where(invalid.span.start)}: skipped "${invalid.key}": ${invalid.reason}`);
  for (const candidate of [...plan.additions, ...plan.conflicts]) {
    if (candidate.dropped.length > 0) services.output.info(`Import: "${candidate.key}": left out ${candidate.dropped.join(', ')} (not in a form the sidecar accepts)`);
  }

  if (outcome.text !== current && (current !== undefined || outcome.added.length + outcome.renamed.length > 0)) {
    if (!(await writeSidecar(sidecar, current, outcome.text))) return undefined;
  }
  const result: ImportCommandResult = {
    sidecar,
    added: outcome.added,
    replaced: outcome.replaced,
    renamed: outcome.renamed,
    kept: outcome.kept,
    invalid: plan.invalid.length,
    unchanged: plan.unchanged.length,
  };
  const parts = [
    `${outcome.added.length + outcome.renamed.length} added`,
    ...(outcome.replaced.length ? [`${outcome.replaced.length} replaced`] : []),
    `${outcome.kept.length + plan.unchanged.length} kept`,
    ...(plan.invalid.length ? [`${plan.invalid.length} invalid (see the Sourced output)`] : []),
  ];
  void vscode.window
    .showInformationMessage(`Imported ${name} into ${basename(sidecar.path)}: ${parts.join(', ')}.`, 'Open Sidecar')
    .then((choice) => (choice ? vscode.window.showTextDocument(sidecar, { viewColumn: vscode.ViewColumn.Beside }) : undefined));
  return result;
}

/** Writes the new sidecar text as one edit (the changed region only), creating the file when needed. */
async function writeSidecar(sidecar: vscode.Uri, current: string | undefined, next: string): Promise<boolean> {
  const edit = new vscode.WorkspaceEdit();
  if (current === undefined) {
    edit.createFile(sidecar, { ignoreIfExists: false });
    edit.insert(sidecar, new vscode.Position(0, 0), next);
  } else {
    let start = 0;
    while (start < current.length && start < next.length && current[start] === next[start]) start++;
    let tail = 0;
    while (tail < current.length - start && tail < next.length - start && current[current.length - 1 - tail] === next[next.length - 1 - tail]) tail++;
    edit.replace(sidecar, spanToRange(new LineIndex(current), { start, end: current.length - tail }), next.slice(start, next.length - tail));
  }
  const wasOpen = vscode.workspace.textDocuments.some((document) => document.uri.toString() === sidecar.toString());
  if (!(await vscode.workspace.applyEdit(edit))) {
    void vscode.window.showWarningMessage(`Sourced could not write to ${basename(sidecar.path)}.`);
    return false;
  }
  // A closed sidecar is saved, as the writer expects of an import; an open one is left for the writer to save.
  if (!wasOpen) await vscode.workspace.textDocuments.find((document) => document.uri.toString() === sidecar.toString())?.save();
  return true;
}

/** Writes the draft's sidecar sources as CSL-JSON to a file the writer picks. */
async function exportSources(services: ShellServices, argument: unknown): Promise<{ target: vscode.Uri; count: number } | undefined> {
  const options: ExportCommandOptions = argument instanceof vscode.Uri ? { draft: argument } : ((argument as ExportCommandOptions | undefined) ?? {});
  const given = options.draft ?? services.activeDraft.uri;
  const draft = given && services.store.isSidecar(given) ? services.store.draftUriFor(given) : given;
  if (!draft) {
    void vscode.window.showWarningMessage('Open a draft (or its sidecar) to export its sources.');
    return undefined;
  }
  const sidecar = services.store.sidecarUriFor(draft);
  const text = await services.store.readText(sidecar);
  if (text === undefined) {
    void vscode.window.showWarningMessage(`${basename(draft.path)} has no sidecar (${basename(sidecar.path)}) to export.`);
    return undefined;
  }
  const loaded = loadSidecar(sidecar.toString(), text);
  const sources = Object.entries(loaded.usable.sources);
  const stem = basename(draft.path).replace(/\.[^.]+$/, '');
  const target =
    options.target ??
    (await vscode.window.showSaveDialog({
      title: 'Export Sources as CSL-JSON',
      saveLabel: 'Export',
      defaultUri: draft.with({ path: joinPath(dirname(draft.path), `${stem}.json`) }),
      filters: { 'CSL-JSON': ['json'] },
    }));
  if (!target) return undefined;
  try {
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(exportCslJson(sources)));
  } catch (error) {
    void vscode.window.showErrorMessage(`Sourced could not write ${basename(target.path)}: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
  const skipped = loaded.value ? 0 : Math.max(0, countSourceKeys(text) - sources.length);
  const note = skipped > 0 ? ` ${skipped} source${skipped === 1 ? '' : 's'} with problems left out (see the Problems panel).` : '';
  void vscode.window.showInformationMessage(`Exported ${sources.length} source${sources.length === 1 ? '' : 's'} to ${basename(target.path)}.${note}`);
  return { target, count: sources.length };
}

function countSourceKeys(text: string): number {
  const value = loadSidecar('count.sources.yaml', text).document?.toJS() as { sources?: Record<string, unknown> } | null | undefined;
  return value?.sources && typeof value.sources === 'object' ? Object.keys(value.sources).length : 0;
}

/** Whether `uri` is a bibliography file the draft's front matter names. */
function namesBibliography(draftKey: string, draftText: string, uri: vscode.Uri): boolean {
  const target = uri.toString();
  return frontMatterBibliographies(draftText).files.some((file) => joinPath(dirname(draftKey), file.path) === target);
}

/** Re-analyses the drafts whose front matter names `uri`. */
function reanalyseDependents(services: ShellServices, uri: vscode.Uri): void {
  if (!bibliographyFormatOf(uri.path)) return;
  for (const draftUri of services.store.analysedUris()) {
    const draft = services.store.get(draftUri);
    if (draft && namesBibliography(draftUri.toString(), draft.input.text, uri)) services.live.schedule(draftUri);
  }
}

/** Registers the import and export commands and watches bibliography files that drafts depend on. */
export function activate(context: vscode.ExtensionContext, services: ShellServices): void {
  const watcher = vscode.workspace.createFileSystemWatcher('**/*.{bib,json,yaml,yml}');
  context.subscriptions.push(
    vscode.commands.registerCommand(BIBLIOGRAPHY_COMMANDS.importSources, (argument?: unknown) => importSources(services, argument)),
    vscode.commands.registerCommand(BIBLIOGRAPHY_COMMANDS.exportSources, (argument?: unknown) => exportSources(services, argument)),
    watcher,
    watcher.onDidChange((uri) => reanalyseDependents(services, uri)),
    watcher.onDidCreate((uri) => reanalyseDependents(services, uri)),
    watcher.onDidDelete((uri) => reanalyseDependents(services, uri)),
    // Unsaved edits to an open bibliography count, as they do for sidecars.
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.contentChanges.length > 0) reanalyseDependents(services, event.document.uri);
    }),
  );
}
