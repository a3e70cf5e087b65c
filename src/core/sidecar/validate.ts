/**
 * A hand-written check of the sidecar schema (schema.ts) for the files that pass it, which is nearly every file
 * `sourced lint` reads. It gives exactly the value `SidecarSchema.safeParse` gives (trimmed text, years as
 * strings, defaults, fields in the schema's order) or, on anything it is not sure of, `undefined`: the caller
 * then runs zod, whose issues make the messages. It never says valid where zod says invalid; a property test
 * holds it to `safeParse` on random sidecars.
 *
 * Why not zod: a cold process runs zod's compiled parser in the interpreter, with a closure and a fresh object
 * per field of thousands of records, after paying for generating and compiling it. This check writes the
 * validated values back into the objects the YAML reader made (they are fresh and owned by the caller) and
 * keeps those objects when their fields are already in the schema's order, so a valid sidecar is not copied.
 */
import { asciiTwin } from '../text/asciiTwin';
import { CLAIM_STATUSES, ENTITY_ID_PATTERN, ENTITY_KINDS, HTTP_URL_PATTERN, PARTIAL_DATE_PATTERN, SOURCE_KEY_PATTERN, type Sidecar } from './schema';

/** Thrown to leave the input to zod; caught in `validSidecar`. */
class LeftToZod {}
const LEFT_TO_ZOD = new LeftToZod();

/**
 * One field of a record: its name, the check that returns its validated value (or throws LEFT_TO_ZOD), and the
 * default zod fills in when the field is missing. A record's fields are listed in the schema's order, which is
 * the order of zod's output whatever the file's order; a test holds these lists to the zod shapes, so a field
 * added to schema.ts fails it until it is checked here.
 */
interface Field {
  name: string;
  check: (value: unknown) => unknown;
  required?: boolean;
  makeDefault?: () => unknown;
}

/**
 * The validated sidecar, built in place from `raw` (which it changes: pass a value nobody else holds, and read
 * it again for zod when the answer is undefined), or undefined when zod must decide.
 */
export function validSidecar(raw: unknown): Sidecar | undefined {
  try {
    return checkFields(raw, ROOT) as Sidecar;
  } catch (error) {
    if (error === LEFT_TO_ZOD) return undefined;
    throw error;
  }
}

/**
 * Checks an object of `fields` in place: every field it has, then the required ones and the defaults. Returns
 * the object itself when its fields are in the schema's order (the defaults come after the fields written), and
 * otherwise a copy in that order.
 */
function checkFields(value: unknown, table: FieldTable): Record<string, unknown> {
  const record = plainObject(value);
  const fields = table.fields;
  let lastWritten = -1;
  let ordered = true;
  for (const name in record) {
    const index = indexOfField(fields, name, lastWritten + 1);
    const fieldValue = record[name];
    const checked = fields[index].check(fieldValue);
    if (checked !== fieldValue) record[name] = checked;
    if (index < lastWritten) ordered = false;
    lastWritten = index;
  }
  // Only the required fields and those with a default: most fields are optional without one.
  const mandatory = table.mandatory;
  for (let m = 0; m < mandatory.length; m++) {
    const index = mandatory[m];
    const field = fields[index];
    if (record[field.name] !== undefined) continue;
    if (field.required || field.makeDefault === undefined) throw LEFT_TO_ZOD; // zod says where
    record[field.name] = field.makeDefault();
    // A default lands after the fields written: out of order when a later field was written.
    if (index < lastWritten) ordered = false;
  }
  return ordered ? record : inOrder(record, fields);
}

/**
 * The index of the field called `name`, or LEFT_TO_ZOD for a key the schema does not know. The search starts at
 * `from` (after the field written last) and wraps around: files mostly write fields in the schema's order.
 */
function indexOfField(fields: readonly Field[], name: string, from: number): number {
  for (let i = from; i < fields.length; i++) if (fields[i].name === name) return i;
  for (let i = 0; i < from && i < fields.length; i++) if (fields[i].name === name) return i;
  throw LEFT_TO_ZOD;
}

/** A copy of `record` with its fields in `fields`' order (the rare file that writes them in another order). */
function inOrder(record: Record<string, unknown>, fields: readonly Field[]): Record<string, unknown> {
  const ordered: Record<string, unknown> = {};
  for (const { name } of fields) if (name in record) ordered[name] = record[name];
  return ordered;
}

