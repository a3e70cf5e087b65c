/**
 * Builds preview annotations the way the extension does (engine analysis and findings of a draft and its sidecar),
 * and markdown-it instances configured like VS Code's preview, for the preview specs.
 */
import MarkdownIt from 'markdown-it';
import { resolveSettings } from '../../../src/core/config';
import { lintDocument } from '../../../src/core/lint';
import { buildPreviewAnnotations, type PreviewAnnotations } from '../../../src/core/preview/annotations';
import { sourcedPreviewPlugin } from '../../../src/core/preview/markdownItPlugin';
import { loadSidecar } from '../../../src/core/sidecar/load';

export const DRAFT_URI = '/drafts/note.md';

/** The annotations of `draft` checked against `sidecarYaml` (no sidecar when undefined). */
export function annotate(draft: string, sidecarYaml: string | undefined, reviewMode = false): PreviewAnnotations | undefined {
  const sidecar = sidecarYaml === undefined ? undefined : loadSidecar('/drafts/note.sources.yaml', sidecarYaml);
  const { analysis, findings } = lintDocument({ uri: DRAFT_URI, text: draft, sidecar, settings: resolveSettings() });
  return buildPreviewAnnotations(analysis, findings, { reviewMode });
}

/** markdown-it as VS Code's preview configures it by default (HTML allowed, linkify on). */
export function previewMarkdownIt(options: MarkdownIt.Options = {}): MarkdownIt {
  return new MarkdownIt({ html: true, linkify: true, ...options });
}

/** Renders `draft` through markdown-it with the plugin, answering every rendering with `annotations`. */
export function renderWith(draft: string, annotations: PreviewAnnotations | undefined, options: MarkdownIt.Options = {}): string {
  const md = sourcedPreviewPlugin(previewMarkdownIt(options), { annotationsFor: () => annotations });
  return md.render(draft);
}

/** The HTML without the tags the plugin adds: what the plain preview renders, when the plugin only added tags. */
export function withoutSourcedTags(html: string): string {
  // The plugin's spans nest only inside each other and hold no other tags, so removing every span tag that opens
  // with a sourced class and as many closing tags right after their content restores the plain rendering.
  let result = html;
  for (;;) {
    const next = result.replace(/<span class="sourced-[^"]*"[^>]*>([^<]*)<\/span>/g, '$1');
    if (next === result) return result;
    result = next;
  }
}

export const SIDECAR = `sources:
  fdd-2022:
    title: Mystery Cargo
    author: Emanuele Ottolenghi
    publisher: Foundation for Defense of Democracies
    date: 2022-07-06
  news-2022:
    title: Prosecutor shot dead
    author: [A. Reporter, B. Reporter]
    date: 2022-05-10
entities:
  pecci:
    name: Marcelo Pecci
    kind: person
    aliases: [Pecci]
    description: Paraguayan prosecutor.
  emtrasur:
    name: Emtrasur
    kind: organization
  cde:
    name: Ciudad del Este
    kind: place
  b747:
    name: Boeing 747
    kind: vehicle
  civ:
    name: Côte d'Ivoire
    kind: place
`;
