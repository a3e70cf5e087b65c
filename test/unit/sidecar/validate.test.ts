import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { CORE_SCHEMA, load } from 'js-yaml';
import { loadSidecar } from '../../../src/core/sidecar/load';
import * as z from 'zod';
import { AcceptedSchema, ClaimSchema, ClaimSourceRefSchema, EntitySchema, SidecarSchema, SourceSchema } from '../../../src/core/sidecar/schema';
import { withoutLazy } from '../../../src/core/sidecar/yamlFile';
import { CHECKED_FIELDS, validSidecar } from '../../../src/core/sidecar/validate';

/**
 * validSidecar (validate.ts) answers for zod on the sidecars it is sure of. These properties hold it to
 * `SidecarSchema.safeParse`: whatever it accepts, safeParse accepts with the same value (same types, same keys in
 * the same order), and it accepts every sidecar safeParse accepts.
 */
function compare(input: unknown): 'accepted' | 'left to zod' {
  // validSidecar writes into its input: give it a copy, and safeParse the original.
  const checked = validSidecar(structuredClone(input));
  const runtime = SidecarSchema.safeParse(input);
  if (checked === undefined) {
    assert.ok(!runtime.success, `left a valid sidecar to zod: ${JSON.stringify(input)}`);
    return 'left to zod';
  }
  assert.ok(runtime.success, `accepted what safeParse rejects: ${JSON.stringify(input)}`);
  assert.deepStrictEqual(checked, runtime.data);
  assert.equal(JSON.stringify(checked), JSON.stringify(runtime.data), `key order for ${JSON.stringify(input)}`);
  return 'accepted';
}

/** Values as YAML readers give them, the right type for a field or not. */
const scalar = fc.oneof(
  fc.constantFrom('', ' ', '  x  ', 'x', 'Report number 4', '2010-01-10', '2010-13-01', '2010-02', '1999', 'https://example.org/a', 'http://x y', 'ftp://x', 'HTTPS://X'),
  fc.constantFrom('person', 'organization', 'place', 'vehicle', 'event', 'work', 'other', 'Person', 'unverified', 'verified', 'disputed', 'maybe'),
  fc.constantFrom(2022, 999, 10000, 1000, 9999, 2022.5, -1, 0, 1, 2, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60),
  fc.constantFrom(true, false, null),
  fc.constantFrom('\u00a0x\u2028', '\ufeff', '\u3000', '\u180e', '\u200b', 'x\u0085', '\ud800', '😀'),
  fc.string({ maxLength: 6 }),
);
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  any: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, scalar, tie('array'), tie('record')),
  array: fc.array(tie('any'), { maxLength: 3 }),
  record: fc.dictionary(fc.constantFrom('source', 'locator', 'quote', 'text', 'title', 'x'), tie('any'), { maxKeys: 3 }),
})).any;

/**
 * A record with the fields of `fields`, each present or absent, most of them of a plausible value, sometimes an
 * unknown key, and in a shuffled order now and then (zod's output follows the schema's order).
 */
function recordOf(fields: Record<string, fc.Arbitrary<unknown>>, required: readonly string[] = []): fc.Arbitrary<Record<string, unknown>> {
  const entries = Object.entries(fields).map(([key, arbitrary]) =>
    fc.option(fc.oneof({ weight: 30, arbitrary }, { weight: 1, arbitrary: value }), { nil: undefined, freq: required.includes(key) ? 40 : 3 }).map((v) => [key, v] as const),
  );
  const extra = fc.oneof({ weight: 30, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.tuple(fc.constantFrom('titel', 'alias', 'extra', 'constructor', 'toString'), value) });
  const shuffle = fc.oneof({ weight: 5, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.nat() });
  return fc.tuple(fc.tuple(...entries), extra, shuffle).map(([pairs, extra, seed]) => {
    const present = pairs.filter(([, v]) => v !== undefined);
    if (seed > 0) for (let i = present.length - 1; i > 0; i--) { const j = (seed + i * 7) % (i + 1); [present[i], present[j]] = [present[j], present[i]]; }
    const record: Record<string, unknown> = {};
    for (const [key, v] of present) record[key] = v;
    if (extra) record[extra[0]] = extra[1];
    return record;
  });
}

const text = fc.oneof({ weight: 12, arbitrary: fc.constantFrom('A title', ' padded ', 'x', 'Côte d’Ivoire', '\u00a0nbsp\u00a0') }, { weight: 1, arbitrary: fc.constantFrom('', '   ', '\u2028') });
const date = fc.oneof({ weight: 8, arbitrary: fc.constantFrom('2010-01-10', '2010-01', 2022, '1999', 1000, 9999) }, { weight: 1, arbitrary: fc.constantFrom(2022.5, 99, '2010-1-1', 'today', '2010-02-30', '2010-00') });
const url = fc.oneof({ weight: 8, arbitrary: fc.constantFrom('https://example.org/1', 'http://a.b/c?d#e', 'HTTP://A.B') }, { weight: 1, arbitrary: fc.constantFrom('example.org', 'https://a b', 'https://') });
const texts = fc.array(text, { maxLength: 3 });
const source = recordOf({ title: text, author: fc.oneof(text, texts), publisher: text, date, url, archive: url, accessed: date, quotes: texts, note: fc.oneof(text, fc.constant('')) }, ['title']);
const entity = recordOf({ name: text, kind: fc.constantFrom('person', 'place', 'work', 'other', 'event', 'organization', 'vehicle', 'thing'), aliases: texts, description: text, sources: fc.array(fc.constantFrom('s1', 's2', ''), { maxLength: 2 }) }, ['name', 'kind']);
const sourceRef = fc.oneof(fc.constantFrom('s1', '', 'doi:10.1/x', ' '), recordOf({ source: fc.constantFrom('s1', '', ' '), locator: text, quote: text }, ['source']));
const claim = recordOf({ text, prefix: text, suffix: text, sources: fc.array(sourceRef, { maxLength: 3 }), status: fc.constantFrom('unverified', 'verified', 'disputed', 'disputed', 'done'), note: text, reviewer: text, reviewed: date, fingerprint: text }, ['text']);
const accepted = recordOf({ text, reason: text }, ['text']);
const keys = fc.oneof({ weight: 10, arbitrary: fc.constantFrom('s1', 'doi:10.1038/x', 'e1', 'a.b-c', 'Côte', '2019', 'constructor') }, { weight: 1, arbitrary: fc.constantFrom('-bad', 'a b', '', 'x:', 'a..b', 'e.') });
const sidecar = recordOf({
  version: fc.constantFrom(1, 1, 1, 1, 1, 1, 1, 1, 2, '1'),
  sources: fc.dictionary(keys, source, { maxKeys: 3 }),
  entities: fc.dictionary(keys, entity, { maxKeys: 3 }),
  claims: fc.array(claim, { maxLength: 3 }),
  accepted: fc.array(accepted, { maxLength: 2 }),
});

