/**
 * Loading sidecars and shared registries into the catalog a draft is checked against.
 */
import type { AcceptedRecord, Catalog, ClaimRecord, EntityRecord, Origin, SourceRecord } from '../analysis';
import { ProjectConfigSchema, type ProjectConfig } from '../config';
import {
  AcceptedSchema,
  ClaimSchema,
  ENTITY_ID_PATTERN,
  EntitySchema,
  SidecarSchema,
  SOURCE_KEY_PATTERN,
  SourceSchema,
  type Sidecar,
} from './schema';
import { scanBlockSection } from './blockIndex';
import { validSidecar } from './validate';
import { loadYamlFile, locate, type LoadedYamlFile, type PathSegment } from './yamlFile';
import { isMap, isScalar, isSeq, type Document } from 'yaml';

export interface LoadedSidecar extends LoadedYamlFile<Sidecar> {
  /**
   * What the engine uses: the validated sidecar, or when some entries are invalid, every entry that is valid on
   * its own. One mistyped date must not turn every citation of the draft into an unknown-source error.
   */
  usable: Sidecar;
}

const EMPTY_SIDECAR = (): Sidecar => ({ sources: {}, entities: {}, claims: [], accepted: [] });

/** Reads a sidecar or a shared registry (same format); never throws. */
export function loadSidecar(uri: string, text: string): LoadedSidecar {
  const file = loadYamlFile(uri, text, SidecarSchema, uri.endsWith('.sources.yaml') ? 'sidecar' : 'registry', validSidecar);
  // Extend the object rather than spread it: spreading would read `document`, which is parsed on first use.
  const loaded = file as LoadedSidecar;
  loaded.usable = file.value ?? salvage(file.document);
  return loaded;
}

/** Reads `.sourced.yaml`; never throws. */
export function loadProjectConfig(uri: string, text: string): LoadedYamlFile<ProjectConfig> {
  return loadYamlFile(uri, text, ProjectConfigSchema, 'project config');
}

function salvage(document: Document.Parsed | undefined): Sidecar {
  const sidecar = EMPTY_SIDECAR();
  if (!document || document.errors.length > 0) return sidecar;
  let raw: unknown;
  try {
    raw = document.toJS({ maxAliasCount: 100 });
  } catch {
    return sidecar;
  }
  if (!isRecord(raw)) return sidecar;
  if (isRecord(raw.sources)) {
    for (const [key, value] of Object.entries(raw.sources)) {
      // An invalid key is already a sidecar-schema finding; using it would add a second, unused-source one.
      if (!SOURCE_KEY_PATTERN.test(key)) continue;
      const parsed = SourceSchema.safeParse(value);
      if (parsed.success) sidecar.sources[key] = parsed.data;
    }
  }
  if (isRecord(raw.entities)) {
    for (const [id, value] of Object.entries(raw.entities)) {
      if (!ENTITY_ID_PATTERN.test(id)) continue;
      const parsed = EntitySchema.safeParse(value);
      if (parsed.success) sidecar.entities[id] = parsed.data;
    }
  }
  // Claims and accepted sentences keep their indices (quick fixes and reports address them by index), so an
  // invalid one is kept as a hole that matches nothing rather than dropped.
  if (Array.isArray(raw.claims)) {
    sidecar.claims = raw.claims.map((value) => {
      const parsed = ClaimSchema.safeParse(value);
      return parsed.success ? parsed.data : { text: '\u0000invalid claim', sources: [], status: 'unverified' as const };
    });
  }
  if (Array.isArray(raw.accepted)) {
    sidecar.accepted = raw.accepted.map((value) => {
      const parsed = AcceptedSchema.safeParse(value);
      return parsed.success ? parsed.data : { text: '\u0000invalid accepted sentence' };
    });
  }
  return sidecar;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The origins of every entry of one section (`sources`, `entities`, `claims`, `accepted`), computed in one pass
 * and cached per loaded file: looking entries up one by one would scan the section for each of thousands of
 * entries.
 */
const sectionIndexCache = new WeakMap<object, Map<string, Map<string, Origin>>>();

function sectionOrigins(file: LoadedYamlFile<unknown>, section: string): Map<string, Origin> {
  let sections = sectionIndexCache.get(file);
  if (!sections) sectionIndexCache.set(file, (sections = new Map()));
  let origins = sections.get(section);
  if (origins) return origins;
  origins = new Map();
  const scanned = scanMatchingData(file, section);
  if (scanned) {
    for (const entry of scanned) origins.set(entry.key, { uri: file.uri, keySpan: entry.keySpan, span: entry.span });
    sections.set(section, origins);
    return origins;
  }
  const node = file.document?.get(section, true);
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isScalar(pair.key) || !pair.key.range) continue;
      const keySpan = { start: pair.key.range[0], end: pair.key.range[1] };
      const valueRange = (pair.value as { range?: [number, number, number] } | null)?.range;
      origins.set(String(pair.key.value), { uri: file.uri, keySpan, span: { start: keySpan.start, end: valueRange ? valueRange[1] : keySpan.end } });
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, index) => {
      const range = (item as { range?: [number, number, number] } | null)?.range;
      if (range) origins!.set(String(index), { uri: file.uri, keySpan: { start: range[0], end: range[1] }, span: { start: range[0], end: range[1] } });
    });
  }
  sections.set(section, origins);
  return origins;
}

