/**
 * The citation report as HTML. `renderReportBody` makes the sections (the editor's panel shows them, with rows
 * that reveal text in the draft); `renderStandaloneHtml` wraps them in one self-contained file for the CLI:
 * inline CSS, no script, no remote resource, light and dark through `prefers-color-scheme`. Every string from
 * the report is escaped; the only links are the sources' own http(s) URLs.
 */
import { escapeHtml, safeHttpUrl } from './escape';
import type { CitationReport, ReportClaim, ReportSource, ReportTarget } from './schema';
import { anchorLabel, citedShareDetail, citedShareLine, claimStatusLabel, linesLabel, plural, reviewLabel } from './text';

/** How the sections are rendered. */
export interface HtmlRenderOptions {
  /**
   * Rows carry buttons with `data-uri`/`data-range` that the panel's script turns into reveal messages. Off for
   * the CLI's file, which has no editor to reveal into.
   */
  interactive?: boolean;
}

const e = escapeHtml;

/** What every row renderer needs to know. */
interface RenderContext {
  interactive: boolean;
  /** Targets in other files (the sidecar, a registry) are labelled with the file's name. */
  draftUri: string;
}

/** The report's sections as an HTML fragment (no `<html>` or `<body>`), headings from `<h1>` down. */
export function renderReportBody(report: CitationReport, options: HtmlRenderOptions = {}): string {
  const context: RenderContext = { interactive: options.interactive === true, draftUri: report.draft.uri };
  return [
    header(report),
    summarySection(report),
    claimsSection(report, context),
    staleSection(report, context),
    sourcesSection(report, context),
    unusedSection(report, context),
    uncitedSection(report, context),
    entitiesSection(report, context),
    problemsSection(report),
  ].join('\n');
}

/** A complete, self-contained HTML document of the report. */
export function renderStandaloneHtml(report: CitationReport): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="generator" content="Sourced">
<meta name="color-scheme" content="light dark">
<title>${e(`Citation report: ${report.draft.name}`)}</title>
<style>
${STANDALONE_CSS}
</style>
</head>
<body>
<main class="sourced-report">
${renderReportBody(report)}
</main>
</body>
</html>
`;
}

function header(report: CitationReport): string {
  const generated = report.generatedAt ? `<p class="meta">Generated ${e(report.generatedAt)} by Sourced.</p>` : '';
  return `<header>
<h1>Citation report: <span class="draft-name">${e(report.draft.name)}</span></h1>
${generated}
</header>`;
}

function summarySection(report: CitationReport): string {
  const { summary } = report;
  const meter =
    summary.citedPercent === null
      ? ''
      : `<meter min="0" max="100" low="60" high="90" optimum="100" value="${summary.citedPercent}" aria-label="Share of assertions cited">${summary.citedPercent}%</meter>`;
  const claims = summary.claims;
  const claimParts = [`${claims.verified} verified`, `${claims.disputed} disputed`, `${claims.unverified} unverified`];
  if (claims.stale > 0) claimParts.push(`${claims.stale} stale`);
  const sources = summary.sources;
  return `<section aria-labelledby="summary-heading">
<h2 id="summary-heading">Summary</h2>
<p class="share"><strong>${e(citedShareLine(report))}</strong> ${meter}</p>
<p>${e(citedShareDetail(report))}</p>
<ul class="summary-list">
<li>${e(plural(claims.total, 'claim'))}: ${e(claimParts.join(', '))}</li>
<li>${e(plural(sources.total, 'source'))}: ${sources.used} used, ${sources.unused} unused, ${sources.withoutArchive} without an archived copy</li>
<li>${e(plural(summary.entities.mentions, 'entity mention'))} of ${e(plural(summary.entities.mentioned, 'entity', 'entities'))}</li>
</ul>
</section>`;
}

/** The first cell of a row: a button that reveals the target in the panel, the line number as text elsewhere. */
function place(target: ReportTarget | undefined, context: RenderContext, what: string): string {
  const { interactive, draftUri } = context;
  if (!target) return '<td class="line">–</td>';
  const inOtherFile = target.uri !== draftUri;
  const where = inOtherFile ? `${fileName(target.uri)}:${target.line}` : String(target.line);
  // A narrow panel may break "cargo.sources.yaml:168" before the line number, nowhere else.
  const label = inOtherFile ? `${e(fileName(target.uri))}<wbr>:${target.line}` : String(target.line);
  if (!interactive) return `<td class="line">${label}</td>`;
  return `<td class="line">${revealButton(target, label, `Show ${what} at ${where}`)}</td>`;
}

/** A button that reveals `target`; `labelHtml` is already escaped. */
function revealButton(target: ReportTarget, labelHtml: string, accessibleLabel: string): string {
  const { start, end } = target.range;
  const range = [start.line, start.character, end.line, end.character].join(',');
  return `<button type="button" class="reveal" data-uri="${e(target.uri)}" data-range="${range}" aria-label="${e(accessibleLabel)}">${labelHtml}</button>`;
}

function fileName(uri: string): string {
  return uri.slice(uri.lastIndexOf('/') + 1);
}

function table(caption: string, headers: string[], rows: string[], empty: string): string {
  if (rows.length === 0) return `<p class="empty">${e(empty)}</p>`;
  // The wrapper scrolls sideways in a narrow panel, so the table keeps its table semantics for screen readers.
  return `<div class="table-wrap"><table>
