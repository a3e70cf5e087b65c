// The `sourced` executable: wires the library function main() to this process. The same bundle also runs as
// the worker thread that judges sentences for `sourced lint` (nodeJudge.ts starts it with this file).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type * as WorkerThreads from 'node:worker_threads';
import { serveJudgeRequests, type JudgeRequest } from './judge';
import { main } from './main';
import { nodeFileSystem } from './nodeIo';
import { createWorkerJudge, JUDGE_WORKER_ARGUMENT, JUDGE_WORKER_ROLE } from './nodeJudge';

/**
 * The port to the main thread when this bundle runs as the sentence judge's worker thread. worker_threads is
 * loaded only when the worker's argument is there: every other run of the CLI would pay for loading it.
 */
function judgeWorkerPort(): WorkerThreads.MessagePort | undefined {
  if (!process.argv.includes(JUDGE_WORKER_ARGUMENT)) return undefined;
  const { isMainThread, parentPort, workerData } = require('node:worker_threads') as typeof WorkerThreads;
  return !isMainThread && parentPort && (workerData as { role?: string } | undefined)?.role === JUDGE_WORKER_ROLE ? parentPort : undefined;
}

const port = judgeWorkerPort();
if (port) {
  serveJudgeRequests(
    (handler) => port.on('message', (request: JudgeRequest) => handler(request)),
    (reply) => port.postMessage(reply),
  );
} else {
  // The bundle is minified; a bug report with SOURCED_DEBUG should still show the TypeScript names and lines.
  if (process.env.SOURCED_DEBUG) process.setSourceMapsEnabled(true);
  // The worker starts through bin/sourced.js when it is there, so that it loads the bundle with the code cache too.
  const judge = createWorkerJudge(() => {
    const launcher = join(__dirname, '..', 'bin', 'sourced.js');
    return existsSync(launcher) ? launcher : __filename;
  });
  main({
    argv: process.argv.slice(2),
    cwd: process.cwd().replace(/\\/g, '/'),
    fs: nodeFileSystem,
    stdout: { write: (text) => void process.stdout.write(text), isTTY: process.stdout.isTTY },
    stderr: { write: (text) => void process.stderr.write(text), isTTY: process.stderr.isTTY },
    env: process.env,
    judge,
  }).then((code) => {
    judge.close();
    exitOnceWritten(code);
  });
}

/**
 * Ends the process as soon as everything written to stdout and stderr has been handed to the system. Node's
 * natural exit after a long draft's lint cost about 100 M instructions more (1–2% of the benchmark's run,
 * measured with valgrind; the heap's teardown alone costs little), work a one-shot process does not need.
 * Writes to a pipe can still be queued (a slow reader), so the exit waits for an empty write queued behind them
 * on each stream; its callback also runs, with an error, when a stream has failed (a reader that went away), so
 * it never hangs.
 */
function exitOnceWritten(code: number): void {
  process.exitCode = code;
  let pending = 2;
  const written = (): void => {
    if (--pending === 0) process.exit(code);
  };
  process.stdout.write('', written);
  process.stderr.write('', written);
}
