/** Problems in the draft's own sidecar file, reported at their exact line and column in the YAML. */
import { problemsToFindings } from '../sidecar/yamlFile';
import type { Rule, RuleContext } from './rule';

function sidecarProblems(context: RuleContext, ruleId: 'sidecar-syntax' | 'sidecar-schema') {
  if (!context.sidecar) return [];
  return problemsToFindings(context.sidecar)
    .filter((finding) => finding.ruleId === ruleId)
    .map(({ ruleId: _ruleId, ...finding }) => finding);
}

export const sidecarSyntax: Rule = {
  id: 'sidecar-syntax',
  description: 'The sidecar (or a shared registry, or the project config) is not readable YAML: a syntax error, a duplicate key, too many alias expansions, a binary or oversized file.',
  check: (context) => sidecarProblems(context, 'sidecar-syntax'),
};

export const sidecarSchema: Rule = {
  id: 'sidecar-schema',
  description: 'The sidecar (or a shared registry, or the project config) is valid YAML but does not follow the format: an unknown key, a missing title, a malformed date or URL, an unknown entity kind.',
  check: (context) => sidecarProblems(context, 'sidecar-schema'),
};
