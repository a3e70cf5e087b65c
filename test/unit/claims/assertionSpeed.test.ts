/**
 * The detector's fast paths agree with plain reference implementations on random input: the shared word
 * split, the finders appending to the sentence's list of cues, the lexical features (both families), the names cue, the hand weights' sums, the model's sum, the tidied
 * cue labels, the order of the reported cues, the detector's verdict with the names cue looked for only when reported,
 * and the ASCII twins of the Unicode regexes. The references are the straightforward versions the fast code replaced.
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import {
  findActorActions,
  findAttributions,
  findCausal,
  findChanges,
  findComparisons,
  findDates,
  findFindings,
  findHedges,
  findNames,
  findNumbers,
  findQuotations,
  findStatements,
  type CueMatch,
  type Damper,
} from '../../../src/core/claims/assertionCues';
import { CLOSED_CLASS_BUCKETS, OPEN_VOCABULARY_BUCKETS, lexicalFeatures, lexicalTokens, openVocabularyFeatures, stemOf, tokenName } from '../../../src/core/claims/assertionLexicon';
import { asciiTwins, onlyAsciiLettersAndDigits, UnicodeRegExp, wordsOf } from '../../../src/core/claims/assertionWords';
import {
  detectAssertion,
  isJudged,
  modelLogOdds,
  SENSITIVITY_THRESHOLDS,
  ruleLogOdds,
  scoreSentence,
  sentenceEvidence,
  type AssertionModel,
} from '../../../src/core/claims/assertions';
import modelFile from '../../../src/core/claims/assertionModel.json';
import { assertionFeatures, CUE_KINDS, DAMPER_KINDS } from '../../../src/core/claims/assertionFeatures';

/** Pieces that exercise the detector's corners: dots, apostrophes, digits, capitals, non-ASCII case mapping, placeholders. */
const PIECES = [
  'The', 'minister', 'said', 'officials', 'reported', '40', '3.5', '3.5%', '1,200', '$', '€', 'in', '2019', '1990s', 'March', 'May',
  '“', '”', '"', "'", '’', '?', '.', ',', ';', ':', '!', '(', ')', '—', ' ', '  ', '\t', '\n', '\u00a0', 'et al.', 'led to',
  'the largest', 'most', 'than', 'more', 'A380', 'COVID-19', 'DeepCpG', 'NASA', 'U.S.', 'e.g.', 'x.y.is', 'a.b', 'no.', '\uE000',
  '\uFFFC', 'allegedly', 'We', 'I', "I'm", 'don’t', "isn't", 'there', "there's", 'seems', 'rose', 'has', 'been', 'shown',
  'study', 'found', 'that', 'İstanbul', 'İ', 'ß', 'STRASSE', 'Σίσυφος', 'ΣΑΣ', 'ǅ', 'K', 'ſtate', 'Ω', 'é', 'e\u0301', '１２', '٣',
  '𝐀𝐁', '😀', '\ud800', 'well-known', 'state-owned', "minister's", 'Boeing', 'resigned', 'quickly', 'used', 'trained',
  'Ⓐ', 'Ⅻ', 'x1', 'a-5', 'o’3', 'iPhone', 'largest', 'LATEST', 'interest', 'there', 'is', 'have', 'never', 'been', 'asked', 'my',
  'we', 'you', 'if', "didn't", 'I’m', 'i',
];

const sentence = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.array(fc.constantFrom(...PIECES), { maxLength: 30 }).map((pieces) => pieces.join(' ')),
  fc.array(fc.constantFrom(...PIECES), { maxLength: 30 }).map((pieces) => pieces.join('')),
);

