/**
 * Reads one of our YAML files (a sidecar, a shared registry or the project config) into a value checked by a
 * zod schema, turning every problem into a finding at the exact line and column instead of an exception.
 * Bounded against hostile input: size limit, NUL bytes, alias expansion.
 */
import { CORE_SCHEMA, load as jsYamlLoad } from 'js-yaml';
import { isMap, isPair, isScalar, isSeq, parseDocument, visit, type Document, type Node } from 'yaml';
import type * as z from 'zod';
import { compileFn, INVALID } from 'zod/v4/core';
import { LineIndex } from '../text/lineIndex';
import { readBlockYaml } from './blockYaml';
import { closestMatch } from '../text/similarity';
import type { Finding, Span } from '../types';

/** Larger files are refused: no real sidecar comes near it, and the YAML parser's time grows with size. */
export const MAX_YAML_BYTES = 5 * 1024 * 1024;
/** yaml's own guard against "billion laughs": how many times aliases may be expanded in one document. */
const MAX_ALIAS_COUNT = 100;

export interface YamlFileProblem {
  ruleId: 'sidecar-syntax' | 'sidecar-schema';
  message: string;
  span: Span;
}

export interface LoadedYamlFile<T> {
  uri: string;
  text: string;
  lines: LineIndex;
  /** The parsed document (absent when the text was refused before parsing). Kept for positions and edits. */
  document?: Document.Parsed;
  /** The validated value; absent when the file has a syntax error or does not match the schema at its root. */
  value?: T;
  problems: YamlFileProblem[];
}

export type PathSegment = string | number;

