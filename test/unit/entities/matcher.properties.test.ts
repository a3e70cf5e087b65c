import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { EntityMatcher, type EntityPattern } from '../../../src/core/entities/matcher';
import { foldCaseKeepingLength, foldTypography } from '../../../src/core/text/normalize';

/** Any UTF-16 unit, lone surrogates included: drafts are arbitrary strings. */
const anyUnit = fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit));

/** Characters that make names and prose interesting for the matcher's rules. */
const trickyChar = fc.constantFrom(
  ...'aAbBeEiIoOsSnN',
  'é', 'É', 'ö', 'ı', 'İ', 'ß', 'ς', 'Σ',
  'e\u0301', '\u0301',
  ' ', '  ', '\u00A0', '\n', '\t', '\u2009',
  "'", '’', '‘', '-', '‑', '–', '.', '&', '"', '“',
  '😀', '\u{20000}', '\uD800', '\uDC00', '\uE000', '\uFFFC',
);

const trickyString = (maxLength: number) => fc.string({ unit: trickyChar, maxLength });

const namesArbitrary = (name: fc.Arbitrary<string>) =>
  fc.array(fc.array(name, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 8 });

function patternsOf(namesPerEntity: string[][]): EntityPattern[] {
  return namesPerEntity.map((names, i) => ({ entityId: `e${i}`, kind: 'other', names }));
}

/** A name or a text as the trie sees it: typography and case folded, white-space runs as one space. */
function folded(text: string): string {
  return foldCaseKeepingLength(foldTypography(text).replace(/\s+/g, ' '));
}

/** The folded forms a name may match: composed and decomposed. */
function foldedForms(name: string): string[] {
  const spelling = foldTypography(name).replace(/\s+/g, ' ').trim();
  const composed = spelling.normalize('NFC');
  return [foldCaseKeepingLength(composed), foldCaseKeepingLength(composed.normalize('NFD'))];
}

function assertWellFormed(text: string, matches: ReturnType<EntityMatcher['findAll']>): void {
  let previousEnd = 0;
  for (const match of matches) {
    assert.ok(Number.isInteger(match.start) && Number.isInteger(match.end));
    assert.ok(match.start >= previousEnd, 'sorted and non-overlapping');
    assert.ok(match.start < match.end, 'not empty');
    assert.ok(match.end <= text.length, 'inside the text');
    previousEnd = match.end;
  }
}

