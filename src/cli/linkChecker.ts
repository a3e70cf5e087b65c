/**
 * The CLI's link checker: the checking rules of src/core/links/check.ts over Node's http/https. The only place in
 * the CLI that touches the network. Each request is its own connection (no keep-alive pool left open at exit),
 * and a response is dropped as soon as its status line and headers arrive, so no body is downloaded.
 */
import { promises as fs } from 'node:fs';
import type * as HttpModule from 'node:http';
import { dirname } from 'node:path';
import type { LookupFunction } from 'node:net';
import { checkLinks, type LinkCheckOptions, type LinkOutcome, type LinkRequester } from '../core/links/check';
import { VERSION } from './version';

/** The User-Agent of every request: names Sourced and where to read about it, as polite crawlers do. */
export const CLI_USER_AGENT = `Sourced/${VERSION} (link check; +https://github.com/sourced-md/sourced)`;

/** Headers larger than this are refused: a link check needs the status line and a Location, nothing big. */
const MAX_HEADER_BYTES = 32 * 1024;

export interface NodeRequesterOptions {
  /** DNS lookup to use instead of the system's (tests simulate an unknown host with it). */
  lookup?: LookupFunction;
}

/** A `LinkRequester` over Node's http and https modules. */
export function createNodeLinkRequester(options: NodeRequesterOptions = {}): LinkRequester {
  return ({ url, method, headers, signal }) =>
    new Promise((resolve, reject) => {
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch (error) {
        reject(error);
        return;
      }
      // Required here, not at the top: every `sourced lint` loads this module, and http/https pull in tls and net.
      const transport: typeof HttpModule | undefined =
        parsed.protocol === 'https:' ? require('node:https') : parsed.protocol === 'http:' ? require('node:http') : undefined;
      if (!transport) {
        reject(new Error(`not an http(s) URL: ${url}`));
        return;
      }
      const request = transport.request(
        parsed,
        { method, headers, signal, agent: false, maxHeaderSize: MAX_HEADER_BYTES, ...(options.lookup ? { lookup: options.lookup } : {}) },
        (response) => {
          const location = response.headers.location;
          resolve({ status: response.statusCode ?? 0, statusText: response.statusMessage, ...(location ? { location } : {}) });
          // The verdict is in the headers; closing the socket stops the body (a GET on a video) from downloading.
          response.destroy();
        },
      );
      request.on('error', reject);
      request.end();
    });
}

/** Options of the Node checker: those of `checkLinks` without the transport, which it provides. */
export type NodeLinkCheckOptions = Omit<LinkCheckOptions, 'request'> & NodeRequesterOptions;

/** Checks URLs over the network with Node's http/https, naming Sourced in the User-Agent. */
export function checkLinksWithNode(urls: Iterable<string>, options: NodeLinkCheckOptions = {}): Promise<Map<string, LinkOutcome>> {
  const { lookup, ...rest } = options;
  return checkLinks(urls, { userAgent: CLI_USER_AGENT, ...rest, request: createNodeLinkRequester({ lookup }) });
}

/**
 * Writes a file whole or not at all (a temporary file renamed over it), creating its folder: an interrupted run
 * must not leave a half-written cache.
 */
export async function writeFileAtomically(path: string, text: string): Promise<void> {
  await fs.mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    await fs.writeFile(temporary, text, 'utf8');
    await fs.rename(temporary, path);
  } catch (error) {
    await fs.rm(temporary, { force: true }).catch(() => undefined);
    throw error;
  }
}
