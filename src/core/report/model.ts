/**
 * Builds the citation report of one draft from a lint result: the numbers an editor signs off on before
 * publication. Pure and deterministic (same input, same report), so the CLI's three formats and the editor's
 * panel always agree. Findings of other rules are read by rule id only (`claim-stale`, `uncited-assertion`), so
 * the report needs no change when a rule is added.
 */
import type { DocumentAnalysis } from '../analysis';
import { citedShare, isCited, isCoveredByPrevious, isExcused } from '../claims/citedShare';
import type { LintResult } from '../lint';
import { claimSourceKey } from '../sidecar/schema';
import type { LineIndex } from '../text/lineIndex';
import { basename } from '../text/uri';
import { spansOverlap, type Finding, type ReportedSeverity, type Span } from '../types';
import {
  REPORT_FORMAT,
  REPORT_VERSION,
  type CitationReport,
  type ReportClaim,
  type ReportEntity,
  type ReportProblem,
  type ReportSource,
  type ReportTarget,
  type ReportUncited,
} from './schema';

/** The rule ids whose findings the report reads. */
export const REPORT_RULES = { uncited: 'uncited-assertion', stale: 'claim-stale' } as const;

/** What the report needs besides the lint result. */
export interface ReportOptions {
  /**
   * Line indexes of the YAML files the catalog came from (the sidecar and registries: `LoadedSidecar` has both
   * fields), so rows can point at a definition. A file missing here gets no target.
   */
  files?: ReadonlyArray<{ uri: string; lines: LineIndex }>;
  /** How the draft is named in the title (a path relative to the project); defaults to the file name. */
  draftName?: string;
  /** When the report was made (ISO 8601); omitted from the report when absent. */
  generatedAt?: string;
}

const SEVERITY_ORDER: readonly ReportedSeverity[] = ['error', 'warning', 'info', 'hint'];

/** Builds the report model; never throws on any lint result. */
export function buildCitationReport(result: LintResult, options: ReportOptions = {}): CitationReport {
  const { analysis, findings } = result;
  const lineIndexes = new Map<string, LineIndex>([[analysis.uri, analysis.lines]]);
  for (const file of options.files ?? []) lineIndexes.set(file.uri, file.lines);
  const targetOf = (uri: string, span: Span): ReportTarget | undefined => {
    const lines = lineIndexes.get(uri);
    if (!lines) return undefined;
    const range = lines.rangeOf(span);
    return { uri, range, line: range.start.line + 1 };
  };
  const draftTarget = (span: Span) => targetOf(analysis.uri, span)!;

  const share = citedShare(analysis);
  const uncited = uncitedRows(analysis, findings, draftTarget);
  const claims = claimRows(analysis, findings, targetOf);
  const sources = sourceRows(analysis, targetOf);
  const entities = entityRows(analysis, draftTarget);
  const needing = share.cited + share.uncited;

  const report: CitationReport = {
    format: REPORT_FORMAT,
    version: REPORT_VERSION,
    draft: { uri: analysis.uri, name: options.draftName ?? basename(analysis.uri) },
    summary: {
      assertions: share.assertions,
      cited: share.cited,
      uncited: share.uncited,
      excused: share.excused,
      citedPercent: needing === 0 ? null : Math.round((share.cited / needing) * 100),
      claims: {
        total: claims.length,
        verified: claims.filter((claim) => claim.status === 'verified').length,
        disputed: claims.filter((claim) => claim.status === 'disputed').length,
        unverified: claims.filter((claim) => claim.status === 'unverified').length,
        stale: claims.filter((claim) => claim.stale).length,
      },
      sources: {
        total: sources.length,
        used: sources.filter((source) => !source.unused).length,
        unused: sources.filter((source) => source.unused).length,
        withoutArchive: sources.filter((source) => !source.hasArchive).length,
      },
      entities: { mentioned: entities.length, mentions: analysis.mentions.length },
    },
    claims,
    sources,
    uncited,
    entities,
    problems: problemCounts(findings),
  };
  if (options.generatedAt !== undefined) report.generatedAt = options.generatedAt;
  return report;
}

