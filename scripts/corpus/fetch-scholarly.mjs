// Builds a corpus of scholarly prose with real citations, for training and measuring the `uncited-assertion`
// detector on the kind of text Sourced is for (the method of Redi et al., "Citation Needed": a sentence its
// authors cited is one that needs a source). The text comes from the vignettes of R and Bioconductor packages
// that Debian ships (r-cran-*, r-bioc-*): R Markdown vignettes already use Pandoc citations, LaTeX ones (often a
// Journal of Statistical Software paper) are converted by pandoc, which turns \cite/\citep/\citet into them.
//
//   npx tsx scripts/corpus/fetch-scholarly.mjs --list
//       prints the candidate packages that apt-cache knows (no download)
//   npx tsx scripts/corpus/fetch-scholarly.mjs --out /work/corpus/scholarly --packages r-cran-brms,r-cran-lme4
//   npx tsx scripts/corpus/fetch-scholarly.mjs --out /work/corpus/scholarly --packages-file my-packages.txt
//   npx tsx scripts/corpus/fetch-scholarly.mjs --convert some/vignette.Rnw
//       converts one local file and prints the Markdown, to check the conversion by eye
//
// Packages are named explicitly: the script fetches what it is given, it does not sweep the whole archive.
//
// This is a developer's tool, run once by hand, never in CI. It needs Debian's apt-get and dpkg-deb, and pandoc
// (`apt-get install -y pandoc`) for the LaTeX vignettes. It never installs an R package: each .deb is downloaded
// into a temporary folder, only its vignette sources (and copyright file) are extracted, and the .deb is deleted
// at once (disk). The corpus is other people's text: write it OUTSIDE the project (--out is refused inside it).
//
// Output: <out>/<package>--<vignette>.md, one per vignette with at least --min-citations citations, and
// <out>/manifest.json. Deterministic: packages and files are processed in sorted order and nothing time-dependent
// is written, so the same package versions give the same output.
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PLACEHOLDER } from '../../src/core/markdown/types.ts';
import { proseSentences } from '../eval/engine.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

// ---------------------------------------------------------------------------------------------------------------
// Arguments

function parseArgs(argv) {
  const args = { out: null, packages: [], list: false, convert: null, batch: 5, minCitations: 5, timeout: 60, jobs: 2 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) fail(`${arg} needs a value`);
      return argv[++i];
    };
    if (arg === '--out') args.out = resolve(value());
    else if (arg === '--packages') args.packages.push(...value().split(/[\s,]+/).filter(Boolean));
    else if (arg === '--packages-file') args.packages.push(...readFileSync(value(), 'utf8').split(/\s+/).filter((p) => p && !p.startsWith('#')));
    else if (arg === '--list') args.list = true;
    else if (arg === '--convert') args.convert = resolve(value());
    else if (arg === '--batch') args.batch = Math.max(1, Number(value()));
    else if (arg === '--min-citations') args.minCitations = Number(value());
    else if (arg === '--timeout') args.timeout = Number(value());
    // At most 2 pandoc processes: the machine has 2 cores and others benchmark on it.
    else if (arg === '--jobs') args.jobs = Math.min(2, Math.max(1, Number(value())));
    else if (arg === '--help' || arg === '-h') {
      console.log(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(0, 20).join('\n'));
      process.exit(0);
    } else fail(`unknown argument ${arg}`);
  }
  args.packages = [...new Set(args.packages)].sort();
  return args;
}

function fail(message) {
  console.error(`fetch-scholarly: ${message}`);
  process.exit(1);
}

// ---------------------------------------------------------------------------------------------------------------
// Debian side: candidates, download, extraction

/** The R and Bioconductor packages apt-cache knows (run `apt-get update` first), sorted. */
function candidatePackages() {
  const names = [];
  for (const pattern of ['^r-cran-', '^r-bioc-']) {
    const out = execFileSync('apt-cache', ['search', '--names-only', pattern], { encoding: 'utf8', maxBuffer: 64 << 20 });
    for (const line of out.split('\n')) {
      const name = line.split(' - ')[0].trim();
      if (name) names.push(name);
    }
  }
  return [...new Set(names)].sort();
}

/**
 * Downloads a batch of .debs into `dir`. One unknown name makes apt-get refuse the whole call, so on failure each
 * package is tried alone. The sandbox option stops apt from dropping to the _apt user, which cannot write to a
 * root-owned temporary folder (it would only warn, but noisily).
 */
