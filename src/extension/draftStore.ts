/**
 * The editor's memory of analysed drafts: it gathers everything a draft is checked against (its sidecar, the
 * project's `.sourced.yaml` and the registries it includes — open documents first, even unsaved, then the disk),
 * runs the engine on the unsaved text and keeps the latest result per draft. Every feature reads from here, so a
 * draft is analysed once per change however many features look at it.
 */
import * as vscode from 'vscode';
import ignore, { type Ignore } from 'ignore';
import { draftCandidatesFor, DRAFT_GLOB } from '../core/draftFiles';
import { draftPathFor, PROJECT_CONFIG_FILE, resolveSettings, sidecarPathFor, SIDECAR_SUFFIX, type Settings } from '../core/config';
import { lintDocument, type LintInput, type LintResult } from '../core/lint';
import { BibliographyCache, findProjectConfig, loadDraftBibliographies, loadProjectContext, type FileReader, type ProjectContext, isIgnoredByProject } from '../core/project';
import { loadSidecar, type LoadedSidecar } from '../core/sidecar/load';
import { dirname } from '../core/text/uri';
import type { Finding } from '../core/types';
import { toUri } from './convert';

/** One analysis of a draft, at one version of its text. */
export interface AnalysedDraft {
  uri: vscode.Uri;
  /** Document version analysed (0 when read from disk); compare with `document.version` to spot stale results. */
  version: number;
  /** Includes `input.sidecar` (when the draft has one) and `input.registries`. */
  input: LintInput;
  result: LintResult;
  /** Problems in `.sourced.yaml` and in the registries it includes, rated with the draft's severities. */
  projectFindings: Finding[];
}

/** What every feature module is given by the composition root. */
export interface Services {
  store: DraftStore;
  output: vscode.LogOutputChannel;
}

/** The project a draft belongs to: its `.sourced.yaml` (if any) and the registries it includes. */
export interface LoadedProject extends ProjectContext {
  /** The folder whose config governs the draft (where the search for `.sourced.yaml` started). */
  folder: string;
}

interface ReleasedDraft {
  uri: vscode.Uri;
  sidecar?: string;
  registries: string[];
  dependsOnProject: boolean;
}

export interface DraftStoreOptions {
  output: vscode.LogOutputChannel;
  /** The editor's `sourced.*` settings for a resource; the project file overrides them. */
  editorSettings(uri: vscode.Uri): Settings;
}

/** Keeps the latest analysis of every draft the editor has looked at, and the files they are checked against. */
export class DraftStore implements vscode.Disposable {
  private readonly analyses = new Map<string, AnalysedDraft>();
  /**
   * Drafts whose analysis was dropped to save memory while their diagnostics stay (drafts that are not open,
   * linted by "Lint Workspace"): what they depend on, so that a change of it still re-lints them.
   */
  private readonly released = new Map<string, ReleasedDraft>();
  /** Bumped on every `analyse` call of a draft; a result whose generation is no longer current is dropped. */
  private readonly generations = new Map<string, number>();
  private generationCounter = 0;
  /** Loaded sidecars, reused while their text is unchanged so the engine's matcher cache (keyed by object) hits. */
  private readonly sidecars = new Map<string, LoadedSidecar>();
  /** Draft folder → the config that governs it. */
  private readonly configLocations = new Map<string, Promise<string | undefined>>();
  /** Config location ('' for "no config") → the loaded project. */
  private readonly projects = new Map<string, Promise<ProjectContext>>();
  private readonly analysedEmitter = new vscode.EventEmitter<AnalysedDraft>();
  private readonly forgottenEmitter = new vscode.EventEmitter<vscode.Uri>();
  private readonly reportedErrors = new Set<string>();
  /** Front matter bibliographies (`bibliography: refs.bib`), re-read only when their text changed. */
  private readonly bibliographies = new BibliographyCache();

  /** Fires after a draft was analysed and the result stored (stale results never fire). */
  readonly onDidAnalyse: vscode.Event<AnalysedDraft> = this.analysedEmitter.event;
  /** Fires when the store drops a draft's analysis (the draft was closed or deleted). */
  readonly onDidForget: vscode.Event<vscode.Uri> = this.forgottenEmitter.event;

