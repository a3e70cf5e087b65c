/**
 * Hovers: an entity mention shows what the sidecar says about the entity; a cited key (in `[@a; @b]`, in-text
 * `@a`, or behind a footnote reference) shows the source; text covered by a claim shows the claim's sources,
 * status and note; a source from a front matter bibliography says which file defines it. In sidecars and
 * registries, a source key used by a claim or an entity shows that source.
 *
 * Everything shown comes from files the writer (or a colleague, or a downloaded project) wrote, so it is
 * untrusted: escaped, no HTML, no command links.
 */
import * as vscode from 'vscode';
import type { ClaimRecord, DocumentAnalysis } from '../../core/analysis';
import type { Citation } from '../../core/markdown/types';
import { claimSourceKey, type ClaimSourceRef, type Entity, type Source } from '../../core/sidecar/schema';
import { basename } from '../../core/text/uri';
import { escapeMarkdown, spanToRange, untrustedMarkdown } from '../convert';
import type { DraftStore, Services } from '../draftStore';
import { DRAFT_SELECTOR, isDraftLanguage } from '../liveAnalysis';
import {
  bibliographyLabel,
  CATALOG_FILE_SELECTOR,
  currentAnalysis,
  isCatalogFile,
  keyOnly,
  resolveDefinition,
  symbolAt,
} from './definition';

/** Quotes longer than this are cut in a hover; the sidecar has the rest. */
const MAX_QUOTE_LENGTH = 400;
const MAX_QUOTES = 3;

/** A URL as a Markdown link when it is a plain http(s) URL, else as escaped text. */
function link(url: string): string {
  if (/^https?:\/\/[^\s()<>\[\]`]+$/i.test(url)) return `[${escapeMarkdown(url)}](${url})`;
  return escapeMarkdown(url);
}

function authors(source: Source): string | undefined {
  if (source.author === undefined) return undefined;
  return Array.isArray(source.author) ? source.author.join(', ') : source.author;
}

/** Markdown for one source: title, author, publisher, date, links and stored quotes. */
export function sourceMarkdown(key: string, source: Source | undefined, definedIn?: string): string {
  if (!source) return `\`@${key.replace(/`/g, '')}\` — *not defined in the sidecar or a registry*`;
  const lines: string[] = [`**${escapeMarkdown(source.title)}** \`@${key.replace(/`/g, '')}\``];
  const byline = [authors(source), source.publisher, source.date].filter((part): part is string => Boolean(part)).map(escapeMarkdown);
  if (byline.length > 0) lines.push(byline.join(' · '));
  const links: string[] = [];
  if (source.url) links.push(link(source.url));
  if (source.archive) links.push(`archived: ${link(source.archive)}`);
  if (source.accessed) links.push(`accessed ${escapeMarkdown(source.accessed)}`);
  if (links.length > 0) lines.push(links.join(' · '));
  for (const quote of (source.quotes ?? []).slice(0, MAX_QUOTES)) {
    const cut = quote.length > MAX_QUOTE_LENGTH ? `${quote.slice(0, MAX_QUOTE_LENGTH)}…` : quote;
    lines.push(`> ${escapeMarkdown(cut.replace(/\s+/g, ' '))}`);
  }
  if ((source.quotes?.length ?? 0) > MAX_QUOTES) lines.push(`*and ${source.quotes!.length - MAX_QUOTES} more quotes*`);
  if (source.note) lines.push(`*${escapeMarkdown(source.note)}*`);
  if (definedIn) lines.push(`*defined in ${escapeMarkdown(definedIn)}*`);
  return lines.join('\n\n');
}

function shortSource(analysis: DocumentAnalysis, key: string): string {
  const source = analysis.catalog.sources.get(key)?.source;
  if (!source) return `\`@${key.replace(/`/g, '')}\` (not defined)`;
  const details = [source.publisher, source.date].filter((part): part is string => Boolean(part)).map(escapeMarkdown);
  return `${escapeMarkdown(source.title)}${details.length ? ` — ${details.join(', ')}` : ''} \`@${key.replace(/`/g, '')}\``;
}

/** Markdown for an entity: name, kind, description, aliases and its sources. */
export function entityMarkdown(analysis: DocumentAnalysis, id: string, entity: Entity): string {
  const lines = [`**${escapeMarkdown(entity.name)}** — ${escapeMarkdown(entity.kind)}`];
  if (entity.description) lines.push(escapeMarkdown(entity.description));
  if (entity.aliases && entity.aliases.length > 0) lines.push(`Also: ${entity.aliases.map(escapeMarkdown).join(', ')}`);
  if (entity.sources && entity.sources.length > 0) {
    lines.push(['Sources:', ...entity.sources.map((key) => `- ${shortSource(analysis, key)}`)].join('\n'));
  }
  lines.push(`*entity \`${id.replace(/`/g, '')}\`*`);
  return lines.join('\n\n');
}

function claimSourceLine(analysis: DocumentAnalysis, ref: ClaimSourceRef): string {
  const key = claimSourceKey(ref);
  const extra = typeof ref === 'string' ? [] : [ref.locator, ref.quote ? `“${ref.quote}”` : undefined].filter((part): part is string => Boolean(part));
  return `- ${shortSource(analysis, key)}${extra.length ? ` — ${extra.map(escapeMarkdown).join(', ')}` : ''}`;
}

