/**
 * Publishes the engine's findings as diagnostics. One draft's analysis yields findings in several files (the
 * draft, its sidecar, shared registries, `.sourced.yaml`), and a registry is shared by many drafts, so findings
 * are kept per draft that produced them and each file's diagnostics are the de-duplicated union.
 */
import * as vscode from 'vscode';
import type { Finding } from '../core/types';
import { DIAGNOSTIC_SOURCE, findingToDiagnostic, toUri } from './convert';
import type { AnalysedDraft, Services } from './draftStore';

/** Keeps, per producing draft, the findings of its last analysis and publishes them per file. */
export class DiagnosticsPublisher implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE);
  /** Producing draft → its findings, grouped by the file they are in. */
  private readonly byProducer = new Map<string, Map<string, Finding[]>>();
  /** File → the drafts whose findings land in it. */
  private readonly producersOf = new Map<string, Set<string>>();

  /** Replaces the findings a draft produced with those of its latest analysis. */
  update(draft: AnalysedDraft): void {
    const producer = draft.uri.toString();
    const grouped = new Map<string, Finding[]>();
    for (const finding of [...draft.result.findings, ...draft.projectFindings]) {
      const file = normaliseLocation(finding.uri);
      let list = grouped.get(file);
      if (!list) grouped.set(file, (list = []));
      list.push(finding);
    }
    // A draft with no findings still owns its own file, so that it is cleared rather than left as it was.
    if (!grouped.has(producer)) grouped.set(producer, []);
    this.replace(producer, grouped);
  }

  /** Removes everything a draft produced (the draft was closed or deleted). */
  forget(draftUri: vscode.Uri): void {
    this.replace(draftUri.toString(), new Map());
  }

  private replace(producer: string, grouped: Map<string, Finding[]>): void {
    const previous = this.byProducer.get(producer);
    const touched = new Set<string>([...(previous?.keys() ?? []), ...grouped.keys()]);
    if (grouped.size > 0) this.byProducer.set(producer, grouped);
    else this.byProducer.delete(producer);
    for (const file of previous?.keys() ?? []) this.producersOf.get(file)?.delete(producer);
    for (const file of grouped.keys()) {
      let producers = this.producersOf.get(file);
      if (!producers) this.producersOf.set(file, (producers = new Set()));
      producers.add(producer);
    }
    for (const file of touched) this.publish(file);
  }

  private publish(file: string): void {
    const producers = this.producersOf.get(file);
    const uri = toUri(file);
    if (!producers || producers.size === 0) {
      this.producersOf.delete(file);
      this.collection.delete(uri);
      return;
    }
    const seen = new Set<string>();
    const diagnostics: vscode.Diagnostic[] = [];
    for (const producer of producers) {
      for (const finding of this.byProducer.get(producer)?.get(file) ?? []) {
        // The same registry problem arrives once per draft that includes the registry.
        const identity = `${finding.ruleId}\u0000${finding.span.start}\u0000${finding.span.end}\u0000${finding.message}`;
        if (seen.has(identity)) continue;
        seen.add(identity);
        diagnostics.push(findingToDiagnostic(finding));
      }
    }
    this.collection.set(uri, diagnostics);
  }

  dispose(): void {
    this.collection.dispose();
    this.byProducer.clear();
    this.producersOf.clear();
  }
}

/** Engine locations are `uri.toString()` already; re-serialising makes other spellings of the same URI agree. */
function normaliseLocation(location: string): string {
  return toUri(location).toString();
}

/** Registers the diagnostics publisher: every stored analysis is shown, every forgotten draft cleared. */
export function activate(context: vscode.ExtensionContext, services: Services): void {
  const publisher = new DiagnosticsPublisher();
  context.subscriptions.push(
    publisher,
    services.store.onDidAnalyse((draft) => publisher.update(draft)),
    services.store.onDidForget((uri) => publisher.forget(uri)),
  );
  for (const uri of services.store.analysedUris()) {
    const draft = services.store.get(uri);
    if (draft) publisher.update(draft);
  }
}
