import { strict as assert } from 'node:assert';
import { buildCatalog, loadProjectConfig, loadSidecar, originOf } from '../../../src/core/sidecar/load';
import { MAX_YAML_BYTES } from '../../../src/core/sidecar/yamlFile';

function problemsOf(text: string) {
  const loaded = loadSidecar('/d/draft.sources.yaml', text);
  return loaded.problems.map((problem) => ({
    rule: problem.ruleId,
    at: text.slice(problem.span.start, problem.span.end),
    line: loaded.lines.positionAt(problem.span.start).line + 1,
    message: problem.message,
  }));
}

describe('loading a sidecar', () => {
  it('accepts the documented example and keeps unquoted dates as strings', () => {
    const loaded = loadSidecar('/d/x.sources.yaml', [
      'sources:',
      '  fdd-2022:',
      '    title: Mystery Cargo',
      '    author: [Emanuele Ottolenghi]',
      '    date: 2022-07-06',
      '    accessed: 2026',
      '    url: https://example.org/mystery-cargo',
      'entities:',
      '  ghasemi:',
      '    name: Gholamreza Ghasemi',
      '    kind: person',
      '    aliases: [Ghasemi]',
      'claims:',
      '  - text: seven Iranians and 11 Venezuelans',
      '    sources: [fdd-2022, {source: fdd-2022, locator: para. 4}]',
      'accepted:',
      '  - text: Why fly an empty aircraft?',
      '    reason: rhetorical question',
      '',
    ].join('\n'));
    assert.deepEqual(loaded.problems, []);
    assert.equal(loaded.usable.sources['fdd-2022'].date, '2022-07-06');
    assert.equal(loaded.usable.sources['fdd-2022'].accessed, '2026');
    assert.equal(loaded.usable.claims[0].status, 'unverified');
  });

  it('treats an empty file as an empty sidecar', () => {
    const loaded = loadSidecar('/d/x.sources.yaml', '# nothing yet\n');
    assert.deepEqual(loaded.problems, []);
    assert.deepEqual(loaded.usable, { sources: {}, entities: {}, claims: [], accepted: [] });
  });

  it('reports a syntax error at its line', () => {
    const [problem] = problemsOf('sources:\n  a:\n    title: "never closed\n');
    assert.equal(problem.rule, 'sidecar-syntax');
    assert.ok(problem.line >= 3, `line ${problem.line}`);
  });

  it('reports a duplicate key on the second occurrence', () => {
    const problems = problemsOf('sources:\n  a:\n    title: A\n  a:\n    title: B\n');
    assert.equal(problems.length, 1);
    assert.deepEqual({ rule: problems[0].rule, at: problems[0].at, line: problems[0].line }, { rule: 'sidecar-syntax', at: 'a', line: 4 });
    assert.match(problems[0].message, /twice/);
  });

  it('reports a "__proto__" key, which would otherwise vanish, and still reads the rest of the file', () => {
    const text = 'sources:\n  __proto__:\n    title: Lost\n  a:\n    title: A\n';
    const problems = problemsOf(text);
    assert.deepEqual(problems.map(({ rule, at, line }) => ({ rule, at, line })), [{ rule: 'sidecar-schema', at: '__proto__', line: 2 }]);
    assert.match(problems[0].message, /"__proto__" cannot be used in the sidecar/);
    const loaded = loadSidecar('/d/draft.sources.yaml', text);
    assert.deepEqual(Object.keys(loaded.usable.sources), ['a']);
    assert.equal(Object.getPrototypeOf(loaded.usable.sources), Object.prototype);
  });

  it('reports a "__proto__" rule in the project config', () => {
    const config = loadProjectConfig('/d/.sourced.yaml', 'rules:\n  __proto__: off\n  claim-fuzzy: error\n');
    assert.deepEqual(config.problems.map((problem) => problem.ruleId), ['sidecar-schema']);
    assert.match(config.problems[0].message, /"__proto__" cannot be used in the project config/);
  });

  it('reports an unknown key on the key itself', () => {
    const [problem] = problemsOf('sources:\n  a:\n    title: A\n    publsher: typo\n');
    assert.deepEqual({ rule: problem.rule, at: problem.at, line: problem.line }, { rule: 'sidecar-schema', at: 'publsher', line: 4 });
    assert.match(problem.message, /unknown key "publsher"/);
  });

  it('reports a malformed date on the value and a missing title on the entry key', () => {
    const problems = problemsOf('sources:\n  a:\n    title: A\n    date: 6 July 2022\n  b:\n    publisher: P\n');
    assert.deepEqual(problems.map(({ rule, at, line }) => ({ rule, at, line })), [
      { rule: 'sidecar-schema', at: '6 July 2022', line: 4 },
      { rule: 'sidecar-schema', at: 'b', line: 5 },
    ]);
    assert.match(problems[0].message, /YYYY-MM-DD/);
    assert.match(problems[1].message, /title: required field is missing/);
  });

  it('names the accepted entity kinds when the kind is wrong', () => {
    const [problem] = problemsOf('entities:\n  x:\n    name: X\n    kind: airline\n');
    assert.equal(problem.at, 'airline');
    assert.match(problem.message, /person/);
  });

  it('keeps every valid entry when another entry is invalid', () => {
    const loaded = loadSidecar('/d/x.sources.yaml', 'sources:\n  good:\n    title: Good\n  bad:\n    title: Bad\n    date: yesterday\nclaims:\n  - text: fine\n  - txt: broken\n  - text: also fine\n');
    assert.equal(loaded.value, undefined);
    assert.deepEqual(Object.keys(loaded.usable.sources), ['good']);
    assert.equal(loaded.usable.claims.length, 3, 'claims keep their indices');
    assert.equal(loaded.usable.claims[2].text, 'also fine');
  });

  it('reports a source key that is not a citation key ("smith 2020") on the key itself, saying why', () => {
    const problems = problemsOf('sources:\n  smith 2020:\n    title: Smith\n  good:\n    title: Good\n');
    assert.equal(problems.length, 1);
    assert.equal(problems[0].rule, 'sidecar-schema');
    assert.equal(problems[0].at, 'smith 2020');
    assert.equal(problems[0].line, 2);
    assert.match(problems[0].message, /not a valid citation key/);
  });

  it('reports an entity id that is not valid ("-emtrasur") on the id, saying why', () => {
    const problems = problemsOf('entities:\n  -emtrasur:\n    name: Emtrasur\n    kind: organization\n');
    assert.equal(problems.length, 1);
    assert.equal(problems[0].at, '-emtrasur');
    assert.match(problems[0].message, /not a valid entity id/);
  });

  it('does not use a source whose key is invalid, so it is not also reported as an unused source', () => {
    const loaded = loadSidecar('/d/x.sources.yaml', 'sources:\n  smith 2020:\n    title: Smith\n  good:\n    title: Good\nentities:\n  bad id:\n    name: Bad\n    kind: other\n  ok:\n    name: Ok\n    kind: other\n');
    assert.deepEqual(Object.keys(loaded.usable.sources), ['good']);
    assert.deepEqual(Object.keys(loaded.usable.entities), ['ok']);
  });

  it('reports each of two unknown keys of one entry at its own key', () => {
    const problems = problemsOf('sources:\n  a:\n    title: A\n    autor: X\n    publsher: Y\n');
    assert.deepEqual(problems.map((problem) => [problem.at, problem.line]), [['autor', 4], ['publsher', 5]]);
    assert.match(problems[0].message, /unknown key "autor".*did you mean "author"\?/);
    assert.match(problems[1].message, /unknown key "publsher".*did you mean "publisher"\?/);
  });

  it('reports a source written as a bare key ("a:" with no fields) on the key, not past the end of the line', () => {
    const problems = problemsOf('sources:\n  a:\n  b:\n    title: B\n');
    assert.equal(problems.length, 1);
    assert.equal(problems[0].at, 'a');
    assert.equal(problems[0].line, 2);
  });

  it('stops an alias bomb instead of expanding it', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]', 'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]', 'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]', 'e: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]', ''].join('\n');
    const problems = problemsOf(bomb);
    assert.equal(problems.length, 1);
    assert.match(problems[0].message, /aliases too many times/);
  });

  it('refuses a file over the size limit and a binary file with one finding each', () => {
    const huge = problemsOf(`sources: {}\n#${'x'.repeat(MAX_YAML_BYTES)}\n`);
    assert.equal(huge.length, 1);
    assert.match(huge[0].message, /files over 5 MB are not read/);
    const binary = problemsOf('sources:\u0000\u0001\u0002');
    assert.equal(binary.length, 1);
    assert.match(binary[0].message, /binary/);
  });
});

