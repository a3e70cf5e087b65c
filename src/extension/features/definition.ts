/**
 * Go to Definition: from a citation key or an entity mention in a draft, and from a claim's (or entity's) source
 * key in a sidecar, to the entry that defines it in the sidecar, a shared registry, or a bibliography the draft's
 * front matter names (the BibTeX key, the CSL item's id, or an inline `references:` id). The symbol resolution here
 * ("what is under the cursor, and which file defines it") is shared with hover, references and rename, so the
 * four always agree.
 */
import * as vscode from 'vscode';
import type { DocumentAnalysis } from '../../core/analysis';
import { sidecarDefinitionSpan, sidecarSymbolAt, type KeyedSection } from '../../core/sidecar/edits';
import { loadSidecar, type LoadedSidecar } from '../../core/sidecar/load';
import type { Entity, Source } from '../../core/sidecar/schema';
import { LineIndex } from '../../core/text/lineIndex';
import { basename } from '../../core/text/uri';
import type { Span } from '../../core/types';
import { spanToRange, toUri } from '../convert';
import type { AnalysedDraft, DraftStore, Services } from '../draftStore';
import { DRAFT_SELECTOR, isDraftLanguage } from '../liveAnalysis';

/** Documents the language features serve besides drafts (DRAFT_SELECTOR): the YAML files that define sources and entities. */
export const CATALOG_FILE_SELECTOR: vscode.DocumentSelector = [{ language: 'yaml' }];

/** A source key or an entity id, wherever it was found. */
export interface SymbolAtPosition {
  section: KeyedSection;
  key: string;
  /** The key as written at the cursor (without `@`, quotes included in YAML). */
  range: vscode.Range;
  /** Whether the cursor is on the defining key in a sidecar or registry. */
  isDefinition: boolean;
  /** The analysis of the draft the cursor is in (drafts only). */
  draft?: AnalysedDraft;
}

/** What every definition says: the key, and where its entry and its key are in which file. */
interface DefinitionCommon {
  section: KeyedSection;
  key: string;
  uri: vscode.Uri;
  keySpan: Span;
  span: Span;
}

/** A key defined in a sidecar or a shared registry: Sourced's own files, which it can edit. */
export interface CatalogDefinition extends DefinitionCommon {
  kind: 'catalog';
  file: LoadedSidecar;
  value: Source | Entity;
}

/** A bibliography file as read now (or, for inline `references:`, the draft itself). */
export interface BibliographyFile {
  uri: string;
  text: string;
  lines: LineIndex;
}

/** A source key defined only in a front matter bibliography (`bibliography: refs.bib` or `references:`). */
export interface BibliographyDefinition extends DefinitionCommon {
  kind: 'bibliography';
  section: 'sources';
  file: BibliographyFile;
  value: Source;
  /** Whether it is an inline `references:` item of the draft's front matter rather than a bibliography file. */
  inline: boolean;
  /** How a message names the place: "refs.bib", or "the front matter of cargo.md" for inline references. */
  label: string;
}

/** Where a key is defined: the file, the entry and the key. */
export type ResolvedDefinition = CatalogDefinition | BibliographyDefinition;

/** How often a feature asks again when its analysis was overtaken by another request for the same draft. */
const ANALYSIS_ATTEMPTS = 3;
/** How long a request overtaken every time waits for someone else's analysis of the same text. */
const ANNOUNCEMENT_WAIT_MS = 10_000;

/** The latest analysis of an open draft, analysing it now when the stored one is of an older version. */
export async function currentAnalysis(store: DraftStore, document: vscode.TextDocument, token?: vscode.CancellationToken): Promise<AnalysedDraft | undefined> {
  const isCurrent = (draft: AnalysedDraft | undefined): draft is AnalysedDraft =>
    draft !== undefined && draft.version === document.version && draft.input.text === document.getText();
  for (let attempt = 0; attempt < ANALYSIS_ATTEMPTS && !token?.isCancellationRequested; attempt++) {
    const stored = store.get(document.uri);
    if (isCurrent(stored)) return stored;
    // The store drops a result when a newer request for the same draft started meanwhile (the live analysis of
    // the editor, typically); that request may have finished by now, else this one asks again.
    const analysed = await store.analyse(document, token);
    if (analysed) return analysed;
  }
  if (token?.isCancellationRequested) return store.get(document.uri);
  // Right after a draft opens the live analysis restarts more often than we ask (editor shown, document opened,
  // debounce), overtaking every request: take the first current result the store announces, whoever asked.
  return new Promise((resolve) => {
    let settled = false;
    const finish = (draft: AnalysedDraft | undefined) => {
      if (settled) return;
      settled = true;
      announced.dispose();
      cancelled?.dispose();
      clearTimeout(deadline);
      resolve(draft);
    };
    const announced = store.onDidAnalyse((draft) => {
      if (draft.uri.toString() === document.uri.toString() && isCurrent(draft)) finish(draft);
    });
    const cancelled = token?.onCancellationRequested(() => finish(store.get(document.uri)));
    const deadline = setTimeout(() => finish(store.get(document.uri)), ANNOUNCEMENT_WAIT_MS);
    const stored = store.get(document.uri);
    if (isCurrent(stored)) finish(stored);
  });
}

