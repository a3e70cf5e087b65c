/**
 * The web workbench side: the URL that opens a folder with an extension under development (and optionally a
 * test entry), and turning the workbench's console messages back into the extension host's output lines.
 */
import { pathToFileURL } from 'node:url';
import { format } from 'node:util';

/** What the workbench should load besides the folder. */
export interface DevelopmentPayload {
  /** Absolute path of the extension under development (the folder holding its package.json). */
  extensionPath: string;
  /** Absolute path of the bundled test entry; absent for a plain development window (`npm start`). */
  testsPath?: string;
  /** Environment variables for the extension host. */
  extensionEnvironment?: Record<string, string>;
}

/** `vscode-remote://HOST:PORT/abs/path`: the authority must be exactly the host:port the browser uses. */
export function remoteUri(origin: string, absolutePath: string): string {
  return `vscode-remote://${new URL(origin).host}${pathToFileURL(absolutePath).pathname}`;
}

/** The URL that opens `folder` in the workbench served at `origin`, loading the payload's extension and tests. */
export function workbenchUrl(origin: string, folder: string, payload: DevelopmentPayload): string {
  const pairs: Array<[string, string]> = [['extensionDevelopmentPath', remoteUri(origin, payload.extensionPath)]];
  if (payload.testsPath) {
    pairs.push(['extensionTestsPath', remoteUri(origin, payload.testsPath)]);
    // A debugId makes the workbench echo the extension host's console (mocha's output) to the page console.
    pairs.push(['debugId', 'sourced-integration']);
  }
  if (payload.extensionEnvironment) pairs.push(['extensionEnvironment', JSON.stringify(payload.extensionEnvironment)]);
  pairs.push(['skipWelcome', 'true'], ['skipReleaseNotes', 'true']);
  const url = new URL(origin);
  url.pathname = '/';
  url.searchParams.set('folder', folder);
  url.searchParams.set('payload', JSON.stringify(pairs));
  return url.href;
}

const EXTENSION_HOST_LABEL = /^\[Extension Host\] ?/;
/** How the workbench prefixes a call whose first argument is not a string (`console.log()` included). */
const NON_STRING_FORM = /^\[Extension Host\]%$/;
/** The first stack frame the workbench adds, `(at file:line:col)`. */
const SOURCE_FRAME = /^\(at .*\)$/s;

/** One console message of the page, as text, and whether the extension host wrote it. */
export interface ConsoleLine {
  fromExtensionHost: boolean;
  text: string;
}

/**
 * Formats the arguments of one page console call. The workbench relays an extension host `console.log(first,
 * ...rest)` as `('%c[Extension Host] %c' + first, css, css, ...rest)`, or, when `first` is not a string, as
 * `('%c[Extension Host]%', css, first, ...rest)`; it appends the caller's source frame, as a third styled
 * segment for a single string and as a last argument otherwise. The label, the CSS and the frame are dropped
 * and the rest is formatted like Node would.
 */
export function formatConsoleArguments(args: readonly unknown[]): ConsoleLine {
  if (typeof args[0] !== 'string' || !args[0].includes('%c')) {
    return { fromExtensionHost: false, text: format(...args) };
  }
  const segments = args[0].split('%c');
  let rest = args.slice(segments.length);
  let body = segments.slice(1);
  // Only a frame is ever styled third, so that segment needs no closer look than its parentheses.
  const hasInlineFrame = body.length === 3 && /^\(.*\)$/s.test(body[2].trim());
  if (hasInlineFrame) body = body.slice(0, 2);
  const last = rest[rest.length - 1];
  if (typeof last === 'string' && SOURCE_FRAME.test(last)) rest = rest.slice(0, -1);

  let text = segments[0] + body.join('');
  if (NON_STRING_FORM.test(text)) return { fromExtensionHost: true, text: rest.length > 0 ? format(...rest) : '' };
  // The inline frame follows the message after one space.
  if (hasInlineFrame) text = text.replace(/ $/, '');
  const fromExtensionHost = EXTENSION_HOST_LABEL.test(text);
  if (fromExtensionHost) text = text.replace(EXTENSION_HOST_LABEL, '');
  // Only run the text through format() when there is something to substitute, so a literal "%" survives.
  if (rest.length > 0) text = format(text, ...rest);
  return { fromExtensionHost, text };
}
