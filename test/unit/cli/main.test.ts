import { strict as assert } from 'node:assert';
import { main } from '../../../src/cli/main';
import { CapturedOutput, MemoryFileSystem } from '../../support/memoryFs';

const SIDECAR = `# sources of the draft
sources:
  known:
    title: A report
    publisher: Somebody
    date: 2022-07-06
  never-cited:
    title: Something nobody cites
entities:
  emtrasur:
    name: Emtrasur
    kind: organization
`;

const DRAFT = `# The flight

Emtrasur flew the aircraft with a crew of 18 people in May 2022 [@known].

Officials said the aircraft carried no cargo at all on 13 May 2022.

A later report repeated it [@missing].
`;

async function run(argv: string[], files: Record<string, string>, cwd = '/p', tty = false) {
  const fs = new MemoryFileSystem(files);
  const stdout = new CapturedOutput(tty);
  const stderr = new CapturedOutput(tty);
  const code = await main({ argv, cwd, fs, stdout, stderr, env: {} });
  return { code, stdout: stdout.text, stderr: stderr.text, fs };
}

const project = { '/p/draft.md': DRAFT, '/p/draft.sources.yaml': SIDECAR };

describe('sourced lint', () => {
  it('reports findings with their rule ids and exits 1 when there is an error', async () => {
    const { code, stdout } = await run(['lint'], project);
    assert.equal(code, 1);
    assert.match(stdout, /draft\.md/);
    assert.match(stdout, /unknown-source/);
    assert.match(stdout, /Unknown source "missing"/);
    assert.match(stdout, /uncited-assertion/);
    assert.match(stdout, /unused-source/);
    assert.match(stdout, /problems? \(/);
  });

  it('gives 1-based lines and columns in JSON', async () => {
    const { stdout } = await run(['lint', '--format', 'json'], project);
    const findings = JSON.parse(stdout) as Array<{ file: string; ruleId: string; line: number; column: number; severity: string }>;
    const unknown = findings.find((finding) => finding.ruleId === 'unknown-source');
    assert.ok(unknown);
    assert.equal(unknown.file, 'draft.md');
    assert.equal(unknown.line, 7);
    assert.equal(unknown.column, DRAFT.split('\n')[6].indexOf('@missing') + 1);
    const unused = findings.find((finding) => finding.ruleId === 'unused-source');
    assert.equal(unused?.file, 'draft.sources.yaml');
    assert.equal(unused?.line, 7);
  });

  it('writes SARIF 2.1.0 with rule metadata and regions', async () => {
    const { stdout } = await run(['lint', '--format=sarif'], project);
    const sarif = JSON.parse(stdout);
    assert.equal(sarif.version, '2.1.0');
    const run0 = sarif.runs[0];
    assert.equal(run0.tool.driver.name, 'Sourced');
    assert.ok(run0.tool.driver.rules.some((rule: { id: string }) => rule.id === 'uncited-assertion'));
    const result = run0.results.find((r: { ruleId: string }) => r.ruleId === 'unknown-source');
    assert.equal(result.level, 'error');
    assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, 'draft.md');
    assert.equal(result.locations[0].physicalLocation.region.startLine, 7);
    assert.equal(run0.tool.driver.rules[result.ruleIndex].id, 'unknown-source');
  });

  it('writes the SARIF %SRCROOT% base as a valid file URI when the working folder has spaces or "%"', async () => {
    const files = { '/my work/50% done/draft.md': 'A later report repeated it [@missing].\n' };
    const { stdout } = await run(['lint', '--format=sarif'], files, '/my work/50% done');
    const base = JSON.parse(stdout).runs[0].originalUriBaseIds['%SRCROOT%'].uri as string;
    assert.equal(base, 'file:///my%20work/50%25%20done/');
    assert.equal(decodeURIComponent(new URL(base).pathname), '/my work/50% done/');
  });

  it('writes the SARIF %SRCROOT% base of a Windows drive folder as file:///C:/…/', async () => {
    const files = { 'C:/Users/ana/draft.md': 'A later report repeated it [@missing].\n' };
    const { stdout } = await run(['lint', '--format=sarif'], files, 'C:/Users/ana');
    assert.equal(JSON.parse(stdout).runs[0].originalUriBaseIds['%SRCROOT%'].uri, 'file:///C:/Users/ana/');
  });

  it('writes GitHub workflow annotations, escaping what the command syntax reserves', async () => {
    const { stdout } = await run(['lint', '--format', 'github'], project);
    assert.match(stdout, /^::error file=draft\.md,line=7,col=\d+,endLine=7,endColumn=\d+,title=Sourced unknown-source::Unknown source "missing"/m);
    assert.match(stdout, /^::notice file=draft\.sources\.yaml,line=7/m);
    for (const line of stdout.trim().split('\n')) assert.match(line, /^::(error|warning|notice) /);
  });

  it('exits 0 when only warnings remain within --max-warnings, and 1 above it', async () => {
    const files = { '/p/draft.md': 'Officials said the aircraft carried 40 passengers in 2022.\n' };
    assert.equal((await run(['lint', '--max-warnings', '5'], files)).code, 0);
    assert.equal((await run(['lint', '--max-warnings', '0'], files)).code, 1);
    assert.equal((await run(['lint'], files)).code, 1);
  });

  it('exits 0 and prints nothing for a clean draft', async () => {
    const { code, stdout } = await run(['lint'], { '/p/draft.md': '# Notes\n\nWhy would anyone do that?\n' });
    assert.equal(code, 0);
    assert.equal(stdout, '');
  });

  it('does not fail a --quiet run on warnings it does not show, unless --max-warnings says so', async () => {
    const files = { '/p/draft.md': 'Officials said the aircraft carried 40 passengers in 2022.\n' };
    const quiet = await run(['lint', '--quiet'], files);
    assert.equal(quiet.stdout, '');
    assert.equal(quiet.code, 0);
    assert.equal((await run(['lint', '--quiet', '--max-warnings', '0'], files)).code, 1);
  });

  it('shows only errors with --quiet', async () => {
    const { stdout } = await run(['lint', '--quiet', '--format', 'json'], project);
    const findings = JSON.parse(stdout) as Array<{ severity: string }>;
    assert.ok(findings.length > 0);
    assert.ok(findings.every((finding) => finding.severity === 'error'));
  });

  it('lints every Markdown file below the folder, skipping what .gitignore and node_modules hold', async () => {
    const files = {
      '/p/.gitignore': 'build/\n*.draft.md\n',
      '/p/a.md': 'Hello.\n',
      '/p/docs/b.md': 'Hello.\n',
      '/p/docs/c.draft.md': 'Hello [@x].\n',
      '/p/build/d.md': 'Hello [@x].\n',
      '/p/node_modules/pkg/readme.md': 'Hello [@x].\n',
      '/p/docs/.gitignore': 'private.md\n',
      '/p/docs/private.md': 'Hello [@x].\n',
    };
    const { code, stdout } = await run(['lint', '--format', 'json'], files);
    assert.equal(code, 0, stdout);
    assert.deepEqual(JSON.parse(stdout), []);
  });

  it('accepts globs and explicit files', async () => {
    const files = { '/p/docs/a.md': 'See [@x].\n', '/p/docs/sub/b.md': 'See [@y].\n', '/p/other.md': 'See [@z].\n' };
    const globbed = JSON.parse((await run(['lint', 'docs/**/*.md', '--format', 'json'], files)).stdout) as Array<{ file: string }>;
    assert.deepEqual([...new Set(globbed.map((finding) => finding.file))], ['docs/a.md', 'docs/sub/b.md']);
    const explicit = JSON.parse((await run(['lint', 'other.md', '--format', 'json'], files)).stdout) as Array<{ file: string }>;
    assert.deepEqual([...new Set(explicit.map((finding) => finding.file))], ['other.md']);
  });

  it('finds Quarto and R Markdown drafts in a folder, each with its own sidecar', async () => {
    const files = {
      '/p/report.qmd': '---\ntitle: Report\n---\n\nSee [@known] and [@missing-1].\n',
      '/p/report.sources.yaml': 'sources:\n  known:\n    title: Known\n',
      '/p/analysis.Rmd': '```{r}\nx <- "[@not-a-citation]"\n```\n\nSee [@missing-2].\n',
      '/p/notes.txt': 'See [@missing-3].\n',
    };
    const findings = JSON.parse((await run(['lint', '--format', 'json'], files)).stdout) as Array<{ file: string; ruleId: string; message: string }>;
    const unknown = findings.filter((finding) => finding.ruleId === 'unknown-source').map((finding) => `${finding.file}: ${/"([^"]+)"/.exec(finding.message)?.[1]}`);
    assert.deepEqual(unknown, ['analysis.Rmd: missing-2', 'report.qmd: missing-1']);
  });

  it('lints the Quarto draft a sidecar named on the command line belongs to', async () => {
    const files = { '/p/report.qmd': 'See [@missing-1].\n', '/p/report.sources.yaml': 'sources: {}\n' };
    const { code, stdout, stderr } = await run(['lint', 'report.sources.yaml', '--format', 'json'], files);
    assert.equal(stderr, '');
    assert.equal(code, 1);
    assert.deepEqual([...new Set((JSON.parse(stdout) as Array<{ file: string }>).map((finding) => finding.file))], ['report.qmd']);
  });

  it('reports a missing file in one line and exits 2', async () => {
    const { code, stderr } = await run(['lint', 'nope.md'], project);
    assert.equal(code, 2);
    assert.equal(stderr, 'sourced: nope.md: no such file or no Markdown file matches\n');
  });

  it('says so when a folder named on the command line holds no Markdown file', async () => {
    const { code, stderr } = await run(['lint', 'empty'], { '/p/empty/notes.txt': 'x' });
    assert.equal(code, 2);
    assert.equal(stderr, 'sourced: empty: no such file or no Markdown file matches\n');
  });

  it('skips a binary draft with a one-line error and exits 2', async () => {
    const { code, stderr } = await run(['lint', 'bin.md'], { '/p/bin.md': 'PK\u0003\u0004\u0000\u0000' });
    assert.equal(code, 2);
    assert.match(stderr, /^sourced: bin\.md: looks like a binary file/);
    assert.equal(stderr.trim().split('\n').length, 1);
  });

  it('reports a broken sidecar as a finding at the YAML position, not a crash', async () => {
    const files = { '/p/draft.md': 'Text [@known].\n', '/p/draft.sources.yaml': 'sources:\n  known:\n    title: "unclosed\n' };
    const { code, stdout } = await run(['lint', '--format', 'json'], files);
    assert.equal(code, 1);
    const findings = JSON.parse(stdout) as Array<{ ruleId: string; file: string; line: number }>;
    const syntax = findings.find((finding) => finding.ruleId === 'sidecar-syntax');
    assert.ok(syntax, stdout);
    assert.equal(syntax.file, 'draft.sources.yaml');
  });

  it('uses the shared registries and rule severities of .sourced.yaml', async () => {
    const files = {
      '/p/.sourced.yaml': 'include: [shared/registry.yaml]\nrules:\n  uncited-assertion: off\n',
      '/p/shared/registry.yaml': 'sources:\n  shared-report:\n    title: Shared\n',
      '/p/draft.md': 'Officials said 40 people died [@shared-report]. Another 12 were hurt in 2021.\n',
    };
    const { code, stdout } = await run(['lint', 'draft.md', '--format', 'json'], files);
    assert.equal(code, 0, stdout);
    assert.deepEqual(JSON.parse(stdout), []);
  });

  it('uses the .sourced.yaml nearest to each draft, as the editor does', async () => {
    const files = {
      '/p/a/.sourced.yaml': 'rules:\n  uncited-assertion: off\n',
      '/p/a/draft.md': 'Officials said 40 people died in 2021.\n',
      '/p/b/draft.md': 'Officials said 40 people died in 2021.\n',
    };
    const findings = JSON.parse((await run(['lint', '--format', 'json'], files)).stdout) as Array<{ file: string; ruleId: string }>;
    assert.deepEqual(findings.map((finding) => `${finding.file} ${finding.ruleId}`), ['b/draft.md uncited-assertion']);
  });

  it('never reads a sidecar as a draft: "lint drafts/*" as the shell expands it, and a quoted glob', async () => {
    const files = {
      '/p/drafts/a.md': 'Fine [@known].\n',
      '/p/drafts/a.sources.yaml': 'sources:\n  known:\n    title: Known\n    author: "John Smith, Jr."\n    date: 2020\n',
    };
    const expanded = await run(['lint', 'drafts/a.md', 'drafts/a.sources.yaml', '--format', 'json'], files);
    assert.deepEqual(JSON.parse(expanded.stdout), []);
    assert.equal(expanded.code, 0);
    const globbed = await run(['lint', 'drafts/*', '--format', 'json'], files);
    assert.deepEqual(JSON.parse(globbed.stdout), []);
    assert.equal(globbed.code, 0);
  });

  it('lints the draft of a sidecar named on its own', async () => {
    const files = { '/p/a.md': 'Text [@missing].\n', '/p/a.sources.yaml': 'sources: {}\n' };
    const findings = JSON.parse((await run(['lint', 'a.sources.yaml', '--format', 'json'], files)).stdout) as Array<{ file: string; ruleId: string }>;
    assert.deepEqual(findings.map((finding) => `${finding.file} ${finding.ruleId}`), ['a.md unknown-source']);
  });

  it('exits 2 for a sidecar named on its own whose draft does not exist', async () => {
    const { code, stderr } = await run(['lint', 'lonely.sources.yaml'], { '/p/lonely.sources.yaml': 'sources: {}\n' });
    assert.equal(code, 2);
    assert.match(stderr, /lonely\.sources\.yaml: a sidecar without its draft/);
  });

  it('skips the files a project ignores unless they are named one by one', async () => {
    const files = {
      '/p/.sourced.yaml': 'ignore: ["README.md", "docs/**"]\n',
      '/p/README.md': 'Run it 3 times in 2021 [@x].\n',
      '/p/docs/guide.md': 'Run it 3 times in 2021 [@x].\n',
      '/p/draft.md': 'Fine.\n',
    };
    const walked = await run(['lint', '--format', 'json'], files);
    assert.deepEqual(JSON.parse(walked.stdout), []);
    const named = JSON.parse((await run(['lint', 'README.md', '--format', 'json'], files)).stdout) as Array<{ file: string }>;
    assert.ok(named.length > 0 && named.every((finding) => finding.file === 'README.md'));
  });

  it('skips every draft below a folder the project ignores with a trailing slash ("archive/")', async () => {
    const files = {
      '/p/.sourced.yaml': 'ignore: ["archive/", "old/2020/"]\n',
      '/p/archive/a.md': 'Run it 3 times in 2021 [@x].\n',
      '/p/archive/deep/b.md': 'Run it 3 times in 2021 [@x].\n',
      '/p/old/2020/c.md': 'Run it 3 times in 2021 [@x].\n',
      '/p/old/2021/d.md': 'Fine [@x].\n',
      '/p/notes/archive/e.md': 'Fine [@y].\n',
    };
    const findings = JSON.parse((await run(['lint', '--format', 'json'], files)).stdout) as Array<{ file: string }>;
    assert.deepEqual([...new Set(findings.map((finding) => finding.file))], ['notes/archive/e.md', 'old/2021/d.md']);
  });

  it('reports an include that does not exist in the project config', async () => {
    const files = { '/p/.sourced.yaml': 'include:\n  - missing.yaml\n', '/p/draft.md': 'Hello.\n' };
    const { code, stdout } = await run(['lint', '--format', 'json'], files);
    assert.equal(code, 1);
    const [finding] = JSON.parse(stdout) as Array<{ file: string; line: number; message: string }>;
    assert.equal(finding.file, '.sourced.yaml');
    assert.equal(finding.line, 2);
    assert.match(finding.message, /missing\.yaml/);
  });

  it('rejects an unknown option, an unknown format and a bad --max-warnings with exit 2', async () => {
    assert.equal((await run(['lint', '--frobnicate'], project)).code, 2);
    assert.equal((await run(['lint', '--format', 'xml'], project)).code, 2);
    assert.equal((await run(['lint', '--max-warnings', 'many'], project)).code, 2);
  });

  it('shows progress on a terminal and nothing extra when piped', async () => {
    const files = { '/p/a.md': 'Hi.\n', '/p/b.md': 'Hi.\n' };
    assert.match((await run(['lint'], files, '/p', true)).stderr, /Linting 2\/2/);
    assert.equal((await run(['lint'], files, '/p', false)).stderr, '');
  });
});

