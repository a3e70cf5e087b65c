/**
 * The architecture, checked: the core imports neither the editor nor Node (it also runs in the browser and in
 * the webview), and only the extension imports 'vscode'.
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(__dirname, '../..');

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : name.endsWith('.ts') ? [path] : [];
  });
}

function importsOf(path: string): string[] {
  const text = readFileSync(path, 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map(
    (match) => match[1] ?? match[2] ?? match[3],
  );
}

const NODE_BUILTINS = /^(node:|fs$|path$|os$|child_process$|http$|https$|net$|url$|util$|crypto$|worker_threads$|stream$|zlib$)/;

describe('the architecture', () => {
  for (const file of sourceFiles(join(root, 'src/core'))) {
    it(`keeps ${relative(root, file)} free of 'vscode' and Node modules`, () => {
      const bad = importsOf(file).filter((specifier) => specifier === 'vscode' || NODE_BUILTINS.test(specifier));
      assert.deepEqual(bad, []);
    });
  }

  it("imports 'vscode' only in src/extension", () => {
    const offenders = [...sourceFiles(join(root, 'src/core')), ...sourceFiles(join(root, 'src/cli')), ...sourceFiles(join(root, 'src/webview'))]
      .filter((file) => importsOf(file).includes('vscode'))
      .map((file) => relative(root, file));
    assert.deepEqual(offenders, []);
  });
});