function uncitedRows(analysis: DocumentAnalysis, findings: readonly Finding[], target: (span: Span) => ReportTarget): ReportUncited[] {
  // The rule reports each sentence over the sentence's own span, so the start finds it without a scan.
  const reported = new Map<number, Finding>();
  for (const finding of findings) if (finding.ruleId === REPORT_RULES.uncited && finding.uri === analysis.uri) reported.set(finding.span.start, finding);
  const rows: ReportUncited[] = [];
  const { sentences } = analysis;
  for (let index = 0; index < sentences.length; index++) {
    const sentence = sentences[index];
    if (!sentence.assertion || isCited(sentence) || isExcused(analysis, sentence) || isCoveredByPrevious(sentences, index)) continue;
    const finding = reported.get(sentence.span.start);
    const row: ReportUncited = {
      text: readable(sentence.text),
      reasons: sentence.assertion.cues.map((cue) => cue.label),
      confidence: clamp01(sentence.assertion.confidence),
      target: target(sentence.span),
    };
    if (finding) {
      row.message = finding.message;
      row.severity = finding.severity;
    }
    rows.push(row);
  }
  return rows;
}

function claimRows(
  analysis: DocumentAnalysis,
  findings: readonly Finding[],
  targetOf: (uri: string, span: Span) => ReportTarget | undefined,
): ReportClaim[] {
  const anchors = new Map(analysis.claimAnchors.map((anchor) => [anchor.claimIndex, anchor]));
  const staleFindings = findings.filter((finding) => finding.ruleId === REPORT_RULES.stale);
  return analysis.catalog.claims.map((record): ReportClaim => {
    const anchor = anchors.get(record.index);
    const { claim } = record;
    const anchoredAt = anchor?.status !== 'orphaned' ? anchor?.span : undefined;
    const stale = staleFindings.find((finding) => staleFindingIsAbout(finding, record.index, record.origin, anchoredAt));
    const row: ReportClaim = {
      index: record.index,
      text: readable(claim.text),
      status: claim.status,
      stale: stale !== undefined,
      anchor: anchor?.status ?? 'orphaned',
      sources: claim.sources.map(claimSourceKey),
    };
    if (stale) row.staleReason = stale.message;
    if (claim.reviewer !== undefined) row.reviewer = claim.reviewer;
    if (claim.reviewed !== undefined) row.reviewed = String(claim.reviewed);
    if (claim.note !== undefined && claim.note.trim() !== '') row.note = claim.note;
    const target = anchoredAt ? targetOf(analysis.uri, anchoredAt) : targetOf(record.origin.uri, record.origin.span);
    if (target) row.target = target;
    return row;
  });
}

/**
 * Whether a `claim-stale` finding concerns a claim. The rule is expected to say which claim in `data.claimIndex`
 * (as the other claim rules do); without it, the finding's place decides: over the claim in the sidecar or over
 * its text in the draft.
 */
function staleFindingIsAbout(finding: Finding, index: number, origin: { uri: string; span: Span }, anchoredAt: Span | undefined): boolean {
  const claimIndex = finding.data?.claimIndex;
  if (typeof claimIndex === 'number') return claimIndex === index;
  if (finding.uri === origin.uri && spansOverlap(finding.span, origin.span)) return true;
  return anchoredAt !== undefined && finding.uri !== origin.uri && spansOverlap(finding.span, anchoredAt);
}

