/**
 * Maps stack frames that point into the bundled suite back to test/integration/*.ts. VS Code's extension host
 * installs its own Error.prepareStackTrace, which bypasses Node's source-map support, so the test entry
 * rewrites failure stacks itself with the source map Node loaded for the bundle.
 */
import { findSourceMap } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Rewrites every `<bundleFile>:LINE:COLUMN` in `stack` to the original file, line and column (relative to
 * `relativeTo` when given). Frames without a mapping, and stacks of a bundle without a loaded map, are kept.
 */
export function mapStackToSources(stack: string, bundleFile: string, relativeTo?: string): string {
  let map: ReturnType<typeof findSourceMap>;
  try {
    map = findSourceMap(bundleFile);
  } catch {
    return stack;
  }
  if (!map) return stack;
  const sourceMap = map;
  const frame = new RegExp(`${escapeRegExp(bundleFile)}:(\\d+):(\\d+)`, 'g');
  return stack.replace(frame, (whole: string, line: string, column: string) => {
    const entry = sourceMap.findEntry(Number(line) - 1, Number(column) - 1) as Partial<{
      originalSource: string;
      originalLine: number;
      originalColumn: number;
    }>;
    if (!entry.originalSource || entry.originalLine === undefined || entry.originalColumn === undefined) return whole;
    let source = entry.originalSource.startsWith('file:') ? fileURLToPath(entry.originalSource) : entry.originalSource;
    if (relativeTo && path.isAbsolute(source)) source = path.relative(relativeTo, source);
    return `${source}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  });
}
