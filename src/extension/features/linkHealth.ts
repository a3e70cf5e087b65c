/**
 * "Sourced: Check Source Links": checks the `url` and `archive` of the sources of the active draft (or of every
 * sidecar in the workspace) and shows `link-broken` / `link-no-archive` as diagnostics at those values. It runs
 * only when asked — never on open, save or typing — and never in an untrusted workspace. Requests go through the
 * extension host's fetch, with the checking rules the CLI uses (src/core/links/check.ts). Outcomes are cached
 * for a day in the workspace state; the diagnostics follow edits of a checked sidecar.
 */
import * as vscode from 'vscode';
import { resolveSettings, type ResolvedSettings } from '../../core/config';
import { rateFindings } from '../../core/lint';
import { cachedOutcome, DEFAULT_LINK_CACHE_TTL_MS, parseLinkCache, rememberOutcomes, serializeLinkCache } from '../../core/links/cache';
import { checkLinks, type LinkOutcome } from '../../core/links/check';
import { fetchRequester, type FetchLike } from '../../core/links/fetchRequester';
import { linkFindings } from '../../core/links/findings';
import { linkTargetsOf, type LinkTarget } from '../../core/links/targets';
import { loadSidecar, type LoadedSidecar } from '../../core/sidecar/load';
import type { Finding } from '../../core/types';
import { CONFIGURATION_SECTION, readEngineSettings } from '../config';
import { findingToDiagnostic, toUri } from '../convert';
import type { DraftStore, Services } from '../draftStore';
import { linkCheckRefusal, progressMessage, summaryMessage } from './linkHealthModel';
import { isDraftLanguage } from '../liveAnalysis';

/** The command id (contributed in package.json). */
export const CHECK_SOURCE_LINKS_COMMAND = 'sourced.checkSourceLinks';

const CACHE_STATE_KEY = 'sourced.linkCache';
const USER_AGENT = 'Sourced for VS Code (link check; +https://github.com/sourced-md/sourced)';

/** Options a caller (a test, a future menu) may pass after the target URI. */
export interface CheckSourceLinksOptions {
  /** False to ignore and not update the cache (default true). */
  useCache?: boolean;
}

/** What a run of the command did, returned to callers such as the integration tests. */
export type CheckSourceLinksResult =
  | { status: 'refused'; reason: string }
  | { status: 'nothing-to-check'; files: string[] }
  | { status: 'done' | 'cancelled'; files: string[]; outcomes: LinkOutcome[]; findings: Finding[] };

interface CheckedFile {
  settings: ResolvedSettings;
}

