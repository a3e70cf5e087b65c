import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { resolveSettings } from '../../../src/core/config';
import { lintDocument } from '../../../src/core/lint';
import { loadSidecar } from '../../../src/core/sidecar/load';
import {
  anchoredText,
  canonicalJson,
  compareFingerprints,
  currentFingerprint,
  describeStaleness,
  fingerprintOf,
  fnv1a32,
  formatFingerprint,
  normalizeReviewText,
  paragraphReviews,
  paragraphReviewTitle,
  parseFingerprint,
  reviewQueue,
  sourceHash,
  staleness,
} from '../../../src/core/claims/review';

const DRAFT = 'file:///w/d.md';
const SIDECAR = 'file:///w/d.sources.yaml';

const SOURCES = `sources:
  fdd-2022:
    title: Mystery Cargo
    author: Emanuele Ottolenghi
    date: 2022-07-06
  news-2022:
    title: Prosecutor shot
`;

function lint(draft: string, sidecar: string) {
  return lintDocument({ uri: DRAFT, text: draft, sidecar: loadSidecar(SIDECAR, sidecar), settings: resolveSettings() });
}

/** The fingerprint a verification of claim 0 would store for this draft and sidecar. */
function fingerprintFor(draft: string, sidecar: string, index = 0): string {
  return formatFingerprint(currentFingerprint(lint(draft, sidecar).analysis, index)!);
}

const SENTENCE = 'The crew of 18 included seven Iranians.';
const DRAFT_TEXT = `# Flight\n\n${SENTENCE}\n`;
const claimYaml = (extra = '') => `${SOURCES}claims:\n  - text: ${SENTENCE}\n    sources:\n      - source: fdd-2022\n        locator: para. 4\n    status: verified\n    reviewer: Ana\n    reviewed: 2026-11-20\n${extra}`;

