import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { bibliographyFormatOf, exportCslJson, readBibliography } from '../../../src/core/bibliography/bibliography';
import { readCslJson } from '../../../src/core/bibliography/csl';
import { jsonValue, readJson } from '../../../src/core/bibliography/json';
import { cslItemToSource, guessCslType, sourceToCslItem } from '../../../src/core/bibliography/mapping';
import { textToCslName } from '../../../src/core/bibliography/names';
import { SourceSchema, type Source } from '../../../src/core/sidecar/schema';

describe('JSON reader with positions', () => {
  it('reads the same values as JSON.parse', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value, null, 1);
        const read = readJson(text);
        assert.ok(read.ok);
        if (read.ok) assert.deepEqual(jsonValue(read.root), JSON.parse(text));
      }),
    );
  });

  it('says where a syntax error is', () => {
    const read = readJson('[\n  {"id": "a",}\n]');
    assert.equal(read.ok, false);
    if (!read.ok) {
      assert.equal(read.offset, '[\n  {"id": "a",'.length);
      assert.match(read.message, /expected a "quoted" key/);
    }
  });

  it('never throws on any text', () => {
    fc.assert(fc.property(fc.string(), (text) => void readJson(text)));
  });
});

describe('CSL-JSON reader', () => {
  it('reads items with their id spans, and a single item object', () => {
    const text = '[{"id": "a", "type": "book", "title": "A"}, {"id": 7, "title": "Seven"}]';
    const read = readCslJson(text);
    assert.deepEqual(read.items.map(({ item }) => item.id), ['a', 7]);
    assert.equal(text.slice(read.items[0].keySpan.start, read.items[0].keySpan.end), '"a"');
    assert.equal(readCslJson('{"id": "one", "title": "One"}').items.length, 1);
  });

  it('skips and reports an item without an id', () => {
    const read = readCslJson('[{"title": "no id"}, {"id": "b", "title": "B"}]');
    assert.equal(read.items.length, 1);
    assert.match(read.problems[0].message, /without an "id"/);
  });

  it('never throws on any JSON value, and item spans stay inside the text', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value) ?? 'null';
        const parsed = readBibliography(text, 'csl-json');
        for (const entry of parsed.entries) assert.ok(entry.span.start >= 0 && entry.span.end <= text.length);
      }),
    );
    fc.assert(fc.property(fc.array(fc.dictionary(fc.constantFrom('id', 'title', 'author', 'issued', 'URL', 'DOI', 'custom', 'editor'), fc.jsonValue())), (items) => void readBibliography(JSON.stringify(items), 'csl-json')));
  });

  it('refuses JSON that is not a list of items', () => {
    assert.match(readCslJson('{"items": []}').fatal?.message ?? '', /not CSL-JSON/);
    assert.match(readCslJson('[{"id": "a",]').fatal?.message ?? '', /not valid JSON/);
  });
});

describe('CSL YAML reader', () => {
  it('reads a list of items and Pandoc\'s "references:" form, with YAML date forms', () => {
    const text = 'references:\n- id: pandoc-1\n  title: From Pandoc\n  author:\n  - family: Doe\n    given: Jane\n  issued: 2021-03-04\n- id: pandoc-2\n  title: Two\n  issued:\n  - year: 2020\n    month: 5\n';
    const parsed = readBibliography(text, bibliographyFormatOf('refs.yaml')!);
    assert.equal(parsed.format, 'csl-yaml');
    assert.deepEqual(parsed.entries.map((entry) => [entry.key, entry.mapped.source?.date]), [['pandoc-1', '2021-03-04'], ['pandoc-2', '2020-05']]);
    assert.equal(text.slice(parsed.entries[0].keySpan.start, parsed.entries[0].keySpan.end), 'pandoc-1');
    assert.equal(parsed.entries[0].mapped.source?.author, 'Jane Doe');
  });

  it('reports a YAML error with its offset, and never takes a sidecar for a bibliography', () => {
    assert.match(readBibliography('- id: a\n  title: [unclosed\n', 'csl-yaml').fatal?.message ?? '', /not valid YAML/);
    assert.equal(bibliographyFormatOf('drafts/cargo.sources.yaml'), undefined);
    assert.equal(bibliographyFormatOf('.sourced.yaml'), undefined);
  });
});

