/**
 * Completion of citation keys: after `[@` (and `[see @`, `[-@`), after `; @` inside a bracketed citation, and
 * after an `@` that starts a word in running text (Pandoc's in-text form). Not inside code, and not in an e-mail
 * address. Each item shows the source's title and date; its documentation, the author and publisher.
 */
import * as vscode from 'vscode';
import type { SourceRecord } from '../../core/analysis';
import { basename } from '../../core/text/uri';
import type { DraftStore, Services } from '../draftStore';
import { sourceMarkdown } from './hover';
import { currentAnalysis } from './definition';
import { DRAFT_SELECTOR } from '../liveAnalysis';
import { untrustedMarkdown } from '../convert';

/** Characters a citation key may contain (Pandoc's, as SOURCE_KEY_PATTERN allows them inside a key). */
const KEY_CHARS = String.raw`[\p{L}\p{N}_:.\/\-#$%&+?<>~]`;
/** `@` opening a key: in brackets after `[`, `;` or a prefix word; in text after a space or an opening bracket. */
const KEY_BEFORE_CURSOR = new RegExp(String.raw`(?:^|[\s\[(;"“'‘])-?@(${KEY_CHARS}*)$`, 'u');
const KEY_AFTER_CURSOR = new RegExp(String.raw`^${KEY_CHARS}*`, 'u');

/** What is being typed at the cursor: the start of the key's text, or undefined when no key is being typed. */
export function keyBeingTyped(lineBefore: string): { typed: string } | undefined {
  const match = KEY_BEFORE_CURSOR.exec(lineBefore);
  if (!match) return undefined;
  return { typed: match[1] };
}

/**
 * Whether the cursor sits in code: an open inline code span on its line, an indented or fenced code block.
 * Scans lines above for fences, which is cheap enough per keystroke and does not depend on a stale analysis.
 */
export function isInCode(document: vscode.TextDocument, position: vscode.Position): boolean {
  const lineBefore = document.lineAt(position.line).text.slice(0, position.character);
  if ((lineBefore.match(/`+/g) ?? []).length % 2 === 1) return true;
  let fence: string | undefined;
  for (let line = 0; line < position.line; line++) {
    const text = document.lineAt(line).text;
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(text)?.[1];
    if (!marker) continue;
    if (!fence) fence = marker;
    else if (marker[0] === fence[0] && marker.length >= fence.length && /^ {0,3}[`~]+\s*$/.test(text)) fence = undefined;
  }
  return fence !== undefined;
}

function detail(record: SourceRecord): string {
  const { title, date } = record.source;
  return date ? `${title} (${date})` : title;
}

class CitationKeyCompletionProvider implements vscode.CompletionItemProvider {
  constructor(private readonly store: DraftStore) {}

  async provideCompletionItems(
    document: vscode.TextDocument,
    position: vscode.Position,
    token: vscode.CancellationToken,
  ): Promise<vscode.CompletionItem[] | undefined> {
    const line = document.lineAt(position.line).text;
    const typing = keyBeingTyped(line.slice(0, position.character));
    if (!typing || isInCode(document, position)) return undefined;
    // A stale analysis is fine here: only the catalog is read, and it changes with the sidecar, not the draft.
    const draft = this.store.get(document.uri) ?? (await currentAnalysis(this.store, document, token));
    if (!draft || token.isCancellationRequested) return undefined;
    const after = KEY_AFTER_CURSOR.exec(line.slice(position.character))?.[0] ?? '';
    const range = new vscode.Range(
      position.translate(0, -typing.typed.length),
      position.translate(0, after.length),
    );
    const items: vscode.CompletionItem[] = [];
    for (const record of draft.result.analysis.catalog.sources.values()) {
      const item = new vscode.CompletionItem({ label: record.key, description: record.source.date }, vscode.CompletionItemKind.Reference);
      item.detail = detail(record);
      item.filterText = `${record.key} ${record.source.title}`;
      item.insertText = record.key;
      item.range = { inserting: new vscode.Range(range.start, position), replacing: range };
      const documentation = untrustedMarkdown();
      const origin = record.origin.uri === draft.input.sidecar?.uri ? undefined : basename(record.origin.uri);
      documentation.appendMarkdown(sourceMarkdown(record.key, record.source, origin));
      item.documentation = documentation;
      items.push(item);
    }
    return items;
  }
}

/** Registers key completion in drafts, triggered by `@`. */
export function activate(context: vscode.ExtensionContext, services: Services): void {
  context.subscriptions.push(
    vscode.languages.registerCompletionItemProvider(DRAFT_SELECTOR, new CitationKeyCompletionProvider(services.store), '@'),
  );
}
