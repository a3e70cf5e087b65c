// `npm start`: opens examples/ in VS Code with the extension under development: desktop VS Code when `code`
// is on PATH, otherwise code-server (installed on demand into .cache/) on a localhost port until Ctrl-C.
// SOURCED_START_WEB=1 forces code-server; PORT picks its port. See docs/testing.md.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/cjs/api';

register();
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const { startDevelopmentWindow } = createRequire(import.meta.url)('../test/integration/runner/start.ts');
process.exit(await startDevelopmentWindow(repoRoot));
