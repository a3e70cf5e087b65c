import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { SidecarSchema } from '../../../src/core/sidecar/schema';
import { bundleIntegrationTests, listIntegrationTestFiles } from '../../../test/integration/runner/bundle';
import { prepareServerFolders, SEEDED_SETTINGS } from '../../../test/integration/runner/codeServer';
import { HarnessError } from '../../../test/integration/runner/processes';
import { prepareWorkspace } from '../../../test/integration/runner/workspace';

const repoRoot = path.resolve(__dirname, '../../..');

async function write(root: string, files: Record<string, string>): Promise<void> {
  for (const [name, content] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(root, name)), { recursive: true });
    await fs.writeFile(path.join(root, name), content);
  }
}

describe('integration harness: preparing a run', function () {
  this.timeout(30_000);
  let scratch: string;
  beforeEach(async () => {
    scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'sourced-harness-unit-'));
  });
  afterEach(async () => {
    await fs.rm(scratch, { recursive: true, force: true });
  });

  it('finds *.test.ts files in test/integration and its subfolders, but not in runner/', async () => {
    await write(scratch, { 'a.test.ts': '', 'sub/b.test.ts': '', 'runner/c.test.ts': '', 'helpers.ts': '', 'd.test.js': '' });
    assert.deepEqual(await listIntegrationTestFiles(scratch), ['a.test.ts', 'sub/b.test.ts']);
  });

  it('bundles the real suite into one CommonJS file that exports run()', async () => {
    const outfile = path.join(scratch, 'index.js');
    const files = await bundleIntegrationTests(repoRoot, outfile);
    assert.ok(files.includes('smoke.test.ts'));
    const bundle = await fs.readFile(path.join(scratch, 'suite-index.js'), 'utf8');
    assert.match(bundle, /require\("vscode"\)/, 'vscode must stay external');
    const loaded = require(outfile) as { run?: unknown };
    assert.equal(typeof loaded.run, 'function');
  });

  it('reports a test file that does not compile as a harness error naming the file', async () => {
    await write(scratch, {
      'test/integration/index.ts': "import { integrationTestFiles } from 'sourced:integration-test-files';\nexport const files = integrationTestFiles;\n",
      'test/integration/broken.test.ts': 'describe("x", () => { it("y", () => { ) });\n',
    });
    await assert.rejects(bundleIntegrationTests(scratch, path.join(scratch, 'out.js')), (error: unknown) => {
      assert.ok(error instanceof HarnessError);
      assert.match(error.message, /could not bundle the integration tests: .*broken\.test\.ts/);
      return true;
    });
  });

  it('copies examples/ into the run folder, leaving the repository\'s fixtures untouched', async () => {
    const target = path.join(scratch, 'workspace');
    assert.equal(await prepareWorkspace(repoRoot, target), 'examples');
    const original = await fs.readFile(path.join(repoRoot, 'examples', 'cargo.md'), 'utf8');
    assert.equal(await fs.readFile(path.join(target, 'cargo.md'), 'utf8'), original);
    await fs.writeFile(path.join(target, 'cargo.md'), 'edited by a test');
    assert.equal(await fs.readFile(path.join(repoRoot, 'examples', 'cargo.md'), 'utf8'), original);
  });

  it('generates a draft whose sidecar is valid and whose claim is in the draft when examples/ has no draft', async () => {
    await fs.mkdir(path.join(scratch, 'examples'));
    const target = path.join(scratch, 'workspace');
    assert.equal(await prepareWorkspace(scratch, target), 'generated');
    const draft = await fs.readFile(path.join(target, 'cargo.md'), 'utf8');
    const sidecar = SidecarSchema.parse(parse(await fs.readFile(path.join(target, 'cargo.sources.yaml'), 'utf8')));
    for (const claim of sidecar.claims) assert.ok(draft.includes(claim.text), claim.text);
    for (const entity of Object.values(sidecar.entities)) assert.ok(draft.includes(entity.name), entity.name);
  });

  it('seeds "files.autoSave": "off" so that test edits never reach the disk, and keeps settings already there', async () => {
    const folders = {
      userData: path.join(scratch, 'user-data'),
      extensions: path.join(scratch, 'extensions'),
      tmp: path.join(scratch, 'tmp'),
      configFile: path.join(scratch, 'config.yaml'),
    };
    await write(folders.userData, { 'User/settings.json': JSON.stringify({ 'editor.fontSize': 18, 'update.mode': 'manual' }) });
    await prepareServerFolders(folders);
    const settings = JSON.parse(await fs.readFile(path.join(folders.userData, 'User', 'settings.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(settings['files.autoSave'], 'off');
    assert.equal(settings['editor.fontSize'], 18);
    assert.equal(settings['update.mode'], 'manual');
    assert.equal(settings['telemetry.telemetryLevel'], SEEDED_SETTINGS['telemetry.telemetryLevel']);
    assert.equal(await fs.readFile(folders.configFile, 'utf8'), '');
  });
});
