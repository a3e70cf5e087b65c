/**
 * Bundles the integration suite into one CommonJS file the extension host can load: test/integration/index.ts,
 * every `*.test.ts` below test/integration (outside runner/), the helpers and mocha itself; `vscode` stays
 * external because the extension host provides it.
 */
import { build, formatMessages, type Message, type Plugin } from 'esbuild';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { HarnessError } from './processes';

const VIRTUAL_MODULE = 'sourced:integration-test-files';

/** Which tests a run bundles: the main suite, or the smoke suite of the packaged extension (test/integration/vsix/). */
export type IntegrationSuite = 'main' | 'vsix';

/** Folders below test/integration that the main suite skips: the harness, and the packaged-extension suite. */
const NOT_IN_MAIN_SUITE = new Set(['runner', 'node_modules', 'vsix']);

/** Test files of the suite, relative to test/integration with forward slashes, sorted so runs are reproducible. */
export async function listIntegrationTestFiles(integrationFolder: string, suite: IntegrationSuite = 'main'): Promise<string[]> {
  const found: string[] = [];
  const walk = async (folder: string): Promise<void> => {
    for (const entry of await fs.readdir(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!NOT_IN_MAIN_SUITE.has(entry.name) || (suite === 'vsix' && full === path.join(integrationFolder, 'vsix'))) await walk(full);
      } else if (entry.name.endsWith('.test.ts')) {
        found.push(path.relative(integrationFolder, full).split(path.sep).join('/'));
      }
    }
  };
  await walk(integrationFolder);
  const inSuite = suite === 'vsix' ? found.filter((file) => file.startsWith('vsix/')) : found;
  return inSuite.sort();
}

function testFilesPlugin(files: readonly string[], integrationFolder: string): Plugin {
  return {
    name: 'sourced-integration-test-files',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /^sourced:integration-test-files$/ }, () => ({ path: VIRTUAL_MODULE, namespace: 'sourced-it' }));
      pluginBuild.onLoad({ filter: /.*/, namespace: 'sourced-it' }, () => {
        // Dynamic imports keep each file's top level (its describe/it calls) from running before mocha is ready.
        const entries = files.map((file) => `  { file: ${JSON.stringify(file)}, load: () => import(${JSON.stringify(`./${file}`)}) },`);
        return {
          contents: `export const integrationTestFiles = [\n${entries.join('\n')}\n];\n`,
          resolveDir: integrationFolder,
          loader: 'js',
        };
      });
    },
  };
}

async function describeBuildErrors(errors: Message[]): Promise<string> {
  return (await formatMessages(errors, { kind: 'error', color: false })).join('\n');
}

/**
 * Bundles the suite next to `outfile` and writes `outfile` itself as a two-line loader that turns on Node's
 * source maps first, so that failures point at test/integration/*.ts lines rather than into the bundle (Node
 * only applies source maps to files loaded after they were enabled). Returns the test files bundled.
 */
export async function bundleIntegrationTests(repoRoot: string, outfile: string, suite: IntegrationSuite = 'main'): Promise<string[]> {
  const integrationFolder = path.join(repoRoot, 'test', 'integration');
  const files = await listIntegrationTestFiles(integrationFolder, suite);
  const suiteFile = path.join(path.dirname(outfile), `suite-${path.basename(outfile)}`);
  try {
    await build({
      absWorkingDir: repoRoot,
      entryPoints: [path.join(integrationFolder, 'index.ts')],
      outfile: suiteFile,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['vscode'],
      sourcemap: 'linked',
      logLevel: 'silent',
      plugins: [testFilesPlugin(files, integrationFolder)],
    });
  } catch (error) {
    const errors = (error as { errors?: Message[] }).errors;
    const detail = errors && errors.length > 0 ? await describeBuildErrors(errors) : String(error);
    const first = errors?.[0];
    const where = first?.location ? ` (${first.location.file}:${first.location.line})` : '';
    throw new HarnessError(`could not bundle the integration tests: ${first?.text ?? 'esbuild failed'}${where}`, detail);
  }
  const loader = [
    '"use strict";',
    'process.setSourceMapsEnabled?.(true);',
    `module.exports = require(${JSON.stringify(`./${path.basename(suiteFile)}`)});`,
    '',
  ].join('\n');
  await fs.writeFile(outfile, loader);
  return files;
}
