import { strict as assert } from 'node:assert';
import { DEFAULT_SEVERITIES, draftPathFor, resolveSettings, sidecarPathFor } from '../../../src/core/config';
import { basename, dirname, joinPath, relativePath } from '../../../src/core/text/uri';
import { globBase, globToRegExp } from '../../../src/core/text/glob';

describe('settings', () => {
  it('start from the documented defaults', () => {
    const settings = resolveSettings();
    assert.deepEqual(settings.rules, DEFAULT_SEVERITIES);
    assert.deepEqual(settings.citations, { links: true, footnotes: true });
    assert.equal(settings.sensitivity, 'medium');
  });

  it('let later layers (the project file) win over earlier ones (the editor)', () => {
    const settings = resolveSettings({ rules: { 'unused-source': 'off' }, sensitivity: 'high' }, { rules: { 'unused-source': 'error' }, citations: { links: false } });
    assert.equal(settings.rules['unused-source'], 'error');
    assert.equal(settings.sensitivity, 'high');
    assert.equal(settings.citations.links, false);
    assert.equal(settings.citations.footnotes, true);
  });
});

describe('file names', () => {
  it('puts the sidecar beside the draft', () => {
    assert.equal(sidecarPathFor('/a/cargo.md'), '/a/cargo.sources.yaml');
    assert.equal(sidecarPathFor('file:///a/b/Notes.markdown'), 'file:///a/b/Notes.sources.yaml');
    assert.equal(draftPathFor('/a/cargo.sources.yaml'), '/a/cargo.md');
    assert.equal(draftPathFor('/a/cargo.yaml'), undefined);
  });

  it('joins and relativises paths and URIs without Node', () => {
    assert.equal(joinPath('/p/docs', '../shared/reg.yaml'), '/p/shared/reg.yaml');
    assert.equal(joinPath('file:///p/docs', './a.md'), 'file:///p/docs/a.md');
    assert.equal(joinPath('/p', '/abs/x.md'), '/abs/x.md');
    assert.equal(dirname('/p/docs/a.md'), '/p/docs');
    assert.equal(dirname('/a.md'), '/');
    assert.equal(basename('file:///p/a.md'), 'a.md');
    assert.equal(relativePath('/p', '/p/docs/a.md'), 'docs/a.md');
    assert.equal(relativePath('/p/docs', '/p/a.md'), '../a.md');
  });
});

describe('globs', () => {
  const cases: Array<[string, string, boolean]> = [
    ['*.md', 'a.md', true],
    ['*.md', 'docs/a.md', false],
    ['**/*.md', 'a.md', true],
    ['**/*.md', 'docs/deep/a.md', true],
    ['docs/**/*.md', 'docs/a.md', true],
    ['docs/**/*.md', 'other/a.md', false],
    ['docs/*.{md,markdown}', 'docs/a.markdown', true],
    ['draft-?.md', 'draft-1.md', true],
    ['draft-[0-9].md', 'draft-x.md', false],
    ['notes.md', 'notes.md', true],
  ];
  for (const [pattern, path, expected] of cases) {
    it(`${expected ? 'matches' : 'does not match'} ${path} with ${pattern}`, () => {
      assert.equal(globToRegExp(pattern).test(path), expected);
    });
  }

  it('walks only below the fixed part of a pattern', () => {
    assert.equal(globBase('docs/**/*.md'), 'docs');
    assert.equal(globBase('*.md'), '.');
  });
});
