/**
 * Bibliography exchange end to end: a draft's front matter `bibliography:` makes its keys known (and a change of
 * the file is picked up), a missing file is reported on its front matter line, the import command writes the
 * sidecar keeping its comments, and the export command writes CSL-JSON. Everything runs in a scratch folder so
 * the example draft stays as the other suites expect it; the commands are given the answers the file picker and
 * the QuickPick would ask for.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openDraft, ruleOf, waitForDiagnostics, waitForExtensionActive, workspaceUri } from './helpers';

const folder = workspaceUri('bibliography-scratch');
const encoder = new TextEncoder();

async function write(name: string, text: string): Promise<vscode.Uri> {
  const uri = vscode.Uri.joinPath(folder, name);
  await vscode.workspace.fs.writeFile(uri, encoder.encode(text));
  return uri;
}

async function readDisk(uri: vscode.Uri): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

function unknownKeys(diagnostics: readonly vscode.Diagnostic[]): string[] {
  return diagnostics.filter((diagnostic) => ruleOf(diagnostic) === 'unknown-source').map((diagnostic) => /"([^"]+)"/.exec(diagnostic.message)?.[1] ?? '?');
}

const BIB = '% Better BibTeX export\n@report{fdd-2022, title = {Mystery {Cargo}}, institution = {FDD}, year = 2022}\n';

describe('Bibliography exchange', function () {
  this.timeout(60_000);

  before(async () => {
    await waitForExtensionActive();
    await write('refs.bib', BIB);
  });

  it('knows the keys of the front matter bibliography and follows changes of the file', async () => {
    await write('draft.md', '---\ntitle: Cargo\nbibliography: refs.bib\n---\n\nThe plane landed [@fdd-2022]. It left [@later-2023].\n');
    const editor = await openDraft('bibliography-scratch/draft.md');
    await waitForDiagnostics(editor.document.uri, (all) => unknownKeys(all).join() === 'later-2023');
    await write('refs.bib', `${BIB}@misc{later-2023, title = {Later}}\n`);
    await waitForDiagnostics(editor.document.uri, (all) => unknownKeys(all).length === 0);
  });

  it('reports a missing bibliography file on the front matter line that names it', async () => {
    await write('missing.md', '---\nbibliography:\n  - gone.json\n---\n\nText [@fdd-2022].\n');
    const editor = await openDraft('bibliography-scratch/missing.md');
    const diagnostics = await waitForDiagnostics(editor.document.uri, (all) => all.some((diagnostic) => ruleOf(diagnostic) === 'sidecar-schema'));
    const missing = diagnostics.find((diagnostic) => ruleOf(diagnostic) === 'sidecar-schema')!;
    assert.equal(missing.range.start.line, 2);
    assert.match(missing.message, /"gone\.json" does not exist/);
  });

  it('imports CSL-JSON into the sidecar, keeping its comments and importing a taken key under a new one', async () => {
    const draft = await write('imported.md', '# Imported\n\nText.\n');
    const sidecar = await write('imported.sources.yaml', '# my sources\nsources:\n  taken:\n    title: Original # keep this comment\nentities: {}\n');
    const library = await write(
      'library.json',
      JSON.stringify([
        { id: 'taken', type: 'book', title: 'Another book' },
        { id: 'zotero-1', type: 'article-newspaper', title: 'Plane held', author: [{ family: 'Herrera', given: 'Isayen' }], 'container-title': 'The New York Times', issued: { 'date-parts': [[2022, 6, 14]] } },
      ]),
    );
    const result = await vscode.commands.executeCommand<{ added: string[]; renamed: Array<{ from: string; to: string }> }>('sourced.importBibliography', {
      file: library,
      draft,
      conflicts: 'rename',
    });
    assert.deepEqual(result.added, ['zotero-1']);
    assert.deepEqual(result.renamed, [{ from: 'taken', to: 'taken-2' }]);
    const text = await readDisk(sidecar);
    assert.match(text, /^# my sources\nsources:\n {2}taken:\n {4}title: Original # keep this comment\n/);
    assert.match(text, /\n {2}zotero-1:\n {4}title: Plane held\n {4}author: Isayen Herrera\n {4}publisher: The New York Times\n {4}date: 2022-06-14\n/);
    assert.match(text, /\n {2}taken-2:\n {4}title: Another book\n/);
  });

  it('asks about each conflicting key: replace one, import one under a new key, keep the rest', async () => {
    const draft = await write('asked.md', '# Asked\n');
    const sidecar = await write('asked.sources.yaml', 'sources:\n  a:\n    title: Old A\n  b:\n    title: Old B\n  c:\n    title: Old C\n  d:\n    title: Old D\n');
    const library = await write('asked.bib', ['a', 'b', 'c', 'd'].map((key) => `@misc{${key}, title = {New ${key.toUpperCase()}}}`).join('\n'));
    const asked: string[] = [];
    const answers = [/^Replace$/, /^Import as "b-2"$/, /^Keep existing for all 2 remaining/];
    const choose = async (items: readonly vscode.QuickPickItem[], options: vscode.QuickPickOptions) => {
      asked.push(options.title ?? '');
      const answer = answers.shift();
      return items.find((item) => answer?.test(item.label));
    };
    const result = await vscode.commands.executeCommand<{ replaced: string[]; renamed: unknown[]; kept: string[] }>('sourced.importBibliography', { file: library, draft, choose });
    assert.deepEqual(asked, [
      'Import: the sidecar already has "a" (1 of 4)',
      'Import: the sidecar already has "b" (2 of 4)',
      'Import: the sidecar already has "c" (3 of 4)',
    ]);
    assert.deepEqual(result.replaced, ['a']);
    assert.deepEqual(result.renamed, [{ from: 'b', to: 'b-2' }]);
    assert.deepEqual(result.kept, ['c', 'd']);
    assert.equal(
      await readDisk(sidecar),
      'sources:\n  a:\n    title: New A\n  b:\n    title: Old B\n  c:\n    title: Old C\n  d:\n    title: Old D\n  b-2:\n    title: New B\n',
    );
  });

  it('changes nothing when the writer dismisses the question', async () => {
    const draft = workspaceUri('bibliography-scratch/asked.md');
    const sidecar = workspaceUri('bibliography-scratch/asked.sources.yaml');
    const before = await readDisk(sidecar);
    const library = await write('more.bib', '@misc{a, title = {Newest A}}\n@misc{fresh, title = {Fresh}}\n');
    const result = await vscode.commands.executeCommand('sourced.importBibliography', { file: library, draft, choose: async () => undefined });
    assert.equal(result, undefined);
    assert.equal(await readDisk(sidecar), before);
  });

  it('exports the sidecar sources as CSL-JSON', async () => {
    const draft = workspaceUri('bibliography-scratch/imported.md');
    const target = vscode.Uri.joinPath(folder, 'exported.json');
    const result = await vscode.commands.executeCommand<{ count: number }>('sourced.exportBibliography', { draft, target });
    assert.equal(result.count, 3);
    const items = JSON.parse(await readDisk(target)) as Array<{ id: string; type: string; author?: unknown }>;
    assert.deepEqual(items.map((item) => item.id), ['taken', 'zotero-1', 'taken-2']);
    assert.equal(items[1].type, 'article-newspaper');
    assert.deepEqual(items[1].author, [{ family: 'Herrera', given: 'Isayen' }]);
  });
});