describe('claim fingerprints', () => {
  it('hashes with 32-bit FNV-1a over UTF-8 (the published test vectors)', () => {
    assert.equal(fnv1a32(''), '811c9dc5');
    assert.equal(fnv1a32('a'), 'e40c292c');
    assert.equal(fnv1a32('foobar'), 'bf9cf968');
  });

  it('hashes characters outside ASCII by their UTF-8 bytes, so "é" and "e" differ', () => {
    assert.notEqual(fnv1a32('é'), fnv1a32('e'));
    assert.match(fnv1a32('Côte d’Ivoire'), /^[0-9a-f]{8}$/);
  });

  it('hashes exactly the bytes TextEncoder writes, for any string (lone surrogates included)', () => {
    const reference = (text: string) => {
      let hash = 0x811c9dc5;
      for (const byte of new TextEncoder().encode(text)) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
      return hash.toString(16).padStart(8, '0');
    };
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (text) => assert.equal(fnv1a32(text), reference(text))));
    assert.equal(fnv1a32('\uD800x'), reference('\uD800x'));
  });

  it('folds typography and whitespace but keeps case and words', () => {
    assert.equal(normalizeReviewText('  Côte d’Ivoire —\n the  “hub” '), 'Côte d\'Ivoire - the "hub"');
    assert.notEqual(normalizeReviewText('US'), normalizeReviewText('us'));
  });

  it('writes canonical JSON with sorted keys, so field order does not matter', () => {
    assert.equal(canonicalJson({ b: 1, a: ['x  y'], c: undefined }), '{"a":["x y"],"b":1}');
    assert.equal(canonicalJson({ title: 'T', date: '2022' }), canonicalJson({ date: '2022', title: 'T' }));
  });

  it('treats a single author and a list of one as the same record', () => {
    assert.equal(sourceHash({ title: 'T', author: 'A' }, 'k'), sourceHash({ title: 'T', author: ['A'] }, 'k'));
  });

  it('includes the claim’s locator and quote for a source', () => {
    const source = { title: 'T' };
    assert.notEqual(sourceHash(source, { source: 'k', locator: 'p. 4' }), sourceHash(source, { source: 'k', locator: 'p. 5' }));
    assert.equal(sourceHash(source, 'k'), sourceHash(source, { source: 'k' }));
  });

  it('hashes an undefined source as "-", so defining it later is a change', () => {
    assert.equal(sourceHash(undefined, 'missing'), '-');
  });

  it('formats as "t:<hash> s:<key>=<hash>,…" and parses back', () => {
    const fingerprint = fingerprintOf('Some text', { sources: ['a-1', { source: 'doi:10.1/x' }, 'a-1'] }, () => ({ title: 'T' }));
    const formatted = formatFingerprint(fingerprint);
    assert.match(formatted, /^t:[0-9a-f]{8} s:a-1=[0-9a-f]{8},doi:10\.1\/x=[0-9a-f]{8}$/);
    assert.deepEqual(parseFingerprint(formatted), fingerprint);
  });

  it('formats a claim without sources as the text part alone', () => {
    assert.match(formatFingerprint(fingerprintOf('x', { sources: [] }, () => undefined)), /^t:[0-9a-f]{8}$/);
  });

  it('refuses a fingerprint without a readable text part', () => {
    assert.equal(parseFingerprint('hello'), undefined);
    assert.equal(parseFingerprint('t:xyz s:a=1'), undefined);
    assert.equal(parseFingerprint('t:0123abcd s:=1'), undefined);
  });

  it('ignores parts it does not know, so the format can grow', () => {
    assert.equal(parseFingerprint('t:0123abcd v:2 s:a=ffffffff')?.sources.get('a'), 'ffffffff');
  });

  it('never throws on any fingerprint string', () => {
    fc.assert(fc.property(fc.string(), (value) => {
      parseFingerprint(value);
    }));
  });

  it('compares sources as a set: reordering is no change, adding and removing are', () => {
    const stored = { text: 'aaaaaaaa', sources: new Map([['a', '1'], ['b', '2']]) };
    assert.deepEqual(compareFingerprints(stored, { text: 'aaaaaaaa', sources: new Map([['b', '2'], ['a', '1']]) }), {
      textChanged: false, changedSources: [], addedSources: [], removedSources: [],
    });
    assert.deepEqual(compareFingerprints(stored, { text: 'bbbbbbbb', sources: new Map([['a', '9'], ['c', '3']]) }), {
      textChanged: true, changedSources: ['a'], addedSources: ['c'], removedSources: ['b'],
    });
  });
});

describe('the anchored text a fingerprint covers', () => {
  it('reads the text as a reader sees it: emphasis, link syntax and citation markers do not count', () => {
    const plain = lint('Emtrasur flew a jet to Paraguay.\n', `${SOURCES}claims:\n  - text: Emtrasur flew a jet to Paraguay\n`).analysis;
    const marked = lint('*Emtrasur* flew a [jet](https://example.org/jet) to Paraguay [@fdd-2022].\n', `${SOURCES}claims:\n  - text: Emtrasur flew a jet to Paraguay\n`).analysis;
    const span = (analysis: typeof plain) => ({ start: 0, end: analysis.text.indexOf('Paraguay') + 'Paraguay'.length });
    assert.equal(anchoredText(plain, span(plain)), 'Emtrasur flew a jet to Paraguay');
    assert.equal(anchoredText(marked, span(marked)), 'Emtrasur flew a jet to Paraguay');
  });

  it('keeps inline code as written', () => {
    const analysis = lint('Run `sourced lint` daily.\n', SOURCES).analysis;
    assert.equal(anchoredText(analysis, { start: 0, end: analysis.text.length }), 'Run sourced lint daily.');
  });

  it('stays inside the text for any span (never throws)', () => {
    const analysis = lint(DRAFT_TEXT, claimYaml()).analysis;
    fc.assert(fc.property(fc.nat(DRAFT_TEXT.length), fc.nat(DRAFT_TEXT.length), (a, b) => {
      const text = anchoredText(analysis, { start: Math.min(a, b), end: Math.max(a, b) });
      assert.ok(text.length <= DRAFT_TEXT.length);
    }));
  });
});

