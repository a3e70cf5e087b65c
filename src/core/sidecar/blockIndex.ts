/**
 * Positions of the entries of one top-level section of a block-style YAML file, found by scanning lines rather
 * than building yaml's Document (which costs half a second for a registry of thousands of entities). The result
 * is used only when the keys it finds are exactly the keys the parsed data has, in order; anything unusual
 * (flow style, anchors, multi-line keys) makes the caller fall back to the Document.
 */
import type { Span } from '../types';

export interface ScannedEntry {
  key: string;
  keySpan: Span;
  /** From the key (or the item's first character) to the end of the entry's last line of content. */
  span: Span;
}

const BLANK_OR_COMMENT = /^[ \t]*(#.*)?$/;

function unquoteKey(raw: string): string | undefined {
  if (raw.startsWith('"')) return raw.endsWith('"') && !raw.includes('\\') ? raw.slice(1, -1) : undefined;
  if (raw.startsWith("'")) return raw.endsWith("'") ? raw.slice(1, -1).replace(/''/g, "'") : undefined;
  return raw;
}

/** Entries of `section` (a map or a sequence at the top level), or undefined when the layout is not plain block style. */
export function scanBlockSection(text: string, section: string, kind: 'map' | 'seq'): ScannedEntry[] | undefined {
  // Lines are read as offsets, and only the section's own lines are cut out of the text: a sidecar is scanned
  // once per section, and a copy of every line of a 20,000-line file each time was most of the scan's cost.
  // The header is the first line that is "section:", perhaps with spaces and a comment, before an optional CR;
  // one native search finds it (a loop over the lines before it was half the scan's cost). `[^\n\r\u2028\u2029]`
  // is what `.` matches.
  const header = new RegExp(`(?:^|\\n)${section}:[ \\t]*(?:#[^\\n\\r\\u2028\\u2029]*)?(?=\\r?\\n|\\r?$)`, 'g');
  const found = header.exec(text);
  if (found === null) return undefined;
  const start = found.index + (text.charCodeAt(found.index) === 10 ? 1 : 0);

  const entries: ScannedEntry[] = [];
  let childIndent = -1;
  let lastContentEnd = -1;
  const close = () => {
    const last = entries[entries.length - 1];
    if (last && lastContentEnd > last.span.start) last.span.end = lastContentEnd;
  };
  let newline = text.indexOf('\n', start);
  while (newline >= 0) {
    const lineStart = newline + 1;
    newline = text.indexOf('\n', lineStart);
    const lineEnd = contentEndOf(text, lineStart, newline < 0 ? text.length : newline);
    // Read by character codes, and cut out only for an entry's first line: this runs for every line of the section.
    let column = lineStart;
    while (column < lineEnd && text.charCodeAt(column) === 32) column++;
    const first = column < lineEnd ? text.charCodeAt(column) : -1;
    // Only a line with nothing, a tab or "#" after its spaces may be blank or a comment.
    if ((first === -1 || first === 9 || first === 35) && BLANK_OR_COMMENT.test(text.slice(lineStart, lineEnd))) continue;
    if (first === 9) return undefined; // a tab in the indentation
    const indent = column - lineStart;
    const afterDash = column + 1 < lineEnd ? text.charCodeAt(column + 1) : -1;
    const isItem = kind === 'seq' && first === 45 && (afterDash === -1 || afterDash === 32 || afterDash === 9);
    if (childIndent < 0) {
      if (indent === 0 && !isItem) break; // the section is empty
      childIndent = indent;
    }
    if (indent < childIndent || (indent === childIndent && childIndent === 0 && !isItem)) break;
    if (indent === childIndent) {
      close();
      const line = text.slice(lineStart, lineEnd);
      if (kind === 'seq') {
        if (!isItem) return undefined;
        const contentStart = lineStart + indent + 1 + (line.slice(indent + 1).length - line.slice(indent + 1).trimStart().length);
        const itemSpan = { start: contentStart, end: lineEnd };
        entries.push({ key: String(entries.length), keySpan: itemSpan, span: { ...itemSpan } });
      } else {
        const match = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"&*!|>%@`{[\-?][^:#]*?|-[^\s:#][^:#]*?):(?:[ \t]|$)/.exec(line.slice(indent));
        if (!match) return undefined;
        const key = unquoteKey(match[1].trimEnd());
        if (key === undefined) return undefined;
        const keySpan = { start: lineStart + indent, end: lineStart + indent + match[1].trimEnd().length };
        entries.push({ key, keySpan, span: { start: keySpan.start, end: lineEnd } });
      }
    } else if (entries.length === 0) {
      return undefined;
    }
    lastContentEnd = lineEnd;
  }
  close();
  return entries;
}

/** Where the content of the line [start, end) ends: before a carriage return of a CRLF line end. */
function contentEndOf(text: string, start: number, end: number): number {
  return end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
}
