import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { resolveSettings } from '../../../src/core/config';
import { lintDocument } from '../../../src/core/lint';
import { buildPreviewAnnotations } from '../../../src/core/preview/annotations';
import { escapeAttribute, sourcedPreviewPlugin } from '../../../src/core/preview/markdownItPlugin';
import { loadSidecar } from '../../../src/core/sidecar/load';
import { annotate, previewMarkdownIt, renderWith, SIDECAR, withoutSourcedTags } from './helpers';

const EXAMPLES = join(__dirname, '..', '..', '..', 'examples');

/** The opening tags of every span the plugin wrote with `className`, and the text right after each. */
function spansOf(html: string, className: string): Array<{ tag: string; text: string }> {
  const pattern = new RegExp(`(<span class="[^"]*\\b${className}\\b[^"]*"[^>]*>)([^<]*)`, 'g');
  return [...html.matchAll(pattern)].map((match) => ({ tag: match[1], text: match[2] }));
}

function titleOf(tag: string): string | undefined {
  return /title="([^"]*)"/.exec(tag)?.[1];
}

describe('the Markdown preview plugin', () => {
  describe('leaves the plain preview alone', () => {
    it('renders a draft without a sidecar byte for byte like markdown-it without the plugin', () => {
      const draft = readFileSync(join(EXAMPLES, 'cargo.md'), 'utf8');
      const annotations = annotate(draft, undefined, true);
      assert.equal(annotations, undefined, 'no sidecar, no registry: nothing to show, even in review mode');
      const md = sourcedPreviewPlugin(previewMarkdownIt(), { annotationsFor: () => annotations });
      assert.equal(md.render(draft), previewMarkdownIt().render(draft));
    });

    it('renders byte for byte like plain markdown-it when the host has no annotations, for any Markdown-like text', () => {
      const md = sourcedPreviewPlugin(previewMarkdownIt({ typographer: true }), { annotationsFor: () => undefined });
      const plain = previewMarkdownIt({ typographer: true });
      fc.assert(
        fc.property(markdownish, (draft) => assert.equal(md.render(draft), plain.render(draft))),
        { numRuns: 200 },
      );
    });

    it('wraps each mention once when the plugin is registered twice on the same markdown-it', () => {
      const draft = 'Emtrasur flew.\n';
      const annotations = annotate(draft, SIDECAR);
      const md = previewMarkdownIt();
      sourcedPreviewPlugin(sourcedPreviewPlugin(md, { annotationsFor: () => annotations }), { annotationsFor: () => annotations });
      assert.equal(md.render(draft), renderWith(draft, annotations));
    });

    it('renders untouched when the host throws', () => {
      const md = sourcedPreviewPlugin(previewMarkdownIt(), {
        annotationsFor: () => {
          throw new Error('host failure');
        },
      });
      assert.equal(md.render('Marcelo Pecci was shot.'), previewMarkdownIt().render('Marcelo Pecci was shot.'));
    });

    it('renders untouched when the annotations belong to another text than the one rendered', () => {
      const annotations = annotate('Marcelo Pecci was shot.', SIDECAR)!;
      const other = 'Someone else, not Marcelo Pecci.';
      assert.equal(renderWith(other, annotations), previewMarkdownIt().render(other));
    });

    it('keeps code spans, code blocks and image alt text free of spans', () => {
      const draft = 'The `Emtrasur` code and ![Emtrasur](x.png) image.\n\n    Emtrasur in a code block\n\n```\nEmtrasur fenced\n```\n';
      const html = renderWith(draft, annotate(draft, SIDECAR));
      assert.match(html, /<code>Emtrasur<\/code>/);
      assert.match(html, /alt="Emtrasur"/);
      assert.match(html, /<pre><code>Emtrasur in a code block/);
      assert.equal(spansOf(html, 'sourced-entity').length, 0);
    });
  });

  describe('entities', () => {
    it('wraps each mention in a span classed by kind with the entity name and kind as its title', () => {
      const draft = 'Marcelo Pecci was shot. Pecci worked in Ciudad del Este. Emtrasur flew a Boeing 747.\n';
      const html = renderWith(draft, annotate(draft, SIDECAR));
      const spans = spansOf(html, 'sourced-entity');
      assert.deepEqual(
        spans.map((span) => span.text),
        ['Marcelo Pecci', 'Pecci', 'Ciudad del Este', 'Emtrasur', 'Boeing 747'],
      );
      assert.match(spans[0].tag, /class="sourced-entity sourced-entity-person"/);
      assert.equal(titleOf(spans[1].tag), 'Marcelo Pecci · person\nParaguayan prosecutor.', 'an alias shows the entity name');
      assert.match(spans[2].tag, /sourced-entity-place/);
      assert.match(spans[3].tag, /class="sourced-entity sourced-entity-organization" title="Emtrasur · organisation"/);
      assert.match(spans[4].tag, /sourced-entity-vehicle/);
      assert.equal(withoutSourcedTags(html), previewMarkdownIt().render(draft));
    });

    it('matches "Côte d’Ivoire" for the name "Côte d\'Ivoire", also when the typographer curls the apostrophe', () => {
      const draft = "Flights to Côte d’Ivoire and to Côte d'Ivoire.\n";
      const html = renderWith(draft, annotate(draft, SIDECAR), { typographer: true });
      assert.deepEqual(
        spansOf(html, 'sourced-entity').map((span) => span.text),
        ['Côte d’Ivoire', 'Côte d’Ivoire'],
      );
    });

    it('finds mentions after escapes, character references, emphasis and links in the same paragraph', () => {
      const draft = 'A \\*star\\* &amp; **bold** [a link](https://example.org/Emtrasur) then Emtrasur &mdash; and *Marcelo Pecci*.\n';
      const html = renderWith(draft, annotate(draft, SIDECAR));
      assert.deepEqual(
        spansOf(html, 'sourced-entity').map((span) => span.text),
        ['Emtrasur', 'Marcelo Pecci'],
      );
      assert.match(html, /href="https:\/\/example.org\/Emtrasur"/, 'the link destination is untouched');
      assert.equal(withoutSourcedTags(html), previewMarkdownIt().render(draft));
    });

    it('highlights a mention split by emphasis in both of its parts', () => {
      const draft = 'The *Boeing* 747 landed.\n';
      const html = renderWith(draft, annotate(draft, SIDECAR));
      assert.deepEqual(
        spansOf(html, 'sourced-entity-vehicle').map((span) => span.text),
        ['Boeing', ' 747'],
      );
    });

    it('highlights mentions in headings, list items, blockquotes and table cells', () => {
      const draft = '# Emtrasur\n\n- Pecci\n\n> Ciudad del Este\n\n| A | B |\n| - | - |\n| Pecci | Emtrasur and Pecci |\n';
      const html = renderWith(draft, annotate(draft, SIDECAR));
      assert.match(html, /<h1><span class="sourced-entity sourced-entity-organization"[^>]*>Emtrasur<\/span><\/h1>/);
      assert.match(html, /<li><span class="sourced-entity sourced-entity-person"[^>]*>Pecci<\/span><\/li>/);
      assert.match(html, /<p><span class="sourced-entity sourced-entity-place"[^>]*>Ciudad del Este<\/span><\/p>/);
      assert.match(html, /<td><span[^>]*>Pecci<\/span><\/td>\n<td><span[^>]*>Emtrasur<\/span> and <span[^>]*>Pecci<\/span><\/td>/);
    });

    it('places spans on the right words in a CRLF draft', () => {
      const draft = 'First line.\r\nSecond line names Emtrasur.\r\n\r\nThen Pecci.\r\n';
      const html = renderWith(draft, annotate(draft, SIDECAR));
      assert.deepEqual(
        spansOf(html, 'sourced-entity').map((span) => span.text),
        ['Emtrasur', 'Pecci'],
      );
    });

    it('places spans on the right words after YAML front matter', () => {
      const draft = '---\ntitle: Emtrasur\n---\n\nEmtrasur landed.\n';
      const html = renderWith(draft, annotate(draft, SIDECAR));
      assert.deepEqual(
        spansOf(html, 'sourced-entity').map((span) => span.text),
        ['Emtrasur'],
      );
    });
  });

  describe('citations', () => {
    it('renders [@fdd-2022] with the source\u2019s title, publisher and date as its title', () => {
      const draft = 'Pecci was a prosecutor [@fdd-2022].\n';
      const html = renderWith(draft, annotate(draft, SIDECAR));
      const [citation] = spansOf(html, 'sourced-citation');
      assert.equal(citation.text, '[@fdd-2022]');
      assert.equal(titleOf(citation.tag), 'Mystery Cargo — Foundation for Defense of Democracies, 2022-07-06');
      assert.match(citation.tag, /data-sourced-keys="fdd-2022"/);
    });

    it('names every source of a multi-key citation, with its locator, one per line', () => {
      const draft = 'Two sources say so [@fdd-2022, para. 4; @news-2022].\n';
      const html = renderWith(draft, annotate(draft, SIDECAR));
      const [citation] = spansOf(html, 'sourced-citation');
      assert.equal(
        titleOf(citation.tag),
        'Mystery Cargo — Foundation for Defense of Democracies, 2022-07-06 (para. 4)\nProsecutor shot dead — A. Reporter, B. Reporter, 2022-05-10',
      );
    });

    it('gives an in-text citation @key its source\u2019s title', () => {
      const draft = '@fdd-2022 names him.\n';
      const html = renderWith(draft, annotate(draft, SIDECAR));
      assert.equal(spansOf(html, 'sourced-citation')[0].text, '@fdd-2022');
    });

    it('marks a citation of an unknown key as a problem and says so on hover', () => {
      const draft = 'Nobody defined this [@missing-key].\n';
      const html = renderWith(draft, annotate(draft, SIDECAR));
      const [citation] = spansOf(html, 'sourced-citation');
      assert.match(citation.tag, /class="sourced-citation sourced-citation-unknown"/);
      assert.match(titleOf(citation.tag)!, /@missing-key: no source with this key/);
    });
  });

  describe('review mode', () => {
    const draft = 'On 10 May 2022, Marcelo Pecci was shot dead in Colombia.\nPecci was a prosecutor [@fdd-2022].\n';

    it('shades an uncited assertion, with the reason as its title, keeping the entity spans inside it', () => {
      const html = renderWith(draft, annotate(draft, SIDECAR, true));
      const [sentence] = spansOf(html, 'sourced-uncited');
      assert.ok(sentence, 'the uncited sentence is shaded');
      assert.equal(sentence.text, 'On 10 May 2022, ');
      assert.match(titleOf(sentence.tag)!, /^Uncited assertion: it gives a date: &#34;On 10 May 2022&#34;/);
      assert.match(html, /<span class="sourced-uncited"[^>]*>On 10 May 2022, <span class="sourced-entity sourced-entity-person"[^>]*>Marcelo Pecci<\/span> was shot dead in Colombia\.<\/span>/);
      assert.equal(spansOf(html, 'sourced-uncited').length, 1, 'the cited sentence is not shaded');
    });

    it('shades nothing when review mode is off', () => {
      assert.equal(spansOf(renderWith(draft, annotate(draft, SIDECAR, false)), 'sourced-uncited').length, 0);
    });

    it('shades nothing that a suppression comment silences', () => {
      const silenced = '<!-- sourced-disable-next-line uncited-assertion -->\nOn 10 May 2022, Marcelo Pecci was shot dead.\n';
      assert.equal(spansOf(renderWith(silenced, annotate(silenced, SIDECAR, true)), 'sourced-uncited').length, 0);
    });
  });

  describe('escaping', () => {
    const hostile = `sources:
  evil:
    title: '"><script>alert(1)</script>'
    publisher: "Tom & Jerry's <b>"
entities:
  x:
    name: 'Acme" onmouseover="alert(1)'
    kind: organization
    description: "</span><img src=x onerror=alert(1)>"
  y:
    name: Evil Corp
    kind: organization
    description: "' onclick='alert(2)"
`;

    it('escapes sidecar text in every attribute, so hostile names and titles stay text', () => {
      const draft = 'Evil Corp and Acme" onmouseover="alert(1) met [@evil].\n';
      const html = renderWith(draft, annotate(draft, hostile));
      assert.doesNotMatch(html, /<script|<img|<b>|onmouseover="|onclick='/);
      const entity = spansOf(html, 'sourced-entity')[0];
      assert.equal(titleOf(entity.tag), 'Evil Corp · organisation\n&#39; onclick=&#39;alert(2)');
      const citation = spansOf(html, 'sourced-citation')[0];
      assert.equal(titleOf(citation.tag), '&#34;&#62;&#60;script&#62;alert(1)&#60;/script&#62; — Tom &#38; Jerry&#39;s &#60;b&#62;');
      assert.equal(withoutSourcedTags(html), previewMarkdownIt().render(draft));
    });

    it('escapes &, <, >, " and \' in attribute values', () => {
      assert.equal(escapeAttribute(`a&b<c>d"e'f`), 'a&#38;b&#60;c&#62;d&#34;e&#39;f');
    });
  });

  describe('on the example draft', () => {
    const draft = readFileSync(join(EXAMPLES, 'cargo.md'), 'utf8');
    const sidecar = loadSidecar(join(EXAMPLES, 'cargo.sources.yaml'), readFileSync(join(EXAMPLES, 'cargo.sources.yaml'), 'utf8'));
    const registry = loadSidecar(join(EXAMPLES, 'registry', 'organisations.yaml'), readFileSync(join(EXAMPLES, 'registry', 'organisations.yaml'), 'utf8'));
    const { analysis, findings } = lintDocument({ uri: 'cargo.md', text: draft, sidecar, registries: [registry], settings: resolveSettings() });

    it('highlights every mention the engine found, on exactly the words it found', () => {
      const annotations = buildPreviewAnnotations(analysis, findings, { reviewMode: false })!;
      const html = renderWith(draft, annotations);
      const rendered = spansOf(html, 'sourced-entity').map((span) => span.text);
      assert.deepEqual(rendered, analysis.mentions.map((mention) => draft.slice(mention.span.start, mention.span.end)));
    });

    it('gives every Pandoc citation its title', () => {
      const annotations = buildPreviewAnnotations(analysis, findings, { reviewMode: false })!;
      const html = renderWith(draft, annotations);
      const citations = spansOf(html, 'sourced-citation');
      assert.ok(citations.some((span) => span.text === '[@fdd-2022; @cijr-2022]' && titleOf(span.tag)!.includes('Canadian Institute for Jewish Research')));
      assert.ok(citations.some((span) => span.text === '[@ofac-sdn]'), 'a key of the shared registry');
      assert.deepEqual(
        citations.filter((span) => span.tag.includes('sourced-citation-unknown')).map((span) => span.text),
        ['[@reuters-2022]'],
        'only the key the example leaves undefined on purpose',
      );
    });

    it('changes nothing but the added tags, in review mode and with the typographer on', () => {
      const annotations = buildPreviewAnnotations(analysis, findings, { reviewMode: true })!;
      for (const typographer of [false, true]) {
        const html = renderWith(draft, annotations, { typographer });
        assert.equal(withoutSourcedTags(html), previewMarkdownIt({ typographer }).render(draft));
        assert.ok(spansOf(html, 'sourced-uncited').length > 0);
      }
    });
  });

  describe('on any input', () => {
    it('only adds tags, and never throws, for any Markdown-like draft checked against the sidecar', () => {
      fc.assert(
        fc.property(markdownish, fc.boolean(), fc.boolean(), (draft, reviewMode, typographer) => {
          const html = renderWith(draft, annotate(draft, SIDECAR, reviewMode), { typographer });
          assert.equal(withoutSourcedTags(html), previewMarkdownIt({ typographer }).render(draft));
        }),
        { numRuns: 300 },
      );
    });
  });
});

/** Markdown-ish drafts built from the pieces that make markdown-it, the engine and the alignment branch. */
const markdownish = fc
  .array(
    fc.constantFrom(
      'Emtrasur', 'Marcelo Pecci', 'Pecci', 'Boeing 747', "Côte d'Ivoire", 'Ciudad del Este', ' ', ' ', 'a', 'On 10 May 2022', ' said ',
      '[@fdd-2022]', '[@nope]', '@news-2022', '[', ']', '(', ')', '*', '**', '_', '`', '\\', '&amp;', '&mdash;', '...', '--', '(c)', '"', "'",
      '\n', '\n\n', '\r\n', '> ', '# ', '- ', '1. ', '| a | b |\n| - | - |\n', '|', '<b>', '</b>', '<!-- x -->', 'https://example.org/x',
      '[link](https://example.org/Pecci)', '![img](x.png)', '    ', '```\n', '---\n', '.', '😀', 'é',
    ),
    { maxLength: 40 },
  )
  .map((parts) => parts.join(''));
