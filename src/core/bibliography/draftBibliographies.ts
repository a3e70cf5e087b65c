/**
 * A draft's own bibliography, as its front matter declares it (`bibliography:` files and inline `references:`):
 * loaded through the caller's FileReader and turned into catalog records, so that keys defined there are known
 * to `unknown-source`. A file that is missing or unreadable is a finding on the front matter line naming it.
 */
import type { Origin, SourceRecord } from '../analysis';
import type { FileReader, UnratedFinding } from '../project';
import { LineIndex } from '../text/lineIndex';
import { dirname, joinPath } from '../text/uri';
import type { Span } from '../types';
import { bibliographyFormatOf, readBibliography, type BibliographyEntry, type ParsedBibliography } from './bibliography';
import { frontMatterBibliographies } from './frontMatter';
import { cslItemToSource } from './mapping';

/** One bibliography file, read and mapped. */
export interface LoadedBibliography {
  uri: string;
  text: string;
  lines: LineIndex;
  parsed: ParsedBibliography;
  /** Every entry with a usable key, as catalog records whose origin is the entry in this file. */
  records: SourceRecord[];
}

/** Everything a draft's front matter contributes to its catalog, and the problems met loading it. */
export interface DraftBibliographies {
  /** The files named by `bibliography:` that could be read. */
  files: LoadedBibliography[];
  /** Sources from those files and from inline `references:`, first definition of a key first. */
  sources: SourceRecord[];
  /** Missing or unreadable files (in the draft), syntax errors (in the bibliography file). */
  findings: UnratedFinding[];
}

/**
 * Remembers the last reading of each bibliography file, reused while its text is unchanged: the editor loads a
 * draft's bibliography on every pause in typing, and a Zotero library can hold thousands of entries.
 */
export class BibliographyCache {
  private readonly files = new Map<string, LoadedBibliography>();

  /** The loaded file for this text, reading it again only when the text changed. */
  load(uri: string, text: string): LoadedBibliography | undefined {
    const cached = this.files.get(uri);
    if (cached && cached.text === text) return cached;
    const format = bibliographyFormatOf(uri, text);
    if (!format) return undefined;
    const loaded = toLoaded(uri, text, readBibliography(text, format));
    this.files.set(uri, loaded);
    return loaded;
  }

  /** Forgets every file (the workspace changed). */
  clear(): void {
    this.files.clear();
  }
}

function toLoaded(uri: string, text: string, parsed: ParsedBibliography): LoadedBibliography {
  const lines = new LineIndex(text);
  const records: SourceRecord[] = [];
  for (const entry of parsed.entries) {
    if (entry.keyProblem) continue;
    records.push({ key: entry.key, source: sourceOf(entry), origin: { uri, keySpan: entry.keySpan, span: entry.span } });
  }
  return { uri, text, lines, parsed, records };
}

/** The entry's source; an entry that cannot be fully mapped (no title) still defines its key for citations. */
function sourceOf(entry: Pick<BibliographyEntry, 'key' | 'mapped'>) {
  return entry.mapped.source ?? { title: entry.key };
}

/** Loads the bibliographies a draft's front matter declares; never throws. Paths are relative to the draft. */
export async function loadDraftBibliographies(
  draftLocation: string,
  draftText: string,
  reader: FileReader,
  cache: BibliographyCache = new BibliographyCache(),
): Promise<DraftBibliographies> {
  const result: DraftBibliographies = { files: [], sources: [], findings: [] };
  const declared = frontMatterBibliographies(draftText);
  if (declared.files.length === 0 && declared.references.length === 0) return result;
  let draftLines: LineIndex | undefined;
  const inDraft = (span: Span, message: string): void => {
    draftLines ??= new LineIndex(draftText);
    result.findings.push({ ruleId: 'sidecar-schema', message, uri: draftLocation, span, range: draftLines.rangeOf(span) });
  };
  const seen = new Set<string>();
  const add = (record: SourceRecord): void => {
    if (seen.has(record.key)) return;
    seen.add(record.key);
    result.sources.push(record);
  };
  // Pandoc lets inline references win over files; the catalog keeps the first definition, so they go first.
  for (const reference of declared.references) {
    const mapped = cslItemToSource(reference.item);
    const key = String(reference.item.id);
    const origin: Origin = { uri: draftLocation, keySpan: reference.keySpan, span: reference.span };
    add({ key, source: mapped.source ?? { title: key }, origin });
  }
  for (const file of declared.files) {
    const location = joinPath(dirname(draftLocation), file.path);
    if (!bibliographyFormatOf(location)) {
      inDraft(file.span, `bibliography: "${file.path}" is not a format Sourced reads (CSL-JSON .json, CSL YAML .yaml or BibTeX .bib); the keys it defines are not known.`);
      continue;
    }
    let text: string | undefined;
    let failure: string | undefined;
    try {
      text = await reader.readText(location);
    } catch (error) {
      failure = error instanceof Error ? error.message : String(error);
    }
    if (text === undefined) {
      inDraft(
        file.span,
        failure
          ? `bibliography: "${file.path}" cannot be read (${failure}); the keys it defines are not known.`
          : `bibliography: "${file.path}" does not exist (looked for ${location}); the keys it defines are not known.`,
      );
      continue;
    }
    const loaded = cache.load(location, text);
    if (!loaded) continue;
    result.files.push(loaded);
    const fatal = loaded.parsed.fatal;
    if (fatal) {
      const span = fatal.span;
      result.findings.push({
        ruleId: 'sidecar-syntax',
        message: `The bibliography ${file.path} cannot be fully read: ${fatal.message}.${loaded.records.length === 1 ? ' 1 entry before or around the problem is still used.' : loaded.records.length > 1 ? ` ${loaded.records.length} entries before or around the problem are still used.` : ''}`,
        uri: location,
        span,
        range: loaded.lines.rangeOf(span),
      });
    }
    for (const record of loaded.records) add(record);
  }
  return result;
}
