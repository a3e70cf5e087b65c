/**
 * What a rule is: a stable id, a one-line description for docs and `--help`, and a check over an analysed
 * draft. Rules report findings without severity; `lintDocument` applies the configured severity, drops rules
 * set to `off` and honours suppression comments.
 */
import type { DocumentAnalysis } from '../analysis';
import type { ResolvedSettings } from '../config';
import type { LoadedSidecar } from '../sidecar/load';
import type { Finding } from '../types';
import type { RuleId } from './ids';

/**
 * A finding as a rule reports it: lintDocument adds the rule's id and the configured severity. A rule may write both
 * itself (the uncited-assertion rule, with thousands of findings on a long draft, does): lintDocument then keeps
 * the object as it is instead of copying it into a new one.
 */
export type RuleFinding = Omit<Finding, 'severity' | 'ruleId'> & Partial<Pick<Finding, 'severity' | 'ruleId'>>;

export interface RuleContext {
  analysis: DocumentAnalysis;
  settings: ResolvedSettings;
  /** The draft's own sidecar, when it has one. */
  sidecar?: LoadedSidecar;
  registries: readonly LoadedSidecar[];
}

export interface Rule {
  id: RuleId;
  /** One sentence, shown in docs/rules.md, `sourced --help` and SARIF rule metadata. */
  description: string;
  check(context: RuleContext): RuleFinding[];
}
