/**
 * ASCII twins of Unicode regexes (the detector's, the sidecar's key patterns). A regex with \p{L} and the u flag
 * (worse, with i as well) compiles slowly, twice (to bytecode, then to native code once it is hot), and tests every
 * character against Unicode tables; most sentences and keys, in any English draft, have no letter or digit outside
 * ASCII (curly quotes and dashes are neither). On such a text the twin, with \p{L} as [A-Za-z] and without the u
 * flag, matches exactly what the original matches:
 * - the Unicode classes meet the text's letters and digits only in ASCII;
 * - without u, i folds no character outside ASCII to one inside it, and with u only ſ and K (the Kelvin sign)
 *   do, which are letters outside ASCII and so never in such a text;
 * - the twin has no `.` and no negated class, which would read a surrogate pair as two characters, and none of
 *   its matches can start with a surrogate, so it never starts inside a pair either.
 * `asciiTwin` refuses a regex it cannot translate this way. The original still serves every other text.
 */
const ASCII_PROPERTY: Readonly<Record<string, string>> = { L: 'A-Za-z', Lu: 'A-Z', Ll: 'a-z', N: '0-9' };

/** A character class, a property escape, another escape, a dot, a surrogate: what `asciiTwin` looks at in a source. */
const REGEX_PART = /\[(?:\\.|[^\]\\])*\]|\\p\{(\w+)\}|\\.|[.\ud800-\udfff]/g;
const PROPERTY_ESCAPE = /\\p\{(\w+)\}/g;

/** The ASCII twin of a Unicode regex's source and flags (see above); throws on a construct the translation would change. */
export function asciiTwin(unicodeSource: string, flags: string): RegExp {
  const ignoreCase = flags.includes('i');
  const asciiOf = (name: string): string => {
    const ascii = ASCII_PROPERTY[name];
    // With i, \p{Lu} and \p{Ll} would match either case.
    if (ascii === undefined || (ignoreCase && name !== 'L' && name !== 'N')) throw new Error(`asciiTwin: \\p{${name}} in /${unicodeSource}/`);
    return ascii;
  };
  // Replaces, rather than a loop per character: the sources are long, and this runs while the module loads.
  const source = unicodeSource.replace(REGEX_PART, (part: string, name: string | undefined) => {
    if (name !== undefined) return `[${asciiOf(name)}]`;
    if (part[0] === '[') {
      if (part[1] === '^') throw new Error(`asciiTwin: negated class in /${unicodeSource}/`);
      return part.replace(PROPERTY_ESCAPE, (_: string, inner: string) => asciiOf(inner));
    }
    if (part.length === 1 || part[1] === 'P') throw new Error(`asciiTwin: ${part} in /${unicodeSource}/`);
    return part;
  });
  if (source.includes('\\u{')) throw new Error(`asciiTwin: \\u{ in /${unicodeSource}/`);
  return new RegExp(source, flags.replace('u', ''));
}
