/**
 * Rename of a source key or an entity id. A source key is renamed where it is defined (sidecar or registry), in
 * every `[@key]` / `@key` of every draft that resolves it there, in footnote definitions, and in the claims and
 * entities of sidecars that list it. An entity id lives only in sidecars: the names in the prose are the writer's
 * words and are not touched. A key defined only in a front matter bibliography is renamed in that file (the
 * BibTeX key, the CSL item's id, or the id of an inline `references:` item) and in every citation of every draft
 * that reads it from there.
 */
import * as vscode from 'vscode';
import type { DocumentAnalysis } from '../../core/analysis';
import { renameKey, sourceReferenceSpans, type KeyedSection, type SidecarEdit } from '../../core/sidecar/edits';
import { bibliographyFormatOf } from '../../core/bibliography/bibliography';
import { bibliographyKeyEdit } from '../../core/bibliography/renameKey';
import { ENTITY_ID_PATTERN, SOURCE_KEY_PATTERN } from '../../core/sidecar/schema';
import { LineIndex } from '../../core/text/lineIndex';
import { basename } from '../../core/text/uri';
import { spanToRange } from '../convert';
import type { AnalysedDraft, DraftStore, Services } from '../draftStore';
import { CATALOG_FILE_SELECTOR, resolveDefinition, symbolAt, type BibliographyDefinition, type ResolvedDefinition, type SymbolAtPosition } from './definition';
import { DRAFT_SELECTOR } from '../liveAnalysis';
import { draftsUsing, usesInDraft } from './references';

/** Why `newKey` cannot name an entry of `section`, or undefined when it can. */
export function invalidNewKey(section: KeyedSection, newKey: string): string | undefined {
  if (section === 'sources' && !SOURCE_KEY_PATTERN.test(newKey)) {
    return `"${newKey}" is not a valid citation key: start with a letter, digit or _, and use only letters, digits and _ : . / - # $ % & + ? < > ~ inside.`;
  }
  if (section === 'entities' && !ENTITY_ID_PATTERN.test(newKey)) {
    return `"${newKey}" is not a valid entity id: start with a letter, digit or _, and use only letters, digits, _ . and - after it.`;
  }
  return undefined;
}

/** The edit of the key inside the bibliography that defines it, or why the file cannot be edited. */
function bibliographyDefinitionEdits(definition: BibliographyDefinition, text: string, newKey: string): SidecarEdit[] {
  const format = definition.inline ? 'csl-yaml' : bibliographyFormatOf(definition.file.uri, text);
  if (!format) throw new Error(`${definition.label} is not a bibliography Sourced can edit; rename ${definition.key} there.`);
  const edit = bibliographyKeyEdit(text, format, definition.keySpan, definition.key, newKey);
  if ('problem' in edit) throw new Error(`${definition.label}: ${edit.problem}.`);
  return [edit];
}

function addEdits(edit: vscode.WorkspaceEdit, uri: vscode.Uri, text: string, edits: readonly SidecarEdit[]): void {
  const lines = new LineIndex(text);
  for (const change of edits) edit.replace(uri, spanToRange(lines, change.span), change.newText);
}

/** The workspace edit that renames the key `definition` names to `newKey` everywhere it is used. */
export async function renameEdit(
  store: DraftStore,
  definition: ResolvedDefinition,
  newKey: string,
  token?: vscode.CancellationToken,
): Promise<vscode.WorkspaceEdit> {
  const { section, key } = definition;
  const problem = invalidNewKey(section, newKey);
  if (problem) throw new Error(problem);
  const definitionText = await store.readText(definition.uri);
  if (definitionText === undefined) throw new Error(`${basename(definition.uri.path)} no longer exists.`);
  let definitionEdits: SidecarEdit[];
  if (definition.kind === 'bibliography') {
    definitionEdits = bibliographyDefinitionEdits(definition, definitionText, newKey);
  } else {
    definitionEdits = renameKey(definitionText, section, key, newKey);
    if (definitionEdits.length === 0) {
      const taken = section === 'sources' ? definition.file.usable.sources[newKey] : definition.file.usable.entities[newKey];
      throw new Error(
        taken
          ? `${basename(definition.uri.path)} already defines "${newKey}".`
          : `${basename(definition.uri.path)} cannot be edited safely (fix its YAML errors first).`,
      );
    }
  }
  const edit = new vscode.WorkspaceEdit();
  addEdits(edit, definition.uri, definitionText, definitionEdits);
  if (section === 'entities') return edit;

  const drafts = await draftsUsing(store, definition, token);
  for (const draft of drafts) {
    // A draft that already cites (or defines) the new key elsewhere would silently merge two sources.
    const clash = draft.analysis.catalog.sources.get(newKey);
    if (clash) throw new Error(`"${newKey}" is already a source of ${basename(draft.uri.path)} (defined in ${basename(clash.origin.uri)}).`);
    // The definition's own file already has its edits.
    const sidecar = draft.sidecar && draft.sidecar.uri !== definition.uri.toString() ? draft.sidecar : undefined;
    addCitationEdits(edit, draft.uri, draft.analysis, sidecar, key, newKey);
  }
  return edit;
}

