import { strict as assert } from 'node:assert';
import { build } from 'esbuild';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { mapStackToSources } from '../../../test/integration/runner/stackTraces';

describe('integration harness: stack traces of the bundled suite', function () {
  this.timeout(20_000);
  let scratch: string;
  before(async () => {
    scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'sourced-stack-unit-'));
  });
  after(async () => {
    await fs.rm(scratch, { recursive: true, force: true });
  });

  it('points a frame inside the bundle at the TypeScript line that threw', async () => {
    const source = path.join(scratch, 'thrower.ts');
    await fs.writeFile(source, ['export function fail(): never {', '  const reason: string = "boom";', '  throw new Error(reason);', '}', ''].join('\n'));
    const bundle = path.join(scratch, 'bundle.js');
    await build({ entryPoints: [source], outfile: bundle, bundle: true, platform: 'node', format: 'cjs', sourcemap: 'linked', logLevel: 'silent' });
    // Node keeps the map of a file only when source maps were on while it loaded.
    process.setSourceMapsEnabled(true);
    require(bundle);
    const line = (await fs.readFile(bundle, 'utf8')).split('\n').findIndex((text) => text.includes('throw new Error')) + 1;
    const column = 9; // "new" in "  throw new Error(reason);", the same in the bundle and the source
    const frame = `    at fail (${bundle}:${line}:${column})`;
    assert.equal(mapStackToSources(frame, bundle, scratch), '    at fail (thrower.ts:3:9)');
  });

  it('leaves stacks of files without a source map unchanged', () => {
    const stack = 'Error: x\n    at y (/nowhere/bundle.js:10:5)';
    assert.equal(mapStackToSources(stack, '/nowhere/bundle.js'), stack);
  });
});
