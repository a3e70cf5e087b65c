/**
 * The shape of a fully analysed draft: everything the rules, the CLI and the editor features read.
 * Built by `analyzeDocument` in lint.ts; the editor keeps the latest one per document.
 */
import type { LineIndex } from './text/lineIndex';
import type { Citation, MarkdownAnalysis } from './markdown/types';
import type { Accepted, Claim, Entity, EntityKind, Source } from './sidecar/schema';
import type { Span } from './types';

/** Where a catalog entry was defined: which sidecar or registry file, and the spans of its key and its value. */
export interface Origin {
  uri: string;
  /** The key (`fdd-2022:`) in the YAML file. */
  keySpan: Span;
  /** The whole entry (key and value). */
  span: Span;
}

export interface SourceRecord {
  key: string;
  source: Source;
  origin: Origin;
}

export interface EntityRecord {
  id: string;
  entity: Entity;
  origin: Origin;
}

export interface ClaimRecord {
  /** Position of the claim in its sidecar's `claims` list. */
  index: number;
  claim: Claim;
  origin: Origin;
}

export interface AcceptedRecord {
  index: number;
  accepted: Accepted;
  origin: Origin;
}

/** Everything a draft can refer to: its own sidecar merged with the project's shared registries. */
export interface Catalog {
  sources: Map<string, SourceRecord>;
  entities: Map<string, EntityRecord>;
  /** Claims and accepted sentences come from the draft's own sidecar only. */
  claims: ClaimRecord[];
  accepted: AcceptedRecord[];
  /** The draft's own sidecar, when it has one. */
  sidecarUri?: string;
}

export interface EntityMention {
  entityId: string;
  kind: EntityKind;
  /** Span in the draft. */
  span: Span;
  /** The text as written in the draft. */
  matched: string;
  /** The catalog spelling (name or alias) that matched, for hovers. */
  name: string;
}

export type AnchorStatus = 'exact' | 'moved' | 'fuzzy' | 'ambiguous' | 'orphaned';

export interface ClaimAnchor {
  claimIndex: number;
  status: AnchorStatus;
  /** Where the claim is attached now (absent when orphaned; the best candidate when ambiguous). */
  span?: Span;
  /**
   * Similarity 0..1 of the attached text to the claim's text: 1 for exact, moved and ambiguous repeated text;
   * the fuzzy score for fuzzy (and for ambiguous, equally similar edited passages); for orphaned, the best
   * similarity seen below the threshold (0 if none).
   */
  score: number;
  /** For ambiguous anchors: every equally good place. */
  candidates?: Span[];
}

/** Why a sentence reads as a checkable fact, in words a writer understands. */
export interface AssertionCue {
  /** Stable name of the cue: 'number', 'date', 'attribution', 'quotation', 'comparison', 'causal', 'actor-action', … */
  kind: string;
  /** The words of the finding's message: `gives a number: "40 passengers"`. */
  label: string;
  /** The triggering words, in the draft. */
  span: Span;
}

export interface SentenceInfo {
  /** The sentence in the draft, from its first visible character through trailing citation markers. */
  span: Span;
  /** The visible text of the sentence (markup removed, placeholders kept). */
  text: string;
  blockIndex: number;
  citations: Citation[];
  /** Indices of sidecar claims anchored (exact, moved or fuzzy) inside or over this sentence. */
  claimIndices: number[];
  /** Index in `accepted` when the sentence was accepted without a source. */
  acceptedIndex?: number;
  /** Present when the detector judged the sentence a checkable assertion. */
  assertion?: { confidence: number; cues: AssertionCue[] };
}

export interface DocumentAnalysis {
  uri: string;
  text: string;
  lines: LineIndex;
  markdown: MarkdownAnalysis;
  catalog: Catalog;
  mentions: EntityMention[];
  claimAnchors: ClaimAnchor[];
  sentences: SentenceInfo[];
}
