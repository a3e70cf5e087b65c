/**
 * Smoke test of the packaged extension (`npm run test:vsix`): the .vsix built by `npm run package` is installed
 * into code-server like a user would install it, and this suite checks that it loads from the extensions folder
 * (not a development path), activates on the example draft, reports diagnostics and highlights entities, and
 * records how long activation took: its own `activate()` figure and VS Code's from "Show Running Extensions".
 */
import * as assert from 'node:assert/strict';
import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SourcedApi } from '../../../src/extension/main';
import { EXTENSION_ID, analysisOf, openDraft, sourcedApi, waitForCondition, waitForDiagnostics, workspaceUri } from '../helpers';
import { controlUrl, readRunningExtensionActivation } from '../runner/controlClient';
import { parseActivationTime, TEST_ENV, type RunMetrics } from '../runner/protocol';

/** Adds measurements to the run's metrics file, which the harness prints and copies into its result file. */
async function recordMetrics(measured: RunMetrics): Promise<void> {
  const file = process.env[TEST_ENV.metricsFile];
  if (!file) return;
  const previous = await fs.readFile(file, 'utf8').then((text) => JSON.parse(text) as RunMetrics, () => ({}));
  await fs.writeFile(file, JSON.stringify({ ...previous, ...measured }, null, 2) + '\n');
}

function codeOf(diagnostic: vscode.Diagnostic): { value: string; target?: vscode.Uri } | undefined {
  const code = diagnostic.code;
  if (code === undefined) return undefined;
  return typeof code === 'object' ? { value: String(code.value), target: code.target } : { value: String(code) };
}

describe('the packaged extension, installed from its .vsix', () => {
  it('is loaded as "sourced.sourced" from the extensions folder, not from a development path', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not among the extensions VS Code loaded`);
    const extensionsFolder = process.env[TEST_ENV.installedExtensionsDir];
    assert.ok(extensionsFolder, 'this suite runs under `npm run test:vsix`, which installs the .vsix into an extensions folder');
    const relative = path.relative(path.resolve(extensionsFolder), path.resolve(extension.extensionUri.fsPath));
    assert.ok(!relative.startsWith('..') && !path.isAbsolute(relative), `loaded from ${extension.extensionUri.fsPath}, outside ${extensionsFolder}`);
    // The extension description VS Code hands out marks extensions loaded with --extensionDevelopmentPath.
    assert.notEqual((extension.packageJSON as { isUnderDevelopment?: boolean }).isUnderDevelopment, true);
    const repository = process.env[TEST_ENV.extensionPath];
    if (repository) assert.notEqual(path.resolve(extension.extensionUri.fsPath), path.resolve(repository));
  });

  it('holds the production bundle and no source maps, sources or tests', () => {
    const folder = vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri.fsPath;
    const main = (vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { main: string }).main;
    assert.ok(existsSync(path.join(folder, main)), `the main file ${main} is missing`);
    for (const absent of ['dist/extension.js.map', 'src', 'test', 'node_modules', 'examples', 'scripts']) {
      assert.equal(existsSync(path.join(folder, absent)), false, `${absent} should not ship in the .vsix`);
    }
  });

  it('activates once cargo.md is open and reports how long activate() took', async () => {
    const editor = await openDraft('cargo.md');
    assert.equal(editor.document.languageId, 'markdown');
    const api = await sourcedApi();
    assert.ok(Number.isFinite(api.activationMs) && api.activationMs >= 0, `activationMs is ${api.activationMs}`);
    console.log(`      activation: activate() took ${api.activationMs.toFixed(1)} ms`);
    await recordMetrics({ activateMs: api.activationMs });
  });

  it('reports the uncited assertions of cargo.md with their rule id, linked to the rule documentation', async () => {
    const diagnostics = await waitForDiagnostics(workspaceUri('cargo.md'), (all) => all.some((diagnostic) => codeOf(diagnostic)?.value === 'uncited-assertion'));
    const ours = diagnostics.filter((diagnostic) => diagnostic.source === 'sourced');
    assert.ok(ours.length > 0, 'no diagnostic has the source "sourced"');
    for (const diagnostic of ours) {
      const code = codeOf(diagnostic);
      assert.ok(code?.target, `diagnostic "${diagnostic.message}" has no documentation link`);
      assert.match(code.target.toString(true), new RegExp(`docs/rules\\.md#${code.value}$`));
    }
  });

  it('highlights the people, organisations and places cargo.md mentions', async () => {
    const editor = await openDraft('cargo.md');
    const api: SourcedApi = await sourcedApi();
    const draft = await analysisOf(api, editor.document);
    assert.ok(draft.result.analysis.mentions.length > 0, 'the analysis found no entity mention');
    assert.ok(api.decorations, 'the decorations feature is not exported');
    const shown = await waitForCondition(() => {
      const byKind = api.decorations!.shownIn(editor);
      return byKind.has('person') && byKind.has('organization') && byKind.has('place') ? byKind : undefined;
    }, 'person, organisation and place mentions to be decorated');
    const texts = (kind: 'person' | 'organization' | 'place') => (shown.get(kind) ?? []).map((range) => editor.document.getText(range));
    assert.ok(texts('person').includes('Marcelo Pecci'), texts('person').join(', '));
    assert.ok(texts('organization').includes('Emtrasur'), texts('organization').join(', '));
    assert.ok(texts('place').includes('Ciudad del Este'), texts('place').join(', '));
  });

  it('is listed by "Developer: Show Running Extensions" with the activation time VS Code measured', async function () {
    if (!controlUrl()) this.skip(); // only the code-server harness can read the workbench
    await vscode.commands.executeCommand('workbench.action.showRuntimeExtensions');
    const displayName = (vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { displayName?: string }).displayName;
    const text = await readRunningExtensionActivation([displayName ?? EXTENSION_ID, EXTENSION_ID]);
    const milliseconds = parseActivationTime(text ?? '');
    assert.ok(milliseconds !== undefined, `no activation time in "${text}"`);
    console.log(`      activation: ${milliseconds} ms as VS Code measures it (loading the bundle + activate(); "${text}")`);
    await recordMetrics({ vscodeActivationMs: milliseconds });
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
