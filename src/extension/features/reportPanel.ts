/**
 * "Sourced: Open Citation Report": the draft's citation report in a webview panel beside it, the same report
 * `sourced report` writes. The panel follows the draft (it is rebuilt on every analysis), its rows reveal text in
 * the draft, and it comes back after a window reload. The webview runs under a strict Content-Security-Policy
 * with a nonce, loads only media/ and dist/, and every message either way is validated (src/webview/protocol.ts).
 */
import * as vscode from 'vscode';
import { buildCitationReport, type CitationReport } from '../../core/report/index';
import { basename } from '../../core/text/uri';
import { parsePanelMessage, PanelStateSchema, REPORT_VIEW_TYPE, type ExtensionMessage, type PanelMessage, type RevealMessage } from '../../webview/protocol';
import { isSameLocation, toUri, toVsRange } from '../convert';
import type { AnalysedDraft, Services } from '../draftStore';
import type { ActiveDraft } from '../activeDraft';
import { isDraftLanguage } from '../liveAnalysis';

/** The command this module registers (contributed in package.json). */
export const OPEN_REPORT_COMMAND = 'sourced.openCitationReport';

type ReportServices = Services & { activeDraft?: ActiveDraft };

/** What the webview says it shows: which report (by serial number) of which draft, with how many reveal buttons. */
export interface RenderedReport {
  serial: number;
  draftUri: string;
  revealable: number;
}

/** The citation report of `draft`, as the panel shows it. */
export function reportOf(draft: AnalysedDraft): CitationReport {
  const files = [...(draft.input.sidecar ? [draft.input.sidecar] : []), ...(draft.input.registries ?? [])];
  return buildCitationReport(
    { analysis: draft.result.analysis, findings: [...draft.projectFindings, ...draft.result.findings] },
    { files, draftName: vscode.workspace.asRelativePath(draft.uri) },
  );
}