function download(packages, dir) {
  const run = (names) =>
    spawnSync('apt-get', ['download', '-q', '-o', 'APT::Sandbox::User=root', ...names], { cwd: dir, encoding: 'utf8' });
  if (run(packages).status === 0) return [];
  const failed = [];
  for (const name of packages) {
    if (existsSync(debFor(dir, name))) continue;
    const result = run([name]);
    if (result.status !== 0) failed.push({ package: name, reason: (result.stderr || '').trim().split('\n').pop() });
  }
  return failed;
}

function debFor(dir, name) {
  return readdirSync(dir).map((f) => join(dir, f)).find((f) => basename(f).startsWith(`${name}_`) && f.endsWith('.deb'));
}

const VIGNETTE_EXTENSIONS = new Set(['.rmd', '.rnw', '.ltx', '.tex', '.rtex']);

/**
 * Extracts the vignette sources and the copyright file of one .deb into `dest`, without installing it. Returns
 * the package's name, version and the extracted files (paths as in the package, sorted).
 */
function extractVignettes(deb, dest) {
  const field = (name) => execFileSync('dpkg-deb', ['-f', deb, name], { encoding: 'utf8' }).trim();
  const pkg = field('Package');
  const version = field('Version');
  // `dpkg-deb -c` lists like `tar -tv`; symlinks end in ` -> target`.
  const listing = execFileSync('dpkg-deb', ['-c', deb], { encoding: 'utf8', maxBuffer: 64 << 20 }).split('\n');
  const members = [];
  for (const line of listing) {
    const match = /^\S+\s+\S+\s+\d+\s+\S+\s+\S+\s+(\.\/\S.*?)(?: -> (.*))?$/.exec(line);
    if (!match) continue;
    const path = match[1];
    const isVignette = /\/usr\/lib\/R\/site-library\/[^/]+\/doc\/[^/]+$/.test(path) && VIGNETTE_EXTENSIONS.has(extname(path).toLowerCase());
    const isCopyright = path === `./usr/share/doc/${pkg}/copyright`;
    if (!isVignette && !isCopyright) continue;
    if (match[2]) {
      // A symlinked vignette: extract its target instead, when it lives in the same package.
      const target = match[2].startsWith('/') ? `.${match[2]}` : `./${join(dirname(path.slice(2)), match[2])}`;
      members.push({ path, source: target });
    } else members.push({ path, source: path });
  }
  if (members.length) {
    const tar = spawnSync('sh', ['-c', 'dpkg-deb --fsys-tarfile "$0" | tar -x -C "$1" "$@" 2>/dev/null', deb, dest, ...new Set(members.map((m) => m.source))]);
    void tar; // a missing symlink target is not fatal: the file is skipped below
  }
  const files = members
    .filter((m) => m.path !== `./usr/share/doc/${pkg}/copyright` && existsSync(join(dest, m.source)))
    .map((m) => ({ path: m.path.slice(1), local: join(dest, m.source) }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const copyrightPath = join(dest, `usr/share/doc/${pkg}/copyright`);
  const license = existsSync(copyrightPath) ? licenseOf(readFileSync(copyrightPath, 'utf8')) : null;
  return { pkg, version, files, license };
}

/**
 * The licence of the package's own files, from a machine-readable (DEP-5) copyright file: the `License:` of the
 * `Files: *` paragraph, else the first `License:` line. Free-form copyright files give null.
 */
function licenseOf(text) {
  const paragraphs = text.split(/\n\s*\n/);
  const main = paragraphs.find((p) => /^Files:\s*\*\s*$/m.test(p)) ?? paragraphs.find((p) => /^License:/m.test(p));
  const match = main && /^License:[ \t]*(.+)$/m.exec(main);
  return match ? match[1].trim() : null;
}

// ---------------------------------------------------------------------------------------------------------------
// Conversion to Markdown

/** Reads a source file as UTF-8, or as Latin-1 when it is not valid UTF-8 (older Sweave files often are). */
function readText(path) {
  const bytes = readFileSync(path);
  const utf8 = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  const text = utf8.includes('\uFFFD') ? new TextDecoder('latin1').decode(bytes) : utf8;
  // Some vignettes have Windows line ends: every pattern below expects \n.
  return text.replace(/\r\n?/g, '\n');
}

/** R Markdown is already Pandoc Markdown: only its YAML front matter (title, output options) goes. */
function convertRmd(text) {
  return text.replace(/^\uFEFF?---[ \t]*\n[\s\S]*?\n(?:---|\.\.\.)[ \t]*\n/, '');
}

/**
 * Calls `fn(argument)` for each `\name{argument}` (balanced braces, escaped braces skipped) and puts its result in
 * place of the macro. An optional `[...]` or `*` before the argument is dropped.
 */
function replaceMacro(text, name, fn) {
  const opener = new RegExp(`\\\\${name}(?![A-Za-z])\\*?(?:\\[[^\\]]*\\])?\\s*\\{`, 'g');
  let out = '';
  let last = 0;
  let match;
  while ((match = opener.exec(text))) {
    let depth = 1;
    let i = opener.lastIndex;
    for (; i < text.length && depth > 0; i++) {
      if (text[i] === '\\') i++;
      else if (text[i] === '{') depth++;
      else if (text[i] === '}') depth--;
    }
    if (depth > 0) break; // unbalanced: leave the rest alone
    out += text.slice(last, match.index) + fn(text.slice(opener.lastIndex, i - 1));
    last = i;
    opener.lastIndex = i;
  }
  return out + text.slice(last);
}

// Macros of the JSS class and of Bioconductor's style that pandoc does not know: it would drop them and their
// argument, taking words out of sentences. Names of software become plain words; code becomes \texttt, which
// pandoc writes as inline code (which the linter treats as a placeholder, as in hand-written Markdown).
const AS_TEXT = ['pkg', 'proglang', 'dfn', 'CRANpkg', 'Biocpkg', 'Githubpkg', 'Rpackage', 'software', 'Bioconductor', 'pkgname', 'Plaintitle', 'Shorttitle'];
const AS_CODE = ['code', 'fct', 'class', 'Rclass', 'Rfunction', 'Robject', 'Rcode', 'Rcmd', 'Rvar', 'file', 'samp', 'command', 'func', 'argument', 'dataset', 'var'];
// Environments that hold R code or output, not prose: pandoc would read their content as LaTeX text.
const CODE_ENVIRONMENTS = ['Sinput', 'Soutput', 'Scode', 'Schunk', 'Code', 'CodeChunk', 'CodeInput', 'CodeOutput', 'knitrout', 'kframe', 'alltt', 'lstlisting', 'example', 'Verbatim', 'BVerbatim', 'LVerbatim', 'smallverbatim'];

/** Prepares a LaTeX vignette for pandoc: no code chunks, no macros pandoc would drop words with. */
function prepareLatex(text) {
  const source = text.replace(/\r\n?/g, '\n');
  // Only the body is rewritten: the preamble's own \newcommand definitions (of \R, \code, …) must stay intact
  // for pandoc, which expands them; rewriting `\newcommand{\R}` into `\newcommand{R}` makes pandoc fail.
  const begin = source.search(/\\begin\{document\}/);
  const preamble = begin === -1 ? '' : source.slice(0, begin);
  let tex = begin === -1 ? source : source.slice(begin);
  // Sweave and knitr chunks: `<<options>>=` up to a line holding only `@`. They are code, and the blank line in
  // their place keeps the prose around them as separate paragraphs, as they are typeset.
  tex = tex.replace(/^[ \t]*<<[^\n]*>>=[^\n]*\n[\s\S]*?^[ \t]*@[ \t]*(?:%[^\n]*)?$/gm, '\n');
  // knitr's LaTeX (.Rtex) chunks are comment blocks; drop them in case they hold uncommented lines.
  tex = tex.replace(/^%+\s*begin\.rcode[\s\S]*?^%+\s*end\.rcode[^\n]*$/gm, '\n');
  // Code environments: the whole environment goes (Schunk wraps Sinput/Soutput, so take outermost first).
  for (const env of CODE_ENVIRONMENTS) {
    tex = tex.replace(new RegExp(`\\\\begin\\{${env}\\}[\\s\\S]*?\\\\end\\{${env}\\}`, 'g'), '\n');
  }
  // Inline R results (\Sexpr{nrow(x)}) are computed at build time: a code placeholder stands for them.
  tex = replaceMacro(tex, 'Sexpr', () => '\\texttt{R}');
  for (const name of ['SweaveOpts', 'SweaveInput', 'input', 'include', 'bibliography', 'bibliographystyle', 'Keywords', 'Plainkeywords', 'Address', 'Plainauthor']) {
    tex = replaceMacro(tex, name, () => '');
  }
  for (const name of AS_TEXT) tex = replaceMacro(tex, name, (arg) => arg);
  for (const name of AS_CODE) tex = replaceMacro(tex, name, (arg) => `\\texttt{${arg}}`);
  // \R, \Rlogo, \BioC … written without argument: the name itself.
  tex = tex.replace(/\\(R|Rlogo|Rpackage|BioC|Bioconductor|CRAN|Stan|JAGS|BUGS)(?![A-Za-z])(?:\{\})?/g, (_, name) => (name === 'Rlogo' ? 'R' : name));
  // The JSS abstract is a macro of the preamble, which pandoc does not read as text: move it into the body.
  let abstract = '';
  const head = replaceMacro(preamble, 'Abstract', (arg) => {
    abstract = arg;
    return '';
  });
  if (abstract) tex = tex.replace(/\\begin\{document\}/, (m) => `${m}\n\n${prepareLatex(abstract)}\n\n`);
  return head + tex;
}

/**
 * Converts prepared LaTeX with pandoc. Some preambles hold TeX programming (`\def\x#1 #2\relax{…}`) that pandoc's
 * reader rejects: then the body alone is tried, without the custom macros (the common ones are already replaced).
 */
async function convertLatex(tex, timeoutSeconds) {
  const first = await pandocLatex(tex, timeoutSeconds);
  const begin = tex.search(/\\begin\{document\}/);
  if (first.markdown !== null || begin <= 0) return first;
  const second = await pandocLatex(`\\documentclass{article}\n${tex.slice(begin)}`, timeoutSeconds);
  return second.markdown !== null ? second : first;
}

/** Runs pandoc (niced, with a time limit) on LaTeX text; resolves to Markdown, or null when pandoc fails. */
function pandocLatex(tex, timeoutSeconds) {
  return new Promise((done) => {
    const child = execFile(
      'nice',
      ['-n', '10', 'pandoc', '-f', 'latex', '-t', 'markdown-raw_attribute-raw_html-bracketed_spans-native_spans', '--wrap=none'],
      { encoding: 'utf8', timeout: timeoutSeconds * 1000, killSignal: 'SIGKILL', maxBuffer: 64 << 20 },
      (error, stdout, stderr) => done(error ? { markdown: null, error: (stderr || error.message).trim().split('\n')[0] } : { markdown: stdout }),
    );
    child.stdin.end(tex);
  });
}

/**
 * Cleans pandoc's (or an Rmd's) Markdown of what is not prose and would confuse sentence splitting: the
 * bibliography section at the end, figure-only lines, pandoc's empty fenced divs, runs of blank lines.
 */
function cleanMarkdown(md) {
  let text = md.replace(/\r\n?/g, '\n');
  // The references section (in Rmd it is an empty heading that pandoc-citeproc would fill) and all after it.
  // Footnote definitions found there (pandoc and R Markdown authors put them at the end) are kept.
  text = text.replace(/^#{1,6}[ \t]+(?:References?|Bibliography|Literature Cited)(?:[ \t]*\{[^}\n]*\})?[ \t]*$[\s\S]*/im, (tail) =>
    (tail.match(/^\[\^[^\]\n]+\]:.*(?:\n(?: {4}|\t).*)*/gm) ?? []).join('\n\n'),
  );
  // An image alone on a line: a figure, no sentence.
  text = text.replace(/^!\[[^\n]*\]\([^)\n]*\)(?:\{[^}\n]*\})?[ \t]*$/gm, '');
  // Fenced divs pandoc makes of unknown LaTeX environments (center, figure, …) hold no words of their own.
  text = text.replace(/^:::+(?:[ \t]*\{[^}\n]*\}|[ \t]+[\w-]+)?[ \t]*$/gm, '');
  text = outsideCode(text, (prose) =>
    prose
      // Two inline maths side by side (`$a,$$b$`, which pandoc writes for `$a,$ $b$`) would read as a display
      // math opener and pair every later `$$` wrongly: a display `$$` has a space or a line end on one side.
      .replace(/(?<=[^\s$])\$\$(?=[^\s$.,;:!?)\]])/g, '$ $')
      // Display math that pandoc spreads over lines (`$$\label{eq}\n  y = …$$`) goes on one line, so that the
      // paragraph around it stays one block of lines; the \label and LaTeX comments inside carry nothing.
      .replace(/\$\$[\s\S]*?\$\$/g, (math) => math.replace(/\\label\{[^}]*\}/g, '').replace(/%[^\n]*/g, '').replace(/\s*\n\s*/g, ' '))
      // Cross-references (`[3.4](#sec:x){reference-type="ref" …}`) read as their number; an equation reference
      // pandoc could not number (`[\[eq:x\]](#eq:x)…`) reads as "1", as the typeset text would show a number.
      .replace(/\[([^\]\n]*(?:\\\][^\]\n]*)*)\]\(#[^)\n]*\)\{reference-type="[^"]*"[^}\n]*\}/g, (_, label) => (label.startsWith('\\[') ? '1' : label)),
  );
  text = text.replace(/\n{3,}/g, '\n\n').trim();
  return `${text}\n`;
}

