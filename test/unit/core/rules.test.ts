import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_SEVERITIES } from '../../../src/core/config';
import { RULE_IDS } from '../../../src/core/rules/ids';
import { RULES } from '../../../src/core/rules/index';

const docs = readFileSync(join(__dirname, '../../../docs/rules.md'), 'utf8');

describe('the rule registry', () => {
  it('holds exactly the stable rule ids, once each', () => {
    assert.deepEqual(RULES.map((rule) => rule.id).sort(), [...RULE_IDS].sort());
  });

  for (const id of RULE_IDS) {
    it(`documents ${id} in docs/rules.md with its default severity`, () => {
      assert.match(docs, new RegExp(`^## ${id}$`, 'm'));
      assert.match(docs, new RegExp(`\\| \\[\`${id}\`\\]\\(#${id}\\) \\| ${DEFAULT_SEVERITIES[id]} \\|`));
    });
  }

  it('describes every rule in one sentence for --help and SARIF', () => {
    for (const rule of RULES) assert.match(rule.description, /^[A-Z].*[.)]$/, rule.id);
  });
});
