import { claimSourceKey } from '../sidecar/schema';
import { originOf } from '../sidecar/load';
import type { Rule } from './rule';

export const unusedSource: Rule = {
  id: 'unused-source',
  description: "A source in the draft's own sidecar that nothing uses: no citation in the draft, no claim and no entity refers to it. Shared registries are not checked.",
  check({ analysis, sidecar }) {
    if (!sidecar) return [];
    const used = new Set<string>();
    for (const citation of analysis.markdown.citations) for (const item of citation.items) used.add(item.key);
    for (const definition of analysis.markdown.footnoteDefinitions) for (const item of definition.keys) used.add(item.key);
    for (const claim of sidecar.usable.claims) for (const ref of claim.sources) used.add(claimSourceKey(ref));
    for (const entity of Object.values(sidecar.usable.entities)) for (const key of entity.sources ?? []) used.add(key);
    return Object.keys(sidecar.usable.sources)
      .filter((key) => !used.has(key))
      .map((key) => {
        const origin = originOf(sidecar, ['sources', key]);
        return {
          message: `Source "${key}" is never cited in the draft nor used by a claim or an entity. Cite it or remove it.`,
          uri: sidecar.uri,
          span: origin.keySpan,
          range: sidecar.lines.rangeOf(origin.keySpan),
          data: { key },
        };
      });
  },
};
