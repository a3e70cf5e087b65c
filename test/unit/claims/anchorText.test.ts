import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { anchorKey, toAnchorText } from '../../../src/core/claims/anchor/anchorText';
import { foldCaseKeepingLength, foldTypography } from '../../../src/core/text/normalize';

/**
 * The comparable form written one unit at a time, as the anchorer did before it copied plain stretches as
 * slices: the text, and the source span of each of its units.
 */
function referenceComparable(source: string): { text: string; starts: number[]; ends: number[] } {
  const isWhitespace = (c: number) =>
    c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
  const isLineBreak = (c: number) => c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
  const isInvisible = (c: number) => c === 0x200b || c === 0x200c || c === 0x200d || c === 0x2060 || c === 0xfeff || c === 0xad;
  const markerEnd = (start: number): number => {
    const limit = Math.min(source.length, start + 400);
    let close = -1;
    for (let i = start + 1; i < limit; i++) {
      const c = source.charCodeAt(i);
      if (c === 91) return -1;
      if (c === 93) {
        close = i;
        break;
      }
    }
    if (close < 0) return -1;
    const next = source.charCodeAt(close + 1);
    if (next === 40 || next === 91 || next === 58) return -1;
    const inner = source.slice(start, close + 1);
    if (/^\[\^[^\s\]\[]+\]$/u.test(inner)) return close + 1;
    if (inner.charCodeAt(1) !== 94 && /@[\p{L}\p{N}_]/u.test(inner)) return close + 1;
    return -1;
  };
  let text = '';
  const starts: number[] = [];
  const ends: number[] = [];
  const write = (unit: string, start: number, end: number) => {
    text += unit;
    starts.push(start);
    ends.push(end);
  };
  let runStart = -1;
  let runEnd = 0;
  let runBreaks = 0;
  let atLineStart = true;
  const closeRun = () => {
    if (runStart >= 0) write(runBreaks >= 2 ? '\n' : ' ', runStart, runEnd);
    runStart = -1;
  };
  let i = 0;
  while (i < source.length) {
    const c = source.charCodeAt(i);
    if (isInvisible(c)) {
      i++;
      continue;
    }
    if (isWhitespace(c) || (c === 62 && atLineStart)) {
      if (runStart < 0) {
        runStart = i;
        runBreaks = 0;
      }
      if (isLineBreak(c)) {
        runBreaks++;
        atLineStart = true;
        if (c === 13 && source.charCodeAt(i + 1) === 10) i++;
      }
      runEnd = ++i;
      continue;
    }
    atLineStart = false;
    if (c === 91) {
      const end = markerEnd(i);
      if (end > 0) {
        if (runStart >= 0 && runBreaks < 2) runStart = -1;
        i = end;
        continue;
      }
    }
    closeRun();
    write(c < 128 ? source[i] : foldTypography(source[i]), i, i + 1);
    i++;
  }
  closeRun();
  return { text, starts, ends };
}

describe('the comparable text of a draft', () => {
  // Plain stretches (copied as slices) mixed with everything the writer treats unit by unit.
  const piece = fc.constantFrom(
    'The ferry', ' left', ' ', '  ', '\n', '\n\n', '\r\n', '\r', '\t', '\u00a0', '>', '> ', '\n> ', '[', ']', '[@key]',
    ' [@a, p. 3]', '[^n]', '[x](y)', '(', 'x.', '\u00ad', '\u200b', '\u201cq\u201d', '\u2019', '\u2014', 'É', 'İ', 'Σ',
    '\ud83d\udea2', '\ud800', '\udc00', '\u007f', '\u0000', '\u2028', '\u3000', 'a'.repeat(40),
  );
  const source = fc.oneof(fc.array(piece, { maxLength: 200 }).map((pieces) => pieces.join('')), fc.string({ maxLength: 200 }));

  it('is the text written unit by unit, each unit with the same source span', () => {
    fc.assert(
      fc.property(source, (s) => {
        const expected = referenceComparable(s);
        const { text, offsets, folded } = toAnchorText(s);
        assert.equal(text, expected.text);
        assert.deepEqual(Array.from({ length: text.length }, (_, k) => offsets.start(k)), expected.starts);
        assert.deepEqual(Array.from({ length: text.length }, (_, k) => offsets.end(k)), expected.ends);
        assert.equal(folded, foldCaseKeepingLength(text));
        assert.equal(anchorKey(s), expected.text.replace(/^[ \n]+|[ \n]+$/g, ''));
      }),
      { numRuns: 500 },
    );
  });

  it('gives the span from the start of one unit to the end of a later one as start() and end() do', () => {
    fc.assert(
      fc.property(source, fc.nat(), fc.nat(), (s, a, b) => {
        const { text, offsets } = toAnchorText(s);
        fc.pre(text.length > 0);
        const first = Math.min(a, b) % text.length;
        const last = first + ((Math.max(a, b) - Math.min(a, b)) % (text.length - first));
        assert.deepEqual(offsets.span(first, last), { start: offsets.start(first), end: offsets.end(last) });
      }),
      { numRuns: 500 },
    );
  });

  // Citation markers are recognised in place, without regular expressions: brackets of footnote labels and
  // citation keys with every kind of character the expressions tell apart (\s, the byte-order mark, letters and
  // numbers beyond ASCII, a letter outside the BMP, lone surrogates, "_", "^" and "@" anywhere).
  it('drops exactly the brackets that the citation expressions accept', () => {
    const unit = fc.constantFrom('[', '[^', '[@', ' [@', ']', '@', '^', '_', 'a', 'Z', '7', ' ', '\t', '\u00a0', '\ufeff', '\u2028', 'é', '\u0663', '\ud835\udc00', '\ud835', '\udc00', '-', '(', ':', '.', '\u00ad');
    fc.assert(
      fc.property(fc.array(unit, { minLength: 10, maxLength: 80 }), (units) => {
        const s = units.join('');
        const expected = referenceComparable(s);
        const { text, offsets } = toAnchorText(s);
        assert.equal(text, expected.text);
        assert.deepEqual(Array.from({ length: text.length }, (_, k) => offsets.start(k)), expected.starts);
      }),
      { numRuns: 3000 },
    );
  });

  it('is the same for a draft longer than the writer holds at once', () => {
    const long = fc.array(piece, { minLength: 2000, maxLength: 4000 }).map((pieces) => pieces.join(''));
    fc.assert(
      fc.property(long, (s) => {
        const expected = referenceComparable(s);
        const { text, offsets } = toAnchorText(s);
        assert.equal(text, expected.text);
        for (let k = 0; k < text.length; k += 13) {
          assert.equal(offsets.start(k), expected.starts[k]);
          assert.equal(offsets.end(k), expected.ends[k]);
        }
      }),
      { numRuns: 20 },
    );
  });
});
