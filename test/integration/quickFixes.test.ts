/**
 * Quick fixes end to end: the code actions offered on a diagnostic, and what running them does to the draft and
 * its sidecar (comments and indentation kept, the diagnostic gone). They run on scratch drafts in their own
 * folder, so the example draft stays as the other suites expect it. Commands that would ask (which source, what
 * reason) are given the answer as an extra argument.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ruleOf, waitForDiagnostics, waitForExtensionActive, workspaceUri } from './helpers';

const folder = workspaceUri('quickfix-scratch');
const encoder = new TextEncoder();

async function write(name: string, lines: string[]): Promise<vscode.Uri> {
  const uri = vscode.Uri.joinPath(folder, name);
  await vscode.workspace.fs.writeFile(uri, encoder.encode(lines.join('\n')));
  return uri;
}

async function readDisk(uri: vscode.Uri): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

/** Resolves with the diagnostic of `rule` whose line contains `lineText`, once it is there. */
async function diagnosticOn(document: vscode.TextDocument, rule: string, lineText: string): Promise<vscode.Diagnostic> {
  const matches = (diagnostic: vscode.Diagnostic) =>
    ruleOf(diagnostic) === rule && document.lineAt(diagnostic.range.start.line).text.includes(lineText);
  const diagnostics = await waitForDiagnostics(document.uri, (all) => all.some(matches));
  return diagnostics.find(matches)!;
}

/** Resolves once no diagnostic of `rule` is on a line containing `lineText`. */
async function diagnosticGone(document: vscode.TextDocument, rule: string, lineText: string): Promise<void> {
  await waitForDiagnostics(document.uri, (all) =>
    !all.some((diagnostic) => ruleOf(diagnostic) === rule && document.lineAt(Math.min(diagnostic.range.start.line, document.lineCount - 1)).text.includes(lineText)),
  );
}

async function actionsFor(document: vscode.TextDocument, diagnostic: vscode.Diagnostic): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<Array<vscode.CodeAction | vscode.Command>>('vscode.executeCodeActionProvider', document.uri, diagnostic.range);
  return actions.filter((action): action is vscode.CodeAction => 'kind' in action || 'edit' in action || 'diagnostics' in action);
}

/** Runs an action as VS Code would: its edit, then its command (with `answer` appended, standing in for the picker). */
async function run(action: vscode.CodeAction, answer?: string): Promise<void> {
  if (action.edit) assert.ok(await vscode.workspace.applyEdit(action.edit), `the edit of "${action.title}" was refused`);
  if (action.command) {
    const args = [...(action.command.arguments ?? [])];
    if (answer !== undefined) args.push(answer);
    await vscode.commands.executeCommand(action.command.command, ...args);
  }
}

function find(actions: vscode.CodeAction[], title: string | RegExp): vscode.CodeAction {
  const action = actions.find((candidate) => (typeof title === 'string' ? candidate.title === title : title.test(candidate.title)));
  assert.ok(action, `no action "${title}" among: ${actions.map((candidate) => candidate.title).join(' | ')}`);
  return action;
}

const SIDECAR_HEADER = '# Scratch sidecar: comments must survive every quick fix.';
const SIDECAR_KEY_COMMENT = '    known-2021:   # four-space indentation on purpose';

