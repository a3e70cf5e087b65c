/**
 * Output formats of `sourced lint`: stylish (people), json (scripts), sarif (code scanning) and github
 * (workflow annotations). Lines and columns are 1-based in every format, columns counted in UTF-16 code units
 * (what editors and SARIF's default `columnKind` use).
 */
import { DEFAULT_SEVERITIES } from '../core/config';
import { RULES } from '../core/rules/index';
import { NETWORK_RULES } from '../core/rules/network';
import { ruleDocsUrl } from '../core/rules/ids';
import type { Finding, RelatedInformation, ReportedSeverity } from '../core/types';
import { relativePath } from '../core/text/uri';

export const FORMATS = ['stylish', 'json', 'sarif', 'github'] as const;
export type Format = (typeof FORMATS)[number];

export interface FormatContext {
  cwd: string;
  color: boolean;
  toolVersion: string;
}

export function formatFindings(format: Format, findings: readonly Finding[], context: FormatContext): string {
  switch (format) {
    case 'json': {
      let text = '';
      writeJson(findings, context, (piece) => (text += piece));
      return text;
    }
    case 'sarif':
      return JSON.stringify(toSarif(findings, context), null, 2) + '\n';
    case 'github':
      return findings.map((finding) => toGithubAnnotation(finding, context)).join('');
    default:
      return toStylish(findings, context);
  }
}

/**
 * Paths as shown to the reader, relative to the working folder; cached because a run repeats few files (and
 * keyed by the path alone, for one folder at a time: building a key per finding cost more than the lookup).
 */
const displayCache = new Map<string, string>();
let displayCacheCwd: string | undefined;

function display(uri: string, cwd: string): string {
  if (cwd !== displayCacheCwd || displayCache.size > 10_000) {
    displayCache.clear();
    displayCacheCwd = cwd;
  }
  let shown = displayCache.get(uri);
  if (shown === undefined) {
    shown = relativePath(cwd, uri);
    displayCache.set(uri, shown);
  }
  return shown;
}

/**
 * Writes the findings in `format` through `write`: the json format in pieces, every other format in one piece.
 * The text is exactly `formatFindings`'s.
 */
export function writeFindings(format: Format, findings: readonly Finding[], context: FormatContext, write: (text: string) => void): void {
  if (format === 'json') writeJson(findings, context, write);
  else write(formatFindings(format, findings, context));
}

/**
 * How many findings one piece of the json output holds: about 16 KB of text. Measured on the benchmark's 4,473
 * findings, in instructions of a cold process writing them: pieces of 8 to 16 findings cost least, 64 about 10%
 * more, 128 12% more, the whole list at once 25% more.
 */
const JSON_FINDINGS_PER_PIECE = 16;

/**
 * `JSON.stringify(findings as plain objects, null, 2) + '\n'`, written in pieces of a few findings. The native
 * serializer is faster than building the text in JavaScript, which a cold process runs in the interpreter. In
 * pieces, because a long draft has thousands of findings: the plain objects of a piece die young instead of all
 * of them surviving scavenges, and the whole text never exists as one string (9 MB for the benchmark's 4,473
 * findings: a single character outside Latin-1 in any message makes it two bytes a character). That output costs
 * a cold process about 20% fewer instructions. Each piece is the stringified array of its findings without its
 * brackets, after the ",\n" that separates the items of the whole array.
 */
function writeJson(findings: readonly Finding[], context: FormatContext, write: (text: string) => void): void {
  if (findings.length === 0) {
    write('[]\n');
    return;
  }
  const piece: JsonFinding[] = [];
  for (let start = 0; start < findings.length; start += JSON_FINDINGS_PER_PIECE) {
    piece.length = 0;
    const end = Math.min(findings.length, start + JSON_FINDINGS_PER_PIECE);
    for (let i = start; i < end; i++) piece.push(toJson(findings[i], context));
    // `[\n  {…},\n  {…}\n]` without its brackets is these items as the whole array indents them.
    write((start === 0 ? '[\n' : ',\n') + JSON.stringify(piece, null, 2).slice(2, -2));
  }
  write('\n]\n');
}

