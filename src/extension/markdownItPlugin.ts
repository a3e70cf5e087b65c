/**
 * Sourced in VS Code's built-in Markdown preview (`contributes."markdown.markdownItPlugins"`): the extension's
 * `activate()` returns `extendMarkdownIt`, which adds the pure plugin of src/core/preview to the preview's markdown-it
 * and answers, for each rendering, with the annotations of the document being rendered (`env.currentDocument`).
 *
 * The annotations come from the DraftStore's latest analysis. When the preview renders a text the store has not
 * analysed (the writer typed and the debounced analysis has not run yet), the engine runs synchronously on that text
 * with the sidecar and registries the store loaded last, so the highlights never lag behind or land on the wrong
 * words. When the store knows nothing of the document yet, the preview is rendered plain, the draft is analysed, and
 * the preview refreshed once there is something to show.
 *
 * This module is also bundled on its own (dist/markdownItPlugin.js), where 'vscode' cannot be bundled: the VS Code
 * API it needs is handed in by the composition root instead of imported.
 */
import type * as vscode from 'vscode';
import type MarkdownIt from 'markdown-it';
import { analyzeDocument, lintDocument, type LintResult } from '../core/lint';
import { buildPreviewAnnotations, type PreviewAnnotations } from '../core/preview/annotations';
import { sourcedPreviewPlugin } from '../core/preview/markdownItPlugin';
import { normaliseLineEndings } from '../core/preview/textAlignment';
import { CONFIGURATION_SECTION } from './config';
import type { AnalysedDraft, Services } from './draftStore';

/** The setting (under `sourced.`) that shades uncited assertions in the preview. */
export const REVIEW_MODE_SETTING = 'preview.reviewMode';

/** VS Code's command that re-renders every open Markdown preview. */
const REFRESH_PREVIEW_COMMAND = 'markdown.preview.refresh';

/** The part of the VS Code API the preview feature uses. */
export type PreviewVscodeApi = {
  commands: Pick<typeof vscode.commands, 'executeCommand'>;
  workspace: Pick<typeof vscode.workspace, 'getConfiguration' | 'onDidChangeConfiguration'>;
};

/** What the feature gives the composition root: the function VS Code's Markdown extension calls. */
export interface PreviewFeature {
  /** Adds Sourced's plugin to the preview's markdown-it; VS Code calls it once per markdown-it instance it builds. */
  extendMarkdownIt(md: MarkdownIt): MarkdownIt;
  /** The annotations the preview would show for `uri` rendered from `source` (used by the integration tests). */
  annotationsFor(uri: vscode.Uri, source: string): PreviewAnnotations | undefined;
}

/** The document a preview rendering is for: VS Code's preview puts its URI in the render `env`. */
function currentDocumentOf(env: unknown): vscode.Uri | undefined {
  if (typeof env !== 'object' || env === null) return undefined;
  const uri = (env as { currentDocument?: unknown }).currentDocument;
  if (typeof uri !== 'object' || uri === null) return undefined;
  const candidate = uri as Partial<vscode.Uri>;
  return typeof candidate.scheme === 'string' && typeof candidate.path === 'string' && typeof candidate.toString === 'function'
    ? (uri as vscode.Uri)
    : undefined;
}

/** Compares what two renderings would show, so that a new analysis refreshes the preview only when it changes it. */
function signatureOf(annotations: PreviewAnnotations | undefined): string {
  if (!annotations) return '';
  return JSON.stringify([annotations.entities, annotations.citations, annotations.uncited]);
}

