/** `sourced check-links` through main(), with an injected transport, clock and cache writer: never the network. */
import { strict as assert } from 'node:assert';
import type { CheckLinksParams } from '../../../src/cli/commands/checkLinks';
import { main } from '../../../src/cli/main';
import type { LinkRequest, LinkRequester, LinkResponse } from '../../../src/core/links/check';
import { CapturedOutput, MemoryFileSystem } from '../../support/memoryFs';

const NOW = Date.UTC(2026, 10, 27, 12);

const SIDECAR = `sources:
  fdd-2022:
    title: Mystery Cargo
    url: https://example.org/mystery-cargo
    archive: https://web.archive.org/web/2022/https://example.org/mystery-cargo
  cijr:
    title: Investigation
    url: https://example.org/cijr
  paper:
    title: A paper with no link
`;

const REGISTRY = `sources:
  shared:
    title: Shared report
    url: https://registry.example/report
    archive: https://archive.example/report
`;

const DRAFT = 'The aircraft landed in Buenos Aires [@fdd-2022] [@cijr].\n';

const ANSWERS: Record<string, LinkResponse> = {
  'https://example.org/mystery-cargo': { status: 404 },
  'https://web.archive.org/web/2022/https://example.org/mystery-cargo': { status: 200 },
  'https://example.org/cijr': { status: 301, location: 'https://example.org/cijr/' },
  'https://example.org/cijr/': { status: 200 },
  'https://registry.example/report': { status: 200 },
  'https://archive.example/report': { status: 200 },
};

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  requests: LinkRequest[];
  fs: MemoryFileSystem;
}

async function run(argv: string[], files: Record<string, string> | MemoryFileSystem, options: { now?: number; answers?: Record<string, LinkResponse>; request?: LinkRequester } = {}): Promise<Run> {
  const fs = files instanceof MemoryFileSystem ? files : new MemoryFileSystem(files);
  const stdout = new CapturedOutput();
  const stderr = new CapturedOutput();
  const requests: LinkRequest[] = [];
  const answers = options.answers ?? ANSWERS;
  const params: CheckLinksParams = {
    argv,
    cwd: '/p',
    fs,
    stdout,
    stderr,
    env: {},
    linkCheck: {
      request:
        options.request ??
        (async (request) => {
          requests.push(request);
          return answers[request.url] ?? { status: 404 };
        }),
      now: () => options.now ?? NOW,
      writeText: async (path, text) => void fs.files.set(path, text),
    },
  };
  const code = await main(params);
  return { code, stdout: stdout.text, stderr: stderr.text, requests, fs };
}

const project = { '/p/draft.md': DRAFT, '/p/draft.sources.yaml': SIDECAR };

interface JsonFinding {
  file: string;
  ruleId: string;
  severity: string;
  message: string;
  line: number;
  column: number;
}