/** Parses and validates `text`; never throws. `kindOfFile` names the file in messages ("sidecar", "project config"). */
export function loadYamlFile<S extends z.ZodType>(
  uri: string,
  text: string,
  schema: S,
  kindOfFile: string,
  checkQuickly?: (value: unknown) => z.output<S> | undefined,
): LoadedYamlFile<z.output<S>> {
  // The line index is built on first use, like the Document: positions are needed only for a finding in the file
  // (most lints of a valid sidecar report none), and indexing the lines of a large registry is not free.
  const loaded = { uri, text } as LoadedYamlFile<z.output<S>>;
  let lines: LineIndex | undefined;
  Object.defineProperty(loaded, 'lines', { enumerable: true, configurable: true, get: () => (lines ??= new LineIndex(text)) });
  loaded.problems = [];
  const whole: Span = { start: 0, end: Math.min(text.length, 1) };

  if (text.length > MAX_YAML_BYTES) {
    loaded.problems.push({
      ruleId: 'sidecar-syntax',
      message: `The ${kindOfFile} is ${(text.length / 1024 / 1024).toFixed(1)} MB; files over ${MAX_YAML_BYTES / 1024 / 1024} MB are not read.`,
      span: whole,
    });
    return loaded;
  }
  const nul = text.indexOf('\u0000');
  if (nul >= 0) {
    loaded.problems.push({
      ruleId: 'sidecar-syntax',
      message: `The ${kindOfFile} looks like a binary file (it contains a NUL byte), not YAML.`,
      span: { start: nul, end: nul + 1 },
    });
    return loaded;
  }

  // Fast path: js-yaml reads a file 10-20 times faster than yaml's Document API, which matters for shared
  // registries of thousands of entities. When the file is valid, the Document (needed only for positions) is
  // parsed on first use; any problem takes the full path below, which locates it exactly.
  // A "__proto__" key takes the full path, which reports it (see prototypeKeys).
  let quick = text.includes('__proto__') ? { ok: false as const } : quickParse(text);
  if (quick.ok) {
    // A schema's own check (validate.ts for sidecars) answers first; when it is not sure it may have changed the
    // value in place, so zod gets a freshly read one.
    let result: unknown = checkQuickly?.(quick.value ?? {});
    if (result === undefined) {
      if (checkQuickly) quick = quickParse(text);
      result = quick.ok ? validQuickly(schema, quick.value ?? {}, text.length) : INVALID;
    }
    if (result !== INVALID) {
      loaded.value = result as z.output<S>;
      let parsed: Document.Parsed | undefined;
      Object.defineProperty(loaded, 'document', {
        enumerable: true,
        configurable: true,
        get: () => (parsed ??= parseDocument(text, { prettyErrors: false, uniqueKeys: false })),
      });
      return loaded;
    }
  }

  let document: Document.Parsed;
  try {
    // yaml's own duplicate-key check compares each key with every earlier one (quadratic: seconds for a
    // registry of thousands of entities), so keys are checked here with a set instead.
    document = parseDocument(text, { prettyErrors: false, uniqueKeys: false });
  } catch (error) {
    loaded.problems.push({ ruleId: 'sidecar-syntax', message: `The ${kindOfFile} could not be read: ${String(error)}`, span: whole });
    return loaded;
  }
  loaded.document = document;

  for (const duplicate of duplicateKeys(document)) {
    loaded.problems.push({
      ruleId: 'sidecar-syntax',
      message: `YAML: ${YAML_ERROR_HINTS.DUPLICATE_KEY} ("${duplicate.key}")`,
      span: clampSpan(duplicate.span, text.length),
    });
  }
  for (const error of document.errors) {
    const [start, end] = error.pos;
    loaded.problems.push({
      ruleId: 'sidecar-syntax',
      message: describeYamlError(error.code, error.message),
      span: clampSpan({ start, end: Math.max(end, start + 1) }, text.length),
    });
  }
  if (loaded.problems.length > 0) return loaded;
  // Reported, and the rest of the file is read as usual (the schema's parse drops the key).
  for (const span of prototypeKeys(document)) {
    loaded.problems.push({
      ruleId: 'sidecar-schema',
      message: `The key "__proto__" cannot be used in the ${kindOfFile}: in JavaScript it names an object's prototype, so its entry would be lost. Rename it.`,
      span: clampSpan(span, text.length),
    });
  }

  let raw: unknown;
  try {
    raw = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    const message = /alias/i.test(String(error))
      ? `The ${kindOfFile} expands YAML aliases too many times (more than ${MAX_ALIAS_COUNT}); write the values out instead.`
      : `The ${kindOfFile} could not be read: ${String(error instanceof Error ? error.message : error)}`;
    loaded.problems.push({ ruleId: 'sidecar-syntax', message, span: whole });
    return loaded;
  }
  // An empty file is an empty sidecar, not an error: `init` writes one, and writers start from nothing.
  if (raw === null || raw === undefined) raw = {};

  const result = schema.safeParse(raw);
  if (result.success) {
    loaded.value = result.data;
    return loaded;
  }
  for (const issue of flattenIssues(result.error.issues)) {
    loaded.problems.push(schemaProblem(document, text.length, issue, kindOfFile, schema));
  }
  // Partial trust is worse than none for the engine, but one bad source should not hide all the others: the
  // caller may salvage entries with `salvageEntries`.
  return loaded;
}

/**
 * zod's own compiled parser of each schema (the code `z.compile` generates from it), made on first use. On a
 * valid file it returns exactly what `safeParse` would, as one generated function: the runtime parser walks
 * every field of thousands of records through a chain of per-schema closures and a result object per field,
 * which a cold process runs in the interpreter. Null when zod cannot compile the schema (or `new Function` is
 * not allowed): then the runtime parser is used. Kept per schema, never per text.
 */
const compiledParsers = new WeakMap<z.ZodType, ((input: unknown) => unknown) | null>();

/**
 * Generating and compiling the parser costs about as much as the runtime parser spends on a file of a few
 * kilobytes: smaller files (a project config, a small registry) are validated by the runtime parser until some
 * larger file has made the compiled one.
 */
const COMPILE_FROM_LENGTH = 4096;

/**
 * The value of `input` as `schema` outputs it, or INVALID when the input does not match (or the compiled parser
 * cannot tell): the caller then takes the full path, whose runtime parse reports the issues.
 */
function validQuickly(schema: z.ZodType, input: unknown, textLength: number): unknown {
  let parser = compiledParsers.get(schema);
  if (parser === undefined && textLength >= COMPILE_FROM_LENGTH) {
    try {
      parser = compileFn(withoutLazy(schema)) as (input: unknown) => unknown;
    } catch {
      parser = null; // a feature zod's compiler does not model: the runtime parser answers the same
    }
    compiledParsers.set(schema, parser);
  }
  if (parser) {
    const compiled = parser(input);
    if (compiled !== INVALID) return compiled;
  }
  const result = schema.safeParse(input);
  return result.success ? result.data : INVALID;
}

