/**
 * Features used the moment a draft opens, before its first analysis is in: the live analysis restarts several
 * times then (editor shown, document opened, debounce) and overtakes every request of its own, which must not
 * leave a command doing nothing or a hover empty.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openDraft, waitForExtensionActive, workspaceUri } from './helpers';

const folder = workspaceUri('just-opened-scratch');

async function write(name: string, lines: string[]): Promise<void> {
  await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, name), new TextEncoder().encode(lines.join('\n')));
}

describe('a draft just opened', () => {
  before(() => waitForExtensionActive());

  it('"Go to Next Uncited Assertion" selects the first uncited assertion when run the moment the draft opens', async () => {
    await write('navigate.md', ['# Fresh', '', 'A plain opening line.', '', 'Acme hired 50 people in 2017.', '', 'Acme sold 3 planes in 2020.', '']);
    const editor = await openDraft('just-opened-scratch/navigate.md');
    assert.equal(editor.selection.start.line, 0);
    await vscode.commands.executeCommand('sourced.nextUncitedAssertion');
    assert.equal(editor.document.getText(editor.selection), 'Acme hired 50 people in 2017.');
    await vscode.commands.executeCommand('sourced.nextUncitedAssertion');
    assert.equal(editor.document.getText(editor.selection), 'Acme sold 3 planes in 2020.');
  });

  it('shows the source of a citation key hovered the moment the draft opens', async () => {
    await write('hover.sources.yaml', ['version: 1', 'sources:', '  wire-2017:', '    title: Acme hiring figures', '']);
    await write('hover.md', ['# Fresh', '', 'Acme hired 50 people in 2017 [@wire-2017].', '']);
    const editor = await openDraft('just-opened-scratch/hover.md');
    const key = editor.document.positionAt(editor.document.getText().indexOf('wire-2017') + 2);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, key);
    const shown = hovers.flatMap((hover) => hover.contents.map((content) => (typeof content === 'string' ? content : (content as vscode.MarkdownString).value)));
    assert.ok(shown.some((text) => text.includes('Acme hiring figures')), `hover showed: ${JSON.stringify(shown)}`);
  });
});
