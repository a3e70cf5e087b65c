/**
 * Which URLs a link check visits: the `url` and `archive` of every source in the given sidecars and shared
 * registries, each with the exact place of its value in the file, so a finding points at the URL itself.
 */
import { originOf, type LoadedSidecar } from '../sidecar/load';
import type { Range, Span } from '../types';
import { normaliseLinkUrl } from './check';

/** The two fields of a source that hold a link. */
export type LinkField = 'url' | 'archive';

/** One link of one source, where it is written. */
export interface LinkTarget {
  /** The source's key (`fdd-2022`). */
  key: string;
  field: LinkField;
  /** The URL as written in the file. */
  url: string;
  /** The URL as checked and cached (see `normaliseLinkUrl`). */
  checkUrl: string;
  /** The sidecar or registry that defines the source. */
  uri: string;
  /** The value of `url:` / `archive:` in that file (with its quotes, if quoted). */
  span: Span;
  range: Range;
  /** For a `url` target: whether the same source has an `archive`. */
  hasArchive: boolean;
}

/** Every link of every source in `files`, each file once, in file order then source order. */
export function linkTargetsOf(files: ReadonlyArray<LoadedSidecar | undefined>): LinkTarget[] {
  const targets: LinkTarget[] = [];
  const seen = new Set<string>();
  for (const file of files) {
    if (!file || seen.has(file.uri)) continue;
    seen.add(file.uri);
    for (const [key, source] of Object.entries(file.usable.sources)) {
      for (const field of ['url', 'archive'] as const) {
        const url = source[field];
        if (typeof url !== 'string') continue;
        const checkUrl = normaliseLinkUrl(url);
        if (checkUrl === undefined) continue;
        const span = valueSpan(file, key, field, url);
        targets.push({ key, field, url, checkUrl, uri: file.uri, span, range: file.lines.rangeOf(span), hasArchive: source.archive !== undefined });
      }
    }
  }
  return targets;
}

/** The span of a field's value; the source's key when the value cannot be found (an unusual YAML layout). */
function valueSpan(file: LoadedSidecar, key: string, field: LinkField, url: string): Span {
  try {
    const origin = originOf(file, ['sources', key, field]);
    const text = file.text;
    if (text.slice(origin.keySpan.start, origin.keySpan.end) === field) {
      const separator = /^[ \t]*:[ \t]*/.exec(text.slice(origin.keySpan.end, origin.keySpan.end + 200));
      const start = origin.keySpan.end + (separator ? separator[0].length : 0);
      const end = Math.max(start, origin.span.end);
      if (text.slice(start, end).includes(url.trim().slice(0, 20))) return { start, end };
    }
    const entry = originOf(file, ['sources', key]);
    // The URL inside the entry (a flow mapping, a block scalar): its first occurrence after the key.
    const at = text.indexOf(url.trim(), entry.keySpan.end);
    if (at >= 0 && at < entry.span.end) return { start: at, end: at + url.trim().length };
    return entry.keySpan;
  } catch {
    return { start: 0, end: 0 };
  }
}
