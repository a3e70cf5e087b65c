/**
 * Stands in for `entities` in the CLI bundle (an esbuild alias in scripts/build.mjs). markdown-it imports its
 * HTML entity decoder, and loading `entities` builds the decoder's tables from long strings: about 17 M
 * instructions (~3 ms) at the start of every run. markdown-it calls the decoder only where a draft writes an
 * entity such as `&amp;` in inline text, a link or a fence's info string, which most drafts never do, so the real
 * module is loaded at the first decode.
 */
import type * as EntitiesDecode from 'entities/lib/decode.js';

let loaded: typeof EntitiesDecode | undefined;

function entitiesDecode(): typeof EntitiesDecode {
  // A require, not an import: esbuild then keeps the module's code in a closure that runs at this first call. The
  // path is relative because the alias would send 'entities/…' back here.
  return (loaded ??= require('../../node_modules/entities/lib/decode.js') as typeof EntitiesDecode);
}

/** markdown-it's decoder of entities in text, link destinations and titles. */
export function decodeHTML(text: string, mode?: EntitiesDecode.DecodingMode): string {
  return entitiesDecode().decodeHTML(text, mode);
}

/** markdown-it's decoder of one `&…;` entity in inline text. */
export function decodeHTMLStrict(text: string): string {
  return entitiesDecode().decodeHTMLStrict(text);
}
