import { strict as assert } from 'node:assert';
import { resolveSettings } from '../../../src/core/config';
import { lintDocument } from '../../../src/core/lint';
import { buildCitationReport, renderReportBody, renderReportMarkdown, renderStandaloneHtml, type CitationReport } from '../../../src/core/report/index';
import { loadSidecar } from '../../../src/core/sidecar/load';
import { fixtureReport, staleFinding } from './fixture';

const HOSTILE_SIDECAR = `sources:
  evil:
    title: "<script>alert('title')</script>"
    publisher: '"><img src=x onerror=alert(1)>'
    author: "</td></tr></table><iframe src=https://evil.example>"
    date: 2022
    url: https://example.org/ok?a=1&b="2"
    archive: https://web.archive.org/web/2022/https://example.org/ok
  plain:
    title: A | pipe and a *star* and [a](javascript:alert(1)) link
entities:
  bad:
    name: "<b onmouseover=alert(1)>Evil Corp</b>"
    kind: organization
    aliases: [Evil Corp]
claims:
  - text: "<img src=x onerror=alert('claim')>"
    sources: [evil]
    status: disputed
    note: "<script>document.cookie</script>"
`;

const HOSTILE_DRAFT = `# Evil Corp

Evil Corp paid 40 million dollars in 2021 [@evil].

Evil Corp said 12 ships sank in 2020 [@plain].

Evil Corp sold 300 aircraft to the government in 2019.
`;

function hostileReport(): CitationReport {
  const sidecar = loadSidecar('/p/evil.sources.yaml', HOSTILE_SIDECAR);
  assert.equal(sidecar.problems.length, 0, sidecar.problems.map((problem) => problem.message).join('; '));
  const result = lintDocument({ uri: '/p/evil.md', text: HOSTILE_DRAFT, sidecar, settings: resolveSettings() });
  return buildCitationReport(result, { files: [sidecar], draftName: '<i>evil</i>.md' });
}

/**
 * The tags of an HTML text with their attributes. Text content holds no raw `<` once escaped, so every `<` followed
 * by a letter starts a real tag; attribute values are read with their quotes.
 */
