/**
 * The extension side of the preview (src/extension/markdownItPlugin.ts) with a stand-in DraftStore and VS Code API:
 * which analysis a rendering uses, and when the preview is refreshed. The real VS Code is exercised by
 * test/integration/preview.test.ts.
 */
import { strict as assert } from 'node:assert';
import type * as vscode from 'vscode';
import { resolveSettings } from '../../../src/core/config';
import { lintDocument, type LintInput } from '../../../src/core/lint';
import { loadSidecar } from '../../../src/core/sidecar/load';
import type { AnalysedDraft, DraftStore, Services } from '../../../src/extension/draftStore';
import { activate, type PreviewFeature } from '../../../src/extension/markdownItPlugin';
import { previewMarkdownIt, SIDECAR } from './helpers';

type Listener<T> = (value: T) => void;

/** A minimal vscode.Event source. */
class Emitter<T> {
  private listeners: Array<Listener<T>> = [];
  readonly event = (listener: Listener<T>) => {
    this.listeners.push(listener);
    return { dispose: () => (this.listeners = this.listeners.filter((other) => other !== listener)) };
  };
  fire(value: T): void {
    for (const listener of [...this.listeners]) listener(value);
  }
}

function fakeUri(path: string): vscode.Uri {
  return { scheme: 'file', path, toString: () => `file://${path}` } as unknown as vscode.Uri;
}

const DRAFT = fakeUri('/drafts/note.md');
const sidecar = loadSidecar('file:///drafts/note.sources.yaml', SIDECAR);

function analysedDraft(text: string, withSidecar = true): AnalysedDraft {
  const input: LintInput = { uri: DRAFT.toString(), text, sidecar: withSidecar ? sidecar : undefined, registries: [], settings: resolveSettings() };
  return { uri: DRAFT, version: 1, input, result: lintDocument(input), projectFindings: [] };
}

/** The feature wired to stand-ins, and handles to drive them. */
function setUp(options: { reviewMode?: boolean } = {}) {
  const analysed = new Emitter<AnalysedDraft>();
  const forgotten = new Emitter<vscode.Uri>();
  const configurationChanged = new Emitter<vscode.ConfigurationChangeEvent>();
  const drafts = new Map<string, AnalysedDraft>();
  const analyseRequests: string[] = [];
  let onAnalyseRequest: (uri: vscode.Uri) => Promise<AnalysedDraft | undefined> = async () => undefined;
  const refreshes: string[] = [];
  let refreshed: () => void = () => {};
  let reviewMode = options.reviewMode ?? false;

  const store = {
    get: (uri: vscode.Uri) => drafts.get(uri.toString()),
    analyseUri: (uri: vscode.Uri) => {
      analyseRequests.push(uri.toString());
      return onAnalyseRequest(uri);
    },
    onDidAnalyse: analysed.event,
    onDidForget: forgotten.event,
  } as unknown as DraftStore;
  const services = { store, output: { debug: () => {} } } as unknown as Services;
  const context = { subscriptions: [] as Array<{ dispose(): unknown }> } as unknown as vscode.ExtensionContext;
  const feature: PreviewFeature = activate(context, services, {
    commands: {
      executeCommand: async (command: string) => {
        refreshes.push(command);
        refreshed();
        return undefined;
      },
    } as unknown as typeof vscode.commands,
    workspace: {
      getConfiguration: () => ({ get: (key: string) => (key === 'preview.reviewMode' ? reviewMode : undefined) }),
      onDidChangeConfiguration: configurationChanged.event,
    } as unknown as typeof vscode.workspace,
  });
  const md = feature.extendMarkdownIt(previewMarkdownIt());

  return {
    md,
    feature,
    drafts,
    analyseRequests,
    refreshes,
    analysed,
    configurationChanged,
    setReviewMode: (value: boolean) => (reviewMode = value),
    onAnalyse: (handler: typeof onAnalyseRequest) => (onAnalyseRequest = handler),
    /** Resolves at the next preview refresh. */
    nextRefresh: () => new Promise<void>((resolve) => (refreshed = resolve)),
    /** Renders `text` as VS Code's preview does: parse with an empty env, render with the document's URI. */
    render: (text: string, uri: vscode.Uri | undefined = DRAFT) => md.renderer.render(md.parse(text, {}), md.options, { currentDocument: uri }),
  };
}