/** Applies `fn` to the parts of a Markdown text that are not fenced code blocks. */
function outsideCode(md, fn) {
  const parts = md.split(/(^(`{3,}|~{3,})[^\n]*\n[\s\S]*?^\2[ \t]*$)/m);
  let out = '';
  for (let i = 0; i < parts.length; i++) {
    // split() with two groups yields: prose, whole fence, fence marker, prose, …
    if (i % 3 === 0) out += fn(parts[i]);
    else if (i % 3 === 1) out += parts[i];
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Counting: by the engine the eval and the training read the corpus with (scripts/eval/engine.ts), so that the
// manifest and the --min-citations choice count the sentences and citations the training will see. This is why
// the script runs under tsx.

/** Prose paragraphs, sentences, cited sentences and citation markers of a Markdown document. */
function countDocument(md) {
  const sentences = proseSentences(md);
  let citedSentences = 0;
  let citations = 0;
  for (const sentence of sentences) {
    if (sentence.cited) citedSentences++;
    citations += sentence.text.split(PLACEHOLDER.citation).length - 1;
  }
  return { paragraphs: new Set(sentences.map((sentence) => sentence.paragraph)).size, sentences: sentences.length, citedSentences, citations };
}

// ---------------------------------------------------------------------------------------------------------------
// Main

function family(pkg) {
  return pkg.startsWith('r-cran-') ? 'r-cran' : pkg.startsWith('r-bioc-') ? 'r-bioc' : 'other';
}

/** Runs async tasks at most `limit` at a time, keeping their order in the results. */
async function pool(items, limit, task) {
  const results = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await task(items[i]);
      }
    }),
  );
  return results;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.list) {
    const names = candidatePackages();
    for (const name of names) console.log(name);
    console.error(`${names.length} candidate packages (r-cran-*, r-bioc-*); pass the ones to fetch with --packages`);
    return;
  }
  if (args.convert) {
    // Converts one local vignette source and prints the Markdown: for checking the conversion by eye.
    const source = readText(args.convert);
    const converted = /\.rmd$/i.test(args.convert) ? { markdown: convertRmd(source) } : await convertLatex(prepareLatex(source), args.timeout);
    if (converted.markdown === null) fail(`pandoc failed: ${converted.error}`);
    const markdown = cleanMarkdown(converted.markdown);
    process.stdout.write(markdown);
    console.error(JSON.stringify(countDocument(markdown)));
    return;
  }
  if (!args.out) fail('--out <folder> is required (a folder outside the project)');
  if (!args.packages.length) fail('name the packages to fetch: --packages a,b or --packages-file FILE (see --list)');
  const rel = relative(root, args.out);
  if (!rel.startsWith('..') && !isAbsolute(rel)) fail(`--out ${args.out} is inside the project: the corpus is others' text and must stay outside it`);
  for (const tool of ['apt-get', 'dpkg-deb', 'tar']) {
    if (spawnSync('which', [tool]).status !== 0) fail(`${tool} is missing: this script runs on a Debian machine`);
  }
  if (spawnSync('pandoc', ['--version']).status !== 0) {
    fail('pandoc is missing. It converts the LaTeX vignettes; install it with `apt-get install -y pandoc` (a developer tool for building the corpus once, not a dependency of the project or of CI).');
  }

  mkdirSync(args.out, { recursive: true });
  // A rebuild replaces the previous one: the files an earlier manifest lists go, so that none is left over from
  // a package no longer asked for. Nothing else in the folder is touched.
  const previous = join(args.out, 'manifest.json');
  if (existsSync(previous)) {
    for (const entry of JSON.parse(readFileSync(previous, 'utf8')).documents ?? []) rmSync(join(args.out, basename(entry.file)), { force: true });
  }
  const work = mkdtempSync(join(tmpdir(), 'sourced-corpus-'));
  const manifest = [];
  const skipped = [];
  const unavailable = [];
  const usedNames = new Set();
  try {
    for (let b = 0; b < args.packages.length; b += args.batch) {
      const batch = args.packages.slice(b, b + args.batch);
      const debDir = join(work, 'debs');
      mkdirSync(debDir, { recursive: true });
      unavailable.push(...download(batch, debDir));
      for (const name of batch) {
        const deb = debFor(debDir, name);
        if (!deb) continue;
        const dest = join(work, 'tree', name);
        mkdirSync(dest, { recursive: true });
        const { pkg, version, files, license } = extractVignettes(deb, dest);
        rmSync(deb); // the .deb is not needed any more: keep the disk free
        const docs = await pool(files, args.jobs, async (file) => {
          const ext = extname(file.path).toLowerCase();
          const source = readText(file.local);
          let markdown;
          if (ext === '.rmd') markdown = convertRmd(source);
          else {
            const result = await convertLatex(prepareLatex(source), args.timeout);
            if (result.markdown === null) return { file, skip: `pandoc failed: ${result.error}` };
            markdown = result.markdown;
          }
          markdown = cleanMarkdown(markdown);
          const counts = countDocument(markdown);
          if (counts.citations < args.minCitations) return { file, skip: `${counts.citations} citations (< ${args.minCitations})` };
          return { file, markdown, counts };
        });
        for (const doc of docs) {
          if (doc.skip) {
            skipped.push({ package: pkg, source: doc.file.path, reason: doc.skip });
            continue;
          }
          // <package>--<vignette>.md; the extension is kept only when two vignettes share a stem.
          const stem = basename(doc.file.path, extname(doc.file.path));
          let outName = `${pkg}--${stem}.md`;
          if (usedNames.has(outName)) outName = `${pkg}--${basename(doc.file.path)}.md`;
          usedNames.add(outName);
          writeFileSync(join(args.out, outName), doc.markdown);
          manifest.push({
            file: outName,
            package: pkg,
            family: family(pkg),
            version,
            source: doc.file.path,
            format: extname(doc.file.path).slice(1),
            license,
            ...doc.counts,
          });
        }
        rmSync(dest, { recursive: true, force: true });
        process.stderr.write(`${pkg} ${version}: ${files.length} vignette sources, ${docs.filter((d) => !d.skip).length} kept\n`);
      }
      rmSync(debDir, { recursive: true, force: true });
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }

  manifest.sort((a, b) => (a.file < b.file ? -1 : 1));
  const totals = { documents: 0, paragraphs: 0, sentences: 0, citedSentences: 0, citations: 0 };
  const byFamily = {};
  for (const entry of manifest) {
    const f = (byFamily[entry.family] ??= { documents: 0, sentences: 0, citedSentences: 0 });
    f.documents++;
    f.sentences += entry.sentences;
    f.citedSentences += entry.citedSentences;
    totals.documents++;
    for (const key of ['paragraphs', 'sentences', 'citedSentences', 'citations']) totals[key] += entry[key];
  }
  writeFileSync(
    join(args.out, 'manifest.json'),
    `${JSON.stringify({ packages: args.packages, totals, byFamily, documents: manifest, skipped, unavailable }, null, 2)}\n`,
  );

  console.log(`Corpus in ${args.out}`);
  console.log(`  packages asked ${args.packages.length}, unavailable ${unavailable.length}`);
  console.log(`  documents ${totals.documents} (skipped ${skipped.length}: too few citations or pandoc failed)`);
  console.log(`  paragraphs ${totals.paragraphs}, sentences ${totals.sentences}, cited sentences ${totals.citedSentences}, citations ${totals.citations}`);
  for (const [name, f] of Object.entries(byFamily).sort()) {
    console.log(`  ${name}: ${f.documents} documents, ${f.sentences} sentences, ${f.citedSentences} cited`);
  }
}

await main();
