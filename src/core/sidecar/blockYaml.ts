/**
 * A reader for the plain block-style YAML that sidecars are written in (maps and sequences by indentation,
 * one-line scalars, one-line flow sequences of scalars, comments), giving exactly the value js-yaml's `load`
 * with the core schema gives. It exists for speed: a sidecar of thousands of entries is read on every run of
 * `sourced lint`, and js-yaml's general machinery was the largest part of the cold cost of loading it. Anything outside
 * that subset (anchors, tags, block scalars, multi-line scalars, flow maps, tabs, duplicate keys, …) makes it
 * give up, and the caller uses js-yaml; it never guesses. A property test checks it against js-yaml.
 */
import { CORE_SCHEMA } from 'js-yaml';

interface ImplicitType {
  resolve(data: string): boolean;
  construct(data: string): unknown;
}

/**
 * The core schema's implicit types (null, bool, int, float) in js-yaml's own order: a plain scalar is resolved
 * by the same functions js-yaml uses. Not part of js-yaml's typings, so checked before use.
 */
const IMPLICIT_TYPES: readonly ImplicitType[] | undefined = (() => {
  const types = (CORE_SCHEMA as unknown as { compiledImplicit?: unknown }).compiledImplicit;
  return Array.isArray(types) && types.every((type) => typeof type?.resolve === 'function' && typeof type?.construct === 'function') ? types : undefined;
})();

/**
 * The most common lines of a sidecar, `key: value` with a simple key and no comment, where the value is plain
 * (a letter or digit first, no "#" or quotes, no ": " and no ":" at its end), double-quoted without escapes, or
 * a flow sequence of such simple items: what the general steps below would read from them, found by one native
 * match (sticky, from the key to the end of the line, trailing spaces included). Nothing is captured: the key
 * ends at the first ":", and the first unit of the value says which of the three it is (see `simpleValue`).
 */
