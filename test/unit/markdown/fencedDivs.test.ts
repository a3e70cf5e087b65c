import { strict as assert } from 'node:assert';
import MarkdownIt from 'markdown-it';
import { fencedDivRule } from '../../../src/core/markdown/fencedDivs';
import { analyze, sources } from './helpers';

/** A plain CommonMark parser with only the fenced div rule added, so that these tests pin the rule itself. */
function parse(src: string): Array<{ type: string; map: [number, number] | null; info: string; content: string }> {
  const md = new MarkdownIt('commonmark');
  md.block.ruler.before('fence', 'pandoc_fenced_div', fencedDivRule, { alt: ['paragraph', 'reference', 'blockquote', 'list'] });
  return md.parse(src, {}).map((token) => ({ type: token.type, map: token.map as [number, number] | null, info: token.info, content: token.content }));
}

function paragraphs(src: string): string[] {
  return parse(src).filter((token) => token.type === 'inline').map((token) => token.content);
}

describe('Pandoc fenced divs (Quarto callouts, columns, panels)', () => {
  it('take the fence lines out of the prose and keep the content as paragraphs', () => {
    const tokens = parse('::: {.callout-note title="Why"}\nThe crew of 19 included seven Iranians.\n:::\n\nAfter the div.\n');
    assert.deepEqual(paragraphs('::: {.callout-note title="Why"}\nThe crew of 19 included seven Iranians.\n:::\n\nAfter the div.\n'), [
      'The crew of 19 included seven Iranians.',
      'After the div.',
    ]);
    const open = tokens.find((token) => token.type === 'pandoc_div_open')!;
    assert.equal(open.info, '{.callout-note title="Why"}');
    assert.deepEqual(open.map, [0, 3]);
  });

  it('accept a bare class word, more than three colons and trailing colons on the opening fence', () => {
    assert.deepEqual(paragraphs('::: warning\nMind the gap.\n:::\n'), ['Mind the gap.']);
    assert.deepEqual(paragraphs(':::: {.columns} ::::\nLeft column.\n::::\n'), ['Left column.']);
  });

  it('nest, each closing fence closing the innermost div', () => {
    const src = ':::: {.columns}\n::: {.column}\nLeft.\n:::\n::: {.column}\nRight.\n:::\n::::\nOutside.\n';
    assert.deepEqual(paragraphs(src), ['Left.', 'Right.', 'Outside.']);
    const opens = parse(src).filter((token) => token.type === 'pandoc_div_open').map((token) => token.map);
    assert.deepEqual(opens, [[0, 8], [1, 4], [4, 7]]);
  });

  it('end a paragraph that runs into an opening fence, as in "Text.\\n::: note"', () => {
    assert.deepEqual(paragraphs('Intro.\n::: note\nInside.\n:::\n'), ['Intro.', 'Inside.']);
  });

  it('work inside block quotes and list items, and end with them when left open', () => {
    assert.deepEqual(paragraphs('> ::: quote\n> Quoted.\n> :::\n'), ['Quoted.']);
    assert.deepEqual(paragraphs('- item\n  ::: {.x}\n  In the item.\n  :::\n- next\n'), ['item', 'In the item.', 'next']);
    assert.deepEqual(paragraphs('- item\n  ::: {.x}\n  Left open.\n- next\n'), ['item', 'Left open.', 'next']);
  });

  it('run to the end of the draft when never closed', () => {
    assert.deepEqual(paragraphs('::: open\nNever closed.\n'), ['Never closed.']);
  });

  it('leave alone what is not a fence: colons in prose, two colons, an indented fence (code), a fence in code', () => {
    assert.deepEqual(paragraphs('Ratio 3:::2 in the text.\n'), ['Ratio 3:::2 in the text.']);
    assert.deepEqual(paragraphs(':: not a div\n'), [':: not a div']);
    assert.deepEqual(paragraphs('::: {.a} b\n'), ['::: {.a} b'], 'a word after the attributes: not a fence');
    assert.equal(parse('    ::: {.x}\n').some((token) => token.type === 'pandoc_div_open'), false);
    assert.equal(parse('```\n::: {.x}\n```\n').some((token) => token.type === 'pandoc_div_open'), false);
  });

  it('read a lone closing fence as prose, since it closes nothing', () => {
    assert.deepEqual(paragraphs(':::\n'), [':::']);
  });
});

describe('fenced divs in the analysis', () => {
  it('leave only the content as prose, with offsets into the draft', () => {
    const draft = '::: {.callout-note}\nThe crew of 18 included seven Iranians.\n:::\n';
    const [block, ...rest] = analyze(draft).blocks;
    assert.deepEqual(rest, []);
    assert.equal(block.text, 'The crew of 18 included seven Iranians.');
    assert.equal(sources(draft, block).join(''), 'The crew of 18 included seven Iranians.');
    assert.equal(block.sourceStarts[0], draft.indexOf('The crew'));
  });
});
