import { strict as assert } from 'node:assert';
import { DRAFT_EXTENSIONS, DRAFT_GLOB, isDraftPath, isPlainTextDraftPath, PLAIN_TEXT_DRAFT_GLOB } from '../../../src/core/draftFiles';
import { globToRegExp } from '../../../src/core/text/glob';

describe('draft files', () => {
  it('are Markdown, Quarto and R Markdown files, whatever the case of the extension', () => {
    for (const path of ['cargo.md', 'notes/cargo.markdown', 'report.qmd', 'Report.QMD', 'analysis.Rmd', 'analysis.rmd', 'file:///w/a%20b.md']) {
      assert.ok(isDraftPath(path), path);
    }
  });

  it('are not sidecars, bibliographies, MDX or files that merely contain ".md"', () => {
    for (const path of ['cargo.sources.yaml', 'refs.bib', 'page.mdx', 'cargo.md.bak', 'README.mdown', 'cmd', 'notes.qmd.orig']) {
      assert.ok(!isDraftPath(path), path);
    }
  });

  it('are found by the workspace glob in the spellings writers use', () => {
    const glob = globToRegExp(DRAFT_GLOB);
    for (const path of ['a/cargo.md', 'cargo.markdown', 'site/report.qmd', 'analysis.Rmd', 'analysis.rmd']) assert.ok(glob.test(path), path);
    assert.ok(!glob.test('cargo.sources.yaml'));
    for (const extension of DRAFT_EXTENSIONS) assert.ok(glob.test(`x.${extension}`), extension);
  });

  it('count as drafts in plain text only when they are Quarto or R Markdown (a .md switched to plain text is not)', () => {
    for (const path of ['report.qmd', 'analysis.Rmd']) assert.ok(isPlainTextDraftPath(path), path);
    for (const path of ['cargo.md', 'cargo.markdown']) assert.ok(!isPlainTextDraftPath(path), path);
    const glob = globToRegExp(PLAIN_TEXT_DRAFT_GLOB);
    assert.ok(glob.test('site/report.qmd') && glob.test('analysis.Rmd') && !glob.test('cargo.md'));
  });
});
