/**
 * Claim review end to end: the review commands change the sidecar as expected (comments kept, one undo step),
 * a verified claim becomes stale when its sentence is edited, "Review Claims" walks the queue, the code actions
 * offer the marks, and the CodeLens counts the claims of the example's paragraph. The commands run on scratch
 * files in their own folder; the reviewer's name comes from the user setting, so nothing asks.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AnalysedDraft } from '../../src/extension/draftStore';
import type { ReviewSummary } from '../../src/extension/features/claimReview';
import type { SourcedApi } from '../../src/extension/main';
import { EXTENSION_ID, openDraft, ruleOf, waitForDiagnostics, waitForEvent, waitForExtensionActive, workspaceUri } from './helpers';

const folder = workspaceUri('claim-review-scratch');
const encoder = new TextEncoder();
const REVIEWER = 'Ana Lima';

const SIDECAR_LINES = [
  '# Scratch sidecar: comments must survive every review.',
  'sources:',
  '  log:',
  '    title: Port log 2021   # the harbour master\'s log',
  'claims:',
  '  # the ships claim',
  '  - text: The port handled 40 ships on 12 March 2021',
  '    sources: [log]',
  '    status: unverified  # not checked yet',
  '  - text: Customs seized 3 tonnes of cocaine in June 2021',
  '    sources:',
  '      - source: log',
  '        locator: p. 4',
  '',
];
const SIDECAR_TEXT = SIDECAR_LINES.join('\n');
const DRAFT_TEXT = ['# Scratch review', '', 'The port handled 40 ships on 12 March 2021.', '', 'Customs seized 3 tonnes of cocaine in June 2021.', ''].join('\n');

function todayString(): string {
  const now = new Date();
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** Waits until the draft's current text has been analysed together with the sidecar's current text. */
async function analysedWithSidecar(api: SourcedApi, draft: vscode.TextDocument, sidecar: vscode.TextDocument): Promise<AnalysedDraft> {
  const isCurrent = (analysed: AnalysedDraft | undefined) =>
    analysed?.uri.toString() === draft.uri.toString() && analysed.version === draft.version && analysed.input.sidecar?.text === sidecar.getText();
  const next = waitForEvent(api.store.onDidAnalyse, isCurrent, `an analysis of ${draft.uri.path} with the current sidecar`);
  if (isCurrent(api.store.get(draft.uri))) {
    next.catch(() => undefined);
    return api.store.get(draft.uri)!;
  }
  return next;
}