  private readonly reader: FileReader = { readText: (location) => this.readText(toUri(location)) };

  constructor(private readonly options: DraftStoreOptions) {}

  /** The latest analysis of a draft, if any. */
  get(uri: vscode.Uri): AnalysedDraft | undefined {
    return this.analyses.get(uri.toString());
  }

  /** Every draft that currently has an analysis. */
  analysedUris(): vscode.Uri[] {
    return [...this.analyses.values()].map((draft) => draft.uri);
  }

  /** Every draft whose findings are shown: analysed ones and released ones. */
  trackedUris(): vscode.Uri[] {
    return [...this.analysedUris(), ...[...this.released.values()].map((draft) => draft.uri)];
  }

  /** Whether the store has, or had and released, an analysis of `uri`. */
  isTracked(uri: vscode.Uri): boolean {
    const key = uri.toString();
    return this.analyses.has(key) || this.released.has(key);
  }

  /**
   * Drops the analysis of a draft that is not open, keeping what it depends on: its diagnostics stay, and a change of
   * its sidecar or project still re-lints it. A workspace of a thousand drafts must not keep a thousand analyses.
   */
  release(uri: vscode.Uri): void {
    const key = uri.toString();
    const draft = this.analyses.get(key);
    if (!draft || this.openDocument(uri)) return;
    this.analyses.delete(key);
    this.released.set(key, {
      uri,
      sidecar: draft.input.sidecar?.uri,
      registries: (draft.input.registries ?? []).map((registry) => registry.uri),
      dependsOnProject: (draft.input.registries?.length ?? 0) > 0 || draft.projectFindings.length > 0,
    });
  }

  /** Analyses a draft now, on its unsaved text; undefined when cancelled or overtaken by a newer request. */
  async analyse(document: vscode.TextDocument, token?: vscode.CancellationToken): Promise<AnalysedDraft | undefined> {
    return this.run(document.uri, document.getText(), document.version, () => document.isClosed || document.version, token);
  }

  /** Analyses the open document if it is open, else the file on disk; undefined when missing or cancelled. */
  async analyseUri(uri: vscode.Uri, token?: vscode.CancellationToken): Promise<AnalysedDraft | undefined> {
    const open = this.openDocument(uri);
    if (open) return this.analyse(open, token);
    const text = await this.readText(uri);
    if (text === undefined || token?.isCancellationRequested) return undefined;
    // The file may have been opened while it was read; the open document is the truth then.
    const openedMeanwhile = this.openDocument(uri);
    if (openedMeanwhile) return this.analyse(openedMeanwhile, token);
    return this.run(uri, text, 0, () => (this.openDocument(uri) ? 'opened' : 0), token);
  }

  private async run(
    uri: vscode.Uri,
    text: string,
    version: number,
    currentVersion: () => number | boolean | string,
    token: vscode.CancellationToken | undefined,
  ): Promise<AnalysedDraft | undefined> {
    const key = uri.toString();
    const generation = ++this.generationCounter;
    this.generations.set(key, generation);
    const isStale = () =>
      token?.isCancellationRequested === true || this.generations.get(key) !== generation || currentVersion() !== version;
    try {
      const project = await this.projectFor(uri);
      // A file the project's `ignore:` says is not a draft (a README, a style guide) gets no findings, highlights
      // or hovers in the editor either, so that the editor and `sourced lint` in CI agree about it.
      if (isIgnoredByProject(project, key)) {
        if (!isStale()) this.forget(uri);
        return undefined;
      }
      const sidecar = uri.scheme === 'untitled' ? undefined : await this.loadSidecarFor(uri);
      const bibliography = await loadDraftBibliographies(key, text, this.reader, this.bibliographies);
      if (isStale()) return undefined;
      const settings = resolveSettings(this.options.editorSettings(uri), project.config?.value);
      const input: LintInput = { uri: key, text, sidecar, registries: project.registries, extraSources: bibliography.sources, settings };
      const started = performance.now();
      const result = lintDocument(input, token ?? undefined);
      const elapsed = performance.now() - started;
      if (isStale()) return undefined;
      this.options.output.trace(`Analysed ${vscode.workspace.asRelativePath(uri)} v${version} in ${elapsed.toFixed(1)} ms: ${result.findings.length} finding(s)`);
      for (const file of [sidecar, ...project.registries]) if (file) this.logProblemsOnce(file);
      if (project.config) this.logProblemsOnce(project.config);
      const projectFindings: Finding[] = [];
      for (const finding of [...project.findings, ...bibliography.findings]) {
        const severity = settings.rules[finding.ruleId as keyof typeof settings.rules] ?? 'error';
        if (severity !== 'off') projectFindings.push({ ...finding, severity });
      }
      const draft: AnalysedDraft = { uri, version, input, result, projectFindings };
      this.analyses.set(key, draft);
      this.released.delete(key);
      this.analysedEmitter.fire(draft);
      return draft;
    } catch (error) {
      // The engine promises never to throw; if it does anyway, the editor stays usable and says so once.
      this.reportOnce(`analysis of ${uri.toString(true)} failed`, error);
      return undefined;
    }
  }