/** The line scan of a section, when it finds exactly the entries the parsed data has. */
function scanMatchingData(file: LoadedYamlFile<unknown>, section: string) {
  const data = ((file as Partial<LoadedSidecar>).usable ?? file.value) as Record<string, unknown> | undefined;
  const value = data?.[section];
  if (Array.isArray(value)) {
    const scanned = scanBlockSection(file.text, section, 'seq');
    return scanned && scanned.length === value.length ? scanned : undefined;
  }
  if (value && typeof value === 'object') {
    const keys = Object.keys(value);
    const scanned = scanBlockSection(file.text, section, 'map');
    return scanned && scanned.length === keys.length && scanned.every((entry, index) => entry.key === keys[index]) ? scanned : undefined;
  }
  return undefined;
}

/**
 * Where a one-line scalar starting at `start` ends: after its closing quote, or before a trailing comment.
 * Undefined for anything else (block scalars, flow collections, multi-line values), which the Document handles.
 */
function scalarEnd(text: string, start: number): number | undefined {
  const lineEnd = ((end) => (end < 0 ? text.length : end))(text.indexOf('\n', start));
  const line = text.slice(start, lineEnd).replace(/\r$/, '');
  const quote = line[0];
  if (quote === '"' || quote === "'") {
    for (let i = 1; i < line.length; i++) {
      if (quote === '"' && line[i] === '\\') i++;
      else if (line[i] === quote) {
        if (quote === "'" && line[i + 1] === "'") i++;
        else return start + i + 1;
      }
    }
    return undefined;
  }
  if (/^[|>[{&*!]/.test(line)) return undefined;
  const comment = line.search(/\s#/);
  // A plain scalar continued on a more indented next line (one that is not a key, an item or a comment) is
  // multi-line: leave it to the Document.
  const nextLine = text.slice(lineEnd + 1, lineEnd + 200).split('\n')[0];
  if (/^[ \t]+[^\s#-][^:]*$/.test(nextLine) && !/:\s/.test(nextLine)) return undefined;
  return start + (comment < 0 ? line : line.slice(0, comment)).trimEnd().length;
}

/**
 * The expression that finds "field:" with a value on a line of an entry, made once per field name: a lint asks
 * for the same field (a claim's `text`) of hundreds of entries.
 */
const fieldPatterns = new Map<string, RegExp>();

function fieldPattern(field: string): RegExp {
  let pattern = fieldPatterns.get(field);
  if (pattern === undefined) fieldPatterns.set(field, (pattern = new RegExp(`(^|\\n)([ \\t]*(?:-[ \\t]+)?)${field}:[ \\t]*(?=\\S)`)));
  return pattern;
}

/** Where an entry of a loaded file is; falls back to the start of the file. */
export function originOf(file: LoadedYamlFile<unknown>, path: readonly PathSegment[]): Origin {
  if (path.length === 2) {
    const cached = sectionOrigins(file, String(path[0])).get(String(path[1]));
    if (cached) return cached;
  }
  if (path.length === 3 && typeof path[2] === 'string') {
    // A field of an entry (a claim's text): look for "field:" inside the entry before building the Document.
    const entry = sectionOrigins(file, String(path[0])).get(String(path[1]));
    if (entry) {
      const body = file.text.slice(entry.span.start, entry.span.end);
      const field = fieldPattern(path[2]).exec(body);
      if (field) {
        const keyStart = entry.span.start + field.index + field[1].length + field[2].length;
        const valueStart = entry.span.start + field.index + field[0].length;
        const valueEnd = scalarEnd(file.text, valueStart);
        if (valueEnd !== undefined) return { uri: file.uri, keySpan: { start: keyStart, end: keyStart + path[2].length }, span: { start: keyStart, end: valueEnd } };
      }
    }
  }
  const located = file.document ? locate(file.document, path) : undefined;
  const span = located?.span ?? { start: 0, end: 0 };
  return { uri: file.uri, keySpan: located?.keySpan ?? span, span };
}

/**
 * The `origin` of the records of one section of one file, found on first read: one getter shared by all of them.
 * Finding origins means scanning the file's sections; a lint of a long draft reads few of them (the editor reads
 * more), and thousands of entities would otherwise be scanned and given an origin object on every run for
 * nothing. To every reader (spread, JSON, deepEqual) it is an ordinary enumerable property, only computed late,
 * once per record.
 *
 * A getter closure per record (and the accessor pair V8 makes for it) turned each of thousands of records into
 * a dictionary-mode object of about twice the size, which the garbage collector then copied out of the young
 * generation; with one getter per section they keep one hidden class. The record's own key (`key`, `id` or
 * `index`) says which entry it is, so records carry no hidden state: a second property defined per record was about
 * 40% of building the catalog.
 */
function lazyOrigin(file: LoadedSidecar, section: string): PropertyDescriptor {
  const found = new Map<string | number, Origin>();
  return {
    enumerable: true,
    get(this: { key?: string; id?: string; index?: number }): Origin {
      const key = this.key ?? this.id ?? this.index!;
      let origin = found.get(key);
      if (origin === undefined) found.set(key, (origin = originOf(file, [section, key])));
      return origin;
    },
  };
}

/** Gives `record` its `origin`, the {@link lazyOrigin} of its file's section. */
function withOrigin<T extends object>(record: T, origin: PropertyDescriptor): T & { origin: Origin } {
  return Object.defineProperty(record, 'origin', origin) as T & { origin: Origin };
}

/**
 * Adds the record of each entry of `entries` whose key `records` does not have yet: the first definition wins. Keys
 * and an indexed loop rather than for-of over Object.entries: a pair array and an iterator step per entry, for
 * thousands of entities, in a cold process.
 */
function addFirstDefinitions<Entry, Item>(records: Map<string, Item>, entries: { [key: string]: Entry }, recordOf: (key: string, entry: Entry) => Item): void {
  const keys = Object.keys(entries);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (!records.has(key)) records.set(key, recordOf(key, entries[key]));
  }
}

/**
 * Builds the catalog of a draft: its own sidecar first, then the shared registries in the order the project
 * config lists them, then `extraSources` (the draft's front matter bibliography, with origins in those files).
 * When a key is defined twice, the draft's own sidecar wins, then the earlier registry, then the bibliography.
 */
export function buildCatalog(
  own: LoadedSidecar | undefined,
  registries: readonly LoadedSidecar[] = [],
  extraSources: readonly SourceRecord[] = [],
): Catalog {
  const sources = new Map<string, SourceRecord>();
  const entities = new Map<string, EntityRecord>();
  for (const file of own ? [own, ...registries] : registries) {
    const sourceOrigin = lazyOrigin(file, 'sources');
    addFirstDefinitions(sources, file.usable.sources, (key, source) => withOrigin({ key, source }, sourceOrigin));
    const entityOrigin = lazyOrigin(file, 'entities');
    addFirstDefinitions(entities, file.usable.entities, (id, entity) => withOrigin({ id, entity }, entityOrigin));
  }
  for (const record of extraSources) if (!sources.has(record.key)) sources.set(record.key, record);
  const claimOrigin = own && lazyOrigin(own, 'claims');
  const claims: ClaimRecord[] = (own?.usable.claims ?? []).map((claim, index) => withOrigin({ index, claim }, claimOrigin!));
  const acceptedOrigin = own && lazyOrigin(own, 'accepted');
  const accepted: AcceptedRecord[] = (own?.usable.accepted ?? []).map((entry, index) => withOrigin({ index, accepted: entry }, acceptedOrigin!));
  return { sources, entities, claims, accepted, sidecarUri: own?.uri };
}
