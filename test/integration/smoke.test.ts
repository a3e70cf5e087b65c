import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, openDraft, waitForExtensionActive } from './helpers';
import { TEST_ENV } from './runner/protocol';

describe('Sourced in a real VS Code', () => {
  it('is installed as "sourced.sourced" from the folder under development', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not among the extensions VS Code loaded`);
    const expectedPath = process.env[TEST_ENV.extensionPath];
    if (expectedPath) assert.equal(path.resolve(extension.extensionUri.fsPath), path.resolve(expectedPath));
  });

  it('is active once the draft cargo.md of the example workspace is open in an editor', async () => {
    const editor = await openDraft('cargo.md');
    assert.equal(editor.document.languageId, 'markdown');
    const extension = await waitForExtensionActive(EXTENSION_ID);
    assert.equal(extension.isActive, true);
  });

  it('registers every command its manifest contributes once it is active', async () => {
    await waitForExtensionActive(EXTENSION_ID);
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as {
      contributes?: { commands?: Array<{ command: string }> };
    };
    const contributed = (manifest.contributes?.commands ?? []).map((entry) => entry.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(
      contributed.filter((command) => !registered.has(command)),
      [],
      'commands listed in package.json but not registered by activate()',
    );
  });
});
