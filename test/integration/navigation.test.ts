/**
 * Completion, Go to Definition, Find All References, Rename and document links, through VS Code's own commands
 * on the example workspace (cargo.md, cargo.sources.yaml, registry/organisations.yaml). Rename results are
 * inspected, not applied, so the example stays as it is for the other suites.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { fileName, openDraft, positionOf, textAt, waitForExtensionActive, workspaceUri } from './helpers';

function targetOf(result: vscode.Location | vscode.LocationLink): { uri: vscode.Uri; range: vscode.Range } {
  return 'targetUri' in result ? { uri: result.targetUri, range: result.targetSelectionRange ?? result.targetRange } : result;
}

async function definitionsAt(document: vscode.TextDocument, position: vscode.Position): Promise<Array<{ uri: vscode.Uri; range: vscode.Range }>> {
  const results = await vscode.commands.executeCommand<Array<vscode.Location | vscode.LocationLink>>('vscode.executeDefinitionProvider', document.uri, position);
  return (results ?? []).map(targetOf);
}

describe('navigation between drafts, sidecars and registries', function () {
  let draft: vscode.TextDocument;
  let sidecar: vscode.TextDocument;

  before(async () => {
    draft = (await openDraft('cargo.md')).document;
    await waitForExtensionActive();
    sidecar = await vscode.workspace.openTextDocument(workspaceUri('cargo.sources.yaml'));
  });

  describe('completion of citation keys', () => {
    let scratch: vscode.TextDocument;

    const folder = workspaceUri('navigation-scratch');

    before(async () => {
      // A draft without a sidecar: its catalog is the example's registry only (ofac-sdn), which is enough to see
      // where completion is offered and where it is not.
      const uri = vscode.Uri.joinPath(folder, 'complete.md');
      const lines = ['See [@of', 'As @of', 'Also [@a; @of', 'Mail me at me@of', 'Code `x @of', 'Text [see -@of'];
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(lines.join('\n')));
      scratch = await vscode.workspace.openTextDocument(uri);
    });

    after(async () => {
      await vscode.workspace.fs.delete(folder, { recursive: true, useTrash: false });
    });

    async function keysOfferedAt(line: number): Promise<vscode.CompletionItem[]> {
      const position = new vscode.Position(line, scratch.lineAt(line).text.length);
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', scratch.uri, position, '@');
      return list.items.filter((item) => (typeof item.label === 'string' ? item.label : item.label.label) === 'ofac-sdn');
    }

    it('offers the registry source "ofac-sdn" after "[@", after "; @", after a word-initial "@" and after "[see -@"', async () => {
      for (const line of [0, 1, 2, 5]) {
        const items = await keysOfferedAt(line);
        assert.equal(items.length, 1, `line ${line + 1}: "${scratch.lineAt(line).text}"`);
        assert.match(String(items[0].detail), /Specially Designated Nationals/);
        const documentation = items[0].documentation as vscode.MarkdownString;
        assert.match(documentation.value, /Office of Foreign Assets Control/);
      }
    });

    it('offers nothing in an e-mail address or inside inline code', async () => {
      assert.equal((await keysOfferedAt(3)).length, 0, 'e-mail address');
      assert.equal((await keysOfferedAt(4)).length, 0, 'inline code');
    });

    it('offers the sources of the draft\u2019s own sidecar in cargo.md, replacing the partial key', async () => {
      const line = draft.lineAt(positionOf(draft, '[@fdd-2022, para. 4]').line);
      const position = positionOf(draft, '[@fdd-2022, para. 4]', 4);
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', draft.uri, position, '@');
      const labels = list.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
      for (const key of ['fdd-2022', 'cijr-2022', 'news-2022', 'latam-brief-2021', 'ofac-sdn']) assert.ok(labels.includes(key), `${key} missing from ${labels.join(', ')}`);
      const fdd = list.items.find((item) => (typeof item.label === 'string' ? item.label : item.label.label) === 'fdd-2022')!;
      const range = fdd.range as { replacing: vscode.Range } | vscode.Range;
      const replacing = 'replacing' in range ? range.replacing : range;
      assert.equal(draft.getText(replacing), 'fdd-2022', `on line "${line.text}"`);
      assert.equal(fdd.detail, 'Mystery Cargo (2022-07-06)');
    });
  });

  describe('Go to Definition', () => {
    it('goes from "[@fdd-2022]" in the draft to its key in cargo.sources.yaml', async () => {
      const [target] = await definitionsAt(draft, positionOf(draft, '[@fdd-2022]', 4));
      assert.equal(fileName(target.uri), 'cargo.sources.yaml');
      assert.equal(await textAt(target.uri, target.range), 'fdd-2022');
      assert.equal(target.range.start.line, positionOf(sidecar, '  fdd-2022:').line);
    });

    it('goes from the in-text citation "@fdd-2022 also names" to the same entry', async () => {
      const [target] = await definitionsAt(draft, positionOf(draft, '@fdd-2022 also names', 2));
      assert.equal(fileName(target.uri), 'cargo.sources.yaml');
      assert.equal(await textAt(target.uri, target.range), 'fdd-2022');
    });

    it('goes from the mention "Fars Air Qeshm" to its entity, and from "[@ofac-sdn]" to the registry', async () => {
      const [entity] = await definitionsAt(draft, positionOf(draft, 'manager of Fars Air Qeshm', 14));
      assert.equal(await textAt(entity.uri, entity.range), 'fars-air-qeshm');
      const [registry] = await definitionsAt(draft, positionOf(draft, '[@ofac-sdn]', 4));
      assert.equal(fileName(registry.uri), 'organisations.yaml');
      assert.equal(await textAt(registry.uri, registry.range), 'ofac-sdn');
    });

    it('goes from a claim\u2019s "source: fdd-2022" in the sidecar to the source entry above it', async () => {
      const [target] = await definitionsAt(sidecar, positionOf(sidecar, 'source: fdd-2022', 10));
      assert.equal(target.uri.toString(), sidecar.uri.toString());
      assert.equal(target.range.start.line, positionOf(sidecar, '  fdd-2022:').line);
    });

    it('goes from "ofac-sdn" in an entity\u2019s sources to the registry', async () => {
      const [target] = await definitionsAt(sidecar, positionOf(sidecar, 'sources: [ofac-sdn', 11));
      assert.equal(fileName(target.uri), 'organisations.yaml');
    });

    it('finds nothing on plain prose', async () => {
      assert.deepEqual(await definitionsAt(draft, positionOf(draft, 'This note looks', 3)), []);
    });
  });

  describe('Find All References', () => {
    function textOf(location: vscode.Location): string | undefined {
      if (location.uri.toString() === draft.uri.toString()) return draft.getText(location.range);
      if (location.uri.toString() === sidecar.uri.toString()) return sidecar.getText(location.range);
      return undefined;
    }

    async function referencesAt(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Location[]> {
      return (await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', document.uri, position)) ?? [];
    }

    it('lists the ten citations of fdd-2022 in cargo.md, its definition and the four uses inside the sidecar', async () => {
      // VS Code's own Markdown features answer too (for link-like brackets); only ranges of the bare key are ours.
      const locations = (await referencesAt(draft, positionOf(draft, '[@fdd-2022]', 4))).filter((location) => textOf(location) === 'fdd-2022');
      const inDraft = locations.filter((location) => fileName(location.uri) === 'cargo.md');
      const inSidecar = locations.filter((location) => fileName(location.uri) === 'cargo.sources.yaml');
      assert.equal(inDraft.length, 10, inDraft.map((location) => location.range.start.line + 1).join(', '));
      for (const location of inDraft) assert.equal(draft.getText(location.range), 'fdd-2022');
      assert.equal(inSidecar.length, 5);
      for (const location of inSidecar) assert.equal(sidecar.getText(location.range), 'fdd-2022');
    });

    it('gives the same list from the key in the sidecar', async () => {
      const fromDraft = (await referencesAt(draft, positionOf(draft, '[@fdd-2022]', 4))).filter((location) => textOf(location) === 'fdd-2022');
      const fromSidecar = await referencesAt(sidecar, positionOf(sidecar, '  fdd-2022:', 4));
      assert.equal(fromSidecar.length, 15);
      const key = (location: vscode.Location) => `${location.uri.toString()}#${location.range.start.line}:${location.range.start.character}`;
      assert.deepEqual(fromSidecar.map(key).sort(), fromDraft.map(key).sort());
    });

    it('lists the mentions of Marcelo Pecci, "Pecci" included', async () => {
      const locations = await referencesAt(draft, positionOf(draft, 'Marcelo Pecci was shot', 2));
      const texts = locations.filter((location) => fileName(location.uri) === 'cargo.md').map((location) => draft.getText(location.range));
      assert.ok(texts.includes('Marcelo Pecci'), texts.join(', '));
      assert.ok(texts.includes('Pecci'), texts.join(', '));
      assert.ok(locations.some((location) => fileName(location.uri) === 'cargo.sources.yaml'), 'the definition is listed');
    });
  });

  describe('Rename', () => {
    it('renames a source key in every citation of the draft and in the sidecar, comments untouched', async () => {
      const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>(
        'vscode.executeDocumentRenameProvider',
        draft.uri,
        positionOf(draft, '[@fdd-2022]', 4),
        'fdd-mystery-cargo',
      );
      const byFile = new Map(edit.entries().map(([uri, edits]) => [fileName(uri), edits]));
      const draftEdits = byFile.get('cargo.md') ?? [];
      assert.equal(draftEdits.length, 10);
      for (const change of draftEdits) {
        assert.equal(draft.getText(change.range), 'fdd-2022');
        assert.equal(change.newText, 'fdd-mystery-cargo');
      }
      const sidecarEdits = byFile.get('cargo.sources.yaml') ?? [];
      assert.equal(sidecarEdits.length, 5);
      for (const change of sidecarEdits) assert.equal(sidecar.getText(change.range), 'fdd-2022');
      assert.ok(!byFile.has('organisations.yaml'));
    });

    it('says which text can be renamed, and shows the entity id for a mention', async () => {
      const prepared = await vscode.commands.executeCommand<{ range: vscode.Range; placeholder: string } | vscode.Range>(
        'vscode.prepareRename',
        draft.uri,
        positionOf(draft, 'Marcelo Pecci was shot', 2),
      );
      assert.ok(prepared && 'placeholder' in prepared);
      assert.equal(prepared.placeholder, 'marcelo-pecci');
      await assert.rejects(
        Promise.resolve(vscode.commands.executeCommand('vscode.prepareRename', draft.uri, positionOf(draft, 'This note looks', 3))),
      );
    });

    it('renames an entity id only in the sidecar, never the name in the prose', async () => {
      const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>(
        'vscode.executeDocumentRenameProvider',
        draft.uri,
        positionOf(draft, 'Marcelo Pecci was shot', 2),
        'pecci',
      );
      const entries = edit.entries();
      assert.deepEqual(entries.map(([uri]) => fileName(uri)), ['cargo.sources.yaml']);
      assert.equal(entries[0][1].length, 1);
      assert.equal(sidecar.getText(entries[0][1][0].range), 'marcelo-pecci');
    });

    it('renames a key nothing defines in every citation of the draft, so a misspelt key is fixed at once', async () => {
      // `[@reuters-2022]` is the example's unknown source. Refusing would hand the rename to VS Code's Markdown
      // provider, which renames a single occurrence.
      const at = positionOf(draft, '[@reuters-2022]', 4);
      const prepared = await vscode.commands.executeCommand<{ range: vscode.Range; placeholder: string } | vscode.Range>('vscode.prepareRename', draft.uri, at);
      assert.ok(prepared && 'placeholder' in prepared);
      assert.equal(prepared.placeholder, 'reuters-2022');
      const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>('vscode.executeDocumentRenameProvider', draft.uri, at, 'fdd-2022');
      const entries = edit.entries();
      assert.deepEqual(entries.map(([uri, edits]) => [fileName(uri), edits.length]), [['cargo.md', 1]]);
      assert.equal(draft.getText(entries[0][1][0].range), 'reuters-2022');
      assert.equal(entries[0][1][0].newText, 'fdd-2022');
    });

    it('refuses a key that is not a valid citation key, or one that already exists, and lets no other provider rename', async () => {
      // The answer is an empty edit, not an error: after an error VS Code asks its own Markdown rename provider,
      // which would rename `[@fdd-2022]` as if it were a link reference.
      const at = positionOf(draft, '[@fdd-2022]', 4);
      for (const newName of ['has space', 'cijr-2022']) {
        const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>('vscode.executeDocumentRenameProvider', draft.uri, at, newName);
        assert.deepEqual(edit.entries().map(([uri, edits]) => [fileName(uri), edits.length]), [], `renamed to "${newName}"`);
      }
    });
  });

  describe('document links', () => {
    it('links the url and archive of every source in the sidecar', async () => {
      const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', sidecar.uri);
      const targets = links.map((link) => link.target?.toString(true));
      assert.ok(targets.includes('https://example.org/fdd/analysis/2022/07/06/mystery-cargo'), targets.join('\n'));
      assert.ok(targets.includes('https://web.archive.org/web/2022/https://example.org/fdd/analysis/2022/07/06/mystery-cargo'), targets.join('\n'));
    });

    it('links each include of .sourced.yaml to the registry it names', async () => {
      // Opened first, as a writer would have it: a document the command opens itself may not have its language yet.
      await vscode.workspace.openTextDocument(workspaceUri('.sourced.yaml'));
      const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', workspaceUri('.sourced.yaml'));
      assert.ok(links.some((link) => link.target?.toString() === workspaceUri('registry/organisations.yaml').toString()), links.map((link) => link.target?.toString()).join('\n'));
    });

    it('links the sources of a registry', async () => {
      await vscode.workspace.openTextDocument(workspaceUri('registry/organisations.yaml'));
      const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', workspaceUri('registry/organisations.yaml'));
      assert.ok(links.some((link) => link.target?.toString(true) === 'https://example.org/treasury/ofac/sdn-list'));
    });
  });
});
