// `npm run test:electron`: the integration suite in desktop VS Code through @vscode/test-electron. It downloads
// VS Code from Microsoft (SOURCED_VSCODE_VERSION, default stable) or uses SOURCED_VSCODE_EXECUTABLE; offline,
// use `npm run test:integration`. On Linux without a display, run it under xvfb-run. See docs/testing.md.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/cjs/api';

register();
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const { runWithTestElectron } = createRequire(import.meta.url)('../test/integration/runner/electron.ts');
process.exit(await runWithTestElectron(repoRoot));
