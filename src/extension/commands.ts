/**
 * The palette commands of the "Sourced" category: lint the whole workspace, go to the next or previous uncited
 * assertion, toggle entity highlighting, create a draft's sidecar and open it beside the draft.
 */
import * as vscode from 'vscode';
import { RULES_DOCS_BASE } from '../core/rules/ids';
import { basename } from '../core/text/uri';
import { CONFIGURATION_SECTION, readEditorOnlySettings } from './config';
import type { ActiveDraft } from './activeDraft';
import type { Services } from './draftStore';
import { isDraftDocument, type LiveAnalysis } from './liveAnalysis';
import { currentAnalysis } from './features/definition';
import { adjacentFinding, lintWorkspaceSummary, uncitedFindings } from './reviewModel';

/** The command ids this module registers (each is contributed in package.json). */
export const COMMAND_IDS = {
  lintWorkspace: 'sourced.lintWorkspace',
  nextUncited: 'sourced.nextUncitedAssertion',
  previousUncited: 'sourced.previousUncitedAssertion',
  toggleHighlighting: 'sourced.toggleEntityHighlighting',
  createSidecar: 'sourced.createSidecar',
  openSidecar: 'sourced.openSidecar',
} as const;

const SIDECAR_DOCS_URL = RULES_DOCS_BASE.replace(/rules\.md$/, 'sidecar.md');

/** The text of a new sidecar: every section present and empty, with comments showing how entries look. */
export function sidecarSkeleton(draftName: string): string {
  return [
    `# Sources, entities and claims of ${draftName} (Sourced sidecar, format version 1).`,
    `# Format: ${SIDECAR_DOCS_URL}`,
    'version: 1',
    '',
    '# Sources the draft cites as [@key], for example:',
    '#   fdd-2022:',
    '#     title: Title of the article, report or dataset',
    '#     publisher: Who published it',
    '#     date: 2022-07-06',
    '#     url: https://example.org/article',
    'sources: {}',
    '',
    '# People, organisations, places, vehicles, events and works the draft names; their mentions are highlighted.',
    '#   acme:',
    '#     name: Acme Corporation',
    '#     kind: organization   # person, organization, place, vehicle, event, work or other',
    '#     aliases: [Acme]',
    'entities: {}',
    '',
    '# Claims attach sources to exact text of the draft; "Attach as a claim" quick fixes add them.',
    'claims: []',
    '',
    '# Sentences that need no source (own analysis, common knowledge), with the reason.',
    'accepted: []',
    '',
  ].join('\n');
}

type ShellServices = Services & { activeDraft: ActiveDraft; live: LiveAnalysis };

/** The draft a command acts on: the URI it was invoked with (explorer, editor title), else the active draft. */
function targetDraft(services: ShellServices, argument: unknown): vscode.Uri | undefined {
  if (argument instanceof vscode.Uri) {
    return services.store.isSidecar(argument) ? services.store.draftUriFor(argument) : argument;
  }
  return services.activeDraft.uri;
}

/** Creates the sidecar of a draft if it has none (never overwriting one) and opens it beside the draft. */
export async function createSidecar(services: ShellServices, argument?: unknown): Promise<vscode.Uri | undefined> {
  const draft = targetDraft(services, argument);
  if (!draft) {
    void vscode.window.showInformationMessage('Open a Markdown draft to create its sidecar.');
    return undefined;
  }
  if (draft.scheme === 'untitled') {
    void vscode.window.showInformationMessage('Save the draft first: its sidecar is the file beside it.');
    return undefined;
  }
  const sidecar = services.store.sidecarUriFor(draft);
  if (await services.store.exists(sidecar)) {
    void vscode.window.setStatusBarMessage(`$(info) ${basename(sidecar.path)} already exists`, 4000);
  } else {
    const edit = new vscode.WorkspaceEdit();
    // ignoreIfExists: a file that appeared since the check above is kept as it is.
    edit.createFile(sidecar, { ignoreIfExists: true, contents: new TextEncoder().encode(sidecarSkeleton(basename(draft.path))) });
    if (!(await vscode.workspace.applyEdit(edit))) {
      void vscode.window.showErrorMessage(`Sourced could not create ${vscode.workspace.asRelativePath(sidecar)}.`);
      return undefined;
    }
    services.output.info(`Created ${vscode.workspace.asRelativePath(sidecar)}`);
    services.store.invalidate(sidecar);
    services.live.schedule(draft, 0);
  }
  await vscode.window.showTextDocument(sidecar, { viewColumn: vscode.ViewColumn.Beside, preview: false });
  return sidecar;
}

/** Opens the sidecar of a draft beside it; offers to create it when the draft has none. */
export async function openSidecar(services: ShellServices, argument?: unknown): Promise<void> {
  const draft = targetDraft(services, argument);
  if (!draft) {
    void vscode.window.showInformationMessage('Open a Markdown draft to open its sidecar.');
    return;
  }
  const sidecar = services.store.sidecarUriFor(draft);
  if (await services.store.exists(sidecar)) {
    await vscode.window.showTextDocument(sidecar, { viewColumn: vscode.ViewColumn.Beside, preview: false });
    return;
  }
  const create = 'Create Sidecar';
  const choice = await vscode.window.showInformationMessage(`${basename(draft.path)} has no sidecar yet (${basename(sidecar.path)}).`, create);
  if (choice === create) await createSidecar(services, draft);
}

