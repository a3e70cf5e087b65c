/**
 * Quick fixes. Each writes to the draft or its sidecar through one `WorkspaceEdit`, so it is undone in one step
 * and lands in the open (even unsaved) sidecar when there is one; the sidecar keeps its comments and key order
 * because the edits come from core/sidecar/edits.ts. A missing sidecar is created.
 *
 * - uncited-assertion: cite a source (`[@key]` before the final punctuation, or `; @key` in a citation already
 *   there), attach the sentence as a claim of a source, or accept it without a source (with a reason);
 * - unknown-source: add a stub entry for the key to the sidecar and reveal it; or change the key to the close
 *   match the rule suggests;
 * - claim-fuzzy / claim-orphaned: re-attach the claim to the selection or to where it attaches now;
 * - every rule: disable it for this line with a suppression comment.
 *
 * Actions that need a choice (which source, what reason) run as commands the action invokes; they are
 * internal and not listed in package.json. A caller may pass the choice as an extra argument (a key, a reason)
 * to skip the picker: the tests do, and so can other commands.
 */
import * as vscode from 'vscode';
import type { DocumentAnalysis, SentenceInfo } from '../../core/analysis';
import { addAccepted, addClaim, addSource, applySidecarEdits, createSidecar, reanchorClaim, sidecarDefinitionSpan, sidecarEditProblem, type KeyedSection, type SidecarEdit } from '../../core/sidecar/edits';
import { acceptedText, citationInsertion, claimSelector, suppressionEdit } from '../../core/markdown/edits';
import { SOURCE_KEY_PATTERN, type Source } from '../../core/sidecar/schema';
import { LineIndex } from '../../core/text/lineIndex';
import { basename } from '../../core/text/uri';
import type { Finding, Span } from '../../core/types';
import { rangeToSpan, ruleIdOf, spanToRange } from '../convert';
import type { AnalysedDraft, DraftStore, Services } from '../draftStore';
import { currentAnalysis } from './definition';
import { DRAFT_SELECTOR, isDraftLanguage } from '../liveAnalysis';

/** Internal commands the quick fixes invoke. */
export const QUICK_FIX_COMMANDS = {
  citeSource: 'sourced.quickFix.citeSource',
  attachClaim: 'sourced.quickFix.attachClaim',
  acceptSentence: 'sourced.quickFix.acceptSentence',
  addSource: 'sourced.quickFix.addSource',
  reattachClaim: 'sourced.quickFix.reattachClaim',
} as const;

/** Fields of a new stub source written as comments for the writer to fill in. */
const STUB_FIELDS = ['author', 'publisher', 'date', 'url', 'archive', 'accessed', 'quotes'];

/** Where a quick fix applies in a draft: the document and the span the finding covered. */
interface DraftTarget {
  uri: string;
  start: number;
  end: number;
  /** The selection when the action was offered, if it was not empty. */
  selection?: Span;
}

/** The finding behind one of our diagnostics, for its data (the cited key, the claim index, the suggestion). */
function findingFor(draft: AnalysedDraft | undefined, uri: vscode.Uri, diagnostic: vscode.Diagnostic, ruleId: string): Finding | undefined {
  if (!draft) return undefined;
  const key = uri.toString();
  return draft.result.findings.find(
    (finding) =>
      finding.ruleId === ruleId &&
      finding.uri === key &&
      finding.range.start.line === diagnostic.range.start.line &&
      finding.range.start.character === diagnostic.range.start.character &&
      finding.range.end.line === diagnostic.range.end.line &&
      finding.range.end.character === diagnostic.range.end.character,
  );
}

function draftOf(store: DraftStore, document: vscode.TextDocument): Promise<AnalysedDraft | undefined> | AnalysedDraft | undefined {
  if (isDraftLanguage(document)) return currentAnalysis(store, document);
  const draftUri = store.draftUriFor(document.uri);
  return draftUri ? store.get(draftUri) : undefined;
}

