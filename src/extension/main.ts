/**
 * Composition root of the extension: builds the shared services and activates every feature from one list.
 * Activation does no analysis itself (drafts are analysed when they are shown) and logs how long it took.
 */
import * as vscode from 'vscode';
import type MarkdownIt from 'markdown-it';
import type { Settings } from '../core/config';
import { ActiveDraft } from './activeDraft';
import * as commands from './commands';
import { CONFIGURATION_SECTION, readEngineSettings } from './config';
import * as decorations from './decorations';
import * as diagnostics from './diagnostics';
import { DraftStore, type Services } from './draftStore';
import { LiveAnalysis } from './liveAnalysis';
import * as markdownPreview from './markdownItPlugin';
import * as reviewTree from './reviewTree';
import * as statusBar from './statusBar';
import * as bibliography from './features/bibliography';
import * as codeActions from './features/codeActions';
import * as claimLens from './features/claimLens';
import * as claimReview from './features/claimReview';
import * as completion from './features/completion';
import * as definition from './features/definition';
import * as documentLinks from './features/documentLinks';
import * as hover from './features/hover';
import * as linkHealth from './features/linkHealth';
import * as references from './features/references';
import * as rename from './features/rename';
import * as reportPanel from './features/reportPanel';

/** The services of the shell's own features; Engineer B's features rely on `Services` only. */
export interface ShellServices extends Services {
  live: LiveAnalysis;
  activeDraft: ActiveDraft;
}

interface Feature {
  name: string;
  activate(context: vscode.ExtensionContext, services: ShellServices): unknown;
}

/** Every feature, in activation order. Listeners register before the first analysis is scheduled. */
const FEATURES: readonly Feature[] = [
  { name: 'diagnostics', activate: diagnostics.activate },
  { name: 'decorations', activate: decorations.activate },
  { name: 'review view', activate: reviewTree.activate },
  { name: 'status bar', activate: statusBar.activate },
  { name: 'commands', activate: commands.activate },
  { name: 'hover', activate: hover.activate },
  { name: 'completion', activate: completion.activate },
  { name: 'definition', activate: definition.activate },
  { name: 'references', activate: references.activate },
  { name: 'rename', activate: rename.activate },
  { name: 'document links', activate: documentLinks.activate },
  { name: 'code actions', activate: codeActions.activate },
  { name: 'bibliography', activate: bibliography.activate },
  { name: 'link health', activate: linkHealth.activate },
  { name: 'claim review', activate: claimReview.activate },
  { name: 'claim lenses', activate: claimLens.activate },
  { name: 'markdown preview', activate: (context, services) => markdownPreview.activate(context, services, vscode) },
  { name: 'citation report', activate: reportPanel.activate },
];

/** What `activate` returns: used by the integration tests and the activation benchmark. */
export interface SourcedApi {
  store: DraftStore;
  /** Milliseconds `activate` took, as logged to the output channel. */
  activationMs: number;
  decorations?: decorations.EntityDecorations;
  review?: reviewTree.ReviewTreeProvider;
  statusBar?: vscode.StatusBarItem;
  /** VS Code's Markdown extension calls this to add Sourced's plugin to the preview (`markdown.markdownItPlugins`). */
  extendMarkdownIt(md: MarkdownIt): MarkdownIt;
  preview?: markdownPreview.PreviewFeature;
}

export function activate(context: vscode.ExtensionContext): SourcedApi {
  const started = performance.now();
  const output = vscode.window.createOutputChannel('Sourced', { log: true });
  context.subscriptions.push(output);

  const reportedSettingProblems = new Set<string>();
  const editorSettings = (uri: vscode.Uri): Settings => {
    const { settings, problems } = readEngineSettings(vscode.workspace.getConfiguration(CONFIGURATION_SECTION, uri));
    for (const problem of problems) {
      const line = `Setting ${problem.key} ignored: ${problem.message}`;
      if (!reportedSettingProblems.has(line)) {
        reportedSettingProblems.add(line);
        output.warn(line);
      }
    }
    return settings;
  };

  const store = new DraftStore({ output, editorSettings });
  const live = new LiveAnalysis(store, output);
  const activeDraft = new ActiveDraft(store);
  context.subscriptions.push(store, live, activeDraft);
  const services: ShellServices = { store, output, live, activeDraft };

  const activated = new Map<string, unknown>();
  for (const feature of FEATURES) {
    try {
      activated.set(feature.name, feature.activate(context, services));
    } catch (error) {
      // One broken feature must not take the others down with it.
      output.error(`The ${feature.name} feature failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  }
  live.start();

  const activationMs = performance.now() - started;
  output.info(`Sourced activated in ${activationMs.toFixed(1)} ms`);
  const preview = activated.get('markdown preview') as markdownPreview.PreviewFeature | undefined;
  return {
    store,
    activationMs,
    decorations: activated.get('decorations') as decorations.EntityDecorations | undefined,
    review: activated.get('review view') as reviewTree.ReviewTreeProvider | undefined,
    statusBar: activated.get('status bar') as vscode.StatusBarItem | undefined,
    preview,
    // Without the feature (it failed to start) the preview stays the plain one.
    extendMarkdownIt: (md: MarkdownIt) => preview?.extendMarkdownIt(md) ?? md,
  };
}

export function deactivate(): void {}
