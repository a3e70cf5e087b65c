/**
 * Navigation for keys a draft's front matter bibliography defines (`bibliography: [refs.bib, library.json]` and
 * inline `references:`): Go to Definition opens the entry, hover names the file, Find All References lists the
 * citations of every draft that reads the same file, and rename edits the key in the bibliography and in every
 * citation that resolves to it.
 * Everything is written to a scratch folder, removed afterwards, so the example workspace stays as it is.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { fileName, openDraft, positionOf, ruleOf, textAt, waitForDiagnostics, waitForExtensionActive, workspaceUri } from './helpers';

const folder = workspaceUri('bibliography-navigation-scratch');
const encoder = new TextEncoder();

async function write(name: string, text: string): Promise<vscode.Uri> {
  const uri = vscode.Uri.joinPath(folder, name);
  await vscode.workspace.fs.writeFile(uri, encoder.encode(text));
  return uri;
}

function unknownKeys(diagnostics: readonly vscode.Diagnostic[]): string[] {
  return diagnostics.filter((diagnostic) => ruleOf(diagnostic) === 'unknown-source').map((diagnostic) => /"([^"]+)"/.exec(diagnostic.message)?.[1] ?? '?');
}

/** Where Go to Definition leads: file, the text selected there, and the line. */
async function definitionsAt(document: vscode.TextDocument, position: vscode.Position): Promise<Array<{ file: string; text: string; line: number }>> {
  const results = await vscode.commands.executeCommand<Array<vscode.Location | vscode.LocationLink>>('vscode.executeDefinitionProvider', document.uri, position);
  const targets = (results ?? []).map((result) => ('targetUri' in result ? { uri: result.targetUri, range: result.targetSelectionRange ?? result.targetRange } : result));
  return Promise.all(targets.map(async ({ uri, range }) => ({ file: fileName(uri), text: await textAt(uri, range), line: range.start.line })));
}

const BIB = [
  '% Better BibTeX export',
  '@article{smith2020,',
  '  title = {Ports and {Cargo} Flights},',
  '  author = {Smith, Jane},',
  '  journal = {Maritime Review},',
  '  year = {2020}',
  '}',
  '',
].join('\n');

const LIBRARY = JSON.stringify([{ id: 'jones-2021', type: 'report', title: 'Air cargo registers', publisher: 'Aviation Watch', issued: { 'date-parts': [[2021]] } }], null, 2);

const DRAFT = [
  '---',
  'title: Cargo',
  'bibliography: [refs.bib, library.json]',
  'references:',
  '  - id: interview-2024',
  '    title: Interview with a crew member',
  '---',
  '',
  'The plane landed in Buenos Aires [@smith2020]. Its register was known [@jones-2021; @interview-2024].',
  '',
  'As @smith2020 notes, the crew stayed. Nobody knows [@nowhere-1999].',
  '',
].join('\n');

const SIDECAR = [
  'sources: {}',
  'claims:',
  '  - text: The plane landed in Buenos Aires',
  '    sources:',
  '      - source: smith2020',
  '    status: unverified',
  '',
].join('\n');

