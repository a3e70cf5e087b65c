/**
 * The status-bar item of the active draft: the cited share of its assertions ("Cited 14/18"). Clicking it opens
 * the review view.
 */
import * as vscode from 'vscode';
import type { ActiveDraft } from './activeDraft';
import type { Services } from './draftStore';
import { citedShare, type CitedShare } from './reviewModel';

/** The command the item runs (contributed, so it is in the palette too). */
export const SHOW_REVIEW_COMMAND = 'sourced.showReview';

/** The item's text for a share: what the writer reads at a glance. */
export function citedShareText(share: CitedShare): string {
  const needing = share.cited + share.uncited;
  if (share.assertions === 0) return '$(quote) No assertions';
  return `$(quote) Cited ${share.cited}/${needing}`;
}

/** The item's tooltip: the counts behind the text. */
export function citedShareTooltip(share: CitedShare): string {
  const needing = share.cited + share.uncited;
  const lines = [
    share.assertions === 0
      ? 'Sourced found no sentence that reads as a checkable fact.'
      : // The verb agrees with the count in front ("1 of 1 assertion cites", "2 of 3 assertions cite").
        `${share.cited} of ${needing} assertion${needing === 1 ? '' : 's'} ${share.cited === 1 ? 'cites' : 'cite'} a source.`,
  ];
  if (share.uncited > 0) lines.push(`${share.uncited} without a source.`);
  if (share.excused > 0) lines.push(`${share.excused} accepted or silenced without a source (not counted).`);
  lines.push('Click to open the review.');
  return lines.join('\n');
}

/** Registers the status-bar item and keeps it in step with the active draft's analysis. */
export function activate(context: vscode.ExtensionContext, services: Services & { activeDraft: ActiveDraft }): vscode.StatusBarItem {
  const { store, activeDraft } = services;
  const item = vscode.window.createStatusBarItem('sourced.citedShare', vscode.StatusBarAlignment.Right, 100);
  item.name = 'Sourced: cited assertions';
  item.command = SHOW_REVIEW_COMMAND;
  const update = () => {
    const uri = activeDraft.uri;
    const draft = uri ? store.get(uri) : undefined;
    if (!draft) {
      item.hide();
      return;
    }
    const share = citedShare(draft.result.analysis);
    item.text = citedShareText(share);
    item.tooltip = citedShareTooltip(share);
    item.accessibilityInformation = { label: citedShareTooltip(share).split('\n')[0], role: 'button' };
    item.show();
  };
  context.subscriptions.push(
    item,
    vscode.commands.registerCommand(SHOW_REVIEW_COMMAND, () => vscode.commands.executeCommand('sourced.review.focus')),
    store.onDidAnalyse((draft) => {
      if (activeDraft.uri?.toString() === draft.uri.toString()) update();
    }),
    store.onDidForget(() => update()),
    activeDraft.onDidChange(() => update()),
  );
  update();
  return item;
}
