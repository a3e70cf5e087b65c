import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { frontMatterBibliographies, frontMatterBody } from '../../../src/core/bibliography/frontMatter';
import { resolveSettings } from '../../../src/core/config';
import { lintDocument } from '../../../src/core/lint';
import { BibliographyCache, loadDraftBibliographies } from '../../../src/core/project';
import { loadSidecar } from '../../../src/core/sidecar/load';
import { MemoryFileSystem } from '../../support/memoryFs';

const BIB = '@report{fdd-2022, title = {Mystery Cargo}, institution = {FDD}, year = 2022}\n';
const CSL = JSON.stringify([{ id: 'reuters-2022', type: 'article-newspaper', title: 'Plane held', 'container-title': 'Reuters' }]);

function draft(frontMatter: string, body = 'The aircraft landed [@fdd-2022]. It was held [@reuters-2022]. See [@nowhere].\n'): string {
  return `---\n${frontMatter}---\n\n${body}`;
}

describe('front matter bibliography', () => {
  it('reads one path or a list of paths, with their spans in the draft', () => {
    const text = draft('title: Cargo\nbibliography: refs.bib\n');
    const [file] = frontMatterBibliographies(text).files;
    assert.equal(file.path, 'refs.bib');
    assert.equal(text.slice(file.span.start, file.span.end), 'refs.bib');
    const list = frontMatterBibliographies(draft('bibliography:\n  - a.bib\n  - "b.json"\n')).files.map((entry) => entry.path);
    assert.deepEqual(list, ['a.bib', 'b.json']);
  });

  it('reads inline references with an id', () => {
    const text = draft('references:\n  - id: inline-1\n    title: Inline\n  - title: no id\n');
    const [reference] = frontMatterBibliographies(text).references;
    assert.equal(reference.item.id, 'inline-1');
    assert.equal(text.slice(reference.keySpan.start, reference.keySpan.end), 'inline-1');
  });

  it('finds nothing without front matter, with broken YAML, or with CRLF line ends handled', () => {
    assert.deepEqual(frontMatterBibliographies('bibliography: refs.bib\n').files, []);
    assert.deepEqual(frontMatterBibliographies(draft('bibliography: [unclosed\n')).files, []);
    assert.equal(frontMatterBibliographies('---\r\nbibliography: refs.bib\r\n---\r\n').files[0]?.path, 'refs.bib');
    assert.equal(frontMatterBody('---\nno end'), undefined);
  });

  it('never throws, and spans stay inside the draft', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (head, tail) => {
        const text = `---\nbibliography: ${head}\nreferences:\n  - id: ${tail}\n---\n`;
        const found = frontMatterBibliographies(text);
        for (const entry of [...found.files, ...found.references.map((reference) => ({ span: reference.keySpan }))]) {
          assert.ok(entry.span.start >= 0 && entry.span.end <= text.length);
        }
      }),
    );
  });
});