describe('the catalog of a draft', () => {
  it('prefers the draft\'s own sidecar over registries, and earlier registries over later ones', () => {
    const own = loadSidecar('/d/a.sources.yaml', 'sources:\n  k:\n    title: Own\n');
    const first = loadSidecar('/shared/one.yaml', 'sources:\n  k:\n    title: First\n  r:\n    title: First R\n');
    const second = loadSidecar('/shared/two.yaml', 'sources:\n  r:\n    title: Second R\n  s:\n    title: Second S\n');
    const catalog = buildCatalog(own, [first, second]);
    assert.equal(catalog.sources.get('k')?.source.title, 'Own');
    assert.equal(catalog.sources.get('r')?.source.title, 'First R');
    assert.equal(catalog.sources.get('s')?.origin.uri, '/shared/two.yaml');
  });

  it('records where each entry is defined, key and value', () => {
    const text = 'sources:\n  fdd-2022:\n    title: Mystery Cargo\n';
    const catalog = buildCatalog(loadSidecar('/d/a.sources.yaml', text));
    const origin = catalog.sources.get('fdd-2022')!.origin;
    assert.equal(text.slice(origin.keySpan.start, origin.keySpan.end), 'fdd-2022');
    assert.match(text.slice(origin.span.start, origin.span.end), /^fdd-2022:\n\s+title: Mystery Cargo/);
  });

  it('gives every record the origin originOf gives, as an ordinary enumerable property read once', () => {
    const text = 'sources:\n  s:\n    title: S\nentities:\n  e:\n    name: E\n    kind: person\nclaims:\n  - text: A claim\naccepted:\n  - text: Fine.\n';
    const sidecar = loadSidecar('/d/a.sources.yaml', text);
    const catalog = buildCatalog(sidecar);
    const records = [
      [catalog.sources.get('s')!, ['sources', 's']],
      [catalog.entities.get('e')!, ['entities', 'e']],
      [catalog.claims[0], ['claims', 0]],
      [catalog.accepted[0], ['accepted', 0]],
    ] as const;
    for (const [record, path] of records) {
      assert.deepEqual(record.origin, originOf(sidecar, path));
      assert.equal(record.origin, record.origin, 'the same object on every read');
      assert.ok(Object.keys(record).includes('origin'));
      assert.deepEqual({ ...record }.origin, record.origin);
    }
  });
});

describe('the project config', () => {
  it('rejects an unknown rule id and an invalid severity', () => {
    const loaded = loadProjectConfig('/p/.sourced.yaml', 'rules:\n  uncited-assertions: off\n  unused-source: loud\n');
    assert.equal(loaded.problems.length, 2);
    assert.ok(loaded.problems.every((problem) => problem.ruleId === 'sidecar-schema'));
  });

  it('suggests the rule id a misspelt one was meant to be ("unknwn-source" → "unknown-source")', () => {
    const loaded = loadProjectConfig('/p/.sourced.yaml', 'rules:\n  unknwn-source: off\n');
    assert.equal(loaded.problems.length, 1);
    assert.match(loaded.problems[0].message, /unknown key "unknwn-source".*did you mean "unknown-source"\?/);
    assert.equal(loaded.text.slice(loaded.problems[0].span.start, loaded.problems[0].span.end), 'unknwn-source');
  });
});