function plainObject(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Object.getPrototypeOf(value) !== Object.prototype) throw LEFT_TO_ZOD;
  return value as Record<string, unknown>;
}

/**
 * ASCII twins of the key patterns (see text/asciiTwin.ts): a key the twin accepts is all ASCII, and the original
 * accepts it too; anything else is asked of the original. Nearly every key is ASCII, and a cold process then never
 * compiles the Unicode patterns, whose property classes cost more to compile than thousands of tests.
 */
export const ASCII_SOURCE_KEY = asciiTwin(SOURCE_KEY_PATTERN.source, SOURCE_KEY_PATTERN.flags);
export const ASCII_ENTITY_ID = asciiTwin(ENTITY_ID_PATTERN.source, ENTITY_ID_PATTERN.flags);

/**
 * A map of entries whose keys must match `keyPattern` (tried after its ASCII twin `asciiKeyPattern`); each entry
 * is checked (and replaced) by `check`.
 */
function checkRecord(value: unknown, asciiKeyPattern: RegExp, keyPattern: RegExp, check: (entry: unknown) => unknown): Record<string, unknown> {
  const record = plainObject(value);
  // Object.keys rather than for-in, and a store only for an entry rebuilt in the schema's order: a map of
  // thousands of entities is a dictionary, where for-in looks every key up again and each store hashes it.
  const keys = Object.keys(record);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (key === '__proto__' || !(asciiKeyPattern.test(key) || keyPattern.test(key))) throw LEFT_TO_ZOD;
    const entry = record[key];
    const checked = check(entry);
    if (checked !== entry) record[key] = checked;
  }
  return record;
}

/** An array whose items are checked (and replaced) by `check`. */
function checkItems(value: unknown, check: (item: unknown) => unknown): unknown[] {
  if (!Array.isArray(value)) throw LEFT_TO_ZOD;
  for (let i = 0; i < value.length; i++) {
    const item = value[i];
    const checked = check(item);
    if (checked !== item) value[i] = checked;
  }
  return value;
}

/** `z.string().trim().min(1)`: the trimmed text, which must not be empty. */
function nonEmptyText(value: unknown): string {
  if (typeof value !== 'string') throw LEFT_TO_ZOD;
  const trimmed = value.trim();
  if (trimmed.length === 0) throw LEFT_TO_ZOD;
  return trimmed;
}

function text(value: unknown): string {
  if (typeof value !== 'string') throw LEFT_TO_ZOD;
  return value;
}

/** A non-empty array of non-empty texts, trimmed in place (`z.array(NonEmptyText)`, with `.min(1)` when `required`). */
function nonEmptyTexts(value: unknown, required: boolean): unknown[] {
  if (!Array.isArray(value) || (required && value.length === 0)) throw LEFT_TO_ZOD;
  for (let i = 0; i < value.length; i++) value[i] = nonEmptyText(value[i]);
  return value;
}

/** `PartialDate`: YYYY, YYYY-MM or YYYY-MM-DD as text, or a year as a whole number, which becomes text. */
function partialDate(value: unknown): string {
  if (typeof value === 'string') {
    if (!PARTIAL_DATE_PATTERN.test(value)) throw LEFT_TO_ZOD;
    return value;
  }
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1000 || value > 9999) throw LEFT_TO_ZOD;
  return String(value);
}

function httpUrl(value: unknown): string {
  if (typeof value !== 'string' || !HTTP_URL_PATTERN.test(value)) throw LEFT_TO_ZOD;
  return value;
}

/** `ClaimSourceRefSchema`: a non-empty source key, or `{ source, locator?, quote? }`. */
function checkSourceRef(value: unknown): unknown {
  if (typeof value !== 'string') return checkFields(value, SOURCE_REF);
  if (value.length === 0) throw LEFT_TO_ZOD;
  return value;
}

const KNOWN_ENTITY_KINDS: ReadonlySet<string> = new Set(ENTITY_KINDS);
const KNOWN_CLAIM_STATUSES: ReadonlySet<string> = new Set(CLAIM_STATUSES);

