/**
 * Decides when drafts are analysed: when one is shown or opened, a pause after each edit (debounced per URI), and
 * whenever something it is checked against changes — its sidecar or a registry edited in the editor (unsaved) or
 * on disk, `.sourced.yaml`, the `sourced.*` settings. Every other feature only listens to the store's results.
 */
import * as vscode from 'vscode';
import { CONFIGURATION_SECTION, effectsOf, readEditorOnlySettings } from './config';
import type { DraftStore } from './draftStore';
import { DRAFT_GLOB, DRAFT_LANGUAGE_IDS, isPlainTextDraftPath, PLAIN_TEXT_DRAFT_GLOB } from '../core/draftFiles';

/** Schemes whose Markdown documents are views of something else (diffs, output), not drafts being written. */
const NON_DRAFT_SCHEMES = new Set(['git', 'gitfs', 'output', 'vscode-scm', 'vscode-chat-code-block', 'comment', 'review', 'pr']);

/**
 * Whether a document is written in a draft language: Markdown, Quarto or R Markdown. A `.qmd` or `.Rmd` opens as
 * plain text when no extension claims its language, and counts all the same; a `.md` the writer switched to another
 * language does not.
 */
export function isDraftLanguage(document: vscode.TextDocument): boolean {
  if (DRAFT_LANGUAGE_IDS.includes(document.languageId)) return true;
  return document.languageId === 'plaintext' && isPlainTextDraftPath(document.uri.path);
}

/** Whether a document is a draft the extension analyses (not a diff or output view of one). */
export function isDraftDocument(document: vscode.TextDocument): boolean {
  return isDraftLanguage(document) && !NON_DRAFT_SCHEMES.has(document.uri.scheme);
}

/** The documents the language features serve as drafts (the same test as `isDraftLanguage`, as a selector). */
export const DRAFT_SELECTOR: readonly vscode.DocumentFilter[] = [
  ...DRAFT_LANGUAGE_IDS.map((language) => ({ language })),
  { language: 'plaintext', pattern: PLAIN_TEXT_DRAFT_GLOB },
];

function isYamlPath(uri: vscode.Uri): boolean {
  return /\.ya?ml$/i.test(uri.path);
}

interface PendingAnalysis {
  timer?: ReturnType<typeof setTimeout>;
  cancellation?: vscode.CancellationTokenSource;
}

