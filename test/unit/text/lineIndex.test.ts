import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { LineIndex } from '../../../src/core/text/lineIndex';

/** Line starts the plain way: after every LF, after every CR that is not followed by an LF. */
function referenceLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\n' || (text[i] === '\r' && text[i + 1] !== '\n')) starts.push(i + 1);
  }
  return starts;
}

const textWithLineBreaks = fc.array(fc.constantFrom('a', 'é', ' ', '\n', '\r', '\r\n', '\n\n', '😀'), { maxLength: 60 }).map((parts) => parts.join(''));

describe('LineIndex', () => {
  it('finds the same lines as a plain scan, with LF, CR and CRLF endings', () => {
    fc.assert(
      fc.property(textWithLineBreaks, (text) => {
        const index = new LineIndex(text);
        const starts = referenceLineStarts(text);
        assert.equal(index.lineCount, starts.length);
        starts.forEach((start, line) => assert.equal(index.lineStart(line), start));
        for (let offset = 0; offset <= text.length; offset++) {
          let line = 0;
          while (line + 1 < starts.length && starts[line + 1] <= offset) line++;
          assert.deepEqual(index.positionAt(offset), { line, character: offset - starts[line] });
          assert.equal(index.offsetAt(index.positionAt(offset)), offset);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('puts "b" of "a\\nb" on line 1, character 0', () => {
    assert.deepEqual(new LineIndex('a\nb').positionAt(2), { line: 1, character: 0 });
  });
});

describe('LineIndex.positionAtOrAfter', () => {
  it('finds the position of an offset at or after a known one exactly as a binary search over every line does', () => {
    fc.assert(
      fc.property(textWithLineBreaks, fc.nat(), fc.nat(), (text, a, b) => {
        const lines = new LineIndex(text);
        const [first, second] = [a % (text.length + 1), b % (text.length + 1)].sort((x, y) => x - y);
        const from = lines.positionAt(first);
        assert.deepEqual(lines.positionAtOrAfter(from, second), lines.positionAt(second));
      }),
      { numRuns: 2000 },
    );
  });

  it('falls back to the binary search for an offset before the known position, outside the text or after a made-up line', () => {
    fc.assert(
      fc.property(textWithLineBreaks, fc.integer({ min: -5, max: 200 }), fc.integer({ min: -2, max: 100 }), fc.nat(5), (text, offset, line, character) => {
        const lines = new LineIndex(text);
        assert.deepEqual(lines.positionAtOrAfter({ line, character }, offset), lines.positionAt(offset));
      }),
      { numRuns: 2000 },
    );
  });
});
