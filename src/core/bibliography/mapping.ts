/**
 * The one mapping between CSL items and sidecar sources, both ways. BibTeX entries are first mapped to CSL
 * (bibtex.ts), so Zotero, Better BibTeX and Pandoc libraries all arrive here in the same shape.
 */
import { SourceSchema, type Source } from '../sidecar/schema';
import type { CslDate, CslItem, CslName } from './csl';
import { cslNameToText, textToCslName } from './names';

/** A CSL item as a sidecar source, with what could not be carried over. */
export interface MappedSource {
  /** Absent when the item cannot be a source (it has no title). */
  source?: Source;
  /** Why the item was refused (when `source` is absent). */
  refused?: string;
  /** Fields left out because their value does not fit the sidecar format (a non-http URL, a malformed date). */
  dropped: string[];
}

const nonEmpty = (value: unknown): string | undefined => {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return undefined;
  // Only trimmed: a quote is kept character for character, and BibTeX values arrive with spaces collapsed.
  const trimmed = value.trim();
  return trimmed.length > 0 ? trimmed : undefined;
};

/** A CSL date as YYYY, YYYY-MM or YYYY-MM-DD (the first date of a range); undefined when it has no year. */
export function cslDateToText(date: CslDate | string | number | undefined): string | undefined {
  // CSL YAML also writes `issued: 2022-07-06`, `issued: 2022` or `issued: [{year: 2022, month: 7}]`.
  if (typeof date === 'string' || typeof date === 'number') return cslDateToText({ raw: String(date) });
  if (Array.isArray(date)) {
    const first = date[0] as Record<string, unknown> | undefined;
    if (!first || typeof first !== 'object') return undefined;
    return cslDateToText({ 'date-parts': [[first.year, first.month, first.day].filter((part) => part !== undefined) as Array<number | string>] });
  }
  if (!date || typeof date !== 'object') return undefined;
  const parts = Array.isArray(date['date-parts']) && Array.isArray(date['date-parts'][0]) ? date['date-parts'][0] : undefined;
  if (parts && parts.length > 0) {
    const numbers = parts.slice(0, 3).map((part) => (typeof part === 'string' ? Number(part.trim()) : part));
    const [year, month, day] = numbers;
    if (!Number.isInteger(year) || year < 1000 || year > 9999) return undefined;
    let text = String(year);
    if (Number.isInteger(month) && month >= 1 && month <= 12) {
      text += `-${String(month).padStart(2, '0')}`;
      if (Number.isInteger(day) && day >= 1 && day <= 31) text += `-${String(day).padStart(2, '0')}`;
    }
    return text;
  }
  const raw = nonEmpty(date.raw) ?? nonEmpty(date.literal);
  const match = raw ? /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?![\d])/.exec(raw) : null;
  return match ? match[0] : undefined;
}

/** A sidecar date (YYYY[-MM[-DD]]) as a CSL date. */
export function textToCslDate(text: string): CslDate {
  return { 'date-parts': [text.split('-').map(Number)] };
}

function namesToText(names: unknown): string[] {
  if (!Array.isArray(names)) return [];
  return names
    .filter((name): name is CslName => typeof name === 'object' && name !== null)
    .map(cslNameToText)
    .filter((name): name is string => name !== undefined);
}

/** A DOI as a resolver URL: `10.1000/x`, `doi:10.1000/x` or an existing doi.org URL. */
export function doiToUrl(doi: string): string | undefined {
  const bare = doi.trim().replace(/^(?:https?:\/\/(?:dx\.)?doi\.org\/|doi:\s*)/i, '');
  if (!/^10\.\d{4,9}\/\S+$/.test(bare)) return undefined;
  return `https://doi.org/${bare}`;
}

/**
 * Maps a CSL item to a source: title; authors (editors when there are none) as "Given Family"; the container
 * (journal, newspaper, website, book) or else the publisher as `publisher`; issued and accessed dates; URL, or
 * the DOI's resolver URL; note. `custom.archive` and `custom.quotes` (as Sourced exports them) come back. The
 * abstract is not a quote and is left out.
 */
