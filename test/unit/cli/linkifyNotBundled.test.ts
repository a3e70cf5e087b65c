import { strict as assert } from 'node:assert';
import LinkifyIt from 'linkify-it';
import LinkifyNotBundled from '../../../src/cli/linkifyNotBundled';
import { resolveSettings } from '../../../src/core/config';
import { lintDocument } from '../../../src/core/lint';

const DRAFT = [
  'See www.example.org and https://example.com/report, or <https://example.net>, for the figures.',
  '',
  '> Quoted: the ministry said on www.gov.example that 40 flights left.',
  '',
  '- A list item citing http://example.com/a [@key] and [a link](https://example.com/b).',
  '',
].join('\n');

describe('the CLI bundle without linkify-it', () => {
  it('is safe because analysing a draft full of URLs never asks linkify-it anything', () => {
    // The bundle replaces linkify-it with a stub (scripts/build.mjs). Here the real one is made to throw instead:
    // the source analysis must not notice.
    const prototype = LinkifyIt.prototype as unknown as Record<string, unknown>;
    const methods = ['test', 'pretest', 'match', 'matchAtStart', 'testSchemaAt'];
    const saved = methods.map((name) => prototype[name]);
    for (const name of methods) {
      prototype[name] = () => {
        throw new Error(`markdown-it called linkify-it's ${name}`);
      };
    }
    try {
      const { findings, analysis } = lintDocument({ uri: '/d/urls.md', text: DRAFT, settings: resolveSettings({}) });
      assert.ok(analysis.sentences.length >= 3);
      assert.ok(findings.length > 0);
    } finally {
      methods.forEach((name, i) => (prototype[name] = saved[i]));
    }
  });

  it('fails loudly, not silently, if markdown-it ever asks the stub for links', () => {
    const stub = new LinkifyNotBundled();
    assert.throws(() => stub.test(), /linkify-it is not bundled/);
    assert.throws(() => stub.pretest(), /linkify-it is not bundled/);
    assert.throws(() => stub.match(), /linkify-it is not bundled/);
    assert.throws(() => stub.matchAtStart(), /linkify-it is not bundled/);
  });
});
