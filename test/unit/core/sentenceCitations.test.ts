import { strict as assert } from 'node:assert';
import { resolveSettings } from '../../../src/core/config';
import { lintDocument } from '../../../src/core/lint';

function citationKindsPerSentence(text: string): Array<[string, string[]]> {
  const { analysis } = lintDocument({ uri: 'file:///w/draft.md', text, settings: resolveSettings() });
  // The words only: a citation's marker in a sentence's text is a placeholder character.
  return analysis.sentences.map((sentence) => [sentence.text.replace(/[^\p{L}\p{N}]+/gu, ' ').trim(), sentence.citations.map((citation) => citation.kind)]);
}

describe('the citations of a sentence', () => {
  it('include a link whose text holds a footnote reference, for every sentence of that text', () => {
    // The footnote reference sits inside the link: the two citations nest, and the second sentence starts after
    // the footnote has ended but inside the link.
    const text = 'Intro. [The crew numbered 12 in 2019 [^1]. The plane landed at 3 pm on 4 May 2019 in Lisbon](https://example.org/a).\n\n[^1]: https://example.org/x\n';
    const kinds = citationKindsPerSentence(text);
    assert.deepEqual(kinds.slice(0, 3), [
      ['Intro', []],
      ['The crew numbered 12 in 2019', ['link', 'footnote']],
      ['The plane landed at 3 pm on 4 May 2019 in Lisbon', ['link']],
    ]);
  });

  it('do not leak into the next sentence after a link ends', () => {
    const kinds = citationKindsPerSentence('See [the log](https://example.org/a). The plane landed in Lisbon in 2019.\n');
    assert.deepEqual(kinds, [
      ['See the log', ['link']],
      ['The plane landed in Lisbon in 2019', []],
    ]);
  });
});
