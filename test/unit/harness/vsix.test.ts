import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { listIntegrationTestFiles } from '../../../test/integration/runner/bundle';
import { parseActivationTime } from '../../../test/integration/runner/protocol';
import { findInstalledExtension, writeStandInDevelopmentExtension } from '../../../test/integration/runner/vsix';

async function write(root: string, files: Record<string, string>): Promise<void> {
  for (const [name, content] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(root, name)), { recursive: true });
    await fs.writeFile(path.join(root, name), content);
  }
}

describe('integration harness: the packaged-extension run', () => {
  let scratch: string;
  beforeEach(async () => {
    scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'sourced-vsix-unit-'));
  });
  afterEach(async () => {
    await fs.rm(scratch, { recursive: true, force: true });
  });

  describe('choosing the test files', () => {
    beforeEach(() =>
      write(scratch, { 'a.test.ts': '', 'sub/b.test.ts': '', 'vsix/smoke.test.ts': '', 'vsix/deep/more.test.ts': '', 'runner/c.test.ts': '' }),
    );

    it('leaves the smoke tests of vsix/ out of the main suite', async () => {
      assert.deepEqual(await listIntegrationTestFiles(scratch), ['a.test.ts', 'sub/b.test.ts']);
    });

    it('runs only the tests under vsix/ in the packaged-extension suite, named relative to test/integration', async () => {
      assert.deepEqual(await listIntegrationTestFiles(scratch, 'vsix'), ['vsix/deep/more.test.ts', 'vsix/smoke.test.ts']);
    });

    it('finds the real smoke suite, and not in the main suite', async () => {
      const integration = path.resolve(__dirname, '../../integration');
      assert.ok((await listIntegrationTestFiles(integration, 'vsix')).includes('vsix/installed.test.ts'));
      assert.ok(!(await listIntegrationTestFiles(integration)).some((file) => file.startsWith('vsix/')));
    });
  });

  describe('finding the installed extension in extensions.json', () => {
    it('resolves the folder code-server unpacked "sourced.sourced" into, from its relative location', async () => {
      const index = [
        { identifier: { id: 'other.thing' }, version: '1.0.0', relativeLocation: 'other.thing-1.0.0' },
        {
          identifier: { id: 'sourced.sourced' },
          version: '0.1.0',
          location: { fsPath: '/elsewhere/sourced.sourced-0.1.0' },
          relativeLocation: 'sourced.sourced-0.1.0',
        },
      ];
      await write(scratch, { 'extensions.json': JSON.stringify(index) });
      assert.deepEqual(await findInstalledExtension(scratch, 'Sourced.Sourced'), {
        id: 'Sourced.Sourced',
        version: '0.1.0',
        folder: path.join(scratch, 'sourced.sourced-0.1.0'),
      });
    });

    it('falls back on the absolute location when there is no relative one', async () => {
      const index = [{ identifier: { id: 'sourced.sourced' }, version: '0.1.0', location: { fsPath: '/x/sourced.sourced-0.1.0' } }];
      await write(scratch, { 'extensions.json': JSON.stringify(index) });
      assert.equal((await findInstalledExtension(scratch, 'sourced.sourced'))?.folder, '/x/sourced.sourced-0.1.0');
    });

    it('says nothing is installed when the index is missing, unreadable or lacks the extension', async () => {
      assert.equal(await findInstalledExtension(scratch, 'sourced.sourced'), undefined);
      await write(scratch, { 'extensions.json': '{ not json' });
      assert.equal(await findInstalledExtension(scratch, 'sourced.sourced'), undefined);
      await write(scratch, { 'extensions.json': JSON.stringify([{ identifier: { id: 'other.thing' }, version: '1.0.0' }]) });
      assert.equal(await findInstalledExtension(scratch, 'sourced.sourced'), undefined);
    });
  });

  it('writes a stand-in development extension with no code and an id other than the one under test', async () => {
    const folder = path.join(scratch, 'stand-in');
    await writeStandInDevelopmentExtension(folder);
    const manifest = JSON.parse(await fs.readFile(path.join(folder, 'package.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(manifest.main, undefined);
    assert.equal(manifest.activationEvents, undefined);
    assert.notEqual(`${manifest.publisher}.${manifest.name}`, 'sourced.sourced');
    assert.deepEqual(await fs.readdir(folder), ['package.json']);
  });

  describe('reading the Running Extensions editor', () => {
    it('reads "Startup Activation: 108ms" as 108', () => {
      assert.equal(parseActivationTime('Startup Activation: 108ms'), 108);
    });

    it('reads "Activation: 41.5 ms" as 41.5', () => {
      assert.equal(parseActivationTime('Activation: 41.5 ms'), 41.5);
    });

    it('reads "Activating..." as no figure yet', () => {
      assert.equal(parseActivationTime('Activating...'), undefined);
    });

    it('never throws and returns a finite figure or nothing, whatever the text', () => {
      fc.assert(
        fc.property(fc.string(), (text) => {
          const value = parseActivationTime(text);
          return value === undefined || (Number.isFinite(value) && value >= 0);
        }),
      );
    });
  });
});
