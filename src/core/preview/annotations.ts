/**
 * What the Markdown preview shows on top of the plain rendering: entity mentions by kind, citations with the titles
 * of their sources, and (in review mode) the uncited assertions with the reason they need a source. Built from the
 * engine's analysis and findings, so the preview says exactly what the editor and the CLI say.
 */
import type { DocumentAnalysis } from '../analysis';
import type { Citation } from '../markdown/types';
import type { EntityKind, Source } from '../sidecar/schema';
import type { Finding, Span } from '../types';

/** One entity mention to highlight. */
export interface EntityAnnotation {
  span: Span;
  kind: EntityKind;
  entityId: string;
  /** Tooltip: the entity's name and kind, and its description when it has one. */
  title: string;
}

/** One citation marker whose sources are named on hover. */
export interface CitationAnnotation {
  span: Span;
  keys: string[];
  /** Tooltip: one line per cited source ("Title — Publisher, date"). */
  title: string;
  /** Whether a cited key is defined nowhere (the marker is shown as a problem). */
  unknown: boolean;
}

/** One sentence that states a checkable fact and cites nothing (review mode only). */
export interface UncitedAnnotation {
  span: Span;
  /** Tooltip: the reason, as the `uncited-assertion` finding words it. */
  title: string;
}

/** Everything the preview adds to one draft; spans are UTF-16 offsets into `text`. */
export interface PreviewAnnotations {
  /** The draft text the spans belong to; the preview renders nothing extra when it renders another text. */
  text: string;
  entities: EntityAnnotation[];
  citations: CitationAnnotation[];
  uncited: UncitedAnnotation[];
}

/** How the preview is asked to annotate a draft. */
export interface PreviewOptions {
  /** Shade uncited assertions (the `sourced.preview.reviewMode` setting). */
  reviewMode: boolean;
}

/** The rule whose findings review mode shades; suppressed or switched-off findings are never shaded. */
const UNCITED_RULE_ID = 'uncited-assertion';

/** Tooltips longer than this are cut: a description is context, not the whole sidecar entry. */
const MAX_DESCRIPTION_LENGTH = 240;

/** How each kind reads in a tooltip. */
const KIND_LABELS: Record<EntityKind, string> = {
  person: 'person',
  organization: 'organisation',
  place: 'place',
  vehicle: 'vehicle',
  event: 'event',
  work: 'work',
  other: 'other',
};

/**
 * The annotations of an analysed draft, or undefined when the draft has nothing to show (no sidecar entries and no
 * registry entries): the preview must then stay exactly the plain preview, review mode or not.
 */
export function buildPreviewAnnotations(
  analysis: DocumentAnalysis,
  findings: readonly Finding[],
  options: PreviewOptions,
): PreviewAnnotations | undefined {
  const { catalog } = analysis;
  if (catalog.sources.size === 0 && catalog.entities.size === 0) return undefined;

  const entities: EntityAnnotation[] = analysis.mentions.map((mention) => {
    const entity = catalog.entities.get(mention.entityId)?.entity;
    return {
      span: mention.span,
      kind: mention.kind,
      entityId: mention.entityId,
      title: entityTitle(entity?.name ?? mention.name, mention.kind, entity?.description),
    };
  });

  const citations: CitationAnnotation[] = [];
  for (const citation of analysis.markdown.citations) {
    const annotation = citationAnnotation(citation, (key) => catalog.sources.get(key)?.source);
    if (annotation) citations.push(annotation);
  }

  const uncited: UncitedAnnotation[] = options.reviewMode
    ? findings
        .filter((finding) => finding.ruleId === UNCITED_RULE_ID && finding.uri === analysis.uri)
        .map((finding) => ({ span: finding.span, title: finding.message }))
    : [];

  return { text: analysis.text, entities, citations, uncited };
}

/** "Marcelo Pecci · person", with the description on a second line when there is one. */
export function entityTitle(name: string, kind: EntityKind, description?: string): string {
  const head = `${oneLine(name)} · ${KIND_LABELS[kind] ?? kind}`;
  const about = description === undefined ? '' : oneLine(description);
  if (about.length === 0) return head;
  return `${head}\n${about.length > MAX_DESCRIPTION_LENGTH ? `${about.slice(0, MAX_DESCRIPTION_LENGTH - 1)}…` : about}`;
}

/** "Mystery Cargo — Foundation for Defense of Democracies, 2022-07-06": what a reader needs to recognise a source. */
export function sourceTitle(source: Source): string {
  const by = source.publisher ?? (Array.isArray(source.author) ? source.author.join(', ') : source.author);
  const details = [by, source.date].filter((part): part is string => part !== undefined && part.trim().length > 0).map(oneLine);
  return details.length > 0 ? `${oneLine(source.title)} — ${details.join(', ')}` : oneLine(source.title);
}

/**
 * The tooltip of a citation marker: one line per cited key, with its locator. Plain links are already links in the
 * preview and carry no key, so they get none; a footnote whose definition cites keys does.
 */
export function citationAnnotation(citation: Citation, sourceOf: (key: string) => Source | undefined): CitationAnnotation | undefined {
  if (citation.items.length === 0) return undefined;
  let unknown = false;
  const lines = citation.items.map((item) => {
    const source = sourceOf(item.key);
    if (!source) {
      unknown = true;
      return `@${item.key}: no source with this key in the sidecar or a registry`;
    }
    const locator = item.locator ? ` (${oneLine(item.locator)})` : '';
    return `${sourceTitle(source)}${locator}`;
  });
  return { span: citation.span, keys: citation.items.map((item) => item.key), title: lines.join('\n'), unknown };
}

/** Sidecar text may hold line breaks and tabs; a tooltip line should not. */
function oneLine(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}
