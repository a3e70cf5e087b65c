import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { resolveSettings } from '../../../src/core/config';
import { EntityMatcher, patternsFromEntities } from '../../../src/core/entities/matcher';
import { analyzeDocument, lintAnalysis, lintDocument } from '../../../src/core/lint';
import { toSourceSpan } from '../../../src/core/markdown/types';
import { buildCatalog, loadSidecar } from '../../../src/core/sidecar/load';
import { spansOverlap } from '../../../src/core/types';

// The analysis shares one frozen empty list among the sentences without citations or claims, gives the others
// arrays of exactly their items, and lets a mention written as the catalog spells it share the catalog's string.
// These tests hold that to the plain construction the code used before (an own array per sentence, a slice per
// mention) on random drafts.

const sidecar = loadSidecar(
  '/d/x.sources.yaml',
  'sources:\n  a:\n    title: A\nentities:\n  e:\n    name: Fars Air Qeshm\n    kind: organization\n    aliases: [FAQ]\n  m:\n    name: Mahan Air\n    kind: organization\n' +
    'claims:\n  - text: "18 crew"\n    sources: [a]\n  - text: "Mahan Air flew"\n    sources: [a]\n  - text: "18 crew. Mahan"\n    sources: [a]\n  - text: "no source here"\n',
);
const settings = resolveSettings({ sensitivity: 'high' });
const noLinks = resolveSettings({ sensitivity: 'high', citations: { links: false } });

const draftish = fc
  .array(
    fc.constantFrom(
      'Fars Air Qeshm', 'fars air qeshm', 'FAQ', 'faq', 'Mahan Air', 'MAHAN AIR', 'Mahan  Air', 'Mahan&nbsp;Air', '18 crew', 'Mahan Air flew', 'no source here',
      ' ', '. ', '? ', '\n', '\n\n', '[@a]', '[^1]', '[^1]: note. ', '[x](https://x.org)', '[see [^1] and [@a]](https://x.org)', '| ', ' |\n', '|---|---|\n', '> ', '# ', '- ', '*', '`', 'é', '’',
    ),
    { maxLength: 50 },
  )
  .map((parts) => parts.join(''));

describe('the lists of an analysis', () => {
  it('gives each mention the text as written, as a slice of its block would', () => {
    const catalog = buildCatalog(sidecar, [], undefined);
    const matcher = EntityMatcher.build(patternsFromEntities(catalog.entities.values()));
    fc.assert(
      fc.property(draftish, (text) => {
        const analysis = analyzeDocument({ uri: '/d/x.md', text, sidecar, settings });
        const expected = analysis.markdown.blocks.flatMap((block) =>
          matcher.findAll(block.text).map((match) => ({
            entityId: match.entityId,
            kind: match.kind,
            span: toSourceSpan(block, match.start, match.end),
            matched: block.text.slice(match.start, match.end),
            name: match.name,
          })),
        );
        assert.deepEqual(analysis.mentions, expected);
      }),
      { numRuns: 300 },
    );
  });

  it('finds the entity mentions when they are first read, since no rule needs them, and keeps them from then on', () => {
    const { analysis } = lintDocument({ uri: '/d/x.md', text: 'Mahan Air flew for FAQ. Mahan Air again.', sidecar, settings });
    assert.equal(typeof Object.getOwnPropertyDescriptor(analysis, 'mentions')?.get, 'function');
    const first = analysis.mentions;
    assert.deepEqual(
      first.map((mention) => [mention.entityId, mention.matched]),
      [['m', 'Mahan Air'], ['e', 'FAQ'], ['m', 'Mahan Air']],
    );
    assert.equal(analysis.mentions, first, 'found once');
    assert.ok(Object.keys(analysis).includes('mentions'), 'still an own enumerable property, as before');
  });

  it('lets an assigned list of mentions replace the found ones, as a plain property would', () => {
    const analysis = analyzeDocument({ uri: '/d/x.md', text: 'Mahan Air flew.', sidecar, settings });
    analysis.mentions = [];
    assert.deepEqual(analysis.mentions, []);
  });

  it('gives the same findings whether or not the mentions were read', () => {
    fc.assert(
      fc.property(draftish, (text) => {
        const input = { uri: '/d/x.md', text, sidecar, settings };
        const unread = lintAnalysis(analyzeDocument(input), input);
        const readFirst = analyzeDocument(input);
        void readFirst.mentions.length;
        assert.deepEqual(lintAnalysis(readFirst, input).findings, unread.findings);
      }),
      { numRuns: 100 },
    );
  });

  it('gives each sentence exactly the citations and sourced claims over it, in an array of its own unless empty', () => {
    fc.assert(
      fc.property(draftish, fc.boolean(), (text, links) => {
        const analysis = analyzeDocument({ uri: '/d/x.md', text, sidecar, settings: links ? settings : noLinks });
        const counted = analysis.markdown.citations.filter((citation) => links || citation.kind !== 'link');
        const sourced = analysis.claimAnchors.filter(
          (anchor) => anchor.span && anchor.status !== 'orphaned' && analysis.catalog.claims[anchor.claimIndex].claim.sources.length > 0,
        );
        const owned = new Set<unknown>();
        for (const sentence of analysis.sentences) {
          const block = analysis.markdown.blocks[sentence.blockIndex];
          const scope =
            block.kind === 'table-cell'
              ? { start: text.lastIndexOf('\n', sentence.span.start - 1) + 1, end: text.indexOf('\n', sentence.span.end) < 0 ? text.length : text.indexOf('\n', sentence.span.end) }
              : sentence.span;
          const citations = counted.filter((citation) => spansOverlap(citation.span, scope)).sort((a, b) => a.span.start - b.span.start);
          const claims = [...new Set(sourced.filter((anchor) => spansOverlap(anchor.span!, sentence.span)).map((anchor) => anchor.claimIndex))].sort((a, b) => a - b);
          assert.deepEqual(sentence.citations, citations);
          assert.deepEqual(sentence.claimIndices, claims);
          for (const list of [sentence.citations, sentence.claimIndices] as unknown[][]) {
            // An empty list may be shared (and is frozen so that no writer can change it for every sentence); a
            // list with items belongs to its sentence alone.
            if (list.length === 0) assert.ok(Object.isFrozen(list));
            else {
              assert.ok(!owned.has(list));
              owned.add(list);
            }
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
