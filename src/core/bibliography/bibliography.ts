/**
 * Bibliography files as lists of sidecar sources: CSL-JSON (`.json`) and BibTeX (`.bib`) read into entries with
 * their keys, positions and mapped sources; and the sidecar's sources written back out as CSL-JSON.
 */
import { SOURCE_KEY_PATTERN, type Source } from '../sidecar/schema';
import type { Span } from '../types';
import { bibtexEntryToCsl, readBibtex } from './bibtex';
import { readCslJson, readCslYaml, type BibliographyProblem, type CslItem } from './csl';
import { cslItemToSource, sourceToCslItem, type MappedSource } from './mapping';

/** The bibliography formats Sourced reads. */
export type BibliographyFormat = 'csl-json' | 'csl-yaml' | 'bibtex';

/** Files over this size are refused: a large Zotero library is a few MB, and reading time grows with size. */
export const MAX_BIBLIOGRAPHY_CHARS = 20 * 1024 * 1024;

/** One reference of a bibliography file, mapped to a source. */
export interface BibliographyEntry {
  key: string;
  /** The key in the file (a CSL `id` value, a BibTeX citation key). */
  keySpan: Span;
  /** The whole entry in the file. */
  span: Span;
  /** The entry as CSL (BibTeX entries are mapped to CSL first). */
  item: CslItem;
  mapped: MappedSource;
  /** Why the key cannot be used as a citation key in the sidecar, when it cannot. */
  keyProblem?: string;
}

/** A bibliography file read: its entries, a problem that stopped reading (if any) and lesser problems. */
export interface ParsedBibliography {
  format: BibliographyFormat;
  entries: BibliographyEntry[];
  /** The first syntax error, or a file that is not a bibliography: the file cannot be trusted as a whole. */
  fatal?: BibliographyProblem;
  /** Further syntax errors and skipped items (no id). */
  problems: BibliographyProblem[];
}

/** The format of a bibliography file from its name (`.json`, `.bib`, `.yaml`), else from its first character. */
export function bibliographyFormatOf(location: string, text?: string): BibliographyFormat | undefined {
  const lower = location.toLowerCase();
  if (/\.(json|csljson|csl\.json)$/.test(lower)) return 'csl-json';
  if (/\.(bib|bibtex|biblatex)$/.test(lower)) return 'bibtex';
  if (/\.(yaml|yml)$/.test(lower) && !/\.sources\.yaml$|(^|\/)\.sourced\.yaml$/.test(lower)) return 'csl-yaml';
  if (text === undefined) return undefined;
  const first = text.replace(/^\uFEFF/, '').trimStart()[0];
  if (first === '[' || first === '{') return 'csl-json';
  if (first === '@' || first === '%') return 'bibtex';
  return undefined;
}

/** Why a key is not usable as a sidecar citation key, or undefined when it is. */
export function citationKeyProblem(key: string): string | undefined {
  if (key.length === 0) return 'the key is empty';
  if (!SOURCE_KEY_PATTERN.test(key)) {
    return 'not a valid citation key (keys start with a letter, digit or "_"; ":./-" and similar are allowed only between letters or digits; no spaces)';
  }
  return undefined;
}

/** Reads a bibliography file in the given format; never throws. */
export function readBibliography(text: string, format: BibliographyFormat): ParsedBibliography {
  if (text.length > MAX_BIBLIOGRAPHY_CHARS) {
    return { format, entries: [], problems: [], fatal: { message: `the file is over ${MAX_BIBLIOGRAPHY_CHARS / 1024 / 1024} MB and is not read`, span: { start: 0, end: 0 } } };
  }
  const nul = text.indexOf('\u0000');
  if (nul >= 0) return { format, entries: [], problems: [], fatal: { message: 'the file looks binary (it contains a NUL byte)', span: { start: nul, end: nul + 1 } } };
  const toEntry = (key: string, keySpan: Span, span: Span, item: CslItem): BibliographyEntry => {
    const entry: BibliographyEntry = { key, keySpan, span, item, mapped: cslItemToSource(item) };
    const problem = citationKeyProblem(key);
    if (problem) entry.keyProblem = problem;
    return entry;
  };
  if (format === 'csl-json' || format === 'csl-yaml') {
    const read = format === 'csl-json' ? readCslJson(text) : readCslYaml(text);
    return {
      format,
      fatal: read.fatal,
      problems: read.problems,
      entries: read.items.map(({ item, span, keySpan }) => toEntry(String(item.id).trim(), keySpan, span, item)),
    };
  }
  const read = readBibtex(text);
  return {
    format,
    fatal: read.problems[0],
    problems: read.problems.slice(1),
    entries: read.entries.map((entry) => toEntry(entry.key, entry.keySpan, entry.span, bibtexEntryToCsl(entry))),
  };
}

/** The sidecar's sources as a CSL-JSON document (an array, two-space indented, with a final line break). */
export function exportCslJson(sources: Iterable<readonly [string, Source]>): string {
  const items = [...sources].map(([key, source]) => sourceToCslItem(key, source));
  return `${JSON.stringify(items, null, 2)}\n`;
}
