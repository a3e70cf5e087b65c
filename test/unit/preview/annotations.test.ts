import { strict as assert } from 'node:assert';
import { entityTitle, sourceTitle } from '../../../src/core/preview/annotations';
import { annotate, SIDECAR } from './helpers';

describe('what the preview shows about a draft', () => {
  it('names a source by title, publisher and date', () => {
    assert.equal(
      sourceTitle({ title: 'Mystery Cargo', publisher: 'Foundation for Defense of Democracies', date: '2022-07-06', author: 'E. O.' }),
      'Mystery Cargo — Foundation for Defense of Democracies, 2022-07-06',
    );
  });

  it('names a source by its authors when it has no publisher, and by its title alone when it has neither', () => {
    assert.equal(sourceTitle({ title: 'Brief', author: ['A. Researcher', 'B. Analyst'], date: '2021-11' }), 'Brief — A. Researcher, B. Analyst, 2021-11');
    assert.equal(sourceTitle({ title: 'Untitled\nnotes' }), 'Untitled notes');
  });

  it('titles an entity by name and kind, with its description on a second line, cut when long', () => {
    assert.equal(entityTitle('Emtrasur', 'organization'), 'Emtrasur · organisation');
    const long = entityTitle('X', 'other', 'word '.repeat(100));
    const [, description] = long.split('\n');
    assert.ok(description.length <= 240 && description.endsWith('…'));
  });

  it('has nothing to show for a draft without sidecar or registry, even in review mode', () => {
    assert.equal(annotate('On 10 May 2022, someone was shot dead.\n', undefined, true), undefined);
  });

  it('has nothing to show for a draft whose sidecar is empty', () => {
    assert.equal(annotate('Emtrasur flew on 13 May 2022.\n', 'version: 1\n', true), undefined);
  });

  it('annotates a footnote whose definition cites a key, and no plain link', () => {
    const draft = 'A claim.[^1] And [a link](https://example.org).\n\n[^1]: See [@fdd-2022].\n';
    const annotations = annotate(draft, SIDECAR)!;
    assert.deepEqual(
      annotations.citations.map((citation) => [draft.slice(citation.span.start, citation.span.end), citation.keys]),
      [['[^1]', ['fdd-2022']]],
    );
  });

  it('lists uncited assertions only in review mode, with the finding\u2019s message as the reason', () => {
    const draft = 'On 10 May 2022, Marcelo Pecci was shot dead.\n';
    assert.deepEqual(annotate(draft, SIDECAR, false)!.uncited, []);
    const [uncited] = annotate(draft, SIDECAR, true)!.uncited;
    assert.equal(draft.slice(uncited.span.start, uncited.span.end), 'On 10 May 2022, Marcelo Pecci was shot dead.');
    assert.match(uncited.title, /^Uncited assertion: it gives a date/);
  });
});
