import { strict as assert } from 'node:assert';
import { main } from '../../../src/cli/main';
import { loadSidecar } from '../../../src/core/sidecar/load';
import { CapturedOutput, MemoryFileSystem } from '../../support/memoryFs';

async function run(argv: string[], files: Record<string, string>, cwd = '/p') {
  const fs = new MemoryFileSystem(files);
  const stdout = new CapturedOutput();
  const stderr = new CapturedOutput();
  const code = await main({ argv, cwd, fs, stdout, stderr, env: {} });
  return { code, stdout: stdout.text, stderr: stderr.text, fs };
}

const SIDECAR = `# Sources of the draft.
sources:
  known:
    title: A report # checked
entities: {}
`;

const BIB = `% exported by Better BibTeX
@article{known, title = {A different report}, journal = {The Times}, year = 2021}
@online{added-1, title = {Added {One}}, author = {Doe, Jane}, url = {https://example.org/1}, urldate = {2024-01-02}}
@misc{bad key, title = {Bad}}
`;

const CSL = JSON.stringify([
  { id: 'csl-1', type: 'webpage', title: 'From Zotero', URL: 'https://example.org/z', issued: { 'date-parts': [[2020, 2]] } },
  { id: 'http://zotero.org/users/1/items/AB', type: 'book', title: 'Zotero id' },
]);

describe('sourced import', () => {
  it('adds new sources, skips existing keys and invalid ones, lists them and keeps comments', async () => {
    const { code, stdout, fs } = await run(['import', 'refs.bib', '--into', 'draft.sources.yaml'], { '/p/refs.bib': BIB, '/p/draft.sources.yaml': SIDECAR });
    assert.equal(code, 0);
    assert.match(stdout, /refs\.bib:4:7: skipped "bad key": not a valid citation key/);
    assert.match(stdout, /skipped "known": draft\.sources\.yaml already has it with other fields \(--overwrite replaces it\)/);
    assert.match(stdout, /Imported from refs\.bib into draft\.sources\.yaml: 1 added, 1 skipped, 1 invalid\./);
    const text = fs.files.get('/p/draft.sources.yaml')!;
    assert.match(text, /title: A report # checked/);
    assert.deepEqual(loadSidecar('draft.sources.yaml', text).usable.sources['added-1'], {
      title: 'Added One',
      author: 'Jane Doe',
      url: 'https://example.org/1',
      accessed: '2024-01-02',
    });
  });

  it('replaces existing keys with --overwrite', async () => {
    const { code, stdout, fs } = await run(['import', 'refs.bib', '--into', 'draft.sources.yaml', '--overwrite'], { '/p/refs.bib': BIB, '/p/draft.sources.yaml': SIDECAR });
    assert.equal(code, 0);
    assert.match(stdout, /1 added, 1 replaced, 0 skipped, 1 invalid/);
    assert.equal(loadSidecar('d.sources.yaml', fs.files.get('/p/draft.sources.yaml')!).usable.sources.known.title, 'A different report');
  });

  it('writes nothing with --dry-run', async () => {
    const { code, stdout, fs } = await run(['import', 'refs.bib', '--into', 'draft.sources.yaml', '--dry-run'], { '/p/refs.bib': BIB, '/p/draft.sources.yaml': SIDECAR });
    assert.equal(code, 0);
    assert.match(stdout, /^Would import from refs\.bib/m);
    assert.equal(fs.files.get('/p/draft.sources.yaml'), SIDECAR);
  });

  it('imports CSL-JSON, creating the sidecar of a draft named with --into draft.md', async () => {
    const { code, stdout, fs } = await run(['import', 'lib.json', '--into', 'draft.md'], { '/p/lib.json': CSL, '/p/draft.md': '# Draft\n' });
    assert.equal(code, 0, stdout);
    assert.match(stdout, /lib\.json:1:\d+: skipped "http:\/\/zotero\.org\/users\/1\/items\/AB": not a valid citation key/);
    assert.match(stdout, /into draft\.sources\.yaml \(created\): 1 added/);
    assert.deepEqual(loadSidecar('d.sources.yaml', fs.files.get('/p/draft.sources.yaml')!).usable.sources['csl-1'], {
      title: 'From Zotero',
      url: 'https://example.org/z',
      date: '2020-02',
    });
  });

  it('imports only the entries the draft cites with --cited', async () => {
    const files = { '/p/refs.bib': BIB, '/p/draft.md': 'Cited [@added-1] and [@known].\n\n[^1]: See @not-in-library.\n', '/p/draft.sources.yaml': SIDECAR };
    const { code, stdout, fs } = await run(['import', 'refs.bib', '--into', 'draft.sources.yaml', '--cited'], files);
    assert.equal(code, 0);
    assert.match(stdout, /1 added, 1 skipped, 0 invalid, 1 not cited by the draft\./);
    assert.ok(loadSidecar('d.sources.yaml', fs.files.get('/p/draft.sources.yaml')!).usable.sources['added-1']);
    const withoutDraft = await run(['import', 'refs.bib', '--into', 'other.sources.yaml', '--cited'], { '/p/refs.bib': BIB });
    assert.equal(withoutDraft.code, 2);
    assert.match(withoutDraft.stderr, /--cited needs the draft beside other\.sources\.yaml \(other\.md\)/);
  });

  it('exits 2 with one line naming the file and position of a parse error, writing nothing', async () => {
    const { code, stderr, fs } = await run(['import', 'lib.json', '--into', 'draft.sources.yaml'], { '/p/lib.json': '[\n  {"id": "a",\n]', '/p/draft.sources.yaml': SIDECAR });
    assert.equal(code, 2);
    assert.match(stderr, /^sourced: lib\.json:3:1: not valid JSON: expected a "quoted" key, found "\]"; nothing imported\n$/);
    assert.equal(fs.files.get('/p/draft.sources.yaml'), SIDECAR);
  });

  it('exits 2 for a BibTeX syntax error, a missing input and a missing --into', async () => {
    assert.match((await run(['import', 'r.bib', '--into', 's.sources.yaml'], { '/p/r.bib': '@misc{a, title = }' })).stderr, /r\.bib:1:18: expected a value/);
    const missing = await run(['import', 'nope.bib', '--into', 's.sources.yaml'], {});
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /nope\.bib: no such file/);
    const usage = await run(['import', 'r.bib'], { '/p/r.bib': '' });
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /needs --into/);
  });

  it('exits 2 when the sidecar cannot be edited safely', async () => {
    const { code, stderr } = await run(['import', 'refs.bib', '--into', 'draft.sources.yaml'], { '/p/refs.bib': BIB, '/p/draft.sources.yaml': 'sources: [broken\n' });
    assert.equal(code, 2);
    assert.match(stderr, /cannot be edited safely/);
  });
});

