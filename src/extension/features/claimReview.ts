/**
 * The editor's desk: marking claims verified, disputed or open again, and "Review Claims", which walks through
 * a draft's unverified and stale claims one by one. Every change is one comment-keeping edit of the sidecar
 * (core/sidecar/edits.ts `setClaimReview`), applied as a `WorkspaceEdit`, so one undo takes it back.
 *
 * "Mark claim verified" stores the fingerprint of the claim's text and cited sources (core/claims/review.ts);
 * the claim-stale rule compares it on every lint. Code actions offer the three marks on text covered by a claim
 * (and "verify again" on a claim-stale warning).
 *
 * Commands take optional arguments so that CodeLenses, the tree and tests can name what they act on:
 * `(draftUri?: string, claimIndex?: number)`; "Mark Claim Disputed…" also takes the note, "Review Claims" a span
 * `(draftUri?, start?, end?)` and, for tests, a script of answers.
 */
import { homedir } from 'node:os';
import * as vscode from 'vscode';
import type { DocumentAnalysis } from '../../core/analysis';
import {
  currentFingerprint,
  describeStaleness,
  formatFingerprint,
  reviewQueue,
  reviewStates,
  staleness,
  type ReviewState,
} from '../../core/claims/review';
import { applySidecarEdits, reanchorClaim, setClaimReview, sidecarDefinitionSpan, sidecarEditProblem, type ClaimReviewChange } from '../../core/sidecar/edits';
import { claimSelector } from '../../core/markdown/edits';
import { claimSourceKey } from '../../core/sidecar/schema';
import { LineIndex } from '../../core/text/lineIndex';
import { basename } from '../../core/text/uri';
import type { Span } from '../../core/types';
import { CONFIGURATION_SECTION } from '../config';
import { rangeToSpan, ruleIdOf, spanToRange, toUri } from '../convert';
import type { AnalysedDraft, Services } from '../draftStore';
import { DRAFT_SELECTOR, isDraftDocument } from '../liveAnalysis';
import { currentAnalysis } from './definition';
import { globalGitConfigPaths, reviewerName } from './reviewerName';

/** The palette commands of this module (contributed in package.json). */
export const CLAIM_REVIEW_COMMANDS = {
  verify: 'sourced.markClaimVerified',
  dispute: 'sourced.markClaimDisputed',
  reopen: 'sourced.reopenClaim',
  review: 'sourced.reviewClaims',
} as const;

/** The setting that names the reviewer (relative to `sourced.`). */
export const REVIEWER_SETTING = 'reviewer.name';

type Mark = 'verified' | 'disputed' | 'unverified';

/** One answer of the review walk; `dispute` may carry the note. */
export type ReviewAnswer = 'verify' | 'skip' | 'stop' | { dispute: string };

/** What a review walk did. */
export interface ReviewSummary {
  verified: number;
  disputed: number;
  skipped: number;
  /** Claims left in the queue when the walk stopped. */
  remaining: number;
}

/** Today as YYYY-MM-DD in the reviewer's own time zone (a review late in the evening is still today's). */
export function today(now = new Date()): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** The draft's analysis as of its current text and its sidecar's current text (open, even unsaved, or on disk). */
async function freshAnalysis(services: Services, document: vscode.TextDocument): Promise<AnalysedDraft | undefined> {
  const sidecarText = await services.store.readText(services.store.sidecarUriFor(document.uri));
  const isFresh = (draft: AnalysedDraft | undefined) =>
    draft !== undefined && draft.version === document.version && draft.input.text === document.getText() && draft.input.sidecar?.text === sidecarText;
  const stored = services.store.get(document.uri);
  if (isFresh(stored)) return stored;
  // Another analysis of the same draft (the live one) may overtake this one; ask again a few times.
  for (let attempt = 0; attempt < 4; attempt++) {
    const analysed = await services.store.analyse(document);
    if (isFresh(analysed)) return analysed;
    if (isFresh(services.store.get(document.uri))) return services.store.get(document.uri);
  }
  return undefined;
}

/** A claim row of the review view, as its context menu passes it: `claim/<index>` and where it reveals. */
interface ClaimNodeArgument {
  id: string;
  target?: { uri: string };
}

function isClaimNode(argument: unknown): argument is ClaimNodeArgument {
  return typeof argument === 'object' && argument !== null && typeof (argument as ClaimNodeArgument).id === 'string' && /^claim\/\d+$/.test((argument as ClaimNodeArgument).id);
}

