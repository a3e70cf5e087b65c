/**
 * The link-check cache: outcomes by URL with the time they were found, so a second run within the TTL asks the
 * network only about new URLs. Only outcomes that stay true for a while are kept (the page answers, or it is
 * 404/410 gone); timeouts, network errors and "the site would not say" are checked again next time, because a
 * writer who re-runs the check wants to know whether they still hold.
 */
import * as z from 'zod';
import type { LinkOutcome } from './check';

export const LINK_CACHE_VERSION = 1;
/** How long a cached outcome is trusted by default. */
export const DEFAULT_LINK_CACHE_TTL_MS = 24 * 3_600_000;
/** Bounds the file: the most recent entries are kept. */
export const MAX_LINK_CACHE_ENTRIES = 20_000;
/** Where the CLI keeps the cache, relative to the project root. */
export const LINK_CACHE_PATH = '.cache/sourced/links.json';

const EntrySchema = z.object({
  checkedAt: z.number().finite(),
  verdict: z.enum(['ok', 'broken']),
  reason: z.string().max(1000),
  httpStatus: z.number().int().optional(),
  finalUrl: z.string().max(4000).optional(),
  redirects: z.number().int().min(0).max(100),
});

export type LinkCacheEntry = z.infer<typeof EntrySchema>;

/** The cache as kept in memory and on disk (JSON). */
export interface LinkCache {
  version: typeof LINK_CACHE_VERSION;
  entries: Record<string, LinkCacheEntry>;
}

export function emptyLinkCache(): LinkCache {
  return { version: LINK_CACHE_VERSION, entries: Object.create(null) as Record<string, LinkCacheEntry> };
}

/**
 * Reads a cache file's text. Anything unreadable (missing, corrupt, another version) gives an empty cache, and a
 * malformed entry is dropped alone: a cache may cost a re-check, never a wrong or failed run.
 */
export function parseLinkCache(text: string | undefined): LinkCache {
  const cache = emptyLinkCache();
  if (!text) return cache;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return cache;
  }
  if (!raw || typeof raw !== 'object' || (raw as { version?: unknown }).version !== LINK_CACHE_VERSION) return cache;
  const entries = (raw as { entries?: unknown }).entries;
  if (!entries || typeof entries !== 'object' || Array.isArray(entries)) return cache;
  for (const [url, value] of Object.entries(entries)) {
    const parsed = EntrySchema.safeParse(value);
    if (parsed.success) cache.entries[url] = parsed.data;
  }
  return cache;
}

/** Whether an outcome is worth remembering (see the module comment). */
export function isCacheable(outcome: LinkOutcome): boolean {
  if (outcome.fromCache) return false;
  return outcome.verdict === 'ok' || (outcome.verdict === 'broken' && (outcome.httpStatus === 404 || outcome.httpStatus === 410));
}

/**
 * The cached outcome of `url` if it is younger than `ttlMs`. An entry dated in the future (a clock that moved
 * back) is not trusted.
 */
export function cachedOutcome(cache: LinkCache, url: string, now: number, ttlMs = DEFAULT_LINK_CACHE_TTL_MS): LinkOutcome | undefined {
  const entry = Object.prototype.hasOwnProperty.call(cache.entries, url) ? cache.entries[url] : undefined;
  if (!entry) return undefined;
  const age = now - entry.checkedAt;
  if (age < 0 || age >= ttlMs) return undefined;
  return {
    url,
    verdict: entry.verdict,
    reason: entry.reason,
    ...(entry.httpStatus !== undefined ? { httpStatus: entry.httpStatus } : {}),
    ...(entry.finalUrl !== undefined ? { finalUrl: entry.finalUrl } : {}),
    redirects: entry.redirects,
    checkedAt: entry.checkedAt,
    fromCache: true,
  };
}

/** Records the cacheable outcomes of a run; a URL that is no longer cacheable (now timing out) loses its entry. */
export function rememberOutcomes(cache: LinkCache, outcomes: Iterable<LinkOutcome>): void {
  for (const outcome of outcomes) {
    if (outcome.fromCache || outcome.verdict === 'skipped') continue;
    if (!isCacheable(outcome)) {
      delete cache.entries[outcome.url];
      continue;
    }
    cache.entries[outcome.url] = {
      checkedAt: outcome.checkedAt,
      verdict: outcome.verdict as LinkCacheEntry['verdict'],
      reason: outcome.reason,
      ...(outcome.httpStatus !== undefined ? { httpStatus: outcome.httpStatus } : {}),
      ...(outcome.finalUrl !== undefined ? { finalUrl: outcome.finalUrl } : {}),
      redirects: outcome.redirects,
    };
  }
}

/** The cache as file text: expired entries dropped, at most MAX_LINK_CACHE_ENTRIES (the newest), keys sorted. */
export function serializeLinkCache(cache: LinkCache, now: number, ttlMs = DEFAULT_LINK_CACHE_TTL_MS): string {
  const live = Object.entries(cache.entries)
    .filter(([, entry]) => now - entry.checkedAt < ttlMs && entry.checkedAt <= now)
    .sort((a, b) => b[1].checkedAt - a[1].checkedAt)
    .slice(0, MAX_LINK_CACHE_ENTRIES)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `${JSON.stringify({ version: LINK_CACHE_VERSION, entries: Object.fromEntries(live) }, null, 2)}\n`;
}
