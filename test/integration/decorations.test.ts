/**
 * Entity highlighting in cargo.md: mentions decorated by kind, turned off and on by the command and the setting,
 * and not repainted when an analysis finds the same mentions again.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SourcedApi } from '../../src/extension/main';
import { analysisOf, openDraft, requestScreenshot, sourcedApi, waitForCondition, waitForEvent } from './helpers';

function shownTexts(api: SourcedApi, editor: vscode.TextEditor, kind: string): string[] {
  return (api.decorations!.shownIn(editor).get(kind as never) ?? []).map((range) => editor.document.getText(range));
}

/** VS Code raises no event for decorations: this is the one wait that polls the decorations the extension sent. */
function waitForShown(api: SourcedApi, editor: vscode.TextEditor, predicate: (shown: Map<string, vscode.Range[]>) => boolean, what: string) {
  return waitForCondition(() => predicate(api.decorations!.shownIn(editor) as Map<string, vscode.Range[]>), what);
}

describe('entity highlighting', () => {
  let api: SourcedApi;
  let editor: vscode.TextEditor;

  before(async () => {
    api = await sourcedApi();
    editor = await openDraft('cargo.md');
    await analysisOf(api, editor.document);
    assert.ok(api.decorations, 'the decorations feature is not exported');
  });

  afterEach(async () => {
    await vscode.workspace.getConfiguration('sourced').update('highlight.enabled', undefined, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('sourced').update('highlight.enabled', undefined, vscode.ConfigurationTarget.Workspace);
  });

  it('decorates people, organisations and places of cargo.md by their kind', async () => {
    await waitForShown(api, editor, (shown) => (shown.get('person')?.length ?? 0) > 0, 'person mentions to be decorated');
    assert.ok(shownTexts(api, editor, 'person').includes('Marcelo Pecci'));
    assert.ok(shownTexts(api, editor, 'person').includes('Ghasemi'), 'an alias is a mention too');
    assert.ok(shownTexts(api, editor, 'organization').includes('Emtrasur'));
    assert.ok(shownTexts(api, editor, 'place').includes('Ciudad del Este'));
    assert.ok(!shownTexts(api, editor, 'person').includes('Emtrasur'));
    await requestScreenshot('entity-highlighting');
  });

  it('decorates exactly the mentions of the analysis, each once', async () => {
    const draft = await analysisOf(api, editor.document);
    const shownCount = [...api.decorations!.shownIn(editor).values()].reduce((sum, ranges) => sum + ranges.length, 0);
    assert.equal(shownCount, draft.result.analysis.mentions.length);
  });

  it('turns highlighting off and on again with "Sourced: Toggle Entity Highlighting"', async () => {
    await vscode.commands.executeCommand('sourced.toggleEntityHighlighting');
    await waitForShown(api, editor, (shown) => shown.size === 0, 'decorations to be cleared');
    assert.equal(vscode.workspace.getConfiguration('sourced').get('highlight.enabled'), false);
    await vscode.commands.executeCommand('sourced.toggleEntityHighlighting');
    await waitForShown(api, editor, (shown) => (shown.get('person')?.length ?? 0) > 0, 'decorations to come back');
  });

  it('follows the sourced.highlight.enabled setting without a reload', async () => {
    await vscode.workspace.getConfiguration('sourced').update('highlight.enabled', false, vscode.ConfigurationTarget.Global);
    await waitForShown(api, editor, (shown) => shown.size === 0, 'decorations to be cleared by the setting');
    await vscode.workspace.getConfiguration('sourced').update('highlight.enabled', undefined, vscode.ConfigurationTarget.Global);
    await waitForShown(api, editor, (shown) => shown.size > 0, 'decorations to come back with the setting');
  });

  it('does not repaint when an edit after the last mention leaves every mention where it was', async () => {
    await analysisOf(api, editor.document);
    const before = api.decorations!.paintCount;
    const end = editor.document.positionAt(editor.document.getText().length);
    const expectedVersion = editor.document.version + 1;
    const analysed = waitForEvent(api.store.onDidAnalyse, (draft) => draft.uri.toString() === editor.document.uri.toString() && draft.version === expectedVersion, 'the analysis of the edit');
    assert.ok(await editor.edit((builder) => builder.insert(end, '\n')));
    try {
      await analysed;
      assert.equal(api.decorations!.paintCount, before, 'an unchanged set of mentions was sent to the editor again');
    } finally {
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  });

  it('moves decorations with an edit before them and repaints them from the next analysis', async () => {
    await analysisOf(api, editor.document);
    const firstPerson = api.decorations!.shownIn(editor).get('person')![0];
    const expectedVersion = editor.document.version + 1;
    const analysed = waitForEvent(api.store.onDidAnalyse, (draft) => draft.uri.toString() === editor.document.uri.toString() && draft.version === expectedVersion, 'the analysis of the edit');
    assert.ok(await editor.edit((builder) => builder.insert(new vscode.Position(0, 0), 'Intro.\n')));
    try {
      await analysed;
      const moved = api.decorations!.shownIn(editor).get('person')![0];
      assert.equal(moved.start.line, firstPerson.start.line + 1);
      assert.equal(editor.document.getText(moved), editor.document.getText(moved).trim());
      assert.ok(shownTexts(api, editor, 'person').includes('Marcelo Pecci'));
    } finally {
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  });
});