/** Turns a review-view row into the (draft, claim index) the commands take; other arguments pass through. */
function fromClaimNode(services: Services, draftArgument: unknown, indexArgument: unknown): [unknown, unknown] {
  if (!isClaimNode(draftArgument)) return [draftArgument, indexArgument];
  const index = Number(draftArgument.id.slice('claim/'.length));
  const target = draftArgument.target ? toUri(draftArgument.target.uri) : undefined;
  // An orphaned claim's row reveals the sidecar; the draft is the one beside it.
  const draft = target && services.store.isSidecar(target) ? services.store.draftUriFor(target) : target;
  return [draft, index];
}

async function draftDocument(argument: unknown): Promise<vscode.TextDocument | undefined> {
  if (typeof argument === 'string' || argument instanceof vscode.Uri) {
    return vscode.workspace.openTextDocument(typeof argument === 'string' ? toUri(argument) : argument);
  }
  const editor = vscode.window.activeTextEditor;
  return editor && isDraftDocument(editor.document) ? editor.document : undefined;
}

function claimLabel(analysis: DocumentAnalysis, index: number): string {
  const text = analysis.catalog.claims[index]?.claim.text ?? '';
  const flat = text.replace(/\s+/g, ' ');
  return `claim ${index + 1} “${flat.length > 50 ? `${flat.slice(0, 49)}…` : flat}”`;
}

/** Claims anchored over `span` (a cursor touching a claim counts), in document order. */
function claimsAt(analysis: DocumentAnalysis, span: Span): number[] {
  return analysis.claimAnchors
    .filter((anchor) => anchor.span && anchor.status !== 'orphaned' && anchor.span.start <= span.end && span.start <= anchor.span.end)
    .sort((a, b) => a.span!.start - b.span!.start)
    .map((anchor) => anchor.claimIndex);
}

/** The claim a command acts on: the one given, else the one under the cursor (asking when there are several). */
async function chooseClaim(analysis: DocumentAnalysis, document: vscode.TextDocument, given: unknown, verb: string): Promise<number | undefined> {
  if (typeof given === 'number') return analysis.catalog.claims[given] ? given : undefined;
  const editor = vscode.window.activeTextEditor;
  const selection = editor && editor.document.uri.toString() === document.uri.toString() ? rangeToSpan(document, editor.selection) : undefined;
  const candidates = selection ? claimsAt(analysis, selection) : [];
  if (candidates.length === 1) return candidates[0];
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage(`Sourced: put the cursor on text covered by a claim to ${verb} it, or run "Sourced: Review Claims".`);
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    candidates.map((index) => ({ label: claimLabel(analysis, index), index })),
    { title: `Which claim do you want to ${verb}?` },
  );
  return picked?.index;
}

/** The reviewer's name: the setting, else Git's global `user.name`, else asked once and saved to the setting. */
async function reviewer(): Promise<string | undefined> {
  const configuration = vscode.workspace.getConfiguration(CONFIGURATION_SECTION);
  const home = homedir();
  const fromConfig = await reviewerName(configuration.get<string>(REVIEWER_SETTING), globalGitConfigPaths(process.env, home), async (path) => {
    try {
      return new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.file(path)));
    } catch {
      return undefined;
    }
  });
  if (fromConfig) return fromConfig;
  const asked = await vscode.window.showInputBox({
    title: 'Your name as a reviewer',
    prompt: 'Written as "reviewer:" on the claims you review; saved in the setting sourced.reviewer.name.',
    ignoreFocusOut: true,
    validateInput: (value) => (value.trim() ? undefined : 'Enter a name or initials'),
  });
  if (!asked?.trim()) return undefined;
  await configuration.update(REVIEWER_SETTING, asked.trim(), vscode.ConfigurationTarget.Global);
  return asked.trim();
}

