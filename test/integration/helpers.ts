/**
 * Small helpers for tests that run inside VS Code's extension host. They wait on VS Code's events with a
 * deadline instead of sleeping, and their timeout messages say what was awaited and what was last seen.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AnalysedDraft } from '../../src/extension/draftStore';
import type { SourcedApi } from '../../src/extension/main';
import { captureWorkbench } from './runner/controlClient';

/** The id VS Code knows the extension by: `<publisher>.<name>` from package.json. */
export const EXTENSION_ID = 'sourced.sourced';

/** Default deadline for a helper; below mocha's per-test timeout so the helper's message is the one reported. */
export const DEFAULT_WAIT_MS = 15_000;

/** The single folder of the test workspace (a fresh copy of examples/ made for this run). */
export function workspaceFolder(): vscode.WorkspaceFolder {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder is open: the harness should open the example workspace');
  return folder;
}

/** The URI of a file of the test workspace, from a path relative to its root (`cargo.md`, `notes/a.md`). */
export function workspaceUri(relativePath: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceFolder().uri, ...relativePath.split(/[\\/]/).filter((part) => part.length > 0));
}

/** Opens a draft of the test workspace in a (non-preview) editor and resolves with that editor. */
export async function openDraft(
  relativePath: string,
  options: { column?: vscode.ViewColumn; preserveFocus?: boolean } = {},
): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(workspaceUri(relativePath));
  return vscode.window.showTextDocument(document, {
    preview: false,
    viewColumn: options.column,
    preserveFocus: options.preserveFocus,
  });
}

/**
 * Resolves with the first value `event` fires that satisfies `predicate`, or rejects after `timeoutMs` with a
 * message naming `description`. Subscribe before triggering the action whose effect you wait for.
 */
