/**
 * Length-preserving folding of the characters that differ between what writers type, what the web pastes and
 * what a sidecar stores: curly quotes, typographic dashes, non-breaking and thin spaces. Because every
 * character folds to exactly one character, an offset into the folded text is an offset into the original,
 * which lets matchers search the folded text and report spans of the draft without a mapping table.
 */

const TYPOGRAPHIC_FOLDS: Record<string, string> = {
  // apostrophes and single quotes
  '\u2018': "'", '\u2019': "'", '\u201A': "'", '\u201B': "'", '\u2032': "'", '\u02BC': "'", '\u00B4': "'",
  // double quotes
  '\u201C': '"', '\u201D': '"', '\u201E': '"', '\u201F': '"', '\u2033': '"', '\u00AB': '"', '\u00BB': '"',
  // hyphens and dashes
  '\u2010': '-', '\u2011': '-', '\u2012': '-', '\u2013': '-', '\u2014': '-', '\u2015': '-', '\u2212': '-',
  // spaces that are not U+0020
  '\u00A0': ' ', '\u2007': ' ', '\u2009': ' ', '\u200A': ' ', '\u202F': ' ', '\u2002': ' ', '\u2003': ' ',
  '\u2004': ' ', '\u2005': ' ', '\u2006': ' ', '\u2008': ' ', '\u205F': ' ', '\u3000': ' ', '\t': ' ',
  '\n': ' ', '\r': ' ',
};

// Not folded on purpose: the backtick (it delimits code in Markdown) and the soft hyphen (it is invisible, so
// folding it to "-" would split a word in two; matchers that care drop it themselves).
const FOLD_PATTERN = new RegExp(`[${Object.keys(TYPOGRAPHIC_FOLDS).join('')}]`, 'g');

/** Replaces typographic quotes, dashes and exotic spaces (and line breaks) by their plain ASCII forms. */
export function foldTypography(text: string): string {
  return text.replace(FOLD_PATTERN, (c) => TYPOGRAPHIC_FOLDS[c]);
}

/**
 * Lower-cases one UTF-16 unit at a time, keeping a unit whose lower case is not a single unit ("İ" becomes
 * "i̇", two units), so the result has the same length as the input.
 */
export function foldCaseKeepingLength(text: string): string {
  let out = '';
  let changedFrom = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const lower = c.toLowerCase();
    if (lower !== c && lower.length === 1) {
      out += text.slice(changedFrom, i) + lower;
      changedFrom = i + 1;
    }
  }
  return out + text.slice(changedFrom);
}


/** True for a letter, mark or digit of any script: what counts as "inside a word" for word boundaries. */
export function isWordChar(c: string | undefined): boolean {
  return c !== undefined && c !== '' && /[\p{L}\p{M}\p{N}_]/u.test(c);
}