class SourcedCodeActionProvider implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly store: DraftStore) {}

  async provideCodeActions(
    document: vscode.TextDocument,
    range: vscode.Range | vscode.Selection,
    context: vscode.CodeActionContext,
  ): Promise<vscode.CodeAction[]> {
    const actions: vscode.CodeAction[] = [];
    const draft = await draftOf(this.store, document);
    const isDraft = isDraftLanguage(document);
    const selection = selectionIn(document, range);
    for (const diagnostic of context.diagnostics) {
      const ruleId = ruleIdOf(diagnostic);
      if (!ruleId) continue;
      const finding = findingFor(draft, document.uri, diagnostic, ruleId);
      const span = rangeToSpan(document, diagnostic.range);
      const target: DraftTarget = { uri: document.uri.toString(), start: span.start, end: span.end, selection };
      switch (ruleId) {
        case 'uncited-assertion':
          if (!isDraft) break;
          actions.push(
            commandAction('Cite a source…', QUICK_FIX_COMMANDS.citeSource, [target], diagnostic, true),
            commandAction('Attach as a claim of…', QUICK_FIX_COMMANDS.attachClaim, [target], diagnostic),
            commandAction('Accept without a source…', QUICK_FIX_COMMANDS.acceptSentence, [target], diagnostic),
          );
          break;
        case 'unknown-source': {
          const key = typeof finding?.data?.key === 'string' ? finding.data.key : keyFromMessage(diagnostic.message);
          if (!key) break;
          const draftUri = isDraft ? document.uri : this.store.draftUriFor(document.uri);
          if (!draftUri) break;
          const sidecarName = basename(this.store.sidecarUriFor(draftUri).path);
          actions.push(commandAction(`Add source '${key}' to ${sidecarName}`, QUICK_FIX_COMMANDS.addSource, [draftUri.toString(), key], diagnostic, !finding?.data?.suggestion));
          const suggestion = finding?.data?.suggestion;
          if (isDraft && typeof suggestion === 'string') {
            const action = new vscode.CodeAction(`Change to '@${suggestion}'`, vscode.CodeActionKind.QuickFix);
            action.diagnostics = [diagnostic];
            action.isPreferred = true;
            action.edit = new vscode.WorkspaceEdit();
            const keyRange = diagnostic.range;
            const written = document.getText(keyRange);
            action.edit.replace(document.uri, keyRange, written.replace(key, suggestion));
            actions.push(action);
          }
          break;
        }
        case 'claim-fuzzy': {
          const claimIndex = typeof finding?.data?.claimIndex === 'number' ? finding.data.claimIndex : undefined;
          if (!isDraft || claimIndex === undefined) break;
          const here = selection && selection.start < span.end && span.start < selection.end ? selection : span;
          const label = here === selection ? `Re-attach claim ${claimIndex + 1} to the selection` : `Re-attach claim ${claimIndex + 1} here`;
          actions.push(commandAction(label, QUICK_FIX_COMMANDS.reattachClaim, [document.uri.toString(), claimIndex, here.start, here.end], diagnostic, true));
          break;
        }
        case 'claim-orphaned': {
          // The finding is in the sidecar; "here" is what the writer selected in the draft beside it.
          const claimIndex = typeof finding?.data?.claimIndex === 'number' ? finding.data.claimIndex : undefined;
          const draftUri = this.store.draftUriFor(document.uri);
          const editor = vscode.window.visibleTextEditors.find((candidate) => candidate.document.uri.toString() === draftUri?.toString());
          if (claimIndex === undefined || !editor || editor.selection.isEmpty) break;
          const chosen = rangeToSpan(editor.document, editor.selection);
          actions.push(
            commandAction(`Re-attach claim ${claimIndex + 1} to the selection in ${basename(editor.document.uri.path)}`, QUICK_FIX_COMMANDS.reattachClaim, [editor.document.uri.toString(), claimIndex, chosen.start, chosen.end], diagnostic, true),
          );
          break;
        }
      }
      if (isDraft) actions.push(disableAction(document, diagnostic, ruleId));
    }
    if (isDraft && draft && selection) actions.push(...orphanActions(document, draft, selection, context));
    return actions;
  }
}

/**
 * The writer's selection in the document, when it is not empty and is where the actions are asked for. The
 * `range` VS Code passes is not enough: from the Problems panel or a hover it is the diagnostic's range.
 */
function selectionIn(document: vscode.TextDocument, range: vscode.Range): Span | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.uri.toString() !== document.uri.toString() || editor.selection.isEmpty) return undefined;
  if (!editor.selection.intersection(range)) return undefined;
  return rangeToSpan(document, editor.selection);
}

