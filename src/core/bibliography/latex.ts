/**
 * Turns the LaTeX that BibTeX values are written in into plain Unicode text: accents (`{\"o}`, `\'{e}`, `\c c`),
 * special letters (`\ss`, `\o`), escaped characters (`\&`), dashes and quotes, formatting commands whose
 * argument is kept (`\emph{…}`), and the protective braces around words (`{NATO}`).
 */

/** Combining marks of the accent commands; the result is NFC-normalised, so `o` + U+0308 becomes `ö`. */
const ACCENTS: Record<string, string> = {
  '"': '\u0308',
  "'": '\u0301',
  '`': '\u0300',
  '^': '\u0302',
  '~': '\u0303',
  '=': '\u0304',
  '.': '\u0307',
  u: '\u0306',
  v: '\u030C',
  H: '\u030B',
  c: '\u0327',
  k: '\u0328',
  r: '\u030A',
  d: '\u0323',
  b: '\u0331',
};

/** Commands that stand for a letter or a sign. */
const SYMBOLS: Record<string, string> = {
  ss: 'ß',
  SS: 'SS',
  o: 'ø',
  O: 'Ø',
  ae: 'æ',
  AE: 'Æ',
  oe: 'œ',
  OE: 'Œ',
  aa: 'å',
  AA: 'Å',
  l: 'ł',
  L: 'Ł',
  i: 'ı',
  j: 'ȷ',
  dh: 'ð',
  DH: 'Ð',
  th: 'þ',
  TH: 'Þ',
  ng: 'ŋ',
  NG: 'Ŋ',
  textendash: '–',
  textemdash: '—',
  textquoteleft: '‘',
  textquoteright: '’',
  textquotedblleft: '“',
  textquotedblright: '”',
  textellipsis: '…',
  ldots: '…',
  dots: '…',
  textregistered: '®',
  texttrademark: '™',
  copyright: '©',
  textcopyright: '©',
  textdegree: '°',
  textsection: '§',
  S: '§',
  P: '¶',
  euro: '€',
  texteuro: '€',
  pounds: '£',
  textsterling: '£',
  guillemotleft: '«',
  guillemotright: '»',
  LaTeX: 'LaTeX',
  TeX: 'TeX',
  relax: '',
  noopsort: '',
};

/** Commands whose argument is dropped entirely rather than kept. */
const DROPPED_ARGUMENT = new Set(['noopsort', 'sortkey', 'index', 'label']);

/** Characters that a backslash escapes. */
const ESCAPED = new Set(['&', '%', '$', '#', '_', '{', '}', ' ', ',', ';', '/', '-', '@']);

/**
 * Converts a BibTeX field value to Unicode text; never throws. `keepBraces` keeps the braces (name splitting
 * needs to see them); otherwise they are removed.
 */
export function latexToUnicode(value: string, keepBraces = false): string {
  let out = '';
  let i = 0;
  while (i < value.length) {
    const c = value[i];
    if (c === '\\') {
      const next = value[i + 1];
      if (next === undefined) {
        i++;
        continue;
      }
      if (next === '\\') {
        out += ' ';
        i += 2;
        continue;
      }
      if (ESCAPED.has(next)) {
        out += escapedCharacter(next, keepBraces);
        i += 2;
        continue;
      }
      if (next in ACCENTS && !/[a-zA-Z]/.test(next)) {
        const { base, end } = accentArgument(value, i + 2);
        out += applyAccent(base, ACCENTS[next]);
        i = end;
        continue;
      }
      const name = /^[a-zA-Z]+/.exec(value.slice(i + 1))?.[0] ?? '';
      if (name.length === 0) {
        // A backslash before some other sign: keep the sign.
        out += next;
        i += 2;
        continue;
      }
      let end = i + 1 + name.length;
      if (name.length === 1 && name in ACCENTS) {
        // A letter accent (`\c c`, `\v{s}`): a space separates it from a bare argument.
        while (value[end] === ' ') end++;
        const argument = accentArgument(value, end);
        out += applyAccent(argument.base, ACCENTS[name]);
        i = argument.end;
        continue;
      }
      if (name in SYMBOLS) {
        out += SYMBOLS[name];
        // `\ss{}` and `{\o}`: an empty group or one space after a word command belongs to the command.
        if (value.startsWith('{}', end)) end += 2;
        else if (value[end] === ' ') end++;
        i = end;
        continue;
      }
      // Any other command (`\emph{…}`, `\url{…}`, `\textit{…}`): keep what it is applied to, drop the command.
      while (value[end] === ' ') end++;
      if (DROPPED_ARGUMENT.has(name) && value[end] === '{') {
        i = matchingBrace(value, end) + 1;
        continue;
      }
      i = end;
      continue;
    }
    if (c === '{' || c === '}') {
      if (keepBraces) out += c;
      i++;
      continue;
    }
    if (c === '~') {
      out += ' ';
      i++;
      continue;
    }
    if (c === '-' && value.startsWith('---', i)) {
      out += '—';
      i += 3;
      continue;
    }
    if (c === '-' && value.startsWith('--', i)) {
      out += '–';
      i += 2;
      continue;
    }
    if (c === '`' && value[i + 1] === '`') {
      out += '“';
      i += 2;
      continue;
    }
    if (c === "'" && value[i + 1] === "'") {
      out += '”';
      i += 2;
      continue;
    }
    out += c;
    i++;
  }
  const normalised = out.normalize('NFC');
  return keepBraces ? normalised : normalised.replace(/\s+/g, ' ').trim();
}

/** What an escaped character stands for: spacing commands become a space, hyphenation hints nothing. */
function escapedCharacter(next: string, keepBraces: boolean): string {
  if (next === ' ' || next === ',' || next === ';') return ' ';
  if (next === '/' || next === '-' || next === '@') return '';
  // Name splitting must not mistake an escaped brace for a group.
  if (keepBraces && (next === '{' || next === '}')) return `\\${next}`;
  return next;
}

/** The character an accent applies to, starting at `start`: `o`, `{o}`, `{\i}`; and where the argument ends. */
function accentArgument(value: string, start: number): { base: string; end: number } {
  if (value[start] === '{') {
    const close = matchingBrace(value, start);
    const inner = value.slice(start + 1, close);
    return { base: latexToUnicode(inner), end: close + 1 };
  }
  if (value[start] === '\\') {
    const name = /^[a-zA-Z]+/.exec(value.slice(start + 1))?.[0] ?? '';
    if (name in SYMBOLS) return { base: SYMBOLS[name], end: start + 1 + name.length };
  }
  return { base: value[start] ?? '', end: Math.min(value.length, start + 1) };
}

function applyAccent(base: string, mark: string): string {
  // Dotless i and j take the accent as the plain letters do: \'{\i} is í.
  const letter = base === 'ı' ? 'i' : base === 'ȷ' ? 'j' : base;
  if (letter.length === 0) return mark.normalize('NFC');
  return (letter[0] + mark + letter.slice(1)).normalize('NFC');
}

/** The offset of the brace closing the one at `open` (or the end of the text when it is never closed). */
export function matchingBrace(value: string, open: number): number {
  let depth = 0;
  for (let i = open; i < value.length; i++) {
    const c = value[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '{') depth++;
    else if (c === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return value.length;
}