describe('sourced entities', () => {
  it('lists every entity mention with id, kind, text, line and column', async () => {
    const { code, stdout } = await run(['entities', 'draft.md', '--format', 'json'], project);
    assert.equal(code, 0);
    const rows = JSON.parse(stdout) as Array<{ id: string; kind: string; text: string; line: number; column: number }>;
    assert.deepEqual(rows, [{ id: 'emtrasur', name: 'Emtrasur', kind: 'organization', text: 'Emtrasur', line: 3, column: 1 }]);
  });

  it('prints a table by default', async () => {
    const { stdout } = await run(['entities', 'draft.md'], project);
    assert.match(stdout, /LINE\s+COL\s+KIND\s+ID\s+TEXT/);
    assert.match(stdout, /1 mention of 1 entity/);
  });
});

describe('sourced init', () => {
  it('creates the sidecar beside the draft and never overwrites it', async () => {
    const files = { '/p/notes/draft.md': 'Hi.\n' };
    const first = await run(['init', 'notes/draft.md'], files);
    assert.equal(first.code, 0);
    assert.equal(first.stdout, 'Created notes/draft.sources.yaml.\n');
    const created = first.fs.files.get('/p/notes/draft.sources.yaml');
    assert.ok(created?.includes('sources: {}'));
    const fs = first.fs;
    fs.files.set('/p/notes/draft.sources.yaml', 'sources: {}  # mine\n');
    const stdout = new CapturedOutput();
    const code = await main({ argv: ['init', 'notes/draft.md'], cwd: '/p', fs, stdout, stderr: new CapturedOutput(), env: {} });
    assert.equal(code, 0);
    assert.match(stdout.text, /already exists; left unchanged/);
    assert.equal(fs.files.get('/p/notes/draft.sources.yaml'), 'sources: {}  # mine\n');
  });

  it('refuses a draft that does not exist', async () => {
    const { code, stderr } = await run(['init', 'ghost.md'], {});
    assert.equal(code, 2);
    assert.match(stderr, /ghost\.md: no such draft/);
  });

  it('refuses a sidecar given in place of its draft instead of creating "draft.sources.yaml.sources.yaml"', async () => {
    const { code, stderr, fs } = await run(['init', 'draft.sources.yaml'], { '/p/draft.sources.yaml': 'sources: {}\n' });
    assert.equal(code, 2);
    assert.match(stderr, /draft\.sources\.yaml is a sidecar/);
    assert.deepEqual([...fs.files.keys()], ['/p/draft.sources.yaml']);
  });
});

