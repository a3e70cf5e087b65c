// `npm run test:vsix`: packages the extension (scripts/package.mjs), installs the .vsix into the integration
// harness's code-server (no development path) and runs the smoke suite of test/integration/vsix/ against it.
// Prints the sizes of the .vsix and of its bundle and the activation time; the harness writes them with the
// test counts to test-results/vsix-result.json. Exit codes as for the harness: 0 passed, 1 a test failed,
// 3 the harness (or packaging) failed. `--no-package` tests the existing sourced-<version>.vsix as it is.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/cjs/api';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const TESTS_FAILED = 1;
const HARNESS_FAILED = 3;
let packageBreaksRules = false;
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const vsixPath = join(root, `${manifest.name}-${manifest.version}.vsix`);

function kilobytes(bytes) {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

if (!process.argv.includes('--no-package')) {
  const packaged = spawnSync(process.execPath, [join(root, 'scripts', 'package.mjs'), '--quiet'], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // Exit 1 means a .vsix was made but breaks a packaging rule (printed above): still worth smoke-testing.
  if (packaged.status !== 0 && packaged.status !== 1) {
    process.stderr.write(`[sourced-vsix] npm run package failed (exit ${packaged.status}); see above\n`);
    process.exit(HARNESS_FAILED);
  }
  packageBreaksRules = packaged.status === 1;
  const summary = JSON.parse(packaged.stdout.trim().split('\n').at(-1));
  process.stdout.write(
    `[sourced-vsix] ${summary.vsix}: ${kilobytes(summary.vsixBytes)} (${summary.files} files); dist/extension.js (production): ${kilobytes(summary.extensionBundleBytes)}\n`,
  );
} else if (!existsSync(vsixPath)) {
  process.stderr.write(`[sourced-vsix] ${vsixPath} does not exist: run \`npm run package\` first\n`);
  process.exit(HARNESS_FAILED);
}

// A global tsx hook, as in scripts/run-integration.mjs: a namespaced one breaks esbuild's lookup of its binary.
register();
const { runIntegrationTests, optionsFromEnvironment } = createRequire(import.meta.url)('../test/integration/runner/main.ts');
const code = await runIntegrationTests(root, { ...optionsFromEnvironment(), vsix: vsixPath });
if (code === 0 && packageBreaksRules) {
  process.stderr.write('[sourced-vsix] the smoke tests passed, but the package breaks a packaging rule (see above)\n');
  process.exit(TESTS_FAILED);
}
process.exit(code);