/** Moves the cursor to the next or previous uncited assertion of the active draft, wrapping around. */
export async function goToUncited(services: ShellServices, direction: 'next' | 'previous'): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || !isDraftDocument(editor.document)) {
    void vscode.window.setStatusBarMessage('$(info) Sourced: open a Markdown draft first', 3000);
    return;
  }
  const document = editor.document;
  // A draft opened a moment ago is still being analysed by the live analysis; wait for it instead of doing nothing.
  const draft = await currentAnalysis(services.store, document);
  if (!draft) return;
  const findings = uncitedFindings(draft.result, document.uri.toString());
  // From the start of the selection: after a jump the finding is selected, and the next jump must leave it.
  const chosen = adjacentFinding(findings, document.offsetAt(editor.selection.start), direction);
  if (!chosen) {
    void vscode.window.setStatusBarMessage('$(pass) Sourced: no uncited assertions in this draft', 3000);
    return;
  }
  const range = new vscode.Range(document.positionAt(chosen.finding.span.start), document.positionAt(chosen.finding.span.end));
  editor.selection = new vscode.Selection(range.start, range.end);
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  const index = findings.indexOf(chosen.finding) + 1;
  const wrapped = chosen.wrapped ? (direction === 'next' ? ' (wrapped to the start)' : ' (wrapped to the end)') : '';
  void vscode.window.setStatusBarMessage(`Sourced: uncited assertion ${index} of ${findings.length}${wrapped}`, 3000);
}

/** Flips `sourced.highlight.enabled` where it is set (folder, workspace), else in the user settings. */
export async function toggleHighlighting(services: ShellServices): Promise<boolean> {
  const resource = services.activeDraft.uri;
  const configuration = vscode.workspace.getConfiguration(CONFIGURATION_SECTION, resource);
  const enabled = readEditorOnlySettings(configuration).highlightEnabled;
  const inspected = configuration.inspect<boolean>('highlight.enabled');
  const target =
    inspected?.workspaceFolderValue !== undefined && resource
      ? vscode.ConfigurationTarget.WorkspaceFolder
      : inspected?.workspaceValue !== undefined
        ? vscode.ConfigurationTarget.Workspace
        : vscode.ConfigurationTarget.Global;
  await configuration.update('highlight.enabled', !enabled, target);
  void vscode.window.setStatusBarMessage(`Sourced: entity highlighting ${enabled ? 'off' : 'on'}`, 3000);
  return !enabled;
}

/** Lints every draft of the workspace into the Problems panel, with progress; cancelling keeps what is done. */
export async function lintWorkspace(services: ShellServices): Promise<{ drafts: number; problems: number; cancelled: boolean }> {
  const { store } = services;
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Sourced: linting the workspace', cancellable: true },
    async (progress, token) => {
      const started = Date.now();
      progress.report({ message: 'finding drafts…' });
      const drafts = await store.findDrafts(token);
      let problems = 0;
      let done = 0;
      for (const uri of drafts) {
        if (token.isCancellationRequested) break;
        progress.report({ message: vscode.workspace.asRelativePath(uri), increment: 100 / Math.max(1, drafts.length) });
        const draft = await store.analyseUri(uri, token);
        if (draft) problems += draft.result.findings.length + draft.projectFindings.length;
        store.release(uri);
        done++;
      }
      services.live.keepAfterClose(drafts.slice(0, done));
      const cancelled = token.isCancellationRequested;
      services.output.info(`Linted ${done} of ${drafts.length} drafts in ${Date.now() - started} ms: ${problems} problems${cancelled ? ' (cancelled)' : ''}`);
      const summary = lintWorkspaceSummary(done, drafts.length, problems, cancelled);
      if (problems > 0) {
        void vscode.window.showInformationMessage(summary, 'Show Problems').then((choice) => {
          if (choice) void vscode.commands.executeCommand('workbench.actions.view.problems');
        });
      } else {
        void vscode.window.showInformationMessage(summary);
      }
      return { drafts: done, problems, cancelled };
    },
  );
}

/** Registers the palette commands. */
export function activate(context: vscode.ExtensionContext, services: ShellServices): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(COMMAND_IDS.lintWorkspace, () => lintWorkspace(services)),
    vscode.commands.registerCommand(COMMAND_IDS.nextUncited, () => goToUncited(services, 'next')),
    vscode.commands.registerCommand(COMMAND_IDS.previousUncited, () => goToUncited(services, 'previous')),
    vscode.commands.registerCommand(COMMAND_IDS.toggleHighlighting, () => toggleHighlighting(services)),
    vscode.commands.registerCommand(COMMAND_IDS.createSidecar, (uri?: unknown) => createSidecar(services, uri)),
    vscode.commands.registerCommand(COMMAND_IDS.openSidecar, (uri?: unknown) => openSidecar(services, uri)),
  );
}
