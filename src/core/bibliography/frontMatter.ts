/**
 * What a draft's YAML front matter says about its bibliography, as Pandoc reads it: `bibliography:` (one path or
 * a list of paths, relative to the draft) and `references:` (CSL items written inline).
 */
import { isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import type { Span } from '../types';
import type { CslItem } from './csl';

/** A bibliography file named in the front matter, with where its path is written in the draft. */
export interface FrontMatterBibliography {
  path: string;
  span: Span;
}

/** An inline `references:` item with an id, and where that id is in the draft. */
export interface FrontMatterReference {
  item: CslItem;
  keySpan: Span;
  span: Span;
}

/** The bibliography a draft's front matter declares (empty when it has none or it is not readable YAML). */
export interface FrontMatterBibliographies {
  files: FrontMatterBibliography[];
  references: FrontMatterReference[];
}

/** Front matter: `---` on the first line through a `---` or `...` line (the rule the Markdown analysis uses). */
export function frontMatterBody(text: string): { text: string; offset: number } | undefined {
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const firstLineEnd = lineEndAt(text, start);
  if (text.slice(start, firstLineEnd.end).trimEnd() !== '---') return undefined;
  const offset = firstLineEnd.next;
  let lineStart = offset;
  while (lineStart < text.length) {
    const { end, next } = lineEndAt(text, lineStart);
    const content = text.slice(lineStart, end).trimEnd();
    if (content === '---' || content === '...') return { text: text.slice(offset, lineStart), offset };
    if (next === lineStart) break;
    lineStart = next;
  }
  return undefined;
}

function lineEndAt(text: string, from: number): { end: number; next: number } {
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') return { end: i, next: i + 1 };
    if (c === '\r') return { end: i, next: text[i + 1] === '\n' ? i + 2 : i + 1 };
  }
  return { end: text.length, next: text.length };
}

/** Reads `bibliography:` and `references:` from a draft's front matter; never throws. */
export function frontMatterBibliographies(draftText: string): FrontMatterBibliographies {
  const result: FrontMatterBibliographies = { files: [], references: [] };
  const body = frontMatterBody(draftText);
  // Cheap test first: most drafts have front matter without a bibliography, and this runs on every keystroke.
  if (!body || !/^(bibliography|references)\s*:/m.test(body.text)) return result;
  let document;
  try {
    document = parseDocument(body.text, { prettyErrors: false, uniqueKeys: false });
  } catch {
    return result;
  }
  if (document.errors.length > 0 || !isMap(document.contents)) return result;
  const shift = (range: [number, number, number] | null | undefined): Span =>
    range ? { start: body.offset + range[0], end: body.offset + range[1] } : { start: body.offset, end: body.offset };
  const bibliography = document.contents.get('bibliography', true) as Node | undefined;
  const scalars = isSeq(bibliography) ? bibliography.items : bibliography ? [bibliography] : [];
  for (const node of scalars) {
    if (!isScalar(node) || typeof node.value !== 'string' || node.value.trim() === '') continue;
    result.files.push({ path: node.value.trim(), span: shift(node.range) });
  }
  const references = document.contents.get('references', true) as Node | undefined;
  if (isSeq(references)) {
    for (const node of references.items) {
      if (!isMap(node)) continue;
      const id = node.get('id', true) as Node | undefined;
      if (!isScalar(id) || (typeof id.value !== 'string' && typeof id.value !== 'number')) continue;
      const value = node.toJS(document, { maxAliasCount: 10 }) as CslItem;
      result.references.push({ item: { ...value, id: String(id.value) }, keySpan: shift(id.range), span: shift((node as { range?: [number, number, number] }).range) });
    }
  }
  return result;
}