describe('CSL item to source', () => {
  it('maps title, authors as "Given Family", container-title, dates, URL, accessed and note', () => {
    const mapped = cslItemToSource({
      id: 'x',
      type: 'article-newspaper',
      title: 'Venezuela plane',
      author: [{ family: 'Herrera', given: 'Isayen' }, { literal: 'Reuters Staff' }, { family: 'Gogh', given: 'Vincent', 'non-dropping-particle': 'van' }],
      'container-title': 'The New York Times',
      publisher: 'NYT Company',
      issued: { 'date-parts': [[2022, 6, 14]] },
      accessed: { 'date-parts': [['2024', '1']] },
      URL: 'https://nytimes.com/x',
      note: 'Paywalled',
      abstract: 'A summary that is not a quote',
    });
    assert.deepEqual(mapped.source, {
      title: 'Venezuela plane',
      author: ['Isayen Herrera', 'Reuters Staff', 'Vincent van Gogh'],
      publisher: 'The New York Times',
      date: '2022-06-14',
      url: 'https://nytimes.com/x',
      accessed: '2024-01',
      note: 'Paywalled',
    });
  });

  it('uses editors when there are no authors, and the publisher when there is no container', () => {
    const mapped = cslItemToSource({ id: 'r', type: 'report', title: 'R', editor: [{ family: 'Doe', given: 'Jane' }], publisher: 'UNODC' });
    assert.equal(mapped.source?.author, 'Jane Doe');
    assert.equal(mapped.source?.publisher, 'UNODC');
  });

  it('turns a DOI into a doi.org URL when there is no URL', () => {
    assert.equal(cslItemToSource({ id: 'd', type: 'article-journal', title: 'D', DOI: 'doi:10.1038/nphys1170' }).source?.url, 'https://doi.org/10.1038/nphys1170');
  });

  it('refuses an item without a title, and drops a field the sidecar cannot hold, naming it', () => {
    assert.equal(cslItemToSource({ id: 'n', type: 'book' }).refused, 'it has no title');
    const mapped = cslItemToSource({ id: 'f', type: 'webpage', title: 'F', URL: 'ftp://example.org/file', issued: { 'date-parts': [[99]] } });
    assert.equal(mapped.source?.url, undefined);
    assert.deepEqual(mapped.dropped.sort(), ['URL', 'issued']);
  });

  it('reads raw dates some exporters write instead of date-parts', () => {
    assert.equal(cslItemToSource({ id: 'r', type: 'book', title: 'R', issued: { raw: '2019-05-02' } }).source?.date, '2019-05-02');
  });
});