/** Renames `key` in every citation of a draft and in the claims of its sidecar. */
function addCitationEdits(
  edit: vscode.WorkspaceEdit,
  draftUri: vscode.Uri,
  analysis: DocumentAnalysis,
  sidecar: { uri: string; text: string } | undefined,
  key: string,
  newKey: string,
): void {
  addEdits(edit, draftUri, analysis.text, usesInDraft(analysis, 'sources', key).map((span) => ({ span, newText: newKey })));
  if (!sidecar) return;
  const references = sourceReferenceSpans(sidecar.text, key);
  addEdits(edit, vscode.Uri.parse(sidecar.uri), sidecar.text, references.map((span) => ({ span, newText: newKey })));
}

/**
 * The edit that renames a citation key nothing defines, in the draft that cites it and its sidecar's claims:
 * usually a misspelt key fixed in every citation at once (renaming it to a key that is defined is the point).
 */
export function undefinedKeyRenameEdit(draft: AnalysedDraft, key: string, newKey: string): vscode.WorkspaceEdit {
  const problem = invalidNewKey('sources', newKey);
  if (problem) throw new Error(problem);
  const edit = new vscode.WorkspaceEdit();
  addCitationEdits(edit, draft.uri, draft.result.analysis, draft.input.sidecar, key, newKey);
  return edit;
}

/** A citation key under the cursor in an analysed draft: renamable in that draft even when nothing defines it. */
function citedInDraft(symbol: SymbolAtPosition): symbol is SymbolAtPosition & { draft: AnalysedDraft } {
  return symbol.section === 'sources' && symbol.draft !== undefined;
}

class SourcedRenameProvider implements vscode.RenameProvider {
  constructor(private readonly store: DraftStore) {}

  async prepareRename(
    document: vscode.TextDocument,
    position: vscode.Position,
    token: vscode.CancellationToken,
  ): Promise<{ range: vscode.Range; placeholder: string } | undefined> {
    const symbol = await symbolAt(this.store, document, position, token);
    if (!symbol) throw new Error('Only a citation key or an entity id can be renamed here.');
    const definition = await resolveDefinition(this.store, document, symbol.section, symbol.key, symbol.draft);
    // A key nothing defines is still renamed in the draft's citations (a misspelt key fixed everywhere at once).
    // Refusing here would not stop the rename: VS Code would hand it to the built-in Markdown provider, which
    // renames a single occurrence.
    if (!definition && !citedInDraft(symbol)) {
      throw new Error(`"${symbol.key}" is not defined in a sidecar or registry, so there is nothing to rename. Add the source first.`);
    }
    return { range: symbol.range, placeholder: symbol.key };
  }

  async provideRenameEdits(
    document: vscode.TextDocument,
    position: vscode.Position,
    newName: string,
    token: vscode.CancellationToken,
  ): Promise<vscode.WorkspaceEdit | undefined> {
    const symbol = await symbolAt(this.store, document, position, token);
    if (!symbol) return undefined;
    const definition = await resolveDefinition(this.store, document, symbol.section, symbol.key, symbol.draft);
    if (!definition && !citedInDraft(symbol)) return undefined;
    // Writers type the key as they cite it; the `@` is not part of the key.
    const newKey = newName.trim().replace(/^@/, '');
    if (newKey === symbol.key) return new vscode.WorkspaceEdit();
    try {
      if (!definition) return undefinedKeyRenameEdit(symbol.draft!, symbol.key, newKey);
      return await renameEdit(this.store, definition, newKey, token);
    } catch (error) {
      // A refusal thrown here would make VS Code try the next rename provider: the built-in Markdown one, which
      // reads `[@key]` as a link reference and renames half the citations. An empty edit stops it; the message
      // says why nothing happened.
      void vscode.window.showWarningMessage(`Rename: ${error instanceof Error ? error.message : String(error)}`);
      return new vscode.WorkspaceEdit();
    }
  }
}

/** Registers rename for drafts, sidecars and registries. */
export function activate(context: vscode.ExtensionContext, services: Services): void {
  const provider = new SourcedRenameProvider(services.store);
  context.subscriptions.push(
    vscode.languages.registerRenameProvider(DRAFT_SELECTOR, provider),
    vscode.languages.registerRenameProvider(CATALOG_FILE_SELECTOR, provider),
  );
}