interface JsonLocation {
  file: string;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

interface JsonFinding {
  file: string;
  ruleId: string;
  severity: string;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  confidence?: number;
  related?: JsonLocation[];
  docs?: string;
}

/**
 * The JSON object of a finding; its keys in this order, `confidence` and `related` only when there are any. Every
 * key is in the one literal, an absent one as undefined, which JSON.stringify leaves out: keys added afterwards
 * made a second allocation (an out-of-object property store) and a map transition for each of thousands of findings.
 */
function toJson(finding: Finding, context: FormatContext): JsonFinding {
  const { start, end } = finding.range;
  const related = finding.related;
  return {
    file: display(finding.uri, context.cwd),
    ruleId: finding.ruleId,
    severity: finding.severity,
    message: finding.message,
    line: start.line + 1,
    column: start.character + 1,
    endLine: end.line + 1,
    endColumn: end.character + 1,
    confidence: finding.confidence !== undefined ? Math.round(finding.confidence * 100) / 100 : undefined,
    related: related?.length ? toJsonLocations(related, context) : undefined,
    docs: docsUrl(finding.ruleId),
  };
}

/** A loop rather than `map` with a callback: it runs for thousands of findings in a cold process. */
function toJsonLocations(related: readonly RelatedInformation[], context: FormatContext): JsonLocation[] {
  const locations: JsonLocation[] = new Array(related.length);
  for (let i = 0; i < related.length; i++) {
    const { uri, message, range } = related[i];
    locations[i] = {
      file: display(uri, context.cwd),
      message,
      line: range.start.line + 1,
      column: range.start.character + 1,
      endLine: range.end.line + 1,
      endColumn: range.end.character + 1,
    };
  }
  return locations;
}

/** Rule documentation links, one string per rule rather than one per finding (a long draft has thousands). */
const docsUrls = new Map<string, string>();

function docsUrl(ruleId: string): string {
  let url = docsUrls.get(ruleId);
  if (url === undefined) docsUrls.set(ruleId, (url = ruleDocsUrl(ruleId)));
  return url;
}

const SARIF_LEVEL: Record<ReportedSeverity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

function sarifRegion(range: Finding['range']) {
  return {
    startLine: range.start.line + 1,
    startColumn: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}

function sarifUri(uri: string, cwd: string): string {
  return display(uri, cwd).split('/').map(encodeURIComponent).join('/');
}

/** The working folder as a `file:` URI ending in '/': segments percent-encoded (a space or '%' would make it invalid). */
function folderFileUri(cwd: string): string {
  const path = cwd.startsWith('/') ? cwd : `/${cwd}`;
  // ':' is kept: it is legal in a path segment, and a drive letter ("C:") reads better unencoded.
  const encoded = path.split('/').map((segment) => encodeURIComponent(segment).replace(/%3A/g, ':')).join('/');
  return `file://${encoded.replace(/\/?$/, '/')}`;
}

function toSarif(findings: readonly Finding[], context: FormatContext) {
  // Lint rules and the network rules of check-links: every finding's rule has metadata and an index.
  const allRules: ReadonlyArray<{ id: keyof typeof DEFAULT_SEVERITIES; description: string }> = [...RULES, ...NETWORK_RULES];
  const ruleIndex = new Map(allRules.map((rule, index) => [rule.id as string, index]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Sourced',
            version: context.toolVersion,
            informationUri: 'https://github.com/sourced-md/sourced',
            rules: allRules.map((rule) => ({
              id: rule.id,
              name: rule.id.replace(/(^|-)(\w)/g, (_m, _dash, letter: string) => letter.toUpperCase()),
              shortDescription: { text: rule.description },
              helpUri: ruleDocsUrl(rule.id),
              defaultConfiguration: { level: DEFAULT_SEVERITIES[rule.id] === 'off' ? 'none' : SARIF_LEVEL[DEFAULT_SEVERITIES[rule.id] as ReportedSeverity] },
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        originalUriBaseIds: { '%SRCROOT%': { uri: folderFileUri(context.cwd) } },
        results: findings.map((finding) => ({
          ruleId: finding.ruleId,
          ...(ruleIndex.has(finding.ruleId) ? { ruleIndex: ruleIndex.get(finding.ruleId) } : {}),
          level: SARIF_LEVEL[finding.severity],
          message: { text: finding.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: sarifUri(finding.uri, context.cwd), uriBaseId: '%SRCROOT%' },
                region: sarifRegion(finding.range),
              },
            },
          ],
          ...(finding.related?.length
            ? {
                relatedLocations: finding.related.map((related, id) => ({
                  id,
                  message: { text: related.message },
                  physicalLocation: {
                    artifactLocation: { uri: sarifUri(related.uri, context.cwd), uriBaseId: '%SRCROOT%' },
                    region: sarifRegion(related.range),
                  },
                })),
              }
            : {}),
          ...(finding.confidence !== undefined ? { rank: Math.round(finding.confidence * 100) } : {}),
        })),
      },
    ],
  };
}

/** GitHub's workflow-command escaping: data escapes %, CR, LF; properties also escape ':' and ','. */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function toGithubAnnotation(finding: Finding, context: FormatContext): string {
  const command = finding.severity === 'error' ? 'error' : finding.severity === 'warning' ? 'warning' : 'notice';
  const { start, end } = finding.range;
  const properties = [
    `file=${escapeProperty(display(finding.uri, context.cwd))}`,
    `line=${start.line + 1}`,
    `col=${start.character + 1}`,
    `endLine=${end.line + 1}`,
    ...(start.line === end.line ? [`endColumn=${end.character + 1}`] : []),
    `title=${escapeProperty(`Sourced ${finding.ruleId}`)}`,
  ];
  return `::${command} ${properties.join(',')}::${escapeData(finding.message)}\n`;
}

const COLORS = { red: 31, yellow: 33, blue: 34, gray: 90, bold: 1, underline: 4 } as const;

function paint(enabled: boolean, color: keyof typeof COLORS, text: string): string {
  return enabled ? `\u001b[${COLORS[color]}m${text}\u001b[0m` : text;
}

function toStylish(findings: readonly Finding[], context: FormatContext): string {
  if (findings.length === 0) return '';
  const byFile = new Map<string, Finding[]>();
  for (const finding of findings) {
    const list = byFile.get(finding.uri) ?? [];
    list.push(finding);
    byFile.set(finding.uri, list);
  }
  const lines: string[] = [];
  const counts: Record<ReportedSeverity, number> = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const [uri, list] of byFile) {
    lines.push(paint(context.color, 'underline', display(uri, context.cwd)));
    const rows = list.map((finding) => {
      counts[finding.severity]++;
      return [`${finding.range.start.line + 1}:${finding.range.start.character + 1}`, finding.severity, finding.message, finding.ruleId];
    });
    const widths = [0, 1].map((column) => Math.max(...rows.map((row) => row[column].length)));
    for (const [position, severity, message, ruleId] of rows) {
      const color = severity === 'error' ? 'red' : severity === 'warning' ? 'yellow' : 'blue';
      lines.push(`  ${paint(context.color, 'gray', position.padEnd(widths[0]))}  ${paint(context.color, color, severity.padEnd(widths[1]))}  ${message}  ${paint(context.color, 'gray', ruleId)}`);
    }
    lines.push('');
  }
  const total = findings.length;
  const parts = (['error', 'warning', 'info', 'hint'] as const).filter((severity) => counts[severity] > 0).map((severity) => `${counts[severity]} ${severity}${counts[severity] === 1 || severity === 'info' ? '' : 's'}`);
  const summary = `${counts.error > 0 ? '✖' : '⚠'} ${total} problem${total === 1 ? '' : 's'} (${parts.join(', ')})`;
  lines.push(paint(context.color, 'bold', paint(context.color, counts.error > 0 ? 'red' : 'yellow', summary)), '');
  return lines.join('\n');
}
