/**
 * What the review view and the status bar show for a draft, computed from one analysis. Pure (no 'vscode'), so
 * the counting rules are unit-tested: which assertions count as cited, how often each source is cited, which
 * claims need attention.
 */
import type { AnchorStatus, ClaimAnchor, DocumentAnalysis } from '../core/analysis';
import type { LintResult } from '../core/lint';
import { claimSourceKey, type ClaimStatus, type EntityKind } from '../core/sidecar/schema';
import { spansOverlap, type Finding, type Span } from '../core/types';

/** The rule whose findings the view lists and the navigation commands visit. */
export const UNCITED_RULE = 'uncited-assertion';

/** A place an item of the view reveals: a span of a file (the draft, its sidecar or a registry). */
export interface RevealTarget {
  uri: string;
  span: Span;
}

export type ReviewNodeKind =
  | 'group'
  | 'uncited'
  | 'claim'
  | 'source'
  | 'citation'
  | 'entity'
  | 'mention';

/** One row of the review view. Text that comes from the sidecar is kept apart (`tooltipLines`) as untrusted. */
export interface ReviewNode {
  /** Stable across refreshes, so expanded groups stay expanded while the writer types. */
  id: string;
  kind: ReviewNodeKind;
  label: string;
  description?: string;
  /** Plain text lines for the tooltip (shown escaped). */
  tooltipLines?: string[];
  /** A codicon id. */
  icon: string;
  /** A theme colour id for the icon. */
  iconColor?: string;
  target?: RevealTarget;
  children?: ReviewNode[];
  expanded?: boolean;
  /** For entities and mentions. */
  entityKind?: EntityKind;
}

/** The theme colour ids of an entity kind, as contributed in package.json (`contributes.colors`). */
export function entityColorIds(kind: EntityKind): { foreground: string; background: string } {
  return { foreground: `sourced.entity.${kind}`, background: `sourced.entity.${kind}Background` };
}

/** How many of a draft's assertions cite a source. */
export { citedShare, isCited, type CitedShare } from '../core/claims/citedShare';

/** The uncited-assertion findings in the draft itself, in document order. */
export function uncitedFindings(result: LintResult, draftLocation: string): Finding[] {
  return result.findings
    .filter((finding) => finding.ruleId === UNCITED_RULE && finding.uri === draftLocation)
    .sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
}

/**
 * The finding to go to from `offset`: the first that starts after it (forward) or the last that starts before it
 * (backward), wrapping around the document. `wrapped` says whether it went past the end.
 */
export function adjacentFinding(
  findings: readonly Finding[],
  offset: number,
  direction: 'next' | 'previous',
): { finding: Finding; wrapped: boolean } | undefined {
  if (findings.length === 0) return undefined;
  if (direction === 'next') {
    const next = findings.find((finding) => finding.span.start > offset);
    return next ? { finding: next, wrapped: false } : { finding: findings[0], wrapped: true };
  }
  for (let i = findings.length - 1; i >= 0; i--) {
    if (findings[i].span.start < offset) return { finding: findings[i], wrapped: false };
  }
  return { finding: findings[findings.length - 1], wrapped: true };
}

/** The claim groups, in the order the view shows them. */
export const CLAIM_GROUPS = ['verified', 'stale', 'disputed', 'unverified', 'orphaned', 'fuzzy'] as const;
export type ClaimGroup = (typeof CLAIM_GROUPS)[number];

const CLAIM_GROUP_LABELS: Record<ClaimGroup, string> = {
  verified: 'Verified',
  stale: 'Stale',
  disputed: 'Disputed',
  unverified: 'Unverified',
  orphaned: 'Orphaned',
  fuzzy: 'Fuzzy',
};

/**
 * Which group a claim belongs to: an anchoring problem comes first, then staleness (a verified claim whose text
 * or sources changed since, as the claim-stale rule reports it), then the status the writer gave it.
 */
export function claimGroupOf(status: ClaimStatus, anchor: AnchorStatus | undefined, stale = false): ClaimGroup {
  if (anchor === 'orphaned') return 'orphaned';
  if (anchor === 'fuzzy' || anchor === 'ambiguous') return 'fuzzy';
  if (stale) return 'stale';
  return status;
}

