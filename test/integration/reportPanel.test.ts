/**
 * The citation report panel end to end: "Sourced: Open Citation Report" opens a webview beside the draft, the
 * webview renders the report it is sent (it says so over the protocol), a reveal message selects the sentence in
 * the draft or the claim in the sidecar, messages outside the protocol are refused, and the panel follows edits.
 * Edits happen on a scratch draft in its own folder, so the example draft stays as the other suites expect it.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ReportPanel, RenderedReport } from '../../src/extension/features/reportPanel';
import { analysisOf, openDraft, requestScreenshot, sourcedApi, waitForEvent, workspaceUri } from './helpers';

const OPEN_REPORT = 'sourced.openCitationReport';

/** Resolves once the webview says it shows the panel's current report (or a later one). */
function rendered(panel: ReportPanel, description: string): Promise<RenderedReport> {
  const isCurrent = (value: RenderedReport | undefined) => value !== undefined && value.serial >= panel.currentSerial && panel.currentSerial > 0;
  if (isCurrent(panel.lastRendered)) return Promise.resolve(panel.lastRendered!);
  return waitForEvent(panel.onDidRender, isCurrent, description);
}

function selectedText(editor: vscode.TextEditor): string {
  return editor.document.getText(editor.selection);
}

describe('citation report panel', () => {
  let panel: ReportPanel | undefined;

  afterEach(() => {
    panel?.dispose();
    panel = undefined;
  });

  it('opens beside the draft and renders the report of cargo.md', async () => {
    const api = await sourcedApi();
    const editor = await openDraft('cargo.md', { column: vscode.ViewColumn.One });
    await analysisOf(api, editor.document);
    panel = await vscode.commands.executeCommand<ReportPanel>(OPEN_REPORT);
    assert.ok(panel, 'the command resolved with no panel');
    assert.equal(panel.draftUri.toString(), editor.document.uri.toString());
    assert.notEqual(panel.panel.viewColumn, vscode.ViewColumn.One, 'the panel should open beside the draft');

    const shown = await rendered(panel, 'the webview to render the report of cargo.md');
    const report = panel.currentReport!;
    assert.equal(shown.draftUri, editor.document.uri.toString());
    assert.equal(report.draft.name, 'cargo.md');
    // Every uncited assertion, claim, source and entity mention has a button that reveals it.
    const expectedButtons = report.uncited.length + report.claims.filter((claim) => claim.target).length + report.sources.filter((source) => source.target).length;
    assert.ok(shown.revealable >= expectedButtons, `${shown.revealable} reveal buttons, expected at least ${expectedButtons}`);
    assert.ok(report.sources.some((source) => source.key === 'latam-brief-2021' && source.unused));
    assert.ok(report.entities.some((entity) => entity.name === 'Emtrasur' && entity.mentionCount > 0));
    await requestScreenshot('citation-report-panel');
  });

  it('reveals an uncited sentence in the draft when a row asks for it', async () => {
    const api = await sourcedApi();
    const editor = await openDraft('cargo.md', { column: vscode.ViewColumn.One });
    await analysisOf(api, editor.document);
    panel = await vscode.commands.executeCommand<ReportPanel>(OPEN_REPORT, editor.document.uri);
    await rendered(panel, 'the webview to render the report');
    const row = panel.currentReport!.uncited.find((candidate) => candidate.text.startsWith('The aircraft’s crew of 18'));
    assert.ok(row, `no uncited row for the crew sentence among: ${panel.currentReport!.uncited.map((candidate) => candidate.text).join(' | ')}`);

    const changed = waitForEvent(vscode.window.onDidChangeTextEditorSelection, (event) => event.textEditor.document.uri.toString() === row.target.uri && event.selections[0].start.line === row.target.range.start.line, 'the selection to move to the sentence');
    assert.equal(await panel.handleMessage({ type: 'reveal', uri: row.target.uri, range: row.target.range }), true);
    const { textEditor } = await changed;
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), editor.document.uri.toString());
    assert.equal(selectedText(textEditor), 'The aircraft’s crew of 18 was made up of seven Iranians and eleven Venezuelans.');
  });

  it('reveals an orphaned claim in the sidecar', async () => {
    const api = await sourcedApi();
    const editor = await openDraft('cargo.md', { column: vscode.ViewColumn.One });
    await analysisOf(api, editor.document);
    panel = await vscode.commands.executeCommand<ReportPanel>(OPEN_REPORT, editor.document.uri);
    const orphaned = panel.currentReport!.claims.find((claim) => claim.anchor === 'orphaned');
    assert.ok(orphaned?.target);
    assert.equal(await panel.handleMessage({ type: 'reveal', uri: orphaned.target.uri, range: orphaned.target.range }), true);
    const active = vscode.window.activeTextEditor;
    assert.ok(active && active.document.uri.path.endsWith('/cargo.sources.yaml'), `the active editor is ${active?.document.uri.path}`);
    assert.match(selectedText(active), /Paraguayan officials confirmed that the jet touched down with an empty hold\./);
  });

  it('refuses messages outside the protocol and reveals of files the report is not about', async () => {
    const api = await sourcedApi();
    const editor = await openDraft('cargo.md', { column: vscode.ViewColumn.One });
    await analysisOf(api, editor.document);
    panel = await vscode.commands.executeCommand<ReportPanel>(OPEN_REPORT, editor.document.uri);
    const before = editor.selection;
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 4 } };
    assert.equal(await panel.handleMessage({ type: 'reveal', uri: workspaceUri('.sourced.yaml').toString(), range }), false);
    assert.equal(await panel.handleMessage({ type: 'runCommand', command: 'workbench.action.closeAllEditors' }), false);
    assert.equal(await panel.handleMessage({ type: 'reveal', uri: editor.document.uri.toString(), range: { start: { line: -1 } } }), false);
    assert.ok(!vscode.window.visibleTextEditors.some((visible) => visible.document.uri.path.endsWith('/.sourced.yaml')));
    assert.ok(editor.selection.isEqual(before));
  });

  it('follows the draft: an edit that adds an uncited assertion shows in the panel', async () => {
    const api = await sourcedApi();
    const folder = workspaceUri('report-scratch');
    const draftUri = vscode.Uri.joinPath(folder, 'report.md');
    const encoder = new TextEncoder();
    await vscode.workspace.fs.writeFile(draftUri, encoder.encode('# Scratch\n\nThe port handled 40 ships on 12 March 2021 [@port].\n'));
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, 'report.sources.yaml'), encoder.encode('sources:\n  port:\n    title: Port statistics\n'));
    const editor = await openDraft('report-scratch/report.md', { column: vscode.ViewColumn.One });
    await analysisOf(api, editor.document);
    panel = await vscode.commands.executeCommand<ReportPanel>(OPEN_REPORT, draftUri);
    await rendered(panel, 'the first report of the scratch draft');
    assert.equal(panel.currentReport!.summary.uncited, 0);
    assert.equal(panel.currentReport!.summary.cited, 1);

    const next = waitForEvent(panel.onDidRender, (value) => value.serial > 0 && panel!.currentReport!.summary.uncited === 1 && value.serial === panel!.currentSerial, 'the panel to show the new uncited assertion');
    const edit = new vscode.WorkspaceEdit();
    edit.insert(draftUri, new vscode.Position(3, 0), '\nThe storm sank 300 containers in January 2021.\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await next;
    const row = panel.currentReport!.uncited[0];
    assert.equal(row.text, 'The storm sank 300 containers in January 2021.');
    assert.equal(row.target.line, 5);
    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});
