/**
 * "Check Source Links" in a real VS Code, against an HTTP server on 127.0.0.1 that this test starts inside the
 * extension host: the sidecar's URLs point at it, so nothing leaves the machine.
 */
import * as assert from 'node:assert/strict';
import { once } from 'node:events';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import { ruleOf, waitForDiagnostics, waitForExtensionActive, workspaceUri } from './helpers';

const folder = workspaceUri('links-scratch');
const sidecarUri = vscode.Uri.joinPath(folder, 'links.sources.yaml');
const draftUri = vscode.Uri.joinPath(folder, 'links.md');

interface RunResult {
  status: string;
  outcomes?: Array<{ url: string; verdict: string; reason: string }>;
}

describe('link health: "Check Source Links" against a local server', () => {
  let server: http.Server;
  let base: string;
  const requests: Array<{ method?: string; url?: string; userAgent?: string }> = [];

  before(async () => {
    server = http.createServer((request, response) => {
      requests.push({ method: request.method, url: request.url, userAgent: request.headers['user-agent'] });
      if (request.url === '/ok') response.writeHead(200).end();
      else if (request.url === '/moved') response.writeHead(301, { location: '/ok' }).end();
      else if (request.url === '/no-head') response.writeHead(request.method === 'HEAD' ? 405 : 200).end();
      else if (request.url === '/error') response.writeHead(500).end();
      else response.writeHead(404).end();
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const sidecar = [
      'sources:',
      '  gone-report:',
      '    title: A report that was taken down',
      `    url: ${base}/missing`,
      `    archive: ${base}/ok`,
      '  moved-story:',
      '    title: A story that moved',
      `    url: ${base}/moved`,
      '  head-shy:',
      '    title: A site that refuses HEAD',
      `    url: ${base}/no-head`,
      `    archive: "${base}/error"`,
      '  book:',
      '    title: A book with no link',
      '',
    ].join('\n');
    const draft = 'The report was withdrawn in 2021 [@gone-report], the story moved [@moved-story] and the site refuses HEAD [@head-shy].\n';
    // A project config of its own: the example workspace's includes a registry whose URLs are on the internet.
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, '.sourced.yaml'), new TextEncoder().encode('rules: {}\n'));
    await vscode.workspace.fs.writeFile(sidecarUri, new TextEncoder().encode(sidecar));
    await vscode.workspace.fs.writeFile(draftUri, new TextEncoder().encode(draft));
    await waitForExtensionActive();
  });

  after(async () => {
    server.closeAllConnections();
    server.close();
    await once(server, 'close');
  });

  it('reports nothing about links before the command runs: the live lint never goes online', async () => {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(draftUri), { preview: false });
    // "book" is never cited: its unused-source finding shows that the sidecar was analysed.
    const diagnostics = await waitForDiagnostics(sidecarUri, (all) => all.some((diagnostic) => ruleOf(diagnostic) === 'unused-source'));
    assert.deepEqual(diagnostics.filter((diagnostic) => ruleOf(diagnostic)?.startsWith('link-')), []);
    assert.equal(requests.length, 0);
  });

  it('shows link-broken and link-no-archive in the sidecar at the url and archive values', async () => {
    assert.equal(vscode.workspace.isTrusted, true, 'the test workspace is trusted');
    const result = await vscode.commands.executeCommand<RunResult>('sourced.checkSourceLinks', draftUri, { useCache: false });
    assert.equal(result?.status, 'done');
    const verdicts = Object.fromEntries((result.outcomes ?? []).map((outcome) => [outcome.url.slice(base.length), outcome.verdict]));
    assert.deepEqual(verdicts, { '/missing': 'broken', '/ok': 'ok', '/moved': 'ok', '/no-head': 'ok', '/error': 'broken' });

    const diagnostics = await waitForDiagnostics(sidecarUri, (all) => all.filter((diagnostic) => ruleOf(diagnostic)?.startsWith('link-')).length === 3);
    const sidecar = await vscode.workspace.openTextDocument(sidecarUri);
    const shown = diagnostics
      .filter((diagnostic) => ruleOf(diagnostic)?.startsWith('link-'))
      .map((diagnostic) => `${ruleOf(diagnostic)} ${diagnostic.range.start.line}:${sidecar.getText(diagnostic.range)}`)
      .sort();
    assert.deepEqual(shown, [
      `link-broken 11:"${base}/error"`,
      `link-broken 3:${base}/missing`,
      `link-no-archive 7:${base}/moved`,
    ]);
    const broken = diagnostics.find((diagnostic) => ruleOf(diagnostic) === 'link-broken' && diagnostic.range.start.line === 3)!;
    assert.equal(broken.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(broken.message, /The URL of source "gone-report" is broken: HTTP 404 Not Found\. Its archived copy still answers/);
    assert.ok(requests.some((request) => request.method === 'GET' && request.url === '/no-head'), 'HEAD 405 was retried with GET');
    assert.ok(requests.every((request) => /^Sourced for VS Code /.test(request.userAgent ?? '')), 'every request names Sourced');
    assert.deepEqual(
      (result.outcomes ?? []).filter((outcome) => !outcome.url.startsWith(base)),
      [],
      'only the local server was asked',
    );
  });

  it('moves the link diagnostics with an edit of the sidecar, without checking again', async () => {
    const before = requests.length;
    const sidecar = await vscode.workspace.openTextDocument(sidecarUri);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(sidecarUri, new vscode.Position(0, 0), '# checked by the integration test\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const diagnostics = await waitForDiagnostics(sidecarUri, (all) =>
      all.some((diagnostic) => ruleOf(diagnostic) === 'link-broken' && diagnostic.range.start.line === 4),
    );
    const broken = diagnostics.find((diagnostic) => ruleOf(diagnostic) === 'link-broken' && diagnostic.range.start.line === 4)!;
    assert.equal(sidecar.getText(broken.range), `${base}/missing`);
    assert.equal(requests.length, before);
  });
});