/** With text selected in a draft: one action per orphaned claim, to attach it to the selection. */
function orphanActions(document: vscode.TextDocument, draft: AnalysedDraft, selection: Span, context: vscode.CodeActionContext): vscode.CodeAction[] {
  if (context.only && !context.only.contains(vscode.CodeActionKind.QuickFix)) return [];
  const actions: vscode.CodeAction[] = [];
  for (const anchor of draft.result.analysis.claimAnchors) {
    if (anchor.status !== 'orphaned') continue;
    const record = draft.result.analysis.catalog.claims[anchor.claimIndex];
    if (!record || record.claim.text.startsWith('\u0000')) continue;
    const preview = record.claim.text.length > 40 ? `${record.claim.text.slice(0, 39)}…` : record.claim.text;
    const action = new vscode.CodeAction(`Re-attach orphaned claim ${anchor.claimIndex + 1} “${preview}” to the selection`, vscode.CodeActionKind.QuickFix);
    action.command = { title: action.title, command: QUICK_FIX_COMMANDS.reattachClaim, arguments: [document.uri.toString(), anchor.claimIndex, selection.start, selection.end] };
    actions.push(action);
  }
  return actions;
}

function commandAction(title: string, command: string, args: unknown[], diagnostic: vscode.Diagnostic, preferred = false): vscode.CodeAction {
  const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
  action.diagnostics = [diagnostic];
  action.command = { title, command, arguments: args };
  if (preferred) action.isPreferred = true;
  return action;
}

function disableAction(document: vscode.TextDocument, diagnostic: vscode.Diagnostic, ruleId: string): vscode.CodeAction {
  const action = new vscode.CodeAction(`Disable ${ruleId} for this line`, vscode.CodeActionKind.QuickFix);
  action.diagnostics = [diagnostic];
  const text = document.getText();
  const { offset, insert } = suppressionEdit(text, document.offsetAt(new vscode.Position(diagnostic.range.start.line, 0)), ruleId);
  action.edit = new vscode.WorkspaceEdit();
  action.edit.insert(document.uri, document.positionAt(offset), insert);
  return action;
}

function keyFromMessage(message: string): string | undefined {
  return /Unknown source "([^"]+)"/.exec(message)?.[1];
}

// ---------------------------------------------------------------------------------------------------------------
// Commands

/** Writes a change to a draft's sidecar (creating it when missing) plus optional draft edits, as one undo step. */
async function writeToSidecar(
  services: Services,
  draftUri: vscode.Uri,
  change: (text: string) => SidecarEdit[],
  extra?: (edit: vscode.WorkspaceEdit) => void,
): Promise<vscode.Uri | undefined> {
  const sidecarUri = services.store.sidecarUriFor(draftUri);
  const current = await services.store.readText(sidecarUri);
  const edit = new vscode.WorkspaceEdit();
  if (current === undefined) {
    const fresh = createSidecar({ draftName: basename(draftUri.path) });
    const text = applySidecarEdits(fresh, change(fresh));
    edit.createFile(sidecarUri, { ignoreIfExists: false });
    edit.insert(sidecarUri, new vscode.Position(0, 0), text);
  } else {
    const problem = sidecarEditProblem(current);
    if (problem) {
      void vscode.window.showWarningMessage(`Sourced cannot edit ${basename(sidecarUri.path)}: ${problem}.`);
      return undefined;
    }
    const edits = change(current);
    if (edits.length === 0) return sidecarUri;
    const lines = new LineIndex(current);
    for (const sidecarEdit of edits) edit.replace(sidecarUri, spanToRange(lines, sidecarEdit.span), sidecarEdit.newText);
  }
  extra?.(edit);
  const wasOpen = vscode.workspace.textDocuments.some((document) => document.uri.toString() === sidecarUri.toString());
  if (!(await vscode.workspace.applyEdit(edit))) {
    void vscode.window.showWarningMessage(`Sourced could not write to ${basename(sidecarUri.path)}.`);
    return undefined;
  }
  // An edit to a closed file leaves an unsaved document nobody sees; save it so the change is on disk like the
  // writer expects. An open sidecar is left to the writer to save, like any edit in an open editor.
  if (!wasOpen) {
    const document = vscode.workspace.textDocuments.find((candidate) => candidate.uri.toString() === sidecarUri.toString());
    await document?.save();
  }
  return sidecarUri;
}

interface SourcePick extends vscode.QuickPickItem {
  key?: string;
  isNew?: boolean;
}

