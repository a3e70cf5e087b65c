/**
 * A small JSON reader that keeps where every value and object key sits in the text. `JSON.parse` neither says
 * where a syntax error is (V8's messages stopped giving positions) nor where an item is, and both matter: a
 * parse error is reported at its line and column, and a citation key defined in a CSL-JSON file can be revealed.
 */
import type { Span } from '../types';

/** A JSON value with the span it occupies in the text. */
export type JsonNode =
  | { kind: 'object'; span: Span; entries: JsonEntry[] }
  | { kind: 'array'; span: Span; items: JsonNode[] }
  | { kind: 'string'; span: Span; value: string }
  | { kind: 'number'; span: Span; value: number }
  | { kind: 'boolean'; span: Span; value: boolean }
  | { kind: 'null'; span: Span };

/** One `"key": value` member of an object. */
export interface JsonEntry {
  key: string;
  keySpan: Span;
  value: JsonNode;
}

/** The outcome of reading JSON: a tree, or the first syntax error and where it is. */
export type JsonReadResult = { ok: true; root: JsonNode } | { ok: false; message: string; offset: number };

class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** Nesting deeper than this is refused: no bibliography needs it, and recursion must stay bounded. */
const MAX_DEPTH = 64;

/** Reads JSON text (a leading byte-order mark is allowed); never throws. */
export function readJson(text: string): JsonReadResult {
  let at = text.charCodeAt(0) === 0xfeff ? 1 : 0;

  const fail = (message: string, offset = at): never => {
    throw new JsonSyntaxError(message, offset);
  };
  const skipSpace = (): void => {
    while (at < text.length) {
      const c = text.charCodeAt(at);
      if (c === 32 || c === 9 || c === 10 || c === 13) at++;
      else break;
    }
  };
  const describe = (offset: number): string => (offset >= text.length ? 'the end of the file' : `"${text[offset]}"`);

  const readString = (): { value: string; span: Span } => {
    const start = at;
    at++; // opening quote
    let value = '';
    let chunkStart = at;
    for (;;) {
      if (at >= text.length) fail('unterminated string', start);
      const c = text.charCodeAt(at);
      if (c === 34 /* " */) {
        value += text.slice(chunkStart, at);
        at++;
        return { value, span: { start, end: at } };
      }
      if (c < 32) fail('control character inside a string (a line break must be written \\n)');
      if (c === 92 /* \ */) {
        value += text.slice(chunkStart, at);
        const escape = text[at + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (escape !== undefined && escape in simple) {
          value += simple[escape];
          at += 2;
        } else if (escape === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(at + 2, at + 6))) {
          value += String.fromCharCode(parseInt(text.slice(at + 2, at + 6), 16));
          at += 6;
        } else fail(`invalid escape \\${escape ?? ''} in a string`);
        chunkStart = at;
        continue;
      }
      at++;
    }
  };

  const readValue = (depth: number): JsonNode => {
    if (depth > MAX_DEPTH) fail(`nested more than ${MAX_DEPTH} levels deep`);
    skipSpace();
    const start = at;
    const c = text[at];
    if (c === '{') {
      at++;
      const entries: JsonEntry[] = [];
      skipSpace();
      if (text[at] === '}') {
        at++;
        return { kind: 'object', span: { start, end: at }, entries };
      }
      for (;;) {
        skipSpace();
        if (text[at] !== '"') fail(`expected a "quoted" key, found ${describe(at)}`);
        const key = readString();
        skipSpace();
        if (text[at] !== ':') fail(`expected ":" after the key "${key.value}", found ${describe(at)}`);
        at++;
        const value = readValue(depth + 1);
        entries.push({ key: key.value, keySpan: key.span, value });
        skipSpace();
        if (text[at] === ',') {
          at++;
          continue;
        }
        if (text[at] === '}') {
          at++;
          return { kind: 'object', span: { start, end: at }, entries };
        }
        fail(`expected "," or "}" in an object, found ${describe(at)}`);
      }
    }
    if (c === '[') {
      at++;
      const items: JsonNode[] = [];
      skipSpace();
      if (text[at] === ']') {
        at++;
        return { kind: 'array', span: { start, end: at }, items };
      }
      for (;;) {
        items.push(readValue(depth + 1));
        skipSpace();
        if (text[at] === ',') {
          at++;
          continue;
        }
        if (text[at] === ']') {
          at++;
          return { kind: 'array', span: { start, end: at }, items };
        }
        fail(`expected "," or "]" in an array, found ${describe(at)}`);
      }
    }
    if (c === '"') {
      const { value, span } = readString();
      return { kind: 'string', span, value };
    }
    const number = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(at, at + 64));
    if (number && number[0].length > 0 && c !== undefined && /[-\d]/.test(c)) {
      at += number[0].length;
      return { kind: 'number', span: { start, end: at }, value: Number(number[0]) };
    }
    for (const [word, node] of [
      ['true', { kind: 'boolean', value: true }],
      ['false', { kind: 'boolean', value: false }],
      ['null', { kind: 'null' }],
    ] as const) {
      if (text.startsWith(word, at)) {
        at += word.length;
        return { ...node, span: { start, end: at } } as JsonNode;
      }
    }
    return fail(`expected a value, found ${describe(at)}`);
  };

  try {
    const root = readValue(0);
    skipSpace();
    if (at < text.length) fail(`unexpected ${describe(at)} after the end of the JSON value`);
    return { ok: true, root };
  } catch (error) {
    if (error instanceof JsonSyntaxError) return { ok: false, message: error.message, offset: error.offset };
    return { ok: false, message: String(error), offset: 0 };
  }
}

/** The plain JavaScript value of a node (what `JSON.parse` would return). */
export function jsonValue(node: JsonNode): unknown {
  switch (node.kind) {
    case 'object': {
      const result: Record<string, unknown> = {};
      // Defining rather than assigning keeps a "__proto__" key an ordinary property.
      for (const entry of node.entries) Object.defineProperty(result, entry.key, { value: jsonValue(entry.value), enumerable: true, writable: true, configurable: true });
      return result;
    }
    case 'array':
      return node.items.map(jsonValue);
    case 'null':
      return null;
    default:
      return node.value;
  }
}
