#!/usr/bin/env node
'use strict';
// The bundled CLI is built by `npm install` (prepare script) into dist/cli.js, together with a V8 code cache of
// it (dist/cli.js.codecache, see scripts/build.mjs). `sourced` is a short-lived process: compiling the 700 KB
// bundle, and then each function on its first call, is a noticeable part of every run, and the cache holds the
// bytecode of the functions a small lint ran. Whenever the cache cannot be used (missing, made for another
// bundle or another Node), the bundle is loaded exactly as before.
const fs = require('node:fs');
const path = require('node:path');

const BUNDLE = path.join(__dirname, '..', 'dist', 'cli.js');
const CODE_CACHE = `${BUNDLE}.codecache`;
/** Set by scripts/build.mjs for the one run that writes the cache. */
const WRITE_CODE_CACHE = 'SOURCED_WRITE_CODE_CACHE';
const CODE_CACHE_FORMAT = 'sourced-code-cache 1';

/**
 * What the cache was made for: the bundle's size and modification time (a rebuild changes them) and the Node
 * version and architecture. V8 checks its own version and the source's length too, and rejects a cache that
 * does not fit; this catches a rebuilt bundle of the same length.
 */
function cacheIdentity(bundleStat) {
  return `${CODE_CACHE_FORMAT} ${bundleStat.size} ${bundleStat.mtimeMs} ${process.version} ${process.arch}\n`;
}

/** The cached data for the bundle as it is now, or undefined. */
function readCodeCache(identity) {
  let file;
  try {
    file = fs.readFileSync(CODE_CACHE);
  } catch {
    return undefined;
  }
  const headerEnd = file.indexOf(10) + 1;
  if (headerEnd === 0 || file.toString('latin1', 0, headerEnd) !== identity) return undefined;
  return file.subarray(headerEnd);
}

/**
 * Compiles and runs the bundle as Node's CommonJS loader would (the same wrapper function and arguments), but
 * through vm.Script, which takes and makes V8 code caches. The wrapper's line is line -1, so that stack traces
 * keep the bundle's own lines and columns.
 */
function runBundle(source, cachedData) {
  const vm = require('node:vm');
  const { createRequire } = require('node:module');
  const wrapped = `(function (exports, require, module, __filename, __dirname) {\n${source}\n})`;
  const script = new vm.Script(wrapped, { filename: BUNDLE, lineOffset: -1, cachedData });
  const bundleModule = { exports: {}, filename: BUNDLE, id: BUNDLE };
  script.runInThisContext().call(bundleModule.exports, bundleModule.exports, createRequire(BUNDLE), bundleModule, BUNDLE, path.dirname(BUNDLE));
  return script;
}

/** The build's run: after the lint, every function it compiled goes into the cache (written atomically). */
function writeCodeCacheOnExit(script, identity) {
  process.on('exit', () => {
    const temporary = `${CODE_CACHE}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, Buffer.concat([Buffer.from(identity, 'latin1'), script.createCachedData()]));
    fs.renameSync(temporary, CODE_CACHE);
  });
}

function main() {
  // Stack traces of a bug report map back to the TypeScript only when source maps are on before the bundle is
  // compiled, and Node maps only files its own loader compiled.
  if (process.env.SOURCED_DEBUG) {
    process.setSourceMapsEnabled(true);
    require(BUNDLE);
    return;
  }
  // The size and time are read from the same open file as the source, so that they describe that source.
  let bundleFile;
  try {
    bundleFile = fs.openSync(BUNDLE, 'r');
  } catch {
    require(BUNDLE); // reports the missing bundle as it always did
    return;
  }
  try {
    const identity = cacheIdentity(fs.fstatSync(bundleFile));
    if (process.env[WRITE_CODE_CACHE]) {
      writeCodeCacheOnExit(runBundle(fs.readFileSync(bundleFile, 'utf8'), undefined), identity);
      return;
    }
    const cachedData = readCodeCache(identity);
    if (cachedData === undefined) require(BUNDLE);
    else runBundle(fs.readFileSync(bundleFile, 'utf8'), cachedData); // a cache V8 rejects only costs the compilation it would have saved
  } finally {
    fs.closeSync(bundleFile);
  }
}

main();