/** A value of a closed list (an entity's kind, a claim's status), as it is. */
function oneOf(known: ReadonlySet<string>): (value: unknown) => unknown {
  return (value) => {
    if (!known.has(value as string)) throw LEFT_TO_ZOD;
    return value;
  };
}

/** A non-empty source key. */
function sourceKey(value: unknown): string {
  if (text(value).length === 0) throw LEFT_TO_ZOD;
  return value as string;
}

/** An array of texts, as it is (`z.array(z.string())`). */
function texts(value: unknown): unknown[] {
  if (!Array.isArray(value)) throw LEFT_TO_ZOD;
  for (const item of value) text(item);
  return value;
}

/** A record's fields in the schema's order, and the indices of those that are required or have a default. */
interface FieldTable {
  fields: readonly Field[];
  mandatory: readonly number[];
}

function fieldTable(fields: readonly Field[]): FieldTable {
  const mandatory: number[] = [];
  fields.forEach((field, index) => {
    if (field.required || field.makeDefault !== undefined) mandatory.push(index);
  });
  return { fields, mandatory };
}

const SOURCE = fieldTable([
  { name: 'title', check: nonEmptyText, required: true },
  { name: 'author', check: (value) => (typeof value === 'string' ? nonEmptyText(value) : nonEmptyTexts(value, true)) },
  { name: 'publisher', check: nonEmptyText },
  { name: 'date', check: partialDate },
  { name: 'url', check: httpUrl },
  { name: 'archive', check: httpUrl },
  { name: 'accessed', check: partialDate },
  { name: 'quotes', check: (value) => nonEmptyTexts(value, false) },
  { name: 'note', check: text },
]);

const ENTITY = fieldTable([
  { name: 'name', check: nonEmptyText, required: true },
  { name: 'kind', check: oneOf(KNOWN_ENTITY_KINDS), required: true },
  { name: 'aliases', check: (value) => nonEmptyTexts(value, false) },
  { name: 'description', check: text },
  { name: 'sources', check: texts },
]);

const SOURCE_REF = fieldTable([
  { name: 'source', check: sourceKey, required: true },
  { name: 'locator', check: text },
  { name: 'quote', check: text },
]);

const CLAIM = fieldTable([
  { name: 'text', check: nonEmptyText, required: true },
  { name: 'prefix', check: text },
  { name: 'suffix', check: text },
  { name: 'sources', check: (value) => checkItems(value, checkSourceRef), makeDefault: () => [] },
  { name: 'status', check: oneOf(KNOWN_CLAIM_STATUSES), makeDefault: () => 'unverified' },
  { name: 'note', check: text },
  { name: 'reviewer', check: text },
  { name: 'reviewed', check: partialDate },
  { name: 'fingerprint', check: text },
]);

const ACCEPTED = fieldTable([
  { name: 'text', check: nonEmptyText, required: true },
  { name: 'reason', check: text },
]);

const ROOT = fieldTable([
  {
    name: 'version',
    check: (value) => {
      if (value !== 1) throw LEFT_TO_ZOD;
      return value;
    },
  },
  { name: 'sources', check: (value) => checkRecord(value, ASCII_SOURCE_KEY, SOURCE_KEY_PATTERN, (entry) => checkFields(entry, SOURCE)), makeDefault: () => ({}) },
  { name: 'entities', check: (value) => checkRecord(value, ASCII_ENTITY_ID, ENTITY_ID_PATTERN, (entry) => checkFields(entry, ENTITY)), makeDefault: () => ({}) },
  { name: 'claims', check: (value) => checkItems(value, (item) => checkFields(item, CLAIM)), makeDefault: () => [] },
  { name: 'accepted', check: (value) => checkItems(value, (item) => checkFields(item, ACCEPTED)), makeDefault: () => [] },
]);

const namesOf = (table: FieldTable): string[] => table.fields.map((field) => field.name);

/** The fields this check knows, per record, for the test that compares them with schema.ts. */
export const CHECKED_FIELDS = {
  sidecar: namesOf(ROOT),
  source: namesOf(SOURCE),
  entity: namesOf(ENTITY),
  claim: namesOf(CLAIM),
  claimSourceRef: namesOf(SOURCE_REF),
  accepted: namesOf(ACCEPTED),
} as const;