  /** Drops the analysis of a draft (closed, deleted) and tells listeners so they can clear what they showed. */
  forget(uri: vscode.Uri): void {
    const key = uri.toString();
    this.generations.delete(key);
    const hadAnalysis = this.analyses.delete(key);
    if (this.released.delete(key) || hadAnalysis) this.forgottenEmitter.fire(uri);
  }

  /** The sidecar beside a draft: `cargo.md` → `cargo.sources.yaml`. */
  sidecarUriFor(draftUri: vscode.Uri): vscode.Uri {
    return draftUri.with({ path: sidecarPathFor(draftUri.path) });
  }

  /** The draft a sidecar belongs to; prefers an open or analysed `.markdown` draft over the default `.md`. */
  draftUriFor(sidecarUri: vscode.Uri): vscode.Uri | undefined {
    const draftPath = draftPathFor(sidecarUri.path);
    if (draftPath === undefined) return undefined;
    const stem = sidecarUri.path.slice(0, -SIDECAR_SUFFIX.length);
    const known = [...this.analyses.values()].map((draft) => draft.uri).concat(vscode.workspace.textDocuments.map((document) => document.uri));
    const sibling = known.find(
      (candidate) =>
        candidate.scheme === sidecarUri.scheme &&
        candidate.authority === sidecarUri.authority &&
        candidate.path !== sidecarUri.path &&
        sidecarPathFor(candidate.path) === sidecarUri.path &&
        candidate.path.startsWith(stem),
    );
    return sibling ?? sidecarUri.with({ path: draftPath });
  }

  /**
   * The draft a sidecar belongs to, looked for on disk too: `draftUriFor`'s answer when that draft is known or
   * exists, else whichever of `report.qmd`, `report.Rmd`, … exists. Undefined when none does.
   */
  async existingDraftFor(sidecarUri: vscode.Uri): Promise<vscode.Uri | undefined> {
    const known = this.draftUriFor(sidecarUri);
    if (!known) return undefined;
    if (this.analyses.has(known.toString()) || (await this.exists(known))) return known;
    const stem = sidecarUri.path.slice(0, -SIDECAR_SUFFIX.length);
    for (const path of draftCandidatesFor(stem)) {
      const candidate = sidecarUri.with({ path });
      if (candidate.path !== known.path && (await this.exists(candidate))) return candidate;
    }
    return undefined;
  }

  /** Whether `uri` names a sidecar (`*.sources.yaml`). */
  isSidecar(uri: vscode.Uri): boolean {
    return uri.path.endsWith(SIDECAR_SUFFIX);
  }

  /** Whether `uri` names a project config (`.sourced.yaml`). */
  isProjectConfig(uri: vscode.Uri): boolean {
    return uri.path.endsWith('/' + PROJECT_CONFIG_FILE);
  }

