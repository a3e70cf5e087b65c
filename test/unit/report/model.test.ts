import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { resolveSettings } from '../../../src/core/config';
import { lintDocument } from '../../../src/core/lint';
import { buildCitationReport, CitationReportSchema, mapReportUris } from '../../../src/core/report/index';
import { DRAFT, DRAFT_URI, fixtureReport, lintFixture, registry, sidecar, SIDECAR_URI, staleFinding } from './fixture';

function lineOf(text: string, needle: string): number {
  const index = text.indexOf(needle);
  assert.ok(index >= 0, `"${needle}" is not in the text`);
  return text.slice(0, index).split('\n').length;
}

describe('the citation report model', () => {
  it('follows its own JSON schema (the documented format)', () => {
    const report = fixtureReport([staleFinding(0)], { generatedAt: '2026-01-02T03:04:05.000Z' });
    assert.deepEqual(CitationReportSchema.parse(report), report);
    assert.equal(report.format, 'sourced-citation-report');
    assert.equal(report.version, 1);
    assert.equal(report.generatedAt, '2026-01-02T03:04:05.000Z');
  });

  it('leaves out the time when none is given, so the same draft gives the same JSON', () => {
    const first = JSON.stringify(fixtureReport());
    const second = JSON.stringify(fixtureReport());
    assert.equal(first, second);
    assert.ok(!('generatedAt' in fixtureReport()));
  });

  describe('share of assertions cited', () => {
    it('counts an assertion cited by a [@key] or by a claim with sources, and not one whose claim has no source', () => {
      const report = fixtureReport();
      const uncitedTexts = report.uncited.map((row) => row.text);
      // "Officials said …" carries no marker but a claim with a source: cited.
      assert.ok(!uncitedTexts.some((text) => text.startsWith('Officials said')));
      // The claim on the Pecci sentence lists no source: still uncited.
      assert.ok(uncitedTexts.includes('Pecci was shot dead on a beach in Colombia on 10 May 2022.'));
      assert.ok(uncitedTexts.includes('The Venezuelan government paid 40 million dollars for the aircraft in 2021.'));
    });

    it('leaves accepted sentences out of the share and counts them as excused', () => {
      const report = fixtureReport();
      assert.ok(report.summary.excused >= 1);
      assert.ok(!report.uncited.some((row) => row.text.startsWith('The crew numbered 18')));
    });

    it('adds up: cited + uncited + excused = assertions, and the percentage is cited / (cited + uncited)', () => {
      const { summary } = fixtureReport();
      assert.equal(summary.cited + summary.uncited + summary.excused, summary.assertions);
      assert.equal(summary.uncited, fixtureReport().uncited.length);
      assert.equal(summary.citedPercent, Math.round((100 * summary.cited) / (summary.cited + summary.uncited)));
    });

    it('gives no percentage for a draft without assertions', () => {
      const result = lintFixture('# Title\n\nWhy would anyone do that?\n');
      const report = buildCitationReport(result);
      assert.equal(report.summary.assertions, 0);
      assert.equal(report.summary.citedPercent, null);
    });

    it('counts a sentence silenced by a sourced-disable comment as excused, as the linter does', () => {
      const text = '<!-- sourced-disable-next-line uncited-assertion -->\nThe Venezuelan government paid 40 million dollars for the aircraft in 2021.\n';
      const report = buildCitationReport(lintFixture(text));
      assert.equal(report.uncited.length, 0);
      assert.equal(report.summary.excused, 1);
    });
  });

  describe('uncited assertions', () => {
    it('gives each its line, its cues as reasons and the finding\'s message', () => {
      const report = fixtureReport();
      const row = report.uncited.find((candidate) => candidate.text.startsWith('The Venezuelan government'));
      assert.ok(row);
      assert.equal(row.target.line, lineOf(DRAFT, 'The Venezuelan government'));
      assert.equal(row.target.uri, DRAFT_URI);
      assert.ok(row.reasons.some((reason) => /number/.test(reason)), `reasons: ${row.reasons.join(' | ')}`);
      assert.match(row.message ?? '', /^Uncited assertion/);
      assert.equal(row.severity, 'warning');
    });

    it('still lists them, without a message, when the uncited-assertion rule is off', () => {
      const settings = resolveSettings({ rules: { 'uncited-assertion': 'off' } });
      const result = lintDocument({ uri: DRAFT_URI, text: DRAFT, sidecar, registries: [registry], settings });
      const report = buildCitationReport(result);
      assert.ok(report.uncited.length > 0);
      assert.ok(report.uncited.every((row) => row.message === undefined && row.reasons.length > 0));
    });
  });

  describe('claims', () => {
    it('counts claims by the status the reviewer gave them', () => {
      const { claims } = fixtureReport().summary;
      assert.deepEqual(claims, { total: 3, verified: 1, disputed: 1, unverified: 1, stale: 0 });
    });

    it('marks a claim stale from a claim-stale finding naming its index, with the finding\'s message as the reason', () => {
      const report = fixtureReport([staleFinding(0, 'The text changed after Desk editor verified it.')]);
      assert.equal(report.summary.claims.stale, 1);
      assert.equal(report.claims[0].stale, true);
      assert.equal(report.claims[0].staleReason, 'The text changed after Desk editor verified it.');
      assert.equal(report.claims[1].stale, false);
    });

    it('marks a claim stale from a claim-stale finding without an index that sits on the claim in the sidecar', () => {
      const claimStart = sidecar.text.indexOf('- text: This sentence was deleted');
      const finding = { ...staleFinding(0), span: { start: claimStart + 2, end: claimStart + 10 }, data: undefined };
      const report = fixtureReport([finding]);
      assert.deepEqual(report.claims.map((claim) => claim.stale), [false, true, false]);
    });

    it('points an anchored claim at its text in the draft and an orphaned one at the sidecar', () => {
      const [verified, orphaned] = fixtureReport().claims;
      assert.equal(verified.anchor, 'exact');
      assert.equal(verified.target?.uri, DRAFT_URI);
      assert.equal(verified.target?.line, lineOf(DRAFT, 'Officials said'));
      assert.equal(orphaned.anchor, 'orphaned');
      assert.equal(orphaned.target?.uri, SIDECAR_URI);
      assert.equal(orphaned.target?.line, lineOf(sidecar.text, '- text: This sentence was deleted'));
      assert.equal(orphaned.note, 'Could not be traced.');
      assert.equal(verified.reviewer, 'Desk editor');
      assert.equal(verified.reviewed, '2022-07-08');
    });
  });

  describe('sources', () => {
    it('lists publisher, dates, archive and how often each source is cited, sorted by key', () => {
      const report = fixtureReport();
      assert.deepEqual(report.sources.map((source) => source.key), ['claimed', 'known', 'never-cited', 'shared-used']);
      const known = report.sources.find((source) => source.key === 'known')!;
      assert.equal(known.publisher, 'Somebody Press');
      assert.equal(known.date, '2022-07-06');
      assert.equal(known.accessed, '2022-07-08');
      assert.equal(known.hasArchive, true);
      assert.deepEqual(known.authors, ['Ann Author', 'Bob Writer']);
      // One [@known] in the draft, one claim (orphaned, but it still names the source).
      assert.equal(known.citations, 1);
      assert.equal(known.claims, 1);
      assert.equal(known.timesCited, 2);
      assert.equal(known.target?.line, lineOf(sidecar.text, '  known:'));
    });

    it('calls a source unused only when nothing in the draft or the sidecar uses it', () => {
      const report = fixtureReport();
      assert.deepEqual(report.sources.filter((source) => source.unused).map((source) => source.key), ['never-cited']);
      assert.equal(report.sources.find((source) => source.key === 'claimed')?.unused, false);
      assert.deepEqual(report.summary.sources, { total: 4, used: 3, unused: 1, withoutArchive: 3 });
    });

    it('includes registry sources the draft cites and leaves out those it does not', () => {
      const report = fixtureReport();
      const shared = report.sources.find((source) => source.key === 'shared-used');
      assert.equal(shared?.fromRegistry, true);
      assert.equal(shared?.unused, false);
      assert.equal(shared?.target?.uri, '/p/registry.yaml');
      assert.ok(!report.sources.some((source) => source.key === 'shared-unused'));
    });
  });

  describe('entity index', () => {
    it('says who is mentioned how often and on which lines, most mentioned first', () => {
      const report = fixtureReport();
      assert.deepEqual(
        report.entities.map((entity) => [entity.name, entity.kind, entity.mentionCount, entity.lines]),
        [
          ['Emtrasur', 'organization', 2, [lineOf(DRAFT, 'Emtrasur flew'), lineOf(DRAFT, 'Emtrasur said')]],
          ['Marcelo Pecci', 'person', 1, [lineOf(DRAFT, 'Pecci was')]],
        ],
      );
      const [first] = report.entities[0].mentions;
      assert.equal(DRAFT.split('\n')[first.range.start.line].slice(first.range.start.character, first.range.end.character), 'Emtrasur');
    });
  });

  it('lists open findings by rule, errors first', () => {
    const report = fixtureReport();
    const severities = report.problems.map((problem) => problem.severity);
    const order = ['error', 'warning', 'info', 'hint'];
    assert.deepEqual([...severities].sort((a, b) => order.indexOf(a) - order.indexOf(b)), severities);
    assert.ok(report.problems.some((problem) => problem.ruleId === 'claim-orphaned' && problem.severity === 'error' && problem.count === 1));
  });

  it('rewrites every file location through mapReportUris, and nothing else', () => {
    const report = fixtureReport();
    const mapped = mapReportUris(report, (uri) => uri.replace('/p/', ''));
    assert.equal(mapped.draft.uri, 'draft.md');
    assert.equal(mapped.claims[1].target?.uri, 'draft.sources.yaml');
    assert.ok(mapped.entities.every((entity) => entity.mentions.every((mention) => mention.uri === 'draft.md')));
    assert.deepEqual(mapped.summary, report.summary);
    assert.equal(report.draft.uri, DRAFT_URI, 'the original is left as it was');
  });

  it('never throws and keeps every target inside the draft, for any text', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('Emtrasur', 'Pecci', ' paid 40 dollars', ' in 2021', '.', ' ', '\n', '\n\n', '[@known]', '[@nope]', '# ', '| a | b |\n', '<!-- sourced-disable -->', '😀', 'Officials said the aircraft carried no cargo at all on 13 May 2022.'), { maxLength: 40 }),
        (parts) => {
          const text = parts.join('');
          const report = buildCitationReport(lintFixture(text), { files: [sidecar, registry] });
          CitationReportSchema.parse(report);
          const lines = text.split(/\r\n|\r|\n/);
          const targets = [...report.uncited.map((row) => row.target), ...report.entities.flatMap((entity) => entity.mentions), ...report.claims.flatMap((claim) => (claim.target?.uri === DRAFT_URI ? [claim.target] : []))];
          for (const target of targets) {
            assert.ok(target.range.start.line < lines.length && target.range.end.line < lines.length);
            assert.ok(target.range.end.character <= lines[target.range.end.line].length);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