/** Asks for a source of the draft's catalog, or a new key; undefined when dismissed. */
async function pickSource(draft: AnalysedDraft, title: string, presetKey?: string): Promise<{ key: string; isNew: boolean } | undefined> {
  if (presetKey !== undefined) {
    if (!SOURCE_KEY_PATTERN.test(presetKey)) throw new Error(`"${presetKey}" is not a valid citation key`);
    return { key: presetKey, isNew: !draft.result.analysis.catalog.sources.has(presetKey) };
  }
  const items: SourcePick[] = [...draft.result.analysis.catalog.sources.values()].map((record) => ({
    label: record.key,
    description: [Array.isArray(record.source.author) ? record.source.author.join(', ') : record.source.author, record.source.publisher]
      .filter(Boolean)
      .join(' · '),
    detail: record.source.date ? `${record.source.title} (${record.source.date})` : record.source.title,
    key: record.key,
  }));
  items.push({ label: '$(add) New source…', description: 'add a key to the sidecar', isNew: true, alwaysShow: true });
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder: 'Source key or title', matchOnDescription: true, matchOnDetail: true });
  if (!picked) return undefined;
  if (!picked.isNew) return { key: picked.key!, isNew: false };
  const key = await vscode.window.showInputBox({
    title: 'New source key',
    prompt: 'The key you cite as [@key], e.g. reuters-2022',
    validateInput: (value) =>
      !SOURCE_KEY_PATTERN.test(value)
        ? 'Start with a letter, digit or _, then letters, digits and _ : . / - inside.'
        : draft.result.analysis.catalog.sources.has(value)
          ? `${value} already exists`
          : undefined,
  });
  return key ? { key, isNew: true } : undefined;
}

function stubSource(): Source {
  return { title: 'TODO' };
}

/** The sentence the finding was about, re-found in the current analysis (the draft may have changed since). */
function sentenceAt(analysis: DocumentAnalysis, target: DraftTarget): SentenceInfo | undefined {
  return (
    analysis.sentences.find((sentence) => sentence.span.start === target.start && sentence.span.end === target.end) ??
    analysis.sentences.find((sentence) => sentence.span.start <= target.start && target.start < sentence.span.end)
  );
}

async function targetContext(services: Services, target: DraftTarget): Promise<{ document: vscode.TextDocument; draft: AnalysedDraft; sentence?: SentenceInfo } | undefined> {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(target.uri));
  const draft = await currentAnalysis(services.store, document);
  if (!draft) return undefined;
  return { document, draft, sentence: sentenceAt(draft.result.analysis, target) };
}

async function citeSource(services: Services, target: DraftTarget, presetKey?: string): Promise<void> {
  const context = await targetContext(services, target);
  if (!context) return;
  const { document, draft } = context;
  const chosen = await pickSource(draft, 'Cite a source', presetKey);
  if (!chosen) return;
  const span = context.sentence?.span ?? { start: target.start, end: target.end };
  const { offset, insert } = citationInsertion(document.getText(), span, chosen.key);
  const cite = (edit: vscode.WorkspaceEdit) => edit.insert(document.uri, document.positionAt(offset), insert);
  if (chosen.isNew) {
    await writeToSidecar(services, document.uri, (text) => addSource(text, chosen.key, stubSource(), { commentedFields: STUB_FIELDS }), cite);
    await revealEntry(services, services.store.sidecarUriFor(document.uri), 'sources', chosen.key);
  } else {
    const edit = new vscode.WorkspaceEdit();
    cite(edit);
    await vscode.workspace.applyEdit(edit);
  }
}

async function attachClaim(services: Services, target: DraftTarget, presetKey?: string): Promise<void> {
  const context = await targetContext(services, target);
  if (!context) return;
  const { document, draft } = context;
  const chosen = await pickSource(draft, 'Attach as a claim of', presetKey);
  if (!chosen) return;
  const sentenceSpan = context.sentence?.span ?? { start: target.start, end: target.end };
  // A selection inside the sentence narrows the claim to the words the source supports.
  const span = target.selection && target.selection.start < sentenceSpan.end && sentenceSpan.start < target.selection.end ? target.selection : sentenceSpan;
  const selector = claimSelector(document.getText(), span);
  await writeToSidecar(services, document.uri, (text) => {
    // A new source and the claim citing it: two additions composed into one edit, so one undo removes both.
    let next = text;
    if (chosen.isNew) next = applySidecarEdits(next, addSource(next, chosen.key, stubSource(), { commentedFields: STUB_FIELDS }));
    next = applySidecarEdits(next, addClaim(next, { ...selector, sources: [chosen.key], status: 'unverified' }));
    return next === text ? [] : [minimalEdit(text, next)];
  });
  if (chosen.isNew) await revealEntry(services, services.store.sidecarUriFor(document.uri), 'sources', chosen.key);
}