/** The word split as first written: matchAll, a match object per word. */
function referenceWords(text: string): Array<{ lower: string; start: number; end: number }> {
  const WORD = /[\p{L}\p{N}]+(?:['’\-.][\p{L}\p{N}]+)*/gu;
  const words: Array<{ lower: string; start: number; end: number }> = [];
  for (const match of text.matchAll(WORD)) {
    let value = match[0];
    let end = match.index + value.length;
    if (value.includes('.') && !/^(?:\p{L}\.)+\p{L}$/u.test(value)) {
      const firstDot = value.indexOf('.');
      if (!/^\d+\.\d+$/.test(value)) {
        value = value.slice(0, firstDot);
        end = match.index + value.length;
        words.push({ lower: value.toLowerCase().replace(/’/g, "'"), start: match.index, end });
        const rest = match[0].slice(firstDot + 1);
        for (const inner of rest.matchAll(WORD)) {
          const innerStart = match.index + firstDot + 1 + inner.index;
          words.push({ lower: inner[0].toLowerCase().replace(/’/g, "'"), start: innerStart, end: innerStart + inner[0].length });
        }
        continue;
      }
    }
    words.push({ lower: value.toLowerCase().replace(/’/g, "'"), start: match.index, end });
  }
  return words;
}

/** The cues the hand weights ignore (assertions.ts's MODEL_ONLY_CUES), written out again. */
const MODEL_ONLY: ReadonlySet<string> = new Set(['statement', 'record', 'names']);

/** The token ids by name, read back through `tokenName`. */
const TOKEN_IDS = new Map<string, number>();
for (let id = 0; tokenName(id) !== '?'; id++) TOKEN_IDS.set(tokenName(id), id);

function referenceShape(original: string, lower: string, first: boolean): string {
  const isDigit = (code: number): boolean => code >= 48 && code <= 57;
  const isUpper = (c: string): boolean => c !== c.toLowerCase();
  const isLower = (c: string): boolean => c !== c.toUpperCase();
  if (isDigit(lower.charCodeAt(0))) return lower.length === 4 && /^(1[5-9]|20)\d\d$/.test(lower) ? '<year>' : '<num>';
  const capitalised = isUpper(original[0]);
  if (capitalised && original.length >= 2 && original === original.toUpperCase()) return '<acronym>';
  for (let i = 1; i < original.length; i++) {
    if ((isDigit(original.charCodeAt(i)) && !isDigit(original.charCodeAt(i - 1))) || (isUpper(original[i]) && isLower(original[i - 1]))) return '<acronym>';
  }
  if (capitalised && !first) return '<name>';
  if (lower.length > 4 && lower.endsWith('ed')) return '<ed>';
  if (lower.length > 5 && lower.endsWith('ing')) return '<ing>';
  if (lower.length > 4 && lower.endsWith('ly')) return '<ly>';
  if (lower.length > 3 && lower.endsWith('s') && !lower.endsWith('ss')) return '<s>';
  return '<word>';
}

function referenceTokens(text: string): number[] {
  const words = referenceWords(text);
  const tokens = [TOKEN_IDS.get('<start>')!];
  words.forEach(({ lower, start, end }, i) => {
    const known = TOKEN_IDS.get(lower);
    tokens.push(known !== undefined ? known : TOKEN_IDS.get(referenceShape(text.slice(start, end), lower, i === 0))!);
  });
  tokens.push(TOKEN_IDS.get('<end>')!);
  return tokens;
}

function referenceBucket(family: number, first: number, second = 0): number {
  let hash = Math.imul(family + 1, 0x9e3779b1) ^ Math.imul(first + 1, 0x85ebca6b) ^ Math.imul(second + 1, 0xc2b2ae35);
  hash ^= hash >>> 15;
  hash = Math.imul(hash, 0x2c1b3c6d);
  hash ^= hash >>> 12;
  return (hash >>> 0) % CLOSED_CLASS_BUCKETS;
}

const PUNCTUATION = ['"“”', '()', ':', ';', '—–', '!', '%', '$€£¥'];

function referenceLexicalFeatures(text: string): number[] {
  const tokens = referenceTokens(text);
  const active = new Set<number>();
  for (let i = 1; i < tokens.length - 1; i++) active.add(referenceBucket(1, tokens[i]));
  for (let i = 1; i < tokens.length; i++) active.add(referenceBucket(2, tokens[i - 1], tokens[i]));
  if (tokens.length > 2) active.add(referenceBucket(3, tokens[1]));
  if (tokens.length > 3) active.add(referenceBucket(4, tokens[1], tokens[2]));
  for (let i = 0; i < text.length; i++) {
    const index = PUNCTUATION.findIndex((characters) => characters.includes(text[i]));
    if (index >= 0) active.add(referenceBucket(5, index));
  }
  // The open-vocabulary family, after the closed-class one: each distinct stem once.
  const open = new Set<number>();
  for (const { lower } of referenceWords(text)) open.add(CLOSED_CLASS_BUCKETS + (referenceFnv1a(referenceStem(lower)) % OPEN_VOCABULARY_BUCKETS));
  return [...active, ...open];
}

/** The stemmer of the open-vocabulary family as first written: string slices. */
function referenceStem(lower: string): string {
  if (lower.length === 0) return lower;
  if (/^\d/.test(lower)) return '#';
  if (lower.length > 5 && lower.endsWith('ing')) return lower.slice(0, -3);
  if (lower.length > 4 && (lower.endsWith('ed') || lower.endsWith('ly') || lower.endsWith('es'))) return lower.slice(0, -2);
  if (lower.length > 3 && lower.endsWith('s') && !lower.endsWith('ss')) return lower.slice(0, -1);
  return lower;
}

function referenceFnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

function referenceRuleLogOdds(cues: readonly CueMatch[], dampers: readonly Damper[]): number {
  const specific = cues.filter((c) => !MODEL_ONLY.has(c.kind));
  if (specific.length === 0) return -Infinity;
  const byKind = new Map<string, number[]>();
  for (const c of specific) byKind.set(c.kind, [...(byKind.get(c.kind) ?? []), c.weight]);
  let evidence = 0;
  for (const weights of byKind.values()) {
    weights.sort((a, b) => b - a);
    evidence += weights[0];
    for (let i = 1; i < weights.length; i++) evidence += weights[i] * 0.25;
  }
  const strongest = new Map<string, number>();
  for (const d of dampers) strongest.set(d.kind, Math.max(strongest.get(d.kind) ?? 0, d.weight));
  let damping = 0;
  for (const weight of strongest.values()) damping += weight;
  return -1.5 + Math.min(evidence, 5) - damping;
}

function referenceTidy(text: string, start: number, end: number, maxLength: number): string {
  let trigger = text.slice(start, end).replace(/[\uE000\uFFFC]/g, '').replace(/\s+/g, ' ').trim();
  if (trigger.length > maxLength) trigger = `${trigger.slice(0, maxLength - 1).trimEnd()}…`;
  return trigger;
}

/** The names cue as first written: a regex per word and the first character's case mapping, on the reference split. */
function referenceNames(text: string): Array<{ start: number; end: number }> {
  const PARTICLES = new Set(['of', 'de', 'del', 'der', 'di', 'da', 'la', 'le', 'van', 'von', 'bin', 'al']);
  const words = referenceWords(text);
  const found: Array<{ start: number; end: number }> = [];
  let runStart = -1;
  let runEnd = -1;
  const flush = (): void => {
    if (runStart >= 0) found.push({ start: runStart, end: runEnd });
    runStart = -1;
  };
  const isName = (i: number): boolean => {
    const { lower, start } = words[i];
    const first = text[start];
    return (i > 0 && first !== first.toLowerCase() && lower !== 'i' && !lower.startsWith("i'")) || /\p{L}\d/u.test(lower);
  };
  for (let i = 0; i < words.length; i++) {
    const { lower, start, end } = words[i];
    const next = words[i + 1];
    const particle = runStart >= 0 && start - runEnd <= 1 && PARTICLES.has(lower) && next !== undefined && next.start - end <= 1 && isName(i + 1);
    if (particle || isName(i)) {
      if (runStart >= 0 && start - runEnd <= 1) runEnd = end;
      else {
        flush();
        runStart = start;
        runEnd = end;
      }
    } else flush();
  }
  flush();
  return found;
}

/**
 * The sentence-shape features from first-person-singular to acronym, in feature order, as the loop that tested
 * every word against every word set computed them (before the union of the words' classes answered the set tests).
 */
function referenceShapeFlags(text: string): number[] {
  const sets = {
    firstPlural: new Set(['we', 'us', 'our', 'ours', 'ourselves', "we're", "we've", "we'd", "we'll"]),
    second: new Set(['you', 'your', 'yours', 'yourself', "you're", "you've", "you'd", "you'll"]),
    firstSingularLower: new Set(['me', 'my', 'mine', 'myself']),
    negation: new Set(['not', 'never', 'no', 'none', 'nobody', 'nothing', 'cannot']),
    copula: new Set(['is', 'are', 'was', 'were', 'am', 'be', "it's", "that's", "there's", "they're", "he's", "she's"]),
    conditional: new Set(['if', 'unless', 'whether']),
    past: new Set(['was', 'were', 'had', 'did']),
    perfect: new Set(['has', 'have', 'had']),
    passive: new Set(['is', 'are', 'was', 'were', 'be', 'been', 'being']),
    skippable: new Set(['not', 'also', 'already', 'recently', 'been', 'never', 'just']),
    possessionExcluded: new Set(['been', 'to', 'not']),
    existential: new Set(['is', 'are', 'was', 'were', 'have', 'has']),
  };
  const isUpper = (c: string): boolean => c !== c.toLowerCase() && c === c.toUpperCase();
  const words = wordsOf(text);
  let firstSingular = false, firstPlural = false, second = false, negation = false, copula = false, conditional = false;
  let past = false, presentPerfect = false, passive = false, existential = false, possession = false, acronym = false, properName = false;
  for (let i = 0; i < words.length; i++) {
    const { lower, start, end, hasCapital } = words[i];
    const next = words[i + 1]?.lower;
    if (lower === 'i' || lower.startsWith("i'")) firstSingular ||= text[start] === 'I';
    else if (sets.firstSingularLower.has(lower)) firstSingular = true;
    if (sets.firstPlural.has(lower)) firstPlural = true;
    if (sets.second.has(lower)) second = true;
    if (sets.negation.has(lower) || lower.endsWith("n't")) negation = true;
    if (sets.copula.has(lower)) copula = true;
    if (sets.conditional.has(lower)) conditional = true;
    if (sets.past.has(lower) || /^[a-z]{3,}ed$/.test(lower)) past = true;
    if (sets.perfect.has(lower)) {
      let k = i + 1;
      while (k < words.length && sets.skippable.has(words[k].lower)) k++;
      if (k < words.length && /^[a-z]{2,}(?:ed|en|wn|ught|ne)$/.test(words[k].lower)) presentPerfect = true;
      if (next === undefined || !sets.possessionExcluded.has(next)) possession = true;
    }
    if (sets.passive.has(lower) && next !== undefined) {
      const participle = next.endsWith('ly') ? words[i + 2]?.lower : next;
      if (participle !== undefined && /^[a-z]{3,}(?:ed|en)$/.test(participle)) passive = true;
    }
    if ((lower === 'there' && next !== undefined && sets.existential.has(next)) || lower === "there's") existential = true;
    const initialUpper = hasCapital && isUpper(text[start]);
    if (initialUpper && end - start >= 2 && isUpper(text[end - 1]) && isUpper(text[start + 1])) acronym = true;
    if (i > 0 && initialUpper && lower !== 'i') properName = true;
  }
  // In feature order: first-person-singular … acronym, then existential (third-person-subject comes from a regex).
  return [firstSingular, firstPlural, second, past, presentPerfect, passive, negation, copula, properName, acronym, existential, conditional, possession].map(Number);
}

describe('assertion detector fast paths', () => {
  it('computes the sentence-shape features as testing every word against every word set did', () => {
    const at = 2 * CUE_KINDS.length + DAMPER_KINDS.length;
    // Words of every set, their neighbours and look-alikes, so that each flag is often set and often not.
    const setWords = fc
      .array(
        fc.constantFrom(
          'we', 'us', "we're", 'you', "you'll", 'me', 'my', 'myself', 'not', 'never', 'nothing', 'cannot', "isn't", 'don’t', 'is', 'are',
          'am', "it's", "there's", 'there', 'if', 'unless', 'whether', 'was', 'were', 'had', 'did', 'has', 'have', 'been', 'being', 'be',
          'also', 'already', 'just', 'to', 'asked', 'shown', 'taught', 'done', 'quickly', 'sold', 'I', 'i', "I'm", 'I’ve', 'NASA', 'Boeing',
          'A380', 'x', 'ed', 'shed', 'the', 'ship', '.', ',', 'Is', 'WE', 'There',
        ),
        { maxLength: 14 },
      )
      .map((words) => words.join(' '));
    fc.assert(
      fc.property(fc.oneof(sentence, setWords), (text) => {
        const f = assertionFeatures(text, [], []);
        const computed = [f[at], f[at + 1], f[at + 2], f[at + 4], f[at + 5], f[at + 6], f[at + 7], f[at + 8], f[at + 9], f[at + 10], f[at + 11], f[at + 16], f[at + 17]];
        assert.deepEqual(computed, referenceShapeFlags(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('finds a word ending in "est", a letter or mark before a digit, or a lower-case letter before a capital only where the sentence has one', () => {
    // What the sentence-wide tests in front of the per-word ones rely on (assertionCues.ts, assertionLexicon.ts).
    fc.assert(
      fc.property(sentence, (text) => {
        const words = wordsOf(text);
        if (words.some((word) => word.lower.endsWith('est'))) assert.ok(/est/i.test(text));
        if (words.some((word) => /\D\d/.test(word.lower))) assert.ok(/(?!\d)[\p{L}\p{N}'’.\-]\d/u.test(text));
        if (onlyAsciiLettersAndDigits(text) && words.some((word) => /[a-z][A-Z]/.test(text.slice(word.start, word.end)))) assert.ok(/[a-z][A-Z]/.test(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('splits words as the matchAll version did, with a capital flag that lower-casing gives away', () => {
    fc.assert(
      fc.property(sentence, (text) => {
        const words = wordsOf(text);
        assert.deepEqual(words.map(({ lower, start, end }) => ({ lower, start, end })), referenceWords(text));
        for (const word of words) assert.equal(word.hasCapital, text.slice(word.start, word.end).toLowerCase() !== text.slice(word.start, word.end));
      }),
      { numRuns: 3000 },
    );
  });

  it('appends to one list of cues what each finder finds on its own, in the finders\' order and inside the sentence', () => {
    // The finders used to return lists of their own, which were appended after a check that each cue's span lies
    // inside the sentence; they now append to the sentence's list and look only at their own cues in it.
    const finders = [findNumbers, findDates, findAttributions, findHedges, findQuotations, findComparisons, findChanges, findCausal, findActorActions, findFindings, findStatements];
    fc.assert(
      fc.property(sentence, (raw) => {
        // Placeholders are blanked before the cues are looked for: the finders are given the text the cues see.
        const text = raw.replace(/[\uE000\uFFFC]/g, ' ');
        const expected: CueMatch[] = [];
        for (const find of [...finders, findNames]) {
          for (const cue of find(text)) {
            assert.ok(cue.start >= 0 && cue.start < cue.end && cue.end <= text.length, JSON.stringify({ text, cue }));
            expected.push(cue);
          }
        }
        // scoreSentence appends the names last; consensus has no finder of its own to compare with.
        const found = scoreSentence(text).cues.filter((cue) => cue.kind !== 'consensus');
        assert.deepEqual(found, expected);
      }),
      { numRuns: 3000 },
    );
  });

  it('computes the lexical tokens and active buckets of the Set-based version, in the same order', () => {
    fc.assert(
      fc.property(sentence, (text) => {
        assert.deepEqual(lexicalTokens(text), referenceTokens(text));
        assert.deepEqual(lexicalFeatures(text), referenceLexicalFeatures(text));
        // Alone, the open-vocabulary family is the tail of the reference list (its buckets follow the closed-class ones).
        assert.deepEqual(openVocabularyFeatures(text), referenceLexicalFeatures(text).filter((bucket) => bucket >= CLOSED_CLASS_BUCKETS));
      }),
      { numRuns: 3000 },
    );
  });

  it('stems as the slicing version did, by character codes', () => {
    const ending = fc.constantFrom('', 's', 'ss', 'es', 'ed', 'ly', 'ing', 'ings', 'g', 'ng', 'y', 'd');
    fc.assert(
      fc.property(fc.string({ maxLength: 8 }), ending, (stem, end) => {
        const lower = (stem + end).toLowerCase();
        assert.equal(stemOf(lower), referenceStem(lower));
      }),
      { numRuns: 5000 },
    );
  });

  it('finds the names the per-word regex version found, skipping words without a capital and sentences without a digit', () => {
    const named = fc.oneof(
      sentence,
      fc.array(fc.constantFrom(...PIECES, 'of', 'bin', 'del', 'Department', 'Justice', 'Ciudad', 'Este', 'Mohammed', 'Salman', 'H1N1', 'ÉCOLE', 'Ärzte'), { maxLength: 30 })
        .map((pieces) => pieces.join(' ')),
    );
    fc.assert(
      fc.property(named, (text) => {
        assert.deepEqual(findNames(text).map(({ start, end }) => ({ start, end })), referenceNames(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('sums the hand weights as the map-based version did, bit for bit', () => {
    const kinds = fc.constantFrom('number', 'date', 'attribution', 'hedge', 'comparison', 'causal', 'statement', 'record', 'names');
    const weights = fc.oneof(fc.constantFrom(0, 0.1, 0.6, 0.8, 1.1, 1.3, 1.6, 2.4), fc.double({ min: 0, max: 3, noNaN: true }));
    const cue = fc.record({ kind: kinds, label: fc.constant('x'), start: fc.nat(50), end: fc.nat(50), weight: weights });
    const damper = fc.record({
      kind: fc.constantFrom<Damper['kind']>('framing', 'opinion', 'speculation', 'imperative', 'first-person'),
      start: fc.nat(50),
      end: fc.nat(50),
      weight: weights,
    });
    fc.assert(
      fc.property(fc.array(cue, { maxLength: 12 }), fc.array(damper, { maxLength: 8 }), (cues, dampers) => {
        assert.ok(Object.is(ruleLogOdds({ cues, dampers }), referenceRuleLogOdds(cues, dampers)));
      }),
      { numRuns: 3000 },
    );
  });

  it('sums the model as a plain loop over every feature does, bit for bit', () => {
    const model = modelFile as AssertionModel;
    fc.assert(
      fc.property(sentence, (text) => {
        const evidence = sentenceEvidence(text);
        let expected = model.bias;
        for (let i = 0; i < evidence.features.length; i++) expected += model.weights[i] * evidence.features[i];
        for (const bucket of evidence.lexical) expected += model.lexical!.weights[bucket];
        assert.ok(Object.is(modelLogOdds(evidence, model), expected));
      }),
      { numRuns: 2000 },
    );
  });

  it('tidies cue labels as the three regex passes did', () => {
    fc.assert(
      fc.property(sentence, (text) => {
        const visible = text.replace(/[\uE000\uFFFC]/g, ' ');
        for (const c of sentenceEvidence(text).cues) {
          const quoted = c.kind === 'quotation' ? referenceTidy(visible, c.start + 1, c.end - 1, 40) : referenceTidy(visible, c.start, c.end, 48);
          assert.ok(c.label.endsWith(`: "${quoted}"`), JSON.stringify({ label: c.label, quoted }));
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('reports the cues strongest first without overlaps, as the sort-based version did', () => {
    fc.assert(
      fc.property(sentence, (text) => {
        const detected = detectAssertion(text, { sensitivity: 'high' });
        if (!detected) return;
        const { cues, confidence } = scoreSentence(text);
        const specific = cues.filter((c) => !MODEL_ONLY.has(c.kind));
        const sorted = [...(specific.length > 0 ? specific : cues)].sort((a, b) => b.weight - a.weight || a.start - b.start);
        const kept: CueMatch[] = [];
        for (const c of sorted) if (!kept.some((k) => k.start < c.end && c.start < k.end)) kept.push(c);
        assert.deepEqual(detected.cues, kept.map(({ kind, label, start, end }) => ({ kind, label, start, end })));
        assert.equal(detected.confidence, Math.round(confidence * 1000) / 1000);
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps `names` out of the feature kinds, so names cues can only change what is reported', () => {
    // detectAssertion looks for names only when it reports them; a names feature would make that wrong.
    assert.ok(!(CUE_KINDS as readonly string[]).includes('names'));
  });

  it('judges as scoring every cue does, though it looks for names only when they are reported', () => {
    const named = fc.oneof(
      sentence,
      fc.array(fc.constantFrom(...PIECES, 'Mohammed', 'bin', 'Salman', 'pledged', 'H1N1', 'G20', 'A1', 'ÉCOLE', 'ships', 'is', 'are'), { maxLength: 30 })
        .map((pieces) => pieces.join(' ')),
    );
    fc.assert(
      fc.property(named, fc.constantFrom<'low' | 'medium' | 'high'>('low', 'medium', 'high'), (text, sensitivity) => {
        const detected = detectAssertion(text, { sensitivity });
        if (!isJudged(text)) return assert.equal(detected, undefined);
        const { cues, confidence } = scoreSentence(text);
        if (cues.length === 0 || confidence < SENSITIVITY_THRESHOLDS[sensitivity]) return assert.equal(detected, undefined);
        const specific = cues.filter((c) => !MODEL_ONLY.has(c.kind));
        const sorted = [...(specific.length > 0 ? specific : cues)].sort((a, b) => b.weight - a.weight || a.start - b.start);
        const kept: CueMatch[] = [];
        for (const c of sorted) if (!kept.some((k) => k.start < c.end && c.start < k.end)) kept.push(c);
        assert.deepEqual(detected, { confidence: Math.round(confidence * 1000) / 1000, cues: kept.map(({ kind, label, start, end }) => ({ kind, label, start, end })) });
      }),
      { numRuns: 3000 },
    );
  });

  it('makes a Unicode regex only on first use, once, from the source and flags it was given', () => {
    const regex = new UnicodeRegExp(String.raw`(?<![\p{L}])\p{Lu}[\p{L}'’-]+`, 'gu');
    assert.equal((regex as unknown as { built: RegExp | undefined }).built, undefined);
    assert.equal(regex.ascii.source, String.raw`(?<![A-Za-z])[A-Z][A-Za-z'’-]+`);
    assert.equal(regex.ascii.flags, 'g');
    const built = regex.unicode;
    assert.equal(built.source, /(?<![\p{L}])\p{Lu}[\p{L}'’-]+/gu.source);
    assert.equal(built.flags, 'gu');
    assert.equal(regex.unicode, built);
  });

  it('matches with the ASCII twin of each regex exactly what the Unicode original matches, on sentences whose letters and digits are ASCII', () => {
    /** Every match (index, text, groups) of a regex, as a global regex's exec loop or a plain exec would find them. */
    const matchesOf = (regex: RegExp, text: string): unknown[] => {
      const found: unknown[] = [];
      regex.lastIndex = 0;
      for (let match = regex.exec(text); match !== null; match = regex.global ? regex.exec(text) : null) {
        found.push([match.index, ...match]);
        if (match[0] === '') regex.lastIndex++;
      }
      return found;
    };
    // ASCII, and what an English draft has beyond it: typographic punctuation, spaces, placeholders, emoji, lone
    // surrogates; and the letters that fold to ASCII under /iu (ſ, K), which make a sentence use the originals.
    const characters = fc.constantFrom(
      ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:!?\'"()[]-_/&%$#@*\t\n'.split(''),
      '’', '‘', '“', '”', '—', '–', '…', '\u00a0', '\u2009', '€', '£', '¥', '₹', '»', '\uE000', '\uFFFC', '😀', '\ud800', '\udc00', 'ſ', '\u212a', 'é', '٣',
    );
    const words = fc.constantFrom(...PIECES, 'according to', 'in the 1990s', 'mid-2000s', "the world's largest", 'more than', 'Prime Minister', 'the central bank', 'said', 'Smith and Jones (2019)', 'Shin et al.', 'March 3, 2020', 'However', 'we will discuss', 'This shows', 'They');
    const text = fc.oneof(
      fc.array(characters, { maxLength: 80 }).map((cs) => cs.join('')),
      fc.array(fc.oneof(words, characters), { maxLength: 25 }).map((parts) => parts.join(' ')),
    );
    const twins = asciiTwins();
    assert.ok(twins.length >= 20);
    fc.assert(
      fc.property(text, (sentence) => {
        if (!onlyAsciiLettersAndDigits(sentence)) return;
        for (const [original, twin] of twins) assert.deepEqual(matchesOf(twin, sentence), matchesOf(original, sentence), `${original}`);
      }),
      { numRuns: 3000 },
    );
  });
});
