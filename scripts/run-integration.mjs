// `npm run test:integration`: runs test/integration/*.test.ts inside a real VS Code (code-server driven by
// headless Chromium). The harness is TypeScript (test/integration/runner/), loaded through tsx so that it is
// type-checked with the rest of the project and needs no build step. Exit codes: 0 passed, 1 tests failed,
// 3 the harness itself failed. See docs/testing.md.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/cjs/api';

// A global (not namespaced) tsx hook: a namespaced one rewrites require.resolve results, which breaks esbuild's
// lookup of its own binary.
register();
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const { runIntegrationTests } = createRequire(import.meta.url)('../test/integration/runner/main.ts');
// Exit explicitly: a browser connection or timer left by a failed step must not keep the process alive.
process.exit(await runIntegrationTests(repoRoot));
