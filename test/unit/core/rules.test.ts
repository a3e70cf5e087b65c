import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_SEVERITIES } from '../../../src/core/config';
import { RULE_IDS } from '../../../src/core/rules/ids';
import { RULES } from '../../../src/core/rules/index';
import { NETWORK_RULES } from '../../../src/core/rules/network';

const docs = readFileSync(join(__dirname, '../../../docs/rules.md'), 'utf8');

describe('the rule registry', () => {
  it('holds exactly the stable rule ids, once each: the lint rules and the network rules together', () => {
    assert.deepEqual([...RULES, ...NETWORK_RULES].map((rule) => rule.id).sort(), [...RULE_IDS].sort());
  });

  it('keeps the network rules (link-broken, link-no-archive) out of the lint rules: `sourced lint` never goes online', () => {
    assert.deepEqual(NETWORK_RULES.map((rule) => rule.id).sort(), ['link-broken', 'link-no-archive']);
    for (const rule of NETWORK_RULES) assert.ok(!RULES.some((lintRule) => lintRule.id === rule.id), rule.id);
  });

  for (const rule of NETWORK_RULES) {
    it(`says in docs/rules.md that ${rule.id} comes only from a link check`, () => {
      const start = docs.indexOf(`\n## ${rule.id}\n`);
      assert.ok(start >= 0, `no section ## ${rule.id}`);
      const next = docs.indexOf('\n## ', start + 1);
      const section = docs.slice(start, next < 0 ? undefined : next);
      assert.match(section, /`sourced check-links`/);
      assert.match(section, /not by `sourced lint`|never by `sourced lint`/);
    });
  }

  for (const id of RULE_IDS) {
    it(`documents ${id} in docs/rules.md with its default severity`, () => {
      assert.match(docs, new RegExp(`^## ${id}$`, 'm'));
      assert.match(docs, new RegExp(`\\| \\[\`${id}\`\\]\\(#${id}\\) \\| ${DEFAULT_SEVERITIES[id]} \\|`));
    });
  }

  it('describes every rule in one sentence for --help and SARIF', () => {
    for (const rule of [...RULES, ...NETWORK_RULES]) assert.match(rule.description, /^[A-Z].*[.)]$/, rule.id);
  });
});