/** Schedules analyses: one debounce timer and one cancellation source per draft URI. */
export class LiveAnalysis implements vscode.Disposable {
  private readonly pending = new Map<string, PendingAnalysis>();
  /** Drafts linted by "Lint workspace": closing one re-reads it from disk instead of clearing its problems. */
  private readonly keptAfterClose = new Set<string>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly store: DraftStore,
    private readonly output: vscode.LogOutputChannel,
  ) {}

  /** Starts listening to the editor; the first analyses are of the drafts visible right now. */
  start(): void {
    const workspace = vscode.workspace;
    this.disposables.push(
      vscode.window.onDidChangeVisibleTextEditors((editors) => this.analyseShown(editors)),
      workspace.onDidOpenTextDocument((document) => this.onOpened(document)),
      workspace.onDidChangeTextDocument((event) => this.onChanged(event)),
      workspace.onDidCloseTextDocument((document) => this.onClosed(document)),
      // VS Code disposes a document some time after its last editor closes; the writer expects its problems to
      // go when the tab goes.
      vscode.window.tabGroups.onDidChangeTabs((event) => this.onTabsClosed(event.closed)),
      workspace.onDidChangeConfiguration((event) => this.onConfigurationChanged(event)),
      workspace.onDidChangeWorkspaceFolders(() => {
        this.store.invalidateAll();
        this.reanalyseAll();
      }),
    );
    const yamlWatcher = workspace.createFileSystemWatcher('**/*.{yaml,yml}');
    const draftWatcher = workspace.createFileSystemWatcher(DRAFT_GLOB);
    this.disposables.push(
      yamlWatcher,
      draftWatcher,
      yamlWatcher.onDidChange((uri) => this.onDependencyChanged(uri, 'on disk')),
      yamlWatcher.onDidCreate((uri) => this.onDependencyChanged(uri, 'created')),
      yamlWatcher.onDidDelete((uri) => this.onDependencyChanged(uri, 'deleted')),
      draftWatcher.onDidChange((uri) => this.onDraftChangedOnDisk(uri)),
      draftWatcher.onDidDelete((uri) => this.onDraftDeleted(uri)),
    );
    this.analyseShown(vscode.window.visibleTextEditors);
  }

  /** The delay between the last keystroke and the analysis. */
  debounceMs(uri?: vscode.Uri): number {
    return readEditorOnlySettings(vscode.workspace.getConfiguration(CONFIGURATION_SECTION, uri)).debounceMs;
  }

  /** Analyses `uri` after `delayMs`, replacing any analysis of it that is waiting or running. */
  schedule(uri: vscode.Uri, delayMs = this.debounceMs(uri)): void {
    const key = uri.toString();
    const entry = this.pending.get(key) ?? {};
    this.pending.set(key, entry);
    if (entry.timer) clearTimeout(entry.timer);
    // The text it is working on is already outdated.
    entry.cancellation?.cancel();
    entry.timer = setTimeout(() => void this.runNow(uri), delayMs);
  }

  /** Analyses `uri` now (cancelling a waiting or running analysis of it) and resolves with the result. */
  async runNow(uri: vscode.Uri): Promise<void> {
    const key = uri.toString();
    const entry = this.pending.get(key) ?? {};
    this.pending.set(key, entry);
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = undefined;
    entry.cancellation?.cancel();
    entry.cancellation?.dispose();
    const cancellation = new vscode.CancellationTokenSource();
    entry.cancellation = cancellation;
    try {
      await this.store.analyseUri(uri, cancellation.token);
      // A draft shown only in the Problems panel keeps its diagnostics, not its analysis.
      if (this.keptAfterClose.has(key)) this.store.release(uri);
    } finally {
      if (entry.cancellation === cancellation) {
        cancellation.dispose();
        entry.cancellation = undefined;
        if (!entry.timer) this.pending.delete(key);
      }
    }
  }

  /** Keeps the problems of these drafts in the Problems panel after their editors close. */
  keepAfterClose(uris: readonly vscode.Uri[]): void {
    for (const uri of uris) this.keptAfterClose.add(uri.toString());
  }

  private cancel(uri: vscode.Uri): void {
    const key = uri.toString();
    const entry = this.pending.get(key);
    if (!entry) return;
    if (entry.timer) clearTimeout(entry.timer);
    entry.cancellation?.cancel();
    entry.cancellation?.dispose();
    this.pending.delete(key);
  }

  private isCurrent(document: vscode.TextDocument): boolean {
    return this.store.get(document.uri)?.version === document.version || this.pending.has(document.uri.toString());
  }

  private analyseShown(editors: readonly vscode.TextEditor[]): void {
    for (const { document } of editors) {
      if (isDraftDocument(document)) {
        if (!this.isCurrent(document)) this.schedule(document.uri, 0);
      } else if (this.store.isSidecar(document.uri)) {
        // A sidecar shown on its own still gets its problems: analyse its draft (.md, .qmd, …) from disk.
        void this.analyseDraftOf(document.uri);
      }
    }
  }

  private async analyseDraftOf(sidecarUri: vscode.Uri): Promise<void> {
    const draft = await this.store.existingDraftFor(sidecarUri);
    if (draft && !this.store.get(draft) && !this.pending.has(draft.toString())) this.schedule(draft, 0);
  }

  private onOpened(document: vscode.TextDocument): void {
    // Opening a sidecar does not change its text; only drafts need work here.
    if (isDraftDocument(document) && !this.isCurrent(document)) this.schedule(document.uri);
  }

  private onChanged(event: vscode.TextDocumentChangeEvent): void {
    if (event.contentChanges.length === 0) return;
    const { document } = event;
    if (isDraftDocument(document)) this.schedule(document.uri);
    else if (isYamlPath(document.uri)) this.onDependencyChanged(document.uri, 'edited');
  }

  private onTabsClosed(closed: readonly vscode.Tab[]): void {
    if (closed.length === 0) return;
    const stillShown = new Set<string>();
    for (const group of vscode.window.tabGroups.all) {
      for (const tab of group.tabs) if (tab.input instanceof vscode.TabInputText) stillShown.add(tab.input.uri.toString());
    }
    for (const tab of closed) {
      if (!(tab.input instanceof vscode.TabInputText)) continue;
      const key = tab.input.uri.toString();
      if (stillShown.has(key)) continue;
      const document = vscode.workspace.textDocuments.find((candidate) => candidate.uri.toString() === key);
      if (document && isDraftDocument(document)) this.onDraftClosed(document.uri);
    }
  }

  private onDraftClosed(uri: vscode.Uri): void {
    this.cancel(uri);
    // The saved text is what stays; an analysis of unsaved text must not outlive its editor.
    if (this.keptAfterClose.has(uri.toString())) this.schedule(uri, 0);
    else this.store.forget(uri);
  }

  private onClosed(document: vscode.TextDocument): void {
    if (isDraftDocument(document)) {
      this.onDraftClosed(document.uri);
    } else if (isYamlPath(document.uri)) {
      // Closing an unsaved sidecar reverts it to the file on disk.
      this.onDependencyChanged(document.uri, 'closed');
    }
  }

  private onDependencyChanged(uri: vscode.Uri, how: string): void {
    if (!isYamlPath(uri)) return;
    const affected = this.store.invalidate(uri, how === 'created' || how === 'deleted');
    if (affected.length > 0) this.output.trace(`${vscode.workspace.asRelativePath(uri)} ${how}: re-linting ${affected.length} draft(s)`);
    for (const draft of affected) this.schedule(draft, how === 'edited' ? this.debounceMs(draft) : 0);
    if ((how === 'created' || how === 'deleted') && this.store.isSidecar(uri)) {
      const draft = this.store.draftUriFor(uri);
      const open = draft && vscode.workspace.textDocuments.find((document) => document.uri.toString() === draft.toString());
      if (open && isDraftDocument(open) && !affected.some((uri) => uri.toString() === draft.toString())) this.schedule(open.uri, 0);
    }
  }

  private onDraftChangedOnDisk(uri: vscode.Uri): void {
    const open = vscode.workspace.textDocuments.some((document) => document.uri.toString() === uri.toString());
    // Open drafts are analysed from their editor; only drafts known from "Lint workspace" are re-read.
    if (!open && this.store.isTracked(uri)) this.schedule(uri, 0);
  }

  private onDraftDeleted(uri: vscode.Uri): void {
    this.cancel(uri);
    this.keptAfterClose.delete(uri.toString());
    const open = vscode.workspace.textDocuments.some((document) => document.uri.toString() === uri.toString());
    if (!open) this.store.forget(uri);
  }

  private onConfigurationChanged(event: vscode.ConfigurationChangeEvent): void {
    if (effectsOf(event).has('relint')) this.reanalyseAll();
  }

  /** Analyses again every draft that has an analysis, and every visible one. */
  reanalyseAll(): void {
    const uris = new Map<string, vscode.Uri>();
    for (const uri of this.store.trackedUris()) uris.set(uri.toString(), uri);
    for (const editor of vscode.window.visibleTextEditors) {
      if (isDraftDocument(editor.document)) uris.set(editor.document.uri.toString(), editor.document.uri);
    }
    for (const uri of uris.values()) this.schedule(uri, 0);
  }

  dispose(): void {
    for (const [key] of this.pending) this.cancel(vscode.Uri.parse(key));
    for (const disposable of this.disposables) disposable.dispose();
    this.disposables.length = 0;
  }
}
