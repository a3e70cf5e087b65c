import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { EntityMatcher, type EntityPattern } from '../../../src/core/entities/matcher';
import { EntityMatcher as ReferenceMatcher } from './matcher.reference';

/**
 * Units that exercise folding, word boundaries, possessives, case rules, surrogates, and the regular expression
 * that proposes where names may begin: ASCII white space of every kind, the non-ASCII units it leaves out when
 * no name begins with them (the citation placeholder, typographic punctuation), a Kelvin sign (which folds to
 * an ASCII "k") and letters that follow or precede ASCII ones.
 */
const trickyUnit = fc.constantFrom(
  ...'aAbBeEiIkKoOsSnNtT_1.-&"(\'`',
  'é', 'É', 'e\u0301', '\u0301', 'ı', 'İ', 'ß', 'Σ', 'ς', 'σ', 'Ø', 'ø', '\u212A',
  ' ', '  ', '\u00A0', '\u2009', '\u202F', '\n', '\r\n', '\t', '\v', '\f',
  '’', '‘', 'ʼ', '´', '\u1FFD', '\u2032', "'s", '’s',
  '‑', '–', '—', '−', '“', '”', '«', '»', '…', '•', '·', '×', '°', '→',
  '\uE000', '\uFFFC', '😀', '𐐀', '𐐨', '\u{20000}', '\uD800', '\uDC00', '\uE001',
);
/** Pieces of names, several shared, so that names overlap and begin with the same word or the same unit. */
const syllable = fc.constantFrom(
  'Tel', 'tel', 'Sar', 'Kara', 'Den', 'mon', 'IR', 'GC', 'U.S.', ' ', 'an', 'Iran', 'ian', 'O’', "O'", "'s", '-',
  '.NET', "'Nd", '’Nd', 'WHO', 'Who', 'who', 'Côte', 'Co\u0301te', 'd’Ivoire', 'Gulf', ' of ', 'Aden', 'AT&T',
  'X', 'x', 'T', 'É', 'Émile', 'e\u0301', '3M', '_id', '—', '…', '\uE000', '«', '“Q', '\u212Aelvin',
);
const name = fc.oneof(
  fc.string({ unit: trickyUnit, maxLength: 8 }),
  fc.array(syllable, { minLength: 1, maxLength: 5 }).map((parts) => parts.join('')),
);
const catalog = fc.array(fc.array(name, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 30 });
const text = fc.oneof(
  fc.string({ unit: trickyUnit, maxLength: 200 }),
  fc
    .array(fc.oneof(syllable, trickyUnit, fc.constantFrom(' ', '. ', ', ', '\n', '’s ', '  ', 'ian ', '-')), {
      maxLength: 80,
    })
    .map((parts) => parts.join('')),
);

function patternsOf(namesPerEntity: string[][]): EntityPattern[] {
  // Fewer entity ids than entities, so that one entity lists a name twice and entities share names.
  return namesPerEntity.map((names, i) => ({ entityId: `e${i % 7}`, kind: 'other', names }));
}

describe('EntityMatcher against the scan it replaced', () => {
  it('finds the same mentions and reports the same conflicts and name count on random catalogs and texts', () => {
    fc.assert(
      fc.property(catalog, fc.array(text, { minLength: 1, maxLength: 4 }), (names, texts) => {
        const patterns = patternsOf(names);
        const matcher = EntityMatcher.build(patterns);
        const reference = ReferenceMatcher.build(patterns);
        for (const t of texts) assert.deepEqual(matcher.findAll(t), reference.findAll(t));
        assert.deepEqual(matcher.conflicts, reference.conflicts);
        assert.equal(matcher.nameCount, reference.nameCount);
      }),
      { numRuns: 1500 },
    );
  });

  it('finds the same mentions when the text is made of the catalog’s own names', () => {
    const separator = fc.constantFrom(' ', ', ', '’s ', "'s", '\n', '-', '. ', '', '\uE000', '’', '—', '\t', 'x');
    fc.assert(
      fc.property(catalog, fc.array(fc.tuple(fc.nat(), separator, fc.boolean()), { maxLength: 20 }), (names, picks) => {
        const all = names.flat();
        // Sometimes upper-cased, to reach the case rules and the regular expression's capital letters.
        const t = picks
          .map(([pick, after, upper]) => (upper ? all[pick % all.length].toUpperCase() : all[pick % all.length]) + after)
          .join('');
        const patterns = patternsOf(names);
        assert.deepEqual(EntityMatcher.build(patterns).findAll(t), ReferenceMatcher.build(patterns).findAll(t));
      }),
      { numRuns: 1500 },
    );
  });

  it('finds the same mentions in any string of UTF-16 units, lone surrogates included', () => {
    const anyUnit = fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit));
    const names = fc.array(fc.array(fc.string({ unit: anyUnit, maxLength: 4 }), { minLength: 1, maxLength: 3 }), {
      minLength: 1,
      maxLength: 20,
    });
    fc.assert(
      fc.property(names, (names) => {
        const patterns = patternsOf(names);
        // The text is the names themselves, each followed by a citation placeholder and a space, so that matches happen.
        const t = names.flat().join('\uE000 ');
        assert.deepEqual(EntityMatcher.build(patterns).findAll(t), ReferenceMatcher.build(patterns).findAll(t));
      }),
      { numRuns: 500 },
    );
  });
});
