/**
 * How a source link is checked, independent of the transport: HEAD first (falling back to GET where servers
 * refuse HEAD), redirects followed up to a limit, a timeout per request, bounded concurrency for the whole run
 * and per host, and every failure turned into a verdict with a reason a writer understands. The transport (one
 * HTTP request, no redirect following) is passed in: Node's http in the CLI, the extension host's fetch in VS Code,
 * a fake in tests. Never throws.
 */

/** The HTTP method of one request: HEAD first, GET when the server does not answer HEAD properly. */
export type LinkMethod = 'HEAD' | 'GET';

/** One request the checker asks its transport to make. */
export interface LinkRequest {
  url: string;
  method: LinkMethod;
  headers: Readonly<Record<string, string>>;
  /** Aborted on timeout, cancellation or the end of the run's time budget; the transport must give up then. */
  signal: AbortSignal;
}

/** What the checker needs of a response: its status and, for a redirect, where it points. No body. */
export interface LinkResponse {
  status: number;
  statusText?: string;
  location?: string;
}

/**
 * Makes one HTTP request without following redirects and resolves once the status line and headers arrived,
 * without reading the body. Rejects on network errors (with Node's `code`, possibly on `cause`) and on abort.
 */
export type LinkRequester = (request: LinkRequest) => Promise<LinkResponse>;

/** ok: the page answers; broken: it is gone or unreachable; inconclusive: the site would not say; skipped: not checked. */
export type LinkVerdict = 'ok' | 'broken' | 'inconclusive' | 'skipped';

/** The result of checking one URL. */
export interface LinkOutcome {
  /** The URL as checked (normalised: see `normaliseLinkUrl`). */
  url: string;
  verdict: LinkVerdict;
  /** Why, in a writer's words: "HTTP 404 Not Found", "no answer within 10 s", "DNS lookup failed (ENOTFOUND)". */
  reason: string;
  /** The last HTTP status received, if any. */
  httpStatus?: number;
  /** Where the redirects ended, when there were any. */
  finalUrl?: string;
  redirects: number;
  /** When the check was made (milliseconds since the epoch). */
  checkedAt: number;
  /** True when the outcome came from the cache rather than the network. */
  fromCache?: boolean;
}

/** Options of one run of `checkLinks`. */
export interface LinkCheckOptions {
  request: LinkRequester;
  /** Requests in flight at once over the whole run (default 4). */
  concurrency?: number;
  /** Requests in flight at once to one host (default 2): a writer's tool must never look like an attack. */
  perHost?: number;
  /** Per request, until the headers arrive (default 10 s). */
  timeoutMs?: number;
  /** Redirects followed before the link counts as broken (default 5). */
  maxRedirects?: number;
  /** The whole run; URLs not finished by then are reported as skipped (default 5 minutes). */
  totalTimeoutMs?: number;
  userAgent?: string;
  /** Cancels the run: requests in flight are aborted and unfinished URLs are skipped. */
  signal?: AbortSignal;
  /** Clock for `checkedAt`; defaults to Date.now. */
  now?: () => number;
  /** Called after each URL is decided, for progress reports. */
  onOutcome?: (outcome: LinkOutcome, done: number, total: number) => void;
}

export const DEFAULT_LINK_CONCURRENCY = 4;
export const DEFAULT_LINK_PER_HOST = 2;
export const DEFAULT_LINK_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_REDIRECTS = 5;
export const DEFAULT_LINK_RUN_TIMEOUT_MS = 5 * 60_000;
export const DEFAULT_USER_AGENT = 'Sourced link checker (+https://github.com/sourced-md/sourced)';

/**
 * Statuses after which a HEAD request is retried as GET. 405 and 501 say "no HEAD here"; some servers and CDNs
 * answer HEAD with 400 or 403 while serving GET normally, so those get a second chance too.
 */
const HEAD_FALLBACK_STATUSES: ReadonlySet<number> = new Set([400, 403, 405, 406, 501]);

const STATUS_TEXTS: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  408: 'Request Timeout',
  410: 'Gone',
  429: 'Too Many Requests',
  451: 'Unavailable For Legal Reasons',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/**
 * The form of a URL that is checked and cached: parsed, host lower-cased, fragment dropped (it never reaches the
 * server). Undefined for anything that is not an http(s) URL: nothing else is ever requested.
 */
export function normaliseLinkUrl(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  if (!parsed.hostname) return undefined;
  parsed.hash = '';
  return parsed.href;
}

/** Limits requests in flight per host; `tryAcquire` is synchronous so a worker can pick a URL and reserve at once. */
class HostSlots {
  private readonly active = new Map<string, number>();
  private waiters: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  hasRoom(host: string): boolean {
    return (this.active.get(host) ?? 0) < this.limit;
  }

  tryAcquire(host: string): boolean {
    if (!this.hasRoom(host)) return false;
    this.active.set(host, (this.active.get(host) ?? 0) + 1);
    return true;
  }

  /** Resolves true once a slot of `host` is held, false when the run stopped first. */
  async acquire(host: string, stopped: () => boolean): Promise<boolean> {
    while (!this.tryAcquire(host)) {
      if (stopped()) return false;
      await this.changed();
    }
    return true;
  }

