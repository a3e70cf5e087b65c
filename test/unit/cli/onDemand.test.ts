import { strict as assert } from 'node:assert';
import * as entities from 'entities';
import fc from 'fast-check';
import type * as Yaml from 'yaml';
import { decodeHTML, decodeHTMLStrict } from '../../../src/cli/entitiesOnDemand';

// The CLI bundle replaces `yaml` and `entities` with these stand-ins (esbuild aliases in scripts/build.mjs), which
// load the real module on first use; they must be indistinguishable from it.

describe('the CLI bundle\'s yaml, loaded on first use', () => {
  // Both required, not imported: the stand-in is a CommonJS module whose exports are getters, and these are the
  // objects esbuild's bundle reads names from.
  const onDemand = require('../../../src/cli/yamlOnDemand') as Record<string, unknown>;
  const yaml = require('yaml') as Record<string, unknown>;

  it('exports exactly the names yaml exports, so that no import of yaml finds a name missing', () => {
    assert.deepEqual(Object.keys(onDemand).sort(), Object.keys(yaml).sort());
  });

  it("gives yaml's own functions and classes", () => {
    for (const name of Object.keys(yaml)) assert.equal(onDemand[name], yaml[name], name);
    const parseDocument = onDemand.parseDocument as typeof Yaml.parseDocument;
    const isScalar = onDemand.isScalar as typeof Yaml.isScalar;
    assert.ok(isScalar(parseDocument('key: value').get('key', true)));
  });
});

describe('the CLI bundle\'s entity decoder, loaded on first use', () => {
  const samples = ['AT&amp;T', '&copy; 2024 &mdash; &#x41;&#66;', '&notin; &notit; &amp', 'a &unknown; b', 'no entities', '&#0; &#xD800; &#1114112;'];

  it('decodes as entities does', () => {
    for (const text of samples) {
      assert.equal(decodeHTML(text), entities.decodeHTML(text), text);
      assert.equal(decodeHTMLStrict(text), entities.decodeHTMLStrict(text), text);
    }
  });

  it('agrees with entities on random text full of ampersands', () => {
    const piece = fc.oneof(fc.constantFrom('&', ';', '#', 'x', 'amp', 'lt', 'notin', 'copy', 'AElig', '&amp;', '&#'), fc.string({ maxLength: 4 }));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const text = pieces.join('');
        assert.equal(decodeHTML(text), entities.decodeHTML(text));
        assert.equal(decodeHTMLStrict(text), entities.decodeHTMLStrict(text));
      }),
      { numRuns: 2000 },
    );
  });
});
