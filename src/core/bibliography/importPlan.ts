/**
 * Importing a bibliography into a sidecar: which entries are new, which already exist (the same or with other
 * fields), which cannot be imported and why; and, once every conflict has a decision, the edited sidecar text.
 * Existing entries are never replaced unless the caller decided so for that key.
 */
import { addSources, applySidecarEdits, replaceSources, sidecarEditProblem } from '../sidecar/edits';
import { loadSidecar } from '../sidecar/load';
import type { Source } from '../sidecar/schema';
import type { Span } from '../types';
import type { BibliographyEntry } from './bibliography';

/** An entry that can be imported. */
export interface ImportCandidate {
  key: string;
  source: Source;
  /** Where the entry is in the bibliography file. */
  span: Span;
  /** Fields left out because they do not fit the sidecar format. */
  dropped: string[];
}

/** An entry whose key the sidecar already defines with other fields. */
export interface ImportConflict extends ImportCandidate {
  existing: Source;
}

/** An entry that cannot be imported, and why. */
export interface InvalidImport {
  key: string;
  span: Span;
  reason: string;
}

/** What an import would do before anything is written. */
export interface ImportPlan {
  additions: ImportCandidate[];
  conflicts: ImportConflict[];
  /** Keys the sidecar already has with exactly the imported fields: nothing to do. */
  unchanged: string[];
  invalid: InvalidImport[];
}

/** What to do with one conflicting key. */
export type ConflictDecision = { action: 'keep' } | { action: 'replace' } | { action: 'rename'; key: string };

/** The outcome of an import: the new sidecar text and what happened to each key. */
export interface ImportOutcome {
  text: string;
  added: string[];
  replaced: string[];
  /** Imported under a new key because the old one was taken. */
  renamed: Array<{ from: string; to: string }>;
  /** Conflicts where the existing entry was kept. */
  kept: string[];
}

/** Sorts the entries of a bibliography against the sources a sidecar already has; never throws. */
export function planImport(sidecarText: string, entries: readonly BibliographyEntry[]): ImportPlan {
  const existing = sidecarText.trim() ? loadSidecar('sidecar.sources.yaml', sidecarText).usable.sources : {};
  const plan: ImportPlan = { additions: [], conflicts: [], unchanged: [], invalid: [] };
  const seen = new Set<string>();
  for (const entry of entries) {
    if (entry.keyProblem) {
      plan.invalid.push({ key: entry.key, span: entry.keySpan, reason: entry.keyProblem });
      continue;
    }
    if (seen.has(entry.key)) {
      plan.invalid.push({ key: entry.key, span: entry.keySpan, reason: 'the key is defined earlier in the same file; only the first is imported' });
      continue;
    }
    seen.add(entry.key);
    if (!entry.mapped.source) {
      plan.invalid.push({ key: entry.key, span: entry.span, reason: entry.mapped.refused ?? 'it cannot be mapped to a source' });
      continue;
    }
    const candidate: ImportCandidate = { key: entry.key, source: entry.mapped.source, span: entry.span, dropped: entry.mapped.dropped };
    const current = Object.prototype.hasOwnProperty.call(existing, entry.key) ? existing[entry.key] : undefined;
    if (current === undefined) plan.additions.push(candidate);
    else if (isDeepStrictEqualJson(current, candidate.source)) plan.unchanged.push(entry.key);
    else plan.conflicts.push({ ...candidate, existing: current });
  }
  return plan;
}

/** A key not in `taken`, made from `key` with a numeric suffix: `fdd-2022` → `fdd-2022-2`. */
export function freeKey(key: string, taken: ReadonlySet<string>): string {
  for (let n = 2; ; n++) {
    const candidate = `${key}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/**
 * Applies a plan to the sidecar text: every addition, and for each conflict its decision (a conflict without one
 * is kept). Comments, key order and layout of the file are kept; new entries go at the end of `sources`.
 * Returns undefined with the reason when the sidecar cannot be edited safely (a YAML error).
 */
export function applyImport(
  sidecarText: string,
  plan: ImportPlan,
  decide: (conflict: ImportConflict) => ConflictDecision | undefined,
): ImportOutcome | { problem: string } {
  const problem = sidecarText.trim() ? sidecarEditProblem(sidecarText) : undefined;
  if (problem) return { problem };
  const outcome: ImportOutcome = { text: sidecarText, added: [], replaced: [], renamed: [], kept: [] };
  const fresh: Record<string, Source> = {};
  const taken = new Set<string>([...Object.keys(loadSidecar('sidecar.sources.yaml', sidecarText).usable.sources), ...plan.additions.map((entry) => entry.key)]);
  for (const addition of plan.additions) {
    fresh[addition.key] = addition.source;
    outcome.added.push(addition.key);
  }
  const replacements: ImportConflict[] = [];
  for (const conflict of plan.conflicts) {
    const decision = decide(conflict) ?? { action: 'keep' };
    if (decision.action === 'replace') replacements.push(conflict);
    else if (decision.action === 'rename' && decision.key && !taken.has(decision.key)) {
      taken.add(decision.key);
      fresh[decision.key] = conflict.source;
      outcome.renamed.push({ from: conflict.key, to: decision.key });
    } else outcome.kept.push(conflict.key);
  }
  let text = sidecarText.trim() ? sidecarText : '';
  if (replacements.length > 0) {
    const edits = replaceSources(text, Object.fromEntries(replacements.map((conflict) => [conflict.key, conflict.source])));
    text = applySidecarEdits(text, edits);
    // An entry that could not be located (written as a scalar, say) stays as it was and is reported as kept.
    const now = loadSidecar('sidecar.sources.yaml', text).usable.sources;
    for (const conflict of replacements) {
      const done = Object.prototype.hasOwnProperty.call(now, conflict.key) && isDeepStrictEqualJson(now[conflict.key], conflict.source);
      (done ? outcome.replaced : outcome.kept).push(conflict.key);
    }
  }
  if (Object.keys(fresh).length > 0) text = applySidecarEdits(text, addSources(text, fresh));
  outcome.text = text.length === 0 && sidecarText.length > 0 ? sidecarText : text;
  return outcome;
}

/** Whether two JSON-like values are equal; key order does not matter. */
function isDeepStrictEqualJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  return keysA.every((key) => Object.prototype.hasOwnProperty.call(b, key) && isDeepStrictEqualJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}
