/**
 * Which files are drafts. Besides Markdown, the Pandoc-Markdown dialects of Quarto (`.qmd`) and R Markdown
 * (`.Rmd`) are drafts too: they are where analysts and researchers write with Pandoc citations, and their prose,
 * front matter and citations read the same. Their code chunks are fenced code, which the analysis skips.
 */

/**
 * The spellings of draft file extensions, without the dot, the usual first. File systems and globs are mostly
 * case-sensitive, so the spellings in use are listed: R Markdown files are `.Rmd` by convention, Quarto's `.qmd`.
 */
export const DRAFT_EXTENSIONS: readonly string[] = ['md', 'markdown', 'qmd', 'Qmd', 'Rmd', 'rmd'];

/** Extensions VS Code opens as plain text unless a Quarto or R extension claims them. */
const PLAIN_TEXT_EXTENSIONS = DRAFT_EXTENSIONS.filter((extension) => /^[qr]md$/i.test(extension));

const globOf = (extensions: readonly string[]) => `**/*.{${extensions.join(',')}}`;

/** A glob for every draft, for file searches and watchers. */
export const DRAFT_GLOB = globOf(DRAFT_EXTENSIONS);

/** A glob for the drafts that may be open as plain text (`.qmd`, `.Rmd`). */
export const PLAIN_TEXT_DRAFT_GLOB = globOf(PLAIN_TEXT_EXTENSIONS);

const endingIn = (extensions: readonly string[]) => new RegExp(`\\.(?:${[...new Set(extensions.map((e) => e.toLowerCase()))].join('|')})$`, 'i');
const DRAFT_PATH = endingIn(DRAFT_EXTENSIONS);
const PLAIN_TEXT_DRAFT_PATH = endingIn(PLAIN_TEXT_EXTENSIONS);

/** Whether a path or URI names a draft by its extension, in any case (`cargo.md`, `report.qmd`, `analysis.Rmd`). */
export function isDraftPath(path: string): boolean {
  return DRAFT_PATH.test(path);
}

/** Whether a path names a draft that VS Code opens as plain text without a Quarto or R extension. */
export function isPlainTextDraftPath(path: string): boolean {
  return PLAIN_TEXT_DRAFT_PATH.test(path);
}

/**
 * VS Code language ids under which a draft may be open: Markdown, and the ids the Quarto and R extensions give
 * their files. Without those extensions a `.qmd` opens as plain text, which `isPlainTextDraftPath` recognises.
 */
export const DRAFT_LANGUAGE_IDS: readonly string[] = ['markdown', 'quarto', 'rmd'];

/**
 * The drafts a sidecar may belong to, the usual first: `cargo.sources.yaml` → `cargo.md`, `cargo.markdown`,
 * `cargo.qmd`, … Which one it is depends on which exists.
 */
export function draftCandidatesFor(stem: string): string[] {
  return DRAFT_EXTENSIONS.map((extension) => `${stem}.${extension}`);
}