describe('Navigation to front matter bibliography entries', function () {
  this.timeout(60_000);
  let draft: vscode.TextDocument;
  let bib: vscode.Uri;

  before(async () => {
    await waitForExtensionActive();
    bib = await write('refs.bib', BIB);
    await write('library.json', LIBRARY);
    await write('draft.sources.yaml', SIDECAR);
    // Another draft reading the same file (not open: read from disk), and one whose smith2020 is unknown.
    await write('other.md', '---\nbibliography: refs.bib\n---\n\nThe register of the plane [@smith2020].\n');
    await write('unrelated.md', '# Unrelated\n\nCited without a bibliography [@smith2020].\n');
    await write('draft.md', DRAFT);
    draft = (await openDraft('bibliography-navigation-scratch/draft.md')).document;
    // Only the key defined nowhere is unknown: the bibliographies were read.
    await waitForDiagnostics(draft.uri, (all) => unknownKeys(all).join() === 'nowhere-1999');
  });

  after(async () => {
    await vscode.workspace.fs.delete(folder, { recursive: true, useTrash: false });
  });

  describe('Go to Definition', () => {
    it('opens refs.bib at "@article{smith2020," from [@smith2020] and from an in-text @smith2020', async () => {
      for (const position of [positionOf(draft, '[@smith2020]', 4), positionOf(draft, 'As @smith2020', 6)]) {
        assert.deepEqual(await definitionsAt(draft, position), [{ file: 'refs.bib', text: 'smith2020', line: 1 }]);
      }
    });

    it('opens library.json at the CSL item\'s "id", selecting the key without its quotes', async () => {
      assert.deepEqual(await definitionsAt(draft, positionOf(draft, '@jones-2021', 3)), [{ file: 'library.json', text: 'jones-2021', line: 2 }]);
    });

    it('goes to the id of an inline `references:` item in the draft\'s own front matter', async () => {
      assert.deepEqual(await definitionsAt(draft, positionOf(draft, '@interview-2024', 3)), [{ file: 'draft.md', text: 'interview-2024', line: 4 }]);
    });

    it('goes from a claim\'s source in the sidecar to refs.bib', async () => {
      const sidecar = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder, 'draft.sources.yaml'));
      assert.deepEqual(await definitionsAt(sidecar, positionOf(sidecar, 'source: smith2020', 10)), [{ file: 'refs.bib', text: 'smith2020', line: 1 }]);
    });
  });

  describe('hover', () => {
    it('shows the BibTeX entry and says it is defined in refs.bib', async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', draft.uri, positionOf(draft, '[@smith2020]', 4));
      const text = hovers
        .flatMap((hover) => hover.contents)
        .map((content) => (typeof content === 'string' ? content : content.value))
        .join('\n')
        .replace(/\\([\\`*_{}[\]()#+\-.!|<>~&:])/g, '$1');
      assert.match(text, /Ports and Cargo Flights/);
      assert.match(text, /Jane Smith/);
      assert.match(text, /defined in refs\.bib/);
    });
  });

  describe('Find All References', () => {
    it('lists the entry in refs.bib, both citations in draft.md, the claim in its sidecar and the citation in other.md, not unrelated.md', async () => {
      const locations = (await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', draft.uri, positionOf(draft, '[@smith2020]', 4))) ?? [];
      // VS Code's Markdown features answer for link-like brackets too; only ranges of the bare key are ours.
      const ours: string[] = [];
      for (const location of locations) {
        if ((await textAt(location.uri, location.range)) === 'smith2020') ours.push(`${fileName(location.uri)}:${location.range.start.line + 1}`);
      }
      assert.deepEqual(ours.sort(), ['draft.md:11', 'draft.md:9', 'draft.sources.yaml:5', 'other.md:5', 'refs.bib:2']);
    });
  });

  describe('rename', () => {
    /** The edits of a rename, as "file:line text→new" (the text each edit replaces, read from the file). */
    async function renameEdits(position: vscode.Position, newName: string): Promise<{ edit: vscode.WorkspaceEdit; changes: string[] }> {
      const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>('vscode.executeDocumentRenameProvider', draft.uri, position, newName);
      const changes: string[] = [];
      for (const [uri, edits] of edit?.entries() ?? []) {
        for (const change of edits) changes.push(`${fileName(uri)}:${change.range.start.line + 1} ${await textAt(uri, change.range)}→${change.newText}`);
      }
      return { edit, changes: changes.sort() };
    }

    it('offers the key under the cursor, without its "@", as the name to change', async () => {
      const prepared = await vscode.commands.executeCommand<{ range: vscode.Range; placeholder: string }>('vscode.prepareRename', draft.uri, positionOf(draft, '[@smith2020]', 4));
      assert.equal(prepared.placeholder, 'smith2020');
      assert.equal(draft.getText(prepared.range), 'smith2020');
    });

    it('renames the BibTeX key in refs.bib, every citation of the drafts that read it and the claim in the sidecar, not unrelated.md', async () => {
      const { changes } = await renameEdits(positionOf(draft, '[@smith2020]', 4), '@smith-2020');
      assert.deepEqual(changes, [
        'draft.md:11 smith2020→smith-2020',
        'draft.md:9 smith2020→smith-2020',
        'draft.sources.yaml:5 smith2020→smith-2020',
        'other.md:5 smith2020→smith-2020',
        'refs.bib:2 smith2020→smith-2020',
      ]);
    });

    it('renames the id of a CSL-JSON item inside its quotes, and an inline `references:` id in the front matter', async () => {
      assert.deepEqual((await renameEdits(positionOf(draft, '@jones-2021', 3), 'jones-registers')).changes, [
        'draft.md:9 jones-2021→jones-registers',
        'library.json:3 jones-2021→jones-registers',
      ]);
      assert.deepEqual((await renameEdits(positionOf(draft, '@interview-2024', 3), 'crew-interview')).changes, [
        'draft.md:5 interview-2024→crew-interview',
        'draft.md:9 interview-2024→crew-interview',
      ]);
    });

    it('refuses a new key the drafts already know, editing nothing (so no other provider renames half the citations)', async () => {
      assert.deepEqual((await renameEdits(positionOf(draft, '[@smith2020]', 4), 'jones-2021')).changes, []);
    });

    it('leaves the draft with every citation resolved once the rename is applied: F12 on the new key opens refs.bib', async () => {
      const { edit } = await renameEdits(positionOf(draft, '[@smith2020]', 4), 'smith-2020');
      assert.ok(await vscode.workspace.applyEdit(edit));
      // The edited files are saved, not left dirty: the folder is deleted after the suite.
      for (const [uri] of edit.entries()) await (await vscode.workspace.openTextDocument(uri)).save();
      assert.match(await textAt(bib, new vscode.Range(1, 0, 1, 100)), /^@article\{smith-2020,$/);
      await waitForDiagnostics(draft.uri, (all) => unknownKeys(all).join() === 'nowhere-1999');
      assert.deepEqual(await definitionsAt(draft, positionOf(draft, '[@smith-2020]', 4)), [{ file: 'refs.bib', text: 'smith-2020', line: 1 }]);
    });
  });
});
