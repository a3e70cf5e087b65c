import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { readBibliography, type BibliographyFormat } from '../../../src/core/bibliography/bibliography';
import { frontMatterBibliographies } from '../../../src/core/bibliography/frontMatter';
import { bibliographyKeyEdit } from '../../../src/core/bibliography/renameKey';
import { SOURCE_KEY_PATTERN } from '../../../src/core/sidecar/schema';

/** Renames `oldKey` (found by the bibliography reader) and returns the text after the edit, or the problem. */
function renamed(text: string, format: BibliographyFormat, oldKey: string, newKey: string): string {
  const entry = readBibliography(text, format).entries.find((candidate) => candidate.key === oldKey);
  assert.ok(entry, `${oldKey} is read from the text`);
  // The reader's span of a CSL id includes its quotes; the editor passes the key inside them.
  const raw = entry.keySpan;
  const quoted = text[raw.start] === '"' || text[raw.start] === "'";
  const keySpan = quoted ? { start: raw.start + 1, end: raw.end - 1 } : raw;
  const edit = bibliographyKeyEdit(text, format, keySpan, oldKey, newKey);
  if ('problem' in edit) return `problem: ${edit.problem}`;
  return text.slice(0, edit.span.start) + edit.newText + text.slice(edit.span.end);
}

function keysOf(text: string, format: BibliographyFormat): string[] {
  return readBibliography(text, format).entries.map((entry) => entry.key);
}

describe('renaming a key inside a bibliography', () => {
  it('renames the BibTeX key of "@article{smith2020," and nothing else', () => {
    const bib = '@article{smith2020,\n  title = {On smith2020},\n}\n@book{other, title = {B}}\n';
    assert.equal(renamed(bib, 'bibtex', 'smith2020', 'smith-2020'), '@article{smith-2020,\n  title = {On smith2020},\n}\n@book{other, title = {B}}\n');
  });

  it('renames the "id" of a CSL-JSON item inside its quotes', () => {
    const json = '[\n  { "id": "jones-2021", "title": "jones-2021" }\n]';
    assert.equal(renamed(json, 'csl-json', 'jones-2021', 'jones:2021'), '[\n  { "id": "jones:2021", "title": "jones-2021" }\n]');
  });

  it('keeps a CSL YAML id a string: "2021" and "yes" are written quoted, "jones-b" is not', () => {
    const yaml = '- id: jones\n  title: A\n';
    assert.equal(renamed(yaml, 'csl-yaml', 'jones', 'jones-b'), '- id: jones-b\n  title: A\n');
    assert.equal(renamed(yaml, 'csl-yaml', 'jones', '2021'), '- id: "2021"\n  title: A\n');
    assert.equal(renamed(yaml, 'csl-yaml', 'jones', 'yes'), '- id: "yes"\n  title: A\n');
    assert.equal(renamed("- id: 'jones'\n  title: A\n", 'csl-yaml', 'jones', '2021'), "- id: '2021'\n  title: A\n");
  });

  it('renames the id of an inline `references:` item in a draft\'s front matter', () => {
    const draft = '---\nreferences:\n  - id: interview-2024\n    title: Interview\n---\n\nText [@interview-2024].\n';
    const [reference] = frontMatterBibliographies(draft).references;
    const edit = bibliographyKeyEdit(draft, 'csl-yaml', reference.keySpan, 'interview-2024', 'crew-interview');
    assert.ok(!('problem' in edit));
    assert.equal(draft.slice(0, edit.span.start) + edit.newText + draft.slice(edit.span.end), draft.replace('id: interview-2024', 'id: crew-interview'));
  });

  it('refuses when the text at the span is no longer the old key (the file changed since it was read)', () => {
    const edit = bibliographyKeyEdit('@article{smyth2020,}', 'bibtex', { start: 9, end: 18 }, 'smith2020', 'x');
    assert.ok('problem' in edit && /no longer has the key "smith2020"/.test(edit.problem));
    assert.ok('problem' in bibliographyKeyEdit('', 'bibtex', { start: 5, end: 9 }, 'smith2020', 'x'));
  });

  it('writes every valid citation key so that each format reads it back as the new key', () => {
    // Alternating words and punctuation, so every shape SOURCE_KEY_PATTERN allows (and only those) comes up.
    const word = fc.stringMatching(/^[A-Za-zé0-9_]{1,4}$/);
    const punctuation = fc.constantFrom(...':./-#$%&+?<>~');
    const validKey = fc
      .tuple(word, fc.array(fc.tuple(fc.option(punctuation, { nil: '' }), word), { maxLength: 3 }))
      .map(([first, rest]) => first + rest.map(([mark, next]) => mark + next).join(''))
      .filter((key) => SOURCE_KEY_PATTERN.test(key));
    fc.assert(
      fc.property(validKey, (newKey) => {
        const cases: Array<[BibliographyFormat, string, string]> = [
          ['bibtex', '@misc{old-key, title = {T}}\n', 'old-key'],
          ['csl-json', '[{"id": "old-key", "title": "T"}]', 'old-key'],
          ['csl-yaml', '- id: old-key\n  title: T\n', 'old-key'],
        ];
        for (const [format, text, oldKey] of cases) {
          assert.deepEqual(keysOf(renamed(text, format, oldKey, newKey), format), [newKey], `${format}: ${newKey}`);
        }
      }),
    );
  });
});