/** The one replacement that turns `before` into `after`. */
function minimalEdit(before: string, after: string): { span: Span; newText: string } {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let tail = 0;
  while (tail < before.length - start && tail < after.length - start && before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail++;
  return { span: { start, end: before.length - tail }, newText: after.slice(start, after.length - tail) };
}

/** Applies a change of the sidecar's text as one workspace edit (one undo step); saves a sidecar nobody has open. */
async function editSidecar(services: Services, draftUri: vscode.Uri, change: (text: string) => string): Promise<boolean> {
  const sidecarUri = services.store.sidecarUriFor(draftUri);
  const current = await services.store.readText(sidecarUri);
  const name = basename(sidecarUri.path);
  if (current === undefined) {
    void vscode.window.showWarningMessage(`Sourced: ${name} does not exist, so the draft has no claims to review.`);
    return false;
  }
  const problem = sidecarEditProblem(current);
  if (problem) {
    void vscode.window.showWarningMessage(`Sourced cannot edit ${name}: ${problem}.`);
    return false;
  }
  const next = change(current);
  if (next === current) return true;
  const { span, newText } = minimalEdit(current, next);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(sidecarUri, spanToRange(new LineIndex(current), span), newText);
  const wasOpen = vscode.workspace.textDocuments.some((document) => document.uri.toString() === sidecarUri.toString());
  if (!(await vscode.workspace.applyEdit(edit))) {
    void vscode.window.showWarningMessage(`Sourced could not write to ${name}.`);
    return false;
  }
  if (!wasOpen) await vscode.workspace.textDocuments.find((document) => document.uri.toString() === sidecarUri.toString())?.save();
  return true;
}

/**
 * Writes a review mark on claim `index`. Verifying stores the fingerprint of the claim as the draft shows it
 * now, and re-attaches a claim that only attaches approximately to the text the reviewer just checked.
 */
async function writeMark(services: Services, document: vscode.TextDocument, draft: AnalysedDraft, index: number, mark: Mark, note?: string): Promise<boolean> {
  const analysis = draft.result.analysis;
  const anchor = analysis.claimAnchors.find((candidate) => candidate.claimIndex === index);
  let change: ClaimReviewChange;
  let reanchor: ((text: string) => string) | undefined;
  if (mark === 'unverified') {
    change = { status: 'unverified', reviewer: null, reviewed: null, fingerprint: null };
  } else {
    if (mark === 'verified' && (!anchor?.span || anchor.status === 'orphaned')) {
      void vscode.window.showWarningMessage(`Sourced: ${claimLabel(analysis, index)} attaches to no text of the draft; re-attach it before verifying it.`);
      return false;
    }
    const name = await reviewer();
    if (!name) return false;
    if (mark === 'verified') {
      const fingerprint = currentFingerprint(analysis, index);
      if (!fingerprint) return false;
      change = { status: 'verified', reviewer: name, reviewed: today(), fingerprint: formatFingerprint(fingerprint) };
      if (anchor!.status === 'fuzzy') {
        const selector = claimSelector(analysis.text, anchor!.span!);
        reanchor = (text) => applySidecarEdits(text, reanchorClaim(text, index, selector));
      }
    } else {
      change = { status: 'disputed', note: note ?? null, reviewer: name, reviewed: today(), fingerprint: null };
    }
  }
  const written = await editSidecar(services, document.uri, (text) => {
    const anchored = reanchor ? reanchor(text) : text;
    return applySidecarEdits(anchored, setClaimReview(anchored, index, change));
  });
  if (written) {
    const what = mark === 'verified' ? 'verified' : mark === 'disputed' ? 'disputed' : 'reopened';
    services.output.info(`Marked ${claimLabel(analysis, index)} of ${vscode.workspace.asRelativePath(document.uri)} ${what}`);
  }
  return written;
}

async function askDisputeNote(existing: string | undefined): Promise<string | undefined> {
  const note = await vscode.window.showInputBox({
    title: 'Mark claim disputed',
    prompt: 'Why is the claim disputed? (written as the claim\'s note)',
    value: existing,
    ignoreFocusOut: true,
    validateInput: (value) => (value.trim() ? undefined : 'Say what is wrong, so the writer can fix it'),
  });
  return note?.trim() || undefined;
}

/** "Mark Claim Verified", "Mark Claim Disputed…" and "Reopen Claim". */
export async function markClaim(services: Services, mark: Mark, draftArgument?: unknown, indexArgument?: unknown, noteArgument?: unknown): Promise<boolean> {
  [draftArgument, indexArgument] = fromClaimNode(services, draftArgument, indexArgument);
  const document = await draftDocument(draftArgument);
  if (!document) {
    void vscode.window.showInformationMessage('Sourced: open a Markdown draft to review its claims.');
    return false;
  }
  const draft = await freshAnalysis(services, document);
  if (!draft) return false;
  const verb = mark === 'verified' ? 'mark verified' : mark === 'disputed' ? 'mark disputed' : 'reopen';
  const index = await chooseClaim(draft.result.analysis, document, indexArgument, verb);
  if (index === undefined) return false;
  let note: string | undefined;
  if (mark === 'disputed') {
    note = typeof noteArgument === 'string' ? noteArgument.trim() : await askDisputeNote(draft.result.analysis.catalog.claims[index].claim.note);
    if (!note) return false;
  }
  return writeMark(services, document, draft, index, mark, note);
}

// ---------------------------------------------------------------------------------------------------------------
// Review Claims

interface ReviewItem extends vscode.QuickPickItem {
  answer?: 'verify' | 'dispute' | 'skip' | 'stop';
  sourceKey?: string;
}

const STATE_WORDS: Record<ReviewState, string> = { verified: 'verified', stale: 'stale', disputed: 'disputed', unverified: 'unverified' };

/** Selects the claim's text in the draft, keeping the draft's editor where it is. */
async function revealClaim(document: vscode.TextDocument, span: Span): Promise<void> {
  const visible = vscode.window.visibleTextEditors.find((editor) => editor.document.uri.toString() === document.uri.toString());
  const editor = await vscode.window.showTextDocument(document, { viewColumn: visible?.viewColumn ?? vscode.ViewColumn.Active, preserveFocus: false, preview: false });
  const range = spanToRange(document, span);
  editor.selection = new vscode.Selection(range.start, range.end);
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

/** Opens the sidecar beside the draft at a source's entry, without taking the focus from the picker. */
async function showSourceBeside(services: Services, draft: AnalysedDraft, key: string): Promise<void> {
  const record = draft.result.analysis.catalog.sources.get(key);
  if (!record) return;
  const uri = toUri(record.origin.uri);
  const document = await vscode.workspace.openTextDocument(uri);
  const where = sidecarDefinitionSpan(document.getText(), 'sources', key)?.span ?? record.origin.span;
  const editor = await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true, preview: true });
  const range = spanToRange(document, where);
  editor.revealRange(range, vscode.TextEditorRevealType.AtTop);
  editor.selection = new vscode.Selection(range.start, range.end);
  services.output.trace(`Showing source ${key} beside the draft`);
}

