/**
 * The picture in the README: the example draft open with its entities highlighted and the Problems panel
 * listing the findings, taken from the real workbench by the harness (test-results/workbench.png).
 */
import * as assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import * as vscode from 'vscode';
import type { SourcedApi } from '../../src/extension/main';
import { EXTENSION_ID, openDraft, requestScreenshot, waitForCondition, waitForDiagnostics, waitForExtensionActive } from './helpers';

describe('the workbench as a writer sees it', () => {
  it('shows the example draft highlighted, with the Problems panel open', async function () {
    const api = (await waitForExtensionActive<SourcedApi>(EXTENSION_ID)).exports;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const editor = await openDraft('cargo.md');
    await waitForDiagnostics(editor.document.uri, (diagnostics) => diagnostics.some((d) => String(typeof d.code === 'object' ? d.code.value : d.code) === 'uncited-assertion'));
    await waitForCondition(() => (api.decorations?.shownIn(editor).size ?? 0) > 0, 'entity decorations in cargo.md');
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await vscode.window.showTextDocument(editor.document, { preview: false, selection: new vscode.Range(7, 0, 7, 0) });
    const path = await requestScreenshot('workbench');
    if (path === undefined) this.skip(); // run without the code-server harness (npm run test:electron)
    assert.ok(existsSync(path) && statSync(path).size > 10_000, `expected a screenshot at ${path}`);
  });
});