const SIMPLE_ENTRY =
  /[A-Za-z_][A-Za-z0-9_-]*:(?: +(?:"[^"\\\r\n]*"|[A-Za-z0-9](?:(?!: )[^#"'\r\n])*?(?<!:)|\[(?:[A-Za-z0-9_][A-Za-z0-9_-]*|"[^"\\\r\n,[\]]*")(?:, (?:[A-Za-z0-9_][A-Za-z0-9_-]*|"[^"\\\r\n,[\]]*"))*\]))? *(?=\r?\n|$)/y;

/** Thrown to give up on the subset; caught in `readBlockYaml`. */
class OutsideSubset {}
const OUTSIDE = new OutsideSubset();

/** What js-yaml refuses as non-printable (its own pattern), plus what this reader leaves to it: tabs, lone CRs, a BOM. */
const LEFT_TO_JS_YAML = /[\x00-\x09\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFEFF\uFFFE\uFFFF]|\r(?!\n)|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/;

/**
 * Anything but line feeds and printable ASCII: a text without any (most sidecars) has nothing LEFT_TO_JS_YAML
 * looks for, and this one-class scan is several times cheaper than its alternatives at every character.
 */
const NOT_LF_OR_PRINTABLE_ASCII = /[^\n\x20-\x7E]/;

const SPACE = 32;

/** `,` `[` `]` `{` `}`: the characters that end or open something inside a flow collection. */
function isFlowIndicator(code: number): boolean {
  return code === 44 || code === 91 || code === 93 || code === 123 || code === 125;
}
const HASH = 35;
const COLON = 58;
const DASH = 45;

/**
 * The value of `text` as js-yaml's `load(text, { schema: CORE_SCHEMA })` gives it, when `text` is a block-style
 * mapping inside the subset this reader knows; otherwise undefined (then nothing is known: use js-yaml).
 */
export function readBlockYaml(text: string): { value: Record<string, unknown> } | undefined {
  if (!IMPLICIT_TYPES || (NOT_LF_OR_PRINTABLE_ASCII.test(text) && LEFT_TO_JS_YAML.test(text))) return undefined;
  try {
    const reader = new BlockReader(text);
    const value = reader.document();
    return { value };
  } catch (error) {
    if (error === OUTSIDE) return undefined;
    throw error;
  }
}

class BlockReader {
  /** The current content line: its start, the column of its first non-space character, and its end (before any CR). */
  private lineStart = 0;
  private indent = -1;
  private lineEnd = 0;
  /** Where the line after the current one starts; past the end when there is none. */
  private nextStart = 0;
  /**
   * The current line's content, for searches that must stop at its end (a search of the text would not); cut
   * out on first use, as most lines are read by SIMPLE_ENTRY without it.
   */
  private line: string | undefined = undefined;

  constructor(private readonly text: string) {
    this.advance();
  }

  document(): Record<string, unknown> {
    if (this.indent !== 0 || this.isSequenceItem(0)) throw OUTSIDE;
    const value = this.mapping(0);
    if (this.indent >= 0) throw OUTSIDE; // content left over at an unexpected indentation
    return value;
  }

  /** Moves to the next line with content (skipping blank and comment lines); indent -1 at the end of the text. */
  private advance(): void {
    const text = this.text;
    while (this.nextStart <= text.length) {
      const start = this.nextStart;
      const newline = text.indexOf('\n', start);
      const end = newline < 0 ? text.length : newline;
      this.nextStart = newline < 0 ? text.length + 1 : newline + 1;
      let column = start;
      while (column < end && text.charCodeAt(column) === SPACE) column++;
      const contentEnd = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
      if (column >= contentEnd || text.charCodeAt(column) === HASH) continue;
      // Document markers and directives ("---", "...", "%") belong to js-yaml. No test here: a line at column 0
      // is read as a key of the top-level mapping (or as an item of a sequence there, which needs "- "), and no
      // plain key starts with "-", "." or "%" (isPlainKey), so the reader gives up on such a line when it
      // reaches it. A test here ran only on top-level lines, a path that the compiled line reader first met at
      // the second section, where it threw the compiled code away.
      this.lineStart = start;
      this.indent = column - start;
      this.lineEnd = contentEnd;
      this.line = undefined;
      return;
    }
    this.indent = -1;
  }

  /** Whether the current line holds a sequence item ("-" then a space or the end of the line) at `column`. */
  private isSequenceItem(column: number): boolean {
    const at = this.lineStart + column;
    return this.text.charCodeAt(at) === DASH && (at + 1 === this.lineEnd || this.text.charCodeAt(at + 1) === SPACE);
  }

  /** A block mapping whose keys start at `column`, the first of them on the current line at that column. */
  private mapping(column: number): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    for (;;) {
      const keyStart = this.lineStart + column;
      SIMPLE_ENTRY.lastIndex = keyStart;
      if (SIMPLE_ENTRY.test(this.text)) {
        // The common line, read by one native test instead of the character-level steps below; what it matched is
        // found from positions (a match array and its captures per line were garbage of every line).
        const key = this.simpleKey(keyStart);
        if (Object.prototype.hasOwnProperty.call(result, key)) throw OUTSIDE;
        const entryEnd = SIMPLE_ENTRY.lastIndex;
        const valueStart = this.skipSpaces(keyStart + key.length + 1);
        if (valueStart < entryEnd) {
          result[key] = this.simpleValue(valueStart, entryEnd);
          this.advance();
          if (this.indent > column) throw OUTSIDE; // a continued scalar or a misplaced line
        } else {
          // "key:" alone (an entry of sources or entities): its value is the block below, as in mappingValue.
          this.advance();
          result[key] = this.nestedBlock(column);
        }
      } else {
        const key = this.key(keyStart);
        if (Object.prototype.hasOwnProperty.call(result, key)) throw OUTSIDE; // js-yaml reports duplicates
        result[key] = this.mappingValue(column, this.valueStart);
      }
      if (this.indent < column) return result;
      if (this.indent > column || this.isSequenceItem(column)) throw OUTSIDE;
    }
  }

  /**
   * The last key read from a SIMPLE_ENTRY line, by its first unit (always ASCII there). Records of one section
   * repeat the same field names line after line: a key equal to the last one with its first unit is that string
   * again, compared in place, instead of a fresh slice that every store into the record must look up in V8's
   * table of property names.
   */
  private readonly recentKeys: (string | undefined)[] = new Array(128).fill(undefined);

  /** The key of the SIMPLE_ENTRY line whose key starts at `at` (it ends at the first ":"), as `plain` reads it. */
  private simpleKey(at: number): string {
    const text = this.text;
    const first = text.charCodeAt(at);
    const recent = this.recentKeys[first];
    // No key of such a line holds a ":", so `recent` then ":" is the whole key.
    if (recent !== undefined && text.charCodeAt(at + recent.length) === COLON && text.startsWith(recent, at)) return recent;
    const key = this.plain(text.slice(at, text.indexOf(':', at)));
    if (typeof key !== 'string' || key === '__proto__') throw OUTSIDE;
    this.recentKeys[first] = key;
    return key;
  }

  /**
   * The value of a SIMPLE_ENTRY line that starts at `at`, the line's content ending (spaces included) at `end`:
   * escape-free double-quoted text (no quote inside), a flow sequence of simple items (no "]" inside), or a
   * plain scalar, which is the rest of the line but its trailing spaces.
   */
  private simpleValue(at: number, end: number): unknown {
    const text = this.text;
    const first = text.charCodeAt(at);
    if (first === 34) return text.slice(at + 1, text.indexOf('"', at + 1));
    if (first === 91) return this.simpleItems(text.slice(at + 1, text.indexOf(']', at)));
    let valueEnd = end;
    while (text.charCodeAt(valueEnd - 1) === SPACE) valueEnd--;
    return this.plain(text.slice(at, valueEnd));
  }

  /** The value of a mapping entry whose key is at `column` and whose text after "key:" starts at `from`. */
  private mappingValue(column: number, from: number): unknown {
    const start = this.skipSpaces(from);
    if (start < this.lineEnd && !(this.text.charCodeAt(start) === HASH && start > from)) {
      const value = this.inlineValue(start);
      this.advance();
      if (this.indent > column) throw OUTSIDE; // a continued scalar or a misplaced line
      return value;
    }
    this.advance();
    return this.nestedBlock(column);
  }

  /** The value of a key at `column` with nothing after its ":", which starts on the current line. */
  private nestedBlock(column: number): unknown {
    if (this.indent > column) return this.block(this.indent);
    // A sequence may sit at its key's own indentation.
    if (this.indent === column && this.isSequenceItem(column)) return this.sequence(column);
    // An empty value is null, which no field of a sidecar or project config accepts: the file then takes the
    // full path anyway, and js-yaml alone knows how it nests what follows an empty value.
    throw OUTSIDE;
  }

  /** A nested block (mapping or sequence) starting on the current line at `column`. */
  private block(column: number): unknown {
    return this.isSequenceItem(column) ? this.sequence(column) : this.mapping(column);
  }

  /** A block sequence whose "-" markers are at `column`, the first on the current line. */
  private sequence(column: number): unknown[] {
    const items: unknown[] = [];
    for (;;) {
      const itemStart = this.lineStart + column;
      const contentStart = this.skipSpaces(itemStart + 1);
      if (contentStart >= this.lineEnd || (this.text.charCodeAt(contentStart) === HASH && contentStart > itemStart + 1)) {
        this.advance();
        // An empty item, or "-" alone over a more indented sequence: js-yaml's reading of where such sequences end
        // is its own (it can take the next, less indented item into an inner sequence). A sidecar has neither.
        if (this.indent <= column || this.isSequenceItem(this.indent)) throw OUTSIDE;
        items.push(this.mapping(this.indent));
      } else if (this.text.charCodeAt(contentStart) === DASH && this.isSequenceItem(contentStart - this.lineStart)) {
        throw OUTSIDE; // "- - x": a sequence in a sequence on one line
      } else if (this.startsMappingEntry(contentStart)) {
        items.push(this.mapping(contentStart - this.lineStart));
      } else {
        items.push(this.inlineValue(contentStart));
        this.advance();
        if (this.indent > column) throw OUTSIDE;
      }
      if (this.indent < column) return items;
      if (this.indent > column) throw OUTSIDE;
      if (!this.isSequenceItem(column)) return items; // the key of the enclosing mapping, at the same column
    }
  }

  /** Where `pattern` next occurs on the current line at or after `from`, or -1: a native search, bounded by the line. */
  private find(pattern: string, from: number): number {
    const line = (this.line ??= this.text.slice(this.lineStart, this.lineEnd));
    const index = line.indexOf(pattern, from - this.lineStart);
    return index < 0 ? -1 : index + this.lineStart;
  }

  private skipSpaces(from: number): number {
    let at = from;
    while (at < this.lineEnd && this.text.charCodeAt(at) === SPACE) at++;
    return at;
  }

  /** Whether the text at `at` is "key:" followed by a space or the end of the line (a mapping entry). */
  private startsMappingEntry(at: number): boolean {
    const first = this.text.charCodeAt(at);
    if (first === 34 || first === 39) {
      const end = this.quotedEnd(at);
      return end !== undefined && this.text.charCodeAt(end) === COLON && (end + 1 === this.lineEnd || this.text.charCodeAt(end + 1) === SPACE);
    }
    return this.plainKeyEnd(at) !== undefined;
  }

  /** Where a plain key starting at `at` ends (at its ":"), or undefined when the line is no "key: …" entry. */
  private plainKeyEnd(at: number): number | undefined {
    // Native searches rather than a loop over characters: this runs for every line of the file, mostly cold.
    const text = this.text;
    let colon = this.find(':', at);
    while (colon >= 0 && colon + 1 < this.lineEnd && text.charCodeAt(colon + 1) !== SPACE) colon = this.find(':', colon + 1);
    if (colon < 0) return undefined;
    const comment = this.find(' #', at);
    return comment >= 0 && comment < colon ? undefined : colon;
  }

  /** Where the value of the last key read starts (after its ":"); a field, not a returned object, as this runs per line. */
  private valueStart = 0;

  /** The key at `at` on the current line; where its value starts goes to `valueStart`. */
  private key(at: number): string {
    const text = this.text;
    const first = text.charCodeAt(at);
    let key: string;
    let colon: number;
    if (first === 34 || first === 39) {
      const end = this.quotedEnd(at);
      if (end === undefined || text.charCodeAt(end) !== COLON) throw OUTSIDE;
      key = this.quoted(at, end);
      colon = end;
    } else {
      const end = this.plainKeyEnd(at);
      if (end === undefined) throw OUTSIDE;
      const raw = text.slice(at, end);
      // Keys as sidecars write them (citation keys, entity ids, field names); anything else is js-yaml's.
      if (!isPlainKey(raw)) throw OUTSIDE;
      const value = this.plain(raw);
      if (typeof value !== 'string') throw OUTSIDE; // a key like 2019 or true: js-yaml converts it
      key = value;
      colon = end;
    }
    if (key === '__proto__') throw OUTSIDE;
    if (colon + 1 < this.lineEnd && text.charCodeAt(colon + 1) !== SPACE) throw OUTSIDE;
    this.valueStart = colon + 1;
    return key;
  }

  /** A scalar or a one-line flow sequence starting at `at`, which must end the line (but for a comment). */
  private inlineValue(at: number): unknown {
    const text = this.text;
    const first = text.charCodeAt(at);
    if (first === 34 || first === 39) {
      const end = this.quotedEnd(at);
      if (end === undefined) throw OUTSIDE;
      this.expectLineEnd(end);
      return this.quoted(at, end);
    }
    if (first === 91) return this.flowSequence(at);
    const raw = this.plainText(at, false);
    return this.plain(raw);
  }

  /** After a value: nothing but spaces and a comment may follow on the line. */
  private expectLineEnd(at: number): void {
    const next = this.skipSpaces(at);
    if (next < this.lineEnd && !(this.text.charCodeAt(next) === HASH && next > at)) throw OUTSIDE;
  }

  /**
   * The text of a plain scalar starting at `at`: up to a comment or the end of the line (block context), or up
   * to "," or "]" (inside a flow sequence), without trailing spaces. Gives up on what could read differently.
   */
  private plainText(at: number, inFlow: boolean): string {
    const text = this.text;
    const first = text.charCodeAt(at);
    // Indicators that cannot start a plain scalar, or start one only in ways this reader leaves alone.
    if ('-?:,[]{}#&*!|>\'"%@`'.includes(text[at])) {
      const next = text.charCodeAt(at + 1);
      const indicatorOnly = first === DASH || first === 63 || first === COLON;
      if (!indicatorOnly || at + 1 >= this.lineEnd || next === SPACE || (inFlow && isFlowIndicator(next))) throw OUTSIDE;
    }
    if (!inFlow) return this.blockPlainText(at);
    let end = at;
    for (; end < this.lineEnd; end++) {
      const code = text.charCodeAt(end);
      if (code === HASH && text.charCodeAt(end - 1) === SPACE) break;
      if (code === COLON) {
        const next = end + 1 < this.lineEnd ? text.charCodeAt(end + 1) : SPACE;
        if (next === SPACE || isFlowIndicator(next)) throw OUTSIDE;
      }
      if (code === 44 || code === 93) break;
      if (code === 91 || code === 123 || code === 125) throw OUTSIDE;
    }
    let contentEnd = end;
    while (contentEnd > at && text.charCodeAt(contentEnd - 1) === SPACE) contentEnd--;
    this.plainEnd = end;
    return text.slice(at, contentEnd);
  }

  /** A plain scalar outside flow collections: up to a comment or the end of the line; found by native searches. */
  private blockPlainText(at: number): string {
    const text = this.text;
    const comment = this.find(' #', at);
    const end = comment >= 0 ? comment : this.lineEnd;
    const mappingColon = this.find(': ', at);
    // "a: b" in a value is a YAML error, and a value ending in ":" reads as a key: js-yaml says which.
    if ((mappingColon >= 0 && mappingColon < end) || text.charCodeAt(end - 1) === COLON) throw OUTSIDE;
    let contentEnd = end;
    while (contentEnd > at && text.charCodeAt(contentEnd - 1) === SPACE) contentEnd--;
    this.plainEnd = end;
    return text.slice(at, contentEnd);
  }

  /** Where the last `plainText` stopped (a comment, "," or "]", or the end of the line). */
  private plainEnd = 0;

  /** A plain scalar resolved as js-yaml resolves it: null, booleans, integers and floats, otherwise the string. */
  private plain(raw: string): unknown {
    // Every null, boolean, integer and float of the core schema starts with one of "0-9+-.~nNtTfF" or is empty;
    // anything else is a string without asking the types (most keys and values of a sidecar).
    const first = raw.charCodeAt(0);
    if (first >= 0 && !MAY_START_NON_STRING[first]) return raw;
    for (const type of IMPLICIT_TYPES!) {
      if (type.resolve(raw)) return type.construct(raw);
    }
    return raw;
  }

  /** The items of a flow sequence matched by SIMPLE_ENTRY: simple plain words and escape-free double-quoted text. */
  private simpleItems(items: string): unknown[] {
    const parts = items.split(', ');
    // Filled in place: the array stays a packed one, as js-yaml's are.
    const values: unknown[] = parts;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i];
      values[i] = part.charCodeAt(0) === 34 ? part.slice(1, -1) : this.plain(part);
    }
    return values;
  }

  /** A one-line flow sequence of scalars, "[a, 'b', "c"]". */
  private flowSequence(at: number): unknown[] {
    const text = this.text;
    const items: unknown[] = [];
    let position = this.skipSpaces(at + 1);
    if (text.charCodeAt(position) === 93) {
      this.expectLineEnd(position + 1);
      return items;
    }
    for (;;) {
      if (position >= this.lineEnd) throw OUTSIDE; // continued on the next line
      const first = text.charCodeAt(position);
      if (first === 34 || first === 39) {
        const end = this.quotedEnd(position);
        if (end === undefined) throw OUTSIDE;
        items.push(this.quoted(position, end));
        position = this.skipSpaces(end);
      } else {
        const raw = this.plainText(position, true);
        if (raw.length === 0) throw OUTSIDE;
        items.push(this.plain(raw));
        position = this.plainEnd;
      }
      const separator = text.charCodeAt(position);
      if (position >= this.lineEnd) throw OUTSIDE;
      if (separator === 93) {
        this.expectLineEnd(position + 1);
        return items;
      }
      if (separator !== 44) throw OUTSIDE;
      position = this.skipSpaces(position + 1);
      if (text.charCodeAt(position) === 93) throw OUTSIDE; // a trailing comma
    }
  }

  /** Where the quoted scalar starting at `at` ends (after its closing quote), on this line; undefined otherwise. */
  private quotedEnd(at: number): number | undefined {
    const text = this.text;
    if (text.charCodeAt(at) === 34) {
      let from = at + 1;
      for (;;) {
        const quote = this.find('"', from);
        if (quote < 0) return undefined;
        const backslash = this.find('\\', from);
        if (backslash < 0 || backslash > quote) return quote + 1;
        from = backslash + 2; // an escaped character, perhaps the quote
      }
    }
    let from = at + 1;
    for (;;) {
      const quote = this.find("'", from);
      if (quote < 0) return undefined;
      if (quote + 1 < this.lineEnd && text.charCodeAt(quote + 1) === 39) from = quote + 2; // '' stands for '
      else return quote + 1;
    }
  }

  /** The value of the quoted scalar [at, end). */
  private quoted(at: number, end: number): string {
    const body = this.text.slice(at + 1, end - 1);
    if (this.text.charCodeAt(at) === 39) return body.includes("'") ? body.replace(/''/g, "'") : body;
    return body.includes('\\') ? unescapeDoubleQuoted(body) : body;
  }
}