/** The schema a `z.lazy` stands for (schema.ts builds the sidecar schemas on first use), or the schema itself. */
export function withoutLazy(schema: z.ZodType): z.ZodType {
  const def = defOf(schema);
  return def.type === 'lazy' && def.getter ? def.getter() : schema;
}

/**
 * Parses with js-yaml's core schema (YAML 1.2 types, no timestamps, like yaml's default). Refuses files that
 * use aliases: js-yaml shares aliased nodes without counting expansions, and validating a "billion laughs"
 * graph would walk every expansion; the full path bounds them.
 */
function quickParse(text: string): { ok: true; value: unknown } | { ok: false } {
  // Plain block-style files (every sidecar the editor writes, and most written by hand) are read by a reader of
  // that subset, which gives js-yaml's exact value in about two thirds of its cold time; it leaves anything else,
  // aliases included, to js-yaml. So the alias check is only needed before js-yaml, and text such as
  // "A *Nature* study" no longer sends a file down the slow path.
  const block = readBlockYaml(text);
  if (block) return { ok: true, value: block.value };
  if (/(^|[\s[{,:-])\*[^\s,\]}]/m.test(text)) return { ok: false };
  try {
    return { ok: true, value: jsYamlLoad(text, { schema: CORE_SCHEMA }) };
  } catch {
    return { ok: false };
  }
}

/** Every key that repeats an earlier key of the same map, with the span of the repetition. */
function duplicateKeys(document: Document.Parsed): Array<{ key: string; span: Span }> {
  const duplicates: Array<{ key: string; span: Span }> = [];
  visit(document, {
    Map(_key, map) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        const key = isScalar(pair.key) ? pair.key.value : pair.key;
        if (seen.has(key) && isScalar(pair.key) && pair.key.range) {
          duplicates.push({ key: String(key), span: { start: pair.key.range[0], end: pair.key.range[1] } });
        }
        seen.add(key);
      }
    },
  });
  return duplicates;
}

/**
 * Where a mapping has the key "__proto__". Every schema here reads mappings as records or objects, and zod drops
 * such a key instead of rejecting it (as does any plain assignment), so a source, an entity or a rule setting of
 * that name would vanish without a word.
 */
function prototypeKeys(document: Document.Parsed): Span[] {
  const spans: Span[] = [];
  visit(document, {
    Pair(_key, pair) {
      if (isScalar(pair.key) && pair.key.value === '__proto__' && pair.key.range) spans.push({ start: pair.key.range[0], end: pair.key.range[1] });
    },
  });
  return spans;
}

interface Issue {
  code: string;
  path: PropertyKey[];
  message: string;
  keys?: string[];
  errors?: Issue[][];
  /** The reasons of an `invalid_key` issue (a record key that fails its pattern). */
  issues?: Issue[];
  expected?: string;
}

/** A union's failure is reported through the branch that got furthest, not as "Invalid input". */
function flattenIssues(issues: readonly unknown[]): Issue[] {
  const flat: Issue[] = [];
  for (const candidate of issues as Issue[]) {
    if (candidate.code === 'invalid_union' && candidate.errors && candidate.errors.length > 0) {
      const best = [...candidate.errors].sort((a, b) => depth(b) - depth(a) || a.length - b.length)[0];
      const nested = flattenIssues(best).map((issue) => ({ ...issue, path: [...candidate.path, ...issue.path] }));
      // All branches failed on the type itself: say which types are accepted.
      if (nested.every((issue) => issue.code === 'invalid_type' && issue.path.length === candidate.path.length)) {
        const expected = candidate.errors.map((branch) => branch[0]?.expected).filter(Boolean);
        flat.push({ ...candidate, message: `expected ${[...new Set(expected)].join(' or ')}` });
      } else flat.push(...nested);
    } else if (candidate.code === 'unrecognized_keys' && candidate.keys && candidate.keys.length > 1) {
      // One finding per key, each at its own line, rather than one at the first listing them all.
      for (const key of candidate.keys) flat.push({ ...candidate, keys: [key] });
    } else flat.push(candidate);
  }
  return flat;
}

