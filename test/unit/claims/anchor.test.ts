import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import type { ClaimAnchor } from '../../../src/core/analysis';
import { anchorClaims, selectorForSpan, type ClaimSelector } from '../../../src/core/claims/anchor';
import { anchorKey, toAnchorText } from '../../../src/core/claims/anchor/anchorText';
import { PatternMasks, globalEditDistance, scanEditDistances } from '../../../src/core/claims/anchor/bitParallel';
import { foldCaseKeepingLength, isWordChar } from '../../../src/core/text/normalize';

function anchorOne(documentText: string, selector: ClaimSelector, fuzzyThreshold?: number): ClaimAnchor {
  const [anchor] = anchorClaims(documentText, [selector], fuzzyThreshold === undefined ? undefined : { fuzzyThreshold });
  return anchor;
}

function attachedText(documentText: string, anchor: ClaimAnchor): string | undefined {
  return anchor.span && documentText.slice(anchor.span.start, anchor.span.end);
}

/** Textbook dynamic-programming Levenshtein distance, the reference the bit-parallel code is checked against. */
function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

const FERRIES =
  'The ferry carried 212 passengers and 9 crew when it left Piraeus. ' +
  'The second ferry carried 180 passengers and 7 crew when it left Patras.';

describe('anchorClaims', () => {
  describe('exact', () => {
    it('attaches a claim to the only place its text occurs, with score 1', () => {
      const doc = 'Intro. The ferry carried 212 passengers. Outro.';
      const anchor = anchorOne(doc, { text: 'The ferry carried 212 passengers.' });
      assert.equal(anchor.status, 'exact');
      assert.equal(anchor.score, 1);
      assert.equal(attachedText(doc, anchor), 'The ferry carried 212 passengers.');
      assert.equal(anchor.candidates, undefined);
    });

    it('is exact when the stored prefix and suffix still surround the text', () => {
      const doc = 'Intro. The ferry carried 212 passengers. Outro.';
      const anchor = anchorOne(doc, { text: 'The ferry carried 212 passengers.', prefix: 'Intro. ', suffix: ' Outro.' });
      assert.equal(anchor.status, 'exact');
    });

    it('returns one anchor per selector, numbered by position', () => {
      const doc = 'Alpha beta. Gamma delta.';
      const anchors = anchorClaims(doc, [{ text: 'Gamma delta.' }, { text: 'nowhere to be seen' }, { text: 'Alpha beta.' }]);
      assert.deepEqual(anchors.map((a) => [a.claimIndex, a.status]), [[0, 'exact'], [1, 'orphaned'], [2, 'exact']]);
    });

    it('prefers the occurrence that is a whole word: "Iran" attaches to "Iran", not to "Iranian"', () => {
      const doc = 'Iranian officials agreed. Iran denied it.';
      const anchor = anchorOne(doc, { text: 'Iran' });
      assert.equal(anchor.status, 'exact');
      assert.deepEqual(anchor.span, { start: 26, end: 30 });
    });
  });

  describe('tolerance of what does not change meaning', () => {
    it('matches a claim written on one line against the same sentence re-wrapped over two lines', () => {
      const doc = 'The ferry carried 212 passengers\nand 9 crew when it left Piraeus.';
      const anchor = anchorOne(doc, { text: 'The ferry carried 212 passengers and 9 crew when it left Piraeus.' });
      assert.equal(anchor.status, 'exact');
      assert.deepEqual(anchor.span, { start: 0, end: doc.length });
    });

    it('matches across CRLF line breaks, indentation and runs of spaces', () => {
      const doc = '- The ferry carried   212\r\n  passengers and 9 crew.';
      const anchor = anchorOne(doc, { text: 'The ferry carried 212 passengers and 9 crew.' });
      assert.equal(anchor.status, 'exact');
      assert.equal(attachedText(doc, anchor), 'The ferry carried   212\r\n  passengers and 9 crew.');
    });

    it('matches a sentence re-wrapped inside a blockquote, whose continuation lines start with "> "', () => {
      const doc = '> The ferry carried 212 passengers\n> and 9 crew when it left Piraeus.';
      const anchor = anchorOne(doc, { text: 'The ferry carried 212 passengers and 9 crew when it left Piraeus.' });
      assert.equal(anchor.status, 'exact');
      assert.equal(anchor.span?.start, 2);
    });

    it('matches curly quotes and apostrophes in the draft for straight ones in the claim', () => {
      const doc = 'He said \u201cthe ship wasn\u2019t seaworthy\u201d \u2014 twice.';
      const anchor = anchorOne(doc, { text: 'He said "the ship wasn\'t seaworthy" - twice.' });
      assert.equal(anchor.status, 'exact');
      assert.equal(attachedText(doc, anchor), doc);
    });

    it('matches straight quotes in the draft for curly ones in the claim, and a non-breaking space for a space', () => {
      const doc = 'He said "the ship wasn\'t seaworthy" on 3 May.';
      const anchor = anchorOne(doc, { text: 'He said \u201cthe ship wasn\u2019t seaworthy\u201d on 3\u00a0May.' });
      assert.equal(anchor.status, 'exact');
    });

    it('keeps a claim exact when the writer cites it afterwards with [@key] or a footnote reference', () => {
      const doc = 'The ferry carried 212 passengers [@coastguard-2023] and 9 crew[^1]. Next.';
      const anchor = anchorOne(doc, { text: 'The ferry carried 212 passengers and 9 crew.' });
      assert.equal(anchor.status, 'exact');
      assert.equal(attachedText(doc, anchor), 'The ferry carried 212 passengers [@coastguard-2023] and 9 crew[^1].');
    });

    it('ignores zero-width spaces and soft hyphens pasted from the web', () => {
      const doc = 'The ferry\u200b carried 212 pas\u00adsengers.';
      assert.equal(anchorOne(doc, { text: 'The ferry carried 212 passengers.' }).status, 'exact');
    });

    it('does not treat a sentence split into two paragraphs as the same text', () => {
      const doc = 'The ferry carried 212 passengers and 9 crew.\n\nIt left Piraeus at dawn on Sunday.';
      const anchor = anchorOne(doc, { text: 'The ferry carried 212 passengers and 9 crew. It left Piraeus at dawn on Sunday.' });
      assert.equal(anchor.status, 'fuzzy');
      assert.ok(anchor.score < 1);
    });

    it('treats a difference of case as an edit: fuzzy, not exact', () => {
      const doc = 'Officials said the ferry carried 212 passengers.';
      const anchor = anchorOne(doc, { text: 'The ferry carried 212 passengers.' });
      assert.equal(anchor.status, 'fuzzy');
      assert.equal(anchor.score, 1 - 1 / 33);
      assert.equal(attachedText(doc, anchor), 'the ferry carried 212 passengers.');
    });
  });

  describe('prefix and suffix', () => {
    const doc = 'Repeated line. It rained. Repeated line. It snowed.';

    it('picks the occurrence whose prefix matches among repeated text: exact', () => {
      const anchor = anchorOne(doc, { text: 'Repeated line.', prefix: 'It rained. ' });
      assert.equal(anchor.status, 'exact');
      assert.deepEqual(anchor.span, { start: 26, end: 40 });
    });

    it('picks the occurrence whose suffix matches among repeated text: exact', () => {
      const anchor = anchorOne(doc, { text: 'Repeated line.', suffix: ' It rained.' });
      assert.equal(anchor.status, 'exact');
      assert.deepEqual(anchor.span, { start: 0, end: 14 });
    });

    it('compares only the end of a long prefix and the start of a long suffix (32 characters)', () => {
      const long = 'Repeated line. It rained all through the night, hard. Repeated line. It snowed all through the day, softly.';
      const anchor = anchorOne(long, {
        text: 'Repeated line.',
        prefix: 'Whatever came long before has been rewritten since. It rained all through the night, hard. ',
        suffix: ' It snowed all through the day, softly. And then many other things happened that the draft no longer says.',
      });
      assert.equal(anchor.status, 'exact');
      assert.deepEqual(anchor.span, { start: 54, end: 68 });
    });

    it('forgives a small edit in the context: one changed letter still matches', () => {
      const anchor = anchorOne(doc, { text: 'Repeated line.', prefix: 'It rainel. ' });
      assert.equal(anchor.status, 'exact');
      assert.deepEqual(anchor.span, { start: 26, end: 40 });
    });

    it('is case-insensitive in the context, which is only a tie-breaker', () => {
      const anchor = anchorOne(doc, { text: 'Repeated line.', suffix: ' it SNOWED.' });
      assert.equal(anchor.status, 'exact');
      assert.deepEqual(anchor.span, { start: 26, end: 40 });
    });
  });

  describe('moved', () => {
    it('reports a unique sentence whose neighbours changed as moved, still attached, score 1', () => {
      const before = 'Intro. The ferry left Piraeus at dawn. It was raining.';
      const selector = selectorForSpan(before, { start: 7, end: 38 });
      assert.equal(anchorOne(before, selector).status, 'exact');
      const after = 'Intro. It was raining.\n\nLater, in another section. The ferry left Piraeus at dawn. Then calm.';
      const anchor = anchorOne(after, selector);
      assert.equal(anchor.status, 'moved');
      assert.equal(anchor.score, 1);
      assert.equal(attachedText(after, anchor), 'The ferry left Piraeus at dawn.');
    });

    it('is moved when only one of prefix and suffix still matches', () => {
      const doc = 'Intro. The ferry left Piraeus at dawn. Something new.';
      const anchor = anchorOne(doc, { text: 'The ferry left Piraeus at dawn.', prefix: 'Intro. ', suffix: ' It was raining.' });
      assert.equal(anchor.status, 'moved');
    });

    it('is moved when repeated text is told apart by one side of the context only', () => {
      const doc = 'It rained. Repeated line. Fog. Repeated line. Hail.';
      const anchor = anchorOne(doc, { text: 'Repeated line.', prefix: 'It rained. ', suffix: ' It snowed.' });
      assert.equal(anchor.status, 'moved');
      assert.deepEqual(anchor.span, { start: 11, end: 25 });
    });
  });

  describe('ambiguous', () => {
    it('reports repeated text without context as ambiguous: span is the first, candidates are all', () => {
      const doc = 'Repeated line. It rained. Repeated line. It snowed. Repeated line.';
      const anchor = anchorOne(doc, { text: 'Repeated line.' });
      assert.equal(anchor.status, 'ambiguous');
      assert.deepEqual(anchor.span, { start: 0, end: 14 });
      assert.deepEqual(anchor.candidates, [
        { start: 0, end: 14 },
        { start: 26, end: 40 },
        { start: 52, end: 66 },
      ]);
    });

    it('stays ambiguous when the context fits several occurrences equally, listing only those', () => {
      const doc = 'Fog. Repeated line. It rained. Repeated line. Fog. Repeated line.';
      const anchor = anchorOne(doc, { text: 'Repeated line.', prefix: 'Fog. ' });
      assert.equal(anchor.status, 'ambiguous');
      assert.deepEqual(anchor.candidates, [
        { start: 5, end: 19 },
        { start: 51, end: 65 },
      ]);
    });

    it('stays ambiguous when the context resembles none of the occurrences', () => {
      const doc = 'Repeated line. It rained. Repeated line. It snowed.';
      const anchor = anchorOne(doc, { text: 'Repeated line.', prefix: 'Completely different words. ' });
      assert.equal(anchor.status, 'ambiguous');
      assert.equal(anchor.candidates?.length, 2);
    });
  });

  describe('fuzzy', () => {
    it('re-attaches a claim after a one-word edit, with score 1 - edit distance / length', () => {
      const claim = 'The ferry carried 212 passengers and 9 crew when it left Piraeus.';
      const doc = 'Intro. The ferry carried 214 passengers and 9 crew when it left Piraeus. Outro.';
      const anchor = anchorOne(doc, { text: claim });
      assert.equal(anchor.status, 'fuzzy');
      assert.equal(anchor.score, 1 - 1 / claim.length);
      assert.equal(attachedText(doc, anchor), 'The ferry carried 214 passengers and 9 crew when it left Piraeus.');
    });

    it('attaches to whole words, never cutting a word in half', () => {
      const doc = 'Records show the vessel transported 212 passengers northwards yesterday.';
      const anchor = anchorOne(doc, { text: 'vessel carried 212 passengers north' }, 0.6);
      assert.equal(anchor.status, 'fuzzy');
      const text = attachedText(doc, anchor)!;
      assert.ok(!isWordChar(doc[anchor.span!.start - 1]) && !isWordChar(doc[anchor.span!.end]), `cut a word: "${text}"`);
      assert.match(text, /^vessel transported 212 passengers northwards$/);
    });

    it('uses the context to choose between two equally similar edited passages', () => {
      const doc = 'It rained. The ferry carried 214 passengers. Fog. The ferry carried 214 passengers. Hail.';
      const anchor = anchorOne(doc, { text: 'The ferry carried 212 passengers.', prefix: 'Fog. ' });
      assert.equal(anchor.status, 'fuzzy');
      assert.deepEqual(anchor.span, { start: 50, end: 83 });
    });

    it('reports equally similar edited passages it cannot tell apart as ambiguous, with their score', () => {
      const doc = 'It rained. The ferry carried 214 passengers. Fog. The ferry carried 214 passengers. Hail.';
      const anchor = anchorOne(doc, { text: 'The ferry carried 212 passengers.' });
      assert.equal(anchor.status, 'ambiguous');
      assert.equal(anchor.candidates?.length, 2);
      assert.ok(anchor.score < 1 && anchor.score >= 0.8);
    });

    it('re-attaches a sentence whose spelling changed every few words (British to American)', () => {
      const doc = 'Intro. The organization analyzed the color of behavior. Outro.';
      const anchor = anchorOne(doc, { text: 'The organisation analysed the colour of behaviour.' });
      assert.equal(anchor.status, 'fuzzy');
      assert.equal(attachedText(doc, anchor), 'The organization analyzed the color of behavior.');
      assert.equal(anchor.score, 1 - 4 / 50);
    });

    it('re-attaches a short claim edited every four characters, where no six-character stretch is intact', () => {
      const filler = Array.from({ length: 300 }, (_, i) => `Paragraph ${i} talks about harbour number ${i * 7}.`).join('\n\n');
      const doc = `${filler}\n\nBay 1b, 2b, 3b, 4b, 5b, 6b ok.\n\n${filler}`;
      const anchor = anchorOne(doc, { text: 'Bay 1a, 2a, 3a, 4a, 5a, 6a ok.' });
      assert.equal(anchor.status, 'fuzzy');
      assert.equal(anchor.score, 1 - 6 / 30);
      assert.equal(attachedText(doc, anchor), 'Bay 1b, 2b, 3b, 4b, 5b, 6b ok.');
    });

    it('finds an edited claim in a long draft, far from where it was', () => {
      const filler = Array.from({ length: 400 }, (_, i) => `Paragraph ${i} talks about harbour number ${i * 7}.`).join('\n\n');
      const doc = `${filler}\n\nThe ferry carried 214 passengers and 9 crew when it left Piraeus.\n\n${filler}`;
      const anchor = anchorOne(doc, { text: 'The ferry carried 212 passengers and 9 crew when it left Piraeus.' });
      assert.equal(anchor.status, 'fuzzy');
      assert.equal(attachedText(doc, anchor), 'The ferry carried 214 passengers and 9 crew when it left Piraeus.');
    });
  });

  describe('orphaned', () => {
    it('orphans a rewritten sentence rather than attaching it to a look-alike neighbour below the threshold', () => {
      const claim = { text: 'The ferry carried 212 passengers and 9 crew when it left Piraeus.' };
      const rewritten = 'Records show 212 people aboard, nine of them crew, as the ferry left Piraeus.';
      const neighbour = 'The second ferry carried 180 passengers and 14 crew as it left Patras.';
      const edited = `${rewritten} ${neighbour}`;
      const anchor = anchorOne(edited, claim);
      assert.equal(anchor.status, 'orphaned');
      assert.equal(anchor.span, undefined);
      assert.ok(anchor.score < 0.8);

      // The neighbour really is a near miss: with a lax threshold the same claim attaches to it.
      const lax = anchorOne(edited, claim, 0.6);
      assert.equal(lax.status, 'fuzzy');
      assert.ok(neighbour.includes(attachedText(edited, lax)!), `attached to "${attachedText(edited, lax)}"`);
      assert.ok(lax.score > 0.7 && lax.score < 0.8, `neighbour similarity ${lax.score}`);
    });

    it('orphans a deleted sentence rather than handing it to the look-alike sentence that followed it', () => {
      const claimed = 'The ferry carried 212 passengers and 9 crew when it left Piraeus.';
      const selector = selectorForSpan(FERRIES, { start: 0, end: claimed.length });
      assert.equal(anchorOne(FERRIES, selector).status, 'exact');

      const neighbour = 'The second ferry carried 180 passengers and 7 crew when it left Patras.';
      const edited = `Records show 212 people aboard, nine of them crew, as the ferry left Piraeus. ${neighbour}`;
      // On similarity alone the neighbour passes (most of it aligns with the claim)…
      const bare = anchorOne(edited, { text: claimed });
      assert.equal(bare.status, 'fuzzy');
      assert.ok(neighbour.includes(attachedText(edited, bare)!));
      // …but the stored suffix says that sentence came after the claim, so it cannot be the claim.
      const anchor = anchorOne(edited, selector);
      assert.equal(anchor.status, 'orphaned');
      assert.equal(anchor.span, undefined);
    });

    it('orphans a claim whose text is nowhere in the draft', () => {
      const anchor = anchorOne(FERRIES, { text: 'The minister resigned over the affair in March.' });
      assert.equal(anchor.status, 'orphaned');
      assert.equal(anchor.span, undefined);
      assert.equal(anchor.candidates, undefined);
    });

    it('orphans every claim of an empty document', () => {
      const anchors = anchorClaims('', [{ text: 'The ferry left.' }, { text: 'x', prefix: 'a', suffix: 'b' }]);
      assert.deepEqual(anchors.map((a) => a.status), ['orphaned', 'orphaned']);
      assert.ok(anchors.every((a) => a.span === undefined && a.score === 0));
    });

    it('orphans a claim much longer than the document', () => {
      const doc = 'The ferry left.';
      const anchor = anchorOne(doc, { text: 'The ferry left Piraeus at dawn with 212 passengers on board.' });
      assert.equal(anchor.status, 'orphaned');
    });

    it('orphans a claim whose text is empty or only whitespace', () => {
      const anchors = anchorClaims(FERRIES, [{ text: '' }, { text: ' \n\t ' }]);
      assert.deepEqual(anchors.map((a) => a.status), ['orphaned', 'orphaned']);
    });

    it('orphans a one-word edit once the threshold is stricter than its similarity', () => {
      const doc = 'The ferry carried 214 passengers.';
      const claim = { text: 'The ferry carried 212 passengers.' };
      assert.equal(anchorOne(doc, claim).status, 'fuzzy');
      assert.equal(anchorOne(doc, claim, 0.99).status, 'orphaned');
      assert.equal(anchorOne(doc, claim, 1).status, 'orphaned');
    });
  });

  describe('selectorForSpan', () => {
    it('stores the text with up to 32 characters either side', () => {
      const doc = 'Intro. The ferry left Piraeus at dawn. It was raining.';
      assert.deepEqual(selectorForSpan(doc, { start: 7, end: 38 }), {
        text: 'The ferry left Piraeus at dawn.',
        prefix: 'Intro. ',
        suffix: ' It was raining.',
      });
      assert.deepEqual(selectorForSpan(doc, { start: 0, end: 6 }, 4), { text: 'Intro.', suffix: ' The' });
    });

    it('extends a selection that ends inside a citation marker to the whole marker', () => {
      const doc = 'It flew to Ciudad del Este [@fdd-2022, para. 4]. Then it left.';
      const selector = selectorForSpan(doc, { start: 0, end: doc.indexOf('para.') + 5 });
      assert.equal(selector.text, 'It flew to Ciudad del Este [@fdd-2022, para. 4]');
      assert.equal(anchorOne(doc, selector).status, 'exact');
    });

    it('starts a selection that begins inside a citation marker after the marker', () => {
      const doc = 'It flew [@fdd-2022] to Ciudad del Este.';
      assert.equal(selectorForSpan(doc, { start: 12, end: doc.length }).text, ' to Ciudad del Este.');
    });

    it('does not split a surrogate pair at the edge of the context', () => {
      const doc = '\u{1F6A2}ab';
      assert.deepEqual(selectorForSpan(doc, { start: 2, end: 4 }, 1), { text: 'ab', prefix: '\u{1F6A2}' });
    });
  });

  describe('properties', () => {
    const alphabet = fc.constantFrom(
      'a', 'b', 'c', 'A', 'é', ' ', ' ', '\n', '\r\n', '\u00a0', '\u2019', "'", '"', '\u201c', '-', '\u2014', '.', '>', '[', ']', '@', '^', '\u{1F6A2}',
    );
    const documentText = fc.array(alphabet, { maxLength: 80 }).map((parts) => parts.join(''));
    const words = fc.array(fc.constantFrom('ferry', 'left', 'Piraeus', 'at', 'dawn', 'the', 'crew', '212', '\u201cnine\u201d', 'it’s', '[@key]'), { maxLength: 40 }).map((w) => w.join(' '));
    const selector = (source: fc.Arbitrary<string>) =>
      fc.record({ text: source, prefix: fc.option(source, { nil: undefined }), suffix: fc.option(source, { nil: undefined }) });

    function checkAnchors(doc: string, selectors: ClaimSelector[], anchors: ClaimAnchor[], threshold = 0.8): void {
      assert.equal(anchors.length, selectors.length);
      anchors.forEach((anchor, i) => {
        assert.equal(anchor.claimIndex, i);
        assert.ok(anchor.score >= 0 && anchor.score <= 1, `score ${anchor.score}`);
        const spans = [...(anchor.span ? [anchor.span] : []), ...(anchor.candidates ?? [])];
        for (const span of spans) assert.ok(0 <= span.start && span.start <= span.end && span.end <= doc.length);
        if (anchor.status === 'orphaned') assert.equal(anchor.span, undefined);
        else assert.ok(anchor.span);
        if (anchor.status === 'exact' || anchor.status === 'moved') {
          assert.equal(anchor.score, 1);
          assert.equal(anchorKey(attachedText(doc, anchor)!), anchorKey(selectors[i].text));
        }
        if (anchor.status === 'ambiguous') {
          assert.ok(anchor.candidates!.length >= 2);
          assert.deepEqual(anchor.candidates![0], anchor.span);
          if (anchor.score === 1) for (const c of anchor.candidates!) assert.equal(anchorKey(doc.slice(c.start, c.end)), anchorKey(selectors[i].text));
        }
        if (anchor.status === 'fuzzy') assert.ok(anchor.score >= threshold && anchor.score < 1);
      });
    }

    it('never throws, keeps spans inside the document and scores in [0, 1], whatever the input', () => {
      fc.assert(
        fc.property(documentText, fc.array(selector(documentText), { maxLength: 5 }), fc.option(fc.double(), { nil: undefined }), (doc, selectors, threshold) => {
          const anchors = anchorClaims(doc, selectors, { fuzzyThreshold: threshold });
          const effective = threshold === undefined || !Number.isFinite(threshold) ? 0.8 : Math.max(0, Math.min(1, threshold));
          checkAnchors(doc, selectors, anchors, effective);
        }),
        { numRuns: 300 },
      );
    });

    it('attaches text taken from the draft exactly (or ambiguously), and exact matches fold to the claim', () => {
      fc.assert(
        fc.property(words, fc.nat(), fc.nat(), (doc, a, b) => {
          const start = Math.min(a, b) % (doc.length + 1);
          const end = Math.min(doc.length, start + (Math.max(a, b) % 60));
          const selector = selectorForSpan(doc, { start, end });
          const [anchor] = anchorClaims(doc, [selector]);
          checkAnchors(doc, [selector], [anchor]);
          // Text selected wholly inside a citation marker is not text the reader sees.
          const cutsMarker = [...doc.matchAll(/\[@key\]/g)].some(({ index }) => {
            const markerEnd = index + '[@key]'.length;
            return index < start && end <= markerEnd;
          });
          if (anchorKey(selector.text) === '' || cutsMarker) return;
          assert.ok(anchor.status === 'exact' || anchor.status === 'ambiguous', `${anchor.status} for ${JSON.stringify(selector)}`);
        }),
        { numRuns: 300 },
      );
    });

    it('re-attaches a claim after one random character edit, whole words only, or orphans it', () => {
      fc.assert(
        fc.property(words, fc.nat(), fc.nat(), fc.constantFrom('x', ' ', '', 'Q'), (doc, at, length, replacement) => {
          if (doc.length < 20) return;
          const start = at % (doc.length - 10);
          const end = Math.min(doc.length, start + 10 + (length % 50));
          const selector = selectorForSpan(doc, { start, end });
          const editAt = start + Math.floor((end - start) / 2);
          const edited = doc.slice(0, editAt) + replacement + doc.slice(editAt + 1);
          const [anchor] = anchorClaims(edited, [selector]);
          checkAnchors(edited, [selector], [anchor]);
          if (anchor.status === 'fuzzy') {
            const { start: s, end: e } = anchor.span!;
            assert.ok(!(isWordChar(edited[s - 1]) && isWordChar(edited[s])), 'starts mid-word');
            assert.ok(!(isWordChar(edited[e - 1]) && isWordChar(edited[e])), 'ends mid-word');
          }
        }),
        { numRuns: 300 },
      );
    });
  });
});