<caption>${e(caption)}</caption>
<thead><tr>${headers.map((header) => `<th scope="col">${e(header)}</th>`).join('')}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table></div>`;
}

function section(id: string, title: string, count: number | undefined, content: string): string {
  const badge = count === undefined ? '' : ` <span class="count">${count}</span>`;
  return `<section aria-labelledby="${id}-heading">
<h2 id="${id}-heading">${e(title)}${badge}</h2>
${content}
</section>`;
}

function claimRow(claim: ReportClaim, context: RenderContext): string {
  const anchor = anchorLabel(claim);
  const status = `<span class="status status-${e(claim.status)}${claim.stale ? ' status-stale' : ''}">${e(claimStatusLabel(claim))}</span>`;
  const note = claim.note ? `<div class="note">${e(claim.note)}</div>` : '';
  return `<tr>${place(claim.target, context, `claim ${claim.index + 1}`)}<td>${e(claim.text)}${note}</td><td>${status}${
    anchor ? `<div class="anchor">${e(anchor)}</div>` : ''
  }</td><td>${claim.sources.length > 0 ? claim.sources.map((key) => `<code>${e(key)}</code>`).join(', ') : '<em>none</em>'}</td><td>${e(reviewLabel(claim))}</td></tr>`;
}

function claimsSection(report: CitationReport, context: RenderContext): string {
  const { claims } = report.summary;
  const counts = `<table class="compact">