/** The picker items for one claim: its sources (title, locator, quote) and the four answers. */
function reviewItems(draft: AnalysedDraft, index: number, state: ReviewState): ReviewItem[] {
  const { catalog } = draft.result.analysis;
  const claim = catalog.claims[index].claim;
  const items: ReviewItem[] = [{ label: 'Sources', kind: vscode.QuickPickItemKind.Separator }];
  if (claim.sources.length === 0) items.push({ label: '$(warning) No source attached to this claim' });
  for (const ref of claim.sources) {
    const key = claimSourceKey(ref);
    const source = catalog.sources.get(key)?.source;
    const locator = typeof ref === 'string' ? undefined : ref.locator;
    const quote = typeof ref === 'string' ? undefined : ref.quote;
    const facts = source ? [source.publisher, source.date, source.url].filter(Boolean).join(' · ') : 'not defined in any sidecar or registry';
    items.push({
      label: `$(book) ${key}${source ? `: ${source.title}` : ''}`,
      description: locator,
      detail: quote ? `“${quote}” — ${facts}` : source?.quotes?.[0] ? `Kept quote: “${source.quotes[0]}” — ${facts}` : facts,
      sourceKey: key,
    });
  }
  items.push({ label: 'Review', kind: vscode.QuickPickItemKind.Separator });
  items.push(
    { label: state === 'stale' ? '$(pass) Verify again' : '$(pass) Verify', description: 'the sources support the text as it stands', answer: 'verify' },
    { label: '$(error) Dispute…', description: 'say what is wrong', answer: 'dispute' },
    { label: '$(debug-step-over) Skip', description: 'leave it for later', answer: 'skip' },
    { label: '$(close) Stop', description: 'end the review', answer: 'stop' },
  );
  return items;
}

