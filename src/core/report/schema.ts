/**
 * The citation report's JSON format, version 1. This zod schema is the single source of truth: the TypeScript
 * types, `sourced report --format json` and the messages the report panel receives are all this shape, and the
 * panel validates what it is sent against it. Documented for users in docs/editors-desk.md; add fields, never
 * rename them.
 */
import * as z from 'zod';

export const REPORT_FORMAT = 'sourced-citation-report';
export const REPORT_VERSION = 1;

const Count = z.number().int().min(0);

const PositionSchema = z.strictObject({ line: Count, character: Count });

/** Zero-based line and UTF-16 character, as in the Language Server Protocol and VS Code. */
export const RangeSchema = z.strictObject({ start: PositionSchema, end: PositionSchema });

/** A place a row of the report points at: a range of the draft, its sidecar or a shared registry. */
export const ReportTargetSchema = z.strictObject({
  uri: z.string().min(1),
  range: RangeSchema,
  /** 1-based line, for people reading the Markdown or JSON output. */
  line: z.number().int().min(1),
});

export const ClaimReportStatusSchema = z.enum(['verified', 'disputed', 'unverified']);

export const ReportClaimSchema = z.strictObject({
  /** Position in the sidecar's `claims` list (0-based). */
  index: Count,
  text: z.string(),
  status: ClaimReportStatusSchema,
  /** True when a `claim-stale` finding says the text or a cited source changed after verification. */
  stale: z.boolean(),
  /** Why it is stale: the finding's message. */
  staleReason: z.string().optional(),
  /** How the claim attaches to the draft now. */
  anchor: z.enum(['exact', 'moved', 'fuzzy', 'ambiguous', 'orphaned']),
  sources: z.array(z.string()),
  reviewer: z.string().optional(),
  reviewed: z.string().optional(),
  note: z.string().optional(),
  /** The anchored text in the draft, or the claim in the sidecar when it attaches nowhere. */
  target: ReportTargetSchema.optional(),
});

export const ReportSourceSchema = z.strictObject({
  key: z.string(),
  title: z.string(),
  authors: z.array(z.string()),
  publisher: z.string().optional(),
  date: z.string().optional(),
  accessed: z.string().optional(),
  url: z.string().optional(),
  archive: z.string().optional(),
  hasArchive: z.boolean(),
  /** Citations of the key in the draft (a footnote reference that names it counts once per reference). */
  citations: Count,
  /** Sidecar claims that name the key. */
  claims: Count,
  /** `citations + claims`: how often the draft rests on the source. */
  timesCited: Count,
  /** Defined in the draft's own sidecar and used by nothing: no citation, claim or entity. */
  unused: z.boolean(),
  /** Defined in a shared registry rather than the draft's own sidecar. */
  fromRegistry: z.boolean(),
  /** The definition of the source (its key in the YAML file). */
  target: ReportTargetSchema.optional(),
});

export const ReportUncitedSchema = z.strictObject({
  /** The sentence as a reader sees it (markup removed). */
  text: z.string(),
  /** Why it reads as a checkable fact: the detector's cues ("gives a number: \"40 passengers\""). */
  reasons: z.array(z.string()),
  /** The uncited-assertion finding's message, when the rule reported it. */
  message: z.string().optional(),
  severity: z.enum(['error', 'warning', 'info', 'hint']).optional(),
  /** The detector's confidence, 0..1. */
  confidence: z.number().min(0).max(1),
  target: ReportTargetSchema,
});

export const ReportEntitySchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  kind: z.string(),
  mentionCount: Count,
  /** 1-based lines of the mentions, ascending, each once. */
  lines: z.array(z.number().int().min(1)),
  /** Every mention, in document order. */
  mentions: z.array(ReportTargetSchema),
});

export const ReportProblemSchema = z.strictObject({
  ruleId: z.string(),
  severity: z.enum(['error', 'warning', 'info', 'hint']),
  count: Count,
});

export const CitationReportSchema = z.strictObject({
  format: z.literal(REPORT_FORMAT),
  version: z.literal(REPORT_VERSION),
  draft: z.strictObject({ uri: z.string(), name: z.string() }),
  /** ISO 8601 time the report was made; absent when the caller wants byte-identical output. */
  generatedAt: z.string().optional(),
  summary: z.strictObject({
    /** Sentences judged checkable assertions. */
    assertions: Count,
    /** Of those, with a citation or a sourced claim. */
    cited: Count,
    /** Of those, with neither. */
    uncited: Count,
    /** Of those, accepted without a source or silenced by a comment: not counted in the share. */
    excused: Count,
    /** Rounded `cited / (cited + uncited)` in percent; null when the draft makes no assertion. */
    citedPercent: z.number().int().min(0).max(100).nullable(),
    claims: z.strictObject({ total: Count, verified: Count, disputed: Count, unverified: Count, stale: Count }),
    sources: z.strictObject({ total: Count, used: Count, unused: Count, withoutArchive: Count }),
    entities: z.strictObject({ mentioned: Count, mentions: Count }),
  }),
  claims: z.array(ReportClaimSchema),
  sources: z.array(ReportSourceSchema),
  uncited: z.array(ReportUncitedSchema),
  entities: z.array(ReportEntitySchema),
  /** Open findings by rule, most severe first: what still blocks publication. */
  problems: z.array(ReportProblemSchema),
});

export type ReportTarget = z.infer<typeof ReportTargetSchema>;
export type ReportClaim = z.infer<typeof ReportClaimSchema>;
export type ReportSource = z.infer<typeof ReportSourceSchema>;
export type ReportUncited = z.infer<typeof ReportUncitedSchema>;
export type ReportEntity = z.infer<typeof ReportEntitySchema>;
export type ReportProblem = z.infer<typeof ReportProblemSchema>;
export type CitationReport = z.infer<typeof CitationReportSchema>;