function depth(branch: Issue[]): number {
  return Math.max(0, ...branch.map((issue) => issue.path.length + (issue.code === 'invalid_type' ? 0 : 0.5)));
}

function schemaProblem(document: Document.Parsed, length: number, issue: Issue, kindOfFile: string, schema: z.ZodType): YamlFileProblem {
  const path = issue.path.filter((segment): segment is string | number => typeof segment !== 'symbol');
  const where = path.length > 0 ? `${path.join('.')}: ` : '';
  if (issue.code === 'unrecognized_keys' && issue.keys && issue.keys.length > 0) {
    const key = issue.keys[0];
    const located = locate(document, [...path, key]);
    const allowed = allowedKeysAt(schema, path);
    const near = closestMatch(key, allowed);
    const known = near ? `; did you mean "${near}"?` : allowed.length > 0 ? `; expected ${allowed.slice(0, -1).join(', ')}${allowed.length > 1 ? ' or ' : ''}${allowed[allowed.length - 1]}` : '';
    return {
      ruleId: 'sidecar-schema',
      message: `${where}unknown key "${issue.keys.join('", "')}" in the ${kindOfFile}${known}`.replace(/([^?])$/, '$1.'),
      span: clampSpan(located?.keySpan ?? located?.span ?? { start: 0, end: 1 }, length),
    };
  }
  if (issue.code === 'invalid_key' && path.length > 0) {
    // zod's own text is "Invalid key in record"; the reason (the key pattern's message) is in the nested issue.
    const reason = issue.issues?.find((nested) => nested.message)?.message ?? 'not a valid key';
    const located = locate(document, path);
    return {
      ruleId: 'sidecar-schema',
      message: `${where}"${String(path[path.length - 1])}" is ${reason} (${kindOfFile})`,
      span: clampSpan(located?.keySpan ?? located?.span ?? { start: 0, end: 1 }, length),
    };
  }
  const located = locate(document, path);
  // An empty value (`a:` alone) has no text to underline: the key is where the writer looks.
  const valueSpan = located?.valueSpan && located.valueSpan.end > located.valueSpan.start ? located.valueSpan : (located?.keySpan ?? located?.valueSpan);
  const span = valueSpan ?? located?.span ?? { start: 0, end: 1 };
  const message = issue.code === 'invalid_type' && /received undefined/.test(issue.message)
    ? `${where}required field is missing`
    : `${where}${issue.message.replace(/^Invalid input: /, '')}`;
  // A missing field is reported on the entry's key, where the writer will add it.
  const missingSpan = /required field is missing/.test(message) ? locate(document, path.slice(0, -1))?.keySpan : undefined;
  return { ruleId: 'sidecar-schema', message: `${message} (${kindOfFile})`, span: clampSpan(missingSpan ?? span, length) };
}

interface SchemaDef {
  type: string;
  getter?: () => z.ZodType;
  shape?: Record<string, z.ZodType>;
  valueType?: z.ZodType;
  keyType?: z.ZodType;
  entries?: Record<string, string | number>;
  element?: z.ZodType;
  innerType?: z.ZodType;
  options?: z.ZodType[];
  in?: z.ZodType;
}

function defOf(schema: z.ZodType): SchemaDef {
  return (schema as unknown as { _zod: { def: SchemaDef } })._zod.def;
}

