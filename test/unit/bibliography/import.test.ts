import { strict as assert } from 'node:assert';
import { readBibliography } from '../../../src/core/bibliography/bibliography';
import { applyImport, freeKey, planImport, type ImportOutcome } from '../../../src/core/bibliography/importPlan';
import { addSources, applySidecarEdits, replaceSource, replaceSources } from '../../../src/core/sidecar/edits';
import { loadSidecar } from '../../../src/core/sidecar/load';

const SIDECAR = `# Sources of the cargo draft.
sources:
  # The report everything starts from.
  fdd-2022:
    title: Mystery Cargo # as printed
    publisher: Foundation for Defense of Democracies
  same-2020:
    title: Same
# entities below
entities: {}
claims: []
`;

const BIB = `@report{fdd-2022, title = {Mystery Cargo, revised}, institution = {FDD}, year = 2023}
@misc{same-2020, title = {Same}}
@misc{new-2024, title = {New {\\"O}l}, author = {M{\\"u}ller, J{\\"o}rg}, year = 2024}
@misc{bad key, title = {Bad}}
@misc{untitled}
@misc{new-2024, title = {Duplicate}}
`;

function outcomeOf(result: ImportOutcome | { problem: string }): ImportOutcome {
  assert.ok(!('problem' in result), 'problem' in result ? result.problem : '');
  return result as ImportOutcome;
}

describe('import plan', () => {
  const entries = readBibliography(BIB, 'bibtex').entries;

  it('sorts entries into additions, conflicts, unchanged and invalid (bad key, no title, duplicate)', () => {
    const plan = planImport(SIDECAR, entries);
    assert.deepEqual(plan.additions.map((entry) => entry.key), ['new-2024']);
    assert.deepEqual(plan.conflicts.map((entry) => entry.key), ['fdd-2022']);
    assert.deepEqual(plan.unchanged, ['same-2020']);
    assert.deepEqual(
      plan.invalid.map((entry) => [entry.key, entry.reason.split(' (')[0]]),
      [
        ['bad key', 'not a valid citation key'],
        ['untitled', 'it has no title'],
        ['new-2024', 'the key is defined earlier in the same file; only the first is imported'],
      ],
    );
  });

  it('keeps an existing entry unless told otherwise, and keeps every comment', () => {
    const outcome = outcomeOf(applyImport(SIDECAR, planImport(SIDECAR, entries), () => undefined));
    assert.deepEqual(outcome.kept, ['fdd-2022']);
    assert.deepEqual(outcome.added, ['new-2024']);
    assert.ok(outcome.text.startsWith(SIDECAR.split('# entities below')[0].trimEnd()));
    assert.match(outcome.text, /title: Mystery Cargo # as printed/);
    assert.match(outcome.text, /# entities below/);
    assert.deepEqual(loadSidecar('x.sources.yaml', outcome.text).usable.sources['new-2024'], { title: 'New Öl', author: 'Jörg Müller', date: '2024' });
  });

  it('replaces a conflicting entry in place when asked, leaving the comment above it', () => {
    const outcome = outcomeOf(applyImport(SIDECAR, planImport(SIDECAR, entries), () => ({ action: 'replace' })));
    assert.deepEqual(outcome.replaced, ['fdd-2022']);
    assert.match(outcome.text, /# The report everything starts from\.\n {2}fdd-2022:\n {4}title: Mystery Cargo, revised\n {4}publisher: FDD\n {4}date: "2023"\n {2}same-2020:/);
  });

  it('imports under a new key when asked', () => {
    const outcome = outcomeOf(applyImport(SIDECAR, planImport(SIDECAR, entries), () => ({ action: 'rename', key: 'fdd-2022-2' })));
    assert.deepEqual(outcome.renamed, [{ from: 'fdd-2022', to: 'fdd-2022-2' }]);
    const sources = loadSidecar('x.sources.yaml', outcome.text).usable.sources;
    assert.equal(sources['fdd-2022'].title, 'Mystery Cargo');
    assert.equal(sources['fdd-2022-2'].title, 'Mystery Cargo, revised');
  });

  it('refuses to edit a sidecar with a YAML error', () => {
    const broken = 'sources:\n  a: [unclosed\n';
    assert.match((applyImport(broken, planImport(broken, entries), () => undefined) as { problem: string }).problem, /YAML error/);
  });

  it('creates the sources section in an empty sidecar', () => {
    const outcome = outcomeOf(applyImport('', planImport('', entries), () => undefined));
    assert.deepEqual(Object.keys(loadSidecar('x.sources.yaml', outcome.text).usable.sources), ['fdd-2022', 'same-2020', 'new-2024']);
  });

  it('finds a free key by numbering', () => {
    assert.equal(freeKey('a', new Set(['a', 'a-2'])), 'a-3');
  });
});

describe('sidecar edits for imports', () => {
  it('adds several sources in one edit after the last one', () => {
    const text = applySidecarEdits(SIDECAR, addSources(SIDECAR, { x: { title: 'X' }, 'fdd-2022': { title: 'ignored' }, y: { title: 'Y', quotes: ['q'] } }));
    assert.match(text, / {2}same-2020:\n {4}title: Same\n {2}x:\n {4}title: X\n {2}y:\n {4}title: Y\n {4}quotes:\n {6}- q\n# entities below/);
  });

  it('adds inside a flow mapping', () => {
    const text = applySidecarEdits('sources: {a: {title: A}}\n', addSources('sources: {a: {title: A}}\n', { b: { title: 'B' } }));
    assert.deepEqual(Object.keys(loadSidecar('x.sources.yaml', text).usable.sources), ['a', 'b']);
  });

  it('replaces a flow-style source value and nothing else', () => {
    const original = 'sources:\n  a: {title: A} # keep me\n  b:\n    title: B\n';
    const text = applySidecarEdits(original, replaceSource(original, 'a', { title: 'A2', date: '2020' }));
    assert.equal(text, 'sources:\n  a: { title: A2, date: "2020" } # keep me\n  b:\n    title: B\n');
  });

  it('replaces the last source of a file without a final line break', () => {
    const original = 'sources:\n  a:\n    title: A\n    quotes:\n      - one';
    const text = applySidecarEdits(original, replaceSource(original, 'a', { title: 'A2' }));
    assert.equal(text, 'sources:\n  a:\n    title: A2');
  });

  it('replaces several sources in one edit list, keeping the comments between them', () => {
    const original = 'sources:\n  a:\n    title: A\n  # about b\n  b:\n    title: B\n  c: {title: C}\n';
    const text = applySidecarEdits(original, replaceSources(original, { a: { title: 'A2' }, c: { title: 'C2' }, missing: { title: 'M' } }));
    assert.equal(text, 'sources:\n  a:\n    title: A2\n  # about b\n  b:\n    title: B\n  c: { title: C2 }\n');
  });

  it('makes no edits for a key that is not there', () => {
    assert.deepEqual(replaceSource(SIDECAR, 'missing', { title: 'M' }), []);
  });
});