  release(host: string): void {
    const count = (this.active.get(host) ?? 1) - 1;
    if (count <= 0) this.active.delete(host);
    else this.active.set(host, count);
    this.wakeAll();
  }

  /** Resolves at the next release (or stop). */
  changed(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  wakeAll(): void {
    const waiting = this.waiters;
    this.waiters = [];
    for (const wake of waiting) wake();
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return '';
  }
}

function statusLabel(status: number, statusText: string | undefined): string {
  const text = statusText?.trim() || STATUS_TEXTS[status] || '';
  return `HTTP ${status}${text ? ` ${text}` : ''}`;
}

function seconds(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  const value = ms / 1000;
  return `${Number.isInteger(value) ? value : value.toFixed(1)} s`;
}

/** The `code` of a network error, looking through `cause` (fetch wraps Node's error in a TypeError). */
function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code.length > 0) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function errorMessage(error: unknown): string {
  const cause = (error as { cause?: unknown } | undefined)?.cause;
  const message = cause instanceof Error ? cause.message : error instanceof Error ? error.message : String(error);
  return message.split('\n')[0].slice(0, 200);
}

/** A network failure as a verdict: each of these means a reader following the link would fail too. */
export function describeNetworkError(error: unknown, host: string): { verdict: LinkVerdict; reason: string } {
  const code = errorCode(error);
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_NONAME':
    case 'EAI_NODATA':
      return { verdict: 'broken', reason: `DNS lookup failed: no such host ${host} (${code})` };
    case 'EAI_AGAIN':
      return { verdict: 'broken', reason: `DNS lookup failed for ${host} (${code}: the name server did not answer)` };
    case 'ECONNREFUSED':
      return { verdict: 'broken', reason: `connection refused by ${host}` };
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
    case 'UND_ERR_CLOSED':
      return { verdict: 'broken', reason: `the connection to ${host} was closed before an answer (${code})` };
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'UND_ERR_HEADERS_TIMEOUT':
      return { verdict: 'broken', reason: `no answer from ${host} (${code})` };
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return { verdict: 'broken', reason: `${host} is unreachable (${code})` };
    default:
      break;
  }
  if (code && /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_SSL/.test(code)) {
    return { verdict: 'broken', reason: `TLS certificate problem at ${host} (${code})` };
  }
  return { verdict: 'broken', reason: `request failed: ${errorMessage(error)}${code ? ` (${code})` : ''}` };
}

/** Why a request was abandoned, set by whoever aborted it. */
type StopReason = 'timeout' | 'cancelled' | 'deadline';

/**
 * Checks each URL once (duplicates and non-http(s) URLs are dropped; the map is keyed by `normaliseLinkUrl`).
 * Resolves with an outcome for every checkable URL, never rejects.
 */
