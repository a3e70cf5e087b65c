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

interface Line {
  start: number;
  end: number;
  text: string;
}

function linesOf(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const contentEnd = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    lines.push({ start, end: contentEnd, text: text.slice(start, contentEnd) });
    if (end === text.length) break;
    start = end + 1;
  }
  return lines;
}

function indentOf(line: string): number {
  let i = 0;
  while (line.charCodeAt(i) === 32) i++;
  return i;
}

function unquoteKey(raw: string): string | undefined {
  if (raw.startsWith('"')) return raw.endsWith('"') && !raw.includes('\\') ? raw.slice(1, -1) : undefined;
  if (raw.startsWith("'")) return raw.endsWith("'") ? raw.slice(1, -1).replace(/''/g, "'") : undefined;
  return raw;
}

/** Entries of `section` (a map or a sequence at the top level), or undefined when the layout is not plain block style. */
export function scanBlockSection(text: string, section: string, kind: 'map' | 'seq'): ScannedEntry[] | undefined {
  const lines = linesOf(text);
  const header = new RegExp(`^${section}:[ \\t]*(#.*)?$`);
  const headerIndex = lines.findIndex((line) => header.test(line.text));
  if (headerIndex < 0) return undefined;

  const entries: ScannedEntry[] = [];
  let childIndent = -1;
  let lastContentEnd = -1;
  const close = () => {
    const last = entries[entries.length - 1];
    if (last && lastContentEnd > last.span.start) last.span.end = lastContentEnd;
  };
  for (let i = headerIndex + 1; i < lines.length; i++) {
    const line = lines[i];
    if (BLANK_OR_COMMENT.test(line.text)) continue;
    if (/\t/.test(line.text.slice(0, indentOf(line.text) + 1))) return undefined;
    const indent = indentOf(line.text);
    const isItem = kind === 'seq' && /^-([ \t]|$)/.test(line.text.slice(indent));
    if (childIndent < 0) {
      if (indent === 0 && !isItem) break; // the section is empty
      childIndent = indent;
    }
    if (indent < childIndent || (indent === childIndent && childIndent === 0 && !isItem)) break;
    if (indent === childIndent) {
      close();
      if (kind === 'seq') {
        if (!isItem) return undefined;
        const contentStart = line.start + indent + 1 + (line.text.slice(indent + 1).length - line.text.slice(indent + 1).trimStart().length);
        const itemSpan = { start: contentStart, end: line.end };
        entries.push({ key: String(entries.length), keySpan: itemSpan, span: { ...itemSpan } });
      } else {
        const match = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"&*!|>%@`{[\-?][^:#]*?|-[^\s:#][^:#]*?):(?:[ \t]|$)/.exec(line.text.slice(indent));
        if (!match) return undefined;
        const key = unquoteKey(match[1].trimEnd());
        if (key === undefined) return undefined;
        const keySpan = { start: line.start + indent, end: line.start + indent + match[1].trimEnd().length };
        entries.push({ key, keySpan, span: { start: keySpan.start, end: line.end } });
      }
    } else if (entries.length === 0) {
      return undefined;
    }
    lastContentEnd = line.end;
  }
  close();
  return entries;
}
