// Builds everything a fresh clone needs: the bundled extension and CLI (esbuild) and the JSON Schema generated
// from the zod sidecar schema. Type-checking is `npm run typecheck` (tsc), kept out of the build so that
// `npm install` stays fast.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const production = process.argv.includes('--production');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  absWorkingDir: root,
};

const entries = [
  { entryPoints: ['src/extension/main.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  // The CLI is a short-lived process that pays for parsing its bundle on every run (twice when it starts its
  // worker thread): minified, that is noticeably less. The linked map keeps SOURCED_DEBUG stacks readable.
  // markdown-it's constructor builds a linkify-it, which the parser never uses: see src/cli/linkifyNotBundled.ts.
  // `entities` and `yaml` cost start-up time in every run but are rarely used by a lint: they load on first use
  // (src/cli/entitiesOnDemand.ts, src/cli/yamlOnDemand.ts).
  {
    entryPoints: ['src/cli/bin.ts'],
    outfile: 'dist/cli.js',
    minify: true,
    sourcemap: 'linked',
    alias: { 'linkify-it': './src/cli/linkifyNotBundled.ts', entities: './src/cli/entitiesOnDemand.ts', yaml: './src/cli/yamlOnDemand.ts' },
  },
  // The citation report panel's script runs in the webview, a browser: no Node, no 'vscode'.
  { entryPoints: ['src/webview/main.ts'], outfile: 'dist/webview.js', platform: 'browser', format: 'iife', target: 'es2022' },
];

await Promise.all(entries.map((entry) => build({ ...common, ...entry })));

// The CLI's V8 code cache (dist/cli.js.codecache, read by bin/sourced.js): made by one lint of the example
// workspace, so that it holds the bytecode of every function a lint calls, not only of the bundle's top level.
// Compiling those is otherwise part of every run. Without the cache the CLI still works, only slower: a failed
// run here is not a failed build.
const codeCacheRun = spawnSync(process.execPath, [join(root, 'bin', 'sourced.js'), 'lint', 'cargo.md', '--format', 'json'], {
  cwd: join(root, 'examples'),
  env: { ...process.env, SOURCED_WRITE_CODE_CACHE: '1', SOURCED_DEBUG: '', SOURCED_THREADS: '' },
  stdio: 'ignore',
});
if (codeCacheRun.error || codeCacheRun.status === 2) console.warn('[build] no code cache for the CLI: the example lint failed');

// The schema generator runs from a throw-away bundle so that the zod schema stays the single source of truth.
const generator = join(root, '.cache', 'generate-schema.cjs');
mkdirSync(dirname(generator), { recursive: true });
await build({ ...common, sourcemap: false, entryPoints: ['src/core/sidecar/jsonSchema.ts'], outfile: generator });
const { sidecarJsonSchema } = createRequire(import.meta.url)(generator);
mkdirSync(join(root, 'schemas'), { recursive: true });
writeFileSync(join(root, 'schemas', 'sources.schema.json'), JSON.stringify(sidecarJsonSchema(), null, 2) + '\n');
