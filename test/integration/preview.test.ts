/**
 * The Markdown preview plugin in the real VS Code: the `extendMarkdownIt` that `activate()` returns (what VS Code's
 * Markdown extension calls, because package.json contributes `markdown.markdownItPlugins`), and the built-in
 * preview pipeline itself through its `markdown.api.render` command.
 */
import * as assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import * as vscode from 'vscode';
import { analysisOf, openDraft, sourcedApi, workspaceUri } from './helpers';

const PREVIEW_RENDER_COMMAND = 'markdown.api.render';
const FDD_TITLE = 'Mystery Cargo — Foundation for Defense of Democracies, 2022-07-06';

/** The text of every span with `className`, in document order. */
function spanTexts(html: string, className: string): string[] {
  const pattern = new RegExp(`<span class="[^"]*\\b${className}\\b[^"]*"[^>]*>([^<]*)`, 'g');
  return [...html.matchAll(pattern)].map((match) => match[1]);
}

function citationTitles(html: string): string[] {
  return [...html.matchAll(/<span class="sourced-citation"[^>]*title="([^"]*)"/g)].map((match) => match[1]);
}

/** Renders as VS Code's preview does: parsed without a document, rendered with `env.currentDocument`. */
function renderLikeThePreview(md: MarkdownIt, document: vscode.TextDocument): string {
  return md.renderer.render(md.parse(document.getText(), {}), md.options, { currentDocument: document.uri });
}

/**
 * A draft with no sidecar in a folder whose own `.sourced.yaml` includes no registry: it has nothing to be checked
 * against (in the example workspace every other draft sees the shared registry).
 */
const scratchFolder = workspaceUri('preview-scratch');

async function draftWithoutSidecar(): Promise<vscode.TextDocument> {
  const encoder = new TextEncoder();
  await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(scratchFolder, '.sourced.yaml'), encoder.encode('sensitivity: medium\n'));
  const uri = vscode.Uri.joinPath(scratchFolder, 'plain.md');
  await vscode.workspace.fs.writeFile(uri, encoder.encode('Emtrasur flew to Ciudad del Este on 13 May 2022 [@fdd-2022].\n'));
  return vscode.workspace.openTextDocument(uri);
}

function assertExampleAnnotated(html: string): void {
  assert.deepEqual(spanTexts(html, 'sourced-entity-person').slice(0, 2), ['Marcelo Pecci', 'Pecci']);
  assert.ok(spanTexts(html, 'sourced-entity-organization').includes('Emtrasur'), 'Emtrasur as an organisation');
  assert.ok(spanTexts(html, 'sourced-entity-place').includes('Ciudad del Este'), 'Ciudad del Este as a place');
  assert.ok(spanTexts(html, 'sourced-entity-vehicle').includes('Boeing 747'), 'the Boeing 747 as a vehicle');
  assert.match(html, /<span class="sourced-entity sourced-entity-person" title="Marcelo Pecci · person/);
  assert.ok(citationTitles(html).includes(FDD_TITLE), `a citation titled "${FDD_TITLE}"`);
}

describe('Markdown preview plugin', () => {
  let document: vscode.TextDocument;
  let api: Awaited<ReturnType<typeof sourcedApi>>;

  let plain: vscode.TextDocument;

  before(async () => {
    document = (await openDraft('cargo.md')).document;
    api = await sourcedApi();
    await analysisOf(api, document);
    plain = await draftWithoutSidecar();
    // Opened without an editor, so nothing else asks for its analysis.
    assert.ok(await api.store.analyse(plain), 'the draft without sidecar is analysed');
  });

  after(async () => {
    await vscode.workspace.fs.delete(scratchFolder, { recursive: true });
  });

  it('contributes itself to the built-in preview and its styles in package.json', () => {
    const manifest = vscode.extensions.getExtension('sourced.sourced')!.packageJSON as { contributes: Record<string, unknown> };
    assert.equal(manifest.contributes['markdown.markdownItPlugins'], true);
    assert.deepEqual(manifest.contributes['markdown.previewStyles'], ['./media/preview.css']);
  });

  it('renders the example draft with entity spans by kind and citation titles through the returned extendMarkdownIt', () => {
    assert.equal(typeof api.extendMarkdownIt, 'function');
    const md = api.extendMarkdownIt(new MarkdownIt({ html: true, linkify: true }));
    assertExampleAnnotated(renderLikeThePreview(md, document));
  });

  it('renders a draft without a sidecar exactly like markdown-it without the plugin', () => {
    const md = api.extendMarkdownIt(new MarkdownIt({ html: true, linkify: true }));
    assert.equal(renderLikeThePreview(md, plain), new MarkdownIt({ html: true, linkify: true }).render(plain.getText()));
  });

  describe('through VS Code\u2019s own preview pipeline (markdown.api.render)', () => {
    before(async function () {
      const commands = await vscode.commands.getCommands(true);
      // The command belongs to the built-in Markdown extension; without it there is no preview to extend.
      if (!commands.includes(PREVIEW_RENDER_COMMAND)) this.skip();
    });

    after(async () => {
      await vscode.workspace.getConfiguration('sourced').update('preview.reviewMode', undefined, vscode.ConfigurationTarget.Workspace);
    });

    it('includes the entity spans and citation titles', async () => {
      const html = await vscode.commands.executeCommand<string>(PREVIEW_RENDER_COMMAND, document);
      assertExampleAnnotated(html);
      assert.equal(spanTexts(html, 'sourced-uncited').length, 0, 'review mode is off by default');
    });

    it('shades uncited assertions with their reason once review mode is switched on', async () => {
      await vscode.workspace.getConfiguration('sourced').update('preview.reviewMode', true, vscode.ConfigurationTarget.Workspace);
      const html = await vscode.commands.executeCommand<string>(PREVIEW_RENDER_COMMAND, document);
      assert.match(html, /<span class="sourced-uncited" title="Uncited assertion: it gives a date: &#34;On 10 May 2022&#34;/);
      assert.doesNotMatch(html, /sourced-uncited[^>]*>The crew had landed/, 'the sentence under a suppression comment');
    });

    it('leaves a draft without a sidecar as the plain preview renders it, also in review mode', async () => {
      const html = await vscode.commands.executeCommand<string>(PREVIEW_RENDER_COMMAND, plain);
      assert.match(html, /Emtrasur flew to Ciudad del Este/);
      assert.doesNotMatch(html, /sourced-/);
    });
  });
});
