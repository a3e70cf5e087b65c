/**
 * Find All References of a source or an entity across the workspace: every citation of the key and every
 * mention of the entity in every draft whose catalog resolves the key to the same definition (two drafts may
 * each define their own `fdd-2022`), the definition itself, and the claims and entities inside sidecars that
 * list the source. Works from a draft (on a key or a mention) and from a sidecar or registry (on a key). A key
 * defined only in a front matter bibliography (`bibliography: refs.bib`) has its entry in that file as the
 * declaration and the citations of the drafts that read the same file as its uses.
 */
import * as vscode from 'vscode';
import type { DocumentAnalysis } from '../../core/analysis';
import { analyzeDocument, type LintInput } from '../../core/lint';
import { BibliographyCache, loadDraftBibliographies } from '../../core/project';
import { sourceReferenceSpans, type KeyedSection } from '../../core/sidecar/edits';
import { loadSidecar, type LoadedSidecar } from '../../core/sidecar/load';
import { LineIndex } from '../../core/text/lineIndex';
import type { Span } from '../../core/types';
import { spanToRange, toUri } from '../convert';
import type { DraftStore, Services } from '../draftStore';
import { DRAFT_SELECTOR, isDraftLanguage } from '../liveAnalysis';
import {
  CATALOG_FILE_SELECTOR,
  citationItems,
  keyOnly,
  rangeInFile,
  resolveDefinition,
  symbolAt,
  type ResolvedDefinition,
} from './definition';

/** A draft as it is now (open text, even unsaved, else the disk), analysed against its catalog. */
export interface WorkspaceDraft {
  uri: vscode.Uri;
  analysis: DocumentAnalysis;
  /** The draft's own sidecar as read now, when it exists. */
  sidecar?: LoadedSidecar;
}

/** Bibliography files read for navigation, re-read only when their text changed (a library can be large). */
const navigationBibliographies = new BibliographyCache();

/**
 * Analyses a draft for navigation without publishing anything: the stored analysis when it is of the current
 * text, else a fresh one built the way the store builds it.
 */
export async function analyseForNavigation(store: DraftStore, uri: vscode.Uri): Promise<WorkspaceDraft | undefined> {
  const text = await store.readText(uri);
  if (text === undefined) return undefined;
  const sidecarUri = store.sidecarUriFor(uri);
  const sidecarText = await store.readText(sidecarUri);
  const stored = store.get(uri);
  if (stored && stored.input.text === text && stored.input.sidecar?.text === sidecarText) {
    return { uri, analysis: stored.result.analysis, sidecar: stored.input.sidecar };
  }
  const project = await store.projectFor(uri);
  const sidecar = sidecarText === undefined ? undefined : loadSidecar(sidecarUri.toString(), sidecarText);
  // The front matter bibliography belongs to the catalog too: without it, a draft citing a key from refs.bib would
  // not resolve that key to refs.bib, and its citations would be missing from the references.
  const reader = { readText: (location: string) => store.readText(toUri(location)) };
  const bibliography = await loadDraftBibliographies(uri.toString(), text, reader, navigationBibliographies);
  const input: LintInput = {
    uri: uri.toString(),
    text,
    sidecar,
    registries: project.registries,
    extraSources: bibliography.sources,
    settings: project.settings,
  };
  return { uri, analysis: analyzeDocument(input), sidecar };
}

/** Whether a draft's catalog resolves `key` to the entry `definition` describes. */
export function resolvesTo(draft: WorkspaceDraft, definition: ResolvedDefinition): boolean {
  const record =
    definition.section === 'sources' ? draft.analysis.catalog.sources.get(definition.key) : draft.analysis.catalog.entities.get(definition.key);
  return record !== undefined && (record.origin.uri === definition.file.uri || record.origin.uri === definition.uri.toString());
}

