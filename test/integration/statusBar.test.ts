/**
 * The status-bar item's wording on small drafts, where singular and plural show: it is read at a glance and by
 * screen readers (its accessibility label is the tooltip's first line).
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SourcedApi } from '../../src/extension/main';
import { openDraft, waitForCondition, waitForExtensionActive, workspaceUri } from './helpers';

const folder = workspaceUri('statusbar-scratch');

async function write(name: string, lines: string[]): Promise<void> {
  await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, name), new TextEncoder().encode(lines.join('\n')));
}

describe('status bar wording', () => {
  it('says "1 of 1 assertion cites a source." for a draft whose one assertion is cited', async () => {
    const api = (await waitForExtensionActive<SourcedApi>()).exports;
    await write('one.sources.yaml', ['version: 1', 'sources:', '  wire-2018:', '    title: Airline figures for 2018', '']);
    await write('one.md', ['# One', '', 'The airline flew 300 flights in 2018 [@wire-2018].', '']);
    await openDraft('statusbar-scratch/one.md');
    const item = api.statusBar!;
    await waitForCondition(() => item.text.includes('Cited 1/1'), 'the status bar to show "Cited 1/1"');
    assert.equal(String(item.tooltip).split('\n')[0], '1 of 1 assertion cites a source.');
    assert.equal(item.accessibilityInformation?.label, '1 of 1 assertion cites a source.');
  });
});
