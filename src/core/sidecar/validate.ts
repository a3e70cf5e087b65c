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
import { CLAIM_STATUSES, ENTITY_ID_PATTERN, ENTITY_KINDS, HTTP_URL_PATTERN, PARTIAL_DATE_PATTERN, SOURCE_KEY_PATTERN, type Sidecar } from './schema';

/** Thrown to leave the input to zod; caught in `validSidecar`. */
class LeftToZod {}
const LEFT_TO_ZOD = new LeftToZod();

/**
 * Each record's fields in the schema's order: zod's output lists them in this order, whatever the file's order.
 * A test holds these lists to the zod shapes, so a field added to schema.ts fails it until it is checked here.
 */
const ROOT_FIELDS = ['version', 'sources', 'entities', 'claims', 'accepted'];
const SOURCE_FIELDS = ['title', 'author', 'publisher', 'date', 'url', 'archive', 'accessed', 'quotes', 'note'];
const ENTITY_FIELDS = ['name', 'kind', 'aliases', 'description', 'sources'];
const CLAIM_FIELDS = ['text', 'prefix', 'suffix', 'sources', 'status', 'note', 'reviewer', 'reviewed', 'fingerprint'];
const SOURCE_REF_FIELDS = ['source', 'locator', 'quote'];
const ACCEPTED_FIELDS = ['text', 'reason'];

/** The fields this check knows, per record, for the test that compares them with schema.ts. */
export const CHECKED_FIELDS = {
  sidecar: ROOT_FIELDS,
  source: SOURCE_FIELDS,
  entity: ENTITY_FIELDS,
  claim: CLAIM_FIELDS,
  claimSourceRef: SOURCE_REF_FIELDS,
  accepted: ACCEPTED_FIELDS,
} as const;

/**
 * The validated sidecar, built in place from `raw` (which it changes: pass a value nobody else holds, and read
 * it again for zod when the answer is undefined), or undefined when zod must decide.
 */
export function validSidecar(raw: unknown): Sidecar | undefined {
  try {
    return checkRoot(raw);
  } catch (error) {
    if (error === LEFT_TO_ZOD) return undefined;
    throw error;
  }
}

function checkRoot(raw: unknown): Sidecar {
  const root = plainObject(raw);
  let order = 0;
  let ordered = true;
  for (const field in root) {
    const value = root[field];
    let index: number;
    switch (field) {
      case 'version':
        if (value !== 1) throw LEFT_TO_ZOD;
        index = 0;
        break;
      case 'sources':
        checkRecord(value, SOURCE_KEY_PATTERN, checkSource);
        index = 1;
        break;
      case 'entities':
        checkRecord(value, ENTITY_ID_PATTERN, checkEntity);
        index = 2;
        break;
      case 'claims':
        checkItems(value, checkClaim);
        index = 3;
        break;
      case 'accepted':
        checkItems(value, checkAccepted);
        index = 4;
        break;
      default:
        throw LEFT_TO_ZOD;
    }
    if (index < order) ordered = false;
    order = index;
  }
  // Defaults come after the fields written, in the schema's order; a written field after a missing one means
  // the object must be rebuilt in the schema's order.
  if (root.sources === undefined) ordered = addDefault(root, 'sources', {}, order, 1) && ordered;
  if (root.entities === undefined) ordered = addDefault(root, 'entities', {}, order, 2) && ordered;
  if (root.claims === undefined) ordered = addDefault(root, 'claims', [], order, 3) && ordered;
  if (root.accepted === undefined) ordered = addDefault(root, 'accepted', [], order, 4) && ordered;
  return (ordered ? root : inOrder(root, ROOT_FIELDS)) as Sidecar;
}

/** Adds a default field; whether the object is still in the schema's order (the default's place is after the last field). */
function addDefault(record: Record<string, unknown>, field: string, value: unknown, lastWritten: number, index: number): boolean {
  record[field] = value;
  return index > lastWritten;
}

/** A copy of `record` with its fields in `fields`' order (the rare file that writes them in another order). */
function inOrder(record: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  const ordered: Record<string, unknown> = {};
  for (const field of fields) if (field in record) ordered[field] = record[field];
  return ordered;
}

function plainObject(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Object.getPrototypeOf(value) !== Object.prototype) throw LEFT_TO_ZOD;
  return value as Record<string, unknown>;
}

/** A map of entries whose keys must match `keyPattern`; each entry is checked (and replaced) by `check`. */
function checkRecord(value: unknown, keyPattern: RegExp, check: (entry: unknown) => unknown): void {
  const record = plainObject(value);
  // Object.keys rather than for-in, and a store only for an entry rebuilt in the schema's order: a map of
  // thousands of entities is a dictionary, where for-in looks every key up again and each store hashes it.
  const keys = Object.keys(record);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (key === '__proto__' || !keyPattern.test(key)) throw LEFT_TO_ZOD;
    const entry = record[key];
    const checked = check(entry);
    if (checked !== entry) record[key] = checked;
  }
}

