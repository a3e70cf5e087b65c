/**
 * The "Review" view of the Sourced activity-bar container: for the active draft, its uncited assertions, its
 * claims by status, its sources with how often each is cited and its entities with their mentions. Clicking an
 * item reveals it in the draft or in the sidecar.
 */
import * as vscode from 'vscode';
import { isDraftPath } from '../core/draftFiles';
import { toUri, untrustedMarkdown } from './convert';
import type { AnalysedDraft, DraftStore, Services } from './draftStore';
import type { ActiveDraft } from './activeDraft';
import { buildReviewModel, type ReviewNode } from './reviewModel';

/** The id of the view (package.json `contributes.views`). */
export const REVIEW_VIEW_ID = 'sourced.review';
/** Internal command the view's items run: reveal a span of a file. Not in the palette. */
export const REVEAL_COMMAND = 'sourced.reveal';

/** Supplies the review view from the store's analysis of the active draft. */
export class ReviewTreeProvider implements vscode.TreeDataProvider<ReviewNode>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<ReviewNode | undefined>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  /** Models are built once per analysis, however often VS Code asks. */
  private readonly models = new WeakMap<AnalysedDraft, ReviewNode[]>();

  constructor(
    private readonly store: DraftStore,
    private readonly active: ActiveDraft,
  ) {}

  /** The analysis shown: the active draft's latest. */
  current(): AnalysedDraft | undefined {
    const uri = this.active.uri;
    return uri ? this.store.get(uri) : undefined;
  }

  /** The top-level groups (for tests and the badge). */
  roots(): ReviewNode[] {
    const draft = this.current();
    if (!draft) return [];
    let model = this.models.get(draft);
    if (!model) {
      model = buildReviewModel(draft.result, draft.uri.toString());
      this.models.set(draft, model);
    }
    return model;
  }

  refresh(): void {
    this.changeEmitter.fire(undefined);
  }

  getChildren(node?: ReviewNode): ReviewNode[] {
    return node ? (node.children ?? []) : this.roots();
  }

  getTreeItem(node: ReviewNode): vscode.TreeItem {
    const hasChildren = (node.children?.length ?? 0) > 0;
    const item = new vscode.TreeItem(
      node.label,
      hasChildren ? (node.expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed) : vscode.TreeItemCollapsibleState.None,
    );
    item.id = node.id;
    item.description = node.description;
    item.contextValue = node.kind;
    item.iconPath = new vscode.ThemeIcon(node.icon, node.iconColor ? new vscode.ThemeColor(node.iconColor) : undefined);
    if (node.tooltipLines && node.tooltipLines.length > 0) {
      // Sidecar text is untrusted: appendText escapes it, and the string allows neither commands nor HTML.
      const tooltip = untrustedMarkdown();
      node.tooltipLines.forEach((line, index) => {
        if (index > 0) tooltip.appendMarkdown('  \n');
        tooltip.appendText(line);
      });
      item.tooltip = tooltip;
    }
    if (node.target) {
      item.command = {
        command: REVEAL_COMMAND,
        title: 'Reveal',
        arguments: [node.target.uri, node.target.span.start, node.target.span.end],
      };
    }
    return item;
  }

  getParent(): undefined {
    return undefined;
  }

  dispose(): void {
    this.changeEmitter.dispose();
  }
}

/** Opens a file and selects a span of it; the draft opens where it is shown already, a sidecar beside it. */
export async function revealSpan(store: DraftStore, location: string, start: number, end: number): Promise<void> {
  const uri = toUri(location);
  const document = await vscode.workspace.openTextDocument(uri);
  const range = new vscode.Range(document.positionAt(start), document.positionAt(end));
  const visible = vscode.window.visibleTextEditors.find((editor) => editor.document.uri.toString() === uri.toString());
  const viewColumn = visible?.viewColumn ?? (store.isSidecar(uri) || !isDraftPath(location) ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active);
  const editor = await vscode.window.showTextDocument(document, { viewColumn, preserveFocus: false, preview: !visible });
  editor.selection = new vscode.Selection(range.start, range.end);
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

/** Registers the review view, its reveal command, and keeps it, its title and its badge in step with the draft. */
export function activate(context: vscode.ExtensionContext, services: Services & { activeDraft: ActiveDraft }): ReviewTreeProvider {
  const { store, activeDraft } = services;
  const provider = new ReviewTreeProvider(store, activeDraft);
  const view = vscode.window.createTreeView(REVIEW_VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });
  const updateHeader = () => {
    const draft = provider.current();
    view.description = activeDraft.uri ? vscode.workspace.asRelativePath(activeDraft.uri, false) : undefined;
    const uncited = provider.roots().find((node) => node.id === 'group/uncited')?.children?.length ?? 0;
    view.badge = draft && uncited > 0 ? { value: uncited, tooltip: `${uncited} uncited assertion${uncited === 1 ? '' : 's'}` } : undefined;
  };
  context.subscriptions.push(
    provider,
    view,
    vscode.commands.registerCommand(REVEAL_COMMAND, (location: string, start: number, end: number) => revealSpan(store, location, start, end)),
    store.onDidAnalyse((draft) => {
      if (activeDraft.uri && draft.uri.toString() === activeDraft.uri.toString()) {
        provider.refresh();
        updateHeader();
      }
    }),
    store.onDidForget((uri) => {
      if (activeDraft.uri && uri.toString() === activeDraft.uri.toString()) {
        provider.refresh();
        updateHeader();
      }
    }),
    activeDraft.onDidChange(() => {
      provider.refresh();
      updateHeader();
    }),
  );
  updateHeader();
  return provider;
}