  /**
   * Forgets what was loaded from `uri` (a sidecar, a registry or a project config that changed in the editor or on
   * disk) and returns the analysed drafts that must be analysed again. `structural` (the file was created or
   * deleted) also reloads every project: a registry an include named may just have appeared.
   */
  invalidate(uri: vscode.Uri, structural = false): vscode.Uri[] {
    const key = uri.toString();
    if (this.isSidecar(uri)) {
      // The cached sidecar stays: it is re-read anyway and reused only while its text is unchanged.
      const draftKey = this.draftUriFor(uri)?.toString();
      return this.dependents((draft) => draft.uri.toString() === draftKey || draft.sidecar === key);
    }
    if (this.isProjectConfig(uri)) {
      // A config appearing or disappearing can change which config governs any folder.
      this.configLocations.clear();
      this.projects.clear();
      return this.trackedUris();
    }
    if (structural) {
      this.projects.clear();
      this.sidecars.delete(key);
      // Only drafts whose project includes registries (or names one that is missing) can be affected.
      return this.dependents((draft) => draft.dependsOnProject);
    }
    const affected = this.dependents((draft) => draft.registries.includes(key));
    if (affected.length > 0) this.projects.clear();
    return affected;
  }

  /** The tracked drafts (analysed or released) whose dependencies satisfy `test`. */
  private dependents(test: (draft: ReleasedDraft) => boolean): vscode.Uri[] {
    const found: vscode.Uri[] = [];
    for (const draft of this.analyses.values()) {
      const registries = (draft.input.registries ?? []).map((registry) => registry.uri);
      const dependsOnProject = registries.length > 0 || draft.projectFindings.length > 0;
      if (test({ uri: draft.uri, sidecar: draft.input.sidecar?.uri, registries, dependsOnProject })) found.push(draft.uri);
    }
    for (const draft of this.released.values()) if (test(draft)) found.push(draft.uri);
    return found;
  }

  /** Forgets every loaded project, config and sidecar (settings changed, folders added); the analyses stay. */
  invalidateAll(): void {
    this.configLocations.clear();
    this.projects.clear();
    this.sidecars.clear();
  }

  /** The project context of a draft: its governing `.sourced.yaml` and the registries that config includes. */
  async projectFor(draftUri: vscode.Uri): Promise<LoadedProject> {
    const folder = this.searchRootFor(draftUri);
    let location = this.configLocations.get(folder);
    if (!location) {
      location = folder ? findProjectConfig(folder, this.reader).catch(() => undefined) : Promise.resolve(undefined);
      this.configLocations.set(folder, location);
    }
    const configLocation = await location;
    const projectKey = configLocation ?? '';
    let project = this.projects.get(projectKey);
    if (!project) {
      project = loadProjectContext(configLocation, this.reader);
      this.projects.set(projectKey, project);
    }
    return { ...(await project), folder };
  }

  /** Where the search for `.sourced.yaml` starts: the draft's folder; untitled drafts use the first workspace folder. */
  private searchRootFor(draftUri: vscode.Uri): string {
    if (draftUri.scheme === 'untitled') return vscode.workspace.workspaceFolders?.[0]?.uri.toString() ?? '';
    return dirname(draftUri.toString());
  }

  private async loadSidecarFor(draftUri: vscode.Uri): Promise<LoadedSidecar | undefined> {
    const sidecarUri = this.sidecarUriFor(draftUri);
    const key = sidecarUri.toString();
    const text = await this.readText(sidecarUri);
    if (text === undefined) {
      this.sidecars.delete(key);
      return undefined;
    }
    const cached = this.sidecars.get(key);
    if (cached && cached.text === text) return cached;
    const loaded = loadSidecar(key, text);
    this.sidecars.set(key, loaded);
    return loaded;
  }

  /** Whether the project's `ignore:` list says this Markdown file is not a draft (a README, a style guide). */
  async isIgnored(uri: vscode.Uri): Promise<boolean> {
    return isIgnoredByProject(await this.projectFor(uri), uri.toString());
  }