describe('quick fixes', function () {
  let draftUri: vscode.Uri;
  let sidecarUri: vscode.Uri;
  let draft: vscode.TextDocument;

  before(async () => {
    draftUri = await write('qf.md', [
      '# Scratch',
      '',
      'On 12 March 2021, the port of Rotterdam handled 40 ships in one day.',
      '',
      'Officials said 300 containers were lost overboard in January 2021.',
      '',
      'The storm cost the insurers 2 billion euros in 2020.',
      '',
      'In 2018 the harbour dredged 5 million cubic metres of sand.',
      '',
      'Exports rose by 12 percent in 2019 [@nope-2019].',
      '',
    ]);
    sidecarUri = await write('qf.sources.yaml', [
      SIDECAR_HEADER,
      'sources:',
      SIDECAR_KEY_COMMENT,
      '        title: Port statistics 2021',
      '        date: 2021-03-12',
      '',
      'claims: []  # none yet',
      '',
    ]);
    draft = await vscode.workspace.openTextDocument(draftUri);
    await vscode.window.showTextDocument(draft, { preview: false });
    await waitForExtensionActive();
  });

  after(async () => {
    // Save and close only this suite's files: a "save all" or "close all" could stop at a dialog for someone
    // else's untitled document.
    const inFolder = (uri: vscode.Uri | undefined) => uri !== undefined && uri.toString().startsWith(folder.toString() + '/');
    for (const document of vscode.workspace.textDocuments) if (inFolder(document.uri) && document.isDirty) await document.save();
    const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => tab.input instanceof vscode.TabInputText && inFolder(tab.input.uri));
    await vscode.window.tabGroups.close(tabs);
    await vscode.workspace.fs.delete(folder, { recursive: true, useTrash: false });
  });

  it('offers cite, attach, accept and disable on an uncited assertion', async () => {
    const diagnostic = await diagnosticOn(draft, 'uncited-assertion', 'Rotterdam');
    const titles = (await actionsFor(draft, diagnostic)).map((action) => action.title);
    for (const title of ['Cite a source…', 'Attach as a claim of…', 'Accept without a source…', 'Disable uncited-assertion for this line']) {
      assert.ok(titles.includes(title), `"${title}" missing from ${titles.join(' | ')}`);
    }
  });

  it('"Cite a source…" puts [@key] before the final full stop and the warning goes', async () => {
    const diagnostic = await diagnosticOn(draft, 'uncited-assertion', 'Rotterdam');
    await run(find(await actionsFor(draft, diagnostic), 'Cite a source…'), 'known-2021');
    assert.ok(draft.getText().includes('handled 40 ships in one day [@known-2021].'), draft.getText());
    await diagnosticGone(draft, 'uncited-assertion', 'Rotterdam');
  });

  it('"Attach as a claim of…" appends a claim to the sidecar, keeping its comments and 4-space indentation', async () => {
    const diagnostic = await diagnosticOn(draft, 'uncited-assertion', 'Officials said');
    await run(find(await actionsFor(draft, diagnostic), 'Attach as a claim of…'), 'known-2021');
    const sidecar = (await vscode.workspace.openTextDocument(sidecarUri)).getText();
    assert.ok(sidecar.startsWith(`${SIDECAR_HEADER}\nsources:\n${SIDECAR_KEY_COMMENT}\n`), sidecar);
    assert.match(sidecar, /claims: {2}# none yet\n/);
    assert.match(sidecar, /\n {4}- text: Officials said 300 containers were lost overboard in January 2021\.\n/);
    assert.match(sidecar, /\n {10}- known-2021\n|\n {8}- known-2021\n/);
    assert.match(sidecar, /status: unverified/);
    await diagnosticGone(draft, 'uncited-assertion', 'Officials said');
  });

  it('"Accept without a source…" records the sentence and the reason under accepted', async () => {
    const diagnostic = await diagnosticOn(draft, 'uncited-assertion', 'The storm');
    await run(find(await actionsFor(draft, diagnostic), 'Accept without a source…'), 'own estimate');
    const sidecar = (await vscode.workspace.openTextDocument(sidecarUri)).getText();
    assert.match(sidecar, /accepted:\n {4}- text: The storm cost the insurers 2 billion euros in 2020\.\n {6}reason: own estimate\n/);
    assert.ok(sidecar.startsWith(SIDECAR_HEADER));
    await diagnosticGone(draft, 'uncited-assertion', 'The storm');
  });

  it('"Disable … for this line" puts a suppression comment above the paragraph', async () => {
    const diagnostic = await diagnosticOn(draft, 'uncited-assertion', 'dredged');
    await run(find(await actionsFor(draft, diagnostic), 'Disable uncited-assertion for this line'));
    assert.ok(draft.getText().includes('<!-- sourced-disable-next-line uncited-assertion -->\nIn 2018 the harbour dredged'), draft.getText());
    await diagnosticGone(draft, 'uncited-assertion', 'dredged');
  });

  it('"Add source" writes a stub entry for an unknown key and selects its TODO title', async () => {
    const diagnostic = await diagnosticOn(draft, 'unknown-source', 'nope-2019');
    await run(find(await actionsFor(draft, diagnostic), "Add source 'nope-2019' to qf.sources.yaml"));
    const sidecar = (await vscode.workspace.openTextDocument(sidecarUri)).getText();
    assert.match(sidecar, /\n {4}nope-2019:\n {8}title: TODO\n {8}# author:\n/);
    assert.ok(sidecar.includes(SIDECAR_KEY_COMMENT));
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.uri.toString(), sidecarUri.toString());
    assert.equal(editor?.document.getText(editor.selection), 'TODO');
    await diagnosticGone(draft, 'unknown-source', 'nope-2019');
  });

  it('"Add source" creates the sidecar of a draft that has none', async () => {
    const freshUri = await write('fresh.md', ['Exports fell by 3 percent in 2017 [@fresh-2017].', '']);
    const fresh = await vscode.workspace.openTextDocument(freshUri);
    await vscode.window.showTextDocument(fresh, { preview: false });
    const diagnostic = await diagnosticOn(fresh, 'unknown-source', 'fresh-2017');
    await run(find(await actionsFor(fresh, diagnostic), "Add source 'fresh-2017' to fresh.sources.yaml"));
    const created = await readDisk(vscode.Uri.joinPath(folder, 'fresh.sources.yaml'));
    assert.match(created, /^# Sources, entities and claims of fresh\.md/);
    assert.match(created, /\nsources:\n {2}fresh-2017:\n {4}title: TODO\n/);
    await diagnosticGone(fresh, 'unknown-source', 'fresh-2017');
  });

  it('"Re-attach claim here" gives a fuzzy claim the text it attaches to now', async () => {
    await write('fuzzy.sources.yaml', [
      'sources:',
      '  log: {title: Ship log}',
      'claims:',
      '  # edited since: the draft now says "crew members"',
      '  - text: The ship carried 18 crew from Caracas to Ciudad del Este',
      '    sources: [log]',
      '',
    ]);
    const fuzzyUri = await write('fuzzy.md', ['The ship carried 18 crew members from Caracas to Ciudad del Este.', '']);
    const fuzzy = await vscode.workspace.openTextDocument(fuzzyUri);
    await vscode.window.showTextDocument(fuzzy, { preview: false });
    const diagnostic = await diagnosticOn(fuzzy, 'claim-fuzzy', 'crew members');
    await run(find(await actionsFor(fuzzy, diagnostic), /^Re-attach claim 1 here$/));
    const sidecar = (await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder, 'fuzzy.sources.yaml'))).getText();
    assert.match(sidecar, /- text: The ship carried 18 crew members from Caracas to Ciudad del Este/);
    assert.ok(sidecar.includes('  # edited since: the draft now says "crew members"\n'), sidecar);
    assert.ok(sidecar.includes('    sources: [log]\n'), sidecar);
    await diagnosticGone(fuzzy, 'claim-fuzzy', 'crew members');
  });

  it('re-attaches an orphaned claim to the text selected in the draft', async () => {
    await write('orphan.sources.yaml', [
      'sources:',
      '  log: {title: Ship log}',
      'claims:',
      '  - text: The vessel was seized by customs officers in June',
      '    prefix: "Later, "',
      '    sources: [log] # keep me',
      '',
    ]);
    const orphanUri = await write('orphan.md', ['# Orphan', '', 'Argentine authorities grounded the aircraft for months.', '']);
    const orphan = await vscode.workspace.openTextDocument(orphanUri);
    const editor = await vscode.window.showTextDocument(orphan, { preview: false });
    await waitForDiagnostics(vscode.Uri.joinPath(folder, 'orphan.sources.yaml'), (all) => all.some((diagnostic) => ruleOf(diagnostic) === 'claim-orphaned'));
    const sentence = 'Argentine authorities grounded the aircraft';
    const start = orphan.positionAt(orphan.getText().indexOf(sentence));
    editor.selection = new vscode.Selection(start, start.translate(0, sentence.length));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', orphan.uri, editor.selection);
    await run(find(actions, /^Re-attach orphaned claim 1 .* to the selection$/));
    const sidecar = (await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder, 'orphan.sources.yaml'))).getText();
    assert.match(sidecar, /- text: Argentine authorities grounded the aircraft\n/);
    assert.ok(!sidecar.includes('prefix:'), 'the old prefix no longer fits and is removed');
    assert.match(sidecar, /suffix: " for months\."\n/);
    assert.ok(sidecar.includes('    sources: [log] # keep me\n'), sidecar);
    await waitForDiagnostics(vscode.Uri.joinPath(folder, 'orphan.sources.yaml'), (all) => !all.some((diagnostic) => ruleOf(diagnostic) === 'claim-orphaned'));
  });
});
