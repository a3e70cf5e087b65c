import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { CORE_SCHEMA, load } from 'js-yaml';
import type * as z from 'zod';
import { compileFn, INVALID } from 'zod/v4/core';
import { ProjectConfigSchema } from '../../../src/core/config';
import { loadSidecar } from '../../../src/core/sidecar/load';
import { SidecarSchema } from '../../../src/core/sidecar/schema';
import { withoutLazy } from '../../../src/core/sidecar/yamlFile';

/**
 * Files that load without problems are validated by zod's compiled parser of the schema (yamlFile.ts), not by
 * `safeParse`. These properties hold it to the runtime parser: whatever the compiled parser accepts, the runtime
 * parser accepts with the same value (same types, same keys in the same order, no extra undefined keys).
 */
const compiledParsers = new Map<z.ZodType, (input: unknown) => unknown>();

function assertAgrees(schema: z.ZodType, input: unknown): 'accepted' | 'left to the runtime' {
  let parser = compiledParsers.get(schema);
  // As yamlFile.ts does: the sidecar schemas are z.lazy wrappers (built on first use), which zod does not compile.
  if (!parser) compiledParsers.set(schema, (parser = compileFn(withoutLazy(schema))));
  const compiled = parser(input);
  const runtime = schema.safeParse(input);
  if (compiled === INVALID) return 'left to the runtime';
  assert.ok(runtime.success, `the compiled parser accepted what safeParse rejects: ${JSON.stringify(input)}`);
  assert.deepStrictEqual(compiled, runtime.data);
  assert.equal(JSON.stringify(compiled), JSON.stringify(runtime.data), 'key order');
  return 'accepted';
}

/** Values as YAML readers give them, the right type for a field or not. */
const scalar = fc.oneof(
  fc.constantFrom('', ' ', '  x  ', 'x', 'Report number 4', '2010-01-10', '2010-13-01', '2010-02', '1999', 'https://example.org/a', 'http://x y', 'ftp://x'),
  fc.constantFrom('person', 'organization', 'place', 'vehicle', 'event', 'work', 'other', 'Person', 'unverified', 'verified', 'disputed', 'maybe'),
  fc.constantFrom(2022, 999, 10000, 1000, 9999, 2022.5, -1, 0, 1, 2, Number.NaN, Number.POSITIVE_INFINITY),
  fc.constantFrom(true, false, null),
  fc.string({ maxLength: 6 }),
);
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  any: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, scalar, tie('array'), tie('record')),
  array: fc.array(tie('any'), { maxLength: 3 }),
  record: fc.dictionary(fc.constantFrom('source', 'locator', 'quote', 'text', 'title', 'x'), tie('any'), { maxKeys: 3 }),
})).any;

/** A record with the fields of `fields`, each present or absent, most of them of a plausible value, and sometimes an unknown key. */
function recordOf(fields: Record<string, fc.Arbitrary<unknown>>, required: readonly string[] = []): fc.Arbitrary<Record<string, unknown>> {
  const entries = Object.entries(fields).map(([key, arbitrary]) =>
    fc.option(fc.oneof({ weight: 30, arbitrary }, { weight: 1, arbitrary: value }), { nil: undefined, freq: required.includes(key) ? 40 : 3 }).map((v) => [key, v] as const),
  );
  return fc.tuple(fc.tuple(...entries), fc.oneof({ weight: 30, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.tuple(fc.constantFrom('titel', 'alias', 'extra'), value) })).map(([pairs, extra]) => {
    const record: Record<string, unknown> = {};
    for (const [key, v] of pairs) if (v !== undefined) record[key] = v;
    if (extra) record[extra[0]] = extra[1];
    return record;
  });
}

const text = fc.oneof({ weight: 12, arbitrary: fc.constantFrom('A title', ' padded ', 'x', 'Côte d’Ivoire') }, { weight: 1, arbitrary: fc.constantFrom('', '   ') });
const date = fc.oneof({ weight: 8, arbitrary: fc.constantFrom('2010-01-10', '2010-01', 2022, '1999') }, { weight: 1, arbitrary: fc.constantFrom(2022.5, 99, '2010-1-1', 'today') });
const url = fc.oneof({ weight: 8, arbitrary: fc.constantFrom('https://example.org/1', 'http://a.b/c?d#e') }, { weight: 1, arbitrary: fc.constantFrom('example.org', 'https://a b') });
const texts = fc.array(text, { maxLength: 3 });
const source = recordOf({ title: text, author: fc.oneof(text, texts), publisher: text, date, url, archive: url, accessed: date, quotes: texts, note: text }, ['title']);
const entity = recordOf({ name: text, kind: fc.constantFrom('person', 'place', 'work', 'other', 'event', 'thing'), aliases: texts, description: text, sources: fc.array(fc.constantFrom('s1', 's2', ''), { maxLength: 2 }) }, ['name', 'kind']);
const sourceRef = fc.oneof(fc.constantFrom('s1', '', 'doi:10.1/x'), recordOf({ source: fc.constantFrom('s1', ''), locator: text, quote: text }, ['source']));
const claim = recordOf({ text, prefix: text, suffix: text, sources: fc.array(sourceRef, { maxLength: 3 }), status: fc.constantFrom('unverified', 'verified', 'disputed', 'disputed', 'done'), note: text, reviewer: text, reviewed: date, fingerprint: text }, ['text']);
const accepted = recordOf({ text, reason: text }, ['text']);
const keys = fc.oneof({ weight: 10, arbitrary: fc.constantFrom('s1', 'doi:10.1038/x', 'e1', 'a.b-c', 'Côte') }, { weight: 1, arbitrary: fc.constantFrom('-bad', 'a b', '', 'x:') });
const sidecar = recordOf({
  version: fc.constantFrom(1, 1, 1, 1, 1, 1, 1, 1, 2, '1'),
  sources: fc.dictionary(keys, source, { maxKeys: 3 }),
  entities: fc.dictionary(keys, entity, { maxKeys: 3 }),
  claims: fc.array(claim, { maxLength: 3 }),
  accepted: fc.array(accepted, { maxLength: 2 }),
});