/** Markdown for a claim: status, sources (with locators and quotes), note and reviewer. */
export function claimMarkdown(analysis: DocumentAnalysis, record: ClaimRecord, status: string): string {
  const { claim } = record;
  const lines = [`**Claim ${record.index + 1}** — ${escapeMarkdown(claim.status)}${status === 'exact' ? '' : ` (attached: ${escapeMarkdown(status)})`}`];
  if (claim.sources.length > 0) lines.push(['Sources:', ...claim.sources.map((ref) => claimSourceLine(analysis, ref))].join('\n'));
  else lines.push('*No sources yet.*');
  if (claim.note) lines.push(`*${escapeMarkdown(claim.note)}*`);
  if (claim.reviewer || claim.reviewed) {
    lines.push(`Reviewed${claim.reviewer ? ` by ${escapeMarkdown(claim.reviewer)}` : ''}${claim.reviewed ? ` on ${escapeMarkdown(claim.reviewed)}` : ''}`);
  }
  return lines.join('\n\n');
}

function markdown(text: string): vscode.MarkdownString {
  const result = untrustedMarkdown();
  result.appendMarkdown(text);
  return result;
}

class SourcedHoverProvider implements vscode.HoverProvider {
  constructor(private readonly store: DraftStore) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    if (isDraftLanguage(document)) return this.draftHover(document, position, token);
    if (!isCatalogFile(document)) return undefined;
    const symbol = await symbolAt(this.store, document, position, token);
    // On its own definition the entry is right there; a hover would repeat it.
    if (!symbol || symbol.isDefinition || symbol.section !== 'sources') return undefined;
    const definition = await resolveDefinition(this.store, document, symbol.section, symbol.key);
    const where = definition && definition.uri.toString() !== document.uri.toString() ? basename(definition.uri.path) : undefined;
    return new vscode.Hover(markdown(sourceMarkdown(symbol.key, definition?.value as Source | undefined, where)), symbol.range);
  }

  private async draftHover(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    const draft = await currentAnalysis(this.store, document, token);
    if (!draft || token.isCancellationRequested) return undefined;
    const analysis = draft.result.analysis;
    const offset = document.offsetAt(position);
    const parts: string[] = [];
    let range: vscode.Range | undefined;

    const citation = analysis.markdown.citations.find((candidate) => candidate.span.start <= offset && offset < candidate.span.end);
    const definition = analysis.markdown.footnoteDefinitions.find((candidate) => candidate.keys.some((item) => item.keySpan.start <= offset && offset <= item.keySpan.end));
    if (citation && citation.kind !== 'link') {
      const hovered = citation.items.find((item) => item.keySpan.start <= offset && offset <= item.keySpan.end);
      // On one key of a multi-key citation: that source; on the brackets, a footnote label or a locator: all of them.
      const items = hovered && citation.kind !== 'footnote' ? [hovered] : citation.items;
      parts.push(...items.map((item) => sourceMarkdown(item.key, analysis.catalog.sources.get(item.key)?.source, bibliographyLabel(draft, item.key))));
      if (citation.kind === 'footnote') parts.push(...footnoteExtras(citation));
      range = spanToRange(document, hovered && citation.kind !== 'footnote' ? keyOnly(analysis.text, hovered.keySpan) : citation.span);
    } else if (definition) {
      const item = definition.keys.find((candidate) => candidate.keySpan.start <= offset && offset <= candidate.keySpan.end)!;
      parts.push(sourceMarkdown(item.key, analysis.catalog.sources.get(item.key)?.source, bibliographyLabel(draft, item.key)));
      range = spanToRange(document, keyOnly(analysis.text, item.keySpan));
    }

    const mention = analysis.mentions.find((candidate) => candidate.span.start <= offset && offset < candidate.span.end);
    if (mention && !citation) {
      const entity = analysis.catalog.entities.get(mention.entityId)?.entity;
      if (entity) {
        parts.push(entityMarkdown(analysis, mention.entityId, entity));
        range ??= spanToRange(document, mention.span);
      }
    }

    for (const anchor of analysis.claimAnchors) {
      if (!anchor.span || anchor.status === 'orphaned' || anchor.span.start > offset || offset >= anchor.span.end) continue;
      const record = analysis.catalog.claims[anchor.claimIndex];
      if (!record || record.claim.text.startsWith('\u0000')) continue;
      parts.push(claimMarkdown(analysis, record, anchor.status));
      range ??= spanToRange(document, anchor.span);
    }

    if (parts.length === 0) return undefined;
    return new vscode.Hover(parts.map(markdown), range);
  }
}

function footnoteExtras(citation: Citation): string[] {
  if (!citation.url) return citation.items.length === 0 ? [`Footnote ${escapeMarkdown(citation.footnoteLabel ?? '')}`] : [];
  return [`Footnote ${escapeMarkdown(citation.footnoteLabel ?? '')}: ${link(citation.url)}`];
}

/** Registers the hovers for drafts, sidecars and registries. */
export function activate(context: vscode.ExtensionContext, services: Services): void {
  const provider = new SourcedHoverProvider(services.store);
  context.subscriptions.push(
    vscode.languages.registerHoverProvider(DRAFT_SELECTOR, provider),
    vscode.languages.registerHoverProvider(CATALOG_FILE_SELECTOR, provider),
  );
}
