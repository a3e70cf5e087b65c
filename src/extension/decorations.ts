/**
 * Entity highlighting: every mention of a sidecar entity is tinted by its kind, with a mark in the overview ruler.
 * Decoration types are made once per kind and reused; decorations stay until the next analysis of the draft
 * arrives (VS Code moves them along with edits), and an editor is only repainted when what it shows changed.
 */
import * as vscode from 'vscode';
import type { EntityMention } from '../core/analysis';
import type { Span } from '../core/types';
import { ENTITY_KINDS, type EntityKind } from '../core/sidecar/schema';
import { CONFIGURATION_SECTION, effectsOf, readEditorOnlySettings } from './config';
import type { AnalysedDraft, DraftStore, Services } from './draftStore';
import { isDraftDocument } from './liveAnalysis';
import { entityColorIds } from './reviewModel';

/** What an editor currently shows for one kind: the spans, in the coordinates of its latest text. */
type Painted = Map<EntityKind, Span[]>;

/** Paints entity mentions into the visible editors of analysed drafts. */
export class EntityDecorations implements vscode.Disposable {
  private readonly types = new Map<EntityKind, vscode.TextEditorDecorationType>();
  private readonly painted = new WeakMap<vscode.TextEditor, Painted>();
  private enabled: boolean;
  /** How many times a kind's decorations were sent to an editor: tests check that unchanged analyses send none. */
  paintCount = 0;

  constructor(private readonly store: DraftStore) {
    this.enabled = readEditorOnlySettings(vscode.workspace.getConfiguration(CONFIGURATION_SECTION)).highlightEnabled;
  }

  get isEnabled(): boolean {
    return this.enabled;
  }

  setEnabled(enabled: boolean): void {
    if (enabled === this.enabled) return;
    this.enabled = enabled;
    this.repaintAll();
  }

  private typeFor(kind: EntityKind): vscode.TextEditorDecorationType {
    let type = this.types.get(kind);
    if (!type) {
      const colors = entityColorIds(kind);
      type = vscode.window.createTextEditorDecorationType({
        backgroundColor: new vscode.ThemeColor(colors.background),
        borderColor: new vscode.ThemeColor(colors.foreground),
        borderStyle: 'solid',
        borderWidth: '0 0 1px 0',
        overviewRulerColor: new vscode.ThemeColor(colors.foreground),
        overviewRulerLane: vscode.OverviewRulerLane.Right,
        // Typing at either edge of a mention must not stretch its highlight over the new letters.
        rangeBehavior: vscode.DecorationRangeBehavior.OpenOpen,
      });
      this.types.set(kind, type);
    }
    return type;
  }

  /** Repaints every visible editor of the draft that was just analysed. */
  onAnalysed(draft: AnalysedDraft): void {
    const key = draft.uri.toString();
    for (const editor of vscode.window.visibleTextEditors) {
      if (editor.document.uri.toString() !== key) continue;
      // An analysis of older text would paint mentions in the wrong places; the newer one is on its way.
      if (draft.version !== 0 && editor.document.version !== draft.version) continue;
      this.paint(editor, draft.result.analysis.mentions);
    }
  }

  /** Paints editors that became visible from what the store already knows. */
  paintVisible(editors: readonly vscode.TextEditor[] = vscode.window.visibleTextEditors): void {
    for (const editor of editors) {
      if (!isDraftDocument(editor.document)) continue;
      const draft = this.store.get(editor.document.uri);
      if (draft && draft.version === editor.document.version) this.paint(editor, draft.result.analysis.mentions);
    }
  }

  repaintAll(): void {
    for (const editor of vscode.window.visibleTextEditors) {
      if (!isDraftDocument(editor.document)) continue;
      const draft = this.store.get(editor.document.uri);
      this.paint(editor, draft ? draft.result.analysis.mentions : [], true);
    }
  }

