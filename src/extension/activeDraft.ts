/**
 * Which draft the writer is working on: the Markdown draft in the active editor, or the draft of the sidecar in
 * the active editor. Focus moving to a panel or to the review view keeps the draft, so the view does not empty
 * itself while it is being used.
 */
import * as vscode from 'vscode';
import type { DraftStore } from './draftStore';
import { isDraftDocument } from './liveAnalysis';

/** Tracks the active draft and tells when it changes. */
export class ActiveDraft implements vscode.Disposable {
  private current: vscode.Uri | undefined;
  private readonly emitter = new vscode.EventEmitter<vscode.Uri | undefined>();
  private readonly subscriptions: vscode.Disposable[];

  /** Fires with the new active draft (undefined when the writer moved to a file that is no draft). */
  readonly onDidChange = this.emitter.event;

  constructor(private readonly store: DraftStore) {
    this.current = this.draftOf(vscode.window.activeTextEditor);
    void vscode.commands.executeCommand('setContext', 'sourced.hasActiveDraft', this.current !== undefined);
    this.subscriptions = [
      vscode.window.onDidChangeActiveTextEditor((editor) => this.update(editor)),
      vscode.workspace.onDidCloseTextDocument((document) => {
        if (this.current && document.uri.toString() === this.current.toString()) this.update(vscode.window.activeTextEditor);
      }),
    ];
  }

  /** The active draft, if any. */
  get uri(): vscode.Uri | undefined {
    return this.current;
  }

  private draftOf(editor: vscode.TextEditor | undefined): vscode.Uri | undefined {
    if (!editor) return undefined;
    if (isDraftDocument(editor.document)) return editor.document.uri;
    if (this.store.isSidecar(editor.document.uri)) return this.store.draftUriFor(editor.document.uri);
    return undefined;
  }

  private update(editor: vscode.TextEditor | undefined): void {
    let next = this.draftOf(editor);
    if (!editor && this.current) {
      // No editor has focus (a panel or a view has): keep the draft while it is still open somewhere.
      const key = this.current.toString();
      next = vscode.workspace.textDocuments.some((document) => document.uri.toString() === key) ? this.current : undefined;
    }
    if (next?.toString() === this.current?.toString()) return;
    this.current = next;
    void vscode.commands.executeCommand('setContext', 'sourced.hasActiveDraft', next !== undefined);
    this.emitter.fire(next);
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.emitter.dispose();
  }
}
