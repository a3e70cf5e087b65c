/**
 * Quarto and R Markdown drafts: a `.qmd` opens as plain text when no Quarto extension is installed, and is a draft
 * all the same. Its uncited sentences, citations and entities are checked as in Markdown; code cells and the
 * fences of callouts are not prose; hover and Go to Definition work; "Lint Workspace" finds it.
 * Everything is written to a scratch folder, removed afterwards, so the example workspace stays as it is.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openDraft, positionOf, ruleOf, sourcedApi, waitForDiagnostics, waitForExtensionActive, workspaceUri } from './helpers';

const folder = workspaceUri('quarto-scratch');
const encoder = new TextEncoder();

const REPORT = [
  '---',
  'title: "Cargo flights"',
  'format: html',
  '---',
  '',
  '## Background {#sec-background}',
  '',
  'The Boeing 747 of Emtrasur landed in Caracas on 6 June 2022 [@fdd-2022].',
  '',
  '::: {.callout-note title="Crew"}',
  'The crew of 19 included seven Iranians.',
  ':::',
  '',
  '```{r}',
  '#| label: fig-flights',
  'plot(flights) # 40 passengers in 2019 according to officials',
  '```',
  '',
  'As @fig-flights shows, Emtrasur flights doubled in 2021 [@nowhere-2021].',
  '',
].join('\n');

const SIDECAR = [
  'sources:',
  '  fdd-2022:',
  '    title: Mystery Cargo',
  'entities:',
  '  emtrasur:',
  '    name: Emtrasur',
  '    kind: organization',
  '',
].join('\n');

describe('Quarto drafts (.qmd)', function () {
  this.timeout(60_000);
  let report: vscode.TextDocument;

  before(async () => {
    await waitForExtensionActive();
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, 'report.sources.yaml'), encoder.encode(SIDECAR));
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, 'report.qmd'), encoder.encode(REPORT));
    report = (await openDraft('quarto-scratch/report.qmd')).document;
    // No Quarto extension is installed in the test VS Code: this is the plain-text case.
    assert.equal(report.languageId, 'plaintext');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(folder, { recursive: true, useTrash: false });
  });

  it('checks the prose of a .qmd: the uncited callout sentence from its first word, the unknown key, not the code cell', async () => {
    const diagnostics = await waitForDiagnostics(report.uri, (all) => all.some((diagnostic) => ruleOf(diagnostic) === 'unknown-source'));
    const unknown = diagnostics.filter((diagnostic) => ruleOf(diagnostic) === 'unknown-source');
    assert.deepEqual(unknown.map((diagnostic) => report.getText(diagnostic.range)), ['@nowhere-2021']);
    const uncited = diagnostics.filter((diagnostic) => ruleOf(diagnostic) === 'uncited-assertion');
    const starts = uncited.map((diagnostic) => report.lineAt(diagnostic.range.start.line).text);
    assert.ok(starts.includes('The crew of 19 included seven Iranians.'), starts.join('\n'));
    assert.ok(!starts.some((line) => line.startsWith(':::') || line.includes('plot(')), starts.join('\n'));
    // A Quarto cross-reference is not a citation of an unknown source.
    assert.ok(!diagnostics.some((diagnostic) => diagnostic.message.includes('fig-flights')));
  });

  it('shows the entity card on a mention, and goes to the source from a citation', async () => {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', report.uri, positionOf(report, 'Emtrasur landed', 2));
    const text = hovers.flatMap((hover) => hover.contents).map((part) => (typeof part === 'string' ? part : part.value)).join('\n');
    assert.match(text, /Emtrasur/);
    assert.match(text, /organization/i);
    const definitions = await vscode.commands.executeCommand<Array<vscode.Location | vscode.LocationLink>>('vscode.executeDefinitionProvider', report.uri, positionOf(report, '@fdd-2022', 3));
    const targets = (definitions ?? []).map((result) => ('targetUri' in result ? result.targetUri : result.uri).path.split('/').pop());
    assert.deepEqual(targets, ['report.sources.yaml']);
  });

  it('shows the problems of a sidecar opened on its own, analysing its .qmd draft from disk', async () => {
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, 'solo.qmd'), encoder.encode('See [@used-2020].\n'));
    const sidecar = vscode.Uri.joinPath(folder, 'solo.sources.yaml');
    await vscode.workspace.fs.writeFile(sidecar, encoder.encode('sources:\n  used-2020:\n    title: Used\n  spare-2020:\n    title: Never cited\n'));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(sidecar), { preview: false });
    const diagnostics = await waitForDiagnostics(sidecar, (all) => all.some((diagnostic) => ruleOf(diagnostic) === 'unused-source'));
    const unused = diagnostics.filter((diagnostic) => ruleOf(diagnostic) === 'unused-source');
    assert.deepEqual(unused.map((diagnostic) => diagnostic.message.match(/"([^"]+)"/)?.[1]), ['spare-2020'], 'used-2020 is cited by solo.qmd');
  });

  it('is found by "Lint Workspace" among the drafts', async () => {
    const api = await sourcedApi();
    const drafts = (await api.store.findDrafts()).map((draft) => draft.path.split('/').pop());
    assert.ok(drafts.includes('report.qmd') && drafts.includes('cargo.md'), drafts.join(', '));
  });
});