describe('source to CSL item (export)', () => {
  it('writes authors as name objects, organisations and one-word names as literal', () => {
    assert.deepEqual(textToCslName('Emanuele Ottolenghi'), { family: 'Ottolenghi', given: 'Emanuele' });
    assert.deepEqual(textToCslName('Foundation for Defense of Democracies'), { literal: 'Foundation for Defense of Democracies' });
    assert.deepEqual(textToCslName('Reuters'), { literal: 'Reuters' });
    assert.deepEqual(textToCslName('UNODC'), { literal: 'UNODC' });
    assert.deepEqual(textToCslName('Vincent van Gogh'), { family: 'Gogh', given: 'Vincent', 'non-dropping-particle': 'van' });
    assert.deepEqual(textToCslName('Martin Luther King, Jr.'), { family: 'King', given: 'Martin Luther', suffix: 'Jr.' });
    assert.deepEqual(textToCslName('Herrera, Isayen'), { family: 'Herrera', given: 'Isayen' });
  });

  it('guesses the type: journal, newspaper, report, webpage, article', () => {
    assert.equal(guessCslType({ title: 'T', url: 'https://doi.org/10.1/x' }), 'article-journal');
    assert.equal(guessCslType({ title: 'T', publisher: 'Journal of Peace Research' }), 'article-journal');
    assert.equal(guessCslType({ title: 'T', publisher: 'The Washington Post' }), 'article-newspaper');
    assert.equal(guessCslType({ title: 'T', url: 'https://www.reuters.com/world/x' }), 'article-newspaper');
    assert.equal(guessCslType({ title: 'Mystery Cargo', publisher: 'Foundation for Defense of Democracies' }), 'report');
    assert.equal(guessCslType({ title: 'World Drug Report 2023' }), 'report');
    assert.equal(guessCslType({ title: 'Flight history', url: 'https://flightradar24.com/x' }), 'webpage');
    assert.equal(guessCslType({ title: 'Untyped' }), 'article');
  });

  it('puts the publisher of a report under publisher and of an article under container-title', () => {
    assert.equal(sourceToCslItem('a', { title: 'T', publisher: 'The Guardian' })['container-title'], 'The Guardian');
    assert.equal(sourceToCslItem('r', { title: 'T', publisher: 'UN Panel of Experts' }).publisher, 'UN Panel of Experts');
  });

  it('writes dates as date-parts and archive, quotes and note under custom', () => {
    const item = sourceToCslItem('fdd-2022', {
      title: 'Mystery Cargo',
      date: '2022-07-06',
      accessed: '2024-02',
      archive: 'https://web.archive.org/web/2022/x',
      quotes: ['a quote'],
      note: 'check',
    });
    assert.deepEqual(item.issued, { 'date-parts': [[2022, 7, 6]] });
    assert.deepEqual(item.accessed, { 'date-parts': [[2024, 2]] });
    assert.deepEqual(item.custom, { archive: 'https://web.archive.org/web/2022/x', quotes: ['a quote'], note: 'check' });
  });

  it('exports an array of items with the CSL fields pandoc needs', () => {
    const exported = JSON.parse(exportCslJson([['k', { title: 'T', author: ['Jane Doe'], url: 'https://example.org' }]]));
    assert.ok(Array.isArray(exported));
    const [item] = exported;
    assert.equal(item.id, 'k');
    assert.equal(typeof item.type, 'string');
    assert.deepEqual(item.author, [{ family: 'Doe', given: 'Jane' }]);
    assert.equal(item.URL, 'https://example.org');
  });

  const word = fc.stringMatching(/^[A-Z][a-z]{1,8}$/);
  const date = fc.tuple(fc.integer({ min: 1900, max: 2099 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }), fc.integer({ min: 1, max: 3 })).map(
    ([year, month, day, parts]) => [String(year), String(month).padStart(2, '0'), String(day).padStart(2, '0')].slice(0, parts).join('-'),
  );
  const source: fc.Arbitrary<Source> = fc.record(
    {
      title: fc.stringMatching(/^[A-Za-z][A-Za-z ,:'’-]{0,40}[a-z]$/),
      author: fc.oneof(fc.tuple(word, word).map(([given, family]) => `${given} ${family}`), fc.array(fc.tuple(word, word).map(([given, family]) => `${given} ${family}`), { minLength: 2, maxLength: 4 })),
      publisher: fc.constantFrom('The Guardian', 'Foundation for Defense of Democracies', 'Journal of Peace Research', 'Flightradar24'),
      date,
      url: word.map((path) => `https://example.org/${path}`),
      archive: word.map((path) => `https://web.archive.org/web/2022/${path}`),
      accessed: date,
      quotes: fc.array(fc.stringMatching(/^[A-Za-z][a-z ]{0,30}[a-z]$/), { minLength: 1, maxLength: 3 }),
      note: fc.stringMatching(/^[A-Za-z][a-z ]{0,30}[a-z]$/),
    },
    { requiredKeys: ['title'] },
  );

  it('round-trips: importing an export gives back every field of the source', () => {
    fc.assert(
      fc.property(source, (original) => {
        const parsed = readBibliography(exportCslJson([['key-1', original]]), 'csl-json');
        assert.equal(parsed.entries.length, 1);
        assert.deepEqual(parsed.entries[0].mapped.source, SourceSchema.parse(original));
      }),
    );
  });
});