describe('staleness of verified claims', () => {
  const fingerprint = fingerprintFor(DRAFT_TEXT, claimYaml());
  const verified = claimYaml(`    fingerprint: ${fingerprint}\n`);

  it('is not stale right after verification', () => {
    assert.equal(staleness(lint(DRAFT_TEXT, verified).analysis, 0), undefined);
  });

  it('is not stale after edits of form alone: curly quotes, line breaks, emphasis, a citation marker', () => {
    const sidecar = claimYaml().replace(`text: ${SENTENCE}`, 'text: The crew of 18 included "seven" Iranians');
    const before = '# Flight\n\nThe crew of 18 included "seven" Iranians.\n';
    const stored = fingerprintFor(before, sidecar);
    const after = '# Flight\n\nThe *crew*  of 18\nincluded “seven” Iranians [@news-2022].\n';
    const result = lint(after, sidecar.replace('text: The crew of 18 included "seven" Iranians', 'text: The *crew*  of 18 included “seven” Iranians') + `    fingerprint: ${stored}\n`);
    assert.notEqual(result.analysis.claimAnchors[0].status, 'orphaned');
    assert.equal(staleness(result.analysis, 0), undefined);
  });

  it('is stale when the sentence was edited (and the claim re-attached to the new words)', () => {
    const edited = DRAFT_TEXT.replace('18', '19');
    const stale = staleness(lint(edited, verified.replace('crew of 18', 'crew of 19')).analysis, 0);
    assert.equal(stale?.reason.kind, 'changed');
    assert.ok(stale.reason.kind === 'changed' && stale.reason.changes.textChanged);
  });

  it('is stale while the claim only attaches fuzzily to an edited sentence', () => {
    const stale = staleness(lint(DRAFT_TEXT.replace('seven', 'eight'), verified).analysis, 0);
    assert.ok(stale?.reason.kind === 'changed' && stale.reason.changes.textChanged);
  });

  it('is stale when a cited source’s record changed, naming the source', () => {
    const stale = staleness(lint(DRAFT_TEXT, verified.replace('date: 2022-07-06', 'date: 2022-07-07')).analysis, 0);
    assert.ok(stale?.reason.kind === 'changed');
    assert.deepEqual(stale.reason.changes.changedSources, ['fdd-2022']);
    assert.equal(stale.reason.changes.textChanged, false);
  });

  it('is stale when the claim’s locator changed', () => {
    const stale = staleness(lint(DRAFT_TEXT, verified.replace('para. 4', 'para. 5')).analysis, 0);
    assert.ok(stale?.reason.kind === 'changed');
    assert.deepEqual(stale.reason.changes.changedSources, ['fdd-2022']);
  });

  it('is not stale when only a source the claim does not cite changed', () => {
    assert.equal(staleness(lint(DRAFT_TEXT, verified.replace('title: Prosecutor shot', 'title: Prosecutor killed')).analysis, 0), undefined);
  });

  it('is stale when the fingerprint is missing or unreadable', () => {
    assert.equal(staleness(lint(DRAFT_TEXT, claimYaml()).analysis, 0)?.reason.kind, 'missing');
    assert.equal(staleness(lint(DRAFT_TEXT, claimYaml('    fingerprint: garbage\n')).analysis, 0)?.reason.kind, 'unreadable');
  });

  it('never calls an unverified, disputed or orphaned claim stale', () => {
    assert.equal(staleness(lint(DRAFT_TEXT, claimYaml().replace('status: verified', 'status: unverified')).analysis, 0), undefined);
    assert.equal(staleness(lint(DRAFT_TEXT, claimYaml().replace('status: verified', 'status: disputed')).analysis, 0), undefined);
    assert.equal(staleness(lint('# Nothing like it\n', verified).analysis, 0), undefined);
  });
});