describe('sourced schema and help', () => {
  it('prints the JSON Schema of the sidecar', async () => {
    const { code, stdout } = await run(['schema'], {});
    assert.equal(code, 0);
    const schema = JSON.parse(stdout);
    assert.equal(schema.type, 'object');
    assert.ok(schema.properties.sources && schema.properties.entities && schema.properties.claims && schema.properties.accepted);
  });

  it('documents the exit codes and every rule in --help', async () => {
    const { code, stdout } = await run(['--help'], {});
    assert.equal(code, 0);
    assert.match(stdout, /Exit codes:\n\s+0 .*\n\s+1 .*\n\s+2 /);
    for (const id of ['uncited-assertion', 'unknown-source', 'claim-orphaned', 'footnote-unused']) assert.match(stdout, new RegExp(id));
  });

  it('separates every command and option in --help from its description by at least two spaces', async () => {
    const { stdout } = await run(['--help'], {});
    const commandLines = stdout.split('\n').filter((line) => /^  (lint|entities|init|import|export|schema|report|check-links) /.test(line));
    assert.equal(commandLines.length, 8);
    for (const line of commandLines) assert.match(line, /^  \S.*?\S {2,}[A-Z]/, line);
    const importLine = commandLines.find((line) => line.startsWith('  import '));
    assert.match(importLine ?? '', /--into SIDECAR {2,}Import sources/);
  });

  it('exits 2 with usage when no command is given', async () => {
    assert.equal((await run([], {})).code, 2);
  });
});
