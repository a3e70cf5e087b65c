/**
 * A BibTeX (and biblatex) reader: entries delimited by braces or parentheses, field values in braces (nested),
 * in quotes or bare (numbers and @string macros), `#` concatenation, the month macros jan…dec, @comment and
 * @preamble skipped, text outside entries ignored as BibTeX does. Values are kept raw (LaTeX and braces intact)
 * because author lists must be split before the braces that protect an organisation's name are removed.
 */
import type { Span } from '../types';
import type { BibliographyProblem, CslDate, CslItem, CslName } from './csl';
import { latexToUnicode } from './latex';
import { parseBibtexName, splitBibtexNames } from './names';

/** One field of an entry, its value expanded (macros, concatenation) but still in LaTeX. */
export interface BibtexField {
  name: string;
  value: string;
  span: Span;
}

/** One `@type{key, field = value, …}` entry. */
export interface BibtexEntry {
  /** Lower case: `article`, `book`, `online`… */
  type: string;
  key: string;
  keySpan: Span;
  span: Span;
  /** By lower-case field name; a repeated field keeps its first value. */
  fields: Map<string, BibtexField>;
}

/** What reading a BibTeX file gives: its entries, and the problems met (reading goes on after each one). */
export interface BibtexReadResult {
  entries: BibtexEntry[];
  problems: BibliographyProblem[];
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

class BibtexSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** Reads a BibTeX file; never throws. An entry with a syntax error is skipped and reading resumes at the next `@`. */
export function readBibtex(text: string): BibtexReadResult {
  const entries: BibtexEntry[] = [];
  const problems: BibliographyProblem[] = [];
  const macros = new Map<string, string>(MONTHS.map((month, index) => [month, String(index + 1)]));
  let at = 0;

  const fail = (message: string, offset = at): never => {
    throw new BibtexSyntaxError(message, offset);
  };
  const skipSpace = (): void => {
    while (at < text.length && /\s/.test(text[at])) at++;
  };
  const describe = (offset: number): string => (offset >= text.length ? 'the end of the file' : `"${text[offset]}"`);
  const identifier = (): string => {
    const match = /^[^\s"#%'(),={}@]+/.exec(text.slice(at, at + 256));
    return match ? match[0] : '';
  };

  /** From an opening brace at `at`, the raw text inside it (nested braces kept). */
  const bracedValue = (): string => {
    const open = at;
    let depth = 0;
    for (; at < text.length; at++) {
      const c = text[at];
      if (c === '\\') {
        at++;
        continue;
      }
      if (c === '{') depth++;
      else if (c === '}') {
        depth--;
        if (depth === 0) {
          at++;
          return text.slice(open + 1, at - 1);
        }
      } else if (c === '@' && depth >= 1 && /\n\s*$/.test(text.slice(Math.max(open, at - 80), at)) && /^@\w+\s*[{(]/.test(text.slice(at, at + 40))) {
        // A new entry at the start of a line inside an unclosed brace: the brace was never closed.
        fail('unbalanced braces: "{" is never closed', open);
      }
    }
    return fail('unbalanced braces: "{" is never closed', open);
  };

  const quotedValue = (): string => {
    const open = at;
    at++;
    let depth = 0;
    for (; at < text.length; at++) {
      const c = text[at];
      if (c === '\\') {
        at++;
        continue;
      }
      if (c === '{') depth++;
      else if (c === '}') depth = Math.max(0, depth - 1);
      else if (c === '"' && depth === 0) {
        at++;
        return text.slice(open + 1, at - 1);
      }
    }
    return fail('unterminated quoted value', open);
  };

  /** A value: pieces joined by `#`. */
  const value = (): string => {
    let result = '';
    for (;;) {
      skipSpace();
      const c = text[at];
      if (c === '{') result += bracedValue();
      else if (c === '"') result += quotedValue();
      else if (c !== undefined && /\d/.test(c)) {
        const digits = /^\d+/.exec(text.slice(at, at + 32))![0];
        result += digits;
        at += digits.length;
      } else {
        const name = identifier();
        if (!name) fail(`expected a value (in braces, in quotes, a number or a @string name), found ${describe(at)}`);
        const expansion = macros.get(name.toLowerCase());
        if (expansion === undefined) fail(`undefined @string "${name}"`);
        result += expansion;
        at += name.length;
      }
      skipSpace();
      if (text[at] !== '#') return result;
      at++;
    }
  };

  const entry = (start: number, type: string, close: string): void => {
    skipSpace();
    if (type === 'string') {
      const name = identifier();
      if (!name) fail('expected a @string name');
      at += name.length;
      skipSpace();
      if (text[at] !== '=') fail(`expected "=" after the @string name "${name}", found ${describe(at)}`);
      at++;
      macros.set(name.toLowerCase(), value());
      skipSpace();
      if (text[at] !== close) fail(`expected "${close}" to end the @string, found ${describe(at)}`);
      at++;
      return;
    }
    const keyStart = at;
    // Citation keys end at a comma or the closing delimiter; a key with spaces is still read whole so it can
    // be reported as not a valid key rather than misread.
    const keyText = /^[^,{}()"=\r\n]*/.exec(text.slice(at, at + 1024))![0];
    const keyMatch = keyText.trimEnd();
    at += keyMatch.length;
    const keySpan = { start: keyStart, end: at };
    skipSpace();
    const fields = new Map<string, BibtexField>();
    if (!keyMatch) fail(`the entry has no citation key`, keyStart);
    if (text[at] === close) {
      at++;
      entries.push({ type, key: keyMatch, keySpan, span: { start, end: at }, fields });
      return;
    }
    if (text[at] !== ',') fail(`expected "," after the key "${keyMatch}", found ${describe(at)}`);
    at++;
    for (;;) {
      skipSpace();
      if (text[at] === close) {
        at++;
        break;
      }
      const fieldStart = at;
      const name = identifier();
      if (!name) fail(`expected a field name or "${close}", found ${describe(at)}`);
      at += name.length;
      skipSpace();
      if (text[at] !== '=') fail(`expected "=" after the field name "${name}", found ${describe(at)}`);
      at++;
      const fieldValue = value();
      const lower = name.toLowerCase();
      if (!fields.has(lower)) fields.set(lower, { name: lower, value: fieldValue, span: { start: fieldStart, end: at } });
      skipSpace();
      if (text[at] === ',') {
        at++;
        continue;
      }
      if (text[at] === close) {
        at++;
        break;
      }
      fail(`expected "," or "${close}" after the field "${name}", found ${describe(at)}`);
    }
    entries.push({ type, key: keyMatch, keySpan, span: { start, end: at }, fields });
  };

  while (at < text.length) {
    const next = text.indexOf('@', at);
    if (next < 0) break;
    at = next + 1;
    const type = /^[a-zA-Z]+/.exec(text.slice(at, at + 64))?.[0]?.toLowerCase();
    // An @ outside an entry (an e-mail address in a comment) is text, as BibTeX treats it.
    if (!type) continue;
    at += type.length;
    skipSpace();
    const open = text[at];
    if (open !== '{' && open !== '(') {
      // `@comment` followed by a line of text, or an e-mail address in the commentary between entries.
      if (type === 'comment' || (next > 0 && /[\w.+-]/.test(text[next - 1]))) continue;
      problems.push({ message: `expected "{" or "(" after @${type}`, span: { start: next, end: at } });
      continue;
    }
    if (type === 'comment' || type === 'preamble') {
      if (open === '{') {
        try {
          bracedValue();
        } catch {
          problems.push({ message: `unbalanced braces in @${type}`, span: { start: next, end: next + 1 + type.length } });
          at = next + 1;
        }
      } else {
        const end = text.indexOf(')', at);
        at = end < 0 ? text.length : end + 1;
      }
      continue;
    }
    at++;
    try {
      entry(next, type, open === '{' ? '}' : ')');
    } catch (error) {
      let offset = error instanceof BibtexSyntaxError ? error.offset : at;
      let message = error instanceof Error ? error.message : String(error);
      if (offset >= text.length) {
        // Running into the end of the file says little; where the unclosed entry starts says what to fix.
        message = `the entry starting "${text.slice(next, next + 40).split(/[,\n]/)[0]}" is never closed`;
        offset = next;
      }
      problems.push({ message, span: { start: offset, end: Math.min(text.length, offset + 1) } });
      // Resume at the next entry after the problem (or after this entry's @ when the problem is before it).
      at = Math.max(offset, next + 1);
    }
  }
  return { entries, problems };
}

/** BibTeX and biblatex entry types as CSL types. */
const TYPES: Record<string, string> = {
  article: 'article-journal',
  book: 'book',
  mvbook: 'book',
  booklet: 'pamphlet',
  inbook: 'chapter',
  incollection: 'chapter',
  inproceedings: 'paper-conference',
  conference: 'paper-conference',
  proceedings: 'book',
  manual: 'report',
  techreport: 'report',
  report: 'report',
  mastersthesis: 'thesis',
  phdthesis: 'thesis',
  thesis: 'thesis',
  unpublished: 'manuscript',
  online: 'webpage',
  electronic: 'webpage',
  www: 'webpage',
  webpage: 'webpage',
  dataset: 'dataset',
  software: 'software',
  patent: 'patent',
  legislation: 'legislation',
  jurisdiction: 'legal_case',
  video: 'motion_picture',
  audio: 'song',
  misc: 'document',
};

const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** A month field's value (a number, `jul`, `July`) as 1-12, or undefined. */
function monthNumber(value: string): number | undefined {
  const text = latexToUnicode(value).trim().toLowerCase();
  if (/^\d{1,2}$/.test(text)) {
    const number = Number(text);
    return number >= 1 && number <= 12 ? number : undefined;
  }
  const index = MONTH_NAMES.findIndex((name) => text.length >= 3 && name.startsWith(text.replace(/\.$/, '')));
  return index >= 0 ? index + 1 : undefined;
}

/** An ISO-like date (`2022`, `2022-07`, `2022-07-06`, biblatex's `date`/`urldate`) as a CSL date. */
export function isoToCslDate(value: string): CslDate | undefined {
  const match = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?/.exec(latexToUnicode(value).trim());
  if (!match) return undefined;
  const parts = [Number(match[1])];
  if (match[2]) parts.push(Number(match[2]));
  if (match[3]) parts.push(Number(match[3]));
  return { 'date-parts': [parts] };
}

/** Maps a BibTeX entry to a CSL item, so that both formats go through one mapping to sidecar sources. */
export function bibtexEntryToCsl(entry: BibtexEntry): CslItem {
  const field = (name: string): string | undefined => entry.fields.get(name)?.value;
  const text = (...names: string[]): string | undefined => {
    for (const name of names) {
      const raw = field(name);
      if (raw === undefined) continue;
      const decoded = latexToUnicode(raw);
      if (decoded) return decoded;
    }
    return undefined;
  };
  const names = (name: string): CslName[] | undefined => {
    const raw = field(name);
    if (raw === undefined) return undefined;
    const parsed = splitBibtexNames(raw).map(parseBibtexName).filter((person) => Object.keys(person).length > 0);
    return parsed.length > 0 ? parsed : undefined;
  };
  const subtype = text('entrysubtype')?.toLowerCase();
  let type = TYPES[entry.type] ?? 'document';
  if (entry.type === 'article' && (subtype === 'newspaper' || subtype === 'magazine')) type = subtype === 'newspaper' ? 'article-newspaper' : 'article-magazine';
  if (entry.type === 'misc' && field('url') !== undefined && !field('publisher')) type = 'webpage';

  const item: CslItem = { id: entry.key, type };
  const title = text('title');
  if (title) item.title = title;
  const author = names('author');
  if (author) item.author = author;
  const editor = names('editor');
  if (editor) item.editor = editor;
  const container = text('journaltitle', 'journal', 'booktitle', 'maintitle', 'eventtitle');
  if (container) item['container-title'] = container;
  const publisher = text('publisher', 'institution', 'organization', 'school');
  if (publisher) item.publisher = publisher;
  const place = text('location', 'address');
  if (place) item['publisher-place'] = place;

  const date = field('date');
  const issued = date !== undefined ? isoToCslDate(date) : undefined;
  if (issued) item.issued = issued;
  else {
    const year = /\d{4}/.exec(latexToUnicode(field('year') ?? ''))?.[0];
    if (year) {
      const parts = [Number(year)];
      const month = field('month') !== undefined ? monthNumber(field('month')!) : undefined;
      if (month !== undefined) {
        parts.push(month);
        const day = /^\d{1,2}$/.exec(latexToUnicode(field('day') ?? '').trim())?.[0];
        if (day) parts.push(Number(day));
      }
      item.issued = { 'date-parts': [parts] };
    }
  }
  const urldate = field('urldate');
  const accessed = urldate !== undefined ? isoToCslDate(urldate) : undefined;
  if (accessed) item.accessed = accessed;

  // A URL is taken verbatim (only the braces go): a \_ or % in it is part of the address.
  const url = field('url') ?? /\\url\{([^}]*)\}/.exec(field('howpublished') ?? '')?.[1];
  if (url) item.URL = url.replace(/[{}]/g, '').replace(/\\([_%&#~])/g, '$1').trim();
  const doi = field('doi');
  if (doi) item.DOI = doi.replace(/[{}]/g, '').replace(/\\([_%&#])/g, '$1').trim();
  const note = text('note', 'addendum');
  if (note) item.note = note;
  const abstract = text('abstract');
  if (abstract) item.abstract = abstract;
  return item;
}
