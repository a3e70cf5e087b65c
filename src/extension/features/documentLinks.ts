/**
 * Document links in sidecars and registries: every source's `url` and `archive` opens in the browser, and in
 * `.sourced.yaml` each `include:` entry opens the registry it names.
 */
import * as vscode from 'vscode';
import { PROJECT_CONFIG_FILE } from '../../core/config';
import { sidecarLinkSpans } from '../../core/sidecar/edits';
import { locate } from '../../core/sidecar/yamlFile';
import { parseDocument, isSeq, isScalar } from 'yaml';
import { spanToRange } from '../convert';
import type { Services } from '../draftStore';
import { CATALOG_FILE_SELECTOR, isCatalogFile } from './definition';

/** Only web links become clickable; anything else in a `url:` field is a schema problem, not a link. */
const WEB_URL = /^https?:\/\/\S+$/i;

class SourcedDocumentLinkProvider implements vscode.DocumentLinkProvider {
  provideDocumentLinks(document: vscode.TextDocument): vscode.DocumentLink[] {
    if (document.uri.path.endsWith(`/${PROJECT_CONFIG_FILE}`)) return includeLinks(document);
    if (!isCatalogFile(document)) return [];
    const links: vscode.DocumentLink[] = [];
    for (const { span, url } of sidecarLinkSpans(document.getText())) {
      if (!WEB_URL.test(url)) continue;
      let target: vscode.Uri;
      try {
        target = vscode.Uri.parse(url, true);
      } catch {
        continue;
      }
      const link = new vscode.DocumentLink(spanToRange(document, span), target);
      link.tooltip = 'Open the source in the browser';
      links.push(link);
    }
    return links;
  }
}

function includeLinks(document: vscode.TextDocument): vscode.DocumentLink[] {
  const parsed = parseDocument(document.getText(), { prettyErrors: false });
  if (parsed.errors.length > 0) return [];
  const includes = locate(parsed, ['include'])?.node;
  if (!isSeq(includes)) return [];
  const folder = vscode.Uri.joinPath(document.uri, '..');
  const links: vscode.DocumentLink[] = [];
  includes.items.forEach((item) => {
    if (!isScalar(item) || typeof item.value !== 'string' || !item.range || /^[a-z][\w+.-]*:/i.test(item.value)) return;
    const [start, end] = item.range;
    const link = new vscode.DocumentLink(spanToRange(document, { start, end }), vscode.Uri.joinPath(folder, item.value));
    link.tooltip = 'Open the registry';
    links.push(link);
  });
  return links;
}

/** Registers the link provider for YAML files (it answers only for sidecars, registries and `.sourced.yaml`). */
export function activate(context: vscode.ExtensionContext, _services: Services): void {
  context.subscriptions.push(vscode.languages.registerDocumentLinkProvider(CATALOG_FILE_SELECTOR, new SourcedDocumentLinkProvider()));
}
