/**
 * A link-check transport over a `fetch` that exposes redirects (Node's and the VS Code extension host's do, with
 * `redirect: 'manual'`). The body is never read: it is cancelled as soon as the headers are in. In a browser,
 * where a manual redirect is opaque, a redirect counts as the page answering (its target cannot be followed).
 */
import type { LinkRequester, LinkResponse } from './check';

/** The part of the Fetch API the transport uses. */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; redirect: 'manual'; signal: AbortSignal },
) => Promise<{
  status: number;
  statusText: string;
  type?: string;
  headers: { get(name: string): string | null };
  body?: { cancel(): Promise<void> } | null;
}>;

/** A `LinkRequester` that makes each request with `fetchFunction`. */
export function fetchRequester(fetchFunction: FetchLike): LinkRequester {
  return async ({ url, method, headers, signal }) => {
    const response = await fetchFunction(url, { method, headers: { ...headers }, redirect: 'manual', signal });
    // Headers are all the checker needs; reading the body could mean downloading a whole video.
    response.body?.cancel().catch(() => undefined);
    if (response.type === 'opaqueredirect') return { status: 399, statusText: 'redirect (target hidden by the browser)' };
    const result: LinkResponse = { status: response.status, statusText: response.statusText };
    const location = response.headers.get('location');
    if (location) result.location = location;
    return result;
  };
}