/** By character code below 128: whether a plain scalar starting with it may resolve to something else than a string. */
const MAY_START_NON_STRING = (() => {
  const table = new Uint8Array(128);
  for (const character of '0123456789+-.~nNtTfF') table[character.charCodeAt(0)] = 1;
  return table;
})();

/** By character code below 128: 1 for characters a plain key may start with, 2 for those it may only contain. */
const PLAIN_KEY_CHARACTERS = (() => {
  const table = new Uint8Array(128);
  for (let code = 0; code < 128; code++) if (/[A-Za-z0-9_]/.test(String.fromCharCode(code))) table[code] = 1;
  for (const character of ':./-#$%&+?<>~') table[character.charCodeAt(0)] = 2;
  return table;
})();

/**
 * Whether `raw` is a key as sidecars write them (citation keys, entity ids, field names): a letter, digit or "_"
 * first, then those or `:./-#$%&+?<>~`, not ending in ":". Other keys are left to js-yaml.
 */
function isPlainKey(raw: string): boolean {
  for (let i = 0; i < raw.length; i++) {
    const code = raw.charCodeAt(i);
    if (code >= 128) return /^[\p{L}\p{N}_](?:[\p{L}\p{N}_:./\-#$%&+?<>~]*[\p{L}\p{N}_./\-#$%&+?<>~])?$/u.test(raw);
    const kind = PLAIN_KEY_CHARACTERS[code];
    if (kind === 0 || (kind === 2 && i === 0)) return false;
  }
  return raw.length > 0 && raw.charCodeAt(raw.length - 1) !== COLON;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '0': '\x00', a: '\x07', b: '\x08', t: '\x09', n: '\x0A', v: '\x0B', f: '\x0C', r: '\x0D', e: '\x1B', ' ': ' ',
  '"': '"', '/': '/', '\\': '\\', N: '\x85', _: '\xA0', L: '\u2028', P: '\u2029',
};
const HEX_DIGITS: Record<string, number> = { x: 2, u: 4, U: 8 };

/** YAML's double-quoted escapes, as js-yaml reads them; gives up on anything it does not know. */
function unescapeDoubleQuoted(body: string): string {
  let result = '';
  let from = 0;
  for (let i = body.indexOf('\\'); i >= 0; i = body.indexOf('\\', from)) {
    result += body.slice(from, i);
    const letter = body[i + 1];
    const simple = SIMPLE_ESCAPES[letter];
    if (simple !== undefined) {
      result += simple;
      from = i + 2;
      continue;
    }
    const digits = HEX_DIGITS[letter];
    const hex = digits === undefined ? '' : body.slice(i + 2, i + 2 + digits);
    if (hex.length !== digits || !/^[0-9a-fA-F]+$/.test(hex)) throw OUTSIDE;
    const code = parseInt(hex, 16);
    if (code > 0x10ffff) throw OUTSIDE;
    result += String.fromCodePoint(code);
    from = i + 2 + digits;
  }
  return result + body.slice(from);
}