describe('sourced check-links', () => {
  it('reports a broken url as link-broken at its value in the sidecar, and exits 1', async () => {
    const { code, stdout } = await run(['check-links', '--format', 'json'], project);
    assert.equal(code, 1);
    const findings = JSON.parse(stdout) as JsonFinding[];
    const broken = findings.filter((finding) => finding.ruleId === 'link-broken');
    assert.equal(broken.length, 1);
    assert.deepEqual({ file: broken[0].file, line: broken[0].line, column: broken[0].column, severity: broken[0].severity }, { file: 'draft.sources.yaml', line: 4, column: 10, severity: 'warning' });
    assert.match(broken[0].message, /HTTP 404 Not Found\. Its archived copy still answers/);
  });

  it('reports link-no-archive (info) for a source with a url and no archive', async () => {
    const { stdout } = await run(['check-links', '--format', 'json'], project);
    const missing = (JSON.parse(stdout) as JsonFinding[]).filter((finding) => finding.ruleId === 'link-no-archive');
    assert.deepEqual(missing.map((finding) => [finding.line, finding.severity]), [[8, 'info']]);
  });

  it('exits 0 when every link answers (info findings never fail a run)', async () => {
    const { code, stderr } = await run(['check-links'], project, { answers: { ...ANSWERS, 'https://example.org/mystery-cargo': { status: 200 } } });
    assert.equal(code, 0);
    assert.match(stderr, /^Checked 3 links \(3 in sources\): 3 ok, 0 broken\.$/m);
  });

  it('checks each URL once, sends HEAD first, and names Sourced in the User-Agent', async () => {
    const { requests } = await run(['check-links'], { ...project, '/p/other.md': 'x', '/p/other.sources.yaml': SIDECAR.replace('paper', 'paper2') });
    const first = requests.filter((request) => request.url === 'https://example.org/mystery-cargo');
    assert.deepEqual(first.map((request) => request.method), ['HEAD']);
    assert.match(requests[0].headers['User-Agent'], /^Sourced\/\d+\.\d+\.\d+ \(link check; \+https:\/\/github\.com\/sourced-md\/sourced\)$/);
  });

  it("checks the project's shared registries too, once however many drafts include them", async () => {
    const files = {
      ...project,
      '/p/.sourced.yaml': 'include: [registry/shared.yaml]\n',
      '/p/registry/shared.yaml': REGISTRY,
      '/p/second.md': 'Another draft.\n',
    };
    const { requests, stdout } = await run(['check-links', '--format', 'json'], files, { answers: { ...ANSWERS, 'https://registry.example/report': { status: 410 } } });
    assert.equal(requests.filter((request) => request.url === 'https://registry.example/report').length, 1);
    const broken = (JSON.parse(stdout) as JsonFinding[]).find((finding) => finding.file === 'registry/shared.yaml');
    assert.equal(broken?.ruleId, 'link-broken');
    assert.equal(broken?.line, 4);
  });

  it('applies the severities of .sourced.yaml to the network rules', async () => {
    const files = { ...project, '/p/.sourced.yaml': 'rules:\n  link-broken: error\n  link-no-archive: off\n' };
    const { code, stdout } = await run(['check-links', '--format', 'json'], files);
    const findings = JSON.parse(stdout) as JsonFinding[];
    assert.deepEqual(findings.map((finding) => `${finding.ruleId}:${finding.severity}`), ['link-broken:error']);
    assert.equal(code, 1);
  });

  it('accepts a sidecar named on the command line', async () => {
    const { stdout, code } = await run(['check-links', 'draft.sources.yaml', '--format', 'json'], { '/p/draft.sources.yaml': SIDECAR });
    assert.equal(code, 1);
    assert.ok((JSON.parse(stdout) as JsonFinding[]).some((finding) => finding.ruleId === 'link-broken'));
  });

  it('writes the cache under the project root and answers the next run from it, without the network', async () => {
    const first = await run(['check-links'], { ...project, '/p/.sourced.yaml': 'rules: {}\n' });
    const cacheText = first.fs.files.get('/p/.cache/sourced/links.json');
    assert.ok(cacheText, 'the cache file was written');
    const cached = JSON.parse(cacheText) as { version: number; entries: Record<string, { checkedAt: number; verdict: string }> };
    assert.equal(cached.version, 1);
    assert.deepEqual(cached.entries['https://example.org/mystery-cargo'], { checkedAt: NOW, verdict: 'broken', reason: 'HTTP 404 Not Found', httpStatus: 404, redirects: 0 });

    const second = await run(['check-links', '--format', 'json'], first.fs, { now: NOW + 3_600_000 });
    assert.equal(second.requests.length, 0);
    assert.match(second.stderr, /Checked 3 links \(3 in sources\): 2 ok, 1 broken; 3 from the cache\./);
    assert.ok((JSON.parse(second.stdout) as JsonFinding[]).some((finding) => finding.ruleId === 'link-broken'));
  });

  it('checks again once the cached outcomes are older than 24 hours', async () => {
    const first = await run(['check-links'], project);
    const later = await run(['check-links'], first.fs, { now: NOW + 24 * 3_600_000 });
    assert.equal(later.requests.filter((request) => request.method === 'HEAD').length, 4);
  });

  it('with --no-cache, neither reads nor writes the cache', async () => {
    const first = await run(['check-links'], project);
    const before = first.fs.files.get('/p/.cache/sourced/links.json');
    const again = await run(['check-links', '--no-cache'], first.fs, { now: NOW + 1 });
    assert.equal(again.requests.length, 4);
    assert.equal(again.fs.files.get('/p/.cache/sourced/links.json'), before);
  });

  it('writes the cache where --cache-location says', async () => {
    const { fs } = await run(['check-links', '--cache-location', 'tmp/links.json'], project);
    assert.ok(fs.files.has('/p/tmp/links.json'));
    assert.ok(!fs.files.has('/p/.cache/sourced/links.json'));
  });

  it('keeps going when the cache cannot be written, and says so', async () => {
    const fs = new MemoryFileSystem(project);
    const stdout = new CapturedOutput();
    const stderr = new CapturedOutput();
    const params: CheckLinksParams = {
      argv: ['check-links'],
      cwd: '/p',
      fs,
      stdout,
      stderr,
      linkCheck: {
        request: async () => ({ status: 200 }),
        writeText: async () => {
          throw new Error('EACCES: permission denied');
        },
      },
    };
    assert.equal(await main(params), 0);
    assert.match(stderr.text, /the link cache \.cache\/sourced\/links\.json cannot be written \(EACCES: permission denied\)/);
  });

  it('lists the links it could not confirm on stderr, without calling them broken', async () => {
    const { stderr, stdout, code } = await run(['check-links', '--format', 'json'], project, {
      answers: { ...ANSWERS, 'https://example.org/mystery-cargo': { status: 403 } },
    });
    assert.equal(code, 0);
    assert.ok(!(JSON.parse(stdout) as JsonFinding[]).some((finding) => finding.ruleId === 'link-broken'));
    assert.match(stderr, /1 could not be confirmed/);
    assert.match(stderr, /unconfirmed: https:\/\/example\.org\/mystery-cargo \(HTTP 403 Forbidden: the site would not confirm/);
  });

  it('keeps at most --concurrency requests in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const request: LinkRequester = async () => {
      inFlight++;
      most = Math.max(most, inFlight);
      await Promise.resolve();
      await Promise.resolve();
      inFlight--;
      return { status: 200 };
    };
    await run(['check-links', '--concurrency', '1'], project, { request });
    assert.equal(most, 1);
  });

  it('passes --timeout to the checker', async () => {
    const request: LinkRequester = () => new Promise(() => undefined);
    const { stdout } = await run(['check-links', '--timeout', '100', '--format', 'json', '--no-cache'], { '/p/a.md': 'x', '/p/a.sources.yaml': 'sources:\n  k:\n    title: T\n    url: https://slow.example/\n' }, { request });
    const broken = (JSON.parse(stdout) as JsonFinding[]).find((finding) => finding.ruleId === 'link-broken');
    assert.match(broken?.message ?? '', /no answer within 100 ms/);
  });

  for (const [argv, message] of [
    [['--concurrency', '0'], /--concurrency takes a whole number from 1 to 16, not "0"/],
    [['--concurrency', 'lots'], /--concurrency takes a whole number/],
    [['--timeout', '5'], /--timeout takes a whole number from 100 to 120000, not "5"/],
    [['--format', 'xml'], /unknown format "xml"/],
  ] as const) {
    it(`refuses ${argv.join(' ')} with a usage error (exit 2)`, async () => {
      const { code, stderr, requests } = await run(['check-links', ...argv], project);
      assert.equal(code, 2);
      assert.match(stderr, message);
      assert.equal(requests.length, 0);
    });
  }

  it('says there is nothing to check, and exits 0, when no source has a link', async () => {
    const { code, stderr, requests } = await run(['check-links'], { '/p/a.md': 'x', '/p/a.sources.yaml': 'sources:\n  k: {title: T}\n' });
    assert.equal(code, 0);
    assert.equal(requests.length, 0);
    assert.match(stderr, /no source has a url or archive to check/);
  });

  it('writes SARIF and GitHub annotations for the network rules', async () => {
    const sarif = JSON.parse((await run(['check-links', '--format', 'sarif'], project)).stdout);
    const result = sarif.runs[0].results.find((entry: { ruleId: string }) => entry.ruleId === 'link-broken');
    assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, 'draft.sources.yaml');
    assert.equal(result.locations[0].physicalLocation.region.startLine, 4);
    const github = (await run(['check-links', '--format', 'github'], project)).stdout;
    assert.match(github, /^::warning file=draft\.sources\.yaml,line=4,col=10,.*title=Sourced link-broken::The URL of source "fdd-2022" is broken/m);
  });

  it('is listed in --help', async () => {
    const { stdout } = await run(['--help'], {});
    assert.match(stdout, /check-links \[paths…\]\s+Check the url and archive of every source over the network \(link-broken, link-no-archive\)/);
    assert.match(stdout, /--no-cache/);
  });
});

describe('sourced lint and the network rules', () => {
  it('never reports link-broken or link-no-archive, however the sources look', async () => {
    const fs = new MemoryFileSystem(project);
    const stdout = new CapturedOutput();
    const params: CheckLinksParams = {
      argv: ['lint', '--format', 'json'],
      cwd: '/p',
      fs,
      stdout,
      stderr: new CapturedOutput(),
      linkCheck: {
        request: async () => {
          throw new Error('lint must not touch the network');
        },
      },
    };
    await main(params);
    const findings = JSON.parse(stdout.text) as JsonFinding[];
    assert.ok(findings.length > 0);
    assert.ok(!findings.some((finding) => finding.ruleId.startsWith('link-')));
  });
});
