import { strict as assert } from 'node:assert';
import { analyze, sources, texts } from './helpers';

describe('Pandoc attribute blocks (Quarto figures, spans, code, headings)', () => {
  it('are markup, not prose, after an image, a link, a span or inline code', () => {
    assert.deepEqual(texts('![Flights per month](flights.png){#fig-flights width=80%}\n'), ['\uFFFC']);
    assert.deepEqual(texts('See the [registry](https://example.org){target="_blank"} for details.\n'), ['See the registry for details.']);
    assert.deepEqual(texts('The route is [highlighted]{.mark} on the map.\n'), ['The route is [highlighted] on the map.']);
    assert.deepEqual(texts('Run `summary(x)`{.r} first.\n'), ['Run \uFFFC first.']);
  });

  it('end a heading after a space, as {#id} or {-}', () => {
    const [heading] = analyze('## Background {#sec-background .unnumbered}\n').blocks;
    assert.equal(heading.text.trim(), 'Background');
    assert.deepEqual(texts('# Appendix {-}\n').map((text) => text.trim()), ['Appendix']);
  });

  it('keep the offsets of the text after them', () => {
    const draft = 'See [site](https://e.org){.external} and the 40 flights.\n';
    const [block] = analyze(draft).blocks;
    assert.equal(sources(draft, block).join(''), 'See site and the 40 flights.');
  });

  it('leave braces that are not attributes, or not where Pandoc reads attributes, as prose', () => {
    assert.deepEqual(texts('The set {a, b} has two members.\n'), ['The set {a, b} has two members.']);
    assert.deepEqual(texts('Set {x=1} first, then {#y} in the middle.\n'), ['Set {x=1} first, then {#y} in the middle.']);
    // Quarto shortcodes are not attribute blocks either (they are left as they are).
    assert.deepEqual(texts('Shortcodes {{< video https://example.org/v >}} stay.\n'), ['Shortcodes {{< video https://example.org/v >}} stay.']);
  });
});
