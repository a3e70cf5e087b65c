import { strict as assert } from 'node:assert';
import type { EntityRecord } from '../../../src/core/analysis';
import { EntityMatcher, patternsFromEntities, type EntityPattern } from '../../../src/core/entities/matcher';
import type { EntityKind } from '../../../src/core/sidecar/schema';

/** One entity per name unless the name is given as [id, ...names]. */
function matcherFor(...entities: Array<string | string[]>): EntityMatcher {
  return EntityMatcher.build(entities.map((entry) => pattern(entry)));
}

function pattern(entry: string | string[], kind: EntityKind = 'other'): EntityPattern {
  if (typeof entry === 'string') return { entityId: entry, kind, names: [entry] };
  const [entityId, ...names] = entry;
  return { entityId, kind, names };
}

/** The mentions as "text as written" strings, in order. */
function mentions(matcher: EntityMatcher, text: string): string[] {
  return matcher.findAll(text).map((m) => text.slice(m.start, m.end));
}

function mentionedIds(matcher: EntityMatcher, text: string): string[] {
  return matcher.findAll(text).map((m) => m.entityId);
}

describe('EntityMatcher', () => {
  describe('reports', () => {
    it('the entity, its kind, the offsets in the searched text and the catalog name that matched', () => {
      const matcher = EntityMatcher.build([{ entityId: 'iran', kind: 'place', names: ['Iran', 'Islamic Republic'] }]);
      assert.deepEqual(matcher.findAll('Talks with the islamic republic'), [
        { entityId: 'iran', kind: 'place', start: 15, end: 31, name: 'Islamic Republic' },
      ]);
    });

    it('every mention, in text order', () => {
      const matcher = matcherFor('Iran', 'Iraq');
      assert.deepEqual(mentions(matcher, 'Iraq and Iran; later Iran, then Iraq.'), ['Iraq', 'Iran', 'Iran', 'Iraq']);
    });

    it('nothing for an empty catalog or an empty text', () => {
      assert.deepEqual(EntityMatcher.build([]).findAll('Iran'), []);
      assert.deepEqual(matcherFor('Iran').findAll(''), []);
    });

    it('finds aliases as mentions of the same entity', () => {
      const matcher = matcherFor(['irgc', 'Islamic Revolutionary Guard Corps', 'IRGC', 'Sepah']);
      assert.deepEqual(mentionedIds(matcher, 'The IRGC (Sepah), formally the Islamic Revolutionary Guard Corps'), [
        'irgc',
        'irgc',
        'irgc',
      ]);
    });
  });

  describe('longest match wins', () => {
    it('takes "Air India" over "India" where both could start', () => {
      const matcher = matcherFor('India', 'Air India');
      assert.deepEqual(mentionedIds(matcher, 'Air India flew over India.'), ['Air India', 'India']);
      assert.deepEqual(mentions(matcher, 'Air India flew over India.'), ['Air India', 'India']);
    });

    it('takes the leftmost match, so "Air India" hides "India Express" in "Air India Express"', () => {
      const matcher = matcherFor('Air India', 'India Express');
      assert.deepEqual(mentions(matcher, 'Air India Express'), ['Air India']);
    });

    it('falls back to a shorter name when the longer one does not end on a word boundary', () => {
      const matcher = matcherFor('Gulf', 'Gulf of Aden');
      assert.deepEqual(mentions(matcher, 'the Gulf of Adenish coast'), ['Gulf']);
    });

    it('never reports overlapping mentions', () => {
      const matcher = matcherFor('New York', 'York Times', 'New York Times Company', 'Times');
      assert.deepEqual(mentions(matcher, 'New York Times reporters'), ['New York', 'Times']);
    });
  });

  describe('typography', () => {
    it('matches "Côte d’Ivoire" for the name "Côte d\'Ivoire"', () => {
      assert.deepEqual(mentions(matcherFor("Côte d'Ivoire"), 'in Côte d’Ivoire today'), ['Côte d’Ivoire']);
    });

    it('matches "Côte d\'Ivoire" for the name "Côte d’Ivoire"', () => {
      assert.deepEqual(mentions(matcherFor('Côte d’Ivoire'), "in Côte d'Ivoire today"), ["Côte d'Ivoire"]);
    });

    it('matches a non-breaking or thin space in the text for a plain space in the name', () => {
      const matcher = matcherFor('Air India');
      assert.deepEqual(mentions(matcher, 'Air\u00A0India and Air\u202FIndia'), ['Air\u00A0India', 'Air\u202FIndia']);
    });

    it('matches a plain space in the text for a non-breaking space in the name', () => {
      assert.deepEqual(mentions(matcherFor('Air\u00A0India'), 'Air India'), ['Air India']);
    });

    it('matches typographic dashes for a hyphen and a hyphen for a dash', () => {
      assert.deepEqual(mentions(matcherFor('Al-Qaeda'), 'Al\u2011Qaeda, Al\u2013Qaeda'), ['Al\u2011Qaeda', 'Al\u2013Qaeda']);
      assert.deepEqual(mentions(matcherFor('Al\u2010Qaeda'), 'Al-Qaeda'), ['Al-Qaeda']);
    });

    it('matches a run of white space, a line break included, for one space in the name', () => {
      const matcher = matcherFor('Gulf of Aden');
      assert.deepEqual(mentions(matcher, 'the Gulf  of\nAden and the Gulf \t\r\n of Aden'), [
        'Gulf  of\nAden',
        'Gulf \t\r\n of Aden',
      ]);
    });

    it('reads a run of white space in the name as one space', () => {
      assert.deepEqual(mentions(matcherFor('  Gulf   of\tAden '), 'Gulf of Aden'), ['Gulf of Aden']);
    });

    it('matches curly double quotes inside a name for straight ones', () => {
      assert.deepEqual(mentions(matcherFor('Operation "Sindoor"'), 'during Operation “Sindoor” in May'), [
        'Operation “Sindoor”',
      ]);
    });

    it('matches decomposed accents for a precomposed name and the other way round', () => {
      const composed = 'S\u00E3o Paulo';
      const decomposed = 'Sa\u0303o Paulo';
      assert.deepEqual(mentions(matcherFor(composed), `in ${decomposed}.`), [decomposed]);
      assert.deepEqual(mentions(matcherFor(decomposed), `in ${composed}.`), [composed]);
    });
  });

  describe('possessives', () => {
    it('finds "Hamas" in "Hamas’s leaders" and "Hamas\'s", leaving the suffix out of the span', () => {
      const text = 'Hamas’s leaders and Hamas\'s allies';
      const found = matcherFor('Hamas').findAll(text);
      assert.deepEqual(
        found.map((m) => [m.start, m.end, text.slice(m.start, m.end)]),
        [
          [0, 5, 'Hamas'],
          [20, 25, 'Hamas'],
        ],
      );
    });

    it('finds "Iran" in "Iran’s" and in an all-capitals "IRAN’S"', () => {
      assert.deepEqual(mentions(matcherFor('Iran'), 'Iran’s navy; IRAN’S NAVY'), ['Iran', 'IRAN']);
    });

    it('reads the modifier-letter apostrophe "ʼ" as an apostrophe: "Iranʼs" mentions "Iran"', () => {
      assert.deepEqual(mentions(matcherFor('Iran'), 'Iran\u02BCs navy'), ['Iran']);
    });

    it('finds "Venezuelans" in the plural possessive "the Venezuelans\'"', () => {
      assert.deepEqual(mentions(matcherFor('Venezuelans'), "the Venezuelans' votes, the Venezuelans’ votes"), [
        'Venezuelans',
        'Venezuelans',
      ]);
    });

    it('finds a multi-word name before a possessive', () => {
      assert.deepEqual(mentions(matcherFor('Air India'), 'Air India’s fleet'), ['Air India']);
    });

    it('does not read an apostrophe between letters as a boundary: no "Brien" in "O\'Brien", no "O" either', () => {
      const matcher = matcherFor('Brien', 'O', 'Ivoire');
      assert.deepEqual(mentions(matcher, "O'Brien, O’Brien and d’Ivoire"), []);
    });

    it('does not take a contraction for a possessive: no "Iran" in "Iran’d"', () => {
      assert.deepEqual(mentions(matcherFor('Iran'), 'Iran’d'), []);
    });

    it('still finds a name quoted in single quotes', () => {
      assert.deepEqual(mentions(matcherFor('Iran'), "the word 'Iran' and ‘Iran’"), ['Iran', 'Iran']);
    });
  });

  describe('word boundaries', () => {
    it('matches "São Paulo" but not "Paulo" inside "Paulopolis"', () => {
      const matcher = matcherFor('São Paulo', 'Paulo');
      assert.deepEqual(mentions(matcher, 'São Paulo, Paulopolis, Paulo'), ['São Paulo', 'Paulo']);
    });

    it('does not match "Iran" inside "Iranian", but matches "Iranian" when it is an alias', () => {
      assert.deepEqual(mentions(matcherFor('Iran'), 'an Iranian drone'), []);
      assert.deepEqual(mentionedIds(matcherFor(['iran', 'Iran', 'Iranian']), 'an Iranian drone over Iran'), ['iran', 'iran']);
    });

    it('does not match a name that ends inside a word of another script ("Iran" in "Iranск")', () => {
      assert.deepEqual(mentions(matcherFor('Iran'), 'Iranск Iranı'), []);
    });

    it('does not match a name that starts inside a word ("India" in "Indiana", "dia" in "India")', () => {
      assert.deepEqual(mentions(matcherFor('dia', 'India'), 'Indiana and India'), ['India']);
    });

    it('does not match before a combining mark, which belongs to the word', () => {
      assert.deepEqual(mentions(matcherFor('Iran'), 'Irane\u0301 Iran\u0301'), []);
    });

    it('treats a letter outside the Basic Multilingual Plane as part of the word', () => {
      // U+20000 is a CJK ideograph written as a surrogate pair.
      assert.deepEqual(mentions(matcherFor('Iran'), 'Iran\u{20000} \u{20000}Iran'), []);
    });

    it('treats a hyphen as a boundary: "Iran-backed" and "anti-Iran" mention Iran', () => {
      assert.deepEqual(mentions(matcherFor('Iran'), 'Iran-backed and anti-Iran'), ['Iran', 'Iran']);
    });

    it('finds names next to emoji, flags and placeholder characters', () => {
      const matcher = matcherFor('Iran', 'Ukraine');
      assert.deepEqual(mentions(matcher, '🇮🇷Iran🇮🇷 and 😀Ukraine\uE000 and \uFFFCIran'), ['Iran', 'Ukraine', 'Iran']);
    });

    it('reports offsets in UTF-16 units after astral characters', () => {
      const text = '😀😀 Iran';
      const [match] = matcherFor('Iran').findAll(text);
      assert.equal(match.start, 5);
      assert.equal(match.end, 9);
    });

    it('requires a digit boundary too: "Boeing 747" is not found in "Boeing 7478" but is in "Boeing 747-8"', () => {
      assert.deepEqual(mentions(matcherFor('Boeing 747'), 'Boeing 7478, Boeing 747-8'), ['Boeing 747']);
    });
  });

  describe('capitalisation', () => {
    it('ignores case in a multi-word name: "Gulf Of Aden" and "GULF OF ADEN" match "Gulf of Aden"', () => {
      assert.deepEqual(mentions(matcherFor('Gulf of Aden'), 'Gulf Of Aden, GULF OF ADEN, gulf of aden'), [
        'Gulf Of Aden',
        'GULF OF ADEN',
        'gulf of aden',
      ]);
    });

    it('counts hyphenated and dotted names as several words: "al-Qaeda" matches "Al-Qaeda"', () => {
      assert.deepEqual(mentions(matcherFor('Al-Qaeda'), 'al-Qaeda and AL-QAEDA'), ['al-Qaeda', 'AL-QAEDA']);
    });

    it('matches "the Hague" for the name "The Hague"', () => {
      assert.deepEqual(mentions(matcherFor('The Hague'), 'a court in the Hague'), ['the Hague']);
    });

    it('keeps the case of an acronym inside a multi-word name: "IRGC Navy" is not "irgc navy"', () => {
      assert.deepEqual(mentions(matcherFor('IRGC Navy'), 'irgc navy, Irgc Navy, IRGC navy, IRGC NAVY'), [
        'IRGC navy',
        'IRGC NAVY',
      ]);
    });

    it('matches acronyms exactly: "WHO" is not "who" or "Who", "IRGC" is not "Irgc"', () => {
      assert.deepEqual(mentions(matcherFor('WHO', 'IRGC'), 'who said WHO? Who knows. Irgc, irgc, IRGC'), ['WHO', 'IRGC']);
    });

    it('matches a short acronym exactly: "US" is not "us", "UK" is found', () => {
      assert.deepEqual(mentions(matcherFor('US', 'UK'), 'tell us about the US and the UK'), ['US', 'UK']);
    });

    it('requires a one-word name as written: "Bush" is not "bush", "Turkey" is not "turkey"', () => {
      const matcher = matcherFor('Bush', 'Turkey', 'Chase');
      assert.deepEqual(mentions(matcher, 'a bush, roast turkey, a car chase; Bush in Turkey with Chase'), [
        'Bush',
        'Turkey',
        'Chase',
      ]);
    });

    it('also matches a one-word name in all capitals: "GHASEMI" in a shouted heading', () => {
      assert.deepEqual(mentions(matcherFor('Ghasemi'), 'INTERVIEW WITH GHASEMI'), ['GHASEMI']);
    });

    it('does not match a one-word name with other capitals: "Ghasemi" is not "gHasemi" or "GHasemi"', () => {
      assert.deepEqual(mentions(matcherFor('Ghasemi'), 'gHasemi GHasemi ghasemi'), []);
    });

    it('keeps inner capitals of a one-word name: "McCain" is not "Mccain", but "MCCAIN" is', () => {
      assert.deepEqual(mentions(matcherFor('McCain'), 'Mccain MCCAIN McCain'), ['MCCAIN', 'McCain']);
    });

    it('lets a lower-case one-word name take a capital first letter at the start of a sentence', () => {
      assert.deepEqual(mentions(matcherFor('bitcoin'), 'Bitcoin fell. Then bitcoin rose. BITCOIN! bitCoin'), [
        'Bitcoin',
        'bitcoin',
        'BITCOIN',
      ]);
    });

    it('keeps non-ASCII capitals: "Ørsted" matches "ØRSTED" but not "ørsted"', () => {
      assert.deepEqual(mentions(matcherFor('Ørsted'), 'ørsted ØRSTED Ørsted'), ['ØRSTED', 'Ørsted']);
    });
  });

  describe('short names and ordinary words', () => {
    it('finds a one-letter name the writer listed, as written and as a whole word', () => {
      assert.deepEqual(mentions(matcherFor('X'), 'posted on X, not x, nor in Xi'), ['X']);
    });

    it('accepts the risk of a one-letter name: a hyphen is a boundary, so "X-ray" mentions "X"', () => {
      assert.deepEqual(mentions(matcherFor('X'), 'an X-ray'), ['X']);
    });

    it('finds a lower-case ordinary word the writer listed as an alias', () => {
      assert.deepEqual(mentionedIds(matcherFor(['fed', 'Federal Reserve', 'the central bank']), 'The Central Bank said'), [
        'fed',
      ]);
    });
  });

  describe('names with punctuation', () => {
    it('finds "Fars Air Qeshm", "Boeing 747" and "AT&T"', () => {
      const matcher = matcherFor('Fars Air Qeshm', 'Boeing 747', 'AT&T');
      assert.deepEqual(mentions(matcher, 'A Fars Air Qeshm Boeing 747 rented from AT&T.'), [
        'Fars Air Qeshm',
        'Boeing 747',
        'AT&T',
      ]);
    });

    it('finds "U.S. Treasury" and a name ending in a dot at the end of a sentence', () => {
      const matcher = matcherFor('U.S. Treasury', 'U.S.');
      assert.deepEqual(mentions(matcher, 'The U.S. Treasury sanctioned it. So did the U.S.'), ['U.S. Treasury', 'U.S.']);
    });

    it('keeps the case of a dotted acronym: "U.S." is not "u.s."', () => {
      assert.deepEqual(mentions(matcherFor('U.S.'), 'u.s. U.S.'), ['U.S.']);
    });

    it('finds a name that begins with punctuation: "’Ndrangheta" for "\'Ndrangheta"', () => {
      assert.deepEqual(mentions(matcherFor("'Ndrangheta"), 'the ’Ndrangheta clan'), ['’Ndrangheta']);
    });

    it('lets a name that begins with punctuation begin right after a word, as \\b would: ".NET" in "ASP.NET"', () => {
      assert.deepEqual(mentions(matcherFor('.NET'), 'ASP.NET and .NET'), ['.NET', '.NET']);
    });

    it('finds a name wrapped in punctuation with a superscript digit: "(ISC)²"', () => {
      assert.deepEqual(mentions(matcherFor('(ISC)²'), 'certified by (ISC)², not (ISC)²x'), ['(ISC)²']);
    });

    it('finds a name that ends with punctuation right before a letter: "Yahoo!" in "Yahoo!Mail"', () => {
      assert.deepEqual(mentions(matcherFor('Yahoo!'), 'Yahoo!Mail and Yahoo!'), ['Yahoo!', 'Yahoo!']);
    });

    it('finds a name that contains an emoji', () => {
      assert.deepEqual(mentions(matcherFor('Team 🚀'), 'with Team 🚀 today'), ['Team 🚀']);
    });
  });

  describe('catalog problems', () => {
    it('ignores empty and white-space-only names', () => {
      const matcher = matcherFor(['iran', '', '   ', '\u00A0', '\n', 'Iran']);
      assert.equal(matcher.nameCount, 1);
      assert.deepEqual(mentions(matcher, '  Iran \u00A0 \n '), ['Iran']);
    });

    it('counts a name listed twice for one entity once and reports no conflict', () => {
      const matcher = matcherFor(['iran', 'Iran', 'Iran', 'Iran\u00A0']);
      assert.equal(matcher.nameCount, 1);
      assert.deepEqual(matcher.conflicts, []);
    });

    it('gives a name claimed by two entities to the one listed first and reports the conflict', () => {
      const matcher = matcherFor(['georgia-country', 'Georgia'], ['georgia-state', 'Georgia', 'Peach State']);
      assert.deepEqual(mentionedIds(matcher, 'Georgia, the Peach State'), ['georgia-country', 'georgia-state']);
      assert.deepEqual(matcher.conflicts, [
        {
          name: 'Georgia',
          claimants: [
            { entityId: 'georgia-country', name: 'Georgia' },
            { entityId: 'georgia-state', name: 'Georgia' },
          ],
        },
      ]);
    });

    it('reports names that differ only in typography or case as one conflict', () => {
      const matcher = matcherFor(['a', 'Côte d’Ivoire'], ['b', "CÔTE D'IVOIRE", "côte d'ivoire"]);
      assert.equal(matcher.conflicts.length, 1);
      assert.deepEqual(
        matcher.conflicts[0].claimants.map((c) => c.entityId),
        ['a', 'b'],
      );
    });

    it('gives a mention to the later claimant when only its spelling matches exactly: "WHO" vs "Who"', () => {
      const matcher = matcherFor(['the-who', 'Who'], ['who', 'WHO']);
      assert.deepEqual(mentionedIds(matcher, 'the WHO and the Who'), ['who', 'the-who']);
    });

    it('reports the alias that matched, not the entity name', () => {
      const [match] = matcherFor(['uae', 'United Arab Emirates', 'UAE']).findAll('the UAE');
      assert.equal(match.name, 'UAE');
    });
  });

  describe('patternsFromEntities', () => {
    it('lists each entity’s name then its aliases, in catalog order', () => {
      const origin = { uri: 'file:///a.sources.yaml', keySpan: { start: 0, end: 0 }, span: { start: 0, end: 0 } };
      const records: EntityRecord[] = [
        { id: 'iran', entity: { name: 'Iran', kind: 'place', aliases: ['Islamic Republic'] }, origin },
        { id: 'who', entity: { name: 'WHO', kind: 'organization' }, origin },
      ];
      assert.deepEqual(patternsFromEntities(records), [
        { entityId: 'iran', kind: 'place', names: ['Iran', 'Islamic Republic'] },
        { entityId: 'who', kind: 'organization', names: ['WHO'] },
      ]);
    });
  });

  describe('scale', () => {
    it('finds every one of 5,000 distinct names in one pass', () => {
      const patterns: EntityPattern[] = [];
      const words: string[] = [];
      for (let i = 0; i < 5000; i++) {
        const name = `Entity${i.toString(36)} Group`;
        patterns.push({ entityId: `e${i}`, kind: 'organization', names: [name] });
        words.push(name);
      }
      const text = words.join(', and ');
      const found = EntityMatcher.build(patterns).findAll(text);
      assert.equal(found.length, 5000);
      assert.deepEqual(
        found.map((m) => m.entityId),
        patterns.map((p) => p.entityId),
      );
    });
  });
});