  /**
   * Every draft of the workspace (Markdown, Quarto, R Markdown), honouring `files.exclude`, `node_modules` and each folder's root
   * `.gitignore`.
   */
  async findDrafts(token?: vscode.CancellationToken): Promise<vscode.Uri[]> {
    const exclude = excludeGlob(vscode.workspace.getConfiguration('files').get<Record<string, unknown>>('exclude') ?? {});
    const found = await vscode.workspace.findFiles(DRAFT_GLOB, exclude, undefined, token);
    if (token?.isCancellationRequested) return [];
    const ignores = new Map<string, Ignore | undefined>();
    const drafts: vscode.Uri[] = [];
    for (const uri of found) {
      const folder = vscode.workspace.getWorkspaceFolder(uri);
      if (folder) {
        const folderKey = folder.uri.toString();
        if (!ignores.has(folderKey)) ignores.set(folderKey, await this.gitignoreOf(folder.uri));
        const rules = ignores.get(folderKey);
        const relative = uri.path.slice(folder.uri.path.replace(/\/$/, '').length + 1);
        if (rules && relative && rules.ignores(relative)) continue;
      }
      // The project's own `ignore:` list (READMEs, style guides): the same files `sourced lint` skips.
      if (await this.isIgnored(uri)) continue;
      drafts.push(uri);
    }
    return drafts.sort((a, b) => (a.toString() < b.toString() ? -1 : a.toString() > b.toString() ? 1 : 0));
  }

  private async gitignoreOf(folder: vscode.Uri): Promise<Ignore | undefined> {
    const text = await this.readText(vscode.Uri.joinPath(folder, '.gitignore'));
    return text === undefined ? undefined : ignore().add(text);
  }

  /** Whether a document is open at `uri` or a file exists there, without reading it. */
  async exists(uri: vscode.Uri): Promise<boolean> {
    if (this.openDocument(uri)) return true;
    try {
      await vscode.workspace.fs.stat(uri);
      return true;
    } catch {
      return (await this.readText(uri)) !== undefined;
    }
  }

  /** The open document's text if open (even unsaved), else the file on disk; undefined when it does not exist. */
  async readText(uri: vscode.Uri): Promise<string | undefined> {
    const open = this.openDocument(uri);
    if (open) return open.getText();
    try {
      const bytes = await vscode.workspace.fs.readFile(uri);
      return new TextDecoder('utf-8').decode(bytes);
    } catch {
      // Missing, a folder, or unreadable: file systems disagree on the error, and every caller treats all three
      // as "no such file" (a sidecar that cannot be read is no sidecar).
      return undefined;
    }
  }

  private openDocument(uri: vscode.Uri): vscode.TextDocument | undefined {
    const key = uri.toString();
    return vscode.workspace.textDocuments.find((document) => document.uri.toString() === key);
  }

  /** Says once per distinct state of a file that it has problems; the diagnostics tell the details. */
  private logProblemsOnce(file: { uri: string; problems: ReadonlyArray<{ message: string }> }): void {
    if (file.problems.length === 0) return;
    const line = `${vscode.workspace.asRelativePath(toUri(file.uri))} has ${file.problems.length} problem(s), shown in the Problems panel; the first: ${file.problems[0].message}`;
    if (this.reportedErrors.has(line)) return;
    this.reportedErrors.add(line);
    this.options.output.warn(line);
  }

  private reportOnce(what: string, error: unknown): void {
    const message = `${what}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
    if (this.reportedErrors.has(message)) return;
    this.reportedErrors.add(message);
    this.options.output.error(message);
  }

  dispose(): void {
    this.analysedEmitter.dispose();
    this.forgottenEmitter.dispose();
    this.analyses.clear();
    this.released.clear();
    this.sidecars.clear();
    this.projects.clear();
    this.configLocations.clear();
  }
}

/** Turns `files.exclude` into one glob for `findFiles`, keeping `node_modules` out as search does. */
function excludeGlob(filesExclude: Record<string, unknown>): string {
  const patterns = Object.entries(filesExclude)
    .filter(([, enabled]) => enabled === true)
    .map(([pattern]) => pattern);
  patterns.push('**/node_modules/**');
  return patterns.length === 1 ? patterns[0] : `{${patterns.join(',')}}`;
}
