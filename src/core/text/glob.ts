/**
 * Glob patterns as shells and CI configs write them (`*`, `**`, `?`, `[abc]`, `{a,b}`), compiled to regular
 * expressions over '/'-separated relative paths. Small on purpose: the CLI needs only file selection.
 */

export function isGlob(pattern: string): boolean {
  return /[*?[\]{}]/.test(pattern);
}

export function globToRegExp(pattern: string): RegExp {
  let source = '';
  let inClass = false;
  let braceDepth = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (inClass) {
      if (c === ']') inClass = false;
      source += c === '\\' ? '\\\\' : c;
      continue;
    }
    switch (c) {
      case '*':
        if (pattern[i + 1] === '*') {
          // `**/` matches zero or more folders; a trailing `**` matches everything below.
          const slashAfter = pattern[i + 2] === '/';
          source += slashAfter ? '(?:[^/]*/)*' : '.*';
          i += slashAfter ? 2 : 1;
        } else source += '[^/]*';
        break;
      case '?':
        source += '[^/]';
        break;
      case '[':
        inClass = true;
        source += pattern[i + 1] === '!' ? (i++, '[^') : '[';
        break;
      case '{':
        braceDepth++;
        source += '(?:';
        break;
      case '}':
        if (braceDepth > 0) {
          braceDepth--;
          source += ')';
        } else source += '\\}';
        break;
      case ',':
        source += braceDepth > 0 ? '|' : ',';
        break;
      default:
        source += c.replace(/[.+^$()|\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`);
}

/** The fixed folder a pattern starts in (`docs/**\/*.md` → `docs`), so a walk need not start at the root. */
export function globBase(pattern: string): string {
  const parts = pattern.split('/');
  const fixed: string[] = [];
  for (const part of parts) {
    if (isGlob(part)) break;
    fixed.push(part);
  }
  if (fixed.length === parts.length) fixed.pop();
  return fixed.join('/') || '.';
}
