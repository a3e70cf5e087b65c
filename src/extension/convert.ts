/**
 * The one place where the engine's types become VS Code's and back: locations, spans and ranges, findings and
 * diagnostics. Everything else in the extension goes through these, so an off-by-one can live in one file only.
 */
import * as vscode from 'vscode';
import type { LineIndex } from '../core/text/lineIndex';
import { ruleDocsUrl } from '../core/rules/ids';
import type { Finding, Position, Range, ReportedSeverity, Span } from '../core/types';

/** The `source` of every diagnostic the extension publishes (shown in the Problems panel). */
export const DIAGNOSTIC_SOURCE = 'sourced';

/**
 * A location string of the engine as a URI. The extension hands the engine `uri.toString()`, so these are URIs;
 * a bare path (from a test or a future caller) is read as a file path.
 */
export function toUri(location: string): vscode.Uri {
  if (/^[a-zA-Z][\w+.-]+:/.test(location)) return vscode.Uri.parse(location, true);
  return vscode.Uri.file(location);
}

/** The engine's string for a URI (what `LintInput.uri` and `Finding.uri` hold). */
export function toLocation(uri: vscode.Uri): string {
  return uri.toString();
}

/** Whether an engine location and a URI name the same file. */
export function isSameLocation(location: string, uri: vscode.Uri): boolean {
  return location === uri.toString() || toUri(location).toString() === uri.toString();
}

export function toVsPosition(position: Position): vscode.Position {
  return new vscode.Position(position.line, position.character);
}

export function toVsRange(range: Range): vscode.Range {
  return new vscode.Range(position(range.start), position(range.end));
}

function position(value: Position): vscode.Position {
  return new vscode.Position(Math.max(0, value.line), Math.max(0, value.character));
}

export function toCorePosition(value: vscode.Position): Position {
  return { line: value.line, character: value.character };
}

export function toCoreRange(range: vscode.Range): Range {
  return { start: toCorePosition(range.start), end: toCorePosition(range.end) };
}

/** A span of a text as a range, through the text's line index (the engine's or the document's, they agree). */
export function spanToRange(lines: LineIndex | vscode.TextDocument, span: Span): vscode.Range {
  if ('rangeOf' in lines) return toVsRange(lines.rangeOf(span));
  return new vscode.Range(lines.positionAt(span.start), lines.positionAt(span.end));
}

/** A document range as a span of UTF-16 offsets. */
export function rangeToSpan(document: vscode.TextDocument, range: vscode.Range): Span {
  return { start: document.offsetAt(range.start), end: document.offsetAt(range.end) };
}

/** The diagnostic severity of an engine severity. */
export function toDiagnosticSeverity(severity: ReportedSeverity): vscode.DiagnosticSeverity {
  switch (severity) {
    case 'error':
      return vscode.DiagnosticSeverity.Error;
    case 'warning':
      return vscode.DiagnosticSeverity.Warning;
    case 'info':
      return vscode.DiagnosticSeverity.Information;
    case 'hint':
      return vscode.DiagnosticSeverity.Hint;
  }
}

/** Rules whose findings point at something nobody uses: VS Code greys those out. */
const UNNECESSARY_RULES: ReadonlySet<string> = new Set(['unused-source', 'footnote-unused']);

/** The diagnostic that shows a finding: same rule id as the CLI, linked to the rule's documentation. */
export function findingToDiagnostic(finding: Finding): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(toVsRange(finding.range), finding.message, toDiagnosticSeverity(finding.severity));
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = { value: finding.ruleId, target: vscode.Uri.parse(ruleDocsUrl(finding.ruleId)) };
  if (finding.related && finding.related.length > 0) {
    diagnostic.relatedInformation = finding.related.map(
      (related) => new vscode.DiagnosticRelatedInformation(new vscode.Location(toUri(related.uri), toVsRange(related.range)), related.message),
    );
  }
  if (UNNECESSARY_RULES.has(finding.ruleId)) diagnostic.tags = [vscode.DiagnosticTag.Unnecessary];
  return diagnostic;
}

/** The rule id of a diagnostic this extension published, or undefined for anyone else's diagnostic. */
export function ruleIdOf(diagnostic: vscode.Diagnostic): string | undefined {
  if (diagnostic.source !== DIAGNOSTIC_SOURCE) return undefined;
  const code = diagnostic.code;
  if (typeof code === 'object' && code !== null) return String(code.value);
  return code === undefined ? undefined : String(code);
}

/** Escapes text so that Markdown shows it literally (sidecar text is untrusted). */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~&:]/g, (character) => `\\${character}`);
}

/** An untrusted Markdown string: no command links, no HTML; append sidecar text only through `appendText`. */
export function untrustedMarkdown(): vscode.MarkdownString {
  const markdown = new vscode.MarkdownString('', false);
  markdown.isTrusted = false;
  markdown.supportHtml = false;
  return markdown;
}