/** A 128-bit random nonce for the panel's script. */
function nonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** One open report panel and the draft it reports on. */
export class ReportPanel implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly renderedEmitter = new vscode.EventEmitter<RenderedReport>();
  private readonly disposedEmitter = new vscode.EventEmitter<void>();
  private report: CitationReport | undefined;
  private reportJson: string | undefined;
  private rendered: RenderedReport | undefined;
  /** Numbers the reports built for this panel; 0 is what the webview restored from its saved state. */
  private serial = 0;
  private webviewReady = false;

  /** Fires each time the webview has rendered a report it was sent (tests and the log wait on it). */
  readonly onDidRender = this.renderedEmitter.event;
  readonly onDidDispose = this.disposedEmitter.event;

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly draftUri: vscode.Uri,
    private readonly services: ReportServices,
    extensionUri: vscode.Uri,
  ) {
    panel.webview.options = {
      enableScripts: true,
      enableCommandUris: false,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media'), vscode.Uri.joinPath(extensionUri, 'dist')],
    };
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'sourced.svg');
    panel.webview.html = panelHtml(panel.webview, extensionUri, basename(draftUri.path));
    this.disposables.push(
      panel.webview.onDidReceiveMessage((message: unknown) => void this.handleMessage(message)),
      panel.onDidDispose(() => this.dispose()),
      services.store.onDidAnalyse((draft) => {
        if (draft.uri.toString() === this.draftUri.toString()) this.show(draft);
      }),
    );
  }

  /** What the webview last said it rendered, if it rendered anything yet. */
  get lastRendered(): RenderedReport | undefined {
    return this.rendered;
  }

  /** The report last built for the webview. */
  get currentReport(): CitationReport | undefined {
    return this.report;
  }

  /** Shows the latest analysis of the draft, analysing it first when the store has none. */
  async refresh(): Promise<void> {
    const draft = this.services.store.get(this.draftUri) ?? (await this.services.store.analyseUri(this.draftUri));
    if (draft) this.show(draft);
    // Undefined also means a newer analysis overtook this one: its onDidAnalyse brings the report then.
    else if ((await this.services.store.readText(this.draftUri)) === undefined) {
      void this.post({ type: 'no-report', message: `${basename(this.draftUri.path)} does not exist or cannot be read.` });
    }
  }

  /** The serial number of the report last built; the webview echoes it once it shows that report. */
  get currentSerial(): number {
    return this.serial;
  }

  private show(draft: AnalysedDraft): void {
    const report = reportOf(draft);
    // Saving, or typing that changes nothing the report shows, re-analyses too: the panel keeps its page then.
    const json = JSON.stringify(report);
    if (json === this.reportJson) return;
    this.report = report;
    this.reportJson = json;
    this.serial++;
    if (this.webviewReady) void this.post({ type: 'report', serial: this.serial, report: this.report });
  }

  private post(message: ExtensionMessage): Thenable<boolean> {
    return this.panel.webview.postMessage(message);
  }

  /**
   * Handles one message from the webview; the panel's messages and tests come through here. Resolves true when
   * the message was valid and acted upon.
   */
  async handleMessage(raw: unknown): Promise<boolean> {
    const message = parsePanelMessage(raw);
    if (!message) {
      this.services.output.warn('The citation report panel sent a message outside its protocol; ignored.');
      return false;
    }
    return this.dispatch(message);
  }

  private async dispatch(message: PanelMessage): Promise<boolean> {
    switch (message.type) {
      case 'ready':
        this.webviewReady = true;
        if (this.report) await this.post({ type: 'report', serial: this.serial, report: this.report });
        else await this.refresh();
        return true;
      case 'rendered':
        this.rendered = { serial: message.serial, draftUri: message.draftUri, revealable: message.revealable };
        this.renderedEmitter.fire(this.rendered);
        return true;
      case 'reveal':
        return this.reveal(message);
    }
  }

  /**
   * Shows a range of the draft, its sidecar or a registry of its project, in the editor group of the draft when it
   * is visible. A URI the report does not name is refused: the webview does not choose what the editor opens.
   */
  private async reveal(message: RevealMessage): Promise<boolean> {
    if (!this.reportNames(message.uri)) {
      this.services.output.warn(`The citation report asked to show ${message.uri}, which it is not about; ignored.`);
      return false;
    }
    const uri = toUri(message.uri);
    try {
      const document = await vscode.workspace.openTextDocument(uri);
      const range = document.validateRange(toVsRange(message.range));
      const visible = vscode.window.visibleTextEditors.find((editor) => editor.document.uri.toString() === uri.toString());
      const column = visible?.viewColumn ?? this.draftColumn();
      const editor = await vscode.window.showTextDocument(document, { viewColumn: column, preserveFocus: false, preview: false, selection: range });
      editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
      return true;
    } catch (error) {
      void vscode.window.showWarningMessage(`Sourced could not show ${vscode.workspace.asRelativePath(uri)}: ${(error as Error).message}`);
      return false;
    }
  }

  /** Whether the report points at `location`: the draft, or a file a row of it targets. */
  private reportNames(location: string): boolean {
    if (isSameLocation(location, this.draftUri)) return true;
    const report = this.report;
    if (!report) return false;
    const targets = [
      ...report.claims.map((claim) => claim.target),
      ...report.sources.map((source) => source.target),
      ...report.uncited.map((row) => row.target),
    ];
    return targets.some((target) => target?.uri === location);
  }

  /** The editor group to open the draft in: where it is open, else the group the panel is not in. */
  private draftColumn(): vscode.ViewColumn {
    const tab = vscode.window.tabGroups.all
      .flatMap((group) => group.tabs)
      .find((candidate) => candidate.input instanceof vscode.TabInputText && candidate.input.uri.toString() === this.draftUri.toString());
    if (tab) return tab.group.viewColumn;
    return this.panel.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One;
  }

  dispose(): void {
    this.disposedEmitter.fire();
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
    this.renderedEmitter.dispose();
    this.disposedEmitter.dispose();
    this.panel.dispose();
  }
}

/**
 * The panel's page: no content of its own (the script renders the report), a stylesheet and a script from the
 * extension's folders, and a policy that allows nothing else.
 */
