/**
 * The sidecar format, version 1. This zod schema is the single source of truth: the TypeScript types, the
 * validation messages and `schemas/sources.schema.json` (generated at build time) all come from it.
 * Documented for users in docs/sidecar.md; keep the two in step. validate.ts checks the same rules without zod
 * (for speed, on files that pass); its property test holds it to this schema, and a change here needs one there.
 */
import * as z from 'zod';

/** Keys as Pandoc accepts them: start with a letter, digit or `_`; `:./-_` allowed inside (`doi:10.1038/x`). */
export const SOURCE_KEY_PATTERN = /^[\p{L}\p{N}_](?:[\p{L}\p{N}_]|[:./\-_#$%&+?<>~](?=[\p{L}\p{N}_]))*$/u;
export const ENTITY_ID_PATTERN = /^[\p{L}\p{N}_][\p{L}\p{N}_.\-]*$/u;
/** A date as YYYY, YYYY-MM or YYYY-MM-DD (validate.ts checks it without zod too). */
export const PARTIAL_DATE_PATTERN = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/;
export const HTTP_URL_PATTERN = /^https?:\/\/\S+$/i;

/** The kinds of entity, in the order the editor lists them. */
export const ENTITY_KINDS = ['person', 'organization', 'place', 'vehicle', 'event', 'work', 'other'] as const;

/** A claim's review status, `unverified` until an editor reviews it. */
export const CLAIM_STATUSES = ['unverified', 'verified', 'disputed'] as const;

/**
 * The zod schemas, built on first use. Building them was a noticeable part of every process's start-up (zod
 * makes an object graph per schema and per `.describe`), and a lint whose sidecars pass `validSidecar`
 * (validate.ts) never uses them: only invalid files, salvaging, the JSON Schema and bibliography mapping do.
 * Each exported schema is a `z.lazy` of the built one, which zod treats as that schema (same parse, same
 * issues, same JSON Schema).
 */
let built: ReturnType<typeof buildSchemas> | undefined;
const schemas = () => (built ??= buildSchemas());

function buildSchemas() {
  /**
   * YYYY, YYYY-MM or YYYY-MM-DD. YAML 1.2 reads an unquoted 2022-07-06 as a string but an unquoted 2022 as a
   * number, so a whole year is accepted as a number too and becomes a string.
   */
  const PartialDate = z
    .union([
      z.string().regex(PARTIAL_DATE_PATTERN, 'expected a date as YYYY, YYYY-MM or YYYY-MM-DD'),
      z.number().int().min(1000).max(9999).transform(String),
    ])
    .describe('A date as YYYY, YYYY-MM or YYYY-MM-DD.');

  const HttpUrl = z
    .string()
    .regex(HTTP_URL_PATTERN, 'expected an http:// or https:// URL')
    .describe('An http(s) URL.');

  const NonEmptyText = z.string().trim().min(1, 'must not be empty');

  const SourceSchema = z
    .strictObject({
      title: NonEmptyText.describe('Title of the article, report, dataset or document.'),
      author: z
        .union([NonEmptyText, z.array(NonEmptyText).min(1)])
        .optional()
        .describe('Author or authors.'),
      publisher: NonEmptyText.optional().describe('Publisher, outlet or organisation.'),
      date: PartialDate.optional().describe('Publication date.'),
      url: HttpUrl.optional(),
      archive: HttpUrl.optional().describe('An archived copy (Wayback Machine, archive.today, perma.cc).'),
      accessed: PartialDate.optional().describe('When the writer last read the source.'),
      quotes: z.array(NonEmptyText).optional().describe('Excerpts kept for fact-checking.'),
      note: z.string().optional(),
    })
    .describe('A source the draft can cite as [@key].');

  const EntityKindSchema = z
    .enum(ENTITY_KINDS)
    .describe('What kind of thing the entity is; decides its highlight colour.');

  const EntitySchema = z
    .strictObject({
      name: NonEmptyText.describe('The name as the draft usually writes it.'),
      kind: EntityKindSchema,
      aliases: z.array(NonEmptyText).optional().describe('Other names, short forms and spellings that also mean it.'),
      description: z.string().optional(),
      sources: z.array(z.string()).optional().describe('Keys of sources about the entity.'),
    })
    .describe('A person, organisation, place, vehicle, event or work mentioned in the draft.');

  const ClaimSourceRefSchema = z.union([
    z.string().min(1).describe('A source key.'),
    z
      .strictObject({
        source: z.string().min(1),
        locator: z.string().optional().describe('Where in the source: "p. 4", "para. 12", "00:14:30".'),
        quote: z.string().optional().describe('The passage of the source that supports the claim.'),
      })
      .describe('A source key with a locator and/or a supporting quote.'),
  ]);

  const ClaimStatusSchema = z.enum(CLAIM_STATUSES);

  const ClaimSchema = z
    .strictObject({
      text: NonEmptyText.describe('The exact text of the draft the claim is attached to.'),
      prefix: z.string().optional().describe('Text just before it, to tell repeated text apart.'),
      suffix: z.string().optional().describe('Text just after it.'),
      sources: z.array(ClaimSourceRefSchema).default([]),
      status: ClaimStatusSchema.default('unverified'),
      note: z.string().optional(),
      reviewer: z.string().optional(),
      reviewed: PartialDate.optional(),
      fingerprint: z.string().optional().describe('Written by "Mark claim verified"; do not edit.'),
    })
    .describe('A claim anchored to text in the draft, with the sources that support it.');

  const AcceptedSchema = z
    .strictObject({
      text: NonEmptyText.describe('The sentence (or part of it) accepted without a source.'),
      reason: z.string().optional().describe('Why no source is needed: own analysis, common knowledge, rhetorical question.'),
    })
    .describe('A sentence accepted without a source.');

  const SidecarSchema = z
    .strictObject({
      version: z.literal(1).optional().describe('Format version; 1 when absent.'),
      sources: z.record(z.string().regex(SOURCE_KEY_PATTERN, 'not a valid citation key'), SourceSchema).default({}),
      entities: z.record(z.string().regex(ENTITY_ID_PATTERN, 'not a valid entity id'), EntitySchema).default({}),
      claims: z.array(ClaimSchema).default([]),
      accepted: z.array(AcceptedSchema).default([]),
    })
    .describe('Sources, entities and claims of one Markdown draft (Sourced sidecar, version 1).');

  return { SourceSchema, EntityKindSchema, EntitySchema, ClaimSourceRefSchema, ClaimStatusSchema, ClaimSchema, AcceptedSchema, SidecarSchema };
}

export const SourceSchema = z.lazy(() => schemas().SourceSchema);
export const EntityKindSchema = z.lazy(() => schemas().EntityKindSchema);
export const EntitySchema = z.lazy(() => schemas().EntitySchema);
export const ClaimSourceRefSchema = z.lazy(() => schemas().ClaimSourceRefSchema);
export const ClaimStatusSchema = z.lazy(() => schemas().ClaimStatusSchema);
export const ClaimSchema = z.lazy(() => schemas().ClaimSchema);
export const AcceptedSchema = z.lazy(() => schemas().AcceptedSchema);
export const SidecarSchema = z.lazy(() => schemas().SidecarSchema);

export type Source = z.infer<typeof SourceSchema>;
export type Entity = z.infer<typeof EntitySchema>;
export type EntityKind = z.infer<typeof EntityKindSchema>;
export type ClaimSourceRef = z.infer<typeof ClaimSourceRefSchema>;
export type ClaimStatus = z.infer<typeof ClaimStatusSchema>;
export type Claim = z.infer<typeof ClaimSchema>;
export type Accepted = z.infer<typeof AcceptedSchema>;
export type Sidecar = z.infer<typeof SidecarSchema>;


/** The key of a claim's source reference, whichever form it was written in. */
export function claimSourceKey(ref: ClaimSourceRef): string {
  return typeof ref === 'string' ? ref : ref.source;
}
