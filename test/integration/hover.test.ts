/**
 * Hovers on the example draft (entities, citations, footnotes, claims), and on a draft whose sidecar tries to
 * smuggle HTML and command links into a hover.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openDraft, positionOf, waitForExtensionActive, workspaceUri } from './helpers';

/**
 * The text of every hover at a position, joined (other extensions may add hovers of their own), with Markdown
 * escapes removed so assertions read like the rendered hover.
 */
async function hoverText(document: vscode.TextDocument, position: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position);
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : content.value))
    .join('\n---\n')
    .replace(/\\([\\`*_{}[\]()#+\-.!|<>~&:])/g, '$1');
}

describe('hovers', () => {
  let draft: vscode.TextDocument;

  before(async () => {
    draft = (await openDraft('cargo.md')).document;
    await waitForExtensionActive();
  });

  it('shows an entity\u2019s name, kind, description, aliases and sources on a mention', async () => {
    const text = await hoverText(draft, positionOf(draft, 'Marcelo Pecci was shot', 3));
    assert.match(text, /Marcelo Pecci/);
    assert.match(text, /person/);
    assert.match(text, /Paraguayan prosecutor for narcotics/);
    assert.match(text, /Also: Pecci/);
    assert.match(text, /Mystery Cargo/, 'its source fdd-2022');
    assert.match(text, /Example Wire Service/, 'its source news-2022');
  });

  it('shows the source of a citation: title, author, publisher, date and links', async () => {
    const text = await hoverText(draft, positionOf(draft, '[@fdd-2022]', 4));
    assert.match(text, /Mystery Cargo/);
    assert.match(text, /Emanuele Ottolenghi/);
    assert.match(text, /Foundation for Defense of Democracies/);
    assert.match(text, /2022-07-06/);
    assert.match(text, /\(https:\/\/example\.org\/fdd\/analysis\/2022\/07\/06\/mystery-cargo\)/);
    assert.match(text, /archived/);
  });

  it('shows only the hovered key of a multi-key citation', async () => {
    const text = await hoverText(draft, positionOf(draft, '@cijr-2022]', 3));
    assert.match(text, /Canadian Institute for Jewish Research/);
    assert.doesNotMatch(text, /Foundation for Defense of Democracies/);
  });

  it('shows the source behind a footnote reference', async () => {
    const text = await hoverText(draft, positionOf(draft, 'Research.[^1]', 11));
    assert.match(text, /Mystery Cargo \(republished\)/);
    assert.match(text, /example\.org\/cijr\/2022\/mystery-cargo/);
  });

  it('shows a claim\u2019s status and sources on the text it covers', async () => {
    const text = await hoverText(draft, positionOf(draft, 'has flown weapons', 4));
    assert.match(text, /Claim 1/);
    assert.match(text, /verified/);
    assert.match(text, /para\. 9/);
    assert.match(text, /Desk editor/);
  });

  it('shows a source from the key a claim lists in the sidecar', async () => {
    const sidecar = await vscode.workspace.openTextDocument(workspaceUri('cargo.sources.yaml'));
    const text = await hoverText(sidecar, positionOf(sidecar, 'sources: [news-2022]', 12));
    assert.match(text, /Paraguayan prosecutor shot dead/);
  });

  describe('with a hostile sidecar', () => {
    const folder = workspaceUri('hover-hostile');
    const draftUri = vscode.Uri.joinPath(folder, 'hostile.md');

    before(async () => {
      await vscode.workspace.fs.writeFile(draftUri, new TextEncoder().encode('Cited here [@evil].\n'));
      await vscode.workspace.fs.writeFile(
        vscode.Uri.joinPath(folder, 'hostile.sources.yaml'),
        new TextEncoder().encode(
          [
            'sources:',
            '  evil:',
            '    title: "<img src=x onerror=alert(1)> **bold** [run](command:workbench.action.quit)"',
            '    note: "<script>alert(2)</script>"',
            '',
          ].join('\n'),
        ),
      );
    });

    after(async () => {
      await vscode.workspace.fs.delete(folder, { recursive: true, useTrash: false });
    });

    it('escapes the sidecar\u2019s text: no HTML, no emphasis, no command link', async () => {
      const document = await vscode.workspace.openTextDocument(draftUri);
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, positionOf(document, '@evil', 2));
      const ours = hovers.flatMap((hover) => hover.contents).map((content) => (typeof content === 'string' ? content : content.value));
      const text = ours.join('\n');
      assert.match(text, /onerror/, 'the title is shown');
      assert.doesNotMatch(text, /(?<!\\)<img/);
      assert.doesNotMatch(text, /(?<!\\)<script>/);
      assert.doesNotMatch(text, /\]\(command:/);
      assert.doesNotMatch(text, /(?<!\\)\*\*bold/);
      for (const content of hovers.flatMap((hover) => hover.contents)) {
        if (typeof content !== 'string' && 'isTrusted' in content) assert.notEqual(content.isTrusted, true);
      }
    });
  });
});