export function panelHtml(webview: vscode.Webview, extensionUri: vscode.Uri, draftName: string): string {
  const scriptNonce = nonce();
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'report.css'));
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.js'));
  const policy = [
    "default-src 'none'",
    `style-src ${webview.cspSource}`,
    `script-src 'nonce-${scriptNonce}'`,
    `img-src ${webview.cspSource} data:`,
  ].join('; ');
  // No aria-live on the report: it is rebuilt on every pause in typing, and a screen reader would read it all again.
  const escapedName = draftName.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${policy}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${style}">
<title>Citation Report: ${escapedName}</title>
</head>
<body>
<main id="report" class="sourced-report" aria-busy="true"><p class="empty">Building the citation report of ${escapedName}…</p></main>
<script nonce="${scriptNonce}" src="${script}"></script>
</body>
</html>`;
}

/** Every open report panel, one per draft. */
export class ReportPanels implements vscode.Disposable {
  private readonly panels = new Map<string, ReportPanel>();

  constructor(
    private readonly services: ReportServices,
    private readonly extensionUri: vscode.Uri,
  ) {}

  /** The panel of a draft, if one is open. */
  get(draftUri: vscode.Uri): ReportPanel | undefined {
    return this.panels.get(draftUri.toString());
  }

  /** Opens (or brings forward) the report panel of a draft, beside it. */
  async open(draftUri: vscode.Uri): Promise<ReportPanel> {
    const existing = this.get(draftUri);
    if (existing) {
      existing.panel.reveal(undefined, true);
      await existing.refresh();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(
      REPORT_VIEW_TYPE,
      `Citation Report: ${basename(draftUri.path)}`,
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { enableFindWidget: true },
    );
    return this.adopt(panel, draftUri);
  }

  /** Takes charge of a panel (a new one, or one VS Code restored after a reload). */
  async adopt(panel: vscode.WebviewPanel, draftUri: vscode.Uri): Promise<ReportPanel> {
    const reportPanel = new ReportPanel(panel, draftUri, this.services, this.extensionUri);
    const key = draftUri.toString();
    this.panels.set(key, reportPanel);
    reportPanel.onDidDispose(() => {
      if (this.panels.get(key) === reportPanel) this.panels.delete(key);
    });
    await reportPanel.refresh();
    return reportPanel;
  }

  dispose(): void {
    for (const panel of [...this.panels.values()]) panel.dispose();
    this.panels.clear();
  }
}

/** The draft the command acts on: a URI it was given (explorer, editor title, a sidecar), else the active draft. */
function targetDraft(services: ReportServices, argument: unknown): vscode.Uri | undefined {
  if (argument instanceof vscode.Uri) return services.store.isSidecar(argument) ? services.store.draftUriFor(argument) : argument;
  if (services.activeDraft?.uri) return services.activeDraft.uri;
  const editor = vscode.window.activeTextEditor;
  return editor && isDraftLanguage(editor.document) ? editor.document.uri : undefined;
}

/** Registers the command and the panel serializer; resolves nothing until the command runs. */
export function activate(context: vscode.ExtensionContext, services: ReportServices): ReportPanels {
  const panels = new ReportPanels(services, context.extensionUri);
  context.subscriptions.push(
    panels,
    // Resolves with the panel, so that other commands and the integration tests can talk to it.
    vscode.commands.registerCommand(OPEN_REPORT_COMMAND, async (argument?: unknown) => {
      const draft = targetDraft(services, argument);
      if (!draft) {
        void vscode.window.showInformationMessage('Open a Markdown draft to see its citation report.');
        return undefined;
      }
      return panels.open(draft);
    }),
    vscode.window.registerWebviewPanelSerializer(REPORT_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
        // Only the draft matters: the report is rebuilt, so a state saved by an older version still restores.
        const parsed = PanelStateSchema.pick({ draftUri: true }).safeParse(state);
        if (!parsed.success) {
          // Nothing says which draft it was: a blank panel would only confuse.
          panel.dispose();
          return;
        }
        await panels.adopt(panel, toUri(parsed.data.draftUri));
      },
    }),
  );
  return panels;
}
