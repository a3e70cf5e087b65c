/** Wording the three report renderers share, so HTML, Markdown and the panel say the same thing. */
import type { CitationReport, ReportClaim } from './schema';

/** "Cited 14/18 (78%)", or a sentence saying there is nothing to cite. */
export function citedShareLine(report: CitationReport): string {
  const { cited, uncited, citedPercent } = report.summary;
  if (citedPercent === null) return 'No assertions that need a source';
  return `Cited ${cited}/${cited + uncited} (${citedPercent}%)`;
}

/** The counts behind the share, in one sentence. */
export function citedShareDetail(report: CitationReport): string {
  const { assertions, uncited, excused } = report.summary;
  const parts = [`${plural(assertions, 'sentence')} read as checkable facts`];
  parts.push(`${uncited} without a source`);
  if (excused > 0) parts.push(`${excused} accepted or silenced without one (not counted)`);
  return parts.join('; ') + '.';
}

/** "1 claim", "3 claims". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** A claim's status as a reader says it: "verified, stale" for a verified claim whose text or source changed. */
export function claimStatusLabel(claim: ReportClaim): string {
  return claim.stale ? `${claim.status}, stale` : claim.status;
}

/** How a claim attaches, when that needs a word: nothing for exact and moved anchors. */
export function anchorLabel(claim: ReportClaim): string {
  switch (claim.anchor) {
    case 'fuzzy':
      return 'text changed';
    case 'ambiguous':
      return 'ambiguous';
    case 'orphaned':
      return 'not found in the draft';
    default:
      return '';
  }
}

/** Who reviewed a claim and when, if anyone did. */
export function reviewLabel(claim: ReportClaim): string {
  return [claim.reviewer, claim.reviewed].filter((part): part is string => Boolean(part)).join(', ');
}

/** Lines as "3, 7, 12", long lists cut with "…" so a row stays readable. */
export function linesLabel(lines: readonly number[], max = 30): string {
  const shown = lines.slice(0, max).join(', ');
  return lines.length > max ? `${shown}, … (${lines.length - max} more)` : shown;
}
