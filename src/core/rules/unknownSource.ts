import { sidecarPathFor } from '../config';
import { claimSourceKey } from '../sidecar/schema';
import { originOf } from '../sidecar/load';
import { basename } from '../text/uri';
import { closestMatch } from '../text/similarity';
import type { Span } from '../types';
import type { Rule, RuleFinding } from './rule';

export const unknownSource: Rule = {
  id: 'unknown-source',
  description: 'A citation key (in the draft, a footnote, a claim or an entity) that no sidecar or shared registry defines.',
  check({ analysis, sidecar }) {
    const { catalog } = analysis;
    const findings: RuleFinding[] = [];
    const hint = (key: string): string => {
      const near = closestMatch(key, catalog.sources.keys());
      if (near) return ` Did you mean "${near}"?`;
      if (!sidecar) return ` The draft has no sidecar yet (${basename(sidecarPathFor(analysis.uri))}); create it with "sourced init" and add the source there.`;
      return ' Add it to the sidecar or to a shared registry.';
    };
    const inDraft = (key: string, span: Span): void => {
      if (catalog.sources.has(key)) return;
      findings.push({
        message: `Unknown source "${key}": no sidecar or registry defines it.${hint(key)}`,
        uri: analysis.uri,
        span,
        range: analysis.lines.rangeOf(span),
        data: { key, suggestion: closestMatch(key, catalog.sources.keys()) },
      });
    };
    for (const citation of analysis.markdown.citations) {
      for (const item of citation.items) if (citation.kind !== 'footnote') inDraft(item.key, item.keySpan);
    }
    for (const definition of analysis.markdown.footnoteDefinitions) {
      for (const item of definition.keys) inDraft(item.key, item.keySpan);
    }
    if (sidecar) {
      const inSidecar = (key: string, path: Array<string | number>, what: string): void => {
        const origin = originOf(sidecar, path);
        findings.push({
          message: `Unknown source "${key}" in ${what}: no sidecar or registry defines it.${hint(key)}`,
          uri: sidecar.uri,
          span: origin.span,
          range: sidecar.lines.rangeOf(origin.span),
          data: { key },
        });
      };
      // The path and the description are built only for an unknown key: a sidecar has thousands of known ones.
      const claims = sidecar.usable.claims;
      for (let index = 0; index < claims.length; index++) {
        const refs = claims[index].sources;
        for (let refIndex = 0; refIndex < refs.length; refIndex++) {
          const ref = refs[refIndex];
          const key = claimSourceKey(ref);
          if (catalog.sources.has(key)) continue;
          inSidecar(key, ['claims', index, 'sources', refIndex, ...(typeof ref === 'string' ? [] : ['source'])], `claim ${index + 1}`);
        }
      }
      for (const id of Object.keys(sidecar.usable.entities)) {
        const keys = sidecar.usable.entities[id].sources;
        if (!keys) continue;
        for (let refIndex = 0; refIndex < keys.length; refIndex++) {
          if (!catalog.sources.has(keys[refIndex])) inSidecar(keys[refIndex], ['entities', id, 'sources', refIndex], `entity "${id}"`);
        }
      }
    }
    return findings;
  },
};