describe('claim review', function () {
  let api: SourcedApi;
  let draftUri: vscode.Uri;
  let sidecarUri: vscode.Uri;
  let draft: vscode.TextDocument;
  let sidecar: vscode.TextDocument;
  let previousReviewer: string | undefined;

  before(async () => {
    api = (await waitForExtensionActive<SourcedApi>(EXTENSION_ID)).exports;
    // The reviewer's name is a user setting (it says who you are, not what the project is).
    previousReviewer = vscode.workspace.getConfiguration('sourced').inspect<string>('reviewer.name')?.globalValue;
    await vscode.workspace.getConfiguration('sourced').update('reviewer.name', REVIEWER, vscode.ConfigurationTarget.Global);
    draftUri = vscode.Uri.joinPath(folder, 'review.md');
    sidecarUri = vscode.Uri.joinPath(folder, 'review.sources.yaml');
    await vscode.workspace.fs.writeFile(sidecarUri, encoder.encode(SIDECAR_TEXT));
    await vscode.workspace.fs.writeFile(draftUri, encoder.encode(DRAFT_TEXT));
    draft = await vscode.workspace.openTextDocument(draftUri);
    sidecar = await vscode.workspace.openTextDocument(sidecarUri);
    await vscode.window.showTextDocument(sidecar, { viewColumn: vscode.ViewColumn.Two, preview: false });
    await vscode.window.showTextDocument(draft, { viewColumn: vscode.ViewColumn.One, preview: false });
    await analysedWithSidecar(api, draft, sidecar);
  });

  after(async () => {
    await vscode.workspace.getConfiguration('sourced').update('reviewer.name', previousReviewer, vscode.ConfigurationTarget.Global);
    const inFolder = (uri: vscode.Uri | undefined) => uri !== undefined && uri.toString().startsWith(folder.toString() + '/');
    for (const document of vscode.workspace.textDocuments) if (inFolder(document.uri) && document.isDirty) await document.save();
    const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => tab.input instanceof vscode.TabInputText && inFolder(tab.input.uri));
    await vscode.window.tabGroups.close(tabs);
    await vscode.workspace.fs.delete(folder, { recursive: true, useTrash: false });
  });

  it('"Mark Claim Verified" writes status, reviewer, date and fingerprint, keeps the comments, and undoes in one step', async () => {
    assert.ok(await vscode.commands.executeCommand('sourced.markClaimVerified', draftUri.toString(), 0));
    const text = sidecar.getText();
    assert.ok(text.startsWith(SIDECAR_LINES.slice(0, 8).join('\n') + '\n'), text);
    assert.match(
      text,
      new RegExp(`\\n {4}status: verified {2}# not checked yet\\n {4}reviewer: ${REVIEWER}\\n {4}reviewed: ${todayString()}\\n {4}fingerprint: t:[0-9a-f]{8} s:log=[0-9a-f]{8}\\n {2}- text: Customs`),
    );
    await vscode.window.showTextDocument(sidecar, { viewColumn: vscode.ViewColumn.Two, preview: false });
    await vscode.commands.executeCommand('undo');
    assert.equal(sidecar.getText(), SIDECAR_TEXT, 'one undo restores the sidecar exactly');
    await vscode.commands.executeCommand('redo');
    assert.match(sidecar.getText(), /status: verified/);
  });

  it('reports claim-stale once the verified sentence is edited, and not before', async () => {
    await analysedWithSidecar(api, draft, sidecar);
    assert.ok(!vscode.languages.getDiagnostics(draftUri).some((diagnostic) => ruleOf(diagnostic) === 'claim-stale'));
    const editor = await vscode.window.showTextDocument(draft, { viewColumn: vscode.ViewColumn.One, preview: false });
    const at = draft.positionAt(draft.getText().indexOf('40 ships'));
    assert.ok(await editor.edit((builder) => builder.replace(new vscode.Range(at, at.translate(0, 2)), '41')));
    try {
      const diagnostics = await waitForDiagnostics(draftUri, (all) => all.some((diagnostic) => ruleOf(diagnostic) === 'claim-stale'));
      const stale = diagnostics.find((diagnostic) => ruleOf(diagnostic) === 'claim-stale')!;
      assert.equal(stale.severity, vscode.DiagnosticSeverity.Warning);
      assert.match(stale.message, new RegExp(`^The sentence was edited since ${REVIEWER} verified it on ${todayString()}\\.`));
      assert.match(draft.getText(stale.range), /The port handled 41 ships/);
      assert.equal(stale.relatedInformation?.[0].location.uri.toString(), sidecarUri.toString());
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', draftUri, stale.range);
      assert.ok(actions.some((action) => /^Mark claim 1 .* verified again$/.test(action.title)), actions.map((action) => action.title).join(' | '));
    } finally {
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    await waitForDiagnostics(draftUri, (all) => !all.some((diagnostic) => ruleOf(diagnostic) === 'claim-stale'));
  });

  it('"Mark Claim Disputed…" writes the note, the reviewer and the date', async () => {
    assert.ok(await vscode.commands.executeCommand('sourced.markClaimDisputed', draftUri.toString(), 1, 'The log says 2 tonnes: see p. 4'));
    const text = sidecar.getText();
    assert.ok(
      text.endsWith(`        locator: p. 4\n    status: disputed\n    note: "The log says 2 tonnes: see p. 4"\n    reviewer: ${REVIEWER}\n    reviewed: ${todayString()}\n`),
      text,
    );
  });

  it('"Reopen Claim" sets the claim back to unverified and clears the fingerprint', async () => {
    assert.ok(await vscode.commands.executeCommand('sourced.reopenClaim', draftUri.toString(), 0));
    const text = sidecar.getText();
    const first = text.slice(text.indexOf('# the ships claim'), text.indexOf('  - text: Customs'));
    assert.equal(first, '# the ships claim\n  - text: The port handled 40 ships on 12 March 2021\n    sources: [log]\n    status: unverified  # not checked yet\n');
  });

  it('offers the review marks as code actions on text covered by a claim', async () => {
    await analysedWithSidecar(api, draft, sidecar);
    const at = draft.positionAt(draft.getText().indexOf('Customs seized') + 3);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', draftUri, new vscode.Range(at, at));
    const titles = actions.map((action) => action.title);
    assert.ok(titles.some((title) => /^Mark claim 2 .* verified$/.test(title)), titles.join(' | '));
    assert.ok(titles.some((title) => /^Reopen claim 2 /.test(title)), titles.join(' | '));
    assert.ok(!titles.some((title) => /^Mark claim 2 .* disputed…$/.test(title)), 'a disputed claim is not offered "disputed" again');
    // The same marks on the claim's entry in the sidecar.
    const inSidecar = sidecar.positionAt(sidecar.getText().indexOf('locator: p. 4'));
    const sidecarTitles = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', sidecarUri, new vscode.Range(inSidecar, inSidecar))).map((action) => action.title);
    assert.ok(sidecarTitles.some((title) => /^Reopen claim 2 /.test(title)), sidecarTitles.join(' | '));
    assert.ok(!sidecarTitles.some((title) => /claim 1 /.test(title)), 'only the claim under the cursor');
  });

  it('"Review Claims" walks the unverified claims in document order: verify the first, skip the second', async () => {
    await analysedWithSidecar(api, draft, sidecar);
    // Claim 2 is disputed, so only claim 1 is queued; a paragraph scope over claim 2 offers it anyway.
    const summary = await vscode.commands.executeCommand<ReviewSummary>('sourced.reviewClaims', draftUri.toString(), undefined, undefined, ['verify']);
    assert.deepEqual(summary, { verified: 1, disputed: 0, skipped: 0, remaining: 0 });
    assert.match(sidecar.getText(), /status: verified {2}# not checked yet\n {4}reviewer: Ana Lima/);
    const editor = vscode.window.activeTextEditor!;
    assert.equal(editor.document.uri.toString(), draftUri.toString());
    assert.equal(editor.document.getText(editor.selection), 'The port handled 40 ships on 12 March 2021');
    await analysedWithSidecar(api, draft, sidecar);
    const start = draft.getText().indexOf('Customs');
    const scoped = await vscode.commands.executeCommand<ReviewSummary>('sourced.reviewClaims', draftUri.toString(), start, start + 10, ['skip']);
    assert.deepEqual(scoped, { verified: 0, disputed: 0, skipped: 1, remaining: 0 });
  });

  it('lists a claim whose source changed under "Stale" in the review view, and verifies it again from its row', async () => {
    const editor = await vscode.window.showTextDocument(draft, { viewColumn: vscode.ViewColumn.One, preview: false });
    assert.equal(editor.document.uri.toString(), draftUri.toString());
    const edit = new vscode.WorkspaceEdit();
    const title = sidecar.getText().indexOf('Port log 2021');
    edit.replace(sidecarUri, new vscode.Range(sidecar.positionAt(title), sidecar.positionAt(title + 'Port log 2021'.length)), 'Port log 2021, second edition');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const diagnostics = await waitForDiagnostics(draftUri, (all) => all.some((diagnostic) => ruleOf(diagnostic) === 'claim-stale'));
    assert.match(diagnostics.find((diagnostic) => ruleOf(diagnostic) === 'claim-stale')!.message, new RegExp(`^Source log changed since ${REVIEWER} verified it on `));
    const staleGroup = () => api.review!.roots().find((node) => node.id === 'group/claims')?.children?.find((group) => group.label === 'Stale');
    const stale = staleGroup();
    assert.ok(stale?.children?.length === 1, JSON.stringify(api.review!.roots().find((node) => node.id === 'group/claims')?.children?.map((group) => group.label)));
    // The row's context menu passes the row itself.
    assert.ok(await vscode.commands.executeCommand('sourced.markClaimVerified', stale.children[0]));
    await waitForDiagnostics(draftUri, (all) => !all.some((diagnostic) => ruleOf(diagnostic) === 'claim-stale'));
    await analysedWithSidecar(api, draft, sidecar);
    assert.equal(staleGroup(), undefined);
  });

  it('shows a CodeLens above the example paragraph with its claim, counting it and the uncited assertions', async () => {
    const editor = await openDraft('cargo.md');
    const example = editor.document;
    const exampleSidecar = await vscode.workspace.openTextDocument(workspaceUri('cargo.sources.yaml'));
    await analysedWithSidecar(api, example, exampleSidecar);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', example.uri);
    const claimLine = example.getText().split('\n').findIndex((line) => line.startsWith('Since 2017, Fars Air Qeshm has flown weapons'));
    const paragraphStart = example.getText().split('\n').findIndex((line) => line.startsWith('The aircraft’s crew of 18'));
    assert.ok(claimLine > paragraphStart && paragraphStart > 0);
    const ours = lenses.filter((lens) => lens.command?.command === 'sourced.reviewClaims');
    assert.equal(ours.length, 1, ours.map((lens) => `${lens.range.start.line}: ${lens.command?.title}`).join('\n'));
    assert.equal(ours[0].range.start.line, paragraphStart);
    const uncited = vscode.languages
      .getDiagnostics(example.uri)
      .filter((diagnostic) => ruleOf(diagnostic) === 'uncited-assertion' && diagnostic.range.start.line >= paragraphStart && diagnostic.range.start.line <= claimLine).length;
    // The example's verified claim is stale until its sidecar records a fingerprint.
    const state = exampleSidecar.getText().includes('fingerprint:') ? 'verified' : '1 stale';
    assert.equal(ours[0].command!.title, `1 claim · ${state}${uncited > 0 ? ` · ${uncited} uncited` : ''}`);
  });

  it('hides the CodeLens when sourced.codeLens.enabled is false', async () => {
    const configuration = vscode.workspace.getConfiguration('sourced');
    await configuration.update('codeLens.enabled', false, vscode.ConfigurationTarget.Workspace);
    try {
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', workspaceUri('cargo.md'));
      assert.ok(!lenses.some((lens) => lens.command?.command === 'sourced.reviewClaims'));
    } finally {
      await configuration.update('codeLens.enabled', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('verifies an edited sentence again by re-attaching the claim to the new words: neither fuzzy nor stale afterwards', async () => {
    const editor = await vscode.window.showTextDocument(draft, { viewColumn: vscode.ViewColumn.One, preview: false });
    const at = draft.positionAt(draft.getText().indexOf('40 ships'));
    assert.ok(await editor.edit((builder) => builder.replace(new vscode.Range(at, at.translate(0, 2)), '42')));
    await waitForDiagnostics(draftUri, (all) => all.some((diagnostic) => ruleOf(diagnostic) === 'claim-stale'));
    const cursor = draft.positionAt(draft.getText().indexOf('42 ships'));
    editor.selection = new vscode.Selection(cursor, cursor);
    // No arguments: the claim under the cursor, as from the palette.
    assert.ok(await vscode.commands.executeCommand('sourced.markClaimVerified'));
    assert.match(sidecar.getText(), /- text: The port handled 42 ships on 12 March 2021\n/);
    await waitForDiagnostics(draftUri, (all) => !all.some((diagnostic) => ruleOf(diagnostic) === 'claim-stale' || ruleOf(diagnostic) === 'claim-fuzzy'));
  });
});
