/** The README shows what `sourced lint examples/` prints; this keeps that block true as the engine changes. */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import { nodeFileSystem } from '../../src/cli/nodeIo';
import { CapturedOutput } from '../support/memoryFs';

const root = join(__dirname, '../..');

describe('the README', () => {
  it('shows exactly what `sourced lint examples/` prints, with its exit code', async () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const shown = /`npx sourced lint examples\/`, exit code (\d)\):\n\n```text\n([\s\S]*?)\n```/.exec(readme);
    assert.ok(shown, 'README.md has no block of `sourced lint examples/` output');
    const stdout = new CapturedOutput();
    const code = await main({ argv: ['lint', 'examples/', '--no-color'], cwd: root.replace(/\\/g, '/'), fs: nodeFileSystem, stdout, stderr: new CapturedOutput(), env: {} });
    assert.equal(stdout.text.trimEnd(), shown[2]);
    assert.equal(code, Number(shown[1]));
  });
});