describe('stale messages', () => {
  const claim = { reviewer: 'Ana', reviewed: '2026-11-20' };
  const changes = { textChanged: false, changedSources: [] as string[], addedSources: [] as string[], removedSources: [] as string[] };

  it('says "the sentence was edited since Ana verified it on 2026-11-20"', () => {
    assert.match(describeStaleness(claim, { kind: 'changed', changes: { ...changes, textChanged: true } }), /^The sentence was edited since Ana verified it on 2026-11-20\./);
  });

  it('names the changed, added and removed sources', () => {
    const message = describeStaleness(claim, { kind: 'changed', changes: { ...changes, changedSources: ['fdd-2022', 'cijr-2022'], addedSources: ['x'], removedSources: ['y'] } });
    assert.match(message, /^Sources fdd-2022 and cijr-2022 changed, x was added to its sources and y was removed from its sources since Ana verified it on 2026-11-20\./);
  });

  it('does without a reviewer or a date', () => {
    assert.match(describeStaleness({}, { kind: 'changed', changes: { ...changes, changedSources: ['k'] } }), /^Source k changed since it was verified\./);
  });

  it('explains a missing fingerprint and how to record one', () => {
    assert.match(describeStaleness(claim, { kind: 'missing' }), /no fingerprint.*mark it verified again/);
  });
});

describe('the review of a draft by paragraph', () => {
  const draft = '# T\n\nFirst claim here. Second claim here. Third claim here. A crew of 18 flew on 3 May 2022.\n\nA lone claim.\n';
  const sidecar = `${SOURCES}claims:
  - text: First claim here.
    sources: [fdd-2022]
    status: verified
    fingerprint: PLACEHOLDER
  - text: Second claim here.
    sources: [fdd-2022]
  - text: Third claim here.
    sources: [news-2022]
    status: verified
  - text: A lone claim.
    sources: [news-2022]
    status: disputed
  - text: Gone from the draft entirely, a long sentence.
    sources: [news-2022]
`;
  const first = fingerprintFor(draft, sidecar.replace('    fingerprint: PLACEHOLDER\n', ''));
  const result = lint(draft, sidecar.replace('PLACEHOLDER', first));

  it('groups anchored claims by paragraph with their states and the paragraph’s uncited assertions', () => {
    const paragraphs = paragraphReviews(result.analysis, result.findings);
    assert.equal(paragraphs.length, 2);
    assert.deepEqual(paragraphs[0].claimIndices, [0, 1, 2]);
    assert.deepEqual(paragraphs[0].counts, { verified: 1, disputed: 0, unverified: 1, stale: 1 });
    assert.equal(paragraphs[0].uncited, 1);
    assert.deepEqual(paragraphs[1].claimIndices, [3]);
  });

  it('titles a paragraph "3 claims · 1 stale · 1 unverified · 1 uncited"', () => {
    const [busy, lone] = paragraphReviews(result.analysis, result.findings);
    assert.equal(paragraphReviewTitle(busy), '3 claims · 1 stale · 1 unverified · 1 uncited');
    assert.equal(paragraphReviewTitle(lone), '1 claim · 1 disputed');
    assert.equal(paragraphReviewTitle({ ...lone, counts: { verified: 2, disputed: 0, unverified: 0, stale: 0 }, claimIndices: [0, 1] }), '2 claims · all verified');
  });

  it('queues the unverified and stale claims in document order, skipping orphans', () => {
    assert.deepEqual(reviewQueue(result.analysis), [1, 2]);
  });

  it('queues every claim of a paragraph whose claims are all settled', () => {
    const lone = paragraphReviews(result.analysis, result.findings)[1];
    assert.deepEqual(reviewQueue(result.analysis, lone.span), [3]);
  });
});
