import { strict as assert } from 'node:assert';
import { analyze, slice } from './helpers';

function suppressed(md: string) {
  return analyze(md).suppressions.map((s) => ({ rules: s.rules, region: slice(md, s.span), comment: slice(md, s.commentSpan) }));
}

describe('analyzeMarkdown: suppression comments', () => {
  it('silences the next non-blank line with "sourced-disable-next-line" and its rule ids', () => {
    const md = 'Intro.\n\n<!-- sourced-disable-next-line uncited-assertion unknown-key -->\n\nThe plane landed.\nNext line.';
    assert.deepEqual(suppressed(md), [
      {
        rules: ['uncited-assertion', 'unknown-key'],
        region: 'The plane landed.',
        comment: '<!-- sourced-disable-next-line uncited-assertion unknown-key -->',
      },
    ]);
  });

  it('silences every rule when no rule id is given', () => {
    assert.deepEqual(suppressed('<!-- sourced-disable-next-line -->\nText.')[0].rules, []);
  });

  it('silences its own line with "sourced-disable-line", also as an inline comment', () => {
    const md = 'First.\nA claim here. <!-- sourced-disable-line uncited-assertion -->\nLast.';
    assert.deepEqual(suppressed(md), [
      { rules: ['uncited-assertion'], region: 'A claim here. <!-- sourced-disable-line uncited-assertion -->', comment: '<!-- sourced-disable-line uncited-assertion -->' },
    ]);
  });

  it('silences the region between "sourced-disable" and "sourced-enable"', () => {
    const md = 'a\n<!-- sourced-disable rule-a -->\nquiet\n<!-- sourced-enable rule-a -->\nloud';
    const [suppression] = analyze(md).suppressions;
    assert.deepEqual(suppression.rules, ['rule-a']);
    assert.equal(slice(md, suppression.span), '\nquiet\n');
    assert.equal(slice(md, suppression.commentSpan), '<!-- sourced-disable rule-a -->');
  });

  it('closes only the rules an enable names', () => {
    const md = '<!-- sourced-disable a b -->\none\n<!-- sourced-enable a -->\ntwo';
    const result = analyze(md).suppressions;
    assert.deepEqual(
      result.map((s) => [s.rules, slice(md, s.span)]),
      [
        [['a'], '\none\n'],
        [['b'], '\none\n<!-- sourced-enable a -->\ntwo'],
      ],
    );
  });

  it('re-enables a named rule inside a "sourced-disable" of every rule, as markdownlint does, keeping the others silent', () => {
    const md = '<!-- sourced-disable -->\none\n<!-- sourced-enable uncited-assertion -->\ntwo\n<!-- sourced-enable -->\nthree';
    const result = analyze(md).suppressions;
    const silenced = (rule: string, word: string) =>
      result.some((s) => (s.rules.length === 0 || s.rules.includes(rule)) && slice(md, s.span).includes(word));
    assert.ok(silenced('uncited-assertion', 'one'));
    assert.ok(!silenced('uncited-assertion', 'two'), 'uncited-assertion is enabled again');
    assert.ok(silenced('unknown-source', 'two'), 'every other rule stays silent');
    assert.ok(!silenced('unknown-source', 'three'), 'a bare enable ends everything');
    assert.ok(result.every((s) => slice(md, s.commentSpan) === '<!-- sourced-disable -->'), 'each region names the comment that opened it');
  });

  it('closes every open region with an enable without rule ids', () => {
    const md = '<!-- sourced-disable a b -->\none\n<!-- sourced-enable -->\ntwo';
    assert.deepEqual(analyze(md).suppressions.map((s) => [s.rules, slice(md, s.span)]), [[['a', 'b'], '\none\n']]);
  });

  it('runs an unclosed region to the end of the file', () => {
    const md = 'x\n<!-- sourced-disable -->\nrest of the draft\n';
    const [suppression] = analyze(md).suppressions;
    assert.deepEqual(suppression.rules, []);
    assert.equal(suppression.span.end, md.length);
  });

  it('accepts comma-separated rule ids', () => {
    assert.deepEqual(suppressed('<!-- sourced-disable-next-line a, b -->\nx')[0].rules, ['a', 'b']);
  });

  it('ignores comments inside code and comments that are not directives', () => {
    const md = '```\n<!-- sourced-disable-next-line -->\n```\n\n<!-- sourced-disabled -->\n<!-- markdownlint-disable -->\n\nText.';
    assert.deepEqual(suppressed(md), []);
  });

  it('maps suppression spans exactly on CRLF files', () => {
    const md = 'a\r\n<!-- sourced-disable-next-line -->\r\nline two\r\nthree';
    assert.equal(suppressed(md)[0].region, 'line two');
  });

  it('finds several directives in one HTML block', () => {
    const md = '<!-- sourced-disable a -->\n<!-- sourced-enable a -->\n\nText.';
    assert.equal(analyze(md).suppressions.length, 1);
  });
});
