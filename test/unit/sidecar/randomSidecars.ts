/**
 * Random sidecars for the property tests that hold a fast path (zod's compiled parser, validate.ts) to
 * `SidecarSchema.safeParse`: values as YAML readers give them, most of the right type and plausible, some not,
 * with unknown keys, awkward white space and fields in a shuffled order now and then.
 */
import fc from 'fast-check';

/** Values as YAML readers give them, the right type for a field or not. */
const scalar = fc.oneof(
  fc.constantFrom('', ' ', '  x  ', 'x', 'Report number 4', '2010-01-10', '2010-13-01', '2010-02', '1999', 'https://example.org/a', 'http://x y', 'ftp://x', 'HTTPS://X'),
  fc.constantFrom('person', 'organization', 'place', 'vehicle', 'event', 'work', 'other', 'Person', 'unverified', 'verified', 'disputed', 'maybe'),
  fc.constantFrom(2022, 999, 10000, 1000, 9999, 2022.5, -1, 0, 1, 2, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60),
  fc.constantFrom(true, false, null),
  fc.constantFrom('\u00a0x\u2028', '\ufeff', '\u3000', '\u180e', '\u200b', 'x\u0085', '\ud800', '😀'),
  fc.string({ maxLength: 6 }),
);
export const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  any: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, scalar, tie('array'), tie('record')),
  array: fc.array(tie('any'), { maxLength: 3 }),
  record: fc.dictionary(fc.constantFrom('source', 'locator', 'quote', 'text', 'title', 'x'), tie('any'), { maxKeys: 3 }),
})).any;

/**
 * A record with the fields of `fields`, each present or absent, most of them of a plausible value, sometimes an
 * unknown key, and in a shuffled order now and then (zod's output follows the schema's order).
 */
export function recordOf(fields: Record<string, fc.Arbitrary<unknown>>, required: readonly string[] = []): fc.Arbitrary<Record<string, unknown>> {
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
export const sidecar = recordOf({
  version: fc.constantFrom(1, 1, 1, 1, 1, 1, 1, 1, 2, '1'),
  sources: fc.dictionary(keys, source, { maxKeys: 3 }),
  entities: fc.dictionary(keys, entity, { maxKeys: 3 }),
  claims: fc.array(claim, { maxLength: 3 }),
  accepted: fc.array(accepted, { maxLength: 2 }),
});
