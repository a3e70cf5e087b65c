import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { CORE_SCHEMA, load } from 'js-yaml';
import type * as z from 'zod';
import { compileFn, INVALID } from 'zod/v4/core';
import { ProjectConfigSchema } from '../../../src/core/config';
import { loadSidecar } from '../../../src/core/sidecar/load';
import { SidecarSchema } from '../../../src/core/sidecar/schema';
import { withoutLazy } from '../../../src/core/sidecar/yamlFile';
import { recordOf, sidecar, value } from './randomSidecars';

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
