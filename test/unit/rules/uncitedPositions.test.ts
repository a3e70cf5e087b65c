import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { resolveSettings } from '../../../src/core/config';
import { lintDocument } from '../../../src/core/lint';

describe('uncited-assertion positions', () => {
  it('gives every finding and related location the range LineIndex.rangeOf gives its span', () => {
    const sentence = fc.constantFrom(
      'In 2003 Lojo Rabel signed the treaty.',
      'Revenue rose 40% to $3.2 billion,\nthe largest rise since 1998.',
      'The minister said that "exports doubled" in March 2021.',
      'Prices fell.',
      '| 13 May 2022 | The 747 landed in Paris |',
      '# A heading from 2019',
      'A cited claim of 2004 [@known].',
    );
    const draft = fc.array(fc.tuple(sentence, fc.constantFrom(' ', '\n', '\r\n', '\n\n', '\r\n\r\n')), { maxLength: 12 }).map((parts) => parts.map(([s, gap]) => s + gap).join(''));
    fc.assert(
      fc.property(draft, (text) => {
        const { findings, analysis } = lintDocument({ uri: 'file:///w/draft.md', text, settings: resolveSettings() });
        for (const finding of findings) {
          if (finding.ruleId !== 'uncited-assertion') continue;
          assert.deepEqual(finding.range, analysis.lines.rangeOf(finding.span));
          for (const related of finding.related ?? []) assert.deepEqual(related.range, analysis.lines.rangeOf(related.span));
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('uncited-assertion findings written complete by the rule', () => {
  const text = 'In 2003 Lojo Rabel signed the treaty.\n\nRevenue rose 40% to $3.2 billion, the largest rise since 1998.\n';

  for (const severity of ['error', 'warning', 'info', 'hint'] as const) {
    it(`carry the configured severity (${severity}) and the rule's id, like every other rule's findings`, () => {
      const { findings } = lintDocument({ uri: 'file:///d.md', text, settings: resolveSettings({ rules: { 'uncited-assertion': severity } as never }) });
      const uncited = findings.filter((finding) => finding.ruleId === 'uncited-assertion');
      assert.equal(uncited.length, 2);
      for (const finding of uncited) assert.equal(finding.severity, severity);
    });
  }

  it('are not reported at all when the rule is off', () => {
    const { findings } = lintDocument({ uri: 'file:///d.md', text, settings: resolveSettings({ rules: { 'uncited-assertion': 'off' } as never }) });
    assert.ok(!findings.some((finding) => finding.ruleId === 'uncited-assertion'));
  });
});