/** Whether a YAML document is a sidecar or a registry (a file in the sidecar format), not any YAML file. */
export function isCatalogFile(document: vscode.TextDocument): boolean {
  if (document.uri.path.endsWith('.sources.yaml')) return true;
  // Registries have free names; a top-level `sources:` or `entities:` section is what marks them.
  return /^(sources|entities):/m.test(document.getText());
}

/** The citation key, entity mention or sidecar key under `position`. */
export async function symbolAt(
  store: DraftStore,
  document: vscode.TextDocument,
  position: vscode.Position,
  token?: vscode.CancellationToken,
): Promise<SymbolAtPosition | undefined> {
  const offset = document.offsetAt(position);
  if (isDraftLanguage(document)) {
    const draft = await currentAnalysis(store, document, token);
    if (!draft) return undefined;
    const found = draftSymbolAt(draft.result.analysis, offset);
    if (!found) return undefined;
    return { ...found, range: spanToRange(document, found.span), isDefinition: false, draft };
  }
  if (!isCatalogFile(document)) return undefined;
  const symbol = sidecarSymbolAt(document.getText(), offset);
  if (!symbol) return undefined;
  return { section: symbol.section, key: symbol.key, range: spanToRange(document, symbol.span), isDefinition: symbol.role === 'definition' };
}

/** The cited key or the entity mention at `offset` of an analysed draft. The span excludes the `@`. */
export function draftSymbolAt(analysis: DocumentAnalysis, offset: number): { section: KeyedSection; key: string; span: Span } | undefined {
  for (const item of citationItems(analysis)) {
    if (item.keySpan.start <= offset && offset <= item.keySpan.end) return { section: 'sources', key: item.key, span: keyOnly(analysis.text, item.keySpan) };
  }
  const mention = analysis.mentions.find((candidate) => candidate.span.start <= offset && offset < candidate.span.end);
  if (mention) return { section: 'entities', key: mention.entityId, span: mention.span };
  return undefined;
}

/** Every cited key of a draft: in citations, and in footnote definitions (which cite through `[^label]`). */
export function citationItems(analysis: DocumentAnalysis): Array<{ key: string; keySpan: Span }> {
  const items: Array<{ key: string; keySpan: Span }> = [];
  for (const citation of analysis.markdown.citations) {
    // A footnote citation repeats the keys of its definition; those are listed once, from the definition.
    if (citation.kind === 'footnote') continue;
    items.push(...citation.items);
  }
  for (const definition of analysis.markdown.footnoteDefinitions) items.push(...definition.keys);
  return items.sort((a, b) => a.keySpan.start - b.keySpan.start);
}

/** The key without the `@` (or `-@`) that introduces it. */
export function keyOnly(text: string, keySpan: Span): Span {
  let start = keySpan.start;
  while (start < keySpan.end && (text[start] === '@' || text[start] === '-')) start++;
  return { start, end: keySpan.end };
}

/**
 * Finds the entry that defines `key`. From a draft, its catalog says (own sidecar first, then the registries).
 * From a YAML file: the file itself, then the registries of its project.
 */
export async function resolveDefinition(
  store: DraftStore,
  from: vscode.TextDocument | vscode.Uri,
  section: KeyedSection,
  key: string,
  draft?: AnalysedDraft,
): Promise<ResolvedDefinition | undefined> {
  const fromUri = from instanceof vscode.Uri ? from : from.uri;
  if (draft) {
    const record = section === 'sources' ? draft.result.analysis.catalog.sources.get(key) : draft.result.analysis.catalog.entities.get(key);
    if (!record) return undefined;
    const file = [draft.input.sidecar, ...(draft.input.registries ?? [])].find((candidate) => candidate?.uri === record.origin.uri);
    if (file) {
      const value = section === 'sources' ? (record as { source: Source }).source : (record as { entity: Entity }).entity;
      return { kind: 'catalog', section, key, file, uri: toUri(file.uri), keySpan: record.origin.keySpan, span: record.origin.span, value };
    }
    if (section !== 'sources') return undefined;
    return bibliographyDefinition(store, draft, key, (record as { source: Source }).source, record.origin);
  }
  const text = from instanceof vscode.Uri ? await store.readText(from) : from.getText();
  const candidates: LoadedSidecar[] = [];
  if (text !== undefined) candidates.push(loadSidecar(fromUri.toString(), text));
  const draftUri = store.draftUriFor(fromUri);
  const project = await store.projectFor(draftUri ?? fromUri).catch(() => undefined);
  for (const registry of project?.registries ?? []) if (registry.uri !== fromUri.toString()) candidates.push(registry);
  const found = findInFiles(candidates, section, key);
  if (found || section !== 'sources' || !draftUri) return found;
  // A claim in a sidecar may cite a key its draft's front matter bibliography defines; the draft's analysis knows
  // it (only an analysed draft: resolving must not start an analysis that publishes diagnostics).
  const analysed = store.get(draftUri);
  const record = analysed?.result.analysis.catalog.sources.get(key);
  if (!analysed || !record || candidates.some((candidate) => candidate.uri === record.origin.uri)) return undefined;
  return bibliographyDefinition(store, analysed, key, record.source, record.origin);
}

