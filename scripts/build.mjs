// Builds everything a fresh clone needs: the bundled extension and CLI (esbuild) and the JSON Schema generated
// from the zod sidecar schema. Type-checking is `npm run typecheck` (tsc), kept out of the build so that
// `npm install` stays fast.
import { build } from 'esbuild';
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
  { entryPoints: ['src/cli/bin.ts'], outfile: 'dist/cli.js' },
  { entryPoints: ['src/extension/markdownItPlugin.ts'], outfile: 'dist/markdownItPlugin.js', optional: true },
];

const { existsSync } = await import('node:fs');
await Promise.all(
  entries
    .filter((entry) => !entry.optional || existsSync(join(root, entry.entryPoints[0])))
    .map(({ optional, ...entry }) => build({ ...common, ...entry })),
);

// The schema generator runs from a throw-away bundle so that the zod schema stays the single source of truth.
const generator = join(root, '.cache', 'generate-schema.cjs');
mkdirSync(dirname(generator), { recursive: true });
await build({ ...common, sourcemap: false, entryPoints: ['src/core/sidecar/jsonSchema.ts'], outfile: generator });
const { sidecarJsonSchema } = createRequire(import.meta.url)(generator);
mkdirSync(join(root, 'schemas'), { recursive: true });
writeFileSync(join(root, 'schemas', 'sources.schema.json'), JSON.stringify(sidecarJsonSchema(), null, 2) + '\n');
