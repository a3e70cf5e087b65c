/// <reference lib="dom" />
/**
 * The browser side of the citation report panel. It renders the report it is sent (with the same renderer as
 * the CLI's HTML file, every string escaped) and turns activated rows into `reveal` messages. Every message is
 * validated against the protocol first; anything else is ignored. Bundled for the browser into dist/webview.js.
 */
import { renderReportBody } from '../core/report/html';
import type { CitationReport } from '../core/report/schema';
import { parseExtensionMessage, parseRangeAttribute, PanelStateSchema, type PanelMessage, type PanelState } from './protocol';

interface VsCodeApi {
  postMessage(message: PanelMessage): void;
  getState(): unknown;
  setState(state: PanelState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const root = document.getElementById('report') as HTMLElement;

function render(report: CitationReport, serial: number): void {
  const focused = focusedButtonIndex();
  root.innerHTML = renderReportBody(report, { interactive: true });
  root.setAttribute('aria-busy', 'false');
  restoreFocus(focused);
  vscode.setState({ draftUri: report.draft.uri, report });
  vscode.postMessage({ type: 'rendered', serial, draftUri: report.draft.uri, revealable: root.querySelectorAll('button.reveal').length });
}

function showMessage(message: string): void {
  const paragraph = document.createElement('p');
  paragraph.className = 'empty';
  paragraph.textContent = message;
  root.replaceChildren(paragraph);
  root.setAttribute('aria-busy', 'false');
}

/** Which reveal button had the focus, so a re-render (the writer typed) does not throw the reader's place away. */
function focusedButtonIndex(): number {
  const active = document.activeElement;
  if (!(active instanceof HTMLButtonElement) || !root.contains(active)) return -1;
  return Array.from(root.querySelectorAll('button.reveal')).indexOf(active);
}

function restoreFocus(index: number): void {
  if (index < 0) return;
  const buttons = root.querySelectorAll<HTMLButtonElement>('button.reveal');
  buttons[Math.min(index, buttons.length - 1)]?.focus({ preventScroll: true });
}

window.addEventListener('message', (event: MessageEvent) => {
  const message = parseExtensionMessage(event.data);
  if (!message) {
    console.warn('Sourced report: ignored a message that is not part of the protocol');
    return;
  }
  if (message.type === 'report') render(message.report, message.serial);
  else showMessage(message.message);
});

// One listener for every row: buttons are replaced on each render. Buttons answer Enter and Space natively; a
// click elsewhere in a row reveals its first target too, unless it follows a link or ends selecting text.
root.addEventListener('click', (event) => {
  const target = event.target as Element | null;
  let button = target?.closest?.('button.reveal');
  if (!button && !target?.closest?.('a') && window.getSelection()?.isCollapsed !== false) button = target?.closest?.('tr')?.querySelector('button.reveal') ?? null;
  if (!(button instanceof HTMLButtonElement)) return;
  const uri = button.dataset.uri;
  const range = parseRangeAttribute(button.dataset.range);
  if (uri && range) vscode.postMessage({ type: 'reveal', uri, range });
});

// After a reload the last report shows at once; the extension sends a fresh one when it answers `ready`.
const saved = PanelStateSchema.safeParse(vscode.getState());
if (saved.success && saved.data.report) render(saved.data.report, 0);
vscode.postMessage({ type: 'ready' });
