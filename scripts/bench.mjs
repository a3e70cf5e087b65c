// `npm run bench`: the engine's speed on a generated 1 MB draft with 5,000 entities and 2,000 claims, against
// markdownlint-cli2 on the same file in the same run (machines here are shared and noisy, so only ratios
// measured side by side mean anything). Prints a table; not a test, never fails on a number.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { build } from 'esbuild';
import { generateBenchmark } from './bench/generate.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.env.BENCH_RUNS ?? 5);
const work = join(root, '.cache', 'bench');
mkdirSync(work, { recursive: true });

if (!existsSync(join(root, 'dist', 'cli.js'))) spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });

const { draft, sidecar, entityCount, claimCount } = generateBenchmark();
const draftPath = join(work, 'bench.md');
writeFileSync(draftPath, draft);
writeFileSync(join(work, 'bench.sources.yaml'), sidecar);
// markdownlint-cli2 reads its config from the folder; an empty one means its default rules.
writeFileSync(join(work, '.markdownlint-cli2.jsonc'), '{}\n');

// CI lints many drafts in one run: 20 drafts of about 50 KB, each with its own sidecar (250 entities, 100 claims).
const MANY_FILES = 20;
const manyFolder = join(work, 'many');
rmSync(manyFolder, { recursive: true, force: true });
mkdirSync(manyFolder, { recursive: true });
let manyBytes = 0;
for (let i = 0; i < MANY_FILES; i++) {
  const small = generateBenchmark({ targetBytes: 50 * 1024, entities: 250, claims: 100, sources: 40, seed: 100 + i });
  const name = `draft-${String(i + 1).padStart(2, '0')}`;
  writeFileSync(join(manyFolder, `${name}.md`), small.draft);
  writeFileSync(join(manyFolder, `${name}.sources.yaml`), small.sidecar);
  manyBytes += Buffer.byteLength(small.draft);
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

// CPU time (user + system, all threads) says what a run costs when other work shares the machine, which wall
// time alone hides; GNU time reports it for a child process, with its peak resident memory. Without it those
// columns say n/a.
const gnuTime = ['/usr/bin/time', '/bin/time'].find((path) => existsSync(path));
const cpuFile = join(work, '.cpu-time');

/**
 * Times each command `runs` times after one warm-up run each (which warms the file cache), taking turns: round i
 * runs every command once. Load from other work on a shared machine comes and goes over seconds, so commands timed
 * in blocks one after the other saw different machines; in turns, each ratio compares runs made side by side.
 */
function timeProcesses(commands) {
  const samples = commands.map(() => ({ times: [], cpu: [], rss: [], last: undefined }));
  for (let i = 0; i < runs + 1; i++) {
    commands.forEach(([command, args], c) => {
      const sample = samples[c];
      const started = process.hrtime.bigint();
      sample.last = gnuTime
        ? spawnSync(gnuTime, ['-o', cpuFile, '-f', '%U %S %M', command, ...args], { cwd: work, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 })
        : spawnSync(command, args, { cwd: work, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
      const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
      if (i === 0) return;
      sample.times.push(elapsed);
      if (gnuTime) {
        const [user, system, maxRssKb] = readFileSync(cpuFile, 'utf8').trim().split('\n').at(-1).split(' ').map(Number);
        sample.cpu.push((user + system) * 1000);
        sample.rss.push(maxRssKb / 1024);
      }
    });
  }
  return samples.map(({ times, cpu, rss, last }) => ({
    ms: median(times),
    cpuMs: cpu.length ? median(cpu) : undefined,
    rssMb: rss.length ? median(rss) : undefined,
    status: last.status,
    stdout: last.stdout,
    stderr: last.stderr,
  }));
}

// The core analysis, in process: bundle a tiny entry that exposes the engine, load it once, time lintDocument.
const coreBundle = join(root, '.cache', 'bench-core.cjs');
await build({
  stdin: {
    contents: "export { lintDocument } from './src/core/lint'; export { loadSidecar } from './src/core/sidecar/load'; export { resolveSettings } from './src/core/config';",
    resolveDir: root,
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  outfile: coreBundle,
  logLevel: 'warning',
});
const core = createRequire(import.meta.url)(coreBundle);
const settings = core.resolveSettings();
const coreTimes = { sidecar: [], lint: [] };
let findings = [];
let analysis;
for (let i = 0; i < runs + 1; i++) {
  let started = process.hrtime.bigint();
  const loaded = core.loadSidecar(join(work, 'bench.sources.yaml'), sidecar);
  const sidecarMs = Number(process.hrtime.bigint() - started) / 1e6;
  started = process.hrtime.bigint();
  const result = core.lintDocument({ uri: draftPath, text: draft, sidecar: loaded, settings });
  // The entity mentions are found when first read (no rule needs them; the editor does): read them here, so that
  // this row stays the whole analysis the editor gets.
  const mentionCount = result.analysis.mentions.length;
  const lintMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (mentionCount === 0) throw new Error('the benchmark draft has no entity mentions: the generator is broken');
  if (i > 0) {
    coreTimes.sidecar.push(sidecarMs);
    coreTimes.lint.push(lintMs);
  }
  findings = result.findings;
  analysis = result.analysis;
}
// What the analysis keeps alive: the heap after a full collection, with the last analysis still referenced
// (heapUsed without one counts garbage the collector has not reached yet).
setFlagsFromString('--expose-gc');
runInNewContext('gc')();
const heapMb = process.memoryUsage().heapUsed / 1024 / 1024;

const sourcedBin = join(root, 'bin', 'sourced.js');
const markdownlintBin = join(root, 'node_modules', 'markdownlint-cli2', 'markdownlint-cli2-bin.mjs');
// `sourced lint` finds no entity mentions (no rule reads them); `sourced entities` lists them all, so its row shows
// what the 5,000 names cost a process that needs them.
const [sourced, markdownlint, sourcedMany, markdownlintMany, sourcedEntities] = timeProcesses([
  [process.execPath, [sourcedBin, 'lint', 'bench.md', '--format', 'json']],
  [process.execPath, [markdownlintBin, 'bench.md']],
  [process.execPath, [sourcedBin, 'lint', 'many', '--format', 'json']],
  [process.execPath, [markdownlintBin, 'many/*.md']],
  [process.execPath, [sourcedBin, 'entities', 'bench.md', '--format', 'json']],
]);
for (const [name, run] of [['sourced', sourced], ['sourced (20 files)', sourcedMany], ['sourced entities', sourcedEntities]]) {
  if (run.status === 2) console.error(`${name} failed: ${run.stderr}`);
}
for (const [name, run] of [['markdownlint-cli2', markdownlint], ['markdownlint-cli2 (20 files)', markdownlintMany]]) {
  if (run.status !== 0 && run.status !== 1) console.error(`${name} failed: ${run.stderr}`);
}

const rows = [
  ['core: load sidecar (5,000 entities, 2,000 claims)', median(coreTimes.sidecar)],
  ['core: lintDocument (analysis with entity mentions + rules)', median(coreTimes.lint)],
  ['process: sourced lint bench.md', sourced.ms, sourced.cpuMs, sourced.rssMb],
  ['process: markdownlint-cli2 bench.md', markdownlint.ms, markdownlint.cpuMs, markdownlint.rssMb],
  [`process: sourced lint many/ (${MANY_FILES} drafts, ${(manyBytes / 1024).toFixed(0)} KB)`, sourcedMany.ms, sourcedMany.cpuMs, sourcedMany.rssMb],
  [`process: markdownlint-cli2 many/*.md`, markdownlintMany.ms, markdownlintMany.cpuMs, markdownlintMany.rssMb],
  ['process: sourced entities bench.md (every mention, JSON)', sourcedEntities.ms, sourcedEntities.cpuMs, sourcedEntities.rssMb],
];
const sentences = analysis.sentences.length;
console.log(`Draft: ${(Buffer.byteLength(draft) / 1024).toFixed(0)} KB, ${draft.split('\n').length} lines, ${sentences} sentences; sidecar: ${entityCount} entities, ${claimCount} claims.`);
console.log(`Found: ${analysis.mentions.length} entity mentions, ${findings.length} findings, claim anchors ${JSON.stringify(countBy(analysis.claimAnchors, (a) => a.status))}. Median of ${runs} runs, after one warm-up; the processes take turns.\n`);
console.log('| measurement | median ms | median CPU ms (user + sys) | peak memory MB (max RSS) |');
console.log('|---|---:|---:|---:|');
const processCell = (value, inProcess) => (inProcess ? '(in process)' : value === undefined ? 'n/a' : value.toFixed(0));
for (const [name, ms, cpuMs, rssMb] of rows) {
  const inProcess = name.startsWith('core:');
  console.log(`| ${name} | ${ms.toFixed(1)} | ${processCell(cpuMs, inProcess)} | ${processCell(rssMb, inProcess)} |`);
}
console.log(`\nsourced lint / markdownlint-cli2 (whole process): ${(sourced.ms / markdownlint.ms).toFixed(2)} (target ≤ 0.50)`);
console.log(`same, ${MANY_FILES} drafts: ${(sourcedMany.ms / markdownlintMany.ms).toFixed(2)}`);
console.log(`core lint per sentence: ${((median(coreTimes.lint) * 1000) / sentences).toFixed(1)} µs; heap kept by the analysis (after a full collection): ${heapMb.toFixed(0)} MB`);

function countBy(items, key) {
  const counts = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

// Activation time needs a real VS Code: the packaged .vsix is installed into the integration harness's
// code-server and smoke-tested (`npm run test:vsix`), and the figures come from its result file. Skipped, with
// a line saying why, when code-server is not installed yet (the first `npm test` installs it) or BENCH_ACTIVATION=0.
await reportActivation();

async function reportActivation() {
  const { readdirSync, readFileSync, statSync } = await import('node:fs');
  const { resolve } = await import('node:path');
  if (process.env.BENCH_ACTIVATION === '0') return console.log('\nactivation: skipped (BENCH_ACTIVATION=0)');
  // Where the harness installs code-server (test/integration/runner/install.ts), one folder per version.
  const cache = process.env.SOURCED_IT_CACHE_DIR ? resolve(process.env.SOURCED_IT_CACHE_DIR) : join(root, '.cache', 'vscode-server');
  const installed = existsSync(cache) && readdirSync(cache).some((version) => existsSync(join(cache, version, 'install.json')));
  if (!installed) {
    return console.log(`\nactivation: skipped, code-server is not installed in ${cache} (run \`npm run test:integration\` once; it installs it)`);
  }
  const activationRuns = Math.max(1, Number(process.env.BENCH_ACTIVATION_RUNS ?? 3));
  const resultFile = join(root, 'test-results', 'vsix-result.json');
  const measured = { vscode: [], activate: [] };
  let vsixBytes;
  for (let i = 0; i < activationRuns; i++) {
    const started = Date.now();
    // The first run packages the .vsix; the others start a fresh code-server on that same package.
    const args = [join(root, 'scripts', 'smoke-vsix.mjs'), ...(i > 0 ? ['--no-package'] : [])];
    const run = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const fresh = existsSync(resultFile) && statSync(resultFile).mtimeMs >= started;
    const result = fresh ? JSON.parse(readFileSync(resultFile, 'utf8')) : undefined;
    if (!result?.metrics) {
      const why = `${run.stderr ?? ''}${run.stdout ?? ''}`.trim().split('\n').filter((line) => /failed|error/i.test(line)).at(-1);
      return console.log(`\nactivation: not measured, \`npm run test:vsix\` exited ${run.status}${why ? `: ${why.trim()}` : ''}`);
    }
    if (result.metrics.vscodeActivationMs !== undefined) measured.vscode.push(result.metrics.vscodeActivationMs);
    if (result.metrics.activateMs !== undefined) measured.activate.push(result.metrics.activateMs);
    vsixBytes = result.vsixBytes;
  }
  const figure = (values, digits) => (values.length > 0 ? `${median(values).toFixed(digits)} ms (runs: ${values.map((v) => v.toFixed(digits)).join(', ')})` : 'not reported');
  console.log(`\nactivation of the packaged .vsix in code-server (VS Code 1.139.1), median of ${activationRuns} fresh starts, from \`npm run test:vsix\`:`);
  console.log(`- as VS Code measures it ("Show Running Extensions": loading the bundle + activate()): ${figure(measured.vscode, 0)}`);
  console.log(`- activate() alone (SourcedApi.activationMs, also in the "Sourced" output channel): ${figure(measured.activate, 1)}`);
  if (vsixBytes !== undefined) console.log(`- .vsix size: ${(vsixBytes / 1024).toFixed(1)} KB`);
}
