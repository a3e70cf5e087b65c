import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { bibtexEntryToCsl, readBibtex } from '../../../src/core/bibliography/bibtex';
import { latexToUnicode } from '../../../src/core/bibliography/latex';
import { parseBibtexName, splitBibtexNames } from '../../../src/core/bibliography/names';

function onlyEntry(text: string) {
  const read = readBibtex(text);
  assert.deepEqual(read.problems, [], JSON.stringify(read.problems));
  assert.equal(read.entries.length, 1);
  return read.entries[0];
}

describe('BibTeX reader', () => {
  it('reads braced, quoted and bare values, keeping nested braces in the raw value', () => {
    const entry = onlyEntry('@article{key1, title = {The {NATO} {Summit {in}} Vilnius}, journal = "Foreign {"}Affairs", year = 2023}');
    assert.equal(entry.type, 'article');
    assert.equal(entry.key, 'key1');
    assert.equal(entry.fields.get('title')?.value, 'The {NATO} {Summit {in}} Vilnius');
    assert.equal(entry.fields.get('journal')?.value, 'Foreign {"}Affairs');
    assert.equal(entry.fields.get('year')?.value, '2023');
  });

  it('expands @string macros and # concatenation, with field names in any case', () => {
    const entry = onlyEntry('@string{fdd = "Foundation for Defense"}\n@STRING(sfx = {Democracies})\n@Report{r, Institution = fdd # " of " # sfx}');
    assert.equal(entry.fields.get('institution')?.value, 'Foundation for Defense of Democracies');
  });

  it('knows the month macros jan…dec', () => {
    const entry = onlyEntry('@misc{m, title={T}, year=2022, month=jul, day={6}}');
    assert.deepEqual(bibtexEntryToCsl(entry).issued, { 'date-parts': [[2022, 7, 6]] });
  });

  it('reads entries in parentheses and a key-only entry', () => {
    const read = readBibtex('@book(b1, title={A}) @misc{lonely}');
    assert.deepEqual(read.entries.map((entry) => entry.key), ['b1', 'lonely']);
  });

  it('skips @comment, @preamble and text between entries, including e-mail addresses', () => {
    const read = readBibtex('Library of jane@example.org\n@comment{ ignore {this} }\n@preamble{"\\newcommand{\\x}{y}"}\n% line comment\n@misc{a, title={T}}');
    assert.deepEqual(read.problems, []);
    assert.deepEqual(read.entries.map((entry) => entry.key), ['a']);
  });

  it('reports an unclosed brace with its offset and goes on with the next entry', () => {
    const text = '@misc{a, title = {Broken}\n\n@misc{b, title = {Fine}}';
    const read = readBibtex(text);
    assert.equal(read.problems.length, 1);
    assert.match(read.problems[0].message, /expected "," or "}"/);
    assert.deepEqual(read.entries.map((entry) => entry.key), ['b']);
  });

  it('reports an unbalanced brace inside a value at the brace that is never closed', () => {
    const text = '@misc{a, title = {Broken {value}\n\n@misc{b, title = {Fine}}';
    const read = readBibtex(text);
    assert.ok(read.problems.length >= 1);
    assert.equal(read.problems[0].span.start, text.indexOf('{Broken'));
    assert.ok(read.entries.some((entry) => entry.key === 'b'));
  });

  it('reports an undefined @string name', () => {
    const read = readBibtex('@misc{a, publisher = nowhere}');
    assert.match(read.problems[0].message, /undefined @string "nowhere"/);
  });

  it('reads a key with a space whole, so that it can be reported rather than misread', () => {
    const entry = onlyEntry('@misc{bad key, title = {T}}');
    assert.equal(entry.key, 'bad key');
  });

  it('never throws and keeps spans inside the text, whatever the input', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('@', '{', '}', '(', ')', '"', '#', '=', ',', 'a', 'b', ' ', '\n', '\\', 'misc', 'string') }), (text) => {
        const read = readBibtex(text);
        for (const entry of read.entries) {
          assert.ok(entry.span.start >= 0 && entry.span.end <= text.length && entry.keySpan.start >= entry.span.start);
          bibtexEntryToCsl(entry);
        }
        for (const problem of read.problems) assert.ok(problem.span.start >= 0 && problem.span.start <= text.length);
      }),
    );
  });
});