const MAX_LABEL = 80;

/** Shortens a text for one row: whitespace collapsed, placeholders dropped, cut at a word near `max` characters. */
export function shorten(text: string, max = MAX_LABEL): string {
  const flat = text.replace(/[\uE000\uFFFC]/g, '').replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return (space > max / 2 ? cut.slice(0, space) : cut) + '…';
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

function lineOf(analysis: DocumentAnalysis, offset: number): number {
  return analysis.lines.positionAt(offset).line + 1;
}

/** Builds the four groups of the review view for one analysed draft. */
export function buildReviewModel(result: LintResult, draftLocation: string): ReviewNode[] {
  const { analysis } = result;
  return [uncitedGroup(result, draftLocation), claimsGroup(analysis, draftLocation, staleClaimFindings(result, draftLocation)), sourcesGroup(analysis, draftLocation), entitiesGroup(analysis, draftLocation)];
}

function uncitedGroup(result: LintResult, draft: string): ReviewNode {
  const { analysis } = result;
  const children = uncitedFindings(result, draft).map((finding, index): ReviewNode => {
    const sentence = analysis.sentences.find((candidate) => candidate.assertion && spansOverlap(candidate.span, finding.span));
    const reasons = sentence?.assertion?.cues.map((cue) => cue.label) ?? [];
    const text = sentence?.text ?? analysis.text.slice(finding.span.start, finding.span.end);
    return {
      id: `uncited/${index}/${finding.span.start}`,
      kind: 'uncited',
      label: shorten(text),
      description: reasons.length > 0 ? reasons.join('; ') : `line ${lineOf(analysis, finding.span.start)}`,
      tooltipLines: [finding.message, ...(reasons.length > 0 ? ['', 'Why it reads as a checkable fact:', ...reasons.map((reason) => `• ${reason}`)] : [])],
      icon: 'warning',
      iconColor: finding.severity === 'error' ? 'problemsErrorIcon.foreground' : 'problemsWarningIcon.foreground',
      target: { uri: draft, span: finding.span },
    };
  });
  return {
    id: 'group/uncited',
    kind: 'group',
    label: 'Uncited assertions',
    description: String(children.length),
    icon: 'comment-unresolved',
    children,
    expanded: true,
  };
}

/** The claim-stale findings of the draft by claim index (the rule may be off, or silenced on a line). */
export function staleClaimFindings(result: LintResult, draftLocation: string): Map<number, Finding> {
  const stale = new Map<number, Finding>();
  for (const finding of result.findings) {
    if (finding.ruleId === 'claim-stale' && finding.uri === draftLocation && typeof finding.data?.claimIndex === 'number') stale.set(finding.data.claimIndex, finding);
  }
  return stale;
}

function claimsGroup(analysis: DocumentAnalysis, draft: string, stale: ReadonlyMap<number, Finding> = new Map()): ReviewNode {
  const anchors = new Map<number, ClaimAnchor>(analysis.claimAnchors.map((anchor) => [anchor.claimIndex, anchor]));
  const grouped = new Map<ClaimGroup, ReviewNode[]>(CLAIM_GROUPS.map((group) => [group, []]));
  for (const record of analysis.catalog.claims) {
    const anchor = anchors.get(record.index);
    const group = claimGroupOf(record.claim.status, anchor?.status, stale.has(record.index));
    const sources = record.claim.sources.map(claimSourceKey);
    const anchoredAt = anchor?.span;
    const details: string[] = [];
    if (anchor && anchor.status === 'fuzzy') details.push(`fuzzy match (${Math.round(anchor.score * 100)}%)`);
    if (anchor && anchor.status === 'ambiguous') details.push(`ambiguous: ${plural(anchor.candidates?.length ?? 2, 'place')}`);
    if (anchor && anchor.status === 'moved') details.push('moved');
    details.push(sources.length > 0 ? sources.map((key) => `@${key}`).join(', ') : 'no source');
    grouped.get(group)!.push({
      id: `claim/${record.index}`,
      kind: 'claim',
      label: shorten(record.claim.text),
      description: details.join(' · '),
      tooltipLines: [
        `“${record.claim.text}”`,
        `Status: ${record.claim.status}${anchor ? ` · anchor: ${anchor.status}` : ''}`,
        ...(sources.length > 0 ? [`Sources: ${sources.join(', ')}`] : ['No source yet']),
        ...(record.claim.note ? [`Note: ${record.claim.note}`] : []),
        ...(stale.has(record.index) ? [`Stale: ${stale.get(record.index)!.message}`] : []),
        anchoredAt ? 'Click to show it in the draft.' : 'Not found in the draft: click to show it in the sidecar.',
      ],
      icon: CLAIM_ICONS[group],
      iconColor: CLAIM_COLORS[group],
      target: anchoredAt ? { uri: draft, span: anchoredAt } : { uri: record.origin.uri, span: record.origin.span },
    });
  }
  const children = CLAIM_GROUPS.filter((group) => grouped.get(group)!.length > 0).map(
    (group): ReviewNode => ({
      id: `group/claims/${group}`,
      kind: 'group',
      label: CLAIM_GROUP_LABELS[group],
      description: String(grouped.get(group)!.length),
      icon: CLAIM_ICONS[group],
      iconColor: CLAIM_COLORS[group],
      children: grouped.get(group),
      expanded: group === 'orphaned' || group === 'fuzzy' || group === 'disputed' || group === 'stale',
    }),
  );
  return {
    id: 'group/claims',
    kind: 'group',
    label: 'Claims',
    description: String(analysis.catalog.claims.length),
    icon: 'checklist',
    children,
    expanded: true,
  };
}

const CLAIM_ICONS: Record<ClaimGroup, string> = {
  verified: 'pass',
  stale: 'history',
  disputed: 'error',
  unverified: 'circle-large-outline',
  orphaned: 'debug-disconnect',
  fuzzy: 'question',
};

const CLAIM_COLORS: Record<ClaimGroup, string | undefined> = {
  verified: 'testing.iconPassed',
  stale: 'problemsWarningIcon.foreground',
  disputed: 'problemsErrorIcon.foreground',
  unverified: undefined,
  orphaned: 'problemsErrorIcon.foreground',
  fuzzy: 'problemsWarningIcon.foreground',
};

/** Where each source key is cited in the draft: every citation item, and every reference to a footnote that names it. */
export function citationSpansByKey(analysis: DocumentAnalysis): Map<string, Span[]> {
  const byKey = new Map<string, Span[]>();
  for (const citation of analysis.markdown.citations) {
    for (const item of citation.items) {
      let spans = byKey.get(item.key);
      if (!spans) byKey.set(item.key, (spans = []));
      spans.push(citation.kind === 'footnote' ? citation.span : item.keySpan);
    }
  }
  return byKey;
}

/** How many claims of the sidecar name each source key. */
export function claimCountsByKey(analysis: DocumentAnalysis): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { claim } of analysis.catalog.claims) {
    for (const key of new Set(claim.sources.map(claimSourceKey))) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

function sourcesGroup(analysis: DocumentAnalysis, draft: string): ReviewNode {
  const citations = citationSpansByKey(analysis);
  const claims = claimCountsByKey(analysis);
  const ownSidecar = analysis.catalog.sidecarUri;
  const children: ReviewNode[] = [];
  let unused = 0;
  for (const record of analysis.catalog.sources.values()) {
    const cited = citations.get(record.key) ?? [];
    const claimCount = claims.get(record.key) ?? 0;
    const own = record.origin.uri === ownSidecar;
    // A shared registry may hold hundreds of sources; only those this draft uses belong in its review.
    if (!own && cited.length === 0 && claimCount === 0) continue;
    const isUnused = cited.length === 0 && claimCount === 0;
    if (isUnused) unused++;
    const parts = [plural(cited.length, 'citation')];
    if (claimCount > 0) parts.push(plural(claimCount, 'claim'));
    const source = record.source;
    const authors = source.author === undefined ? [] : Array.isArray(source.author) ? source.author : [source.author];
    children.push({
      id: `source/${record.key}`,
      kind: 'source',
      label: record.key,
      description: isUnused ? 'unused' : parts.join(' · '),
      tooltipLines: [
        source.title,
        ...(authors.length > 0 ? [authors.join(', ')] : []),
        ...[source.publisher, source.date].filter((part): part is string => Boolean(part)),
        ...(source.url ? [source.url] : []),
        ...(own ? [] : [`From the shared registry ${record.origin.uri}`]),
      ],
      icon: isUnused ? 'circle-slash' : 'book',
      iconColor: isUnused ? 'disabledForeground' : undefined,
      target: { uri: record.origin.uri, span: record.origin.keySpan },
      children: cited.map((span, index) => ({
        id: `source/${record.key}/${index}`,
        kind: 'citation' as const,
        label: shorten(analysis.text.slice(span.start, span.end), 60),
        description: `line ${lineOf(analysis, span.start)}`,
        icon: 'quote',
        target: { uri: draft, span },
      })),
    });
  }
  children.sort((a, b) => a.label.localeCompare(b.label));
  return {
    id: 'group/sources',
    kind: 'group',
    label: 'Sources',
    description: unused > 0 ? `${children.length} · ${unused} unused` : String(children.length),
    icon: 'library',
    children,
    expanded: false,
  };
}

function entitiesGroup(analysis: DocumentAnalysis, draft: string): ReviewNode {
  const mentionsById = new Map<string, Span[]>();
  for (const mention of analysis.mentions) {
    let spans = mentionsById.get(mention.entityId);
    if (!spans) mentionsById.set(mention.entityId, (spans = []));
    spans.push(mention.span);
  }
  const ownSidecar = analysis.catalog.sidecarUri;
  const children: ReviewNode[] = [];
  for (const record of analysis.catalog.entities.values()) {
    const mentions = mentionsById.get(record.id) ?? [];
    if (mentions.length === 0 && record.origin.uri !== ownSidecar) continue;
    const entity = record.entity;
    children.push({
      id: `entity/${record.id}`,
      kind: 'entity',
      label: entity.name,
      description: mentions.length > 0 ? `${entity.kind} · ${plural(mentions.length, 'mention')}` : `${entity.kind} · not mentioned`,
      tooltipLines: [
        `${entity.name} (${entity.kind})`,
        ...(entity.aliases && entity.aliases.length > 0 ? [`Also: ${entity.aliases.join(', ')}`] : []),
        ...(entity.description ? [entity.description] : []),
      ],
      icon: ENTITY_ICONS[entity.kind],
      iconColor: entityColorIds(entity.kind).foreground,
      entityKind: entity.kind,
      target: { uri: record.origin.uri, span: record.origin.keySpan },
      children: mentions.map((span, index) => ({
        id: `entity/${record.id}/${index}`,
        kind: 'mention' as const,
        label: shorten(analysis.text.slice(span.start, span.end), 60),
        description: `line ${lineOf(analysis, span.start)}`,
        icon: 'symbol-reference',
        entityKind: entity.kind,
        target: { uri: draft, span },
      })),
    });
  }
  children.sort((a, b) => (mentionsCount(b) - mentionsCount(a)) || a.label.localeCompare(b.label));
  return {
    id: 'group/entities',
    kind: 'group',
    label: 'Entities',
    description: String(children.length),
    icon: 'symbol-misc',
    children,
    expanded: false,
  };
}

function mentionsCount(node: ReviewNode): number {
  return node.children?.length ?? 0;
}

const ENTITY_ICONS: Record<EntityKind, string> = {
  person: 'person',
  organization: 'organization',
  place: 'location',
  vehicle: 'rocket',
  event: 'calendar',
  work: 'book',
  other: 'tag',
};

/**
 * The message "Lint Workspace" ends with. "drafts" agrees with the number it follows: the total when the run was
 * cancelled ("cancelled after 1 of 5 drafts"), the number linted otherwise.
 */
export function lintWorkspaceSummary(linted: number, total: number, problems: number, cancelled: boolean): string {
  const drafts = cancelled ? `cancelled after ${linted} of ${plural(total, 'draft')}` : `linted ${plural(linted, 'draft')}`;
  return `Sourced: ${drafts}, ${plural(problems, 'problem')}.`;
}