describe('the preview feature of the extension', () => {
  it('renders the entities of the store\u2019s latest analysis of the document in env.currentDocument', () => {
    const text = 'Emtrasur flew to Ciudad del Este.\n';
    const harness = setUp();
    harness.drafts.set(DRAFT.toString(), analysedDraft(text));
    const html = harness.render(text);
    assert.match(html, /<span class="sourced-entity sourced-entity-organization"[^>]*>Emtrasur<\/span>/);
    assert.match(html, /<span class="sourced-entity sourced-entity-place"[^>]*>Ciudad del Este<\/span>/);
  });

  it('renders untouched when the rendering names no document', () => {
    const text = 'Emtrasur flew.\n';
    const harness = setUp();
    harness.drafts.set(DRAFT.toString(), analysedDraft(text));
    const html = harness.md.renderer.render(harness.md.parse(text, {}), harness.md.options, {});
    assert.equal(html, previewMarkdownIt().render(text));
  });

  it('renders untouched when the draft has no sidecar', () => {
    const text = 'Emtrasur flew to Ciudad del Este on 13 May 2022.\n';
    const harness = setUp({ reviewMode: true });
    harness.drafts.set(DRAFT.toString(), analysedDraft(text, false));
    assert.equal(harness.render(text), previewMarkdownIt().render(text));
  });

  it('analyses a text the store has not analysed yet (the writer just typed) instead of misplacing old spans', () => {
    const harness = setUp();
    harness.drafts.set(DRAFT.toString(), analysedDraft('Emtrasur flew.\n'));
    const html = harness.render('Yesterday, Pecci and then Emtrasur flew.\n');
    assert.match(html, /<span class="sourced-entity sourced-entity-person"[^>]*>Pecci<\/span>/);
    assert.match(html, /<span class="sourced-entity sourced-entity-organization"[^>]*>Emtrasur<\/span>/);
  });

  it('shades the uncited assertions of a text the store has not analysed yet, in review mode', () => {
    const harness = setUp({ reviewMode: true });
    harness.drafts.set(DRAFT.toString(), analysedDraft('Emtrasur flew.\n'));
    const html = harness.render('Emtrasur flew.\nOn 10 May 2022, Marcelo Pecci was shot dead in Colombia.\n');
    assert.match(html, /<span class="sourced-uncited"[^>]*>On 10 May 2022, <span class="sourced-entity sourced-entity-person"/);
  });

  it('renders plain a draft the store does not know, asks for its analysis and refreshes the preview when it arrives', async () => {
    const text = 'Emtrasur flew.\n';
    const harness = setUp();
    harness.onAnalyse(async () => {
      const draft = analysedDraft(text);
      harness.drafts.set(DRAFT.toString(), draft);
      harness.analysed.fire(draft);
      return draft;
    });
    const refreshed = harness.nextRefresh();
    assert.equal(harness.render(text), previewMarkdownIt().render(text));
    assert.deepEqual(harness.analyseRequests, [DRAFT.toString()]);
    await refreshed;
    assert.deepEqual(harness.refreshes, ['markdown.preview.refresh']);
    assert.match(harness.render(text), /sourced-entity-organization/);
  });

  it('does not refresh the preview for a new analysis that shows the same', async () => {
    const text = 'Emtrasur flew.\n';
    const harness = setUp();
    harness.drafts.set(DRAFT.toString(), analysedDraft(text));
    harness.render(text);
    harness.analysed.fire(analysedDraft(text));
    // A refresh would be queued as a microtask; this await lets any such microtask run first.
    await Promise.resolve();
    await Promise.resolve();
    assert.deepEqual(harness.refreshes, []);
  });

  it('refreshes the preview when the sidecar changed what the rendered text shows', async () => {
    const text = 'Emtrasur flew.\n';
    const harness = setUp();
    harness.drafts.set(DRAFT.toString(), analysedDraft(text, false));
    harness.render(text);
    const refreshed = harness.nextRefresh();
    const withSidecar = analysedDraft(text);
    harness.drafts.set(DRAFT.toString(), withSidecar);
    harness.analysed.fire(withSidecar);
    await refreshed;
    assert.deepEqual(harness.refreshes, ['markdown.preview.refresh']);
  });

  it('shades uncited assertions in review mode and refreshes the preview when the setting changes', async () => {
    const text = 'On 10 May 2022, Marcelo Pecci was shot dead in Colombia.\n';
    const harness = setUp();
    harness.drafts.set(DRAFT.toString(), analysedDraft(text));
    assert.doesNotMatch(harness.render(text), /sourced-uncited/);
    const refreshed = harness.nextRefresh();
    harness.setReviewMode(true);
    harness.configurationChanged.fire({ affectsConfiguration: (section: string) => 'sourced.preview.reviewMode'.startsWith(section) });
    await refreshed;
    assert.match(harness.render(text), /<span class="sourced-uncited" title="Uncited assertion: [^"]*">/);
  });
});