export function cslItemToSource(item: CslItem): MappedSource {
  const dropped: string[] = [];
  const custom = typeof item.custom === 'object' && item.custom !== null && !Array.isArray(item.custom) ? item.custom : {};
  const title = nonEmpty(item.title) ?? nonEmpty(item['title-short']);
  if (!title) return { refused: 'it has no title', dropped };
  const source: Record<string, unknown> = { title };
  const authors = namesToText(item.author);
  const people = authors.length > 0 ? authors : namesToText(item.editor);
  if (people.length === 1) source.author = people[0];
  else if (people.length > 1) source.author = people;
  const publisher = nonEmpty(item['container-title']) ?? nonEmpty(item.publisher);
  if (publisher) source.publisher = publisher;
  const date = cslDateToText(item.issued);
  if (date) source.date = date;
  else if (item.issued !== undefined) dropped.push('issued');
  const url = nonEmpty(item.URL);
  const doiUrl = nonEmpty(item.DOI) ? doiToUrl(String(item.DOI)) : undefined;
  if (url && /^https?:\/\/\S+$/i.test(url)) source.url = url;
  else {
    if (url) dropped.push('URL');
    if (doiUrl) source.url = doiUrl;
    else if (item.DOI !== undefined) dropped.push('DOI');
  }
  const archive = nonEmpty(custom.archive);
  if (archive && /^https?:\/\/\S+$/i.test(archive)) source.archive = archive;
  else if (archive) dropped.push('custom.archive');
  const accessed = cslDateToText(item.accessed);
  if (accessed) source.accessed = accessed;
  else if (item.accessed !== undefined) dropped.push('accessed');
  if (Array.isArray(custom.quotes)) {
    const quotes = custom.quotes.map(nonEmpty).filter((quote): quote is string => quote !== undefined);
    if (quotes.length > 0) source.quotes = quotes;
  }
  const note = typeof custom.note === 'string' && custom.note.trim() ? custom.note : nonEmpty(item.note);
  if (note) source.note = note;

  // The schema has the last word: a field it refuses is dropped and named rather than failing the whole item.
  for (let attempt = 0; attempt < 12; attempt++) {
    const parsed = SourceSchema.safeParse(source);
    if (parsed.success) return { source: parsed.data, dropped };
    const field = parsed.error.issues[0]?.path[0];
    if (typeof field !== 'string' || field === 'title' || !(field in source)) break;
    delete source[field];
    dropped.push(field);
  }
  return { refused: 'its fields do not fit the sidecar format', dropped };
}

/** News outlets recognised by name or web address; anything else needs the publisher's own words to tell. */
const NEWS_NAME = /\b(times|post|news|herald|tribune|gazette|telegraph|guardian|observer|chronicle|daily|courier|inquirer|independent|reuters|associated press|bloomberg|agence france-presse|afp|bbc|cnn|npr|al jazeera|le monde|le figaro|el país|el pais|der spiegel|die zeit|corriere|la repubblica|wall street journal|financial times|economist|politico|axios|the atlantic|new yorker|washington|record|sun|star|mail|express|standard|journal-constitution)\b/i;
const NEWS_HOST = /(^|\.)(nytimes|washingtonpost|wsj|ft|theguardian|reuters|apnews|bloomberg|bbc|cnn|npr|aljazeera|lemonde|lefigaro|elpais|spiegel|zeit|economist|politico|axios|theatlantic|newyorker|latimes|usatoday|nbcnews|cbsnews|abcnews|foxnews|independent|telegraph|thetimes|dailymail|haaretz|timesofisrael|jpost|france24|dw|rferl|voanews|miamiherald|elnacional|efectococuyo)\.[a-z.]+$/i;
const JOURNAL_NAME = /^(journal|annals|proceedings|transactions)\b|\b(journal of|review|quarterly|proceedings|letters|bulletin of)\b/i;
const REPORT_WORDS = /\b(report|working paper|white paper|policy brief|briefing|brief|assessment|evaluation|survey|factsheet|fact sheet|occasional paper|discussion paper|monitor|study)\b/i;
const ORGANISATION_PUBLISHER = /\b(foundation|institute|institution|center|centre|council|commission|committee|ministry|department|agency|office|bureau|organi[sz]ation|programme|program|panel|united nations|nations|bank|fund|court|parliament|congress|government|treasury|senate|secretariat|authority|think tank|association|society|university|college|school|laboratory|lab|group|project|initiative)\b/i;