/** Shows one claim's picker until an answer is chosen; choosing a source shows it beside and keeps the picker. */
function askAboutClaim(services: Services, draft: AnalysedDraft, index: number, position: string, state: ReviewState): Promise<ReviewAnswer> {
  const analysis = draft.result.analysis;
  const claim = analysis.catalog.claims[index].claim;
  const stale = state === 'stale' ? staleness(analysis, index) : undefined;
  return new Promise<ReviewAnswer>((resolve) => {
    const pick = vscode.window.createQuickPick<ReviewItem>();
    pick.title = `Review claims (${position}) · ${STATE_WORDS[state]}: ${claimLabel(analysis, index)}`;
    pick.placeholder = stale ? describeStaleness(claim, stale.reason) : claim.note ? `Note: ${claim.note}` : 'Check the highlighted text against its sources, then choose';
    pick.items = reviewItems(draft, index, state);
    pick.ignoreFocusOut = true;
    pick.matchOnDescription = true;
    let answered: ReviewAnswer = 'stop';
    // "Dispute…" hides the picker to ask for the note: hiding must not settle the answer then.
    let askingForNote = false;
    pick.onDidAccept(async () => {
      const item = pick.selectedItems[0];
      if (item?.sourceKey) {
        await showSourceBeside(services, draft, item.sourceKey);
        return;
      }
      if (!item?.answer) return;
      if (item.answer === 'dispute') {
        askingForNote = true;
        pick.hide();
        const note = await askDisputeNote(claim.note);
        resolve(note ? { dispute: note } : 'skip');
        return;
      }
      answered = item.answer;
      pick.hide();
    });
    pick.onDidHide(() => {
      pick.dispose();
      if (!askingForNote) resolve(answered);
    });
    pick.show();
  });
}

/**
 * "Review Claims": walks through the draft's unverified and stale claims in document order (within `scope`
 * when a CodeLens names a paragraph), revealing each in the draft with its sources and quotes in a picker.
 * `script` answers instead of the picker (tests).
 */
export async function reviewClaims(services: Services, draftArgument?: unknown, start?: unknown, end?: unknown, script?: readonly ReviewAnswer[]): Promise<ReviewSummary | undefined> {
  const document = await draftDocument(draftArgument);
  if (!document) {
    void vscode.window.showInformationMessage('Sourced: open a Markdown draft to review its claims.');
    return undefined;
  }
  let draft = await freshAnalysis(services, document);
  if (!draft) return undefined;
  const scope = typeof start === 'number' && typeof end === 'number' ? { start, end } : undefined;
  const queue = reviewQueue(draft.result.analysis, scope);
  const summary: ReviewSummary = { verified: 0, disputed: 0, skipped: 0, remaining: queue.length };
  if (queue.length === 0) {
    const orphaned = draft.result.analysis.claimAnchors.filter((anchor) => anchor.status === 'orphaned').length;
    const why = orphaned > 0 ? ` (${orphaned} orphaned claim${orphaned === 1 ? '' : 's'} must be re-attached first)` : '';
    void vscode.window.showInformationMessage(`Sourced: no unverified or stale claims to review in ${basename(document.uri.path)}${why}.`);
    return summary;
  }
  const answers = script ? [...script] : undefined;
  for (let position = 0; position < queue.length; position++) {
    const index = queue[position];
    // Each mark changes the sidecar: the next claim is shown from an analysis that includes it.
    if (position > 0) draft = (await freshAnalysis(services, document)) ?? draft;
    const analysis = draft.result.analysis;
    const anchor = analysis.claimAnchors.find((candidate) => candidate.claimIndex === index);
    if (!anchor?.span || anchor.status === 'orphaned') {
      summary.skipped++;
      summary.remaining--;
      continue;
    }
    await revealClaim(document, anchor.span);
    const state = reviewStates(analysis).get(index) ?? 'unverified';
    const answer = answers ? (answers.shift() ?? 'stop') : await askAboutClaim(services, draft, index, `${position + 1} of ${queue.length}`, state);
    if (answer === 'stop') break;
    summary.remaining--;
    if (answer === 'skip') summary.skipped++;
    else if (answer === 'verify') {
      if (await writeMark(services, document, draft, index, 'verified')) summary.verified++;
    } else if (await writeMark(services, document, draft, index, 'disputed', answer.dispute)) summary.disputed++;
  }
  void vscode.window.setStatusBarMessage(
    `Sourced: ${summary.verified} verified, ${summary.disputed} disputed, ${summary.skipped} skipped${summary.remaining > 0 ? `, ${summary.remaining} left` : ''}`,
    5000,
  );
  return summary;
}

// ---------------------------------------------------------------------------------------------------------------
// Code actions