describe('toAnchorText', () => {
  it('maps every comparable character back to the draft characters it came from', () => {
    const source = 'a \u201cb\u201d\r\n> c [@k] d';
    const { text, offsets } = toAnchorText(source);
    assert.equal(text, 'a "b" c d');
    assert.deepEqual(Array.from(text, (_, k) => offsets.start(k)), [0, 1, 2, 3, 4, 5, 9, 15, 16]);
    assert.deepEqual(Array.from(text, (_, k) => offsets.end(k)), [1, 2, 3, 4, 5, 9, 10, 16, 17]);
  });

  it('maps each comparable character to the draft characters it stands for, in order, whatever the draft', () => {
    const unit = fc.constantFrom('a', 'B', ' ', '  ', '\n', '\r\n', '\n\n', '> ', '\u00a0', '\u200b', '\u00ad', '\u2019', '\u201c', '[@k]', '[^1]', '[x]', '\u{1F6A2}');
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 60 }), (parts) => {
        const source = parts.join('');
        const { text, offsets } = toAnchorText(source);
        let previousEnd = 0;
        for (let k = 0; k < text.length; k++) {
          const start = offsets.start(k);
          const end = offsets.end(k);
          assert.ok(previousEnd <= start && start < end && end <= source.length, `unit ${k}: [${start}, ${end})`);
          const covered = source.slice(start, end);
          // A paragraph break keeps a citation marker that follows it inside its run.
          if (text[k] === ' ' || text[k] === '\n') assert.match(covered.replace(/\[[@^]\w+\]/gu, ''), /^[\s>\u200b\u00ad]+$/u);
          else assert.equal(covered.length, 1);
          previousEnd = end;
        }
      }),
      { numRuns: 300 },
    );
  });

  it('folds case natively exactly as foldCaseKeepingLength does unit by unit, for every other unit of the BMP', () => {
    let every = '';
    for (let c = 0; c < 0x10000; c++) if (c !== 0x130 && c !== 0x3a3 && (c < 0xd800 || c > 0xdfff)) every += String.fromCharCode(c);
    assert.equal(every.toLowerCase(), foldCaseKeepingLength(every));
  });

  it('folds "İ", "Σ" and letters outside the BMP unit by unit, as foldCaseKeepingLength does', () => {
    const source = 'İSTANBUL ΟΔΟΣ \u{10400}\u{10401} Σ';
    assert.equal(toAnchorText(source).folded, foldCaseKeepingLength(toAnchorText(source).text));
  });

  it('keys a claim as its comparable text without layout at either end, plain ASCII text included', () => {
    const unit = fc.constantFrom('a', 'Z', '~', '!', ' ', '  ', '>', '[', ']', '[@k]', '\\', '\n', '\t', '\u2019', '\u00a0', '\u200b');
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 30 }), (parts) => {
        const source = parts.join('');
        assert.equal(anchorKey(source), toAnchorText(source).text.replace(/^[ \n]+|[ \n]+$/g, ''));
      }),
      { numRuns: 500 },
    );
  });

  it('folds case exactly as foldCaseKeepingLength does, offset for offset', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (source) => {
        const { text, folded } = toAnchorText(source);
        assert.equal(folded, foldCaseKeepingLength(text));
      }),
      { numRuns: 300 },
    );
  });

  it('turns a run of whitespace holding a blank line into a paragraph break', () => {
    assert.equal(toAnchorText('a\n\nb\n \n> \n>c').text, 'a\nb\nc');
  });

  it('keeps brackets that are links or plain text', () => {
    assert.equal(toAnchorText('[a link](https://x.org) [see @doe] [b]').text, '[a link](https://x.org) [b]');
  });
});

describe('bit-parallel edit distance', () => {
  const text = fc.array(fc.constantFrom('a', 'b', 'c', 'é', ' '), { maxLength: 90 }).map((c) => c.join(''));

  it('equals the textbook Levenshtein distance, patterns longer than one 32-bit block included', () => {
    fc.assert(
      fc.property(text, text, (a, b) => {
        if (a.length === 0) return;
        assert.equal(globalEditDistance(new PatternMasks(a), b, 0, b.length), levenshtein(a, b));
      }),
      { numRuns: 400 },
    );
  });

  it('finds the best substring distance at each end position (semi-global)', () => {
    fc.assert(
      fc.property(text, text, (a, b) => {
        if (a.length === 0 || b.length === 0) return;
        const out = new Int32Array(b.length);
        scanEditDistances(new PatternMasks(a), b, 0, b.length, 'semiGlobal', false, out);
        for (let end = 1; end <= b.length; end++) {
          let best = a.length;
          for (let start = 0; start <= end; start++) best = Math.min(best, levenshtein(a, b.slice(start, end)));
          assert.equal(out[end - 1], best);
        }
      }),
      { numRuns: 60 },
    );
  });
});