/**
 * The CSL type of a source, guessed from what the sidecar knows (it has no type field). First rule that holds:
 * 1. a DOI URL or a journal-like publisher ("Journal of…", "…Review", "…Quarterly") → `article-journal`;
 * 2. a news outlet (by publisher name or by the URL's host) → `article-newspaper`;
 * 3. report words in the title ("report", "working paper", "brief") or an organisation as publisher
 *    ("…Foundation…", "…Institute…", "Ministry…", "United Nations") → `report`;
 * 4. a URL → `webpage`;
 * 5. otherwise → `article`.
 */
export function guessCslType(source: Source): string {
  const publisher = source.publisher ?? '';
  const host = (() => {
    const match = /^https?:\/\/([^/:?#]+)/i.exec(source.url ?? '');
    return match ? match[1].toLowerCase().replace(/^www\./, '') : '';
  })();
  if (host === 'doi.org' || host === 'dx.doi.org' || (publisher && JOURNAL_NAME.test(publisher))) return 'article-journal';
  if ((publisher && NEWS_NAME.test(publisher) && !ORGANISATION_PUBLISHER.test(publisher)) || (host && NEWS_HOST.test(host))) return 'article-newspaper';
  if (REPORT_WORDS.test(source.title) || (publisher && ORGANISATION_PUBLISHER.test(publisher))) return 'report';
  if (source.url) return 'webpage';
  return 'article';
}

/** Types whose `publisher` field names the periodical or website the work appeared in (CSL `container-title`). */
const CONTAINER_TYPES = new Set(['article-journal', 'article-newspaper', 'article-magazine', 'webpage', 'article', 'post-weblog', 'chapter', 'paper-conference']);

/**
 * Maps a source to a CSL item for `pandoc --citeproc`: id, guessed type, title, authors as name objects
 * (organisations and one-word names as `literal`), `container-title` or `publisher`, issued and accessed
 * date-parts, URL (and DOI when the URL is a doi.org link); archive, quotes and note under `custom`.
 */
export function sourceToCslItem(key: string, source: Source): CslItem {
  const type = guessCslType(source);
  const item: CslItem = { id: key, type, title: source.title };
  const authors = source.author === undefined ? [] : Array.isArray(source.author) ? source.author : [source.author];
  if (authors.length > 0) item.author = authors.map(textToCslName);
  if (source.publisher) {
    if (CONTAINER_TYPES.has(type)) item['container-title'] = source.publisher;
    else item.publisher = source.publisher;
  }
  if (source.date) item.issued = textToCslDate(String(source.date));
  if (source.url) {
    item.URL = source.url;
    const doi = /^https?:\/\/(?:dx\.)?doi\.org\/(10\.\S+)$/i.exec(source.url)?.[1];
    if (doi) item.DOI = decodeURIComponentSafe(doi);
  }
  if (source.accessed) item.accessed = textToCslDate(String(source.accessed));
  const custom: Record<string, unknown> = {};
  if (source.archive) custom.archive = source.archive;
  if (source.quotes?.length) custom.quotes = [...source.quotes];
  if (source.note !== undefined && source.note.trim()) custom.note = source.note;
  if (Object.keys(custom).length > 0) item.custom = custom;
  return item;
}

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
