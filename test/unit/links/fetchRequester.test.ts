/** The extension's transport (fetch with manual redirects) against an HTTP server on 127.0.0.1 started here. */
import { strict as assert } from 'node:assert';
import { once } from 'node:events';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkLinks } from '../../../src/core/links/check';
import { fetchRequester, type FetchLike } from '../../../src/core/links/fetchRequester';

describe('checking links over fetch (the extension host transport)', () => {
  let server: http.Server;
  let base: string;
  const methods: string[] = [];
  let bodyClosed: Promise<void>;
  let markBodyClosed: () => void;

  before(async () => {
    bodyClosed = new Promise<void>((resolve) => (markBodyClosed = resolve));
    server = http.createServer((request, response) => {
      methods.push(`${request.method} ${request.url}`);
      if (request.url === '/ok') response.writeHead(200).end();
      else if (request.url === '/moved') response.writeHead(301, { location: '/ok' }).end();
      else if (request.url === '/no-head') response.writeHead(request.method === 'HEAD' ? 405 : 200).end();
      else if (request.url === '/big') {
        if (request.method === 'HEAD') {
          response.writeHead(501).end();
          return;
        }
        response.writeHead(200);
        response.on('close', () => markBodyClosed());
        const chunk = Buffer.alloc(64 * 1024, 1);
        const pump = () => {
          while (!response.destroyed && response.write(chunk));
          if (!response.destroyed) response.once('drain', pump);
        };
        pump();
      } else response.writeHead(404).end();
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    server.closeAllConnections();
    server.close();
    await once(server, 'close');
  });

  const request = fetchRequester(fetch as unknown as FetchLike);

  it('follows a redirect itself (fetch is told not to) and finds the page ok', async () => {
    methods.length = 0;
    const outcome = (await checkLinks([`${base}/moved`], { request })).get(`${base}/moved`);
    assert.equal(outcome?.verdict, 'ok');
    assert.equal(outcome?.finalUrl, `${base}/ok`);
    assert.deepEqual(methods, ['HEAD /moved', 'HEAD /ok']);
  });

  it('falls back to GET on 405 and reports 404 as broken', async () => {
    const outcomes = await checkLinks([`${base}/no-head`, `${base}/missing`], { request });
    assert.equal(outcomes.get(`${base}/no-head`)?.verdict, 'ok');
    assert.equal(outcomes.get(`${base}/missing`)?.reason, 'HTTP 404 Not Found');
  });

  it('cancels the body of a GET instead of downloading it', async () => {
    const outcome = (await checkLinks([`${base}/big`], { request })).get(`${base}/big`);
    assert.equal(outcome?.verdict, 'ok');
    await bodyClosed;
  });
});