describe('the compiled sidecar schema', () => {
  it('accepts only what safeParse accepts, with the same value, on random sidecars', () => {
    let accepted = 0;
    fc.assert(
      fc.property(sidecar, (input) => {
        if (assertAgrees(SidecarSchema, input) === 'accepted') accepted++;
      }),
      { numRuns: 3000 },
    );
    // Most random sidecars have some invalid field; enough valid ones must have been compared.
    assert.ok(accepted > 100, `only ${accepted} random sidecars were valid`);
  });

  it('agrees with safeParse on values of any shape', () => {
    fc.assert(fc.property(value, (input) => void assertAgrees(SidecarSchema, input)), { numRuns: 1000 });
  });

  it('accepts every valid sidecar (the compiled parser never leaves a valid file to the slow path)', () => {
    const valid = {
      version: 1,
      sources: { s1: { title: ' Padded ', author: ['Ann', 'Bo'], date: 2022, accessed: '2024-03', url: 'https://example.org/x', quotes: ['q'] } },
      entities: { e1: { name: 'Ann', kind: 'person', aliases: ['A.'], sources: ['s1'] } },
      claims: [{ text: 'It rained.', sources: ['s1', { source: 's1', locator: 'p. 4' }] }, { text: 'Dry.', status: 'verified' }],
      accepted: [{ text: 'Why not?' }],
    };
    assert.equal(assertAgrees(SidecarSchema, valid), 'accepted');
    assert.equal(assertAgrees(SidecarSchema, {}), 'accepted');
  });
});

describe('the compiled project config schema', () => {
  const config = recordOf({
    rules: fc.dictionary(fc.constantFrom('uncited-assertion', 'unknown-source', 'no-such-rule'), fc.constantFrom('error', 'warning', 'off', 'loud'), { maxKeys: 2 }),
    citations: recordOf({ links: fc.boolean(), footnotes: fc.constantFrom(true, 'yes') }),
    sensitivity: fc.constantFrom('low', 'medium', 'high', 'extreme'),
    include: fc.array(fc.constantFrom('shared.sources.yaml', ''), { maxLength: 2 }),
    ignore: fc.array(fc.constantFrom('README.md', 'docs/**'), { maxLength: 2 }),
  });

  it('accepts only what safeParse accepts, with the same value, on random configs', () => {
    fc.assert(fc.property(config, (input) => void assertAgrees(ProjectConfigSchema, input)), { numRuns: 2000 });
  });
});

describe('loading a sidecar large enough for the compiled parser', () => {
  it('gives exactly the value safeParse gives (defaults, trimmed text, years as strings, key order)', () => {
    const lines = ['version: 1', 'sources:'];
    for (let i = 0; i < 60; i++) lines.push(`  s${i}:`, `    title: " Report ${i} "`, `    date: ${2000 + i}`, `    author: [Ann, "Bo "]`);
    lines.push('entities:');
    for (let i = 0; i < 60; i++) lines.push(`  e${i}:`, `    name: Entity ${i}`, `    kind: ${i % 2 ? 'person' : 'place'}`, ...(i % 3 ? [] : [`    aliases: ["E${i}"]`]));
    lines.push('claims:');
    for (let i = 0; i < 60; i++) lines.push(`  - text: "Claim number ${i} holds."`, ...(i % 2 ? [`    sources: [s${i}]`, '    status: verified'] : []));
    const text = lines.join('\n') + '\n';
    assert.ok(text.length > 4096);
    const loaded = loadSidecar('/w/a.sources.yaml', text);
    assert.deepEqual(loaded.problems, []);
    const expected = SidecarSchema.parse(load(text, { schema: CORE_SCHEMA }));
    assert.deepStrictEqual(loaded.value, expected);
    assert.equal(JSON.stringify(loaded.value), JSON.stringify(expected));
    assert.equal(loaded.value?.sources.s3.title, 'Report 3');
    assert.equal(loaded.value?.sources.s3.date, '2003');
    assert.deepEqual(loaded.value?.claims[0], { text: 'Claim number 0 holds.', sources: [], status: 'unverified' });
  });

  it('reports an invalid entry of a large sidecar exactly as the runtime parser does', () => {
    const entries = Array.from({ length: 120 }, (_, i) => `  e${i}:\n    name: Entity ${i}\n    kind: ${i === 77 ? 'planet' : 'person'}\n`).join('');
    const text = `entities:\n${entries}`;
    assert.ok(text.length > 4096);
    const problems = loadSidecar('/w/a.sources.yaml', text).problems;
    assert.equal(problems.length, 1);
    assert.match(problems[0].message, /^entities\.e77\.kind: /);
    assert.equal(text.slice(problems[0].span.start, problems[0].span.end), 'planet');
  });
});
