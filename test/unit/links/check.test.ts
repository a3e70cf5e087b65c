import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { checkLinks, normaliseLinkUrl, type LinkRequest, type LinkRequester, type LinkResponse } from '../../../src/core/links/check';

/** A fake transport: answers from a table by URL, records every request. */
function table(answers: Record<string, LinkResponse | ((request: LinkRequest) => LinkResponse | Promise<LinkResponse>)>) {
  const requests: LinkRequest[] = [];
  const request: LinkRequester = async (req) => {
    requests.push(req);
    const answer = answers[req.url];
    if (answer === undefined) return { status: 404 };
    return typeof answer === 'function' ? answer(req) : answer;
  };
  return { request, requests };
}

/** A transport whose answers the test releases one by one, to watch what is in flight. */
function gated() {
  const pending: Array<{ request: LinkRequest; resolve: (response: LinkResponse) => void }> = [];
  const request: LinkRequester = (req) => new Promise((resolve) => pending.push({ request: req, resolve }));
  return { request, pending };
}

async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

function networkError(code: string, wrapped = false): Error {
  const inner = Object.assign(new Error(`${code} happened`), { code });
  return wrapped ? Object.assign(new TypeError('fetch failed'), { cause: inner }) : inner;
}

describe('checking links (transport-independent rules)', () => {
  it('normalises URLs: lower-case host, no fragment, and nothing but http(s)', () => {
    assert.equal(normaliseLinkUrl('HTTPS://Example.ORG/a/b?q=1#section'), 'https://example.org/a/b?q=1');
    assert.equal(normaliseLinkUrl('  http://example.org  '), 'http://example.org/');
    for (const other of ['ftp://example.org/file', 'file:///etc/passwd', 'javascript:alert(1)', 'mailto:a@b.c', 'not a url', 'http://']) {
      assert.equal(normaliseLinkUrl(other), undefined, other);
    }
  });

  it('never requests anything but http(s), and each URL once however often it is listed', async () => {
    const { request, requests } = table({ 'https://example.org/a': { status: 200 } });
    const outcomes = await checkLinks(['https://example.org/a', 'https://EXAMPLE.org/a#x', 'ftp://example.org/a', 'file:///etc/hosts'], { request });
    assert.deepEqual([...outcomes.keys()], ['https://example.org/a']);
    assert.deepEqual(requests.map((entry) => `${entry.method} ${entry.url}`), ['HEAD https://example.org/a']);
  });

  it('sends the User-Agent it is given', async () => {
    const { request, requests } = table({ 'https://example.org/': { status: 200 } });
    await checkLinks(['https://example.org/'], { request, userAgent: 'Sourced/9.9.9 (test)' });
    assert.equal(requests[0].headers['User-Agent'], 'Sourced/9.9.9 (test)');
  });

  it('follows a relative Location and reports where the redirects ended', async () => {
    const { request } = table({
      'https://example.org/old': { status: 301, location: '/new' },
      'https://example.org/new': { status: 308, location: 'https://www.example.org/new' },
      'https://www.example.org/new': { status: 200, statusText: 'OK' },
    });
    const outcome = (await checkLinks(['https://example.org/old'], { request })).get('https://example.org/old');
    assert.deepEqual(
      { verdict: outcome?.verdict, redirects: outcome?.redirects, finalUrl: outcome?.finalUrl, reason: outcome?.reason },
      { verdict: 'ok', redirects: 2, finalUrl: 'https://www.example.org/new', reason: 'HTTP 200 OK' },
    );
  });

  it('counts a 3xx without a Location as the page answering', async () => {
    const { request } = table({ 'https://example.org/': { status: 304 } });
    assert.equal((await checkLinks(['https://example.org/'], { request })).get('https://example.org/')?.verdict, 'ok');
  });

  for (const status of [405, 501, 400, 403]) {
    it(`retries with GET after HEAD answers ${status}`, async () => {
      const { request, requests } = table({ 'https://example.org/p': (req) => ({ status: req.method === 'HEAD' ? status : 200 }) });
      const outcome = (await checkLinks(['https://example.org/p'], { request })).get('https://example.org/p');
      assert.equal(outcome?.verdict, 'ok');
      assert.deepEqual(requests.map((entry) => entry.method), ['HEAD', 'GET']);
    });
  }

  const verdicts: Array<[number, string, RegExp]> = [
    [404, 'broken', /^HTTP 404 Not Found$/],
    [410, 'broken', /^HTTP 410 Gone$/],
    [500, 'broken', /^HTTP 500 Internal Server Error$/],
    [503, 'broken', /^HTTP 503 Service Unavailable$/],
    [401, 'inconclusive', /^HTTP 401 Unauthorized: the site would not confirm/],
    [429, 'inconclusive', /^HTTP 429 Too Many Requests/],
    [451, 'inconclusive', /^HTTP 451/],
  ];
  for (const [status, verdict, reason] of verdicts) {
    it(`calls a final ${status} ${verdict}`, async () => {
      const { request } = table({ 'https://example.org/p': { status } });
      const outcome = (await checkLinks(['https://example.org/p'], { request })).get('https://example.org/p');
      assert.equal(outcome?.verdict, verdict);
      assert.match(outcome?.reason ?? '', reason);
      assert.equal(outcome?.httpStatus, status);
    });
  }

  const failures: Array<[string, RegExp]> = [
    ['ENOTFOUND', /^DNS lookup failed: no such host example\.org \(ENOTFOUND\)$/],
    ['EAI_AGAIN', /^DNS lookup failed for example\.org/],
    ['ECONNREFUSED', /^connection refused by example\.org$/],
    ['ECONNRESET', /closed before an answer/],
    ['CERT_HAS_EXPIRED', /^TLS certificate problem at example\.org \(CERT_HAS_EXPIRED\)$/],
    ['EWHATEVER', /^request failed: EWHATEVER happened \(EWHATEVER\)$/],
  ];
  for (const [code, reason] of failures) {
    for (const wrapped of [false, true]) {
      it(`reports a network error ${code}${wrapped ? ' wrapped by fetch in a TypeError' : ''} as broken with its reason`, async () => {
        const request: LinkRequester = async () => {
          throw networkError(code, wrapped);
        };
        const outcome = (await checkLinks(['https://example.org/p'], { request })).get('https://example.org/p');
        assert.equal(outcome?.verdict, 'broken');
        assert.match(outcome?.reason ?? '', reason);
      });
    }
  }

  it('times out a request even when the transport ignores the abort signal', async () => {
    const request: LinkRequester = () => new Promise(() => undefined);
    const outcome = (await checkLinks(['https://example.org/p'], { request, timeoutMs: 20 })).get('https://example.org/p');
    assert.equal(outcome?.verdict, 'broken');
    assert.equal(outcome?.reason, 'no answer within 20 ms');
  });

  it('aborts the signal of a request that timed out, so the transport can close its socket', async () => {
    let signal: AbortSignal | undefined;
    const request: LinkRequester = (req) => {
      signal = req.signal;
      return new Promise(() => undefined);
    };
    await checkLinks(['https://example.org/p'], { request, timeoutMs: 10 });
    assert.equal(signal?.aborted, true);
  });

  it('counts more redirects than allowed as broken, and a loop as broken', async () => {
    const { request } = table({
      'https://example.org/1': { status: 302, location: '/2' },
      'https://example.org/2': { status: 302, location: '/3' },
      'https://example.org/3': { status: 200 },
      'https://example.org/loop': { status: 302, location: '/loop#again' },
    });
    const outcomes = await checkLinks(['https://example.org/1', 'https://example.org/loop'], { request, maxRedirects: 1 });
    assert.equal(outcomes.get('https://example.org/1')?.reason, 'more than 1 redirects');
    assert.equal(outcomes.get('https://example.org/1')?.verdict, 'broken');
    assert.match(outcomes.get('https://example.org/loop')?.reason ?? '', /^redirect loop/);
  });

  it('keeps at most 4 requests in flight in all and 2 per host, and starts another host rather than wait', async () => {
    const { request, pending } = gated();
    const urls = ['a', 'b', 'c'].flatMap((host) => [1, 2, 3].map((page) => `https://${host}.example/${page}`));
    const run = checkLinks(urls, { request });
    const maxima = { total: 0, perHost: 0 };
    const hosts: string[] = [];
    let answered = 0;
    while (answered < urls.length) {
      await settle();
      const inFlight = pending.filter((entry) => entry !== undefined);
      const perHost = new Map<string, number>();
      for (const entry of inFlight) perHost.set(new URL(entry.request.url).host, (perHost.get(new URL(entry.request.url).host) ?? 0) + 1);
      maxima.total = Math.max(maxima.total, inFlight.length);
      maxima.perHost = Math.max(maxima.perHost, ...perHost.values());
      if (answered === 0) hosts.push(...[...perHost.keys()].sort());
      const next = pending.shift();
      assert.ok(next, 'the checker stalled with nothing in flight');
      next.resolve({ status: 200 });
      answered++;
    }
    const outcomes = await run;
    assert.equal(outcomes.size, 9);
    assert.deepEqual(maxima, { total: 4, perHost: 2 });
    assert.deepEqual(hosts, ['a.example', 'b.example'], 'the first four requests went to two hosts, two each');
  });

  it('honours a lower concurrency', async () => {
    const { request, pending } = gated();
    const run = checkLinks(['https://a.example/', 'https://b.example/', 'https://c.example/'], { request, concurrency: 1 });
    for (let i = 0; i < 3; i++) {
      await settle();
      assert.equal(pending.length, 1);
      pending.shift()!.resolve({ status: 200 });
    }
    assert.equal((await run).size, 3);
  });

  it('on cancellation, aborts what is in flight and reports the rest as not checked', async () => {
    const { request, pending } = gated();
    const controller = new AbortController();
    const urls = [1, 2, 3, 4, 5, 6].map((page) => `https://host${page}.example/`);
    const run = checkLinks(urls, { request, signal: controller.signal, concurrency: 2 });
    await settle();
    pending.shift()!.resolve({ status: 200 });
    await settle();
    controller.abort();
    const outcomes = await run;
    assert.equal(outcomes.size, 6);
    assert.equal(outcomes.get(urls[0])?.verdict, 'ok');
    const skipped = [...outcomes.values()].filter((outcome) => outcome.verdict === 'skipped');
    assert.equal(skipped.length, 5);
    for (const outcome of skipped) assert.equal(outcome.reason, 'not checked: the check was cancelled');
    assert.ok(pending.every((entry) => entry.request.signal.aborted));
  });

  it('stops at the run time limit and reports what it did not finish as not checked', async () => {
    const request: LinkRequester = () => new Promise(() => undefined);
    const outcomes = await checkLinks(['https://a.example/', 'https://b.example/'], { request, totalTimeoutMs: 10, timeoutMs: 60_000 });
    for (const outcome of outcomes.values()) {
      assert.equal(outcome.verdict, 'skipped');
      assert.match(outcome.reason, /time limit of 10 ms was reached/);
    }
  });

  it('stamps each outcome with the injected clock', async () => {
    const { request } = table({ 'https://example.org/': { status: 200 } });
    const outcomes = await checkLinks(['https://example.org/'], { request, now: () => 1_700_000_000_000 });
    assert.equal(outcomes.get('https://example.org/')?.checkedAt, 1_700_000_000_000);
  });

  it('never throws and decides every URL, whatever the transport answers or throws', async () => {
    const answer = fc.oneof(
      fc.record({ status: fc.integer({ min: -5, max: 1000 }), location: fc.option(fc.oneof(fc.webUrl(), fc.string(), fc.constant('/next')), { nil: undefined }) }),
      fc.constant('throw' as const),
      fc.constant('throw-string' as const),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.webUrl(), { minLength: 1, maxLength: 6 }), fc.array(answer, { minLength: 1, maxLength: 8 }), async (urls, answers) => {
        let index = 0;
        const request: LinkRequester = async () => {
          const next = answers[index++ % answers.length];
          if (next === 'throw') throw networkError('ECONNRESET');
          if (next === 'throw-string') throw 'odd';
          return next;
        };
        const outcomes = await checkLinks(urls, { request, maxRedirects: 3 });
        const expected = new Set(urls.map(normaliseLinkUrl).filter((url): url is string => url !== undefined));
        assert.deepEqual(new Set(outcomes.keys()), expected);
        for (const outcome of outcomes.values()) {
          assert.ok(['ok', 'broken', 'inconclusive'].includes(outcome.verdict), outcome.verdict);
          assert.ok(outcome.reason.length > 0);
          assert.ok(outcome.redirects >= 0 && outcome.redirects <= 4);
        }
      }),
      { numRuns: 150 },
    );
  });
});
