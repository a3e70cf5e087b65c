/**
 * The report panel's browser script (src/webview/main.ts) in a real headless Chromium, under the same kind of
 * Content-Security-Policy the panel uses: it renders what it is sent, refuses what is not the protocol, turns
 * Enter on a row into a reveal message and shows sidecar text as text. `acquireVsCodeApi` is a stub that records
 * what the script posts. Needs Chrome or Chromium (as the integration suite does; CHROME_PATH to choose one).
 */
import { strict as assert } from 'node:assert';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { Page } from 'playwright-core';
import { findChromium, launchChromium, type LaunchedBrowser } from '../../integration/runner/browser';
import type { CitationReport } from '../../../src/core/report/index';
import { fixtureReport } from './fixture';

const NONCE = 'dGVzdC1ub25jZS0xMjM0NTY3OA';
const root = join(__dirname, '..', '..', '..');

async function bundle(): Promise<string> {
  const result = await build({ entryPoints: [join(root, 'src/webview/main.ts')], bundle: true, write: false, platform: 'browser', format: 'iife', target: 'es2022', logLevel: 'silent' });
  return result.outputFiles[0].text.replace(/<\/script/gi, '<\\/script');
}

function page(script: string, css: string, savedState?: unknown): string {
  return `<!DOCTYPE html><html><head>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-${NONCE}'; img-src data:">
<style>${css}</style></head><body>
<main id="report" aria-busy="true"><p>Building…</p></main>
<script nonce="${NONCE}">
window.__posted = [];
window.__state = ${JSON.stringify(savedState ?? null)};
window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(m), getState: () => window.__state, setState: (s) => { window.__state = s; } });
</script>
<script nonce="${NONCE}">${script}</script>
</body></html>`;
}

type Posted = Array<{ type: string; [key: string]: unknown }>;

const posted = (target: Page) => target.evaluate(() => (window as unknown as { __posted: Posted }).__posted);

async function send(target: Page, message: unknown): Promise<void> {
  await target.evaluate((data) => window.postMessage(data, '*'), message as object);
}

/** Resolves once the script has posted a message satisfying `predicate` (messages are posted, not timed). */
async function postedMessage(target: Page, predicate: string): Promise<Posted[number]> {
  const handle = await target.waitForFunction(`window.__posted.find(${predicate})`, undefined, { timeout: 10_000 });
  return (await handle.jsonValue()) as Posted[number];
}

describe('the report panel script in a browser', function () {
  this.timeout(60_000);
  let launched: LaunchedBrowser;
  let tmp: string;
  let script: string;
  let css: string;
  let tab: Page;

  before(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'sourced-webview-'));
    [script, css] = await Promise.all([bundle(), readFile(join(root, 'media/report.css'), 'utf8')]);
    launched = await launchChromium(findChromium(), { tmp, headless: true });
  });

  after(async () => {
    await launched?.close();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  beforeEach(async () => {
    tab = await launched.browser.newPage();
  });

  afterEach(async () => {
    await tab.close();
  });

  it('asks for the report once loaded, then renders the one it is sent and says so', async () => {
    await tab.setContent(page(script, css));
    await postedMessage(tab, "(m) => m.type === 'ready'");
    const report = fixtureReport();
    await send(tab, { type: 'report', serial: 3, report });
    const rendered = await postedMessage(tab, "(m) => m.type === 'rendered'");
    assert.equal(rendered.serial, 3);
    assert.equal(rendered.draftUri, report.draft.uri);
    assert.equal(await tab.textContent('h1'), 'Citation report: draft.md');
    assert.equal(rendered.revealable, await tab.locator('button.reveal').count());
    assert.equal(await tab.getAttribute('#report', 'aria-busy'), 'false');
  });

  it('reveals the row\'s text when Enter is pressed on it, with a visible focus outline', async () => {
    await tab.setContent(page(script, css));
    const report = fixtureReport();
    await send(tab, { type: 'report', serial: 1, report });
    await postedMessage(tab, "(m) => m.type === 'rendered'");
    // Tab from the top of the page to the first row, as a keyboard user does.
    await tab.keyboard.press('Tab');
    const focused = await tab.evaluate(() => {
      const active = document.activeElement as HTMLElement;
      return { className: active.className, outline: getComputedStyle(active).outlineStyle };
    });
    assert.equal(focused.className, 'reveal');
    assert.notEqual(focused.outline, 'none');
    await tab.keyboard.press('Enter');
    const reveal = await postedMessage(tab, "(m) => m.type === 'reveal'");
    const first = report.claims.find((claim) => claim.target)!.target!;
    assert.deepEqual(reveal, { type: 'reveal', uri: first.uri, range: first.range });
  });

  it('ignores messages outside the protocol and keeps what it showed', async () => {
    await tab.setContent(page(script, css));
    await postedMessage(tab, "(m) => m.type === 'ready'");
    const report = fixtureReport();
    await send(tab, { type: 'report', serial: 1, report: { ...report, version: 99 } });
    await send(tab, { type: 'html', html: '<h1>injected</h1>' });
    await send(tab, { type: 'no-report', message: 'The draft was deleted.' });
    await tab.waitForFunction(() => document.querySelector('#report')?.textContent === 'The draft was deleted.', undefined, { timeout: 10_000 });
    assert.equal(await tab.locator('h1').count(), 0);
    assert.ok(!(await posted(tab)).some((message) => message.type === 'rendered'));
  });

  it('shows hostile sidecar text as text', async () => {
    await tab.setContent(page(script, css));
    const report: CitationReport = fixtureReport();
    report.draft.name = '<img src=x onerror="window.__pwned=1">';
    report.sources[0].title = '<script>window.__pwned=2</script>';
    report.sources[0].url = 'javascript:window.__pwned=3';
    report.uncited[0].text = '"><iframe srcdoc="<b>x</b>"></iframe>';
    await send(tab, { type: 'report', serial: 1, report });
    await postedMessage(tab, "(m) => m.type === 'rendered'");
    assert.equal(await tab.locator('#report img, #report script, #report iframe').count(), 0);
    assert.equal(await tab.textContent('h1'), 'Citation report: <img src=x onerror="window.__pwned=1">');
    assert.ok((await tab.textContent('#report'))!.includes('<script>window.__pwned=2</script>'));
    assert.equal(await tab.locator('a[href^="javascript"]').count(), 0);
    assert.equal(await tab.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
  });

  it('reveals a row\'s text when the row is clicked outside its button', async () => {
    await tab.setContent(page(script, css));
    const report = fixtureReport();
    await send(tab, { type: 'report', serial: 1, report });
    await postedMessage(tab, "(m) => m.type === 'rendered'");
    const row = report.uncited[0];
    await tab.locator('section[aria-labelledby="uncited-heading"] tbody tr').first().locator('td').nth(1).click();
    const reveal = await postedMessage(tab, "(m) => m.type === 'reveal'");
    assert.deepEqual(reveal, { type: 'reveal', uri: row.target.uri, range: row.target.range });
  });

  it('shows the report it saved before a reload at once', async () => {
    const report = fixtureReport();
    await tab.setContent(page(script, css, { draftUri: report.draft.uri, report }));
    const rendered = await postedMessage(tab, "(m) => m.type === 'rendered'");
    assert.equal(rendered.serial, 0);
    assert.equal(await tab.textContent('h1'), 'Citation report: draft.md');
  });
});
