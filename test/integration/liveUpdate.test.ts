/**
 * Live updates on a draft of its own (live/draft.md): unsaved edits are linted, a burst of edits yields the
 * result of the last one only, sidecar and project-config changes (in the editor or on disk) re-lint the draft,
 * a broken sidecar is reported in the sidecar, and the sidecar commands create and open sidecars.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, openDraft, replaceDocumentText, ruleOf, waitForDiagnostics, waitForExtensionActive, workspaceUri } from './helpers';

function unknownKeys(diagnostics: readonly vscode.Diagnostic[]): string[] {
  return diagnostics
    .filter((diagnostic) => ruleOf(diagnostic) === 'unknown-source')
    .map((diagnostic) => /"([^"]+)"/.exec(diagnostic.message)?.[1] ?? diagnostic.message)
    .sort();
}

const encode = (text: string) => new TextEncoder().encode(text);

const DRAFT = '# Live\n\nThe ferry left Lisbon at dawn [@known-2020].\n';
const SIDECAR = '# test sidecar\nsources:\n  known-2020:\n    title: Harbour log\n';

describe('live updates', () => {
  const draftUri = () => workspaceUri('live/draft.md');
  const sidecarUri = () => workspaceUri('live/draft.sources.yaml');
  const configUri = () => workspaceUri('live/.sourced.yaml');
  let editor: vscode.TextEditor;

  before(async () => {
    await vscode.workspace.fs.writeFile(draftUri(), encode(DRAFT));
    await vscode.workspace.fs.writeFile(sidecarUri(), encode(SIDECAR));
    await waitForExtensionActive(EXTENSION_ID);
    editor = await openDraft('live/draft.md');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const uri of [configUri(), workspaceUri('live')]) {
      await vscode.workspace.fs.delete(uri, { recursive: true }).then(undefined, () => undefined);
    }
  });

  it('lints the unsaved text: a new citation of a missing key is reported before any save', async () => {
    await waitForDiagnostics(draftUri(), (diagnostics) => unknownKeys(diagnostics).length === 0);
    const end = editor.document.positionAt(editor.document.getText().length);
    assert.ok(await editor.edit((builder) => builder.insert(end, 'It carried 40 passengers [@missing-1].\n')));
    await waitForDiagnostics(draftUri(), (diagnostics) => unknownKeys(diagnostics).includes('missing-1'));
    assert.ok(editor.document.isDirty, 'the draft was never saved');
  });

  it('reports only the result of the last edit of a quick burst', async () => {
    for (let index = 2; index <= 6; index++) {
      const at = editor.document.getText().indexOf(`missing-${index - 1}`);
      const range = new vscode.Range(editor.document.positionAt(at), editor.document.positionAt(at + `missing-${index - 1}`.length));
      assert.ok(await editor.edit((builder) => builder.replace(range, `missing-${index}`)));
    }
    const diagnostics = await waitForDiagnostics(draftUri(), (list) => unknownKeys(list).includes('missing-6'));
    assert.deepEqual(unknownKeys(diagnostics), ['missing-6']);
  });

  it('re-lints the draft when its sidecar is edited in the editor, unsaved', async () => {
    const sidecar = await vscode.workspace.openTextDocument(sidecarUri());
    await vscode.window.showTextDocument(sidecar, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true });
    await replaceDocumentText(sidecar, `${SIDECAR}  missing-6:\n    title: Passenger list\n`);
    await waitForDiagnostics(draftUri(), (diagnostics) => unknownKeys(diagnostics).length === 0);
    assert.ok(sidecar.isDirty);
    // Reverting the sidecar brings the missing key back.
    await vscode.window.showTextDocument(sidecar);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await waitForDiagnostics(draftUri(), (diagnostics) => unknownKeys(diagnostics).includes('missing-6'));
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('re-lints the draft when its sidecar changes on disk', async () => {
    await vscode.workspace.fs.writeFile(sidecarUri(), encode(`${SIDECAR}  missing-6:\n    title: Passenger list\n`));
    await waitForDiagnostics(draftUri(), (diagnostics) => unknownKeys(diagnostics).length === 0);
    await vscode.workspace.fs.writeFile(sidecarUri(), encode(SIDECAR));
    await waitForDiagnostics(draftUri(), (diagnostics) => unknownKeys(diagnostics).includes('missing-6'));
  });

  it('reports a broken sidecar in the sidecar, at the line of the error, and keeps linting the draft', async () => {
    await vscode.workspace.fs.writeFile(sidecarUri(), encode(`${SIDECAR}  bad: [unclosed\n`));
    const problems = await waitForDiagnostics(sidecarUri(), (diagnostics) => diagnostics.some((diagnostic) => ruleOf(diagnostic) === 'sidecar-syntax'));
    const syntax = problems.find((diagnostic) => ruleOf(diagnostic) === 'sidecar-syntax')!;
    assert.ok(syntax.range.start.line >= 4, `the error is in the last lines, not at line ${syntax.range.start.line + 1}`);
    assert.ok(vscode.languages.getDiagnostics(draftUri()).length > 0, 'the draft is still linted');
    await vscode.workspace.fs.writeFile(sidecarUri(), encode(SIDECAR));
    await waitForDiagnostics(sidecarUri(), (diagnostics) => !diagnostics.some((diagnostic) => ruleOf(diagnostic) === 'sidecar-syntax'));
  });

  it('re-loads the project context when a .sourced.yaml appears, changes and goes', async () => {
    const severityOfUnknown = (diagnostics: readonly vscode.Diagnostic[]) =>
      diagnostics.find((diagnostic) => ruleOf(diagnostic) === 'unknown-source')?.severity;
    await waitForDiagnostics(draftUri(), (diagnostics) => severityOfUnknown(diagnostics) === vscode.DiagnosticSeverity.Error);
    await vscode.workspace.fs.writeFile(configUri(), encode('rules:\n  unknown-source: hint\n'));
    await waitForDiagnostics(draftUri(), (diagnostics) => severityOfUnknown(diagnostics) === vscode.DiagnosticSeverity.Hint);
    await vscode.workspace.fs.writeFile(configUri(), encode('rules:\n  unknown-source: warning\n'));
    await waitForDiagnostics(draftUri(), (diagnostics) => severityOfUnknown(diagnostics) === vscode.DiagnosticSeverity.Warning);
    await vscode.workspace.fs.delete(configUri());
    await waitForDiagnostics(draftUri(), (diagnostics) => severityOfUnknown(diagnostics) === vscode.DiagnosticSeverity.Error);
  });

  it('clears the diagnostics of a draft when its editor closes', async () => {
    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await waitForDiagnostics(draftUri(), (diagnostics) => diagnostics.length === 0);
  });

  it('creates a commented sidecar skeleton for a draft without one, and never overwrites it', async () => {
    const uri = workspaceUri('live/fresh.md');
    const sidecar = workspaceUri('live/fresh.sources.yaml');
    await vscode.workspace.fs.writeFile(uri, encode('# Fresh\n\nA sentence.\n'));
    await openDraft('live/fresh.md');
    await vscode.commands.executeCommand('sourced.createSidecar');
    const created = new TextDecoder().decode(await vscode.workspace.fs.readFile(sidecar));
    assert.match(created, /^# /, 'it starts with a comment');
    assert.match(created, /^sources: \{\}$/m);
    assert.match(created, /^entities: \{\}$/m);
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), sidecar.toString(), 'it opens the new sidecar');

    await vscode.workspace.fs.writeFile(sidecar, encode('sources: {}\n# mine\n'));
    await openDraft('live/fresh.md');
    await vscode.commands.executeCommand('sourced.createSidecar');
    assert.equal(new TextDecoder().decode(await vscode.workspace.fs.readFile(sidecar)), 'sources: {}\n# mine\n');
  });

  it('opens the sidecar beside its draft', async () => {
    const draft = await openDraft('live/fresh.md', { column: vscode.ViewColumn.One });
    await vscode.commands.executeCommand('sourced.openSidecar');
    const active = vscode.window.activeTextEditor!;
    assert.equal(active.document.uri.toString(), workspaceUri('live/fresh.sources.yaml').toString());
    assert.notEqual(active.viewColumn, draft.viewColumn);
  });
});
