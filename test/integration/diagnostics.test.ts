/**
 * Diagnostics of the example workspace: the same rule ids as the CLI, linked to their docs, at the right place in
 * the draft and in the sidecar, with the project's severities; settings that take effect without a reload; and
 * "Lint Workspace" for drafts that are not open.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SourcedApi } from '../../src/extension/main';
import { analysisOf, EXTENSION_ID, openDraft, ruleOf, sourcedApi, textAt, waitForDiagnostics, waitForExtensionActive, workspaceUri } from './helpers';

function withRule(ruleId: string) {
  return (diagnostics: readonly vscode.Diagnostic[]) => diagnostics.some((diagnostic) => ruleOf(diagnostic) === ruleId);
}

describe('diagnostics', () => {
  const draftUri = () => workspaceUri('cargo.md');
  const sidecarUri = () => workspaceUri('cargo.sources.yaml');

  before(async () => {
    const editor = await openDraft('cargo.md');
    const api = (await waitForExtensionActive<SourcedApi>(EXTENSION_ID)).exports;
    await analysisOf(api, editor.document);
  });

  it('reports uncited assertions of cargo.md with the CLI rule id, linked to the rule documentation', async () => {
    const diagnostics = await waitForDiagnostics(draftUri(), withRule('uncited-assertion'));
    const uncited = diagnostics.filter((diagnostic) => ruleOf(diagnostic) === 'uncited-assertion');
    for (const diagnostic of uncited) {
      assert.equal(diagnostic.source, 'sourced');
      assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Warning);
      const code = diagnostic.code as { value: string; target: vscode.Uri };
      assert.match(code.target.toString(true), /docs\/rules\.md#uncited-assertion$/);
    }
    const lines = await Promise.all(uncited.map((diagnostic) => textAt(draftUri(), diagnostic.range)));
    assert.ok(lines.some((text) => text.includes('The aircraft reportedly carried no cargo at all')), lines.join('\n'));
  });

  it('reports the unknown key reuters-2022 as an error exactly on the citation', async () => {
    const diagnostics = await waitForDiagnostics(draftUri(), withRule('unknown-source'));
    const unknown = diagnostics.filter((diagnostic) => ruleOf(diagnostic) === 'unknown-source');
    assert.equal(unknown.length, 1, unknown.map((diagnostic) => diagnostic.message).join('\n'));
    assert.equal(unknown[0].severity, vscode.DiagnosticSeverity.Error);
    assert.match(await textAt(draftUri(), unknown[0].range), /reuters-2022/);
  });

  it('honours the sourced-disable-next-line comment above the landing sentence', async () => {
    const diagnostics = await waitForDiagnostics(draftUri(), withRule('uncited-assertion'));
    const texts = await Promise.all(diagnostics.map((diagnostic) => textAt(draftUri(), diagnostic.range)));
    assert.ok(!texts.some((text) => text.includes('The crew had landed in Ciudad del Este')), texts.join('\n'));
  });

  it('reports sidecar problems in the sidecar file, on the YAML key they are about', async () => {
    const diagnostics = await waitForDiagnostics(sidecarUri(), withRule('unused-source'));
    const unused = diagnostics.find((diagnostic) => ruleOf(diagnostic) === 'unused-source')!;
    assert.equal(await textAt(sidecarUri(), unused.range), 'latam-brief-2021');
    assert.equal(unused.severity, vscode.DiagnosticSeverity.Information, '.sourced.yaml sets unused-source to info');
    assert.deepEqual(unused.tags, [vscode.DiagnosticTag.Unnecessary]);
    const orphaned = diagnostics.find((diagnostic) => ruleOf(diagnostic) === 'claim-orphaned');
    assert.ok(orphaned, 'the claim about Paraguayan officials no longer matches the draft');
    assert.match(await textAt(sidecarUri(), orphaned.range), /Paraguayan officials/);
  });

  it('applies a sourced.rules severity change without a reload (rules .sourced.yaml leaves alone)', async () => {
    const configuration = vscode.workspace.getConfiguration('sourced');
    await configuration.update('rules', { 'unknown-source': 'hint' }, vscode.ConfigurationTarget.Workspace);
    try {
      await waitForDiagnostics(draftUri(), (diagnostics) =>
        diagnostics.some((diagnostic) => ruleOf(diagnostic) === 'unknown-source' && diagnostic.severity === vscode.DiagnosticSeverity.Hint),
      );
    } finally {
      await configuration.update('rules', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitForDiagnostics(draftUri(), (diagnostics) =>
      diagnostics.some((diagnostic) => ruleOf(diagnostic) === 'unknown-source' && diagnostic.severity === vscode.DiagnosticSeverity.Error),
    );
  });

  it('keeps the project file in charge: sourced.rules cannot override a severity .sourced.yaml sets', async () => {
    const configuration = vscode.workspace.getConfiguration('sourced');
    await configuration.update('rules', { 'unused-source': 'error', 'unknown-source': 'warning' }, vscode.ConfigurationTarget.Workspace);
    try {
      // The unknown-source change shows the new settings were read; unused-source must still be info then.
      await waitForDiagnostics(draftUri(), (diagnostics) =>
        diagnostics.some((diagnostic) => ruleOf(diagnostic) === 'unknown-source' && diagnostic.severity === vscode.DiagnosticSeverity.Warning),
      );
      const unused = vscode.languages.getDiagnostics(sidecarUri()).find((diagnostic) => ruleOf(diagnostic) === 'unused-source');
      assert.equal(unused?.severity, vscode.DiagnosticSeverity.Information);
    } finally {
      await configuration.update('rules', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('leaves a file the project ignores alone when it is opened: no findings, no analysis', async () => {
    // README.md is under `ignore:` in the example's .sourced.yaml; it reads like prose full of facts.
    const readme = await vscode.workspace.openTextDocument(workspaceUri('README.md'));
    const api = await sourcedApi();
    assert.equal(await api.store.analyse(readme), undefined);
    assert.equal(api.store.get(readme.uri), undefined);
    assert.deepEqual(vscode.languages.getDiagnostics(readme.uri), []);
  });

  it('lints drafts that are not open with "Sourced: Lint Workspace", re-lints them when their sidecar appears, and clears them when deleted', async () => {
    const uri = workspaceUri('notes/unopened.md');
    const sidecar = workspaceUri('notes/unopened.sources.yaml');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode('# Notes\n\nThe ship carried 40 passengers to Lisbon in 1921 [@nowhere-2020].\n'));
    try {
      assert.deepEqual(vscode.languages.getDiagnostics(uri), []);
      const summary = await vscode.commands.executeCommand<{ drafts: number; problems: number; cancelled: boolean }>('sourced.lintWorkspace');
      assert.ok(summary && summary.drafts >= 2 && !summary.cancelled, JSON.stringify(summary));
      // README.md is under `ignore:` in the example's .sourced.yaml: the workspace lint skips it, like `sourced lint`.
      const api = await sourcedApi();
      const drafts = (await api.store.findDrafts()).map((draft) => draft.path.split('/').pop());
      assert.ok(drafts.includes('cargo.md') && !drafts.includes('README.md'), drafts.join(', '));
      const diagnostics = await waitForDiagnostics(uri, withRule('unknown-source'));
      assert.match(diagnostics.find((diagnostic) => ruleOf(diagnostic) === 'unknown-source')!.message, /nowhere-2020/);
      const sidecarText = 'sources:\n  nowhere-2020:\n    title: Passenger lists\n  spare-2000:\n    title: Never cited\n';
      await vscode.workspace.fs.writeFile(sidecar, new TextEncoder().encode(sidecarText));
      // The unused spare source shows that the new sidecar was read; the citation is then known.
      await waitForDiagnostics(sidecar, withRule('unused-source'));
      assert.ok(!vscode.languages.getDiagnostics(uri).some((diagnostic) => ruleOf(diagnostic) === 'unknown-source'));
    } finally {
      await vscode.workspace.fs.delete(sidecar).then(undefined, () => undefined);
      await vscode.workspace.fs.delete(uri);
    }
    await waitForDiagnostics(uri, (diagnostics) => diagnostics.length === 0);
  });
});
