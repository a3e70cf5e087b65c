/**
 * The harness's small HTTP endpoint on 127.0.0.1 that the test entry talks to from inside the extension host:
 * "the suite started" and "take a screenshot now". Screenshots are answered only once the PNG is written, so a
 * test that awaits its request knows the picture shows the workbench as it was at that moment.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CONTROL_PATHS, SCREENSHOT_NAME_PATTERN } from './protocol';

/** What the control endpoint does on the harness's side. */
export interface ControlHandlers {
  /** Saves the workbench as a PNG named after `name` and resolves with the file's path. */
  screenshot(name: string): Promise<string>;
  /** Reads the activation time the Running Extensions editor shows for the extension listed under one of `names`. */
  activationTime?(names: readonly string[]): Promise<string>;
}

/** A listening control endpoint. */
export interface ControlServer {
  /** Base URL to hand to the extension host. */
  url: string;
  /** Resolves when the test entry announced itself. */
  started: Promise<void>;
  /** Names of the screenshots taken so far, in order. */
  screenshots: string[];
  close(): Promise<void>;
}

function reply(response: http.ServerResponse, status: number, body: string, type = 'text/plain'): void {
  response.writeHead(status, { 'content-type': `${type}; charset=utf-8`, connection: 'close' });
  response.end(body);
}

/** Starts the endpoint on a free loopback port. */
export async function startControlServer(handlers: ControlHandlers): Promise<ControlServer> {
  let markStarted!: () => void;
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  const screenshots: string[] = [];

  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (request.method !== 'POST') return reply(response, 405, 'POST only');
    if (url.pathname === CONTROL_PATHS.started) {
      markStarted();
      return reply(response, 204, '');
    }
    if (url.pathname === CONTROL_PATHS.screenshot) {
      const name = url.searchParams.get('name') ?? '';
      if (!SCREENSHOT_NAME_PATTERN.test(name)) return reply(response, 400, `invalid screenshot name ${JSON.stringify(name)}`);
      handlers.screenshot(name).then(
        (file) => {
          screenshots.push(name);
          reply(response, 200, JSON.stringify({ path: file }), 'application/json');
        },
        (error: Error) => reply(response, 500, error.message),
      );
      return;
    }
    if (url.pathname === CONTROL_PATHS.activationTime && handlers.activationTime) {
      const names = url.searchParams.getAll('name').filter((name) => name.length > 0);
      if (names.length === 0) return reply(response, 400, 'name is required');
      handlers.activationTime(names).then(
        (text) => reply(response, 200, JSON.stringify({ text }), 'application/json'),
        (error: Error) => reply(response, 500, error.message),
      );
      return;
    }
    reply(response, 404, `unknown path ${url.pathname}`);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    started,
    screenshots,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
