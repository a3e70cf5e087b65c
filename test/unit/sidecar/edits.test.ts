import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { parse } from 'yaml';
import { addAccepted, addClaim, addEntity, addSource, applySidecarEdits, createSidecar, reanchorClaim, renameKey, sidecarDefinitionSpan, sidecarEditProblem, sidecarLinkSpans, sidecarSymbolAt, sourceReferenceSpans, type SidecarEdit } from '../../../src/core/sidecar/edits';
import { acceptedText, citationInsertion, claimSelector, suppressionEdit } from '../../../src/core/markdown/edits';
import { loadSidecar } from '../../../src/core/sidecar/load';

/** Lines with their line endings, so CRLF and a missing final newline are compared byte for byte. */
function linesOf(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** Every line of `before` is in `after`, byte-identical and in the same order (an insertion touched nothing). */
function assertLinesKept(before: string, after: string): void {
  const kept = linesOf(before);
  const result = linesOf(after);
  let cursor = 0;
  for (const line of kept) {
    const comparable = line.endsWith('\n') ? line : line; // the last line may gain a line break, compared below
    let found = -1;
    for (let i = cursor; i < result.length; i++) {
      if (result[i] === comparable || (!line.endsWith('\n') && result[i].replace(/\r?\n$/, '') === line)) {
        found = i;
        break;
      }
    }
    assert.ok(found >= 0, `line ${JSON.stringify(line)} was changed or moved.\n--- after ---\n${after}`);
    cursor = found + 1;
  }
}

/** Every comment of `before` is still in `after`, byte-identical. */
function assertCommentsKept(before: string, after: string): void {
  for (const line of linesOf(before)) {
    const hash = line.indexOf('#');
    if (hash >= 0) assert.ok(after.includes(line.replace(/\r?\n$/, '').slice(hash)), `comment lost: ${line}`);
  }
}

function apply(text: string, edits: SidecarEdit[]): string {
  assert.ok(edits.length > 0, 'expected at least one edit');
  const result = applySidecarEdits(text, edits);
  const loaded = loadSidecar('file:///x/draft.sources.yaml', result);
  assert.deepEqual(loaded.problems, [], `the result is not a valid sidecar:\n${result}`);
  return result;
}

const SOURCE = { title: 'Cargo ship “Ever Given” refloated: timeline', publisher: 'Lloyd’s List', date: '2021-03-29', url: 'https://example.org/a' };

describe('sidecar edits', () => {
  describe('addSource', () => {
    it('appends a source after the last one of a 2-space block section, keeping every other line', () => {
      const before = '# Sources of cargo.md\nsources:\n  fdd-2022:\n    title: Report # the official one\n    date: 2022-07-06\n\nclaims: []\n';
      const after = apply(before, addSource(before, 'lloyds-2021', SOURCE));
      assertLinesKept(before, after);
      assert.deepEqual(Object.keys(parse(after).sources), ['fdd-2022', 'lloyds-2021']);
      assert.deepEqual(parse(after).sources['lloyds-2021'], SOURCE);
      assert.match(after, /\n {2}lloyds-2021:\n {4}title: /);
      // The blank line between the sections stays after the new entry.
      assert.match(after, /url: https:\/\/example\.org\/a\n\nclaims: \[\]\n$/);
    });

    it('follows a 4-space indentation', () => {
      const before = 'sources:\n    a:\n        title: A\n';
      const after = apply(before, addSource(before, 'b', { title: 'B', author: ['X', 'Y'] }));
      assertLinesKept(before, after);
      assert.match(after, /\n {4}b:\n {8}title: B\n {8}author:\n/);
      assert.deepEqual(parse(after).sources.b, { title: 'B', author: ['X', 'Y'] });
    });

    it('adds the section at the end of a file that does not have it', () => {
      const before = '# notes\nclaims:\n  - text: a\n';
      const after = apply(before, addSource(before, 'a', { title: 'A' }));
      assert.equal(after, `${before}sources:\n  a:\n    title: A\n`);
    });

    it('writes into an empty file', () => {
      const after = apply('', addSource('', 'a', { title: 'A' }));
      assert.equal(after, 'sources:\n  a:\n    title: A\n');
    });

    it('writes after the comments of a file that holds only comments', () => {
      const before = '# Sidecar of cargo.md\n# (empty for now)\n';
      const after = apply(before, addSource(before, 'a', { title: 'A' }));
      assert.equal(after, `${before}sources:\n  a:\n    title: A\n`);
    });

    it('turns an empty flow section into a block section and keeps the comment on its line', () => {
      const before = 'sources: {} # fill me\nentities: {}\n';
      const after = apply(before, addSource(before, 'a', { title: 'A' }));
      assert.equal(after, 'sources: # fill me\n  a:\n    title: A\nentities: {}\n');
    });

    it('fills a bare "sources:" key', () => {
      const before = 'sources:\nentities: {}\n';
      const after = apply(before, addSource(before, 'a', { title: 'A' }));
      assert.equal(after, 'sources:\n  a:\n    title: A\nentities: {}\n');
    });

    it('adds inside a non-empty flow section', () => {
      const before = 'sources: {a: {title: A}}\n';
      const after = apply(before, addSource(before, 'b', { title: 'B' }));
      assert.deepEqual(parse(after).sources, { a: { title: 'A' }, b: { title: 'B' } });
      assert.ok(after.startsWith('sources: {a: {title: A}, '));
    });

    it('keeps CRLF line endings', () => {
      const before = '# c\r\nsources:\r\n  a:\r\n    title: A\r\n';
      const after = apply(before, addSource(before, 'b', { title: 'B', date: '2020' }));
      assertLinesKept(before, after);
      assert.ok(!/[^\r]\n/.test(after), `a bare LF crept in: ${JSON.stringify(after)}`);
      assert.deepEqual(parse(after).sources.b, { title: 'B', date: '2020' });
    });

    it('adds a line break to a file that does not end in one', () => {
      const before = 'sources:\n  a:\n    title: A # last';
      const after = apply(before, addSource(before, 'b', { title: 'B' }));
      assert.equal(after, 'sources:\n  a:\n    title: A # last\n  b:\n    title: B\n');
    });

    it('adds after a block scalar that ends the section', () => {
      const before = 'sources:\n  a:\n    title: A\n    note: |\n      line one\n      line two\nclaims: []\n';
      const after = apply(before, addSource(before, 'b', { title: 'B' }));
      assertLinesKept(before, after);
      assert.equal(parse(after).sources.a.note, 'line one\nline two\n');
      assert.deepEqual(parse(after).sources.b, { title: 'B' });
    });

    it('quotes values that YAML would misread and keys that need it', () => {
      const before = 'sources: {}\n';
      const tricky = { title: 'yes: no # really', note: '@handle', date: '2021' };
      const after = apply(before, addSource(before, 'doi:10.1038/x', tricky));
      assert.deepEqual(parse(after).sources['doi:10.1038/x'], tricky);
    });

    it('writes commented placeholders for the fields the writer should fill in', () => {
      const before = 'sources: {}\n';
      const after = apply(before, addSource(before, 'a', { title: 'TODO' }, { commentedFields: ['title', 'author', 'url'] }));
      assert.equal(after, 'sources:\n  a:\n    title: TODO\n    # author:\n    # url:\n');
    });

    it('makes no edit when the key exists or the file is broken', () => {
      assert.deepEqual(addSource('sources:\n  a:\n    title: A\n', 'a', { title: 'B' }), []);
      assert.deepEqual(addSource('sources: [\n', 'a', { title: 'B' }), []);
      assert.deepEqual(addSource('sources: 3\n', 'a', { title: 'B' }), []);
      assert.match(sidecarEditProblem('sources: [\n') ?? '', /YAML error/);
      assert.match(sidecarEditProblem('- a\n') ?? '', /mapping/);
      assert.equal(sidecarEditProblem('sources: {}\n'), undefined);
    });
  });

  describe('addEntity', () => {
    it('adds an entity with its aliases in the writer\u2019s sequence style', () => {
      const before = 'entities:\n  ever-given:\n    name: Ever Given\n    kind: vehicle\n    aliases:\n    - the ship\n';
      const after = apply(before, addEntity(before, 'suez', { name: 'Suez Canal', kind: 'place', aliases: ['the canal'] }));
      assertLinesKept(before, after);
      assert.match(after, /\n {4}aliases:\n {4}- the canal\n$/);
    });
  });

  describe('addClaim', () => {
    it('appends a claim to a block list indented under its key', () => {
      const before = 'sources:\n  a:\n    title: A\nclaims:\n  # first claim\n  - text: forty passengers\n    sources: [a]\n    status: verified\n';
      const claim = { text: 'the ship ran aground', prefix: 'On 23 March ', suffix: ' in the canal', sources: ['a'] };
      const after = apply(before, addClaim(before, claim));
      assertLinesKept(before, after);
      assert.deepEqual(parse(after).claims[1], { ...claim, status: 'unverified' });
      assert.match(after, /\n {2}- text: the ship ran aground\n {4}prefix: /);
    });

    it('appends to a list level with its key', () => {
      const before = 'claims:\n- text: a\n  sources: []\naccepted: []\n';
      const after = apply(before, addClaim(before, { text: 'b', sources: ['x'] }));
      assert.equal(after, 'claims:\n- text: a\n  sources: []\n- text: b\n  sources:\n  - x\n  status: unverified\naccepted: []\n');
    });

    it('replaces "claims: []" with a block list', () => {
      const before = 'claims: []\n';
      const after = apply(before, addClaim(before, { text: '40 passengers', sources: [{ source: 'a', locator: 'p. 4' }] }));
      assert.deepEqual(parse(after).claims, [{ text: '40 passengers', sources: [{ source: 'a', locator: 'p. 4' }], status: 'unverified' }]);
    });

    it('leaves out an empty prefix and suffix', () => {
      const after = apply('', addClaim('', { text: 'x', prefix: '', suffix: '' }));
      assert.deepEqual(parse(after).claims, [{ text: 'x', sources: [], status: 'unverified' }]);
    });

    it('keeps the line break of a multi-line claim text', () => {
      const after = apply('', addClaim('', { text: 'first line\nsecond line' }));
      assert.equal(parse(after).claims[0].text, 'first line\nsecond line');
    });
  });

  describe('addAccepted', () => {
    it('appends an accepted sentence with its reason, in a 4-space file with CRLF', () => {
      const before = 'sources:\r\n    a:\r\n        title: A\r\naccepted:\r\n    - text: It was a long week.\r\n';
      const after = apply(before, addAccepted(before, { text: 'Nobody expected it.', reason: 'own analysis' }));
      assertLinesKept(before, after);
      assert.deepEqual(parse(after).accepted[1], { text: 'Nobody expected it.', reason: 'own analysis' });
      assert.ok(after.endsWith('    - text: Nobody expected it.\r\n      reason: own analysis\r\n'), JSON.stringify(after));
    });
  });

  describe('reanchorClaim', () => {
    const before = [
      'claims:',
      '  # the grounding',
      '  - text: "ran aground" # quoted on purpose',
      '    prefix: "The ship "',
      '    sources: [a] # checked',
      '    status: verified',
      '  - text: second',
      '    sources: []',
      '',
    ].join('\n');

    it('replaces text and prefix in place, keeping their quoting and every comment', () => {
      const after = apply(before, reanchorClaim(before, 0, { text: 'went aground', prefix: 'The vessel ' }));
      assertCommentsKept(before, after);
      assert.match(after, /- text: "went aground" # quoted on purpose\n/);
      assert.deepEqual(parse(after).claims[0], { text: 'went aground', prefix: 'The vessel ', sources: ['a'], status: 'verified' });
      assert.deepEqual(parse(after).claims[1], { text: 'second', sources: [] });
    });

    it('adds a suffix after the prefix and removes a prefix that is no longer wanted', () => {
      const withSuffix = apply(before, reanchorClaim(before, 0, { text: 'ran aground', prefix: 'The ship ', suffix: ' on Tuesday' }));
      assert.match(withSuffix, /prefix: "The ship "\n {4}suffix: " on Tuesday"\n {4}sources/);
      const withoutPrefix = apply(before, reanchorClaim(before, 0, { text: 'ran aground', suffix: ' on Tuesday' }));
      assert.deepEqual(parse(withoutPrefix).claims[0], { text: 'ran aground', suffix: ' on Tuesday', sources: ['a'], status: 'verified' });
      assertCommentsKept(before, withoutPrefix);
    });

    it('adds prefix and suffix after a claim that had only text', () => {
      const after = apply(before, reanchorClaim(before, 1, { text: 'second', prefix: 'a ', suffix: ' b' }));
      assert.match(after, /- text: second\n {4}prefix: "a "\n {4}suffix: " b"\n {4}sources: \[\]\n/);
    });

    it('replaces a block scalar text without swallowing its line break', () => {
      const text = 'claims:\n  - text: |-\n      long\n      text\n    sources: []\n';
      const after = apply(text, reanchorClaim(text, 0, { text: 'short' }));
      assert.equal(after, 'claims:\n  - text: short\n    sources: []\n');
    });

    it('rewrites a flow-style claim whole', () => {
      const text = 'claims:\n  - {text: a, sources: [x], status: verified}\n';
      const after = apply(text, reanchorClaim(text, 0, { text: 'b', prefix: 'p ' }));
      assert.deepEqual(parse(after).claims[0], { text: 'b', prefix: 'p ', sources: ['x'], status: 'verified' });
    });

    it('makes no edit for a claim that does not exist', () => {
      assert.deepEqual(reanchorClaim(before, 5, { text: 'x' }), []);
      assert.deepEqual(reanchorClaim('sources: {}\n', 0, { text: 'x' }), []);
    });
  });

  describe('renameKey', () => {
    const before = [
      'sources:',
      '  fdd-2022: # the report',
      '    title: Report',
      '  other:',
      '    title: Other',
      'entities:',
      '  ever-given:',
      '    name: Ever Given',
      '    kind: vehicle',
      '    sources: [fdd-2022, other]',
      'claims:',
      '  - text: a',
      '    sources:',
      '      - fdd-2022',
      '      - source: "fdd-2022"',
      '        locator: p. 4',
      '  - text: b',
      '    sources: [other]',
      '',
    ].join('\n');

    it('renames a source key and every reference to it in claims and entities', () => {
      const after = apply(before, renameKey(before, 'sources', 'fdd-2022', 'bea-2022'));
      const data = parse(after);
      assert.deepEqual(Object.keys(data.sources), ['bea-2022', 'other']);
      assert.deepEqual(data.entities['ever-given'].sources, ['bea-2022', 'other']);
      assert.deepEqual(data.claims[0].sources, ['bea-2022', { source: 'bea-2022', locator: 'p. 4' }]);
      assert.match(after, /source: "bea-2022"/);
      assert.match(after, / {2}bea-2022: # the report\n/);
      // Lines without the key are untouched.
      const unchanged = linesOf(before).filter((line) => !line.includes('fdd-2022'));
      assertLinesKept(unchanged.join(''), after);
    });

    it('renames an entity id and nothing else', () => {
      const after = apply(before, renameKey(before, 'entities', 'ever-given', 'ship'));
      assert.equal(after, before.replace('  ever-given:', '  ship:'));
    });

    it('refuses a rename onto an existing key and a key that is not defined', () => {
      assert.deepEqual(renameKey(before, 'sources', 'fdd-2022', 'other'), []);
      assert.deepEqual(renameKey(before, 'sources', 'missing', 'x'), []);
    });

    it('lists the references to a source inside the file', () => {
      const spans = sourceReferenceSpans(before, 'fdd-2022');
      assert.equal(spans.length, 3);
      for (const span of spans) assert.match(before.slice(span.start, span.end), /^"?fdd-2022"?$/);
    });
  });

  describe('createSidecar', () => {
    it('writes a commented sidecar with the given entries that loads without problems', () => {
      const text = createSidecar({ draftName: 'cargo.md', sources: { a: { title: 'TODO' } }, claims: [{ text: 'x', sources: ['a'] }] });
      assert.ok(text.startsWith('# Sources, entities and claims of cargo.md'));
      const loaded = loadSidecar('file:///x/cargo.sources.yaml', text);
      assert.deepEqual(loaded.problems, []);
      assert.deepEqual(loaded.value?.sources, { a: { title: 'TODO' } });
      assert.deepEqual(loaded.value?.claims, [{ text: 'x', sources: ['a'], status: 'unverified' }]);
      assert.deepEqual(parse(createSidecar()), { sources: {}, entities: {}, claims: [], accepted: [] });
    });
  });

  describe('positions for the editor', () => {
    const text = [
      'sources:',
      '  "fdd-2022":',
      '    title: Report',
      '    url: "https://example.org/a"',
      '    archive: https://web.archive.org/web/2022/https://example.org/a # a copy',
      'entities:',
      '  pecci:',
      '    name: Marcelo Pecci',
      '    kind: person',
      '    sources: [fdd-2022]',
      'claims:',
      '  - text: a',
      '    sources:',
      '      - source: fdd-2022',
      '',
    ].join('\n');

    it('finds the source key under the cursor, at its definition and in references', () => {
      const definition = sidecarSymbolAt(text, text.indexOf('fdd-2022') + 3);
      assert.deepEqual(definition, { section: 'sources', key: 'fdd-2022', span: { start: 11, end: 21 }, role: 'definition' });
      const inEntity = sidecarSymbolAt(text, text.indexOf('[fdd-2022]') + 1);
      assert.equal(inEntity?.role, 'reference');
      assert.equal(inEntity?.key, 'fdd-2022');
      const inClaim = sidecarSymbolAt(text, text.lastIndexOf('fdd-2022') + 8);
      assert.equal(inClaim?.role, 'reference');
    });

    it('finds an entity id and nothing on a plain value', () => {
      assert.deepEqual(sidecarSymbolAt(text, text.indexOf('pecci:')), { section: 'entities', key: 'pecci', span: { start: text.indexOf('pecci:'), end: text.indexOf('pecci:') + 5 }, role: 'definition' });
      assert.equal(sidecarSymbolAt(text, text.indexOf('Report')), undefined);
      assert.equal(sidecarSymbolAt('sources: [', 3), undefined);
    });

    it('spans a definition from its key through its last value', () => {
      const where = sidecarDefinitionSpan(text, 'sources', 'fdd-2022');
      assert.ok(where);
      assert.equal(text.slice(where.keySpan.start, where.keySpan.end), '"fdd-2022"');
      assert.match(text.slice(where.span.start, where.span.end), /^"fdd-2022":\n[\s\S]*archive: https:[^\n]*$/);
    });

    it('lists url and archive values as links, without their quotes', () => {
      const links = sidecarLinkSpans(text);
      assert.deepEqual(links.map((link) => link.url), ['https://example.org/a', 'https://web.archive.org/web/2022/https://example.org/a']);
      for (const link of links) assert.equal(text.slice(link.span.start, link.span.end), link.url);
    });
  });

  describe('draft edits of the quick fixes', () => {
    const cite = (text: string, key = 'k'): string => {
      const { offset, insert } = citationInsertion(text, { start: 0, end: text.length }, key);
      return text.slice(0, offset) + insert + text.slice(offset);
    };

    it('puts [@key] before the final full stop, question mark or ellipsis', () => {
      assert.equal(cite('The aircraft carried no cargo at all.'), 'The aircraft carried no cargo at all [@k].');
      assert.equal(cite('Why would it fly empty?'), 'Why would it fly empty [@k]?');
      assert.equal(cite('And then…'), 'And then [@k]…');
      assert.equal(cite('No punctuation here'), 'No punctuation here [@k]');
      assert.equal(cite('Trailing space.  '), 'Trailing space [@k].  ');
    });

    it('adds "; @key" inside a citation that already ends the sentence', () => {
      assert.equal(cite('It was chartered [@fdd-2022].'), 'It was chartered [@fdd-2022; @k].');
      assert.equal(cite('It was chartered [see @a, p. 4]'), 'It was chartered [see @a, p. 4; @k]');
    });

    it('cites before the final punctuation when a footnote reference follows it', () => {
      assert.equal(cite('The crew was detained in 2018.[^1]'), 'The crew was detained in 2018 [@k].[^1]');
      assert.equal(cite('It flew empty.[^a][^b] '), 'It flew empty [@k].[^a][^b] ');
    });

    it('leaves a closing quotation mark with its sentence and cites after it', () => {
      assert.equal(cite('He said “it sank.”'), 'He said “it sank.” [@k]');
    });

    it('cites after the closing emphasis marker of a sentence set in italics or bold, not inside it', () => {
      const citeSentence = (text: string, sentence: string): string => {
        const start = text.indexOf(sentence);
        const { offset, insert } = citationInsertion(text, { start, end: start + sentence.length }, 'k');
        return text.slice(0, offset) + insert + text.slice(offset);
      };
      assert.equal(citeSentence('*The jet landed in 2021.*\n', 'The jet landed in 2021.'), '*The jet landed in 2021.* [@k]\n');
      assert.equal(citeSentence('It landed in *Asunción in 2021.* Then it left.', 'It landed in *Asunción in 2021.'), 'It landed in *Asunción in 2021.* [@k] Then it left.');
      assert.equal(citeSentence('__The jet landed in 2021.__', 'The jet landed in 2021.'), '__The jet landed in 2021.__ [@k]');
      // A marker glued to the next word is not a closing one.
      assert.equal(citeSentence('The jet landed in 2021.*x', 'The jet landed in 2021.'), 'The jet landed in 2021 [@k].*x');
    });

    it('cites only the sentence it is given, not the rest of the paragraph', () => {
      const text = 'First sentence here. Second one follows.';
      const { offset, insert } = citationInsertion(text, { start: 0, end: 20 }, 'k');
      assert.equal(text.slice(0, offset) + insert + text.slice(offset), 'First sentence here [@k]. Second one follows.');
    });

    it('stores a claim with a prefix and suffix cut at word boundaries and paragraph breaks', () => {
      const text = 'Intro paragraph ends.\n\nSince the 1979 revolution, Iran has worked on two tracks in Latin America, with Venezuela as the anchor.';
      const claim = 'Iran has worked on two tracks';
      const start = text.indexOf(claim);
      const selector = claimSelector(text, { start, end: start + claim.length });
      assert.equal(selector.text, claim);
      assert.equal(selector.prefix, 'Since the 1979 revolution, ');
      assert.ok(selector.suffix && ' in Latin America, with Venezuela'.startsWith(selector.suffix.trimEnd()), selector.suffix);
      assert.ok(!/\n/.test(selector.prefix ?? ''));
    });

    it('collapses the line breaks of a wrapped sentence in the claim text', () => {
      const text = 'The crew had landed\nin Ciudad del Este.';
      assert.equal(claimSelector(text, { start: 0, end: text.length }).text, 'The crew had landed in Ciudad del Este.');
    });

    it('accepts the visible text of a sentence, without citation placeholders', () => {
      const sentence = { span: { start: 0, end: 1 }, text: 'It rained \uE000 all   day.', blockIndex: 0, citations: [], claimIndices: [] };
      assert.equal(acceptedText(sentence), 'It rained all day.');
    });

    it('puts a disable-next-line comment above a line that starts a paragraph, with its indentation', () => {
      const text = 'Intro.\n\n  Indented paragraph with 40 ships.\n';
      const lineStart = text.indexOf('  Indented');
      assert.deepEqual(suppressionEdit(text, lineStart, 'uncited-assertion'), {
        offset: lineStart,
        insert: '  <!-- sourced-disable-next-line uncited-assertion -->\n',
      });
    });

    it('uses disable-line at the end of a line inside a paragraph, so the paragraph is not split', () => {
      const text = 'First line of the paragraph\nsecond line with 40 ships.\r\nthird';
      const lineStart = text.indexOf('second');
      const { offset, insert } = suppressionEdit(text, lineStart, 'uncited-assertion');
      assert.equal(offset, text.indexOf('\r\n'));
      assert.equal(insert, ' <!-- sourced-disable-line uncited-assertion -->');
    });

    it('keeps a table row\u2019s cells: the comment goes inside the last cell', () => {
      const text = '| Year | Event |\n| --- | --- |\n| 2017 | Flights began |\n';
      const lineStart = text.indexOf('| 2017');
      const { offset, insert } = suppressionEdit(text, lineStart, 'uncited-assertion');
      const result = text.slice(0, offset) + insert + text.slice(offset);
      assert.ok(result.includes('| 2017 | Flights began <!-- sourced-disable-line uncited-assertion --> |\n'), result);
    });

    it('uses CRLF for the comment line of a CRLF draft', () => {
      const text = 'Intro.\r\n\r\nA paragraph.\r\n';
      assert.match(suppressionEdit(text, text.indexOf('A paragraph'), 'r').insert, /-->\r\n$/);
    });
  });

  describe('on any input', () => {
    it('never throws, and its edits stay inside the text and apply to a valid sidecar when the input was one', () => {
      const fragments = fc.constantFrom(
        'sources:\n', 'sources: {}\n', '  a:\n', '    title: A\n', '# c\n', '\n', 'claims:\n', '  - text: x\n', '- text: y\n',
        'claims: []\n', 'accepted:\n', '\r\n', '    sources: [a]\n', 'entities: {e: {name: E, kind: place}}\n', ': :\n', '"\n', '\t',
      );
      fc.assert(
        fc.property(fc.array(fragments, { maxLength: 8 }), fc.string({ maxLength: 12 }), (parts, key) => {
          const text = parts.join('');
          const runs = [
            addSource(text, key || 'k', { title: 'T' }),
            addClaim(text, { text: key || 't' }),
            addAccepted(text, { text: 'x', reason: key }),
            reanchorClaim(text, 0, { text: 'n', prefix: key }),
            renameKey(text, 'sources', 'a', key || 'b'),
          ];
          const wasValid = loadSidecar('file:///x.sources.yaml', text).problems.length === 0;
          for (const edits of runs) {
            for (const edit of edits) assert.ok(edit.span.start >= 0 && edit.span.start <= edit.span.end && edit.span.end <= text.length);
            if (wasValid && edits.length > 0) {
              const result = applySidecarEdits(text, edits);
              const syntax = loadSidecar('file:///x.sources.yaml', result).problems.filter((p) => p.ruleId === 'sidecar-syntax');
              assert.deepEqual(syntax, [], `edit broke the YAML of ${JSON.stringify(text)}: ${JSON.stringify(result)}`);
            }
          }
        }),
        { numRuns: 300 },
      );
    });

    it('places citations, claim selectors and suppression comments inside the draft for any text and span', () => {
      fc.assert(
        fc.property(fc.string({ maxLength: 80 }), fc.nat(), fc.nat(), (text, a, b) => {
          const start = Math.min(a, b) % (text.length + 1);
          const end = Math.min(text.length, start + (Math.max(a, b) % (text.length + 1)));
          const citation = citationInsertion(text, { start, end }, 'k');
          // Inside the sentence, or just after the closing emphasis markers that follow it.
          assert.ok(citation.offset >= start && citation.offset <= Math.min(text.length, Math.max(start, end) + 3));
          claimSelector(text, { start, end });
          const lineStart = text.lastIndexOf('\n', start - 1) + 1;
          const suppression = suppressionEdit(text, lineStart, 'r');
          assert.ok(suppression.offset >= lineStart && suppression.offset <= text.length);
        }),
        { numRuns: 500 },
      );
    });
  });
});