/** Keeps the link diagnostics and re-derives them when a checked sidecar is edited. */
class LinkHealth implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('sourced-links');
  private readonly outcomes = new Map<string, LinkOutcome>();
  private readonly checked = new Map<string, CheckedFile>();
  private running: Promise<CheckSourceLinksResult> | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly services: Services,
  ) {}

  run(argument: unknown, options: CheckSourceLinksOptions = {}): Promise<CheckSourceLinksResult> {
    // One check at a time: a second click while one runs shows the same progress instead of doubling the requests.
    if (this.running) return this.running;
    this.running = this.check(argument, options).finally(() => (this.running = undefined));
    return this.running;
  }

  private async check(argument: unknown, options: CheckSourceLinksOptions): Promise<CheckSourceLinksResult> {
    const refusal = linkCheckRefusal(vscode.workspace);
    if (refusal) {
      const manage = 'Manage Workspace Trust';
      void vscode.window.showWarningMessage(refusal, manage).then((choice) => {
        if (choice === manage) void vscode.commands.executeCommand('workbench.trust.manage');
      });
      this.services.output.info('Link check refused: the workspace is not trusted.');
      return { status: 'refused', reason: refusal };
    }

    if (typeof globalThis.fetch !== 'function') {
      void vscode.window.showErrorMessage('Sourced cannot check links here: this editor offers extensions no way to make HTTP requests (fetch).');
      return { status: 'refused', reason: 'no fetch in this extension host' };
    }

    const files = await this.gatherFiles(argument);
    const targets = linkTargetsOf(files.map(({ file }) => file));
    const fileUris = files.map(({ file }) => file.uri);
    if (targets.length === 0) {
      void vscode.window.showInformationMessage(
        files.length === 0 ? 'Sourced found no sidecar to check.' : 'No source has a url or archive to check.',
      );
      return { status: 'nothing-to-check', files: fileUris };
    }

    const useCache = options.useCache !== false;
    const cache = parseLinkCache(useCache ? this.context.workspaceState.get<string>(CACHE_STATE_KEY) : undefined);
    const outcomes = new Map<string, LinkOutcome>();
    const toCheck: string[] = [];
    for (const url of new Set(targets.map((target) => target.checkUrl))) {
      const cached = useCache ? cachedOutcome(cache, url, Date.now(), DEFAULT_LINK_CACHE_TTL_MS) : undefined;
      if (cached) outcomes.set(url, cached);
      else toCheck.push(url);
    }

    let cancelled = false;
    const checked = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Sourced: checking source links', cancellable: true },
      async (progress, token) => {
        const abort = new AbortController();
        const subscription = token.onCancellationRequested(() => {
          cancelled = true;
          abort.abort();
        });
        try {
          return await checkLinks(toCheck, {
            request: fetchRequester(globalThis.fetch as unknown as FetchLike),
            userAgent: USER_AGENT,
            signal: abort.signal,
            onOutcome: (outcome, done, total) => progress.report({ increment: 100 / total, message: progressMessage(done, total, outcome.url) }),
          });
        } finally {
          subscription.dispose();
        }
      },
    );
    for (const [url, outcome] of checked) outcomes.set(url, outcome);
    if (useCache) {
      rememberOutcomes(cache, checked.values());
      await this.context.workspaceState.update(CACHE_STATE_KEY, serializeLinkCache(cache, Date.now()));
    }

    for (const [url, outcome] of outcomes) this.outcomes.set(url, outcome);
    const findings: Finding[] = [];
    for (const { file, settings } of files) {
      this.checked.set(file.uri, { settings });
      findings.push(...this.publish(file, settings, targets.filter((target) => target.uri === file.uri)));
    }
    this.log(outcomes.values());
    const withoutArchive = findings.filter((finding) => finding.ruleId === 'link-no-archive').length;
    const showProblems = 'Show Problems';
    void vscode.window.showInformationMessage(summaryMessage(outcomes.values(), withoutArchive), showProblems).then((choice) => {
      if (choice === showProblems) void vscode.commands.executeCommand('workbench.actions.view.problems');
    });
    return { status: cancelled ? 'cancelled' : 'done', files: fileUris, outcomes: [...outcomes.values()], findings };
  }

  /** Publishes the findings of one file from the outcomes known so far. */
  private publish(file: LoadedSidecar, settings: ResolvedSettings, targets: readonly LinkTarget[]): Finding[] {
    const findings = rateFindings(linkFindings(targets, this.outcomes), settings);
    this.collection.set(toUri(file.uri), findings.map(findingToDiagnostic));
    return findings;
  }

  /** After an edit of a checked sidecar: the same outcomes, at the URLs' new places; new URLs wait for the next check. */
  refresh(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    const checked = this.checked.get(key);
    if (!checked) return;
    const file = loadSidecar(key, document.getText());
    this.publish(file, checked.settings, linkTargetsOf([file]));
  }

  forget(uri: vscode.Uri): void {
    this.checked.delete(uri.toString());
    this.collection.delete(uri);
  }

  /** The sidecars and registries to check: of the draft or sidecar given or active, else of the whole workspace. */
  private async gatherFiles(argument: unknown): Promise<Array<{ file: LoadedSidecar; settings: ResolvedSettings }>> {
    const store = this.services.store;
    const target = argument instanceof vscode.Uri ? argument : activeDraftOrSidecar(store);
    let sidecars: vscode.Uri[];
    if (target) sidecars = [store.isSidecar(target) ? target : store.sidecarUriFor(target)];
    else sidecars = await vscode.workspace.findFiles('**/*.sources.yaml', '**/node_modules/**');
    const gathered = new Map<string, { file: LoadedSidecar; settings: ResolvedSettings }>();
    for (const sidecarUri of sidecars) {
      const project = await store.projectFor(sidecarUri);
      const editorSettings = readEngineSettings(vscode.workspace.getConfiguration(CONFIGURATION_SECTION, sidecarUri)).settings;
      const settings = resolveSettings(editorSettings, project.config?.value);
      const text = await store.readText(sidecarUri);
      const own = text === undefined ? [] : [loadSidecar(sidecarUri.toString(), text)];
      for (const file of [...own, ...project.registries]) if (!gathered.has(file.uri)) gathered.set(file.uri, { file, settings });
    }
    return [...gathered.values()];
  }

  private log(outcomes: Iterable<LinkOutcome>): void {
    for (const outcome of outcomes) {
      if (outcome.verdict === 'ok') this.services.output.trace(`Link ok: ${outcome.url} (${outcome.reason}${outcome.fromCache ? ', cached' : ''})`);
      else this.services.output.info(`Link ${outcome.verdict}: ${outcome.url} (${outcome.reason})`);
    }
  }

  dispose(): void {
    this.collection.dispose();
    this.outcomes.clear();
    this.checked.clear();
  }
}

/** The active editor's document when it is a Markdown draft or a sidecar. */
function activeDraftOrSidecar(store: DraftStore): vscode.Uri | undefined {
  const document = vscode.window.activeTextEditor?.document;
  if (!document || document.uri.scheme === 'untitled') return undefined;
  if (store.isSidecar(document.uri) || isDraftLanguage(document)) return document.uri;
  return undefined;
}

/** Registers the command and keeps its diagnostics in step with edits of the checked sidecars. */
export function activate(context: vscode.ExtensionContext, services: Services): void {
  const health = new LinkHealth(context, services);
  context.subscriptions.push(
    health,
    vscode.commands.registerCommand(CHECK_SOURCE_LINKS_COMMAND, (argument?: unknown, options?: CheckSourceLinksOptions) => health.run(argument, options)),
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.contentChanges.length > 0) health.refresh(event.document);
    }),
    vscode.workspace.onDidDeleteFiles((event) => {
      for (const uri of event.files) health.forget(uri);
    }),
  );
}
