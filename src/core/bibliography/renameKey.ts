/**
 * Renaming a citation key where a bibliography defines it: the BibTeX key of `@article{smith2020,`, the `"id"` of a
 * CSL-JSON item, or the `id:` of a CSL YAML item (a `.yaml` file or a draft's inline `references:`). The citations
 * are the caller's business; this is the one edit inside the bibliography, written so that the file reads back
 * with the new key.
 */
import type { Span } from '../types';
import type { BibliographyFormat } from './bibliography';

/** One replacement in the bibliography's text. */
export interface BibliographyKeyEdit {
  span: Span;
  newText: string;
}

/** YAML reads these plain scalars as booleans or null, not as strings. */
const YAML_NON_STRINGS = /^(?:true|false|yes|no|on|off|y|n|null|~)$/i;
/** A plain YAML scalar that is surely a string: no number, no indicator, nothing YAML 1.1 or 1.2 could reinterpret. */
const YAML_PLAIN_STRING = /^[\p{L}_][\p{L}\p{N}_-]*$/u;

/**
 * The edit that renames the key written at `keySpan` (the key itself, inside any quotes) from `oldKey` to
 * `newKey`, or a problem when the text there is not `oldKey` any more (the file changed since it was read).
 * `newKey` must already be a valid citation key (`SOURCE_KEY_PATTERN`): such a key needs no escaping in JSON or
 * BibTeX. Never throws.
 */
export function bibliographyKeyEdit(
  text: string,
  format: BibliographyFormat,
  keySpan: Span,
  oldKey: string,
  newKey: string,
): BibliographyKeyEdit | { problem: string } {
  if (keySpan.start < 0 || keySpan.end > text.length || text.slice(keySpan.start, keySpan.end) !== oldKey) {
    return { problem: `the file no longer has the key "${oldKey}" where it was read; save it and try again` };
  }
  if (format !== 'csl-yaml') return { span: keySpan, newText: newKey };
  const before = text[keySpan.start - 1];
  const quoted = (before === '"' || before === "'") && text[keySpan.end] === before;
  // A plain scalar that YAML would read as a number, a boolean or with an indicator (`a:b` is fine, `1e3` is not)
  // is written quoted, so the id stays the string the citations use.
  if (quoted || (YAML_PLAIN_STRING.test(newKey) && !YAML_NON_STRINGS.test(newKey))) return { span: keySpan, newText: newKey };
  return { span: keySpan, newText: `"${newKey}"` };
}
