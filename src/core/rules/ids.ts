/**
 * The stable rule ids. They appear in every output (CLI, SARIF, editor diagnostics, suppression comments and
 * configuration), so a rename is a breaking change: add, never rename.
 */
export const RULE_IDS = [
  'uncited-assertion',
  'unknown-source',
  'unused-source',
  'claim-orphaned',
  'claim-fuzzy',
  'claim-ambiguous',
  'claim-stale',
  'claim-disputed',
  'sidecar-syntax',
  'sidecar-schema',
  'footnote-undefined',
  'footnote-unused',
  // Network rules (rules/network.ts): produced only by `sourced check-links` and "Check Source Links".
  'link-broken',
  'link-no-archive',
] as const;

export type RuleId = (typeof RULE_IDS)[number];

export function isRuleId(value: string): value is RuleId {
  return (RULE_IDS as readonly string[]).includes(value);
}

/** Where each rule's documentation lives; diagnostics link to it. */
export const RULES_DOCS_BASE = 'https://github.com/sourced-md/sourced/blob/main/docs/rules.md';

export function ruleDocsUrl(id: string): string {
  return `${RULES_DOCS_BASE}#${id}`;
}
