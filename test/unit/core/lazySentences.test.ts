import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { detectAssertion } from '../../../src/core/claims/assertions';
import { resolveSettings } from '../../../src/core/config';
import { analyzeDocument, type AssertionDetector } from '../../../src/core/lint';
import { toSourceSpan } from '../../../src/core/markdown/types';
import { loadSidecar } from '../../../src/core/sidecar/load';

const settings = resolveSettings({ sensitivity: 'high' });

function countingDetector(): { detect: AssertionDetector; calls: string[] } {
  const calls: string[] = [];
  return { calls, detect: (sentence, options) => (calls.push(sentence), detectAssertion(sentence, options)) };
}

describe('sentences judged lazily', () => {
  it('runs the detector only when a sentence\'s assertion is read, and once however often it is read', () => {
    const { detect, calls } = countingDetector();
    const text = 'The Venezuelan government paid 40 million dollars for the aircraft in 2021.\n\nIt landed in Tehran on 3 May.\n';
    const analysis = analyzeDocument({ uri: '/d/x.md', text, settings, detectAssertion: detect });
    assert.equal(analysis.sentences.length, 2);
    assert.deepEqual(calls, []);
    const first = analysis.sentences[0].assertion;
    assert.equal(analysis.sentences[0].assertion, first);
    assert.deepEqual(calls, [analysis.sentences[0].text]);
    assert.ok(first && first.cues.length > 0);
  });

  it('never judges headings and footnote texts', () => {
    const { detect, calls } = countingDetector();
    const analysis = analyzeDocument({ uri: '/d/x.md', text: '# Iran paid 40 million dollars in 2021\n', settings, detectAssertion: detect });
    assert.equal(analysis.sentences[0].assertion, undefined);
    assert.deepEqual(calls, []);
  });

  it('gives what the detector says, with cue spans mapped into the draft, for any prose', () => {
    const words = fc.constantFrom('Iran', 'paid', '40', 'million', 'dollars', 'in', '2021', 'the', 'aircraft', 'landed', 'said', '*it*', '[x](https://x.org)', 'and');
    const sentence = fc.array(words, { minLength: 1, maxLength: 12 }).map((w) => w.join(' ') + '.');
    fc.assert(
      fc.property(fc.array(sentence, { minLength: 1, maxLength: 6 }), fc.constantFrom(' ', '\n\n', '\n- '), (sentences, separator) => {
        const text = sentences.join(separator);
        const analysis = analyzeDocument({ uri: '/d/x.md', text, settings });
        // Sentences come in order: a repeated sentence is found after the one before it.
        const searchFrom = new Map<number, number>();
        for (const info of analysis.sentences) {
          const block = analysis.markdown.blocks[info.blockIndex];
          const textStart = block.text.indexOf(info.text, searchFrom.get(info.blockIndex) ?? 0);
          searchFrom.set(info.blockIndex, textStart + info.text.length);
          const expected = detectAssertion(info.text, { sensitivity: settings.sensitivity });
          const mapped = expected && {
            confidence: expected.confidence,
            cues: expected.cues.map((cue) => ({ kind: cue.kind, label: cue.label, span: toSourceSpan(block, textStart + cue.start, textStart + cue.end) })),
          };
          assert.deepEqual(info.assertion, mapped);
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe('sentences and the claims over them', () => {
  it('gives each sentence the sourced claims over it, ascending, and none to the others', () => {
    const sidecar = loadSidecar(
      '/d/x.sources.yaml',
      'sources:\n  a:\n    title: A\nclaims:\n  - text: "landed in Tehran"\n    sources: [a]\n  - text: "The plane"\n    sources: [a]\n  - text: "unsourced"\n',
    );
    const text = 'The plane landed in Tehran. It was unsourced. Nothing here.\n';
    const analysis = analyzeDocument({ uri: '/d/x.md', text, sidecar, settings });
    assert.deepEqual(analysis.sentences.map((s) => [...s.claimIndices]), [[0, 1], [], []]);
    assert.deepEqual(analysis.sentences.map((s) => s.citations.length), [0, 0, 0]);
  });
});
