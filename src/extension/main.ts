/**
 * Composition root of the extension. Placeholder until the features land: it only proves activation.
 */
import * as vscode from 'vscode';

export function activate(context: vscode.ExtensionContext): void {
  context.subscriptions.push(vscode.commands.registerCommand('sourced.noop', () => undefined));
}

export function deactivate(): void {}