describe('LaTeX to Unicode', () => {
  const cases: Array<[string, string]> = [
    ['M{\\"u}ller', 'Müller'],
    ['{\\\'e}t{\\\'e}', 'été'],
    ['\\"{o}', 'ö'],
    ['G\\"odel', 'Gödel'],
    ['{\\c c}a', 'ça'],
    ['\\v{S}koda', 'Škoda'],
    ['{\\\'\\i}ndice', 'índice'],
    ['Stra{\\ss}e', 'Straße'],
    ['{\\o}re', 'øre'],
    ['Procter \\& Gamble', 'Procter & Gamble'],
    ['50\\% more', '50% more'],
    ['pages 10--20', 'pages 10–20'],
    ['wait---what', 'wait—what'],
    ['``quoted\'\'', '“quoted”'],
    ['\\emph{Important} {NATO} summit', 'Important NATO summit'],
    ['Caf\\\'{e}', 'Café'],
    ['\\~n and \\~{n}', 'ñ and ñ'],
  ];
  for (const [input, expected] of cases) {
    it(`turns ${JSON.stringify(input)} into "${expected}"`, () => assert.equal(latexToUnicode(input), expected));
  }
});

describe('LaTeX and names on any input', () => {
  it('never throw, whatever the value', () => {
    const unit = fc.constantFrom('\\', '{', '}', '"', "'", '`', '~', '-', 'a', 'I', ' ', ',', 'and', 'c', 'ss', '\\i', 'é');
    fc.assert(
      fc.property(fc.string({ unit }), (value) => {
        latexToUnicode(value);
        for (const name of splitBibtexNames(value)) parseBibtexName(name);
      }),
    );
  });
});

describe('BibTeX names', () => {
  it('splits an author list on "and" outside braces, dropping "and others"', () => {
    assert.deepEqual(splitBibtexNames('Smith, John and {Barnes and Noble} AND Jane Doe and others'), ['Smith, John', '{Barnes and Noble}', 'Jane Doe']);
  });

  it('reads "Last, First", "First Last", "von Last, Jr, First" and "First von Last"', () => {
    assert.deepEqual(parseBibtexName('Ottolenghi, Emanuele'), { family: 'Ottolenghi', given: 'Emanuele' });
    assert.deepEqual(parseBibtexName('Emanuele Ottolenghi'), { family: 'Ottolenghi', given: 'Emanuele' });
    assert.deepEqual(parseBibtexName('King, Jr., Martin Luther'), { family: 'King', given: 'Martin Luther', suffix: 'Jr.' });
    assert.deepEqual(parseBibtexName('Ludwig van Beethoven'), { family: 'Beethoven', given: 'Ludwig', 'non-dropping-particle': 'van' });
    assert.deepEqual(parseBibtexName('de la Fontaine, Jean'), { family: 'Fontaine', given: 'Jean', 'non-dropping-particle': 'de la' });
  });

  it('keeps a name in braces whole as an organisation: {World Health Organization}', () => {
    assert.deepEqual(parseBibtexName('{World Health Organization}'), { literal: 'World Health Organization' });
  });

  it('decodes accents in names: M{\\"u}ller, J{\\"o}rg', () => {
    assert.deepEqual(parseBibtexName('M{\\"u}ller, J{\\"o}rg'), { family: 'Müller', given: 'Jörg' });
  });
});

describe('BibTeX to CSL', () => {
  it('maps fields: title, authors, journal, publisher, dates, url, doi, note and abstract', () => {
    const entry = onlyEntry(`@article{smith2021,
      author = {Smith, Jane and {Reuters Staff}},
      title = {A {Study} of {\\"O}l},
      journal = {Journal of Energy},
      publisher = {Elsevier},
      date = {2021-03-04},
      url = {https://example.org/a\\_b},
      doi = {10.1000/182},
      urldate = {2024-05-01},
      note = {Seen in print},
      abstract = {Long text},
    }`);
    const item = bibtexEntryToCsl(entry);
    assert.equal(item.type, 'article-journal');
    assert.equal(item.title, 'A Study of Öl');
    assert.deepEqual(item.author, [{ family: 'Smith', given: 'Jane' }, { literal: 'Reuters Staff' }]);
    assert.equal(item['container-title'], 'Journal of Energy');
    assert.equal(item.publisher, 'Elsevier');
    assert.deepEqual(item.issued, { 'date-parts': [[2021, 3, 4]] });
    assert.deepEqual(item.accessed, { 'date-parts': [[2024, 5, 1]] });
    assert.equal(item.URL, 'https://example.org/a_b');
    assert.equal(item.DOI, '10.1000/182');
    assert.equal(item.note, 'Seen in print');
    assert.equal(item.abstract, 'Long text');
  });

  it('maps a biblatex newspaper article to article-newspaper', () => {
    const item = bibtexEntryToCsl(onlyEntry('@article{n, title={T}, journaltitle={The Times}, entrysubtype={newspaper}}'));
    assert.equal(item.type, 'article-newspaper');
    assert.equal(item['container-title'], 'The Times');
  });
});
