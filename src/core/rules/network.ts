/**
 * Rules whose findings need the network: only `sourced check-links` and the editor's "Check Source Links"
 * command produce them, never `sourced lint` or the live analysis (a linter that phones out on every keystroke
 * would leak what a writer is researching, and be slow and flaky). They share the rule ids, severities and
 * documentation of the lint rules in RULES; their checks live in src/core/links/.
 */
import type { RuleId } from './ids';

/** A rule that only a link check produces: its id and its one-sentence description. */
export interface NetworkRule {
  id: RuleId;
  description: string;
}

export const NETWORK_RULES: readonly NetworkRule[] = [
  {
    id: 'link-broken',
    description: "A source's url or archive does not answer: 404 or 410, a server error, an unknown host or a timeout.",
  },
  {
    id: 'link-no-archive',
    description: 'A source has a url but no archived copy to fall back on when the page changes or disappears.',
  },
];

/** Whether `id` names a rule that only a link check produces. */
export function isNetworkRule(id: string): boolean {
  return NETWORK_RULES.some((rule) => rule.id === id);
}
