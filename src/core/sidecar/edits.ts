/**
 * Comment-keeping edits to sidecars (and registries, which share the format). Every function takes the file's
 * text and returns the smallest text edits that make the change, so that the writer's comments, key order,
 * quoting, indentation and line endings survive everywhere else. New values are printed by the yaml library's
 * stringifier (it knows which strings need quotes) and then indented to fit the surrounding file.
 *
 * The functions never throw. When a file cannot be edited safely (a syntax error, a section of the wrong type)
 * they return no edits; `sidecarEditProblem` says why.
 *
 * At the end: the positions editor features read from a sidecar (keys under the cursor, references, links), and
 * the draft-side edits the quick fixes make along with sidecar edits (a citation, a suppression comment).
 */
import {
  Document,
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseDocument,
  Scalar,
  type Node,
  type Pair,
  type ToStringOptions,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml';
import type { Span } from '../types';
import type { ClaimSourceRef, ClaimStatus, Entity, Source } from './schema';

/** One replacement in a sidecar's text: `span` of the original text becomes `newText`. */
export interface SidecarEdit {
  span: Span;
  newText: string;
}

/** A claim to append: the anchor text and its context, the sources that support it and its status. */
export interface NewClaim {
  text: string;
  prefix?: string;
  suffix?: string;
  sources?: ClaimSourceRef[];
  status?: ClaimStatus;
  note?: string;
}

/** A sentence to accept without a source, with the writer's reason. */
export interface NewAccepted {
  text: string;
  reason?: string;
}

/** Where a claim attaches: its text and, when the text is not unique, the words around it. */
export interface ClaimAnchorText {
  text: string;
  /** Absent or empty removes the claim's prefix. */
  prefix?: string;
  /** Absent or empty removes the claim's suffix. */
  suffix?: string;
}

/** The keyed sections of a sidecar. */
export type KeyedSection = 'sources' | 'entities';

/** Options for `addSource`. */
export interface AddSourceOptions {
  /**
   * Fields written as comments under the new entry (`# author:`), so the writer fills them in by removing a `#`
   * instead of remembering the field names. Fields the source already has are skipped.
   */
  commentedFields?: string[];
}

/** How the writer lays out the file; new text copies it. */
interface Layout {
  eol: '\n' | '\r\n';
  /** Spaces per nesting level. */
  indent: number;
  /** Whether `- ` items sit deeper than the key that owns them (`quotes:\n  - a`) or level with it (`quotes:\n- a`). */
  indentSeq: boolean;
}

interface Parsed {
  text: string;
  document: Document.Parsed;
  /** The top-level block mapping; null when the file holds nothing but comments and blank lines. */
  root: YAMLMap | null;
  layout: Layout;
}

/** Why the sidecar's text cannot be edited safely, or undefined when it can. */
export function sidecarEditProblem(text: string): string | undefined {
  const parsed = parse(text);
  return typeof parsed === 'string' ? parsed : undefined;
}

/** Adds a source under `sources` (creating the section when missing); no edits when the key already exists. */
export function addSource(text: string, key: string, source: Source, options: AddSourceOptions = {}): SidecarEdit[] {
  const parsed = parse(text);
  if (typeof parsed === 'string') return [];
  if (findPair(sectionMap(parsed, 'sources'), key)) return [];
  const commented = (options.commentedFields ?? []).filter((field) => !(field in source));
  return appendEntry(parsed, 'sources', 'map', { [key]: source }, (column) =>
    commented.map((field) => `${' '.repeat(column + parsed.layout.indent)}# ${field}:`),
  );
}

/**
 * Adds several sources under `sources` in one edit (an import of a whole library stays one parse of the file);
 * keys that already exist are left out.
 */
export function addSources(text: string, sources: Readonly<Record<string, Source>>): SidecarEdit[] {
  const parsed = parse(text);
  if (typeof parsed === 'string') return [];
  const existing = sectionMap(parsed, 'sources');
  const fresh: Record<string, Source> = {};
  for (const [key, source] of Object.entries(sources)) if (!findPair(existing, key)) fresh[key] = source;
  if (Object.keys(fresh).length === 0) return [];
  return appendEntry(parsed, 'sources', 'map', fresh);
}

/**
 * Replaces the value of an existing source with `source`, in place: the key, its position among the others and
 * every comment outside the entry stay. No edits when the key is not defined or its value cannot be located.
 */
export function replaceSource(text: string, key: string, source: Source): SidecarEdit[] {
  return replaceSources(text, { [key]: source });
}

/**
 * Replaces several existing sources at once, as `replaceSource` does for one: one parse of the file however
 * many entries change (an import that overwrites a library's worth of keys). Keys not defined are skipped.
 */
export function replaceSources(text: string, sources: Readonly<Record<string, Source>>): SidecarEdit[] {
  const parsed = parse(text);
  if (typeof parsed === 'string') return [];
  const map = sectionMap(parsed, 'sources');
  if (!map) return [];
  const edits: SidecarEdit[] = [];
  for (const pair of map.items) {
    if (!isScalar(pair.key)) continue;
    const key = String(pair.key.value);
    if (!Object.prototype.hasOwnProperty.call(sources, key)) continue;
    const value = pair.value as Node | null | undefined;
    if (!isMap(value) || !hasRange(value) || value.items.length === 0) continue;
    const start = value.range[0];
    if (value.flow) {
      edits.push({ span: { start, end: value.range[1] }, newText: flowText(sources[key]) });
      continue;
    }
    const firstKey = (value.items[0].key as Node | null)?.range?.[0];
    if (firstKey === undefined) continue;
    // The entry ends with its last value; a comment after it belongs to what follows and stays.
    const last = value.items[value.items.length - 1] as Pair;
    const end = trimLineBreaks(text, start, pairValueEnd(last));
    edits.push({ span: { start, end }, newText: blockValueText(sources[key], parsed.layout, columnOf(text, firstKey)) });
  }
  return sortEdits(edits);
}

/** Adds an entity under `entities` (creating the section when missing); no edits when the id already exists. */
export function addEntity(text: string, id: string, entity: Entity): SidecarEdit[] {
  const parsed = parse(text);
  if (typeof parsed === 'string') return [];
  if (findPair(sectionMap(parsed, 'entities'), id)) return [];
  return appendEntry(parsed, 'entities', 'map', { [id]: entity });
}

/** Appends a claim to `claims` (creating the section when missing). Empty prefix/suffix are left out. */
export function addClaim(text: string, claim: NewClaim): SidecarEdit[] {
  const parsed = parse(text);
  if (typeof parsed === 'string') return [];
  const value: Record<string, unknown> = { text: claim.text };
  if (claim.prefix) value.prefix = claim.prefix;
  if (claim.suffix) value.suffix = claim.suffix;
  value.sources = claim.sources ?? [];
  value.status = claim.status ?? 'unverified';
  if (claim.note !== undefined) value.note = claim.note;
  return appendEntry(parsed, 'claims', 'seq', value);
}

/** Appends a sentence accepted without a source to `accepted` (creating the section when missing). */
export function addAccepted(text: string, accepted: NewAccepted): SidecarEdit[] {
  const parsed = parse(text);
  if (typeof parsed === 'string') return [];
  const value: Record<string, unknown> = { text: accepted.text };
  if (accepted.reason) value.reason = accepted.reason;
  return appendEntry(parsed, 'accepted', 'seq', value);
}

/**
 * Gives claim `index` a new anchor: its `text`, `prefix` and `suffix` are replaced in place (keeping their
 * quoting style where possible), added after the fields they follow, or removed. Everything else of the claim
 * (sources, status, notes, comments) is untouched. No edits when there is no such claim.
 */
export function reanchorClaim(text: string, index: number, anchor: ClaimAnchorText): SidecarEdit[] {
  const parsed = parse(text);
  if (typeof parsed === 'string') return [];
  const claims = findPair(parsed.root, 'claims')?.value;
  if (!isSeq(claims)) return [];
  const item = claims.items[index];
  if (!isMap(item) || !hasRange(item)) return [];

  const wanted: Record<'text' | 'prefix' | 'suffix', string | undefined> = {
    text: anchor.text,
    prefix: anchor.prefix || undefined,
    suffix: anchor.suffix || undefined,
  };
  if (item.flow || !findPair(item, 'text')) {
    // A flow item (`- {text: a, sources: [x]}`) or a claim without text is rewritten whole; its inner layout is
    // the one thing that cannot be kept, and such claims are rare.
    const current = (item.toJSON() ?? {}) as Record<string, unknown>;
    const merged: Record<string, unknown> = { text: wanted.text };
    for (const [key, value] of Object.entries(current)) if (key !== 'text' && key !== 'prefix' && key !== 'suffix') merged[key] = value;
    if (wanted.prefix) merged.prefix = wanted.prefix;
    if (wanted.suffix) merged.suffix = wanted.suffix;
    const ordered = orderClaimFields(merged);
    const printed = item.flow ? flowText(ordered) : blockValueText(ordered, parsed.layout, columnOf(text, item.range[0]));
    return [{ span: { start: item.range[0], end: trimLineBreaks(text, item.range[0], item.range[1]) }, newText: printed }];
  }

  const edits: SidecarEdit[] = [];
  const keyColumn = columnOf(text, (item.items[0].key as Node).range![0]);
  // Missing fields go after the field they follow; two new fields after the same line share one insertion.
  const inserts = new Map<number, { lines: string[]; needsLineBreak: boolean }>();
  let previous: Pair | undefined;
  for (const field of ['text', 'prefix', 'suffix'] as const) {
    const pair = findPair(item, field);
    const value = wanted[field];
    if (pair && value !== undefined) edits.push(replaceScalarValue(parsed, pair, value));
    else if (pair && value === undefined) edits.push(removePair(parsed, item, pair));
    else if (!pair && value !== undefined && previous) {
      const at = lineAfter(text, pairValueEnd(previous));
      const pending = inserts.get(at.offset) ?? { lines: [], needsLineBreak: at.needsLineBreak };
      pending.lines.push(`${' '.repeat(keyColumn)}${field}: ${scalarText(value)}`);
      inserts.set(at.offset, pending);
    }
    if (pair) previous = pair;
  }
  for (const [offset, pending] of inserts) {
    edits.push(insertion(offset, pending.lines, parsed.layout.eol, pending.needsLineBreak ? parsed.layout.eol : ''));
  }
  return sortEdits(edits);
}

/** The review fields of a claim, in the order they are written. */
export const CLAIM_REVIEW_FIELDS = ['status', 'note', 'reviewer', 'reviewed', 'fingerprint'] as const;

/** What to change in a claim's review fields: a string sets the field, `null` removes it, absent leaves it alone. */
export type ClaimReviewChange = Partial<Record<(typeof CLAIM_REVIEW_FIELDS)[number], string | null>>;

/**
 * Sets or removes review fields of claim `index` (status, note, reviewer, reviewed, fingerprint) in place:
 * present fields keep their line, quoting style and trailing comment; missing ones are added after the field
 * they follow in the usual order. Text, sources and comments of the claim are untouched. No edits when there is
 * no such claim.
 */
export function setClaimReview(text: string, index: number, change: ClaimReviewChange): SidecarEdit[] {
  const parsed = parse(text);
  if (typeof parsed === 'string') return [];
  const claims = findPair(parsed.root, 'claims')?.value;
  if (!isSeq(claims)) return [];
  const item = claims.items[index];
  if (!isMap(item) || !hasRange(item) || item.items.length === 0) return [];

  if (item.flow) {
    // A flow item (`- {text: a, sources: [x]}`) is rewritten whole, like reanchorClaim does.
    const current = (item.toJSON() ?? {}) as Record<string, unknown>;
    for (const [field, value] of Object.entries(change)) {
      if (value === null) delete current[field];
      else if (value !== undefined) current[field] = value;
    }
    return [{ span: { start: item.range[0], end: trimLineBreaks(text, item.range[0], item.range[1]) }, newText: flowText(orderClaimFields(current)) }];
  }

  const edits: SidecarEdit[] = [];
  const keyColumn = columnOf(text, (item.items[0].key as Node).range![0]);
  const order = ['text', 'prefix', 'suffix', 'sources', ...CLAIM_REVIEW_FIELDS];
  const inserts = new Map<number, { lines: string[]; needsLineBreak: boolean }>();
  for (const field of CLAIM_REVIEW_FIELDS) {
    const value = change[field];
    if (value === undefined) continue;
    const pair = findPair(item, field);
    if (pair && value !== null) edits.push(replaceScalarValue(parsed, pair, value));
    else if (pair && value === null) edits.push(removePair(parsed, item, pair));
    else if (!pair && value !== null) {
      // After the nearest earlier field the claim has; else after its last field.
      const before = order.slice(0, order.indexOf(field)).reverse().map((name) => findPair(item, name)).find((found) => found !== undefined);
      const after = before ?? (item.items[item.items.length - 1] as Pair);
      const at = lineAfter(text, pairValueEnd(after));
      const pending = inserts.get(at.offset) ?? { lines: [], needsLineBreak: at.needsLineBreak };
      pending.lines.push(`${' '.repeat(keyColumn)}${field}: ${scalarText(value)}`);
      inserts.set(at.offset, pending);
    }
  }
  for (const [offset, pending] of inserts) {
    edits.push(insertion(offset, pending.lines, parsed.layout.eol, pending.needsLineBreak ? parsed.layout.eol : ''));
  }
  return mergeAdjacentRemovals(sortEdits(edits));
}

/** Two removed lines next to each other are one edit: VS Code refuses touching edits in some orders. */
function mergeAdjacentRemovals(edits: SidecarEdit[]): SidecarEdit[] {
  const merged: SidecarEdit[] = [];
  for (const edit of edits) {
    const last = merged[merged.length - 1];
    if (last && last.span.end === edit.span.start && last.newText === '' && edit.newText === '') last.span = { start: last.span.start, end: edit.span.end };
    else merged.push({ ...edit });
  }
  return merged;
}

/**
 * Renames a source key or an entity id, and, for a source, every reference to it inside the same file: the
 * `sources` of claims (plain keys and `source:` fields) and of entities. No edits when `oldKey` is not defined
 * here, or when `newKey` already is (that would merge two entries).
 */
export function renameKey(text: string, section: KeyedSection, oldKey: string, newKey: string): SidecarEdit[] {
  const parsed = parse(text);
  if (typeof parsed === 'string' || oldKey === newKey) return [];
  const map = sectionMap(parsed, section);
  const pair = findPair(map, oldKey);
  if (!pair || findPair(map, newKey) || !isScalar(pair.key) || !hasRange(pair.key)) return [];
  const edits: SidecarEdit[] = [replaceScalar(parsed.text, pair.key, newKey)];
  if (section === 'sources') edits.push(...sourceReferenceEdits(parsed, oldKey, newKey));
  return sortEdits(edits);
}

/** Every place inside the file that refers to source `key` (claims' and entities' sources), as spans. */
export function sourceReferenceSpans(text: string, key: string): Span[] {
  const parsed = parse(text);
  if (typeof parsed === 'string') return [];
  return referenceScalars(parsed, key).map((scalar) => ({ start: scalar.range![0], end: scalar.range![1] }));
}

/** Contents for a sidecar created from nothing. */
export interface NewSidecarContents {
  /** The draft's file name, named in the header comment. */
  draftName?: string;
  sources?: Record<string, Source>;
  entities?: Record<string, Entity>;
  claims?: NewClaim[];
  accepted?: NewAccepted[];
  eol?: '\n' | '\r\n';
}

/**
 * The text of a new sidecar: a header comment, then the given entries (sections without entries are written
 * empty, `sources: {}`, so the writer sees every section the format has).
 */
export function createSidecar(contents: NewSidecarContents = {}): string {
  const eol = contents.eol ?? '\n';
  const about = contents.draftName ? ` of ${contents.draftName}` : '';
  let text =
    [
      `# Sources, entities and claims${about}, read by the Sourced extension and CLI.`,
      '# Cite a source in the draft as [@key]. Format: docs/sidecar.md.',
      'sources: {}',
      'entities: {}',
      'claims: []',
      'accepted: []',
    ].join(eol) + eol;
  for (const [key, source] of Object.entries(contents.sources ?? {})) text = applySidecarEdits(text, addSource(text, key, source));
  for (const [id, entity] of Object.entries(contents.entities ?? {})) text = applySidecarEdits(text, addEntity(text, id, entity));
  for (const claim of contents.claims ?? []) text = applySidecarEdits(text, addClaim(text, claim));
  for (const accepted of contents.accepted ?? []) text = applySidecarEdits(text, addAccepted(text, accepted));
  return text;
}

/** Applies non-overlapping edits to `text` (in any order) and returns the new text. */
export function applySidecarEdits(text: string, edits: readonly SidecarEdit[]): string {
  let result = text;
  for (const edit of sortEdits([...edits]).reverse()) {
    result = result.slice(0, edit.span.start) + edit.newText + result.slice(edit.span.end);
  }
  return result;
}

// ---------------------------------------------------------------------------------------------------------------

/**
 * The last text parsed and its result. Editor features ask about the same sidecar text several times per
 * request (what is under the cursor, where it is defined, what references it), and the yaml parser is the
 * expensive part (about 2 ms per KB); nothing here mutates a parsed document, so sharing it is safe.
 */
let lastParse: { text: string; result: Parsed | string } | undefined;

function parse(text: string): Parsed | string {
  if (lastParse?.text === text) return lastParse.result;
  const result = parseUncached(text);
  lastParse = { text, result };
  return result;
}

function parseUncached(text: string): Parsed | string {
  let document: Document.Parsed;
  try {
    document = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  } catch (error) {
    return `the file could not be read as YAML (${String(error)})`;
  }
  if (document.errors.length > 0) return `the file has a YAML error: ${document.errors[0].message.split('\n')[0]}`;
  const contents = document.contents;
  const isEmpty = contents === null || (isScalar(contents) && (contents.value === null || contents.value === undefined));
  if (isEmpty) return { text, document, root: null, layout: detectLayout(text, null) };
  if (!isMap(contents)) return 'the file does not hold a mapping of sections (sources:, entities:, claims:, accepted:)';
  if (contents.flow) return 'the file is written as one flow mapping ({…}); write it in block style to let the extension edit it';
  if (!hasRange(contents)) return 'the file could not be located';
  return { text, document, root: contents, layout: detectLayout(text, contents) };
}

function detectLayout(text: string, root: YAMLMap | null): Layout {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  let indent: number | undefined;
  let indentSeq: boolean | undefined;
  const visit = (map: YAMLMap, depth: number): void => {
    for (const pair of map.items) {
      if (indent !== undefined && indentSeq !== undefined) return;
      const keyStart = (pair.key as Node | null)?.range?.[0];
      if (keyStart === undefined) continue;
      const keyColumn = columnOf(text, keyStart);
      const value = pair.value;
      if (isMap(value) && !value.flow && value.items.length > 0) {
        const childStart = (value.items[0].key as Node | null)?.range?.[0];
        if (indent === undefined && childStart !== undefined && columnOf(text, childStart) > keyColumn) {
          indent = columnOf(text, childStart) - keyColumn;
        }
        if (depth < 4) visit(value, depth + 1);
      } else if (isSeq(value) && !value.flow && hasRange(value)) {
        if (indentSeq === undefined) indentSeq = columnOf(text, value.range[0]) > keyColumn;
        for (const item of value.items) if (isMap(item) && !item.flow && depth < 4) visit(item, depth + 1);
      }
    }
  };
  if (root) visit(root, 0);
  return { eol, indent: indent ?? 2, indentSeq: indentSeq ?? true };
}

function stringifyOptions(layout: Layout): ToStringOptions {
  // lineWidth 0: a long title stays on one line, as writers keep them.
  return { indent: layout.indent, indentSeq: layout.indentSeq, lineWidth: 0, minContentWidth: 0 };
}

function findPair(map: unknown, key: string): Pair | undefined {
  if (!isMap(map)) return undefined;
  return map.items.find((pair) => isPair(pair) && isScalar(pair.key) && String(pair.key.value) === key) as Pair | undefined;
}

function sectionMap(parsed: Parsed, section: string): YAMLMap | undefined {
  const value = findPair(parsed.root, section)?.value;
  return isMap(value) ? value : undefined;
}

/**
 * Appends `value` to a section: as the last entry of a block collection, inside a non-empty flow collection,
 * in place of an empty one (`sources: {}` becomes a block), under a bare `sources:` key, or as a new section
 * at the end of the file.
 */
function appendEntry(
  parsed: Parsed,
  section: string,
  shape: 'map' | 'seq',
  value: unknown,
  extraLines: (entryColumn: number) => string[] = () => [],
): SidecarEdit[] {
  const { text, layout } = parsed;
  const pair = findPair(parsed.root, section);
  const defaultColumn = shape === 'map' || layout.indentSeq ? layout.indent : 0;
  const entryLines = (column: number): string[] => [
    ...splitPrinted(stringifyBlock(shape === 'map' ? value : [value], layout), column),
    ...extraLines(column),
  ];

  if (!pair) {
    const needsBreak = text.length > 0 && !/[\r\n]$/.test(text);
    const lines = [`${scalarText(section)}:`, ...entryLines(defaultColumn)];
    return [insertion(text.length, lines, layout.eol, needsBreak ? layout.eol : '')];
  }

  const current = pair.value;
  const isNull = current === null || (isScalar(current) && (current.value === null || current.value === undefined));
  const isEmptyFlow = (isMap(current) || isSeq(current)) && current.flow && current.items.length === 0;
  if (isNull || isEmptyFlow) {
    const edits: SidecarEdit[] = [];
    const keyNode = pair.key as Node;
    let lineEndFrom = keyNode.range![1];
    if (current && hasRange(current) && current.range[1] > current.range[0]) {
      // `sources: {}` / `sources: ~`: the placeholder goes, with the spaces before it; a comment after it stays.
      let start = current.range[0];
      while (start > keyNode.range![1] && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
      const colon = text.lastIndexOf(':', start);
      if (colon >= keyNode.range![1]) start = Math.max(start, colon + 1);
      edits.push({ span: { start, end: current.range[1] }, newText: '' });
      lineEndFrom = current.range[1];
    }
    const at = lineAfter(text, lineEndFrom);
    edits.push(insertion(at.offset, entryLines(defaultColumn), layout.eol, at.needsLineBreak ? layout.eol : ''));
    return edits;
  }

  if ((shape === 'map' && !isMap(current)) || (shape === 'seq' && !isSeq(current))) return [];
  const collection = current as YAMLMap | YAMLSeq;
  if (!hasRange(collection)) return [];

  if (collection.flow) {
    let close = collection.range[1] - 1;
    while (close > collection.range[0] && /\s/.test(text[close])) close--;
    if (text[close] !== (shape === 'map' ? '}' : ']')) return [];
    let before = close - 1;
    while (before > collection.range[0] && /\s/.test(text[before])) before--;
    const separator = text[before] === ',' ? ' ' : ', ';
    const item = shape === 'map' ? flowEntryText(value as Record<string, unknown>) : flowText(value);
    return [{ span: { start: before + 1, end: before + 1 }, newText: `${separator}${item}` }];
  }

  const first = collection.items[0];
  const firstStart = shape === 'map' ? ((first as Pair).key as Node | null)?.range?.[0] : collection.range[0];
  const column = firstStart === undefined ? defaultColumn : columnOf(text, firstStart);
  const at = lineAfter(text, collection.range[1]);
  return [insertion(at.offset, entryLines(column), layout.eol, at.needsLineBreak ? layout.eol : '')];
}

/** Where a new line goes after the content that ends at `offset`: the start of the next line. */
function lineAfter(text: string, offset: number): { offset: number; needsLineBreak: boolean } {
  if (offset > 0 && text[offset - 1] === '\n') return { offset, needsLineBreak: false };
  const newline = text.indexOf('\n', offset);
  if (newline >= 0) return { offset: newline + 1, needsLineBreak: false };
  return { offset: text.length, needsLineBreak: true };
}

function insertion(offset: number, lines: string[], eol: string, leading: string): SidecarEdit {
  return { span: { start: offset, end: offset }, newText: leading + lines.map((line) => line + eol).join('') };
}

function stringifyBlock(value: unknown, layout: Layout): string {
  return new Document(value).toString(stringifyOptions(layout));
}

/** Splits printed YAML into lines, indented by `column`; blank lines stay empty (no trailing spaces). */
function splitPrinted(printed: string, column: number): string[] {
  const pad = ' '.repeat(column);
  return printed
    .replace(/\n$/, '')
    .split('\n')
    .map((line) => (line.length > 0 ? pad + line : line));
}

/** A block value printed to sit at `column` (its first line starts there, without the padding). */
function blockValueText(value: unknown, layout: Layout, column: number): string {
  const lines = splitPrinted(stringifyBlock(value, layout), column);
  return lines.join(layout.eol).slice(column);
}

function flowText(value: unknown): string {
  return new Document(value).toString({ collectionStyle: 'flow', lineWidth: 0 }).replace(/\n$/, '');
}

function flowEntryText(entry: Record<string, unknown>): string {
  const printed = flowText(entry);
  return printed.replace(/^\{\s*/, '').replace(/\s*\}$/, '');
}

/** A string as a one-line YAML scalar: plain when that reads back the same, quoted otherwise. */
function scalarText(value: string, style?: Scalar.Type): string {
  const scalar = new Scalar(value);
  if (/[\r\n]/.test(value)) scalar.type = 'QUOTE_DOUBLE';
  else if (style === 'QUOTE_DOUBLE' || style === 'QUOTE_SINGLE') scalar.type = style;
  return new Document(scalar).toString({ lineWidth: 0 }).replace(/\n$/, '');
}

function replaceScalar(text: string, node: Node, value: string): SidecarEdit {
  const [start, end] = node.range!;
  const style = isScalar(node) ? (node.type as Scalar.Type | undefined) : undefined;
  return { span: { start, end: trimLineBreaks(text, start, end) }, newText: scalarText(value, style) };
}

function replaceScalarValue(parsed: Parsed, pair: Pair, value: string): SidecarEdit {
  const node = pair.value as Node | null;
  if (node && hasRange(node) && node.range[1] > node.range[0]) return replaceScalar(parsed.text, node, value);
  // `prefix:` with nothing after it: the value goes after the colon.
  const keyEnd = (pair.key as Node).range![1];
  const colon = parsed.text.indexOf(':', keyEnd);
  const at = colon >= 0 ? colon + 1 : keyEnd;
  return { span: { start: at, end: at }, newText: ` ${scalarText(value)}` };
}

/** Removes a pair of a block mapping: its whole lines, or, when it shares a line with a `- `, up to the next key. */
function removePair(parsed: Parsed, map: YAMLMap, pair: Pair): SidecarEdit {
  const { text } = parsed;
  const keyStart = (pair.key as Node).range![0];
  const lineStart = text.lastIndexOf('\n', keyStart - 1) + 1;
  const end = pairValueEnd(pair);
  if (/^[ \t]*$/.test(text.slice(lineStart, keyStart))) {
    return { span: { start: lineStart, end: lineAfter(text, end).offset }, newText: '' };
  }
  const next = map.items[map.items.indexOf(pair) + 1];
  const nextStart = (next?.key as Node | null)?.range?.[0];
  if (nextStart !== undefined) return { span: { start: keyStart, end: nextStart }, newText: '' };
  // The pair is the only thing on the `- ` line and the claim's last field: leave an empty value rather than
  // a dangling dash (cannot happen for prefix/suffix, which always follow `text`).
  return replaceScalarValue(parsed, pair, '');
}

function pairValueEnd(pair: Pair): number {
  const value = pair.value as Node | null;
  const key = pair.key as Node;
  return value?.range?.[1] ?? key.range![1];
}

function trimLineBreaks(text: string, start: number, end: number): number {
  // Block scalars own the line break after them; an edit that replaces one keeps the break in place.
  let trimmed = end;
  while (trimmed > start && (text[trimmed - 1] === '\n' || text[trimmed - 1] === '\r')) trimmed--;
  return trimmed;
}

function sourceReferenceEdits(parsed: Parsed, oldKey: string, newKey: string): SidecarEdit[] {
  return referenceScalars(parsed, oldKey).map((scalar) => replaceScalar(parsed.text, scalar, newKey));
}

/**
 * Scalars that name source `key` (any key when undefined): items of claims' and entities' `sources`, and
 * `source:` fields of claim references.
 */
function referenceScalars(parsed: Parsed, key: string | undefined): Scalar[] {
  const found: Scalar[] = [];
  const collect = (owner: unknown): void => {
    if (!isMap(owner)) return;
    const sources = findPair(owner, 'sources')?.value;
    if (!isSeq(sources)) return;
    for (const ref of sources.items) {
      if (isScalar(ref) && (key === undefined || String(ref.value) === key) && hasRange(ref)) found.push(ref);
      else if (isMap(ref)) {
        const source = findPair(ref, 'source')?.value;
        if (isScalar(source) && (key === undefined || String(source.value) === key) && hasRange(source)) found.push(source);
      }
    }
  };
  const claims = findPair(parsed.root, 'claims')?.value;
  if (isSeq(claims)) claims.items.forEach(collect);
  const entities = findPair(parsed.root, 'entities')?.value;
  if (isMap(entities)) for (const pair of entities.items) collect(pair.value);
  return found;
}

function orderClaimFields(value: Record<string, unknown>): Record<string, unknown> {
  const order = ['text', 'prefix', 'suffix', 'sources', 'status', 'note', 'reviewer', 'reviewed', 'fingerprint'];
  const ordered: Record<string, unknown> = {};
  for (const key of order) if (key in value) ordered[key] = value[key];
  for (const [key, entry] of Object.entries(value)) if (!(key in ordered)) ordered[key] = entry;
  return ordered;
}

function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

function hasRange<T>(node: T): node is T & { range: [number, number, number] } {
  return typeof node === 'object' && node !== null && Array.isArray((node as { range?: unknown }).range);
}

function sortEdits(edits: SidecarEdit[]): SidecarEdit[] {
  return edits.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
}

// ---------------------------------------------------------------------------------------------------------------
// Positions the editor features need (what is under the cursor, where a key is used, which values are links).
// They read the same syntax tree the edits write, so "rename" and "find references" agree on every span.

/** A source key or entity id at some place of a sidecar: where it is defined, or a claim or entity citing it. */
export interface SidecarSymbol {
  section: KeyedSection;
  key: string;
  /** The key or the reference scalar, quotes included. */
  span: Span;
  role: 'definition' | 'reference';
}

/** The key or source reference at `offset` (a cursor just after it counts), or undefined. */
export function sidecarSymbolAt(text: string, offset: number): SidecarSymbol | undefined {
  const parsed = parse(text);
  if (typeof parsed === 'string') return undefined;
  const touches = (node: Node | null | undefined): node is Scalar & { range: [number, number, number] } =>
    isScalar(node) && hasRange(node) && node.range[0] <= offset && offset <= node.range[1] && typeof node.value === 'string';
  for (const section of ['sources', 'entities'] as const) {
    const map = sectionMap(parsed, section);
    for (const pair of map?.items ?? []) {
      if (touches(pair.key as Node)) {
        const key = pair.key as Scalar & { range: [number, number, number] };
        return { section, key: String(key.value), span: { start: key.range[0], end: key.range[1] }, role: 'definition' };
      }
    }
  }
  for (const scalar of referenceScalars(parsed, undefined)) {
    if (touches(scalar)) return { section: 'sources', key: String(scalar.value), span: { start: scalar.range![0], end: scalar.range![1] }, role: 'reference' };
  }
  return undefined;
}

/** Where `key` is defined in the file (the key scalar and the whole entry), when it is. */
export function sidecarDefinitionSpan(text: string, section: KeyedSection, key: string): { keySpan: Span; span: Span } | undefined {
  const parsed = parse(text);
  if (typeof parsed === 'string') return undefined;
  const pair = findPair(sectionMap(parsed, section), key);
  const keyNode = pair?.key as Node | undefined;
  if (!pair || !keyNode?.range) return undefined;
  const end = trimLineBreaks(text, keyNode.range[0], pairValueEnd(pair));
  return { keySpan: { start: keyNode.range[0], end: keyNode.range[1] }, span: { start: keyNode.range[0], end } };
}

/** The `url` and `archive` values of every source, for document links. */
export function sidecarLinkSpans(text: string): Array<{ span: Span; url: string }> {
  const parsed = parse(text);
  if (typeof parsed === 'string') return [];
  const links: Array<{ span: Span; url: string }> = [];
  for (const pair of sectionMap(parsed, 'sources')?.items ?? []) {
    for (const field of ['url', 'archive']) {
      const value = findPair(pair.value, field)?.value;
      if (!isScalar(value) || !hasRange(value) || typeof value.value !== 'string') continue;
      // The link covers the URL itself, not the quotes around it.
      const raw = text.slice(value.range[0], value.range[1]);
      const inner = raw.indexOf(value.value);
      const start = inner >= 0 ? value.range[0] + inner : value.range[0];
      links.push({ span: { start, end: inner >= 0 ? start + value.value.length : value.range[1] }, url: value.value });
    }
  }
  return links;
}