/** Where a key is used in one draft: citation keys (without `@`) or entity mentions. */
export function usesInDraft(analysis: DocumentAnalysis, section: KeyedSection, key: string): Span[] {
  if (section === 'entities') return analysis.mentions.filter((mention) => mention.entityId === key).map((mention) => mention.span);
  return citationItems(analysis)
    .filter((item) => item.key === key)
    .map((item) => keyOnly(analysis.text, item.keySpan));
}

/** Every draft of the workspace that resolves the definition's key to it, analysed now. */
export async function draftsUsing(
  store: DraftStore,
  definition: ResolvedDefinition,
  token?: vscode.CancellationToken,
): Promise<WorkspaceDraft[]> {
  const drafts: WorkspaceDraft[] = [];
  const uris = await store.findDrafts(token);
  // Drafts open in the editor but outside the workspace (or untitled) count too; files the project ignores do not.
  for (const document of vscode.workspace.textDocuments) {
    if (!isDraftLanguage(document) || uris.some((uri) => uri.toString() === document.uri.toString())) continue;
    if (!(await store.isIgnored(document.uri))) uris.push(document.uri);
  }
  for (const uri of uris) {
    if (token?.isCancellationRequested) return [];
    const draft = await analyseForNavigation(store, uri);
    if (draft && resolvesTo(draft, definition)) drafts.push(draft);
  }
  return drafts;
}

/** Every location of a key: the definition (optionally), the uses in drafts and the references inside sidecars. */
export async function findAllReferences(
  store: DraftStore,
  definition: ResolvedDefinition,
  includeDeclaration: boolean,
  token?: vscode.CancellationToken,
): Promise<vscode.Location[]> {
  const locations: vscode.Location[] = [];
  if (includeDeclaration) locations.push(new vscode.Location(definition.uri, rangeInFile(definition.file, definition.keySpan)));
  const drafts = await draftsUsing(store, definition, token);
  for (const draft of drafts) {
    const lines = draft.analysis.lines;
    for (const span of usesInDraft(draft.analysis, definition.section, definition.key)) {
      locations.push(new vscode.Location(draft.uri, spanToRange(lines, span)));
    }
    if (definition.section === 'sources' && draft.sidecar && draft.sidecar.uri !== definition.uri.toString()) {
      locations.push(...referencesInFile(draft.sidecar, definition.key));
    }
  }
  // A bibliography file is not in the sidecar format: nothing in it refers to a key except its own entry.
  if (definition.kind === 'catalog' && definition.section === 'sources') {
    locations.push(...referencesInFile(definition.file, definition.key, await store.readText(definition.uri)));
  }
  return locations;
}

function referencesInFile(file: LoadedSidecar, key: string, currentText?: string): vscode.Location[] {
  const text = currentText ?? file.text;
  const lines = currentText === undefined ? file.lines : new LineIndex(text);
  const uri = vscode.Uri.parse(file.uri);
  return sourceReferenceSpans(text, key).map((span) => new vscode.Location(uri, spanToRange(lines, span)));
}

class SourcedReferenceProvider implements vscode.ReferenceProvider {
  constructor(private readonly store: DraftStore) {}

  async provideReferences(
    document: vscode.TextDocument,
    position: vscode.Position,
    context: vscode.ReferenceContext,
    token: vscode.CancellationToken,
  ): Promise<vscode.Location[] | undefined> {
    const symbol = await symbolAt(this.store, document, position, token);
    if (!symbol) return undefined;
    const definition = await resolveDefinition(this.store, document, symbol.section, symbol.key, symbol.draft);
    if (!definition || token.isCancellationRequested) return undefined;
    return findAllReferences(this.store, definition, context.includeDeclaration, token);
  }
}

/** Registers Find All References for drafts, sidecars and registries. */
export function activate(context: vscode.ExtensionContext, services: Services): void {
  const provider = new SourcedReferenceProvider(services.store);
  context.subscriptions.push(
    vscode.languages.registerReferenceProvider(DRAFT_SELECTOR, provider),
    vscode.languages.registerReferenceProvider(CATALOG_FILE_SELECTOR, provider),
  );
}
