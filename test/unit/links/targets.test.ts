import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import type { LinkOutcome } from '../../../src/core/links/check';
import { isArchiveUrl, linkFindings, summariseOutcomes } from '../../../src/core/links/findings';
import { linkTargetsOf } from '../../../src/core/links/targets';
import { loadSidecar } from '../../../src/core/sidecar/load';

const SIDECAR = `# sources of the draft
sources:
  fdd-2022:
    title: Mystery Cargo
    url: https://example.org/mystery-cargo   # the original
    archive: "https://web.archive.org/web/2022/https://example.org/mystery-cargo"
  cijr:
    title: Investigation
    url: 'https://example.org/cijr'
  flow: {title: Flow style, url: https://example.org/flow}
  paper:
    title: A paper with no link
entities: {}
`;

function valueAt(text: string, span: { start: number; end: number }): string {
  return text.slice(span.start, span.end);
}

function outcome(url: string, fields: Partial<LinkOutcome>): LinkOutcome {
  return { url, verdict: 'ok', reason: 'HTTP 200 OK', redirects: 0, checkedAt: Date.UTC(2026, 10, 27), ...fields };
}

describe('link targets of sources', () => {
  const file = loadSidecar('/p/draft.sources.yaml', SIDECAR);
  const targets = linkTargetsOf([file]);

  it('lists the url and archive of every source, in order, and skips sources without links', () => {
    assert.deepEqual(
      targets.map((target) => `${target.key}.${target.field}`),
      ['fdd-2022.url', 'fdd-2022.archive', 'cijr.url', 'flow.url'],
    );
  });

  it('points at the value of `url:` (without the trailing comment)', () => {
    assert.equal(valueAt(SIDECAR, targets[0].span), 'https://example.org/mystery-cargo');
    assert.equal(targets[0].range.start.line, 4);
  });

  it('points at a quoted value with its quotes', () => {
    assert.equal(valueAt(SIDECAR, targets[1].span), '"https://web.archive.org/web/2022/https://example.org/mystery-cargo"');
    assert.equal(valueAt(SIDECAR, targets[2].span), "'https://example.org/cijr'");
  });

  it('finds the URL inside a flow mapping', () => {
    assert.equal(valueAt(SIDECAR, targets[3].span), 'https://example.org/flow');
  });

  it('knows which sources have an archive', () => {
    assert.deepEqual(targets.map((target) => target.hasArchive), [true, true, false, false]);
  });

  it('reads each file once, even when it is listed twice (a registry shared by two drafts)', () => {
    assert.equal(linkTargetsOf([file, undefined, file]).length, targets.length);
  });

  it('never throws and keeps every span inside the file, for any sidecar text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.webUrl(), (noise, url) => {
        const text = `sources:\n  k:\n    title: T\n    url: ${url}\n${noise}`;
        for (const target of linkTargetsOf([loadSidecar('/p/x.sources.yaml', text)])) {
          assert.ok(target.span.start >= 0 && target.span.start <= target.span.end && target.span.end <= text.length);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('findings of a link check', () => {
  const file = loadSidecar('/p/draft.sources.yaml', SIDECAR);
  const targets = linkTargetsOf([file]);
  const outcomes = new Map<string, LinkOutcome>([
    ['https://example.org/mystery-cargo', outcome('https://example.org/mystery-cargo', { verdict: 'broken', reason: 'HTTP 404 Not Found', httpStatus: 404 })],
    ['https://web.archive.org/web/2022/https://example.org/mystery-cargo', outcome('https://web.archive.org/web/2022/https://example.org/mystery-cargo', {})],
    ['https://example.org/cijr', outcome('https://example.org/cijr', { verdict: 'broken', reason: 'HTTP 500 Internal Server Error', redirects: 1, finalUrl: 'https://example.org/cijr/' })],
    ['https://example.org/flow', outcome('https://example.org/flow', { verdict: 'inconclusive', reason: 'HTTP 403 Forbidden' })],
  ]);
  const findings = linkFindings(targets, outcomes);

  it('reports a broken url at its value, and points to the archived copy that still answers', () => {
    const broken = findings.filter((finding) => finding.ruleId === 'link-broken');
    assert.equal(broken.length, 2);
    assert.equal(broken[0].message, 'The URL of source "fdd-2022" is broken: HTTP 404 Not Found. Its archived copy still answers: cite that, or find where the page moved.');
    assert.equal(valueAt(SIDECAR, broken[0].span), 'https://example.org/mystery-cargo');
    assert.equal(broken[0].data?.httpStatus, 404);
  });

  it('says where the redirects of a broken link ended, and that it has no archive', () => {
    const cijr = findings.find((finding) => finding.ruleId === 'link-broken' && finding.data?.key === 'cijr');
    assert.match(cijr?.message ?? '', /is broken: HTTP 500 Internal Server Error \(after 1 redirect, at https:\/\/example\.org\/cijr\/\)\. It has no archived copy/);
  });

  it('does not call a link the site would not confirm broken', () => {
    assert.ok(!findings.some((finding) => finding.ruleId === 'link-broken' && finding.data?.key === 'flow'));
  });

  it('reports a broken archive as the archived copy', () => {
    const archiveBroken = linkFindings(targets, new Map([[targets[1].checkUrl, outcome(targets[1].checkUrl, { verdict: 'broken', reason: 'HTTP 404 Not Found' })]]));
    assert.match(archiveBroken.find((finding) => finding.ruleId === 'link-broken')?.message ?? '', /^The archived copy of source "fdd-2022" is broken: HTTP 404 Not Found\. Find another capture/);
  });

  it('reports link-no-archive on the url of each source without an archive, with a Wayback lookup', () => {
    const missing = findings.filter((finding) => finding.ruleId === 'link-no-archive');
    assert.deepEqual(missing.map((finding) => finding.data?.key), ['cijr', 'flow']);
    assert.equal(missing[0].data?.lookup, 'https://web.archive.org/web/*/https://example.org/cijr');
    assert.equal(valueAt(SIDECAR, missing[1].span), 'https://example.org/flow');
  });

  it('reports link-no-archive even for links that were not checked, and nothing broken', () => {
    const unchecked = linkFindings(targets, new Map());
    assert.deepEqual(unchecked.map((finding) => finding.ruleId), ['link-no-archive', 'link-no-archive']);
  });

  it('asks no archive of a source whose url is already an archived copy', () => {
    const archived = loadSidecar('/p/a.sources.yaml', 'sources:\n  k:\n    title: T\n    url: https://web.archive.org/web/2020/https://example.org/\n  p:\n    title: P\n    url: https://perma.cc/ABCD-1234\n');
    assert.deepEqual(linkFindings(linkTargetsOf([archived]), new Map()), []);
    assert.equal(isArchiveUrl('https://archive.ph/abcde'), true);
    assert.equal(isArchiveUrl('https://notarchive.org.example/'), false);
    assert.equal(isArchiveUrl('https://example.org/archive.org'), false);
  });

  it('counts outcomes by verdict and how many came from the cache', () => {
    const counts = summariseOutcomes([...outcomes.values(), outcome('https://x.example/', { fromCache: true })]);
    assert.deepEqual(counts, { ok: 2, broken: 2, inconclusive: 1, skipped: 0, fromCache: 1 });
  });
});
