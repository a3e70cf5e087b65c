/**
 * Which files are drafts. Besides Markdown, the Pandoc-Markdown dialects of Quarto (`.qmd`) and R Markdown
 * (`.Rmd`) are drafts too: they are where analysts and researchers write with Pandoc citations, and their prose,
 * front matter and citations read the same. Their code chunks are fenced code, which the analysis skips.
 */

/** Draft file extensions, lower case, without the dot. */
export const DRAFT_EXTENSIONS: readonly string[] = ['md', 'markdown', 'qmd', 'rmd'];

/**
 * A glob for every draft, for file searches and watchers. Globs are case-sensitive on most file systems, so the
 * spellings in use are listed: R Markdown files are `.Rmd` by convention, Quarto's are `.qmd`.
 */
export const DRAFT_GLOB = '**/*.{md,markdown,qmd,Qmd,rmd,Rmd}';

const DRAFT_PATH = /\.(?:md|markdown|qmd|rmd)$/i;

/** Whether a path or URI names a draft by its extension (`cargo.md`, `report.qmd`, `analysis.Rmd`). */
export function isDraftPath(path: string): boolean {
  return DRAFT_PATH.test(path);
}

/**
 * VS Code language ids under which a draft may be open: Markdown, and the ids the Quarto and R extensions give
 * their files. Without those extensions a `.qmd` opens as plain text, which `isDraftPath` recognises.
 */
export const DRAFT_LANGUAGE_IDS: readonly string[] = ['markdown', 'quarto', 'rmd'];

/**
 * The drafts a sidecar may belong to, the usual first: `cargo.sources.yaml` → `cargo.md`, `cargo.markdown`,
 * `cargo.qmd`, `cargo.Rmd`, `cargo.rmd`. Which one it is depends on which exists.
 */
export function draftCandidatesFor(stem: string): string[] {
  return ['.md', '.markdown', '.qmd', '.Rmd', '.rmd'].map((extension) => stem + extension);
}
