/**
 * The review view and the navigation it drives: groups for cargo.md, items that reveal the draft or the sidecar,
 * refreshes as the draft changes, the status bar's cited share, and next/previous uncited assertion.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SourcedApi } from '../../src/extension/main';
import type { ReviewNode } from '../../src/extension/reviewModel';
import { analysisOf, openDraft, ruleOf, sourcedApi, waitForDiagnostics, waitForEvent, workspaceUri } from './helpers';

function group(api: SourcedApi, id: string): ReviewNode {
  const found = api.review!.roots().find((node) => node.id === id);
  assert.ok(found, `the review view has no group ${id}; it has ${api.review!.roots().map((node) => node.id).join(', ')}`);
  return found;
}

/** Runs the command of a tree item as a click would, and resolves with the editor it opened. */
async function click(api: SourcedApi, node: ReviewNode): Promise<vscode.TextEditor> {
  const item = api.review!.getTreeItem(node);
  assert.ok(item.command, `${node.label} has no command`);
  await vscode.commands.executeCommand(item.command.command, ...(item.command.arguments ?? []));
  const editor = vscode.window.activeTextEditor;
  assert.ok(editor);
  return editor;
}

describe('review view', () => {
  let api: SourcedApi;
  let editor: vscode.TextEditor;

  beforeEach(async () => {
    api = await sourcedApi();
    editor = await openDraft('cargo.md');
    await analysisOf(api, editor.document);
  });

  it('shows the four groups for the active draft', () => {
    assert.deepEqual(
      api.review!.roots().map((node) => node.label),
      ['Uncited assertions', 'Claims', 'Sources', 'Entities'],
    );
  });

  it('lists as many uncited assertions as the Problems panel shows, each with its reasons', async () => {
    const diagnostics = await waitForDiagnostics(editor.document.uri, (list) => list.some((diagnostic) => ruleOf(diagnostic) === 'uncited-assertion'));
    const uncited = group(api, 'group/uncited').children ?? [];
    assert.equal(uncited.length, diagnostics.filter((diagnostic) => ruleOf(diagnostic) === 'uncited-assertion').length);
    assert.ok(uncited.every((node) => (node.description ?? '').length > 0));
  });

  it('counts citations per source and marks latam-brief-2021 as unused', () => {
    const sources = group(api, 'group/sources').children ?? [];
    const latam = sources.find((node) => node.label === 'latam-brief-2021');
    assert.equal(latam?.description, 'unused');
    const fdd = sources.find((node) => node.label === 'fdd-2022');
    assert.match(fdd?.description ?? '', /^\d+ citations/);
    const ofac = sources.find((node) => node.label === 'ofac-sdn');
    assert.ok(ofac, 'a registry source the draft cites is listed');
  });

  it('puts the claim whose text left the draft under Orphaned', () => {
    const claims = group(api, 'group/claims').children ?? [];
    const orphaned = claims.find((node) => node.label === 'Orphaned');
    assert.ok(orphaned?.children?.some((node) => node.label.startsWith('Paraguayan officials confirmed')));
  });

  it('reveals a source in the sidecar when it is clicked', async () => {
    const fdd = (group(api, 'group/sources').children ?? []).find((node) => node.label === 'fdd-2022')!;
    const opened = await click(api, fdd);
    assert.equal(opened.document.uri.toString(), workspaceUri('cargo.sources.yaml').toString());
    assert.equal(opened.document.getText(opened.selection), 'fdd-2022');
  });

  it('reveals an uncited assertion in the draft when it is clicked', async () => {
    const first = group(api, 'group/uncited').children![0];
    const opened = await click(api, first);
    assert.equal(opened.document.uri.toString(), editor.document.uri.toString());
    assert.ok(!opened.selection.isEmpty);
    assert.equal(opened.document.offsetAt(opened.selection.start), first.target!.span.start);
  });

  it('refreshes as the draft changes, before it is saved', async () => {
    const before = group(api, 'group/uncited').children!.length;
    const refreshed = waitForEvent(api.review!.onDidChangeTreeData, () => (group(api, 'group/uncited').children?.length ?? 0) === before + 1, 'the view to list one more uncited assertion');
    const end = editor.document.positionAt(editor.document.getText().length);
    assert.ok(await editor.edit((builder) => builder.insert(end, '\nThe ship carried 312 tonnes of cargo to Lisbon in 1921.\n')));
    try {
      await refreshed;
      assert.ok(editor.document.isDirty);
    } finally {
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  });

  it('shows "Cited n/m" in the status bar, m − n being the uncited assertions listed', () => {
    const match = /Cited (\d+)\/(\d+)/.exec(api.statusBar!.text);
    assert.ok(match, api.statusBar!.text);
    assert.equal(Number(match[2]) - Number(match[1]), group(api, 'group/uncited').children!.length);
  });

  it('goes to the next and previous uncited assertion, wrapping around', async () => {
    const uncited = group(api, 'group/uncited').children!;
    assert.ok(uncited.length >= 2);
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    await vscode.commands.executeCommand('sourced.nextUncitedAssertion');
    assert.equal(editor.document.offsetAt(editor.selection.start), uncited[0].target!.span.start);
    await vscode.commands.executeCommand('sourced.nextUncitedAssertion');
    assert.equal(editor.document.offsetAt(editor.selection.start), uncited[1].target!.span.start);
    await vscode.commands.executeCommand('sourced.previousUncitedAssertion');
    assert.equal(editor.document.offsetAt(editor.selection.start), uncited[0].target!.span.start);
    await vscode.commands.executeCommand('sourced.previousUncitedAssertion');
    assert.equal(editor.document.offsetAt(editor.selection.start), uncited[uncited.length - 1].target!.span.start, 'wraps to the last');
  });

  it('opens with "Sourced: Show Review"', async () => {
    await vscode.commands.executeCommand('sourced.showReview');
    // Focusing the view keeps the draft as the view's subject.
    assert.equal(api.review!.current()?.uri.toString(), editor.document.uri.toString());
  });
});
