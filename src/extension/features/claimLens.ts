/**
 * A CodeLens above each paragraph of a draft that has claims: "3 claims · 1 stale · 1 unverified · 1 uncited"
 * (counts from core/claims/review.ts `paragraphReviews`). Clicking it runs "Review Claims" for that paragraph.
 * The setting `sourced.codeLens.enabled` hides the lenses.
 */
import * as vscode from 'vscode';
import { paragraphReviews, paragraphReviewTitle } from '../../core/claims/review';
import { CONFIGURATION_SECTION } from '../config';
import { spanToRange } from '../convert';
import type { DraftStore, Services } from '../draftStore';
import { DRAFT_SELECTOR, isDraftDocument } from '../liveAnalysis';
import { CLAIM_REVIEW_COMMANDS } from './claimReview';
import { currentAnalysis } from './definition';

/** The setting (relative to `sourced.`) that shows or hides the lenses. */
export const CODE_LENS_SETTING = 'codeLens.enabled';

/** Supplies the claim lenses of drafts from the store's analyses; refreshes when a draft is analysed again. */
export class ClaimLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changeEmitter.event;

  constructor(private readonly store: DraftStore) {}

  async provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    if (!isDraftDocument(document)) return [];
    if (vscode.workspace.getConfiguration(CONFIGURATION_SECTION, document.uri).get<boolean>(CODE_LENS_SETTING) === false) return [];
    const draft = await currentAnalysis(this.store, document, token);
    if (!draft || token.isCancellationRequested) return [];
    const uri = document.uri.toString();
    return paragraphReviews(draft.result.analysis, draft.result.findings).map((paragraph) => {
      const start = spanToRange(document, { start: paragraph.span.start, end: paragraph.span.start }).start;
      const title = paragraphReviewTitle(paragraph);
      return new vscode.CodeLens(new vscode.Range(start, start), {
        title,
        tooltip: 'Review the claims of this paragraph one by one',
        command: CLAIM_REVIEW_COMMANDS.review,
        arguments: [uri, paragraph.span.start, paragraph.span.end],
      });
    });
  }

  refresh(): void {
    this.changeEmitter.fire();
  }

  dispose(): void {
    this.changeEmitter.dispose();
  }
}

/** Registers the lens provider and keeps it in step with analyses and the setting. */
export function activate(context: vscode.ExtensionContext, services: Services): ClaimLensProvider {
  const provider = new ClaimLensProvider(services.store);
  context.subscriptions.push(
    provider,
    vscode.languages.registerCodeLensProvider(DRAFT_SELECTOR, provider),
    services.store.onDidAnalyse(() => provider.refresh()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(`${CONFIGURATION_SECTION}.${CODE_LENS_SETTING}`)) provider.refresh();
    }),
  );
  return provider;
}