/** The one replacement that turns `before` into `after`: everything between their common prefix and suffix. */
function minimalEdit(before: string, after: string): SidecarEdit {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let tail = 0;
  while (tail < before.length - start && tail < after.length - start && before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail++;
  return { span: { start, end: before.length - tail }, newText: after.slice(start, after.length - tail) };
}

async function acceptSentence(services: Services, target: DraftTarget, presetReason?: string): Promise<void> {
  const context = await targetContext(services, target);
  if (!context?.sentence) return;
  const reason = presetReason ?? (await vscode.window.showInputBox({
    title: 'Accept without a source',
    prompt: 'Why does this sentence need no source?',
    placeHolder: 'own analysis, common knowledge, rhetorical question…',
  }));
  if (reason === undefined) return;
  const text = acceptedText(context.sentence);
  await writeToSidecar(services, context.document.uri, (sidecar) => addAccepted(sidecar, { text, reason: reason.trim() || undefined }));
}

async function addMissingSource(services: Services, draftUriText: string, key: string): Promise<void> {
  const draftUri = vscode.Uri.parse(draftUriText);
  const sidecarUri = await writeToSidecar(services, draftUri, (text) => addSource(text, key, stubSource(), { commentedFields: STUB_FIELDS }));
  if (sidecarUri) await revealEntry(services, sidecarUri, 'sources', key);
}

async function reattachClaim(services: Services, draftUriText: string, claimIndex: number, start: number, end: number): Promise<void> {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(draftUriText));
  const selector = claimSelector(document.getText(), { start, end });
  if (!selector.text) return;
  await writeToSidecar(services, document.uri, (text) => reanchorClaim(text, claimIndex, selector));
}

/** Opens the sidecar at an entry and selects its `TODO` title (or its key), ready to type over. */
async function revealEntry(services: Services, sidecarUri: vscode.Uri, section: KeyedSection, key: string): Promise<void> {
  const document = await vscode.workspace.openTextDocument(sidecarUri);
  const text = document.getText();
  const where = sidecarDefinitionSpan(text, section, key);
  if (!where) return;
  const todo = text.indexOf('TODO', where.keySpan.end);
  const selected = todo >= 0 && todo < where.span.end ? { start: todo, end: todo + 4 } : where.keySpan;
  const editor = await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false, preview: false });
  const range = spanToRange(document, selected);
  editor.selection = new vscode.Selection(range.start, range.end);
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  services.output.info(`Added source ${key} to ${basename(sidecarUri.path)}`);
}

/** Registers the quick fixes and the commands they run. */
export function activate(context: vscode.ExtensionContext, services: Services): void {
  const provider = new SourcedCodeActionProvider(services.store);
  const guarded =
    <A extends unknown[]>(name: string, run: (...args: A) => Promise<void>) =>
    async (...args: A): Promise<void> => {
      try {
        await run(...args);
      } catch (error) {
        services.output.error(`${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        void vscode.window.showWarningMessage(`Sourced: ${name} failed (${error instanceof Error ? error.message : String(error)}).`);
      }
    };
  context.subscriptions.push(
    vscode.languages.registerCodeActionsProvider([...DRAFT_SELECTOR, { language: 'yaml' }], provider, {
      providedCodeActionKinds: SourcedCodeActionProvider.kinds,
    }),
    vscode.commands.registerCommand(QUICK_FIX_COMMANDS.citeSource, guarded('Cite a source', (target: DraftTarget, key?: string) => citeSource(services, target, key))),
    vscode.commands.registerCommand(QUICK_FIX_COMMANDS.attachClaim, guarded('Attach as a claim', (target: DraftTarget, key?: string) => attachClaim(services, target, key))),
    vscode.commands.registerCommand(QUICK_FIX_COMMANDS.acceptSentence, guarded('Accept without a source', (target: DraftTarget, reason?: string) => acceptSentence(services, target, reason))),
    vscode.commands.registerCommand(QUICK_FIX_COMMANDS.addSource, guarded('Add source', (draftUri: string, key: string) => addMissingSource(services, draftUri, key))),
    vscode.commands.registerCommand(
      QUICK_FIX_COMMANDS.reattachClaim,
      guarded('Re-attach the claim', (draftUri: string, claimIndex: number, start: number, end: number) => reattachClaim(services, draftUri, claimIndex, start, end)),
    ),
  );
}