function tags(html: string): Array<{ name: string; attributes: Array<[string, string]> }> {
  const found: Array<{ name: string; attributes: Array<[string, string]> }> = [];
  for (const match of html.matchAll(/<([a-zA-Z][\w-]*)((?:\s+[^\s=>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*\/?>/g)) {
    const attributes = [...match[2].matchAll(/([^\s=>/]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?/g)].map(
      (attribute): [string, string] => [attribute[1].toLowerCase(), (attribute[2] ?? '').replace(/^["']|["']$/g, '')],
    );
    found.push({ name: match[1].toLowerCase(), attributes });
  }
  return found;
}

/** Every value of an attribute that loads or links a URL. */
function urlAttributes(html: string): string[] {
  return tags(html).flatMap((tag) => tag.attributes.filter(([name]) => ['src', 'href', 'action', 'formaction', 'poster', 'srcset'].includes(name)).map(([, value]) => value));
}

/** Tag names that appear in an HTML text. */
function tagNames(html: string): Set<string> {
  return new Set(tags(html).map((tag) => tag.name));
}

describe('the HTML report', () => {
  it('shows sidecar text as text: no tag, handler or script from the sidecar survives', () => {
    const html = renderStandaloneHtml(hostileReport());
    const names = tagNames(html);
    for (const forbidden of ['script', 'img', 'iframe', 'svg', 'b', 'i']) assert.ok(!names.has(forbidden), `<${forbidden}> in the output`);
    const handlers = tags(html).flatMap((tag) => tag.attributes.filter(([name]) => name.startsWith('on')).map(([name]) => `${tag.name} ${name}`));
    assert.deepEqual(handlers, []);
    assert.match(html, /&lt;script&gt;alert\(&#39;title&#39;\)&lt;\/script&gt;/);
    assert.match(html, /&quot;&gt;&lt;img src=x onerror=alert\(1\)&gt;/);
    assert.match(html, /&lt;img src=x onerror=alert\(&#39;claim&#39;\)&gt;/);
  });

  it('is self-contained: no script, stylesheet link, frame or remote URL but the sources\' own links', () => {
    const report = hostileReport();
    const html = renderStandaloneHtml(report);
    const names = tagNames(html);
    for (const tag of ['script', 'link', 'iframe', 'object', 'embed', 'img', 'base', 'form']) assert.ok(!names.has(tag), `<${tag}> in the output`);
    assert.ok(!/@import|url\(/i.test(html), 'the CSS loads something');
    const allowed = new Set(report.sources.flatMap((source) => [source.url, source.archive]).filter((url): url is string => Boolean(url)));
    for (const url of urlAttributes(html)) {
      const decoded = url.replace(/&amp;/g, '&').replace(/&quot;/g, '"');
      assert.ok(allowed.has(decoded), `unexpected URL attribute ${url}`);
    }
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">/);
  });

  it('links only http(s) URLs: a javascript: URL in a report shows as no link at all', () => {
    const report = fixtureReport();
    const known = report.sources.find((source) => source.key === 'known')!;
    known.url = 'javascript:alert(1)';
    known.archive = 'data:text/html,<script>alert(1)</script>';
    const html = renderStandaloneHtml(report);
    assert.ok(!/javascript:|data:text/i.test(urlAttributes(html).join(' ')));
    assert.ok(!html.includes('href="javascript'));
    assert.match(html, /A report on the flight/);
  });

  it('follows the reader\'s light or dark preference', () => {
    const html = renderStandaloneHtml(fixtureReport());
    assert.match(html, /@media \(prefers-color-scheme: dark\)/);
    assert.match(html, /<meta name="color-scheme" content="light dark">/);
  });

  it('has one h1, section headings and tables whose columns have headers', () => {
    const html = renderStandaloneHtml(fixtureReport([staleFinding(0)]));
    assert.equal(html.match(/<h1[\s>]/g)?.length, 1);
    for (const heading of ['Summary', 'Claims', 'Stale claims', 'Sources', 'Unused sources', 'Uncited assertions', 'Entity index']) {
      assert.match(html, new RegExp(`<h2 id="[a-z]+-heading">${heading}( <span class="count">\\d+</span>)?</h2>`), heading);
    }
    const tables = html.split('<table').slice(1);
    assert.ok(tables.length >= 6);
    for (const table of tables) assert.match(table, /<th scope="(col|row)">/);
  });

  it('states the cited share as "Cited n/m (p%)"', () => {
    const report = fixtureReport();
    const { cited, uncited, citedPercent } = report.summary;
    assert.ok(renderStandaloneHtml(report).includes(`Cited ${cited}/${cited + uncited} (${citedPercent}%)`));
  });

  it('makes rows reveal buttons with the target\'s URI and range only when interactive', () => {
    const report = fixtureReport();
    const interactive = renderReportBody(report, { interactive: true });
    const plain = renderReportBody(report);
    assert.ok(!plain.includes('<button'));
    const buttons = [...interactive.matchAll(/<button type="button" class="reveal" data-uri="([^"]*)" data-range="(\d+,\d+,\d+,\d+)" aria-label="[^"]+">/g)];
    assert.ok(buttons.length >= report.uncited.length + report.claims.length + report.sources.length);
    const uncited = report.uncited[0].target;
    const range = [uncited.range.start.line, uncited.range.start.character, uncited.range.end.line, uncited.range.end.character].join(',');
    assert.ok(buttons.some((button) => button[1] === uncited.uri && button[2] === range));
  });

  it('escapes a hostile URI in a reveal button\'s attribute', () => {
    const report = fixtureReport();
    report.uncited[0].target.uri = '"><script>alert(1)</script>';
    const interactive = renderReportBody(report, { interactive: true });
    assert.ok(!tagNames(interactive).has('script'));
    assert.ok(interactive.includes('data-uri="&quot;&gt;&lt;script&gt;'));
  });

  it('lists stale claims with what changed', () => {
    const html = renderStandaloneHtml(fixtureReport([staleFinding(0, 'The source record changed after verification.')]));
    assert.match(html, /Stale claims <span class="count">1<\/span>/);
    assert.match(html, /The source record changed after verification\./);
  });
});

describe('the Markdown report', () => {
  /** Cells of a table row, split at pipes that are not escaped. */
  function cells(row: string): string[] {
    return row.slice(1, -1).split(/(?<!\\)\|/);
  }

  it('keeps every table rectangular, whatever the sidecar holds', () => {
    const markdown = renderReportMarkdown(hostileReport());
    const lines = markdown.split('\n');
    for (let i = 0; i < lines.length; i++) {
      if (!lines[i].startsWith('|') || lines[i - 1]?.startsWith('|')) continue;
      const width = cells(lines[i]).length;
      for (let j = i; j < lines.length && lines[j].startsWith('|'); j++) assert.equal(cells(lines[j]).length, width, `row ${j + 1}: ${lines[j]}`);
    }
  });

  it('shows sidecar text literally: no HTML, no link to a non-http URL', () => {
    const markdown = renderReportMarkdown(hostileReport());
    assert.equal(/(^|[^\\])<(script|img|iframe|b)/i.exec(markdown)?.[0], undefined, 'raw HTML in the output');
    assert.ok(!/(^|[^\\])\]\(javascript:/i.test(markdown), 'an unescaped link to javascript:');
    assert.ok(markdown.includes('\\[a\\](javascript:alert(1)) link'), 'the link syntax stays visible as text');
    assert.ok(markdown.includes('A \\| pipe and a \\*star\\*'));
  });

  it('links a source\'s title to its http(s) URL and says whether it has an archived copy', () => {
    const markdown = renderReportMarkdown(fixtureReport());
    assert.match(markdown, /\| `known` \| \[A report on the flight\]\(<https:\/\/example\.org\/report>\) \(Ann Author, Bob Writer\) \| Somebody Press \| 2022-07-06 \| 2022-07-08 \| \[yes\]\(<https:\/\/web\.archive\.org\/[^>]+>\) \| 2 \|/);
    assert.match(markdown, /\| `never-cited` \| Something nobody cites \|.*\| no \| 0 \(unused\) \|/);
  });

  it('starts with the title and the cited share, and has a section for each part of the report', () => {
    const report = fixtureReport();
    const markdown = renderReportMarkdown(report);
    assert.ok(markdown.startsWith('# Citation report: draft.md\n'));
    const { cited, uncited, citedPercent } = report.summary;
    assert.ok(markdown.includes(`**Cited ${cited}/${cited + uncited} (${citedPercent}%)**`));
    for (const heading of ['Summary', 'Claims', 'Stale claims', 'Sources', 'Unused sources', 'Uncited assertions', 'Entity index', 'Open findings']) {
      assert.match(markdown, new RegExp(`^## ${heading}( \\(\\d+\\))?$`, 'm'), heading);
    }
    assert.ok(markdown.endsWith('|\n') || markdown.endsWith('.\n'));
  });

  it('gives each uncited assertion its line and reasons', () => {
    const report = fixtureReport();
    const markdown = renderReportMarkdown(report);
    const row = report.uncited[0];
    assert.ok(markdown.includes(`| ${row.target.line} | `), markdown);
    assert.ok(markdown.includes(row.reasons[0].replace(/"/g, '"')));
  });
});