/** Starts the preview feature; `api` is the `vscode` namespace (see the module comment for why it is passed in). */
export function activate(context: vscode.ExtensionContext, services: Services, api: PreviewVscodeApi): PreviewFeature {
  const { store, output } = services;
  /** Annotations per analysis result and review mode: renderings of an unchanged draft cost a lookup. */
  const fromAnalysis = new WeakMap<LintResult, { reviewMode: boolean; annotations: PreviewAnnotations | undefined }>();
  /** The last text per draft that the store had not analysed, and what the engine made of it. */
  const fromRenderedText = new Map<string, { source: string; draft: AnalysedDraft; reviewMode: boolean; annotations: PreviewAnnotations | undefined }>();
  /** What the preview last showed per draft, to tell whether a new analysis changes it. */
  const rendered = new Map<string, { source: string; signature: string }>();
  /** Drafts the preview rendered before the store knew them; being analysed now. */
  const awaitingAnalysis = new Set<string>();
  let refreshQueued = false;

  const reviewModeFor = (uri: vscode.Uri): boolean =>
    api.workspace.getConfiguration(CONFIGURATION_SECTION, uri).get<boolean>(REVIEW_MODE_SETTING) === true;

  const refreshPreviews = () => {
    if (refreshQueued) return;
    refreshQueued = true;
    // Several drafts analysed in one go need one refresh, not one each.
    queueMicrotask(() => {
      refreshQueued = false;
      Promise.resolve(api.commands.executeCommand(REFRESH_PREVIEW_COMMAND)).catch((error: unknown) =>
        output.debug(`Could not refresh the Markdown preview: ${error instanceof Error ? error.message : String(error)}`),
      );
    });
  };

  const annotationsOfDraft = (draft: AnalysedDraft, reviewMode: boolean): PreviewAnnotations | undefined => {
    const cached = fromAnalysis.get(draft.result);
    if (cached && cached.reviewMode === reviewMode) return cached.annotations;
    const annotations = buildPreviewAnnotations(draft.result.analysis, draft.result.findings, { reviewMode });
    fromAnalysis.set(draft.result, { reviewMode, annotations });
    return annotations;
  };

  const annotationsFor = (uri: vscode.Uri, source: string): PreviewAnnotations | undefined => {
    const key = uri.toString();
    const reviewMode = reviewModeFor(uri);
    const draft = store.get(uri);
    let annotations: PreviewAnnotations | undefined;
    if (!draft) {
      annotations = undefined;
    } else if (normaliseLineEndings(draft.result.analysis.text) === source) {
      annotations = annotationsOfDraft(draft, reviewMode);
    } else {
      const last = fromRenderedText.get(key);
      if (last && last.source === source && last.draft === draft && last.reviewMode === reviewMode) {
        annotations = last.annotations;
      } else {
        // The engine is pure and synchronous: the rendered text is analysed against what the store loaded last.
        // Only review mode needs the rules; without it the analysis (which detects assertions lazily) is enough.
        const input = { ...draft.input, text: source };
        const result = reviewMode ? lintDocument(input) : { analysis: analyzeDocument(input), findings: [] };
        annotations = buildPreviewAnnotations(result.analysis, result.findings, { reviewMode });
        fromRenderedText.set(key, { source, draft, reviewMode, annotations });
      }
    }
    rendered.set(key, { source, signature: signatureOf(annotations) });
    // Asked only after `rendered` is set: the analysis compares itself with what this rendering showed.
    if (!draft && !awaitingAnalysis.has(key)) {
      awaitingAnalysis.add(key);
      void store.analyseUri(uri).finally(() => awaitingAnalysis.delete(key));
    }
    return annotations;
  };

  context.subscriptions.push(
    store.onDidAnalyse((draft) => {
      const key = draft.uri.toString();
      const shown = rendered.get(key);
      if (!shown) return;
      fromRenderedText.delete(key);
      // A new analysis of another text than the preview shows changes nothing until the preview renders that text.
      if (normaliseLineEndings(draft.result.analysis.text) !== shown.source) return;
      const annotations = annotationsOfDraft(draft, reviewModeFor(draft.uri));
      if (signatureOf(annotations) !== shown.signature) refreshPreviews();
    }),
    store.onDidForget((uri) => {
      const key = uri.toString();
      rendered.delete(key);
      fromRenderedText.delete(key);
    }),
    api.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(`${CONFIGURATION_SECTION}.${REVIEW_MODE_SETTING}`)) refreshPreviews();
    }),
  );

  return {
    annotationsFor,
    extendMarkdownIt(md) {
      return sourcedPreviewPlugin(md, {
        annotationsFor(env, source) {
          const uri = currentDocumentOf(env);
          return uri ? annotationsFor(uri, source) : undefined;
        },
      });
    },
  };
}
