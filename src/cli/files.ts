/**
 * Which drafts `sourced lint` reads: explicit files, folders (every Markdown, Quarto or R Markdown file below
 * them) and globs, skipping what git ignores (`.gitignore` files at every level), `node_modules` and hidden folders.
 */
import ignore, { type Ignore } from 'ignore';
import { isDraftPath } from '../core/draftFiles';
import { joinPath, relativePath } from '../core/text/uri';
import { globBase, globToRegExp, isGlob } from '../core/text/glob';
import type { CliFileSystem } from './io';

const ALWAYS_SKIPPED = new Set(['node_modules', '.git', '.hg', '.svn']);

export interface FileSelection {
  files: string[];
  /** Files named one by one on the command line: a project's `ignore` patterns do not apply to them. */
  explicit: Set<string>;
  /** Arguments that matched nothing, for a one-line error each. */
  unmatched: string[];
}

interface IgnoreLayer {
  folder: string;
  rules: Ignore;
}

export async function selectDrafts(fs: CliFileSystem, cwd: string, args: readonly string[]): Promise<FileSelection> {
  const files = new Set<string>();
  const explicit = new Set<string>();
  const unmatched: string[] = [];
  const patterns = args.length > 0 ? args : ['.'];
  for (const pattern of patterns) {
    const before = files.size;
    if (isGlob(pattern)) {
      const base = joinPath(cwd, globBase(pattern));
      const matcher = globToRegExp(pattern.replace(/^\.\//, ''));
      await walk(fs, base, await ignoreLayersFor(fs, cwd, base), (path) => {
        if (matcher.test(relativePath(cwd, path))) files.add(path);
      });
    } else {
      const path = joinPath(cwd, pattern);
      const stat = await fs.stat(path);
      if (stat?.kind === 'file') {
        files.add(path);
        explicit.add(path);
      }
      else if (stat?.kind === 'directory') {
        let found = 0;
        await walk(fs, path, await ignoreLayersFor(fs, cwd, path), (file) => {
          if (isDraftPath(file)) {
            files.add(file);
            found++;
          }
        });
        // A folder named on the command line that holds no draft is a mistake worth saying; the default '.' is not.
        if (found === 0 && args.length > 0) unmatched.push(pattern);
      } else {
        unmatched.push(pattern);
        continue;
      }
    }
    if (files.size === before && isGlob(pattern)) unmatched.push(pattern);
  }
  return { files: [...files].sort(), explicit, unmatched };
}

/** The .gitignore files that apply to `folder`: those of `cwd` and of every folder between it and `folder`. */
async function ignoreLayersFor(fs: CliFileSystem, cwd: string, folder: string): Promise<IgnoreLayer[]> {
  const layers: IgnoreLayer[] = [];
  const relative = relativePath(cwd, folder);
  const chain = [cwd];
  if (relative !== '.' && !relative.startsWith('..')) {
    let current = cwd;
    for (const part of relative.split('/')) chain.push((current = joinPath(current, part)));
    chain.pop();
  }
  for (const dir of chain) {
    const layer = await readIgnore(fs, dir);
    if (layer) layers.push(layer);
  }
  return layers;
}

async function readIgnore(fs: CliFileSystem, folder: string): Promise<IgnoreLayer | undefined> {
  try {
    const text = await fs.readText(joinPath(folder, '.gitignore'));
    return text === undefined ? undefined : { folder, rules: ignore().add(text) };
  } catch {
    return undefined;
  }
}

function isIgnored(layers: readonly IgnoreLayer[], path: string, isDirectory: boolean): boolean {
  return layers.some((layer) => {
    const relative = relativePath(layer.folder, path);
    if (relative.startsWith('..') || relative === '.') return false;
    return layer.rules.ignores(isDirectory ? `${relative}/` : relative);
  });
}

async function walk(fs: CliFileSystem, folder: string, layers: IgnoreLayer[], visit: (path: string) => void): Promise<void> {
  const own = await readIgnore(fs, folder);
  const active = own && !layers.some((layer) => layer.folder === folder) ? [...layers, own] : layers;
  for (const entry of await fs.readDirectory(folder)) {
    const path = joinPath(folder, entry.name);
    if (entry.kind === 'directory') {
      if (ALWAYS_SKIPPED.has(entry.name) || entry.name.startsWith('.')) continue;
      if (isIgnored(active, path, true)) continue;
      await walk(fs, path, active, visit);
    } else if (!isIgnored(active, path, false)) {
      visit(path);
    }
  }
}
