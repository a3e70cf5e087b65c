import { strict as assert } from 'node:assert';
import { toSourceSpan } from '../../../src/core/markdown/types';
import { CITE, CODE, analyze, slice, sources, texts } from './helpers';

describe('analyzeMarkdown: prose blocks', () => {
  describe('what counts as prose', () => {
    it('makes one paragraph block per paragraph, with its span covering its lines', () => {
      const md = 'First line\nsecond line.\n\nAnother paragraph.\n';
      const { blocks } = analyze(md);
      assert.deepEqual(blocks.map((b) => b.kind), ['paragraph', 'paragraph']);
      assert.equal(slice(md, blocks[0].span), 'First line\nsecond line.');
      assert.equal(slice(md, blocks[1].span), 'Another paragraph.');
    });

    it('skips fenced and indented code blocks', () => {
      assert.deepEqual(texts('Before.\n\n```js\nconst a = "@key";\n```\n\n    indented @code\n\nAfter.'), ['Before.', 'After.']);
    });

    it('skips YAML front matter at the top and records it', () => {
      const md = '---\ntitle: "Cargo"\ntags: [a]\n---\nBody text.\n';
      const analysis = analyze(md);
      assert.deepEqual(analysis.blocks.map((b) => b.text), ['Body text.']);
      assert.equal(slice(md, analysis.frontMatter!.span), '---\ntitle: "Cargo"\ntags: [a]\n---');
      assert.equal(analysis.frontMatter!.text, 'title: "Cargo"\ntags: [a]\n');
    });

    it('accepts `...` as the end of front matter', () => {
      const analysis = analyze('---\na: 1\n...\nText.');
      assert.equal(analysis.frontMatter?.text, 'a: 1\n');
      assert.deepEqual(analysis.blocks.map((b) => b.text), ['Text.']);
    });

    it('does not take a `---` block further down for front matter', () => {
      const analysis = analyze('Intro.\n\n---\na: 1\n---\n');
      assert.equal(analysis.frontMatter, undefined);
    });

    it('treats an unclosed opening `---` as Markdown, not front matter', () => {
      assert.equal(analyze('---\nJust text.').frontMatter, undefined);
    });

    it('skips HTML blocks and HTML comments', () => {
      assert.deepEqual(texts('<div>\n<p>@key inside</p>\n</div>\n\n<!-- a comment -->\n\nProse.'), ['Prose.']);
    });

    it('skips link reference definitions', () => {
      assert.deepEqual(texts('See [the report][r].\n\n[r]: https://example.org/report "Title"\n'), ['See the report.']);
    });

    it('makes ATX and setext headings blocks of kind heading with their level', () => {
      const md = '# One\n\n### Three ###\n\nTwo\n---\n\nAlso one\n===\n';
      const headings = analyze(md).blocks;
      assert.deepEqual(
        headings.map((b) => [b.kind, b.level, b.text]),
        [
          ['heading', 1, 'One'],
          ['heading', 3, 'Three'],
          ['heading', 2, 'Two'],
          ['heading', 1, 'Also one'],
        ],
      );
      assert.equal(slice(md, headings[1].span), '### Three ###');
      assert.equal(slice(md, headings[2].span), 'Two\n---');
    });

    it('gives paragraphs level 0', () => {
      assert.equal(analyze('Text.').blocks[0].level, 0);
    });

    it('keeps list items and blockquotes as prose, recording their containers outermost first', () => {
      const { blocks } = analyze('- item one\n- item two\n\n> quoted\n>\n> - nested item\n');
      assert.deepEqual(
        blocks.map((b) => [b.text, b.containers]),
        [
          ['item one', ['list-item']],
          ['item two', ['list-item']],
          ['quoted', ['blockquote']],
          ['nested item', ['blockquote', 'list-item']],
        ],
      );
    });

    it('makes every GFM table cell its own block, header row included', () => {
      const md = '| Name | Role |\n|---|:---:|\n| Ana | pilot |\n| Bo |\n';
      const { blocks } = analyze(md);
      assert.deepEqual(
        blocks.map((b) => [b.kind, b.text]),
        [
          ['table-cell', 'Name'],
          ['table-cell', 'Role'],
          ['table-cell', 'Ana'],
          ['table-cell', 'pilot'],
          ['table-cell', 'Bo'],
          ['table-cell', ''],
        ],
      );
      assert.deepEqual(blocks[2].containers, ['table']);
      assert.equal(slice(md, blocks[3].span), 'pilot');
    });

    it('reads `\\|` in a table cell as a pipe that maps to both characters', () => {
      const md = '| a \\| b | c |\n|---|---|\n| d | e |';
      const cell = analyze(md).blocks[0];
      assert.equal(cell.text, 'a | b');
      assert.equal(sources(md, cell)[2], '\\|');
    });

    it('maps table cells inside a blockquote', () => {
      const md = '> | x | y |\n> |---|---|\n> | *z* | w |';
      const { blocks } = analyze(md);
      assert.deepEqual(blocks.map((b) => b.text), ['x', 'y', 'z', 'w']);
      assert.deepEqual(blocks[2].containers, ['blockquote', 'table']);
      assert.equal(slice(md, toSourceSpan(blocks[2], 0, 1)), 'z');
    });
  });

  describe('the visible text', () => {
    it('removes emphasis, strong and strikethrough markers', () => {
      const md = 'A *very* **bold** ~~old~~ _claim_ ***here***.';
      const block = analyze(md).blocks[0];
      assert.equal(block.text, 'A very bold old claim here.');
      assert.equal(slice(md, toSourceSpan(block, 2, 6)), 'very');
      assert.equal(slice(md, toSourceSpan(block, 7, 11)), 'bold');
    });

    it('keeps unmatched emphasis markers as text', () => {
      assert.deepEqual(texts('2 * 3 = 6 and a_b_c'), ['2 * 3 = 6 and a_b_c']);
    });

    it('decodes backslash escapes, mapping the character to the escape', () => {
      const md = 'Not \\*emphasis\\* here';
      const block = analyze(md).blocks[0];
      assert.equal(block.text, 'Not *emphasis* here');
      assert.equal(sources(md, block)[4], '\\*');
    });

    it('decodes entity and numeric character references to their whole source run', () => {
      const md = 'AT&amp;T &#169; caf&eacute; &#x1F600;';
      const block = analyze(md).blocks[0];
      assert.equal(block.text, 'AT&T © café 😀');
      const src = sources(md, block);
      assert.equal(src[2], '&amp;');
      assert.equal(src[5], '&#169;');
      assert.equal(src[10], '&eacute;');
      assert.equal(src[12], '&#x1F600;');
      assert.equal(src[13], '&#x1F600;');
    });

    it('turns a soft line break into one space mapped to the line ending', () => {
      const md = 'one\ntwo';
      const block = analyze(md).blocks[0];
      assert.equal(block.text, 'one two');
      assert.equal(sources(md, block)[3], '\n');
    });

    it('turns hard line breaks into one space without their trailing spaces or backslash', () => {
      const md = 'one   \ntwo\\\nthree';
      const block = analyze(md).blocks[0];
      assert.equal(block.text, 'one two three');
      const src = sources(md, block);
      assert.equal(src[3], '\n');
      assert.equal(src[7], '\n');
    });

    it('maps a CRLF line ending to both characters and keeps later offsets exact', () => {
      const md = 'first line\r\nsecond *line*\r\n\r\nnext para';
      const { blocks } = analyze(md);
      assert.equal(blocks[0].text, 'first line second line');
      assert.equal(sources(md, blocks[0])[10], '\r\n');
      assert.equal(slice(md, toSourceSpan(blocks[0], 11, 22)), 'second *line');
      assert.equal(slice(md, blocks[1].span), 'next para');
    });

    it('handles lone CR line endings', () => {
      const md = 'a\rb\r\rc';
      const { blocks } = analyze(md);
      assert.deepEqual(blocks.map((b) => b.text), ['a b', 'c']);
      assert.equal(slice(md, blocks[1].span), 'c');
    });

    it('never includes container prefixes, even on lazy continuation lines', () => {
      const md = '> - item *one*\n>   continued\nlazy line\n';
      const block = analyze(md).blocks[0];
      assert.equal(block.text, 'item one continued lazy line');
      assert.equal(slice(md, toSourceSpan(block, 9, 18)), 'continued');
      assert.equal(slice(md, toSourceSpan(block, 19, 28)), 'lazy line');
    });

    it('maps text after a tab-indented list marker', () => {
      const md = '-\tTabbed item\n\n1.\ttext\twith tab';
      const { blocks } = analyze(md);
      assert.equal(blocks[0].text, 'Tabbed item');
      assert.equal(slice(md, toSourceSpan(blocks[0], 0, 6)), 'Tabbed');
      assert.equal(blocks[1].text, 'text\twith tab');
      assert.equal(slice(md, toSourceSpan(blocks[1], 0, 13)), 'text\twith tab');
    });

    it('keeps link text and drops the destination and title', () => {
      const md = 'Read [the *report*](https://example.org/r "Title") now.';
      const block = analyze(md).blocks[0];
      assert.equal(block.text, 'Read the report now.');
      assert.equal(slice(md, toSourceSpan(block, 5, 15)), 'the *report');
    });

    it('replaces inline code, inline HTML, images and math by one placeholder each', () => {
      const md = 'Use `npm i` with <kbd>x</kbd>, ![a chart](c.png) and $E = mc^2$ today.';
      const block = analyze(md).blocks[0];
      assert.equal(block.text, `Use ${CODE} with ${CODE}x${CODE}, ${CODE} and ${CODE} today.`);
      const src = sources(md, block);
      assert.equal(src[4], '`npm i`');
      assert.equal(src[11], '<kbd>');
      assert.equal(src[16], '![a chart](c.png)');
      assert.equal(src[22], '$E = mc^2$');
    });

    it('leaves dollar amounts alone', () => {
      assert.deepEqual(texts('It cost $5 and $10, or $5-$10.'), ['It cost $5 and $10, or $5-$10.']);
    });

    it('drops an inline HTML comment entirely', () => {
      assert.deepEqual(texts('Before <!-- note to self --> after.'), ['Before  after.']);
    });

    it('replaces citation markers and footnote references by one citation placeholder', () => {
      const md = 'Claim [@smith, p. 3] and @doe says so.[^1]\n\n[^1]: A note.';
      const block = analyze(md).blocks[0];
      assert.equal(block.text, `Claim ${CITE} and ${CITE} says so.${CITE}`);
      const src = sources(md, block);
      assert.equal(src[6], '[@smith, p. 3]');
      assert.equal(src[12], '@doe');
      assert.equal(src[22], '[^1]');
    });

    it('maps code spans that cross a line inside a blockquote to their whole run', () => {
      const md = '> see `a\n> b` here';
      const block = analyze(md).blocks[0];
      assert.equal(block.text, `see ${CODE} here`);
      assert.equal(sources(md, block)[4], '`a\n> b`');
    });
  });

  describe('footnote definitions', () => {
    it('makes blocks marked as footnote text, continuation paragraphs included', () => {
      const md = 'Text.[^n]\n\n[^n]: First paragraph\n    of the note.\n\n    Second paragraph.\n\nBack to prose.';
      const { blocks } = analyze(md);
      assert.deepEqual(
        blocks.map((b) => [b.text, b.containers, b.footnoteLabel]),
        [
          [`Text.${CITE}`, [], undefined],
          ['First paragraph of the note.', ['footnote'], 'n'],
          ['Second paragraph.', ['footnote'], 'n'],
          ['Back to prose.', [], undefined],
        ],
      );
    });

    it('ends a definition at the next one, even without a blank line', () => {
      const { footnoteDefinitions, blocks } = analyze('[^a]: one\n[^b]: two\n');
      assert.deepEqual(footnoteDefinitions.map((d) => d.label), ['a', 'b']);
      assert.deepEqual(blocks.map((b) => [b.text, b.footnoteLabel]), [['one', 'a'], ['two', 'b']]);
    });
  });
});
