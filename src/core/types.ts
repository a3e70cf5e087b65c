/**
 * The vocabulary shared by every part of the engine. Offsets are UTF-16 code unit offsets into the text they
 * belong to (the same unit VS Code and JavaScript strings use); spans are half-open: [start, end).
 */

/** A half-open interval of UTF-16 offsets into one text. */
export interface Span {
  start: number;
  end: number;
}

/** Zero-based line and UTF-16 character, as in the Language Server Protocol. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export const SEVERITIES = ['error', 'warning', 'info', 'hint', 'off'] as const;
export type Severity = (typeof SEVERITIES)[number];
export type ReportedSeverity = Exclude<Severity, 'off'>;

/**
 * Lets a caller abandon work that is no longer wanted (the editor typed again). The engine checks it between
 * phases; a cancelled lint returns early with whatever it has, it never throws.
 */
export interface CancellationToken {
  readonly isCancellationRequested: boolean;
}

export const NEVER_CANCELLED: CancellationToken = Object.freeze({ isCancellationRequested: false });

/** A location in some file, for related information and the sidecar side of a finding. */
export interface Location {
  uri: string;
  span: Span;
  range: Range;
}

export interface RelatedInformation extends Location {
  message: string;
}

/** One problem found by a rule. Every output (CLI formats, editor diagnostics) is made from this. */
export interface Finding {
  ruleId: string;
  severity: ReportedSeverity;
  message: string;
  /** The file the finding is in: the draft, a sidecar or the project config. */
  uri: string;
  span: Span;
  range: Range;
  related?: RelatedInformation[];
  /** 0..1, for rules that are a judgement rather than a fact (uncited-assertion). */
  confidence?: number;
  /** Rule-specific facts that quick fixes and reports need (a cited key, a claim index, a sentence). */
  data?: Record<string, unknown>;
}


export function spansOverlap(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end;
}
