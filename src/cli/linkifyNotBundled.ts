/**
 * Stands in for `linkify-it` in the CLI bundle (an esbuild alias in scripts/build.mjs). markdown-it makes a
 * LinkifyIt in its constructor whether or not linkify is on, and building one compiles linkify-it's large Unicode
 * patterns: a few milliseconds of every `sourced lint`. Sourced's parser never turns linkify on (bare URLs are found
 * by src/core/markdown/citations.ts, with GFM's rules), so markdown-it never calls it; if that changed, these methods
 * throw instead of silently finding no links.
 */
export default class LinkifyNotBundled {
  pretest(): boolean {
    return notBundled();
  }

  test(): boolean {
    return notBundled();
  }

  match(): null {
    return notBundled();
  }

  matchAtStart(): null {
    return notBundled();
  }
}

function notBundled(): never {
  throw new Error('linkify-it is not bundled with the sourced CLI: the Markdown parser must keep linkify off');
}