/** The field names of a zod object schema, in order (a union's object option for a claim's source reference). */
function fieldsOf(schema: z.ZodType): string[] {
  const inner = withoutLazy(schema);
  if (inner instanceof z.ZodObject) return Object.keys(inner.shape);
  if (inner instanceof z.ZodUnion) {
    const object = (inner.options as z.ZodType[]).find((option) => option instanceof z.ZodObject) as z.ZodObject | undefined;
    if (object) return Object.keys(object.shape);
  }
  throw new Error('not an object schema');
}

describe('validSidecar, the sidecar schema checked without zod', () => {
  it('knows every field of every record of the zod schema, in the schema\'s order', () => {
    assert.deepEqual(CHECKED_FIELDS.sidecar, fieldsOf(SidecarSchema));
    assert.deepEqual(CHECKED_FIELDS.source, fieldsOf(SourceSchema));
    assert.deepEqual(CHECKED_FIELDS.entity, fieldsOf(EntitySchema));
    assert.deepEqual(CHECKED_FIELDS.claim, fieldsOf(ClaimSchema));
    assert.deepEqual(CHECKED_FIELDS.claimSourceRef, fieldsOf(ClaimSourceRefSchema));
    assert.deepEqual(CHECKED_FIELDS.accepted, fieldsOf(AcceptedSchema));
  });

  it('accepts exactly what safeParse accepts, with the same value and key order, on random sidecars', () => {
    let accepted = 0;
    fc.assert(
      fc.property(sidecar, (input) => {
        if (compare(input) === 'accepted') accepted++;
      }),
      { numRuns: 5000 },
    );
    // Most random sidecars have some invalid field; enough valid ones must have been compared.
    assert.ok(accepted > 300, `only ${accepted} random sidecars were valid`);
  });

  it('agrees with safeParse on values of any shape', () => {
    fc.assert(fc.property(value, (input) => void compare(input)), { numRuns: 2000 });
  });

  it('gives the defaults, trimmed text, years as text and the schema\'s field order', () => {
    assert.equal(compare({}), 'accepted');
    assert.equal(compare({ claims: [{ status: 'verified', text: ' Dry. ' }], version: 1 }), 'accepted');
    assert.equal(compare({ claims: [{ text: 'x', note: 'n' }] }), 'accepted');
    const checked = validSidecar({ claims: [{ text: 'x', note: 'n' }], sources: { s: { date: 2022, title: ' T ' } } });
    assert.equal(JSON.stringify(checked), '{"sources":{"s":{"title":"T","date":"2022"}},"entities":{},"claims":[{"text":"x","sources":[],"status":"unverified","note":"n"}],"accepted":[]}');
  });

  it('leaves invalid sidecars to zod, so that zod reports them', () => {
    for (const input of [null, [], 'x', { sources: null }, { version: 2 }, { claims: [{}] }, { entities: { e: { name: 'E', kind: 'planet' } } }, { sources: { '-x': { title: 'T' } } }]) {
      assert.equal(validSidecar(structuredClone(input)), undefined, JSON.stringify(input));
    }
  });
});

describe('loading a sidecar through validSidecar', () => {
  it('gives the value zod gives on the YAML reader\'s value, and zod\'s messages when invalid', () => {
    const lines = ['version: 1', 'sources:'];
    for (let i = 0; i < 40; i++) lines.push(`  s${i}:`, `    date: ${2000 + i}`, `    title: " Report ${i} "`, `    author: [Ann, "Bo "]`);
    lines.push('claims:');
    for (let i = 0; i < 40; i++) lines.push(`  - text: "Claim number ${i} holds."`, ...(i % 2 ? ['    status: verified', `    sources: [s${i}]`] : []));
    const text = lines.join('\n') + '\n';
    const loaded = loadSidecar('/w/a.sources.yaml', text);
    assert.deepEqual(loaded.problems, []);
    const expected = SidecarSchema.parse(load(text, { schema: CORE_SCHEMA }));
    assert.deepStrictEqual(loaded.value, expected);
    assert.equal(JSON.stringify(loaded.value), JSON.stringify(expected));

    const invalid = loadSidecar('/w/a.sources.yaml', text.replace('date: 2007', 'date: 207'));
    assert.equal(invalid.problems.length, 1);
    assert.match(invalid.problems[0].message, /^sources\.s7\.date: /);
    // The salvaged value is read afresh: the check's changes to the first reading do not leak into it.
    assert.equal(invalid.usable.sources.s6.date, '2006');
    assert.equal(invalid.usable.sources.s6.title, 'Report 6');
  });
});
