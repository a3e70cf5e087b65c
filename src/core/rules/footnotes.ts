/** Footnote references and definitions that do not pair up. */
import type { Rule } from './rule';

export const footnoteUndefined: Rule = {
  id: 'footnote-undefined',
  description: 'A footnote reference [^label] with no definition [^label]: … in the draft.',
  check({ analysis }) {
    const defined = new Set(analysis.markdown.footnoteDefinitions.map((definition) => definition.label));
    return analysis.markdown.footnoteReferences
      .filter((reference) => !defined.has(reference.label))
      .map((reference) => ({
        message: `Footnote [^${reference.label}] has no definition. Add "[^${reference.label}]: …" with its source, or remove the reference.`,
        uri: analysis.uri,
        span: reference.span,
        range: analysis.lines.rangeOf(reference.span),
        data: { label: reference.label },
      }));
  },
};

export const footnoteUnused: Rule = {
  id: 'footnote-unused',
  description: 'A footnote definition [^label]: … that no reference [^label] in the draft points to.',
  check({ analysis }) {
    const referenced = new Set(analysis.markdown.footnoteReferences.map((reference) => reference.label));
    return analysis.markdown.footnoteDefinitions
      .filter((definition) => !referenced.has(definition.label))
      .map((definition) => ({
        message: `Footnote [^${definition.label}] is defined but never referenced; its source supports nothing in the text.`,
        uri: analysis.uri,
        span: definition.labelSpan,
        range: analysis.lines.rangeOf(definition.labelSpan),
        data: { label: definition.label },
      }));
  },
};