describe('loading a draft bibliography', () => {
  const files = { '/p/refs.bib': BIB, '/p/lib/refs.json': CSL };

  it('loads BibTeX and CSL-JSON files relative to the draft, with origins in those files', async () => {
    const text = draft('bibliography: [refs.bib, lib/refs.json]\n');
    const loaded = await loadDraftBibliographies('/p/draft.md', text, new MemoryFileSystem(files));
    assert.deepEqual(loaded.findings, []);
    assert.deepEqual(loaded.sources.map((record) => [record.key, record.origin.uri]), [
      ['fdd-2022', '/p/refs.bib'],
      ['reuters-2022', '/p/lib/refs.json'],
    ]);
    assert.equal(BIB.slice(loaded.sources[0].origin.keySpan.start, loaded.sources[0].origin.keySpan.end), 'fdd-2022');
  });

  it('reports a missing file as sidecar-schema on the front matter line that names it', async () => {
    const text = draft('bibliography: missing.bib\n');
    const loaded = await loadDraftBibliographies('/p/draft.md', text, new MemoryFileSystem(files));
    assert.equal(loaded.findings.length, 1);
    const [finding] = loaded.findings;
    assert.equal(finding.ruleId, 'sidecar-schema');
    assert.equal(finding.uri, '/p/draft.md');
    assert.equal(finding.range.start.line, 1);
    assert.match(finding.message, /bibliography: "missing.bib" does not exist \(looked for \/p\/missing.bib\)/);
  });

  it('reports a format it cannot read, and an unreadable file', async () => {
    const throwing = { readText: async () => Promise.reject(new Error('EACCES: permission denied')) };
    const unreadable = await loadDraftBibliographies('/p/draft.md', draft('bibliography: refs.bib\n'), throwing);
    assert.match(unreadable.findings[0].message, /cannot be read \(EACCES: permission denied\)/);
    const ris = await loadDraftBibliographies('/p/draft.md', draft('bibliography: refs.ris\n'), new MemoryFileSystem(files));
    assert.match(ris.findings[0].message, /not a format Sourced reads/);
  });

  it('reports a syntax error in the bibliography file at its position, keeping the entries it could read', async () => {
    const broken = `${BIB}@misc{b, title = {Unclosed}\n`;
    const loaded = await loadDraftBibliographies('/p/draft.md', draft('bibliography: refs.bib\n'), new MemoryFileSystem({ '/p/refs.bib': broken }));
    assert.deepEqual(loaded.sources.map((record) => record.key), ['fdd-2022']);
    assert.equal(loaded.findings[0].ruleId, 'sidecar-syntax');
    assert.equal(loaded.findings[0].uri, '/p/refs.bib');
    assert.equal(loaded.findings[0].range.start.line, 1);
  });

  it('says "1 entry" (not "1 entries") is still used when one entry precedes a syntax error', async () => {
    const broken = `${BIB}@misc{b, title = {Unclosed}\n`;
    const loaded = await loadDraftBibliographies('/p/draft.md', draft('bibliography: refs.bib\n'), new MemoryFileSystem({ '/p/refs.bib': broken }));
    assert.match(loaded.findings[0].message, / 1 entry before or around the problem is still used\.$/);
  });

  it('says "2 entries" are still used when two entries precede a syntax error', async () => {
    const broken = `${BIB}@misc{a, title = {Fine}}\n@misc{b, title = {Unclosed}\n`;
    const loaded = await loadDraftBibliographies('/p/draft.md', draft('bibliography: refs.bib\n'), new MemoryFileSystem({ '/p/refs.bib': broken }));
    assert.match(loaded.findings[0].message, / 2 entries before or around the problem are still used\.$/);
  });

  it('reuses a cached reading while the file text is unchanged', async () => {
    const cache = new BibliographyCache();
    const reader = new MemoryFileSystem(files);
    const first = await loadDraftBibliographies('/p/draft.md', draft('bibliography: refs.bib\n'), reader, cache);
    const second = await loadDraftBibliographies('/p/other.md', draft('bibliography: refs.bib\n'), reader, cache);
    assert.equal(first.files[0], second.files[0]);
  });

  it('makes keys defined there known to unknown-source, while the sidecar still wins', async () => {
    const text = draft('bibliography: [refs.bib, lib/refs.json]\n');
    const loaded = await loadDraftBibliographies('/p/draft.md', text, new MemoryFileSystem(files));
    const sidecar = loadSidecar('/p/draft.sources.yaml', 'sources:\n  fdd-2022:\n    title: Own title\n');
    const result = lintDocument({ uri: '/p/draft.md', text, sidecar, extraSources: loaded.sources, settings: resolveSettings() });
    const unknown = result.findings.filter((finding) => finding.ruleId === 'unknown-source').map((finding) => finding.data?.key);
    assert.deepEqual(unknown, ['nowhere']);
    assert.equal(result.analysis.catalog.sources.get('fdd-2022')?.source.title, 'Own title');
    assert.equal(result.analysis.catalog.sources.get('reuters-2022')?.origin.uri, '/p/lib/refs.json');
  });
});