export async function checkLinks(urls: Iterable<string>, options: LinkCheckOptions): Promise<Map<string, LinkOutcome>> {
  const concurrency = clampInteger(options.concurrency, DEFAULT_LINK_CONCURRENCY, 1, 64);
  const perHost = clampInteger(options.perHost, DEFAULT_LINK_PER_HOST, 1, 64);
  const timeoutMs = clampInteger(options.timeoutMs, DEFAULT_LINK_TIMEOUT_MS, 1, 600_000);
  const maxRedirects = clampInteger(options.maxRedirects, DEFAULT_MAX_REDIRECTS, 0, 20);
  const totalTimeoutMs = clampInteger(options.totalTimeoutMs, DEFAULT_LINK_RUN_TIMEOUT_MS, 1, 24 * 3_600_000);
  const now = options.now ?? Date.now;
  const headers = { 'User-Agent': options.userAgent ?? DEFAULT_USER_AGENT, Accept: '*/*' };

  const queue: string[] = [];
  for (const url of urls) {
    const normalised = normaliseLinkUrl(url);
    if (normalised !== undefined && !queue.includes(normalised)) queue.push(normalised);
  }
  const outcomes = new Map<string, LinkOutcome>();
  const total = queue.length;
  if (total === 0) return outcomes;

  const run = new AbortController();
  let stopReason: StopReason | undefined;
  const slots = new HostSlots(perHost);
  const stop = (reason: StopReason) => {
    if (stopReason) return;
    stopReason = reason;
    run.abort();
    slots.wakeAll();
  };
  const onCancel = () => stop('cancelled');
  if (options.signal?.aborted) stop('cancelled');
  else options.signal?.addEventListener('abort', onCancel, { once: true });
  const deadline = setTimeout(() => stop('deadline'), totalTimeoutMs);

  const finish = (outcome: LinkOutcome) => {
    outcomes.set(outcome.url, outcome);
    try {
      options.onOutcome?.(outcome, outcomes.size, total);
    } catch {
      // A progress callback's failure must not lose the run's results.
    }
  };

  const skippedReason = () =>
    stopReason === 'deadline' ? `not checked: the run's time limit of ${seconds(totalTimeoutMs)} was reached` : 'not checked: the check was cancelled';

  /** One request, bounded by the timeout and the run; resolves with the response or a failure verdict. */
  const send = async (url: string, method: LinkMethod): Promise<LinkResponse | { verdict: LinkVerdict; reason: string }> => {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const onRunAbort = () => controller.abort();
    run.signal.addEventListener('abort', onRunAbort, { once: true });
    let rejectOnAbort: (() => void) | undefined;
    // A transport that ignores the signal must still not hold the run: the race gives up on abort regardless.
    const aborted = new Promise<never>((_resolve, reject) => {
      rejectOnAbort = () => reject(new Error('aborted'));
      controller.signal.addEventListener('abort', rejectOnAbort, { once: true });
    });
    aborted.catch(() => undefined);
    try {
      if (run.signal.aborted) controller.abort();
      return await Promise.race([options.request({ url, method, headers, signal: controller.signal }), aborted]);
    } catch (error) {
      if (timedOut) return { verdict: 'broken', reason: `no answer within ${seconds(timeoutMs)}` };
      if (stopReason) return { verdict: 'skipped', reason: skippedReason() };
      return describeNetworkError(error, hostOf(url));
    } finally {
      clearTimeout(timer);
      run.signal.removeEventListener('abort', onRunAbort);
      if (rejectOnAbort) controller.signal.removeEventListener('abort', rejectOnAbort);
    }
  };

  const checkOne = async (url: string, firstSlotHeld: boolean): Promise<LinkOutcome> => {
    let current = url;
    let redirects = 0;
    let method: LinkMethod = 'HEAD';
    let slotHeld = firstSlotHeld;
    const visited = new Set<string>([url]);
    const outcome = (verdict: LinkVerdict, reason: string, httpStatus?: number): LinkOutcome => ({
      url,
      verdict,
      reason,
      ...(httpStatus !== undefined ? { httpStatus } : {}),
      ...(redirects > 0 ? { finalUrl: current } : {}),
      redirects,
      checkedAt: now(),
    });
    for (;;) {
      const host = hostOf(current);
      if (!slotHeld && !(await slots.acquire(host, () => stopReason !== undefined))) return outcome('skipped', skippedReason());
      slotHeld = false;
      let response: Awaited<ReturnType<typeof send>>;
      try {
        response = await send(current, method);
      } finally {
        slots.release(host);
      }
      if ('verdict' in response) return outcome(response.verdict, response.reason);
      const status = response.status;
      if (!Number.isInteger(status) || status < 100 || status > 599) return outcome('inconclusive', `the server sent an invalid status (${String(status)})`);
      if (method === 'HEAD' && HEAD_FALLBACK_STATUSES.has(status)) {
        method = 'GET';
        continue;
      }
      if (status >= 300 && status < 400 && response.location) {
        let next: string;
        try {
          next = new URL(response.location, current).href;
        } catch {
          return outcome('inconclusive', `${statusLabel(status, response.statusText)} with an invalid Location "${response.location.slice(0, 100)}"`, status);
        }
        const nextUrl = new URL(next);
        if (nextUrl.protocol !== 'http:' && nextUrl.protocol !== 'https:') {
          return outcome('inconclusive', `redirects to a non-web address (${nextUrl.protocol}), which is not followed`, status);
        }
        nextUrl.hash = '';
        if (visited.has(nextUrl.href)) {
          current = nextUrl.href;
          redirects++;
          return outcome('broken', `redirect loop (back to ${nextUrl.href})`, status);
        }
        if (redirects >= maxRedirects) return outcome('broken', `more than ${maxRedirects} redirects`, status);
        redirects++;
        current = nextUrl.href;
        visited.add(current);
        method = 'HEAD';
        continue;
      }
      const label = statusLabel(status, response.statusText);
      if (status < 400) return outcome('ok', label, status);
      if (status === 404 || status === 410 || status >= 500) return outcome('broken', label, status);
      return outcome('inconclusive', `${label}: the site would not confirm the page; open it in a browser to check`, status);
    }
  };

  const worker = async (): Promise<void> => {
    while (queue.length > 0) {
      if (stopReason) {
        for (const url of queue.splice(0)) finish({ url, verdict: 'skipped', reason: skippedReason(), redirects: 0, checkedAt: now() });
        return;
      }
      const index = queue.findIndex((candidate) => slots.hasRoom(hostOf(candidate)));
      if (index < 0) {
        await slots.changed();
        continue;
      }
      const [url] = queue.splice(index, 1);
      slots.tryAcquire(hostOf(url));
      let result: LinkOutcome;
      try {
        result = await checkOne(url, true);
      } catch (error) {
        // checkOne catches the transport's failures; this is a bug guard so one URL never sinks the run.
        result = { url, verdict: 'inconclusive', reason: `internal error: ${errorMessage(error)}`, redirects: 0, checkedAt: now() };
      }
      finish(result);
    }
  };

  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, total) }, () => worker()));
  } finally {
    clearTimeout(deadline);
    options.signal?.removeEventListener('abort', onCancel);
    slots.wakeAll();
  }
  return outcomes;
}

function clampInteger(value: number | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined || !Number.isFinite(value)) return fallback;
  return Math.max(min, Math.min(max, Math.round(value)));
}
