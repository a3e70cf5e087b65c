/**
 * Activation: on a workspace that holds a sidecar, cheaply (nothing is analysed until a draft is shown), with the
 * activation time reported, and with the view, the status bar and every command in place.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { analysisOf, openDraft, sourcedApi, workspaceUri } from './helpers';

describe('activation', () => {
  it('activates in a workspace that holds a *.sources.yaml without analysing a draft nobody has shown', async () => {
    const api = await sourcedApi();
    const shown = new Set(vscode.window.visibleTextEditors.map((editor) => editor.document.uri.toString()));
    const open = new Set(vscode.workspace.textDocuments.map((document) => document.uri.toString()));
    const analysedButNeverOpened = api.store.analysedUris().filter((uri) => !shown.has(uri.toString()) && !open.has(uri.toString()));
    assert.deepEqual(analysedButNeverOpened.map((uri) => uri.path), []);
    assert.equal(api.store.get(workspaceUri('README.md')), undefined, 'README.md was never opened, so it must not have been analysed');
  });

  it('reports how long activation took (the benchmark reads it)', async () => {
    const api = await sourcedApi();
    assert.equal(typeof api.activationMs, 'number');
    assert.ok(Number.isFinite(api.activationMs) && api.activationMs >= 0, `activationMs is ${api.activationMs}`);
    console.log(`      activate() took ${api.activationMs.toFixed(1)} ms`);
  });

  it('analyses cargo.md once it is shown, with its sidecar and the registry of .sourced.yaml', async () => {
    const api = await sourcedApi();
    const editor = await openDraft('cargo.md');
    const draft = await analysisOf(api, editor.document);
    assert.equal(draft.input.sidecar?.uri, workspaceUri('cargo.sources.yaml').toString());
    assert.deepEqual(draft.input.registries?.map((registry) => registry.uri), [workspaceUri('registry/organisations.yaml').toString()]);
    assert.ok(draft.result.analysis.mentions.length > 0, 'cargo.md mentions entities of its sidecar');
    assert.ok(draft.result.analysis.catalog.sources.has('ofac-sdn'), 'sources of the shared registry are in the catalog');
  });

  it('registers the review view (its focus command exists) and the internal reveal command', async () => {
    await sourcedApi();
    const commands = new Set(await vscode.commands.getCommands(true));
    assert.ok(commands.has('sourced.review.focus'), 'the view sourced.review is not registered');
    assert.ok(commands.has('sourced.reveal'));
  });

  it('shows the cited share of the active draft in the status bar', async () => {
    const api = await sourcedApi();
    const editor = await openDraft('cargo.md');
    await analysisOf(api, editor.document);
    assert.ok(api.statusBar, 'the status bar item is not exported');
    assert.match(api.statusBar.text, /Cited \d+\/\d+/);
    assert.equal(api.statusBar.command, 'sourced.showReview');
  });
});
