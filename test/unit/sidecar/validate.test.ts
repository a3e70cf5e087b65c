import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { CORE_SCHEMA, load } from 'js-yaml';
import { loadSidecar } from '../../../src/core/sidecar/load';
import * as z from 'zod';
import { AcceptedSchema, ClaimSchema, ClaimSourceRefSchema, ENTITY_ID_PATTERN, EntitySchema, SidecarSchema, SOURCE_KEY_PATTERN, SourceSchema } from '../../../src/core/sidecar/schema';
import { withoutLazy } from '../../../src/core/sidecar/yamlFile';
import { ASCII_ENTITY_ID, ASCII_SOURCE_KEY, CHECKED_FIELDS, validSidecar } from '../../../src/core/sidecar/validate';
import { sidecar, value } from './randomSidecars';

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

  it('judges keys by the ASCII twins of the key patterns exactly as by the patterns themselves', () => {
    // Units around the classes' edges: letters, digits, "_", the punctuation a citation key may hold inside,
    // other ASCII, and letters, digits and marks of other scripts.
    const unit = fc.constantFrom(...'aZz09_:./-#$%&+?<>~ @[`{!é9̀ßŁ٣中😀'.split(''), '\u0301', '\ud83d');
    const key = fc.array(unit, { maxLength: 8 }).map((units) => units.join(''));
    for (const [twin, pattern] of [[ASCII_SOURCE_KEY, SOURCE_KEY_PATTERN], [ASCII_ENTITY_ID, ENTITY_ID_PATTERN]] as const) {
      fc.assert(
        fc.property(key, (text) => {
          // The twin accepts only keys the pattern accepts; what it refuses is asked of the pattern.
          if (twin.test(text)) assert.ok(pattern.test(text), `${pattern} refuses ${JSON.stringify(text)}`);
          assert.equal(twin.test(text) || pattern.test(text), pattern.test(text));
        }),
        { numRuns: 3000 },
      );
    }
    assert.ok(ASCII_SOURCE_KEY.test('doi:10.1038/x_1') && ASCII_ENTITY_ID.test('e-1.b_c'));
    assert.ok(!ASCII_SOURCE_KEY.test('Côte') && SOURCE_KEY_PATTERN.test('Côte'));
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
