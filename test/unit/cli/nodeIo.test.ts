import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeFileSystem } from '../../../src/cli/nodeIo';

describe('nodeFileSystem.readText', () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'sourced-nodeio-'));
  });
  afterEach(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  it('drops a UTF-8 byte order mark, as editors do, so columns on the first line match the editor', async () => {
    const path = join(folder, 'bom.md');
    writeFileSync(path, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('[@x] text\n', 'utf8')]));
    assert.equal(await nodeFileSystem.readText(path), '[@x] text\n');
  });

  it('keeps a U+FEFF that is not at the start of the file', async () => {
    const path = join(folder, 'inner.md');
    writeFileSync(path, 'a\uFEFFb', 'utf8');
    assert.equal(await nodeFileSystem.readText(path), 'a\uFEFFb');
  });

  it('reads a missing file as undefined', async () => {
    assert.equal(await nodeFileSystem.readText(join(folder, 'missing.md')), undefined);
  });
});