  /** Clears a forgotten draft's editors. */
  clear(uri: vscode.Uri): void {
    for (const editor of vscode.window.visibleTextEditors) {
      if (editor.document.uri.toString() === uri.toString()) this.paint(editor, []);
    }
  }

  private paint(editor: vscode.TextEditor, mentions: readonly EntityMention[], force = false): void {
    const wanted: Painted = new Map(ENTITY_KINDS.map((kind) => [kind, []]));
    if (this.enabled) {
      for (const mention of mentions) wanted.get(mention.kind)?.push(mention.span);
    }
    const previous = force ? undefined : this.painted.get(editor);
    for (const kind of ENTITY_KINDS) {
      const spans = wanted.get(kind)!;
      const before = previous?.get(kind);
      // Creating a kind's type only when it is first needed keeps drafts without entities free of decorations.
      if (spans.length === 0 && !this.types.has(kind)) continue;
      if (before && sameSpans(before, spans)) continue;
      const document = editor.document;
      this.paintCount++;
      editor.setDecorations(
        this.typeFor(kind),
        spans.map((span) => new vscode.Range(document.positionAt(span.start), document.positionAt(span.end))),
      );
    }
    this.painted.set(editor, wanted);
  }

  /** The mentions an editor shows, per kind, as last sent to it (empty when highlighting is off). */
  shownIn(editor: vscode.TextEditor): Map<EntityKind, vscode.Range[]> {
    const shown = new Map<EntityKind, vscode.Range[]>();
    for (const [kind, spans] of this.painted.get(editor) ?? []) {
      if (spans.length > 0) {
        shown.set(kind, spans.map((span) => new vscode.Range(editor.document.positionAt(span.start), editor.document.positionAt(span.end))));
      }
    }
    return shown;
  }

  /**
   * Keeps the remembered spans in step with an edit, as VS Code keeps the painted ones: spans after the edit
   * shift; a span the edit touches is forgotten, so the next analysis repaints that kind whatever it finds.
   */
  onEdited(event: vscode.TextDocumentChangeEvent): void {
    if (event.contentChanges.length === 0) return;
    for (const editor of vscode.window.visibleTextEditors) {
      if (editor.document !== event.document) continue;
      const painted = this.painted.get(editor);
      if (!painted) continue;
      for (const change of event.contentChanges) {
        const start = change.rangeOffset;
        const end = change.rangeOffset + change.rangeLength;
        const delta = change.text.length - change.rangeLength;
        for (const [kind, spans] of painted) {
          if (spans.some((span) => span.start <= end && start <= span.end)) {
            painted.delete(kind);
            continue;
          }
          painted.set(
            kind,
            spans.map((span) => (span.start >= end ? { start: span.start + delta, end: span.end + delta } : span)),
          );
        }
      }
    }
  }

  dispose(): void {
    for (const type of this.types.values()) type.dispose();
    this.types.clear();
  }
}

function sameSpans(a: readonly Span[], b: readonly Span[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i].start !== b[i].start || a[i].end !== b[i].end) return false;
  }
  return true;
}

/** Registers entity highlighting; `sourced.highlight.enabled` turns it on and off without a reload. */
export function activate(context: vscode.ExtensionContext, services: Services): EntityDecorations {
  const decorations = new EntityDecorations(services.store);
  context.subscriptions.push(
    decorations,
    services.store.onDidAnalyse((draft) => decorations.onAnalysed(draft)),
    services.store.onDidForget((uri) => decorations.clear(uri)),
    vscode.workspace.onDidChangeTextDocument((event) => decorations.onEdited(event)),
    vscode.window.onDidChangeVisibleTextEditors((editors) => decorations.paintVisible(editors)),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (effectsOf(event).has('redraw')) {
        decorations.setEnabled(readEditorOnlySettings(vscode.workspace.getConfiguration(CONFIGURATION_SECTION)).highlightEnabled);
      }
    }),
  );
  decorations.paintVisible();
  return decorations;
}
