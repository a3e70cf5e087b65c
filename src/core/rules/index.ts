/**
 * The rule registry: every rule, in the order their findings are produced. `RULE_IDS` (ids.ts) lists the same
 * ids; a unit test checks the two agree and that docs/rules.md documents each.
 */
import { claimAmbiguous, claimFuzzy, claimOrphaned } from './claims';
import { claimDisputed } from './claimDisputed';
import { claimStale } from './claimStale';
import { footnoteUndefined, footnoteUnused } from './footnotes';
import type { Rule } from './rule';
import { sidecarSchema, sidecarSyntax } from './sidecarProblems';
import { uncitedAssertion } from './uncitedAssertion';
import { unknownSource } from './unknownSource';
import { unusedSource } from './unusedSource';

export const RULES: readonly Rule[] = [
  uncitedAssertion,
  unknownSource,
  unusedSource,
  claimOrphaned,
  claimFuzzy,
  claimAmbiguous,
  claimStale,
  claimDisputed,
  sidecarSyntax,
  sidecarSchema,
  footnoteUndefined,
  footnoteUnused,
];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((rule) => rule.id === id);
}
