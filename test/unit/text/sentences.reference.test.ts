import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { sentenceBounds } from '../../../src/core/text/sentences';
import * as reference from './sentences.reference';

const prose = fc
  .array(
    fc.constantFrom(...'.?!… \n\t"\')]“”«»¿¡aZ3-'.split(''), '\uE000', '\uFFFC', '\uE000.', ' \uE000', 'U.S.', 'Dr.', 'e.g.', 'et al.', 'No. 5', 'etc.', 'The ', 'word ', 'é', 'Éa', '٣', 'sanctions.', ' A', 'x\uE000.'),
    { maxLength: 60 },
  )
  .map((parts) => parts.join(''));

describe('sentenceBounds against the splitter it replaced', () => {
  it('splits random prose with placeholders exactly as before', () => {
    fc.assert(
      fc.property(fc.oneof(prose, fc.string({ maxLength: 80 })), (text) => {
        assert.deepStrictEqual(sentenceBounds(text, []), reference.sentenceBounds(text, []));
      }),
      { numRuns: 5000 },
    );
  });
});
