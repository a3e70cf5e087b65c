import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import {
  cachedOutcome,
  DEFAULT_LINK_CACHE_TTL_MS,
  emptyLinkCache,
  isCacheable,
  MAX_LINK_CACHE_ENTRIES,
  parseLinkCache,
  rememberOutcomes,
  serializeLinkCache,
} from '../../../src/core/links/cache';
import type { LinkOutcome } from '../../../src/core/links/check';

const T0 = Date.UTC(2026, 10, 27, 12);
const HOUR = 3_600_000;

function outcome(url: string, fields: Partial<LinkOutcome> = {}): LinkOutcome {
  return { url, verdict: 'ok', reason: 'HTTP 200 OK', httpStatus: 200, redirects: 0, checkedAt: T0, ...fields };
}

describe('the link cache', () => {
  it('gives back an outcome written by an earlier run, marked as from the cache', () => {
    const cache = emptyLinkCache();
    rememberOutcomes(cache, [outcome('https://example.org/', { redirects: 1, finalUrl: 'https://www.example.org/' })]);
    const reread = parseLinkCache(serializeLinkCache(cache, T0));
    assert.deepEqual(cachedOutcome(reread, 'https://example.org/', T0 + HOUR), { ...outcome('https://example.org/', { redirects: 1, finalUrl: 'https://www.example.org/' }), fromCache: true });
  });

  it('trusts an entry for 24 hours by default, and not a moment longer', () => {
    const cache = emptyLinkCache();
    rememberOutcomes(cache, [outcome('https://example.org/')]);
    assert.ok(cachedOutcome(cache, 'https://example.org/', T0 + DEFAULT_LINK_CACHE_TTL_MS - 1));
    assert.equal(cachedOutcome(cache, 'https://example.org/', T0 + DEFAULT_LINK_CACHE_TTL_MS), undefined);
    assert.equal(cachedOutcome(cache, 'https://example.org/', T0 + 2 * HOUR, HOUR), undefined);
  });

  it('does not trust an entry dated in the future (the clock moved back)', () => {
    const cache = emptyLinkCache();
    rememberOutcomes(cache, [outcome('https://example.org/')]);
    assert.equal(cachedOutcome(cache, 'https://example.org/', T0 - 1), undefined);
  });

  it('keeps pages that answer and pages that are gone (404, 410), not timeouts, errors or refusals', () => {
    assert.equal(isCacheable(outcome('a')), true);
    assert.equal(isCacheable(outcome('a', { verdict: 'broken', httpStatus: 404 })), true);
    assert.equal(isCacheable(outcome('a', { verdict: 'broken', httpStatus: 410 })), true);
    assert.equal(isCacheable(outcome('a', { verdict: 'broken', httpStatus: 503 })), false);
    assert.equal(isCacheable(outcome('a', { verdict: 'broken', httpStatus: undefined, reason: 'no answer within 10 s' })), false);
    assert.equal(isCacheable(outcome('a', { verdict: 'inconclusive', httpStatus: 403 })), false);
    assert.equal(isCacheable(outcome('a', { verdict: 'skipped' })), false);
    assert.equal(isCacheable(outcome('a', { fromCache: true })), false);
  });

  it('forgets a URL whose latest check was not cacheable, so the next run asks again', () => {
    const cache = emptyLinkCache();
    rememberOutcomes(cache, [outcome('https://example.org/')]);
    rememberOutcomes(cache, [outcome('https://example.org/', { verdict: 'broken', httpStatus: undefined, reason: 'connection refused', checkedAt: T0 + 1 })]);
    assert.equal(cachedOutcome(cache, 'https://example.org/', T0 + 2), undefined);
  });

  it('drops expired entries when written', () => {
    const cache = emptyLinkCache();
    rememberOutcomes(cache, [outcome('https://old.example/', { checkedAt: T0 - 2 * DEFAULT_LINK_CACHE_TTL_MS }), outcome('https://new.example/')]);
    assert.deepEqual(Object.keys(JSON.parse(serializeLinkCache(cache, T0)).entries), ['https://new.example/']);
  });

  it(`keeps at most ${MAX_LINK_CACHE_ENTRIES} entries, the newest`, () => {
    const cache = emptyLinkCache();
    rememberOutcomes(cache, Array.from({ length: MAX_LINK_CACHE_ENTRIES + 5 }, (_, index) => outcome(`https://e.example/${index}`, { checkedAt: T0 - index })));
    const written = JSON.parse(serializeLinkCache(cache, T0)).entries as Record<string, unknown>;
    assert.equal(Object.keys(written).length, MAX_LINK_CACHE_ENTRIES);
    assert.ok(written['https://e.example/0']);
    assert.equal(written[`https://e.example/${MAX_LINK_CACHE_ENTRIES + 4}`], undefined);
  });

  it('reads a missing, corrupt or foreign file as an empty cache', () => {
    for (const text of [undefined, '', '{', 'null', '[]', '{"version":2,"entries":{}}', '{"version":1,"entries":[]}']) {
      assert.deepEqual(Object.keys(parseLinkCache(text).entries), [], String(text));
    }
  });

  it('drops a malformed entry alone and keeps the others', () => {
    const text = JSON.stringify({
      version: 1,
      entries: {
        'https://good.example/': { checkedAt: T0, verdict: 'ok', reason: 'HTTP 200 OK', redirects: 0 },
        'https://bad.example/': { checkedAt: 'yesterday', verdict: 'ok', reason: 'x', redirects: 0 },
        'https://odd.example/': { checkedAt: T0, verdict: 'inconclusive', reason: 'x', redirects: 0 },
      },
    });
    assert.deepEqual(Object.keys(parseLinkCache(text).entries), ['https://good.example/']);
  });

  it('does not mistake inherited object keys for cached URLs', () => {
    assert.equal(cachedOutcome(parseLinkCache('{"version":1,"entries":{}}'), '__proto__', T0), undefined);
    assert.equal(cachedOutcome(emptyLinkCache(), 'constructor', T0), undefined);
  });

  it('never throws on any file text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (text) => {
        const cache = parseLinkCache(text);
        serializeLinkCache(cache, T0);
      }),
      { numRuns: 300 },
    );
  });
});