/** Offers the review marks on text covered by a claim, and "verify again" on a claim-stale warning. */
class ClaimReviewActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly services: Services) {}

  async provideCodeActions(document: vscode.TextDocument, range: vscode.Range, context: vscode.CodeActionContext, token: vscode.CancellationToken): Promise<vscode.CodeAction[]> {
    if (context.only && !context.only.contains(vscode.CodeActionKind.QuickFix)) return [];
    const { store } = this.services;
    let draft: AnalysedDraft | undefined;
    let indices: number[];
    if (isDraftDocument(document)) {
      draft = await currentAnalysis(store, document, token);
      if (!draft || draft.version !== document.version) return [];
      indices = claimsAt(draft.result.analysis, rangeToSpan(document, range));
    } else if (store.isSidecar(document.uri)) {
      // In the sidecar: the claim entry under the cursor, as the draft's analysis of this very text located it.
      const draftUri = store.draftUriFor(document.uri);
      draft = draftUri ? store.get(draftUri) : undefined;
      if (!draft || draft.input.sidecar?.text !== document.getText()) return [];
      const cursor = rangeToSpan(document, range);
      indices = draft.result.analysis.catalog.claims
        .filter((record) => record.origin.uri === draft!.input.sidecar!.uri && record.origin.span.start <= cursor.start && cursor.end <= record.origin.span.end)
        .map((record) => record.index);
    } else return [];
    const analysis = draft.result.analysis;
    const states = reviewStates(analysis);
    const uri = draft.uri.toString();
    const actions: vscode.CodeAction[] = [];
    const staleDiagnostics = context.diagnostics.filter((diagnostic) => ruleIdOf(diagnostic) === 'claim-stale');
    for (const index of indices) {
      const state = states.get(index);
      if (!state) continue;
      const label = claimLabel(analysis, index);
      const make = (title: string, command: string, preferred = false): vscode.CodeAction => {
        const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
        action.command = { title, command, arguments: [uri, index] };
        if (preferred) {
          action.isPreferred = true;
          const anchorSpan = analysis.claimAnchors.find((anchor) => anchor.claimIndex === index)?.span;
          action.diagnostics = staleDiagnostics.filter((diagnostic) => anchorSpan && rangeToSpan(document, diagnostic.range).start === anchorSpan.start);
        }
        return action;
      };
      const orphaned = analysis.claimAnchors.find((anchor) => anchor.claimIndex === index)?.status === 'orphaned';
      if (state !== 'verified' && !orphaned) {
        const title = state === 'stale' ? `Mark ${label} verified again` : `Mark ${label} verified`;
        actions.push(make(title, CLAIM_REVIEW_COMMANDS.verify, state === 'stale'));
      }
      if (state !== 'disputed') actions.push(make(`Mark ${label} disputed…`, CLAIM_REVIEW_COMMANDS.dispute));
      if (state !== 'unverified') actions.push(make(`Reopen ${label}`, CLAIM_REVIEW_COMMANDS.reopen));
    }
    return actions;
  }
}

/** Registers the review commands and code actions. */
export function activate(context: vscode.ExtensionContext, services: Services): void {
  const guarded =
    <A extends unknown[], R>(name: string, run: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R | undefined> => {
      try {
        return await run(...args);
      } catch (error) {
        services.output.error(`${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        void vscode.window.showWarningMessage(`Sourced: ${name} failed (${error instanceof Error ? error.message : String(error)}).`);
        return undefined;
      }
    };
  context.subscriptions.push(
    vscode.commands.registerCommand(CLAIM_REVIEW_COMMANDS.verify, guarded('Mark claim verified', (draft?: unknown, index?: unknown) => markClaim(services, 'verified', draft, index))),
    vscode.commands.registerCommand(CLAIM_REVIEW_COMMANDS.dispute, guarded('Mark claim disputed', (draft?: unknown, index?: unknown, note?: unknown) => markClaim(services, 'disputed', draft, index, note))),
    vscode.commands.registerCommand(CLAIM_REVIEW_COMMANDS.reopen, guarded('Reopen claim', (draft?: unknown, index?: unknown) => markClaim(services, 'unverified', draft, index))),
    vscode.commands.registerCommand(
      CLAIM_REVIEW_COMMANDS.review,
      guarded('Review claims', (draft?: unknown, start?: unknown, end?: unknown, script?: readonly ReviewAnswer[]) => reviewClaims(services, draft, start, end, script)),
    ),
    vscode.languages.registerCodeActionsProvider([...DRAFT_SELECTOR, { language: 'yaml', pattern: '**/*.sources.yaml' }], new ClaimReviewActions(services), {
      providedCodeActionKinds: ClaimReviewActions.kinds,
    }),
  );
}
