/**
 * The citation report as GitHub-flavoured Markdown, readable as plain text too (a pull request comment, a wiki
 * page). Every string from the report is escaped, so sidecar text cannot add HTML, links or table columns.
 */
import { escapeMarkdownText as m, markdownLink } from './escape';
import type { CitationReport, ReportTarget } from './schema';
import { anchorLabel, citedShareDetail, citedShareLine, claimStatusLabel, linesLabel, plural, reviewLabel } from './text';

/** Renders the report as Markdown, ending with a newline. */
export function renderReportMarkdown(report: CitationReport): string {
  const { summary } = report;
  const out: string[] = [];
  out.push(`# Citation report: ${m(report.draft.name)}`, '');
  if (report.generatedAt) out.push(`_Generated ${m(report.generatedAt)} by Sourced._`, '');

  out.push('## Summary', '');
  out.push(`**${m(citedShareLine(report))}**. ${m(citedShareDetail(report))}`, '');
  const claimParts = [`${summary.claims.verified} verified`, `${summary.claims.disputed} disputed`, `${summary.claims.unverified} unverified`];
  if (summary.claims.stale > 0) claimParts.push(`${summary.claims.stale} stale`);
  out.push(`- ${plural(summary.claims.total, 'claim')}: ${claimParts.join(', ')}`);
  out.push(`- ${plural(summary.sources.total, 'source')}: ${summary.sources.used} used, ${summary.sources.unused} unused, ${summary.sources.withoutArchive} without an archived copy`);
  out.push(`- ${plural(summary.entities.mentions, 'entity mention')} of ${plural(summary.entities.mentioned, 'entity', 'entities')}`, '');

  out.push(`## Claims (${summary.claims.total})`, '');
  if (report.claims.length === 0) out.push('The sidecar has no claims.', '');
  else {
    out.push('| Status | Claims |', '| --- | ---: |');
    out.push(`| Verified | ${summary.claims.verified} |`, `| Disputed | ${summary.claims.disputed} |`, `| Unverified | ${summary.claims.unverified} |`);
    if (summary.claims.stale > 0) out.push(`| Stale (verified, then changed) | ${summary.claims.stale} |`);
    out.push('');
    out.push(...table(
      ['Line', 'Claim', 'Status', 'Sources', 'Reviewed'],
      report.claims.map((claim) => [
        where(claim.target, report.draft.uri),
        m(claim.text) + (claim.note ? ` _(${m(claim.note)})_` : ''),
        m([claimStatusLabel(claim), anchorLabel(claim)].filter(Boolean).join('; ')),
        claim.sources.length > 0 ? claim.sources.map((key) => `\`${code(key)}\``).join(', ') : '_none_',
        m(reviewLabel(claim)),
      ]),
    ));
  }

  const stale = report.claims.filter((claim) => claim.stale);
  out.push(`## Stale claims (${stale.length})`, '');
  if (stale.length === 0) out.push('No verified claim changed since it was verified.', '');
  else out.push(...table(['Line', 'Claim', 'What changed', 'Verified'], stale.map((claim) => [where(claim.target, report.draft.uri), m(claim.text), m(claim.staleReason ?? ''), m(reviewLabel(claim))])));

  out.push(`## Sources (${report.sources.length})`, '');
  if (report.sources.length === 0) out.push('The draft has no sources.', '');
  else {
    out.push(...table(
      ['Key', 'Title', 'Publisher', 'Date', 'Accessed', 'Archive', 'Times cited'],
      report.sources.map((source) => [
        `\`${code(source.key)}\``,
        markdownLink(source.title, source.url) + (source.authors.length > 0 ? ` (${m(source.authors.join(', '))})` : '') + (source.fromRegistry ? ' _(shared registry)_' : ''),
        m(source.publisher ?? ''),
        m(source.date ?? ''),
        m(source.accessed ?? ''),
        source.hasArchive ? markdownLink('yes', source.archive) : 'no',
        String(source.timesCited) + (source.unused ? ' (unused)' : ''),
      ]),
      ['---', '---', '---', '---', '---', '---', '---:'],
    ));
  }

  const unused = report.sources.filter((source) => source.unused);
  out.push(`## Unused sources (${unused.length})`, '');
  if (unused.length === 0) out.push('Every source is used.', '');
  else {
    for (const source of unused) out.push(`- \`${code(source.key)}\`: ${m(source.title)}${source.target ? ` (${m(fileName(source.target.uri))}:${source.target.line})` : ''}`);
    out.push('');
  }

  out.push(`## Uncited assertions (${report.uncited.length})`, '');
  if (report.uncited.length === 0) out.push('Every assertion cites a source.', '');
  else out.push(...table(['Line', 'Sentence', 'Why it needs a source'], report.uncited.map((row) => [where(row.target, report.draft.uri), m(row.text), m(row.reasons.length > 0 ? row.reasons.join('; ') : (row.message ?? ''))])));

  out.push(`## Entity index (${report.entities.length})`, '');
  if (report.entities.length === 0) out.push('The draft mentions no entity of its sidecar.', '');
  else out.push(...table(['Entity', 'Kind', 'Mentions', 'Lines'], report.entities.map((entity) => [m(entity.name), m(entity.kind), String(entity.mentionCount), linesLabel(entity.lines)]), ['---', '---', '---:', '---']));

  const total = report.problems.reduce((sum, problem) => sum + problem.count, 0);
  out.push(`## Open findings (${total})`, '');
  if (report.problems.length === 0) out.push('No findings.', '');
  else out.push(...table(['Rule', 'Severity', 'Findings'], report.problems.map((problem) => [`\`${code(problem.ruleId)}\``, problem.severity, String(problem.count)]), ['---', '---', '---:']));

  return out.join('\n').replace(/\n+$/, '') + '\n';
}

function table(headers: string[], rows: string[][], alignment = headers.map(() => '---')): string[] {
  // An empty cell reads as a dash: a reader sees the field is blank rather than a table gone wrong.
  const cells = (row: string[]) => row.map((cell) => (cell.trim() === '' ? '–' : cell));
  return [`| ${headers.join(' | ')} |`, `| ${alignment.join(' | ')} |`, ...rows.map((row) => `| ${cells(row).join(' | ')} |`), ''];
}

/** A target's line, with the file's name when it is not the draft (a claim found only in the sidecar). */
function where(target: ReportTarget | undefined, draftUri: string): string {
  if (!target) return '–';
  return target.uri !== draftUri ? `${m(fileName(target.uri))}:${target.line}` : String(target.line);
}

function fileName(uri: string): string {
  return uri.slice(uri.lastIndexOf('/') + 1);
}

/**
 * Text for a code span inside a table: backticks cannot be escaped in a code span, so they become a look-alike,
 * and a pipe is escaped (GitHub splits cells before it parses code spans).
 */
function code(text: string): string {
  return text.replace(/[\u0000-\u001F\u007F]+/g, ' ').replace(/`/g, 'ˋ').replace(/\|/g, '\\|');
}
