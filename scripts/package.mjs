// `npm run package`: builds the production bundle (minified, no source maps), packages it with @vscode/vsce into
// `sourced-<version>.vsix` at the repository root, lists what the .vsix holds and checks it ships only what runs
// and stays under 1 MB. dist/ of the working folder is left alone (the tests and `npm start` load it with its
// source maps). Offline: vsce needs no network with --no-dependencies. `--quiet` prints only a JSON summary line.
// Exit codes: 0 packaged, 1 the package breaks a rule above, 2 the build or vsce failed.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const MAX_VSIX_BYTES = 1024 * 1024;
const quiet = process.argv.includes('--quiet');

// What may ship (issue 3): the bundles the extension loads (not the CLI's, not source maps), media, grammars,
// schemas, the docs files, and the manifest files that vsce itself adds to every package.
const CLI_BUNDLE = 'cli.js';
const SHIPPABLE = [
  /^extension\/dist\/(?!cli\.js$)[^/]+\.(js|css)$/,
  /^extension\/(media|syntaxes|schemas)\/.+$/,
  /^extension\/(package\.json|readme\.md|changelog\.md|LICENSE\.txt|LICENSE)$/i,
  /^extension\.vsixmanifest$/,
  /^\[Content_Types\]\.xml$/,
];

function say(line) {
  if (!quiet) process.stdout.write(`[package] ${line}\n`);
}

function run(command, args, what, cwd) {
  // vsce's own listing goes to stderr with --quiet, so that stdout keeps only the summary line.
  const result = spawnSync(command, args, { cwd, stdio: ['ignore', quiet ? 'ignore' : 'inherit', 'inherit'] });
  if (result.status !== 0) {
    process.stderr.write(`[package] ${what} failed (exit ${result.status ?? result.signal})\n`);
    process.exit(2);
  }
}

function kilobytes(bytes) {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

/** Entries of a zip file from its central directory: no unzip tool and no dependency needed. */
function listZipEntries(buffer) {
  const endOfCentralDirectory = buffer.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (endOfCentralDirectory < 0) throw new Error('not a zip file: no end-of-central-directory record');
  const count = buffer.readUInt16LE(endOfCentralDirectory + 10);
  let offset = buffer.readUInt32LE(endOfCentralDirectory + 16);
  const entries = [];
  for (let i = 0; i < count; i++) {
    if (buffer.readUInt32LE(offset) !== 0x02014b50) throw new Error(`corrupt zip central directory at entry ${i}`);
    const compressedSize = buffer.readUInt32LE(offset + 20);
    const size = buffer.readUInt32LE(offset + 24);
    const nameLength = buffer.readUInt16LE(offset + 28);
    const extraLength = buffer.readUInt16LE(offset + 30);
    const commentLength = buffer.readUInt16LE(offset + 32);
    const name = buffer.toString('utf8', offset + 46, offset + 46 + nameLength);
    entries.push({ name, size, compressedSize });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const vsixName = `${manifest.name}-${manifest.version}.vsix`;
const vsixPath = join(root, vsixName);
const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');

// Packaging happens in a copy of the repository: several people and test runs share this folder, and the
// harness rebuilds dist/ (development mode) whenever src/ changes, which could swap the bundle under vsce.
// The copy keeps everything .vscodeignore decides about; src/ and node_modules/ are links, and the build script
// is the repository's own, so the production bundle is made exactly as `node scripts/build.mjs --production`.
const NOT_COPIED = new Set(['.git', '.cache', '.scratch', '.vscode-test', 'dist', 'node_modules', 'out', 'src', 'test-results']);
mkdirSync(join(root, '.cache'), { recursive: true });
// A folder of its own per run, so that two packaging runs at once cannot remove each other's files.
const stage = mkdtempSync(join(root, '.cache', 'package-'));
process.on('exit', () => rmSync(stage, { recursive: true, force: true }));
for (const entry of readdirSync(root)) {
  if (NOT_COPIED.has(entry) || entry.endsWith('.vsix')) continue;
  cpSync(join(root, entry), join(stage, entry), { recursive: true });
}
symlinkSync(join(root, 'src'), join(stage, 'src'), 'dir');
symlinkSync(join(root, 'node_modules'), join(stage, 'node_modules'), 'dir');

say('building the production bundle (minified, no source maps)…');
run(process.execPath, [join(stage, 'scripts', 'build.mjs'), '--production'], 'node scripts/build.mjs --production', stage);
const bundle = readFileSync(join(stage, 'dist', 'extension.js'), 'utf8');
const bundleBytes = Buffer.byteLength(bundle);
const problems = [];
// esbuild marks each module of an unminified bundle with a `// src/…` comment line.
if (/sourceMappingURL=/.test(bundle) || /^\/\/ (src|node_modules)\//m.test(bundle)) {
  problems.push('dist/extension.js is not the production bundle (it has source maps or is not minified)');
}
rmSync(vsixPath, { force: true });
run(process.execPath, [vsce, 'package', '--no-dependencies', '--out', vsixPath], 'vsce package', stage);

const vsixBytes = statSync(vsixPath).size;
const entries = listZipEntries(readFileSync(vsixPath));
say(`${vsixName}: ${entries.length} files`);
for (const entry of entries) say(`  ${entry.name.padEnd(60)} ${kilobytes(entry.size).padStart(10)}`);
const unexpected = entries.filter((entry) => !SHIPPABLE.some((pattern) => pattern.test(entry.name)));
if (unexpected.length > 0) problems.push(`files that do not run: ${unexpected.map((entry) => entry.name).join(', ')}`);
// A bundle the extension loads at run time (the main file, a webview script it names) must ship, or a feature
// breaks; one that nothing names, in the main bundle or the manifest, is dead weight. Minified code keeps the
// file names it loads as strings, and drops the comments that merely mention one.
const shipped = new Set(entries.map((entry) => entry.name));
const mainFile = manifest.main.replace(/^\.\//, '');
if (!shipped.has(`extension/${mainFile}`)) problems.push(`the package lacks its main file ${mainFile}`);
const namedByTheExtension = bundle + JSON.stringify(manifest.contributes ?? {});
for (const file of readdirSync(join(stage, 'dist'))) {
  const relative = `dist/${file}`;
  if (!file.endsWith('.js') || file === CLI_BUNDLE || relative === mainFile) continue;
  const loaded = namedByTheExtension.includes(file);
  const isShipped = shipped.has(`extension/${relative}`);
  if (loaded && !isShipped) problems.push(`the extension loads ${relative} but the package lacks it: allow it in .vscodeignore`);
  if (!loaded && isShipped) problems.push(`${relative} ships but nothing in the extension loads it: drop it from .vscodeignore`);
}
if (vsixBytes >= MAX_VSIX_BYTES) problems.push(`the .vsix is ${kilobytes(vsixBytes)}, not under 1 MB`);

// One machine-readable line, so scripts (the smoke test, the bench) need not parse the listing.
process.stdout.write(
  `${JSON.stringify({ vsix: vsixName, vsixBytes, extensionBundleBytes: bundleBytes, files: entries.length })}\n`,
);
say(`${vsixName} ${kilobytes(vsixBytes)}; dist/extension.js (production) ${kilobytes(bundleBytes)}`);
for (const problem of problems) process.stderr.write(`[package] ${problem}\n`);
process.exit(problems.length > 0 ? 1 : 0);
