/**
 * Minimal, pure path arithmetic over '/'-separated locations (POSIX paths or `scheme://authority/path` URIs),
 * so the core can find a draft's sidecar and a config's registries without Node's `path` module.
 */

function splitPrefix(location: string): { prefix: string; path: string } {
  const match = /^([a-zA-Z][\w+.-]*:\/\/[^/]*)(.*)$/.exec(location);
  return match ? { prefix: match[1], path: match[2] || '/' } : { prefix: '', path: location };
}

/** The folder of a location: `/a/b/c.md` → `/a/b`. */
export function dirname(location: string): string {
  const { prefix, path } = splitPrefix(location);
  const slash = path.lastIndexOf('/');
  if (slash <= 0) return prefix + (path.startsWith('/') ? '/' : '.');
  return prefix + path.slice(0, slash);
}

/** The last segment of a location: `/a/b/c.md` → `c.md`. */
export function basename(location: string): string {
  const { path } = splitPrefix(location);
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Resolves `relative` against the folder `base`, normalising `.` and `..`; an absolute `relative` wins. */
export function joinPath(base: string, relative: string): string {
  if (/^[a-zA-Z][\w+.-]*:\/\//.test(relative)) return relative;
  const { prefix, path } = splitPrefix(base);
  const combined = relative.startsWith('/') ? relative : `${path.replace(/\/+$/, '')}/${relative}`;
  const absolute = combined.startsWith('/');
  const segments: string[] = [];
  for (const segment of combined.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (segments.length > 0 && segments[segments.length - 1] !== '..') segments.pop();
      else if (!absolute) segments.push('..');
    } else segments.push(segment);
  }
  return prefix + (absolute ? '/' : '') + segments.join('/');
}

/** `to` relative to the folder `from`, for messages and CLI output. Falls back to `to` across schemes. */
export function relativePath(from: string, to: string): string {
  const a = splitPrefix(from);
  const b = splitPrefix(to);
  if (a.prefix !== b.prefix) return to;
  const fromParts = a.path.split('/').filter(Boolean);
  const toParts = b.path.split('/').filter(Boolean);
  let common = 0;
  while (common < fromParts.length && common < toParts.length && fromParts[common] === toParts[common]) common++;
  const up = fromParts.slice(common).map(() => '..');
  return [...up, ...toParts.slice(common)].join('/') || '.';
}
