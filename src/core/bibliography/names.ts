/**
 * Names of authors and editors in the three forms Sourced meets: BibTeX's `Last, First and Other, Name`, CSL's
 * name objects, and the sidecar's plain "Given Family" strings.
 */
import type { CslName } from './csl';
import { latexToUnicode, matchingBrace } from './latex';

/** Splits a BibTeX name list on ` and ` outside braces; `and others` (et al.) is dropped. */
export function splitBibtexNames(value: string): string[] {
  const names: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '\\') i++;
    else if (c === '{') depth++;
    else if (c === '}') depth = Math.max(0, depth - 1);
    else if (depth === 0 && /\s/.test(c)) {
      const match = /^\s+and\s+/i.exec(value.slice(i));
      if (match) {
        names.push(value.slice(start, i));
        i += match[0].length - 1;
        start = i + 1;
      }
    }
  }
  names.push(value.slice(start));
  return names.map((name) => name.trim()).filter((name) => name.length > 0 && name.toLowerCase() !== 'others');
}

/** Splits at commas and at whitespace (or `~`) outside braces, keeping braces in the pieces. */
function splitOutsideBraces(value: string, separator: RegExp): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '{') {
      const close = matchingBrace(value, i);
      current += value.slice(i, close + 1);
      i = close;
    } else if (c === '\\') {
      current += value.slice(i, i + 2);
      i++;
    } else if (separator.test(c)) {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  return parts;
}

/** Whether a BibTeX name token starts in lower case (a "von" particle), looking inside leading braces and accents. */
function startsLowerCase(token: string): boolean {
  // A token that is one braced group ({Van Dyke}) is protected: never a particle.
  if (token.startsWith('{') && matchingBrace(token, 0) === token.length - 1 && !token.startsWith('{\\')) return false;
  const letter = /\p{L}/u.exec(latexToUnicode(token))?.[0];
  return letter !== undefined && letter === letter.toLowerCase() && letter !== letter.toUpperCase();
}

/**
 * Parses one BibTeX name: `First von Last`, `von Last, First` or `von Last, Jr, First`; a name that is one
 * braced group (`{World Health Organization}`) is an organisation, kept whole as a literal.
 */
export function parseBibtexName(raw: string): CslName {
  const name = raw.trim();
  if (name.startsWith('{') && matchingBrace(name, 0) === name.length - 1) {
    return { literal: latexToUnicode(name) };
  }
  const commaParts = splitOutsideBraces(name, /,/).map((part) => part.trim());
  const words = (text: string): string[] => splitOutsideBraces(text, /[\s~]/).filter((token) => token.length > 0);
  const decode = (tokens: string[]): string | undefined => {
    const text = latexToUnicode(tokens.join(' '));
    return text.length > 0 ? text : undefined;
  };
  let given: string[] = [];
  let von: string[] = [];
  let family: string[] = [];
  let suffix: string[] = [];
  if (commaParts.length === 1) {
    const tokens = words(commaParts[0]);
    if (tokens.length === 1) return tokens[0] ? { literal: latexToUnicode(tokens[0]) } : {};
    // von: from the first lower-case token to the last lower-case one, never including the last token.
    let firstLower = -1;
    let lastLower = -1;
    for (let i = 0; i < tokens.length - 1; i++) {
      if (startsLowerCase(tokens[i])) {
        if (firstLower < 0) firstLower = i;
        lastLower = i;
      }
    }
    if (firstLower < 0) {
      given = tokens.slice(0, -1);
      family = tokens.slice(-1);
    } else {
      given = tokens.slice(0, firstLower);
      von = tokens.slice(firstLower, lastLower + 1);
      family = tokens.slice(lastLower + 1);
    }
  } else {
    const head = words(commaParts[0]);
    // In `von Last`, the von part is the leading lower-case tokens; the last token is always the family name.
    let split = 0;
    while (split < head.length - 1 && startsLowerCase(head[split])) split++;
    von = head.slice(0, split);
    family = head.slice(split);
    if (commaParts.length === 2) given = words(commaParts[1]);
    else {
      suffix = words(commaParts[1]);
      given = words(commaParts.slice(2).join(' '));
    }
  }
  const result: CslName = {};
  const familyText = decode(family);
  if (familyText) result.family = familyText;
  const givenText = decode(given);
  if (givenText) result.given = givenText;
  const vonText = decode(von);
  if (vonText) result['non-dropping-particle'] = vonText;
  const suffixText = decode(suffix);
  if (suffixText) result.suffix = suffixText;
  return result;
}

/** A CSL name as the sidecar writes it: "Given particle Family, Suffix", or the literal. */
export function cslNameToText(name: CslName): string | undefined {
  if (typeof name.literal === 'string' && name.literal.trim()) return name.literal.trim();
  const parts = [name.given, name['dropping-particle'], name['non-dropping-particle'], name.family]
    .filter((part): part is string => typeof part === 'string' && part.trim().length > 0)
    .map((part) => part.trim());
  if (parts.length === 0) return undefined;
  const suffix = typeof name.suffix === 'string' && name.suffix.trim() ? name.suffix.trim() : undefined;
  return suffix ? `${parts.join(' ')}, ${suffix}` : parts.join(' ');
}

