/**
 * The CLI's Node link checker end to end, against an HTTP server on 127.0.0.1 started here. Never the internet:
 * the one unknown host is simulated with an injected DNS lookup.
 */
import { strict as assert } from 'node:assert';
import { once } from 'node:events';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkLinksWithNode, CLI_USER_AGENT } from '../../../src/cli/linkChecker';
import type { LinkOutcome } from '../../../src/core/links/check';

interface Seen {
  method: string;
  path: string;
  userAgent?: string;
}

describe('the Node link checker against a local HTTP server', () => {
  let server: http.Server;
  let base: string;
  const seen: Seen[] = [];
  const held: http.ServerResponse[] = [];
  let streamClosed: Promise<unknown>;
  let markStreamClosed: () => void;

  before(async () => {
    streamClosed = new Promise<void>((resolve) => (markStreamClosed = resolve));
    server = http.createServer((request, response) => {
      const path = request.url ?? '/';
      seen.push({ method: request.method ?? '', path, userAgent: request.headers['user-agent'] });
      const chain = /^\/chain\/(\d+)$/.exec(path);
      if (chain) {
        const left = Number(chain[1]);
        response.writeHead(302, { location: left <= 1 ? '/ok' : `/chain/${left - 1}` }).end();
        return;
      }
      switch (path) {
        case '/ok':
          response.writeHead(200, { 'content-type': 'text/html' }).end(request.method === 'GET' ? '<p>hello</p>' : undefined);
          return;
        case '/moved':
          response.writeHead(301, { location: '/ok' }).end();
          return;
        case '/missing':
          response.writeHead(404).end();
          return;
        case '/gone':
          response.writeHead(410).end();
          return;
        case '/error':
          response.writeHead(500).end();
          return;
        case '/forbidden':
          response.writeHead(403).end();
          return;
        case '/no-head':
          response.writeHead(request.method === 'HEAD' ? 405 : 200).end();
          return;
        case '/loop-a':
          response.writeHead(302, { location: '/loop-b' }).end();
          return;
        case '/loop-b':
          response.writeHead(302, { location: '/loop-a' }).end();
          return;
        case '/mail':
          response.writeHead(302, { location: 'mailto:editor@example.org' }).end();
          return;
        case '/slow':
          // Never answers: the checker's timeout must give up. Ended in after().
          held.push(response);
          return;
        case '/stream':
          if (request.method === 'HEAD') {
            response.writeHead(405).end();
            return;
          }
          // An endless body: the checker must decide on the headers and close the connection.
          response.writeHead(200, { 'content-type': 'video/mp4' });
          response.on('close', () => markStreamClosed());
          {
            const chunk = Buffer.alloc(64 * 1024, 1);
            const pump = () => {
              while (!response.destroyed && response.write(chunk));
              if (!response.destroyed) response.once('drain', pump);
            };
            pump();
          }
          return;
        default:
          response.writeHead(404).end();
      }
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    for (const response of held) response.destroy();
    server.closeAllConnections();
    server.close();
    await once(server, 'close');
  });

  async function check(paths: string[], options: Parameters<typeof checkLinksWithNode>[1] = {}): Promise<Map<string, LinkOutcome>> {
    return checkLinksWithNode(paths.map((path) => (path.startsWith('http') ? path : `${base}${path}`)), { timeoutMs: 2000, ...options });
  }

  function outcome(results: Map<string, LinkOutcome>, path: string): LinkOutcome {
    const found = results.get(`${base}${path}`);
    assert.ok(found, `no outcome for ${path}: ${[...results.keys()].join(', ')}`);
    return found;
  }

  it('finds a 200 page ok with a HEAD request naming Sourced in the User-Agent', async () => {
    const results = await check(['/ok']);
    assert.equal(outcome(results, '/ok').verdict, 'ok');
    assert.equal(outcome(results, '/ok').httpStatus, 200);
    const request = seen.find((entry) => entry.path === '/ok');
    assert.equal(request?.method, 'HEAD');
    assert.equal(request?.userAgent, CLI_USER_AGENT);
    assert.match(CLI_USER_AGENT, /^Sourced\/\d+\.\d+\.\d+ /);
  });

  it('follows a 301 to a 200 page and says where it ended', async () => {
    const moved = outcome(await check(['/moved']), '/moved');
    assert.equal(moved.verdict, 'ok');
    assert.equal(moved.redirects, 1);
    assert.equal(moved.finalUrl, `${base}/ok`);
  });

  it('reports 404 and 410 as broken, with the status in the reason', async () => {
    const results = await check(['/missing', '/gone']);
    assert.deepEqual([outcome(results, '/missing').verdict, outcome(results, '/missing').reason], ['broken', 'HTTP 404 Not Found']);
    assert.deepEqual([outcome(results, '/gone').verdict, outcome(results, '/gone').reason], ['broken', 'HTTP 410 Gone']);
  });

  it('reports a 500 server error as broken', async () => {
    const error = outcome(await check(['/error']), '/error');
    assert.equal(error.verdict, 'broken');
    assert.equal(error.httpStatus, 500);
    assert.match(error.reason, /^HTTP 500 Internal Server Error/);
  });

  it('retries with GET when HEAD answers 405, and finds the page ok', async () => {
    const before = seen.length;
    const noHead = outcome(await check(['/no-head']), '/no-head');
    assert.equal(noHead.verdict, 'ok');
    assert.deepEqual(seen.slice(before).map((entry) => `${entry.method} ${entry.path}`), ['HEAD /no-head', 'GET /no-head']);
  });

  it('gives up on a server that does not answer within the timeout and says so', async () => {
    const slow = outcome(await check(['/slow'], { timeoutMs: 300 }), '/slow');
    assert.equal(slow.verdict, 'broken');
    assert.equal(slow.reason, 'no answer within 300 ms');
  });

  it('decides on the headers of a GET and closes the connection instead of downloading the body', async () => {
    const stream = outcome(await check(['/stream']), '/stream');
    assert.equal(stream.verdict, 'ok');
    await streamClosed;
  });

  it('follows up to 5 redirects and counts a sixth as broken', async () => {
    const results = await check(['/chain/5', '/chain/6']);
    assert.equal(outcome(results, '/chain/5').verdict, 'ok');
    assert.equal(outcome(results, '/chain/5').redirects, 5);
    assert.equal(outcome(results, '/chain/6').verdict, 'broken');
    assert.equal(outcome(results, '/chain/6').reason, 'more than 5 redirects');
  });

  it('reports a redirect loop as broken', async () => {
    const loop = outcome(await check(['/loop-a']), '/loop-a');
    assert.equal(loop.verdict, 'broken');
    assert.match(loop.reason, /^redirect loop/);
  });

  it('never follows a redirect to something that is not http(s)', async () => {
    const before = seen.length;
    const mail = outcome(await check(['/mail']), '/mail');
    assert.equal(mail.verdict, 'inconclusive');
    assert.match(mail.reason, /non-web address \(mailto:\)/);
    assert.equal(seen.length - before, 1);
  });

  it('calls a 403 unconfirmed rather than broken, after trying GET too', async () => {
    const before = seen.length;
    const forbidden = outcome(await check(['/forbidden']), '/forbidden');
    assert.equal(forbidden.verdict, 'inconclusive');
    assert.match(forbidden.reason, /^HTTP 403 Forbidden/);
    assert.deepEqual(seen.slice(before).map((entry) => entry.method), ['HEAD', 'GET']);
  });

  it('reports an unknown host as broken, naming the DNS failure', async () => {
    const lookup = ((hostname: string, _options: unknown, callback: (error: NodeJS.ErrnoException) => void) => {
      const error: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
      error.code = 'ENOTFOUND';
      process.nextTick(() => callback(error));
    }) as unknown as NonNullable<Parameters<typeof checkLinksWithNode>[1]>['lookup'];
    const results = await checkLinksWithNode(['http://no-such-host.invalid/page'], { lookup, timeoutMs: 2000 });
    const unknown = results.get('http://no-such-host.invalid/page');
    assert.equal(unknown?.verdict, 'broken');
    assert.equal(unknown?.reason, 'DNS lookup failed: no such host no-such-host.invalid (ENOTFOUND)');
  });

  it('reports a refused connection as broken', async () => {
    const closed = http.createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const port = (closed.address() as AddressInfo).port;
    closed.close();
    await once(closed, 'close');
    const results = await checkLinksWithNode([`http://127.0.0.1:${port}/`], { timeoutMs: 2000 });
    assert.equal(results.get(`http://127.0.0.1:${port}/`)?.verdict, 'broken');
    assert.match(results.get(`http://127.0.0.1:${port}/`)?.reason ?? '', /^connection refused/);
  });

  it('checks a mixed list with bounded concurrency and an outcome for each URL', async () => {
    const paths = ['/ok', '/moved', '/missing', '/gone', '/error', '/no-head', '/chain/2', '/forbidden'];
    const results = await check(paths, { concurrency: 3 });
    assert.deepEqual(
      paths.map((path) => outcome(results, path).verdict),
      ['ok', 'ok', 'broken', 'broken', 'broken', 'ok', 'ok', 'inconclusive'],
    );
  });
});