/** An array whose items are checked (and replaced) by `check`. */
function checkItems(value: unknown, check: (item: unknown) => unknown): void {
  if (!Array.isArray(value)) throw LEFT_TO_ZOD;
  for (let i = 0; i < value.length; i++) {
    const item = value[i];
    const checked = check(item);
    if (checked !== item) value[i] = checked;
  }
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

function checkSource(value: unknown): unknown {
  const source = plainObject(value);
  let order = -1;
  let ordered = true;
  for (const field in source) {
    const fieldValue = source[field];
    let index: number;
    switch (field) {
      case 'title':
        source.title = nonEmptyText(fieldValue);
        index = 0;
        break;
      case 'author':
        source.author = typeof fieldValue === 'string' ? nonEmptyText(fieldValue) : nonEmptyTexts(fieldValue, true);
        index = 1;
        break;
      case 'publisher':
        source.publisher = nonEmptyText(fieldValue);
        index = 2;
        break;
      case 'date':
        source.date = partialDate(fieldValue);
        index = 3;
        break;
      case 'url':
        httpUrl(fieldValue);
        index = 4;
        break;
      case 'archive':
        httpUrl(fieldValue);
        index = 5;
        break;
      case 'accessed':
        source.accessed = partialDate(fieldValue);
        index = 6;
        break;
      case 'quotes':
        nonEmptyTexts(fieldValue, false);
        index = 7;
        break;
      case 'note':
        text(fieldValue);
        index = 8;
        break;
      default:
        throw LEFT_TO_ZOD;
    }
    if (index < order) ordered = false;
    order = index;
  }
  if (source.title === undefined) throw LEFT_TO_ZOD; // required: zod says where
  return ordered ? source : inOrder(source, SOURCE_FIELDS);
}

const KNOWN_ENTITY_KINDS: ReadonlySet<string> = new Set(ENTITY_KINDS);

function checkEntity(value: unknown): unknown {
  const entity = plainObject(value);
  let order = -1;
  let ordered = true;
  for (const field in entity) {
    const fieldValue = entity[field];
    let index: number;
    switch (field) {
      case 'name':
        entity.name = nonEmptyText(fieldValue);
        index = 0;
        break;
      case 'kind':
        if (!KNOWN_ENTITY_KINDS.has(fieldValue as string)) throw LEFT_TO_ZOD;
        index = 1;
        break;
      case 'aliases':
        nonEmptyTexts(fieldValue, false);
        index = 2;
        break;
      case 'description':
        text(fieldValue);
        index = 3;
        break;
      case 'sources':
        if (!Array.isArray(fieldValue)) throw LEFT_TO_ZOD;
        for (const key of fieldValue) text(key);
        index = 4;
        break;
      default:
        throw LEFT_TO_ZOD;
    }
    if (index < order) ordered = false;
    order = index;
  }
  if (entity.name === undefined || entity.kind === undefined) throw LEFT_TO_ZOD;
  return ordered ? entity : inOrder(entity, ENTITY_FIELDS);
}

const KNOWN_CLAIM_STATUSES: ReadonlySet<string> = new Set(CLAIM_STATUSES);

function checkClaim(value: unknown): unknown {
  const claim = plainObject(value);
  let order = -1;
  let ordered = true;
  for (const field in claim) {
    const fieldValue = claim[field];
    let index: number;
    switch (field) {
      case 'text':
        claim.text = nonEmptyText(fieldValue);
        index = 0;
        break;
      case 'prefix':
        text(fieldValue);
        index = 1;
        break;
      case 'suffix':
        text(fieldValue);
        index = 2;
        break;
      case 'sources':
        checkItems(fieldValue, checkSourceRef);
        index = 3;
        break;
      case 'status':
        if (!KNOWN_CLAIM_STATUSES.has(fieldValue as string)) throw LEFT_TO_ZOD;
        index = 4;
        break;
      case 'note':
        text(fieldValue);
        index = 5;
        break;
      case 'reviewer':
        text(fieldValue);
        index = 6;
        break;
      case 'reviewed':
        claim.reviewed = partialDate(fieldValue);
        index = 7;
        break;
      case 'fingerprint':
        text(fieldValue);
        index = 8;
        break;
      default:
        throw LEFT_TO_ZOD;
    }
    if (index < order) ordered = false;
    order = index;
  }
  if (claim.text === undefined) throw LEFT_TO_ZOD;
  if (claim.sources === undefined) ordered = addDefault(claim, 'sources', [], order, 3) && ordered;
  if (claim.status === undefined) ordered = addDefault(claim, 'status', 'unverified', order, 4) && ordered;
  return ordered ? claim : inOrder(claim, CLAIM_FIELDS);
}

/** `ClaimSourceRefSchema`: a non-empty source key, or `{ source, locator?, quote? }`. */
function checkSourceRef(value: unknown): unknown {
  if (typeof value === 'string') {
    if (value.length === 0) throw LEFT_TO_ZOD;
    return value;
  }
  const ref = plainObject(value);
  let order = -1;
  let ordered = true;
  for (const field in ref) {
    let index: number;
    switch (field) {
      case 'source':
        if (text(ref.source).length === 0) throw LEFT_TO_ZOD;
        index = 0;
        break;
      case 'locator':
        text(ref.locator);
        index = 1;
        break;
      case 'quote':
        text(ref.quote);
        index = 2;
        break;
      default:
        throw LEFT_TO_ZOD;
    }
    if (index < order) ordered = false;
    order = index;
  }
  if (ref.source === undefined) throw LEFT_TO_ZOD;
  return ordered ? ref : inOrder(ref, SOURCE_REF_FIELDS);
}

function checkAccepted(value: unknown): unknown {
  const accepted = plainObject(value);
  let order = -1;
  let ordered = true;
  for (const field in accepted) {
    let index: number;
    switch (field) {
      case 'text':
        accepted.text = nonEmptyText(accepted.text);
        index = 0;
        break;
      case 'reason':
        text(accepted.reason);
        index = 1;
        break;
      default:
        throw LEFT_TO_ZOD;
    }
    if (index < order) ordered = false;
    order = index;
  }
  if (accepted.text === undefined) throw LEFT_TO_ZOD;
  return ordered ? accepted : inOrder(accepted, ACCEPTED_FIELDS);
}
