/**
 * Escaping for the report's outputs. Every string in a report may come from a sidecar someone else wrote, so it
 * is data, never markup: HTML text and attributes are escaped, links are made only for http(s) URLs, and Markdown
 * cells cannot break out of their table or turn into links, images or HTML.
 */

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/**
 * Escapes text for HTML element content and quoted attribute values alike. Control characters other than tab
 * and newline are dropped: they have no business in a report and some browsers treat them oddly in attributes.
 */
export function escapeHtml(value: string): string {
  return String(value)
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '')
    .replace(/[&<>"'`]/g, (character) => HTML_ESCAPES[character]);
}

/**
 * The URL itself when it is a plain absolute http(s) URL, else undefined: `javascript:`, `data:`, relative and
 * protocol-relative URLs never become links. Whitespace and control characters inside make it no URL at all,
 * because browsers strip them and could read a different scheme than the one checked.
 */
export function safeHttpUrl(value: string | undefined): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (!/^https?:\/\/[^\s/?#\\]+[^\s\\]*$/i.test(value)) return undefined;
  if (/[\u0000-\u001F\u007F-\u009F\u2028\u2029]/.test(value)) return undefined;
  return value;
}

/**
 * Escapes text for one cell of a GitHub Markdown table (or a list item): no line breaks, pipes and backslashes
 * escaped, and every character that could start emphasis, a link, an image, HTML, an autolink or an entity
 * made literal. Parentheses and `!` stay as they are: with `[` escaped they cannot start a link or image.
 */
export function escapeMarkdownText(value: string): string {
  return String(value)
    .replace(/[\u0000-\u001F\u007F]+/g, ' ')
    .replace(/[\\`*_{}[\]<>#+|~&$]/g, (character) => `\\${character}`)
    // A bare "www." or "https:" would be autolinked by GitHub; a zero-width joiner breaks the pattern invisibly.
    .replace(/(w)(ww\.)/gi, '$1\u200D$2')
    .replace(/(https?)(:)/gi, '$1\u200D$2');
}

/** A Markdown link to an http(s) URL with escaped text, or the escaped text alone when the URL is not http(s). */
export function markdownLink(text: string, url: string | undefined): string {
  const safe = safeHttpUrl(url);
  if (!safe) return escapeMarkdownText(text);
  // Angle brackets allow any character but `<`, `>` and line breaks; those are percent-encoded.
  const destination = safe.replace(/[<>()\s|]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  return `[${escapeMarkdownText(text)}](<${destination}>)`;
}