export function waitForEvent<T>(
  event: vscode.Event<T>,
  predicate: (value: T) => boolean,
  description: string,
  timeoutMs = DEFAULT_WAIT_MS,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${description}`));
    }, timeoutMs);
    const subscription = event((value) => {
      let matched: boolean;
      try {
        matched = predicate(value);
      } catch (error) {
        clearTimeout(timer);
        subscription.dispose();
        reject(error);
        return;
      }
      if (!matched) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve(value);
    });
  });
}

function summarizeDiagnostics(diagnostics: readonly vscode.Diagnostic[]): string {
  if (diagnostics.length === 0) return 'none';
  const shown = diagnostics.slice(0, 5).map((diagnostic) => {
    const code = typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
    const where = `${diagnostic.range.start.line + 1}:${diagnostic.range.start.character + 1}`;
    return `${code ?? diagnostic.source ?? '?'} at ${where} "${diagnostic.message}"`;
  });
  const more = diagnostics.length > shown.length ? `, … ${diagnostics.length - shown.length} more` : '';
  return `${diagnostics.length}: ${shown.join('; ')}${more}`;
}

/**
 * Resolves with the diagnostics of `uri` as soon as they satisfy `predicate` (checked now and on every
 * `onDidChangeDiagnostics` for that URI); rejects after `timeoutMs` listing the diagnostics last seen.
 */
export function waitForDiagnostics(
  uri: vscode.Uri,
  predicate: (diagnostics: readonly vscode.Diagnostic[]) => boolean,
  timeoutMs = DEFAULT_WAIT_MS,
): Promise<vscode.Diagnostic[]> {
  const key = uri.toString();
  return new Promise<vscode.Diagnostic[]>((resolve, reject) => {
    let settled = false;
    const finish = (settle: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      subscription.dispose();
      settle();
    };
    const check = () => {
      try {
        const diagnostics = vscode.languages.getDiagnostics(uri);
        if (predicate(diagnostics)) finish(() => resolve(diagnostics));
      } catch (error) {
        finish(() => reject(error));
      }
    };
    // Subscribed before the first check, so an update between the two cannot be missed.
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((changed) => changed.toString() === key)) check();
    });
    const timer = setTimeout(() => {
      const last = summarizeDiagnostics(vscode.languages.getDiagnostics(uri));
      finish(() =>
        reject(new Error(`timed out after ${timeoutMs} ms waiting for diagnostics on ${path.basename(uri.path)}; last seen ${last}`)),
      );
    }, timeoutMs);
    check();
  });
}

/**
 * Resolves once `check` returns something other than undefined/false. Only for state VS Code raises no event
 * for (such as an extension's activation); prefer `waitForEvent` everywhere else.
 */
export function waitForCondition<T>(
  check: () => T | undefined | false,
  description: string,
  timeoutMs = DEFAULT_WAIT_MS,
  intervalMs = 25,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const deadline = Date.now() + timeoutMs;
    const attempt = (): boolean => {
      const value = check();
      if (value === undefined || value === false) return false;
      resolve(value);
      return true;
    };
    if (attempt()) return;
    const timer = setInterval(() => {
      try {
        if (attempt()) clearInterval(timer);
        else if (Date.now() >= deadline) {
          clearInterval(timer);
          reject(new Error(`timed out after ${timeoutMs} ms waiting for ${description}`));
        }
      } catch (error) {
        clearInterval(timer);
        reject(error);
      }
    }, intervalMs);
  });
}

/** Resolves with the extension once VS Code reports it active; fails fast when it is not installed at all. */
export async function waitForExtensionActive<T = unknown>(
  id = EXTENSION_ID,
  timeoutMs = DEFAULT_WAIT_MS,
): Promise<vscode.Extension<T>> {
  const extension = vscode.extensions.getExtension<T>(id);
  if (!extension) throw new Error(`extension ${id} is not installed in this VS Code`);
  // VS Code has no "extension activated" event, so this is the one place that polls.
  await waitForCondition(() => extension.isActive, `${id} to activate`, timeoutMs);
  return extension;
}

/** Replaces the whole text of a document through a workspace edit (undoable, not saved) and checks it applied. */
export async function replaceDocumentText(document: vscode.TextDocument, text: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  const whole = new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length));
  edit.replace(document.uri, whole, text);
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`VS Code refused to edit ${document.uri.toString()}`);
}

/**
 * Saves the workbench as `test-results/<name>.png` and resolves with the file's path (undefined when the suite
 * runs without the code-server harness). It first makes a round trip to the workbench, so that decorations and
 * diagnostics the extension sent before the call have reached the page when the picture is taken.
 */
export async function requestScreenshot(name: string, timeoutMs = 20_000): Promise<string | undefined> {
  // getCommands(true) is answered by the workbench, over the same ordered channel decorations travel on.
  await vscode.commands.getCommands(true);
  return captureWorkbench(name, timeoutMs);
}

/** The extension's API (what `activate()` returns), once it is active. */
export async function sourcedApi(): Promise<SourcedApi> {
  const extension = await waitForExtensionActive<SourcedApi>(EXTENSION_ID);
  if (!extension.exports?.store) throw new Error('activate() must return the API with the draft store');
  return extension.exports;
}

/**
 * The analysis of the document's current version: the stored one, or the next one the store makes. Diagnostics
 * are published from that analysis before anyone else hears of it, so afterwards they describe the text as it is.
 */
export async function analysisOf(api: SourcedApi, document: vscode.TextDocument): Promise<AnalysedDraft> {
  const isCurrent = (draft: AnalysedDraft | undefined) => draft?.uri.toString() === document.uri.toString() && draft.version === document.version;
  const next = waitForEvent(api.store.onDidAnalyse, isCurrent, `an analysis of ${document.uri.path} at version ${document.version}`);
  const stored = api.store.get(document.uri);
  if (isCurrent(stored)) {
    next.catch(() => undefined);
    return stored!;
  }
  return next;
}

/** The rule id a diagnostic carries (its code's value), as the CLI prints it. */
export function ruleOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  return typeof code === 'object' ? String(code.value) : code === undefined ? undefined : String(code);
}

/** The position of `needle` in the document (its `occurrence`-th appearance), `into` characters inside it. */
export function positionOf(document: vscode.TextDocument, needle: string, into = 1, occurrence = 1): vscode.Position {
  let at = -1;
  for (let i = 0; i < occurrence; i++) {
    at = document.getText().indexOf(needle, at + 1);
    if (at < 0) throw new Error(`"${needle}" (occurrence ${occurrence}) is not in ${document.uri.path}`);
  }
  return document.positionAt(at + into);
}

/** The last segment of a URI's path. */
export function fileName(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}

/** The text of `range` in the document at `uri` (opened if need be). */
export async function textAt(uri: vscode.Uri, range: vscode.Range): Promise<string> {
  return (await vscode.workspace.openTextDocument(uri)).getText(range);
}