/** The keys an object at `path` of the schema accepts, for "unknown key" messages; [] when not an object. */
function allowedKeysAt(schema: z.ZodType, path: readonly PathSegment[]): string[] {
  let current: z.ZodType | undefined = schema;
  const unwrap = (node: z.ZodType | undefined): z.ZodType | undefined => {
    let result = node;
    for (let guard = 0; result && guard < 10; guard++) {
      const def = defOf(result);
      if (def.innerType) result = def.innerType;
      else if (def.type === 'lazy' && def.getter) result = def.getter();
      else if (def.type === 'pipe' && def.in) result = def.in;
      else if (def.type === 'union' && def.options) result = def.options.find((option) => defOf(option).type === 'object') ?? def.options[0];
      else break;
    }
    return result;
  };
  for (const segment of path) {
    const node = unwrap(current);
    if (!node) return [];
    const def: SchemaDef = defOf(node);
    if (def.type === 'object' && def.shape) current = def.shape[String(segment)];
    else if (def.type === 'record') current = def.valueType;
    else if (def.type === 'array') current = def.element;
    else return [];
  }
  const node = unwrap(current);
  const def = node ? defOf(node) : undefined;
  if (def?.type === 'record' && def.keyType) {
    // A map whose keys form a closed set (the rule ids under `rules:`) accepts exactly those keys.
    const keyDef = defOf(def.keyType);
    return keyDef.type === 'enum' && keyDef.entries ? Object.values(keyDef.entries).map(String) : [];
  }
  return def?.type === 'object' && def.shape ? Object.keys(def.shape) : [];
}

export interface LocatedNode {
  /** The key of the entry, for map entries. */
  keySpan?: Span;
  /** The value node. */
  valueSpan?: Span;
  /** Key and value together (or the item, for sequences). */
  span: Span;
  node?: Node;
}

/** Finds the node at `path` (map keys and sequence indices) and its spans; undefined when it is not there. */
export function locate(document: Document.Parsed, path: readonly PathSegment[]): LocatedNode | undefined {
  let current: unknown = document.contents;
  let located: LocatedNode | undefined = current && hasRange(current) ? { span: rangeSpan(current), valueSpan: rangeSpan(current), node: current as Node } : undefined;
  for (const segment of path) {
    if (isMap(current)) {
      const pair = current.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment));
      if (!pair) return located;
      const keySpan = hasRange(pair.key) ? rangeSpan(pair.key) : undefined;
      const valueSpan = hasRange(pair.value) ? rangeSpan(pair.value) : undefined;
      const start = keySpan?.start ?? valueSpan?.start ?? 0;
      const end = valueSpan?.end ?? keySpan?.end ?? start;
      located = { keySpan, valueSpan, span: { start, end }, node: (pair.value ?? undefined) as Node | undefined };
      current = pair.value;
    } else if (isSeq(current) && typeof segment === 'number') {
      const item = current.items[segment];
      if (!item || !hasRange(item)) return located;
      located = { valueSpan: rangeSpan(item), span: rangeSpan(item), node: item as Node };
      current = item;
    } else {
      return located;
    }
  }
  return located;
}

function hasRange(node: unknown): node is { range: [number, number, number] } {
  return typeof node === 'object' && node !== null && Array.isArray((node as { range?: unknown }).range);
}

function rangeSpan(node: { range: [number, number, number] }): Span {
  return { start: node.range[0], end: node.range[1] };
}

function clampSpan(span: Span, length: number): Span {
  const start = Math.max(0, Math.min(span.start, length));
  const end = Math.max(start, Math.min(span.end, length));
  return { start, end };
}

const YAML_ERROR_HINTS: Record<string, string> = {
  DUPLICATE_KEY: 'this key appears twice in the same map; YAML keeps only one of them',
  BAD_INDENT: 'the indentation does not fit the surrounding lines',
  MISSING_CHAR: 'a character is missing here (a closing quote or bracket?)',
  TAB_AS_INDENT: 'YAML does not allow tabs for indentation',
  MULTIPLE_DOCS: 'only one YAML document is allowed per file (remove the extra ---)',
};

function describeYamlError(code: string, message: string): string {
  const firstLine = message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  const hint = YAML_ERROR_HINTS[code];
  return hint ? `YAML: ${hint} (${firstLine})` : `YAML: ${firstLine}`;
}

/** Converts a file's problems to findings with line/column ranges. Severity is applied later by the rules layer. */
export function problemsToFindings(file: LoadedYamlFile<unknown>): Omit<Finding, 'severity'>[] {
  return file.problems.map((problem) => ({
    ruleId: problem.ruleId,
    message: problem.message,
    uri: file.uri,
    span: problem.span,
    range: file.lines.rangeOf(problem.span),
  }));
}
