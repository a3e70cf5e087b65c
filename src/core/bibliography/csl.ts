/**
 * CSL-JSON, the bibliography format of Zotero, Better BibTeX, Mendeley and Pandoc's citeproc: an array of items,
 * each with an `id`, a `type` and fields named as in the Citation Style Language 1.0.2 schema.
 */
import type { Span } from '../types';
import { isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import { jsonValue, readJson, type JsonNode } from './json';

/** A person or organisation as CSL writes names: split into parts, or one `literal` string. */
export interface CslName {
  family?: string;
  given?: string;
  'dropping-particle'?: string;
  'non-dropping-particle'?: string;
  suffix?: string;
  literal?: string;
}

/** A CSL date: `date-parts` ([[2022, 7, 6]]), or a `raw`/`literal` string some exporters write instead. */
export interface CslDate {
  'date-parts'?: Array<Array<number | string>>;
  raw?: string;
  literal?: string;
  season?: number | string;
  circa?: boolean | string | number;
}

/** One CSL-JSON item; only the fields Sourced reads or writes are typed, the rest pass through. */
export interface CslItem {
  id: string | number;
  type: string;
  title?: string;
  'title-short'?: string;
  author?: CslName[];
  editor?: CslName[];
  'container-title'?: string;
  publisher?: string;
  'publisher-place'?: string;
  issued?: CslDate;
  accessed?: CslDate;
  URL?: string;
  DOI?: string;
  note?: string;
  abstract?: string;
  custom?: Record<string, unknown>;
  [field: string]: unknown;
}

/** An item read from a CSL-JSON file, with where it and its `id` are. */
export interface LocatedCslItem {
  item: CslItem;
  span: Span;
  /** The `id` value (or the item's opening brace when it has none). */
  keySpan: Span;
}

/** A problem that stops a file (or one item of it) from being read, at an offset of the file. */
export interface BibliographyProblem {
  message: string;
  span: Span;
}

/** What reading a CSL-JSON file gives: the items that have an id, and the problems met. */
export interface CslReadResult {
  items: LocatedCslItem[];
  /** A syntax error or a file that is not a list of items: nothing could be read. */
  fatal?: BibliographyProblem;
  /** Items skipped (no `id`, not an object); the others are still read. */
  problems: BibliographyProblem[];
}

/** Reads a CSL-JSON file: an array of items, or (as some tools write one reference) a single item object. */
export function readCslJson(text: string): CslReadResult {
  const parsed = readJson(text);
  if (!parsed.ok) {
    return { items: [], problems: [], fatal: { message: `not valid JSON: ${parsed.message}`, span: { start: parsed.offset, end: Math.min(text.length, parsed.offset + 1) } } };
  }
  const root = parsed.root;
  const nodes: JsonNode[] = root.kind === 'array' ? root.items : root.kind === 'object' && root.entries.some((entry) => entry.key === 'id') ? [root] : [];
  if (nodes.length === 0 && !(root.kind === 'array')) {
    return { items: [], problems: [], fatal: { message: 'not CSL-JSON: expected a list of items ([{"id": …, "type": …, "title": …}, …])', span: { start: root.span.start, end: root.span.start + 1 } } };
  }
  const items: LocatedCslItem[] = [];
  const problems: BibliographyProblem[] = [];
  for (const node of nodes) {
    if (node.kind !== 'object') {
      problems.push({ message: 'skipped a list element that is not an item object', span: node.span });
      continue;
    }
    const idEntry = node.entries.find((entry) => entry.key === 'id');
    const id = idEntry?.value;
    if (!id || (id.kind !== 'string' && id.kind !== 'number') || String(id.value).trim() === '') {
      problems.push({ message: 'skipped an item without an "id" (its citation key)', span: { start: node.span.start, end: node.span.start + 1 } });
      continue;
    }
    const value = jsonValue(node) as CslItem;
    items.push({ item: value, span: node.span, keySpan: id.span });
  }
  return { items, problems };
}

/**
 * Reads CSL YAML, Pandoc's other bibliography format: a list of items, or a mapping whose `references:` holds
 * the list (what `pandoc -s -t markdown` writes as front matter).
 */
export function readCslYaml(text: string): CslReadResult {
  let document;
  try {
    document = parseDocument(text, { prettyErrors: false, uniqueKeys: false });
  } catch (error) {
    return { items: [], problems: [], fatal: { message: `not readable YAML (${String(error)})`, span: { start: 0, end: 0 } } };
  }
  if (document.errors.length > 0) {
    const error = document.errors[0];
    return { items: [], problems: [], fatal: { message: `not valid YAML: ${error.message.split('\n')[0]}`, span: { start: error.pos[0], end: error.pos[1] } } };
  }
  const root = document.contents as Node | null;
  const list = isSeq(root) ? root : isMap(root) ? (root.get('references', true) as Node | undefined) : undefined;
  if (!isSeq(list)) {
    return { items: [], problems: [], fatal: { message: 'not CSL YAML: expected a list of items, or "references:" with a list', span: { start: 0, end: Math.min(1, text.length) } } };
  }
  const items: LocatedCslItem[] = [];
  const problems: BibliographyProblem[] = [];
  for (const node of list.items) {
    const range = (node as { range?: [number, number, number] } | null)?.range ?? [0, 0, 0];
    const id = isMap(node) ? (node.get('id', true) as Node | undefined) : undefined;
    if (!isMap(node) || !isScalar(id) || (typeof id.value !== 'string' && typeof id.value !== 'number') || String(id.value).trim() === '') {
      problems.push({ message: 'skipped an item without an "id" (its citation key)', span: { start: range[0], end: range[0] + 1 } });
      continue;
    }
    let value: CslItem;
    try {
      value = node.toJS(document, { maxAliasCount: 100 }) as CslItem;
    } catch {
      problems.push({ message: 'skipped an item that could not be read', span: { start: range[0], end: range[0] + 1 } });
      continue;
    }
    items.push({ item: { ...value, id: String(id.value) }, span: { start: range[0], end: range[1] }, keySpan: { start: id.range![0], end: id.range![1] } });
  }
  return { items, problems };
}