describe('sourced export', () => {
  const sidecar = `sources:
  fdd-2022:
    title: Mystery Cargo
    author: Emanuele Ottolenghi
    publisher: Foundation for Defense of Democracies
    date: 2022-07-06
    url: https://example.org/mystery-cargo
    archive: https://web.archive.org/web/2022/https://example.org/mystery-cargo
  broken:
    title: Broken
    date: yesterday
`;

  it('prints the sources as CSL-JSON on standard output, leaving out invalid ones with a warning', async () => {
    const { code, stdout, stderr } = await run(['export', 'draft.sources.yaml'], { '/p/draft.sources.yaml': sidecar });
    assert.equal(code, 0);
    assert.match(stderr, /source "broken" does not follow the sidecar format; not exported/);
    const items = JSON.parse(stdout);
    assert.deepEqual(items, [
      {
        id: 'fdd-2022',
        type: 'report',
        title: 'Mystery Cargo',
        author: [{ family: 'Ottolenghi', given: 'Emanuele' }],
        publisher: 'Foundation for Defense of Democracies',
        issued: { 'date-parts': [[2022, 7, 6]] },
        URL: 'https://example.org/mystery-cargo',
        custom: { archive: 'https://web.archive.org/web/2022/https://example.org/mystery-cargo' },
      },
    ]);
  });

  it('writes to --out, from a draft name, and the file imports back to the same sources', async () => {
    const exported = await run(['export', 'draft.md', '--out', 'refs.json'], { '/p/draft.sources.yaml': sidecar });
    assert.equal(exported.code, 0);
    assert.match(exported.stdout, /Exported 1 source from draft\.sources\.yaml to refs\.json/);
    const json = exported.fs.files.get('/p/refs.json')!;
    const back = await run(['import', 'refs.json', '--into', 'new.sources.yaml'], { '/p/refs.json': json });
    assert.equal(back.code, 0);
    const original = loadSidecar('a.sources.yaml', sidecar).usable.sources['fdd-2022'];
    assert.deepEqual(loadSidecar('b.sources.yaml', back.fs.files.get('/p/new.sources.yaml')!).usable.sources['fdd-2022'], original);
  });

  it('refuses an --out that names the sidecar being exported (or its draft) and leaves both unchanged', async () => {
    const files = { '/p/draft.sources.yaml': SIDECAR, '/p/draft.md': 'Text [@known].\n' };
    const overSidecar = await run(['export', 'draft.sources.yaml', '--out', 'draft.sources.yaml'], files);
    assert.equal(overSidecar.code, 2);
    assert.match(overSidecar.stderr, /--out names the sidecar itself/);
    assert.equal(overSidecar.fs.files.get('/p/draft.sources.yaml'), SIDECAR);
    const overDraft = await run(['export', 'draft.md', '-o', './draft.md'], files);
    assert.equal(overDraft.code, 2);
    assert.match(overDraft.stderr, /--out names the draft itself/);
    assert.equal(overDraft.fs.files.get('/p/draft.md'), 'Text [@known].\n');
  });

  it('exits 2 for a missing sidecar, an unknown format and a YAML syntax error', async () => {
    assert.equal((await run(['export', 'none.sources.yaml'], {})).code, 2);
    assert.equal((await run(['export', 'draft.sources.yaml', '--format', 'ris'], { '/p/draft.sources.yaml': sidecar })).code, 2);
    const broken = await run(['export', 'draft.sources.yaml'], { '/p/draft.sources.yaml': 'sources: [\n' });
    assert.equal(broken.code, 2);
    assert.match(broken.stderr, /draft\.sources\.yaml:\d+:\d+:/);
  });
});

describe('sourced lint with a front matter bibliography', () => {
  it('knows the keys of the bibliography and reports a missing file on its front matter line', async () => {
    const draft = '---\nbibliography:\n  - refs.bib\n  - gone.json\n---\n\nThe plane landed [@added-1]. It left [@unknown-key].\n';
    const { code, stdout } = await run(['lint', 'draft.md', '--format', 'json'], { '/p/draft.md': draft, '/p/refs.bib': BIB });
    assert.equal(code, 1);
    const findings = JSON.parse(stdout) as Array<{ ruleId: string; message: string; line?: number; range?: { start: { line: number } } }>;
    const unknown = findings.filter((finding) => finding.ruleId === 'unknown-source').map((finding) => finding.message);
    assert.equal(unknown.length, 1);
    assert.match(unknown[0], /"unknown-key"/);
    const missing = findings.find((finding) => finding.ruleId === 'sidecar-schema');
    assert.ok(missing, JSON.stringify(findings));
    assert.match(missing.message, /bibliography: "gone\.json" does not exist/);
  });
});
