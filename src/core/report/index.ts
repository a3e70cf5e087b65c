/** The citation report: its model (whose JSON is the `json` format) and the HTML and Markdown renderers. */
export { buildCitationReport, mapReportUris, REPORT_RULES, type ReportOptions } from './model';
export { renderReportBody, renderStandaloneHtml, type HtmlRenderOptions } from './html';
export { renderReportMarkdown } from './markdown';
export { escapeHtml, escapeMarkdownText, markdownLink, safeHttpUrl } from './escape';
export * from './schema';