describe('EntityMatcher properties', () => {
  it('never throws, whatever the names and the text (lone surrogates included)', () => {
    fc.assert(
      fc.property(namesArbitrary(fc.string({ unit: anyUnit, maxLength: 6 })), fc.string({ unit: anyUnit, maxLength: 200 }), (names, text) => {
        EntityMatcher.build(patternsOf(names)).findAll(text);
      }),
      { numRuns: 300 },
    );
  });

  it('returns matches inside the text, sorted, non-empty and non-overlapping', () => {
    fc.assert(
      fc.property(namesArbitrary(trickyString(5)), trickyString(120), (names, text) => {
        const matcher = EntityMatcher.build(patternsOf(names));
        assertWellFormed(text, matcher.findAll(text));
      }),
      { numRuns: 500 },
    );
  });

  it('only matches text whose folded form equals a folded form of the reported name of the reported entity', () => {
    fc.assert(
      fc.property(namesArbitrary(trickyString(5)), fc.array(trickyString(8), { maxLength: 12 }), (names, pieces) => {
        // Weave the names themselves into the text so that matches actually happen.
        const all = names.flat();
        const text = pieces.map((piece, i) => piece + all[i % all.length]).join('');
        const patterns = patternsOf(names);
        for (const match of EntityMatcher.build(patterns).findAll(text)) {
          const entity = patterns.find((p) => p.entityId === match.entityId);
          assert.ok(entity?.names.includes(match.name), 'the name belongs to the entity');
          assert.ok(foldedForms(match.name).includes(folded(text.slice(match.start, match.end))), 'folded text equals the folded name');
        }
      }),
      { numRuns: 500 },
    );
  });

  it('never begins or ends a match inside a word, a possessive "’s" aside', () => {
    const isWord = (text: string, index: number): boolean => {
      if (index < 0 || index >= text.length) return false;
      // The low half of a pair belongs to the code point that starts one unit earlier.
      const previous = index > 0 ? text.codePointAt(index - 1)! : 0;
      const whole = previous > 0xffff ? previous : text.codePointAt(index)!;
      return /[\p{L}\p{M}\p{N}_]/u.test(String.fromCodePoint(whole));
    };
    const isApostrophe = (c: string | undefined) => c === "'" || c === '’' || c === '‘';
    fc.assert(
      fc.property(namesArbitrary(trickyString(5)), fc.array(trickyString(8), { maxLength: 12 }), (names, pieces) => {
        const all = names.flat();
        const text = pieces.map((piece, i) => piece + all[i % all.length]).join('');
        for (const { start, end } of EntityMatcher.build(patternsOf(names)).findAll(text)) {
          if (isWord(text, start)) {
            assert.ok(!isWord(text, start - 1), `begins inside a word at ${start}`);
            assert.ok(!(isApostrophe(text[start - 1]) && isWord(text, start - 2)), `begins after an inner apostrophe at ${start}`);
          }
          if (isWord(text, end - 1)) {
            assert.ok(!isWord(text, end), `ends inside a word at ${end}`);
            const possessive = /^s(?![\p{L}\p{M}\p{N}_])/iu.test(text.slice(end + 1, end + 3));
            assert.ok(!(isApostrophe(text[end]) && isWord(text, end + 1)) || possessive, `ends before an inner apostrophe at ${end}`);
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  /** Names with no character of the separator, so that a name set between separators is found exactly there. */
  const nameChar = fc.constantFrom(...'abcABCéÉöÖ', ' ', "'", '-', '.');
  const separatedName = fc
    .string({ unit: nameChar, minLength: 1, maxLength: 10 })
    .map((name) => name.replace(/\s+/g, ' ').trim())
    .filter((name) => /[a-zA-ZéÉöÖ]/.test(name));

  it('finds every name written as it is in the catalog, set between separators, exactly where it is', () => {
    fc.assert(
      fc.property(namesArbitrary(separatedName), fc.array(fc.nat(), { minLength: 1, maxLength: 10 }), (names, picks) => {
        const all = names.flat();
        const placed = picks.map((pick) => all[pick % all.length]);
        let text = '';
        const expected: Array<[number, number]> = [];
        for (const name of placed) {
          text += ' | ';
          expected.push([text.length, text.length + name.length]);
          text += name;
        }
        text += ' |';
        const found = EntityMatcher.build(patternsOf(names))
          .findAll(text)
          .map((m): [number, number] => [m.start, m.end]);
        assert.deepEqual(found, expected);
      }),
      { numRuns: 300 },
    );
  });

  it('finds every name of a catalog whose names share long prefixes and branch anywhere, exactly where it is', () => {
    // Two letters and a space: names end inside each other and fork off the chains of nodes that earlier names
    // laid down (the trie steps along such a chain without its hash table until another name branches off it).
    const sharedPrefixName = fc
      .string({ unit: fc.constantFrom('a', 'b', 'a', 'b', ' '), minLength: 1, maxLength: 9 })
      .map((name) => name.replace(/\s+/g, ' ').trim())
      .filter((name) => name.length > 0);
    fc.assert(
      fc.property(
        fc.array(fc.array(sharedPrefixName, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 40 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 10 }),
        (names, picks) => {
          const all = names.flat();
          const placed = picks.map((pick) => all[pick % all.length]);
          let text = '';
          const expected: Array<[number, number, string]> = [];
          for (const name of placed) {
            text += ' | ';
            expected.push([text.length, text.length + name.length, name]);
            text += name;
          }
          text += ' |';
          const found = EntityMatcher.build(patternsOf(names))
            .findAll(text)
            .map((m): [number, number, string] => [m.start, m.end, m.name]);
          assert.deepEqual(found, expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('finds the same mentions when spaces, apostrophes, dashes and accents are written in other forms', () => {
    const respell = fc.record({
      space: fc.constantFrom(' ', '\u00A0', '\n', '  ', ' \t', '\u202F'),
      apostrophe: fc.constantFrom("'", '’', 'ʼ'),
      dash: fc.constantFrom('-', '‑', '–', '—'),
      decompose: fc.boolean(),
    });
    fc.assert(
      fc.property(
        namesArbitrary(separatedName),
        fc.array(fc.nat(), { minLength: 1, maxLength: 10 }),
        respell,
        (names, picks, { space, apostrophe, dash, decompose }) => {
          const all = names.flat();
          const text = picks.map((pick) => all[pick % all.length]).join(' | ');
          let variant = text.replace(/ /g, space).replace(/'/g, apostrophe).replace(/-/g, dash);
          if (decompose) variant = variant.normalize('NFD');
          const matcher = EntityMatcher.build(patternsOf(names));
          const summary = (t: string) => matcher.findAll(t).map((m) => `${m.entityId}:${m.name}`);
          assert.deepEqual(summary(variant), summary(text));
        },
      ),
      { numRuns: 300 },
    );
  });
});