/** The definition of a key that a draft's front matter bibliography (or its inline `references:`) provides. */
async function bibliographyDefinition(
  store: DraftStore,
  draft: AnalysedDraft,
  key: string,
  value: Source,
  origin: { uri: string; keySpan: Span; span: Span },
): Promise<BibliographyDefinition | undefined> {
  const inline = origin.uri === draft.input.uri;
  // The spans are those of the text the analysis read; the store re-analyses the draft when the file changes.
  const text = inline ? draft.input.text : await store.readText(toUri(origin.uri));
  if (text === undefined) return undefined;
  return {
    kind: 'bibliography',
    section: 'sources',
    key,
    file: { uri: origin.uri, text, lines: new LineIndex(text) },
    uri: toUri(origin.uri),
    keySpan: unquoted(text, origin.keySpan),
    span: origin.span,
    value,
    inline,
    label: inline ? `the front matter of ${basename(origin.uri)}` : basename(origin.uri),
  };
}

/** A CSL-JSON `"id"` (or a quoted CSL YAML id) is a string: the key is the text inside its quotes. */
function unquoted(text: string, span: Span): Span {
  const quote = text[span.start];
  if (span.end - span.start >= 2 && (quote === '"' || quote === "'") && text[span.end - 1] === quote) return { start: span.start + 1, end: span.end - 1 };
  return span;
}

/** When the key a draft cites is defined only in its front matter bibliography, how to name that place. */
export function bibliographyLabel(draft: AnalysedDraft, key: string): string | undefined {
  const record = draft.result.analysis.catalog.sources.get(key);
  if (!record) return undefined;
  const { uri } = record.origin;
  if ([draft.input.sidecar, ...(draft.input.registries ?? [])].some((file) => file?.uri === uri)) return undefined;
  return uri === draft.input.uri ? `the front matter of ${basename(uri)}` : basename(uri);
}

/** The first file (in catalog precedence) that defines `key`. */
export function findInFiles(files: readonly LoadedSidecar[], section: KeyedSection, key: string): CatalogDefinition | undefined {
  for (const file of files) {
    const value = section === 'sources' ? file.usable.sources[key] : file.usable.entities[key];
    if (!value) continue;
    const where = sidecarDefinitionSpan(file.text, section, key);
    if (!where) continue;
    return { kind: 'catalog', section, key, file, uri: toUri(file.uri), keySpan: where.keySpan, span: where.span, value };
  }
  return undefined;
}

/** The range of a span of a loaded file (its own line index, which matches the open document when open). */
export function rangeInFile(file: { lines: LineIndex } | { text: string }, span: Span): vscode.Range {
  const lines = 'lines' in file ? file.lines : new LineIndex(file.text);
  return spanToRange(lines, span);
}

class SourcedDefinitionProvider implements vscode.DefinitionProvider {
  constructor(private readonly store: DraftStore) {}

  async provideDefinition(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.LocationLink[] | undefined> {
    const symbol = await symbolAt(this.store, document, position, token);
    if (!symbol || token.isCancellationRequested) return undefined;
    const definition = await resolveDefinition(this.store, document, symbol.section, symbol.key, symbol.draft);
    if (!definition) return undefined;
    return [
      {
        originSelectionRange: symbol.range,
        targetUri: definition.uri,
        targetRange: rangeInFile(definition.file, definition.span),
        targetSelectionRange: rangeInFile(definition.file, definition.keySpan),
      },
    ];
  }
}

/** Registers Go to Definition for drafts, sidecars and registries. */
export function activate(context: vscode.ExtensionContext, services: Services): void {
  const provider = new SourcedDefinitionProvider(services.store);
  context.subscriptions.push(
    vscode.languages.registerDefinitionProvider(DRAFT_SELECTOR, provider),
    vscode.languages.registerDefinitionProvider(CATALOG_FILE_SELECTOR, provider),
  );
}