function sourceRows(analysis: DocumentAnalysis, targetOf: (uri: string, span: Span) => ReportTarget | undefined): ReportSource[] {
  const citations = new Map<string, number>();
  const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  for (const citation of analysis.markdown.citations) for (const item of citation.items) bump(citations, item.key);
  const claims = new Map<string, number>();
  for (const { claim } of analysis.catalog.claims) for (const key of new Set(claim.sources.map(claimSourceKey))) bump(claims, key);
  // Mirrors the unused-source rule: a key named by an entity or by a footnote definition is used too.
  const otherwiseUsed = new Set<string>();
  for (const { entity } of analysis.catalog.entities.values()) for (const key of entity.sources ?? []) otherwiseUsed.add(key);
  for (const definition of analysis.markdown.footnoteDefinitions) for (const item of definition.keys) otherwiseUsed.add(item.key);

  const ownSidecar = analysis.catalog.sidecarUri;
  const rows: ReportSource[] = [];
  for (const record of analysis.catalog.sources.values()) {
    const citationCount = citations.get(record.key) ?? 0;
    const claimCount = claims.get(record.key) ?? 0;
    const fromRegistry = record.origin.uri !== ownSidecar;
    // A shared registry may hold hundreds of sources; only those this draft uses belong in its report.
    if (fromRegistry && citationCount === 0 && claimCount === 0) continue;
    const { source } = record;
    const row: ReportSource = {
      key: record.key,
      title: readable(source.title),
      authors: source.author === undefined ? [] : Array.isArray(source.author) ? [...source.author] : [source.author],
      hasArchive: source.archive !== undefined,
      citations: citationCount,
      claims: claimCount,
      timesCited: citationCount + claimCount,
      unused: !fromRegistry && citationCount === 0 && claimCount === 0 && !otherwiseUsed.has(record.key),
      fromRegistry,
    };
    if (source.publisher !== undefined) row.publisher = source.publisher;
    if (source.date !== undefined) row.date = String(source.date);
    if (source.accessed !== undefined) row.accessed = String(source.accessed);
    if (source.url !== undefined) row.url = source.url;
    if (source.archive !== undefined) row.archive = source.archive;
    const target = targetOf(record.origin.uri, record.origin.keySpan);
    if (target) row.target = target;
    rows.push(row);
  }
  return rows.sort((a, b) => compareText(a.key, b.key));
}

function entityRows(analysis: DocumentAnalysis, target: (span: Span) => ReportTarget): ReportEntity[] {
  const byId = new Map<string, Span[]>();
  for (const mention of analysis.mentions) {
    let spans = byId.get(mention.entityId);
    if (!spans) byId.set(mention.entityId, (spans = []));
    spans.push(mention.span);
  }
  const rows: ReportEntity[] = [];
  for (const [id, spans] of byId) {
    const record = analysis.catalog.entities.get(id);
    spans.sort((a, b) => a.start - b.start);
    const mentions = spans.map(target);
    rows.push({
      id,
      name: record?.entity.name ?? id,
      kind: record?.entity.kind ?? analysis.mentions.find((mention) => mention.entityId === id)?.kind ?? 'other',
      mentionCount: spans.length,
      lines: [...new Set(mentions.map((mention) => mention.line))],
      mentions,
    });
  }
  return rows.sort((a, b) => b.mentionCount - a.mentionCount || compareText(a.name, b.name) || compareText(a.id, b.id));
}

function problemCounts(findings: readonly Finding[]): ReportProblem[] {
  const counts = new Map<string, ReportProblem>();
  for (const finding of findings) {
    const key = `${finding.severity}\u0000${finding.ruleId}`;
    const existing = counts.get(key);
    if (existing) existing.count++;
    else counts.set(key, { ruleId: finding.ruleId, severity: finding.severity, count: 1 });
  }
  return [...counts.values()].sort(
    (a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) || b.count - a.count || compareText(a.ruleId, b.ruleId),
  );
}

/** Visible text for a row: the engine's placeholder characters dropped, whitespace collapsed. */
function readable(text: string): string {
  return text.replace(/[\uE000\uFFFC]/g, '').replace(/\s+/g, ' ').trim();
}

function clamp01(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
}

/** Code-unit order: the same on every machine and locale, so the JSON output is stable. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A copy of the report with every file location passed through `map` (the CLI makes them relative to its folder). */
export function mapReportUris(report: CitationReport, map: (uri: string) => string): CitationReport {
  const target = <T extends ReportTarget | undefined>(value: T): T => (value ? { ...value, uri: map(value.uri) } : value);
  return {
    ...report,
    draft: { ...report.draft, uri: map(report.draft.uri) },
    claims: report.claims.map((claim) => ({ ...claim, target: target(claim.target) })),
    sources: report.sources.map((source) => ({ ...source, target: target(source.target) })),
    uncited: report.uncited.map((row) => ({ ...row, target: target(row.target) })),
    entities: report.entities.map((entity) => ({ ...entity, mentions: entity.mentions.map((mention) => target(mention)) })),
  };
}
