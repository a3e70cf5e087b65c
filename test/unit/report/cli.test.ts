import { strict as assert } from 'node:assert';
import { main } from '../../../src/cli/main';
import { CitationReportSchema } from '../../../src/core/report/index';
import { CapturedOutput, MemoryFileSystem } from '../../support/memoryFs';
import { DRAFT, REGISTRY, SIDECAR } from './fixture';

const CONFIG = 'include:\n  - registry.yaml\n';
const project = { '/p/draft.md': DRAFT, '/p/draft.sources.yaml': SIDECAR, '/p/registry.yaml': REGISTRY, '/p/.sourced.yaml': CONFIG };

async function run(argv: string[], files: Record<string, string> = project, env: Record<string, string> = { SOURCE_DATE_EPOCH: '1767225600' }) {
  const stdout = new CapturedOutput();
  const stderr = new CapturedOutput();
  const fs = new MemoryFileSystem(files);
  const code = await main({ argv, cwd: '/p', fs, stdout, stderr, env });
  return { code, stdout: stdout.text, stderr: stderr.text, fs };
}

describe('sourced report', () => {
  it('writes Markdown to standard output by default and exits 0 although the draft has findings', async () => {
    const { code, stdout, stderr } = await run(['report', 'draft.md']);
    assert.equal(stderr, '');
    assert.equal(code, 0);
    assert.ok(stdout.startsWith('# Citation report: draft.md\n'));
    assert.match(stdout, /\*\*Cited \d+\/\d+ \(\d+%\)\*\*/);
    assert.match(stdout, /^## Uncited assertions \(\d+\)$/m);
  });

  it('reads the project config, so registry sources the draft cites are in the sources table', async () => {
    const { stdout } = await run(['report', 'draft.md', '--format', 'json']);
    const report = CitationReportSchema.parse(JSON.parse(stdout));
    const shared = report.sources.find((source) => source.key === 'shared-used');
    assert.equal(shared?.fromRegistry, true);
    assert.equal(shared?.target?.uri, 'registry.yaml');
  });

  it('writes JSON that follows the schema, with paths relative to the working folder and the time from SOURCE_DATE_EPOCH', async () => {
    const { code, stdout } = await run(['report', 'draft.md', '-f', 'json']);
    assert.equal(code, 0);
    const report = CitationReportSchema.parse(JSON.parse(stdout));
    assert.equal(report.draft.uri, 'draft.md');
    assert.equal(report.generatedAt, '2026-01-01T00:00:00.000Z');
    assert.ok(report.uncited.every((row) => row.target.uri === 'draft.md'));
    const again = await run(['report', 'draft.md', '-f', 'json']);
    assert.equal(again.stdout, stdout, 'the same draft gives byte-identical JSON');
  });

  it('writes one self-contained HTML file with --out and says what it wrote', async () => {
    const { code, stdout, fs } = await run(['report', 'draft.md', '--format=html', '--out', 'out/report.html']);
    assert.equal(code, 0);
    assert.match(stdout, /^Wrote out\/report\.html: cited \d+\/\d+ \(\d+%\), \d+ uncited assertions?, \d+ stale claims?, 1 unused source\.\n$/);
    const html = fs.files.get('/p/out/report.html')!;
    assert.ok(html.startsWith('<!DOCTYPE html>'));
    assert.ok(!/<script|<link|@import|url\(/i.test(html));
  });

  it('replaces an existing --out file', async () => {
    const { code, fs } = await run(['report', 'draft.md', '-o', 'report.md'], { ...project, '/p/report.md': 'old' });
    assert.equal(code, 0);
    assert.ok(fs.files.get('/p/report.md')!.startsWith('# Citation report'));
  });

  it('counts citations of a front-matter bibliography as known sources, as sourced lint does', async () => {
    const draft = `---\nbibliography: refs.json\n---\nThe port handled 40 ships on 12 March 2021 [@port-stats].\n`;
    const refs = JSON.stringify([{ id: 'port-stats', type: 'report', title: 'Port statistics 2021' }]);
    const { code, stdout } = await run(['report', 'bib.md', '-f', 'json'], { '/p/bib.md': draft, '/p/refs.json': refs });
    assert.equal(code, 0);
    const report = CitationReportSchema.parse(JSON.parse(stdout));
    assert.ok(!report.problems.some((problem) => problem.ruleId === 'unknown-source'), JSON.stringify(report.problems));
    const source = report.sources.find((candidate) => candidate.key === 'port-stats');
    assert.equal(source?.title, 'Port statistics 2021');
    assert.equal(source?.citations, 1);
    assert.equal(source?.target?.uri, 'refs.json');
  });

  it('reports a draft without a sidecar (everything it asserts is uncited)', async () => {
    const { code, stdout } = await run(['report', 'lone.md', '-f', 'json'], { '/p/lone.md': 'The company paid 40 million dollars in 2021.\n' });
    assert.equal(code, 0);
    const report = CitationReportSchema.parse(JSON.parse(stdout));
    assert.equal(report.sources.length, 0);
    assert.equal(report.summary.cited, 0);
    assert.equal(report.uncited.length, report.summary.uncited);
  });

  describe('usage and input errors exit 2', () => {
    it('an unknown format', async () => {
      const { code, stderr } = await run(['report', 'draft.md', '--format', 'pdf']);
      assert.equal(code, 2);
      assert.match(stderr, /unknown format "pdf" for report; use html, md, json/);
    });

    it('no draft, or two', async () => {
      assert.equal((await run(['report'])).code, 2);
      const two = await run(['report', 'draft.md', 'other.md']);
      assert.equal(two.code, 2);
      assert.match(two.stderr, /exactly one draft/);
    });

    it('a draft that does not exist', async () => {
      const { code, stderr } = await run(['report', 'missing.md']);
      assert.equal(code, 2);
      assert.match(stderr, /missing\.md: no such file/);
    });

    it('--out naming the draft itself or a folder', async () => {
      const self = await run(['report', 'draft.md', '--out', './draft.md']);
      assert.equal(self.code, 2);
      assert.equal(self.fs.files.get('/p/draft.md'), DRAFT);
      const folder = await run(['report', 'draft.md', '--out', '/p']);
      assert.equal(folder.code, 2);
      assert.match(folder.stderr, /is a folder/);
    });

    it('--out naming the draft\'s sidecar', async () => {
      const { code, stderr, fs } = await run(['report', 'draft.md', '--out', 'draft.sources.yaml']);
      assert.equal(code, 2);
      assert.match(stderr, /--out names the draft's sidecar/);
      assert.equal(fs.files.get('/p/draft.sources.yaml'), SIDECAR);
    });

    it('--out without a value', async () => {
      const { code, stderr } = await run(['report', 'draft.md', '--out']);
      assert.equal(code, 2);
      assert.match(stderr, /--out needs a value/);
    });

    it('a SOURCE_DATE_EPOCH that is not a number', async () => {
      const { code, stderr } = await run(['report', 'draft.md'], project, { SOURCE_DATE_EPOCH: 'yesterday' });
      assert.equal(code, 2);
      assert.match(stderr, /SOURCE_DATE_EPOCH/);
    });
  });

  it('is listed in --help with its options', async () => {
    const { stdout } = await run(['--help']);
    assert.match(stdout, /report FILE\s+Write the citation report/);
    assert.match(stdout, /Options for report:[\s\S]*--out FILE/);
  });
});