/** Words that mark a name as an organisation's, written whole as a CSL `literal`. */
const ORGANISATION_WORDS = new Set(
  [
    'agency', 'association', 'authority', 'bank', 'board', 'bureau', 'center', 'centre', 'college', 'commission',
    'committee', 'company', 'corporation', 'corp', 'council', 'court', 'department', 'desk', 'directorate', 'foundation',
    'fund', 'government', 'group', 'inc', 'institute', 'institution', 'league', 'limited', 'llc', 'ltd', 'ministry',
    'network', 'news', 'office', 'organisation', 'organization', 'panel', 'parliament', 'press', 'program', 'programme',
    'project', 'reporters', 'secretariat', 'service', 'society', 'staff', 'team', 'trust', 'union', 'university',
    'nations', 'police', 'army', 'navy', 'republic', 'state', 'states', 'times', 'post', 'journal', 'tribune',
  ],
);

/** Lower-case words that join the words of an organisation's name but never a person's. */
const ORGANISATION_JOINERS = new Set(['of', 'for', 'and', 'the', 'on', 'in', 'at', '&']);

/** Particles that belong to the family name ("van Gogh", "de la Fontaine", "bin Salman"). */
const PARTICLES = new Set(['van', 'von', 'der', 'den', 'de', 'del', 'della', 'di', 'da', 'dos', 'das', 'du', 'la', 'le', 'ten', 'ter', 'bin', 'ibn', 'al', 'el', 'zu', 'af', 'av', "d'", 'st.']);

const SUFFIXES = /^(jr\.?|sr\.?|ii|iii|iv|v|junior|senior)$/i;

/**
 * A sidecar author string as a CSL name: "Given Family" split at the last word (particles such as "van" go with
 * the family, a trailing "Jr." becomes the suffix, "Family, Given" is understood); a one-word name or an
 * organisation's name is a `literal`.
 */
export function textToCslName(text: string): CslName {
  const name = text.replace(/\s+/g, ' ').trim();
  if (name.length === 0) return { literal: text };
  const commaParts = name.split(',').map((part) => part.trim()).filter((part) => part.length > 0);
  let body = name;
  let suffix: string | undefined;
  if (commaParts.length === 2 && SUFFIXES.test(commaParts[1])) {
    body = commaParts[0];
    suffix = commaParts[1];
  } else if (commaParts.length === 2 && !looksLikeOrganisation(name)) {
    // "Family, Given" as bibliographies write it.
    const family = splitFamily(commaParts[0].split(' '));
    return withSuffix({ ...family, given: commaParts[1] }, undefined);
  }
  const words = body.split(' ');
  if (!suffix && words.length > 2 && SUFFIXES.test(words[words.length - 1])) suffix = words.pop();
  if (words.length === 1 || looksLikeOrganisation(body)) return { literal: name };
  let familyStart = words.length - 1;
  while (familyStart > 1 && PARTICLES.has(words[familyStart - 1].toLowerCase()) && words[familyStart - 1] === words[familyStart - 1].toLowerCase()) familyStart--;
  const given = words.slice(0, familyStart).join(' ');
  const family = splitFamily(words.slice(familyStart));
  return withSuffix({ ...family, given }, suffix);
}

function splitFamily(words: string[]): Pick<CslName, 'family' | 'non-dropping-particle'> {
  let split = 0;
  while (split < words.length - 1 && PARTICLES.has(words[split].toLowerCase()) && words[split] === words[split].toLowerCase()) split++;
  const particle = words.slice(0, split).join(' ');
  return particle ? { 'non-dropping-particle': particle, family: words.slice(split).join(' ') } : { family: words.join(' ') };
}

function withSuffix(name: CslName, suffix: string | undefined): CslName {
  // Name parts first, in CSL's usual order, so exported files read naturally.
  const ordered: CslName = {};
  if (name.family) ordered.family = name.family;
  if (name.given) ordered.given = name.given;
  if (name['non-dropping-particle']) ordered['non-dropping-particle'] = name['non-dropping-particle'];
  if (suffix) ordered.suffix = suffix;
  return ordered;
}

function looksLikeOrganisation(name: string): boolean {
  const words = name.split(/\s+/);
  if (words.length > 5) return true;
  return words.some((word) => {
    const bare = word.replace(/[.,;:()]/g, '');
    if (ORGANISATION_WORDS.has(bare.toLowerCase())) return true;
    if (ORGANISATION_JOINERS.has(bare)) return true;
    // An acronym (NATO, UNODC, BBC) among the words: people's initials carry dots.
    return bare.length >= 2 && /^[\p{Lu}\d]+$/u.test(bare);
  });
}