<caption>Claims by status</caption>
<thead><tr><th scope="col">Status</th><th scope="col">Claims</th></tr></thead>
<tbody>
<tr><th scope="row">Verified</th><td>${claims.verified}</td></tr>
<tr><th scope="row">Disputed</th><td>${claims.disputed}</td></tr>
<tr><th scope="row">Unverified</th><td>${claims.unverified}</td></tr>
${claims.stale > 0 ? `<tr><th scope="row">Stale (verified, then changed)</th><td>${claims.stale}</td></tr>` : ''}
</tbody>
</table>`;
  const rows = report.claims.map((claim) => claimRow(claim, context));
  return section('claims', 'Claims', claims.total, `${claims.total > 0 ? counts : ''}\n${table('Every claim of the sidecar', ['Line', 'Claim', 'Status', 'Sources', 'Reviewed'], rows, 'The sidecar has no claims.')}`);
}

function staleSection(report: CitationReport, context: RenderContext): string {
  const stale = report.claims.filter((claim) => claim.stale);
  const rows = stale.map(
    (claim) => `<tr>${place(claim.target, context, `stale claim ${claim.index + 1}`)}<td>${e(claim.text)}</td><td>${e(claim.staleReason ?? '')}</td><td>${e(reviewLabel(claim))}</td></tr>`,
  );
  return section('stale', 'Stale claims', stale.length, table('Verified claims whose text or sources changed since', ['Line', 'Claim', 'What changed', 'Verified'], rows, 'No verified claim changed since it was verified.'));
}

function sourceTitle(source: ReportSource): string {
  const url = safeHttpUrl(source.url);
  const title = e(source.title);
  const linked = url ? `<a href="${e(url)}" rel="noopener noreferrer">${title}</a>` : title;
  const authors = source.authors.length > 0 ? `<div class="authors">${e(source.authors.join(', '))}</div>` : '';
  const registry = source.fromRegistry ? '<div class="origin">shared registry</div>' : '';
  return `${linked}${authors}${registry}`;
}

function archiveCell(source: ReportSource): string {
  if (!source.hasArchive) return '<span class="no">no</span>';
  const url = safeHttpUrl(source.archive);
  return url ? `<a href="${e(url)}" rel="noopener noreferrer" class="yes">yes</a>` : '<span class="yes">yes</span>';
}

function sourcesSection(report: CitationReport, context: RenderContext): string {
  const rows = report.sources.map(
    (source) =>
      `<tr${source.unused ? ' class="unused"' : ''}>${place(source.target, context, `source ${source.key}`)}<td class="nowrap"><code>${e(source.key)}</code></td><td>${sourceTitle(source)}</td><td>${e(source.publisher ?? '')}</td><td class="nowrap">${e(source.date ?? '')}</td><td class="nowrap">${e(source.accessed ?? '')}</td><td>${archiveCell(source)}</td><td class="number">${source.timesCited}${
        source.claims > 0 ? `<div class="detail">${e(`${plural(source.citations, 'citation')}, ${plural(source.claims, 'claim')}`)}</div>` : ''
      }</td></tr>`,
  );
  return section(
    'sources',
    'Sources',
    report.sources.length,
    table('Sources the draft can cite', ['Defined', 'Key', 'Title', 'Publisher', 'Date', 'Accessed', 'Archive', 'Times cited'], rows, 'The draft has no sources.'),
  );
}

function unusedSection(report: CitationReport, context: RenderContext): string {
  const unused = report.sources.filter((source) => source.unused);
  const rows = unused.map((source) => `<tr>${place(source.target, context, `source ${source.key}`)}<td><code>${e(source.key)}</code></td><td>${sourceTitle(source)}</td></tr>`);
  return section('unused', 'Unused sources', unused.length, table('Sources nothing cites: cite them or remove them', ['Defined', 'Key', 'Title'], rows, 'Every source is used.'));
}

function uncitedSection(report: CitationReport, context: RenderContext): string {
  const rows = report.uncited.map((row) => {
    const reasons = row.reasons.length > 0 ? `<ul class="reasons">${row.reasons.map((reason) => `<li>${e(reason)}</li>`).join('')}</ul>` : `<span>${e(row.message ?? '')}</span>`;
    return `<tr>${place(row.target, context, 'the sentence')}<td>${e(row.text)}</td><td>${reasons}</td></tr>`;
  });
  return section('uncited', 'Uncited assertions', report.uncited.length, table('Sentences that state checkable facts without a source', ['Line', 'Sentence', 'Why it needs a source'], rows, 'Every assertion cites a source.'));
}

function entitiesSection(report: CitationReport, context: RenderContext): string {
  const { interactive } = context;
  const rows = report.entities.map((entity) => {
    const first = entity.mentions[0];
    const name = interactive && first ? revealButton(first, e(entity.name), `Show the first mention of ${entity.name}, line ${first.line}`) : e(entity.name);
    const lines = interactive
      ? entity.mentions
          .filter((mention, index) => index === 0 || mention.line !== entity.mentions[index - 1].line)
          .map((mention) => revealButton(mention, String(mention.line), `Show ${entity.name} on line ${mention.line}`))
          .join(' ')
      : e(linesLabel(entity.lines));
    return `<tr><th scope="row">${name}</th><td><span class="kind kind-${e(entity.kind)}">${e(entity.kind)}</span></td><td class="number">${entity.mentionCount}</td><td class="lines">${lines}</td></tr>`;
  });
  return section('entities', 'Entity index', report.entities.length, table('Who and what the draft mentions, and where', ['Entity', 'Kind', 'Mentions', 'Lines'], rows, 'The draft mentions no entity of its sidecar.'));
}

function problemsSection(report: CitationReport): string {
  const rows = report.problems.map(
    (problem) => `<tr><td><code>${e(problem.ruleId)}</code></td><td><span class="severity severity-${e(problem.severity)}">${e(problem.severity)}</span></td><td class="number">${problem.count}</td></tr>`,
  );
  return section('problems', 'Open findings', report.problems.reduce((sum, problem) => sum + problem.count, 0), table('Findings of the linter, by rule', ['Rule', 'Severity', 'Findings'], rows, 'No findings.'));
}

/** The CLI file's stylesheet: readable in light and dark, printable, no external font or image. */
const STANDALONE_CSS = `:root { color-scheme: light dark; --fg: #1f2328; --muted: #59636e; --bg: #ffffff; --border: #d1d9e0; --stripe: #f6f8fa;
  --link: #0969da; --good: #1a7f37; --bad: #cf222e; --warn: #9a6700; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e6edf3; --muted: #9198a1; --bg: #0d1117; --border: #3d444d; --stripe: #151b23; --link: #4493f8; --good: #3fb950;
    --bad: #f85149; --warn: #d29922; }
}
body { margin: 0; background: var(--bg); color: var(--fg); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; }
main { max-width: 72rem; margin: 0 auto; padding: 1.5rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; } h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; border-bottom: 1px solid var(--border); }
.meta, .empty, .authors, .origin, .detail, .anchor, .note { color: var(--muted); font-size: .875em; }
.share { font-size: 1.2rem; } meter { width: 12rem; vertical-align: middle; }
.count { color: var(--muted); font-weight: normal; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
table.compact { width: auto; }
.table-wrap { overflow-x: auto; }
caption { text-align: left; color: var(--muted); font-size: .875em; padding-bottom: .25rem; }
th, td { border: 1px solid var(--border); padding: .3rem .5rem; text-align: left; vertical-align: top; }
thead th { background: var(--stripe); }
td.number, td.nowrap { white-space: nowrap; } td.number { text-align: right; }
a { color: var(--link); }
code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .9em; }
.status-verified, .yes { color: var(--good); } .status-disputed, .no, .severity-error { color: var(--bad); }
.status-stale, .severity-warning { color: var(--warn); }
tr.unused td { color: var(--muted); }
ul.reasons { margin: 0; padding-left: 1.1rem; }
@media print { main { max-width: none; padding: 0; } a { color: inherit; } }`;
