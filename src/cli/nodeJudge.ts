/**
 * The `SentenceJudge` of the real CLI: one worker thread running this same bundle (bin.ts serves requests when
 * it is not the main thread). Off unless SOURCED_THREADS=2 (see `threadWanted`); then started when the first
 * long draft is read, so small drafts never pay for a thread.
 */
import type { Worker } from 'node:worker_threads';
import type * as WorkerThreads from 'node:worker_threads';
import { detectAssertion, type AssertionOptions } from '../core/claims/assertions';
import { BatchAnswers, type JudgeReply, type JudgeRequest, type JudgedBatch, type SentenceJudge } from './judge';

/** The `workerData` that tells bin.ts it runs as the judge. */
export const JUDGE_WORKER_ROLE = 'sourced-sentence-judge';

/**
 * The argument the worker is started with, so that bin.ts can tell from `process.argv` whether it may be the
 * judge before it loads worker_threads (which costs every run of the CLI a few milliseconds otherwise).
 */
export const JUDGE_WORKER_ARGUMENT = '--sourced-sentence-judge';

/**
 * Below this many sentences a batch is judged on the calling thread: starting a thread (about 0.1 s of CPU to
 * load the bundle again) would cost more than it saves.
 */
export const MIN_SENTENCES_FOR_THREAD = 400;

/**
 * Whether `sourced lint` judges sentences on a second thread: only when SOURCED_THREADS=2 asks for it. Measured
 * on the 2-core benchmark machine (docs/performance.md) it did not pay: V8's own background threads (garbage
 * collection, optimising compiler) already keep the second core half busy, and the thread's start-up and the
 * sentences it judges ahead that a claim turns out to cover are extra work, so a busy machine got slower. It
 * stays available, with identical findings, for machines where a core is really free.
 */
export function threadWanted(env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  return env.SOURCED_THREADS === '2';
}

/**
 * A judge backed by a worker thread that runs the script `scriptPath` gives (the CLI bundle), when `useThread`
 * says so. The path is asked for only when the thread starts: finding it may touch the disk.
 */
export function createWorkerJudge(scriptPath: () => string, useThread: () => boolean = () => threadWanted()): SentenceJudge {
  let worker: Worker | undefined;
  let failed = false;
  let nextBatch = 0;
  const open = new Map<number, BatchAnswers>();

  const abandonAll = () => {
    failed = true;
    for (const answers of open.values()) answers.abandon();
    open.clear();
  };

  const start = (): Worker | undefined => {
    if (worker || failed) return worker;
    if (!useThread()) {
      failed = true;
      return undefined;
    }
    try {
      // Required here, not at the top: most runs never start the thread.
      const { Worker: WorkerThread } = require('node:worker_threads') as typeof WorkerThreads;
      worker = new WorkerThread(scriptPath(), { workerData: { role: JUDGE_WORKER_ROLE }, argv: [JUDGE_WORKER_ARGUMENT] });
    } catch {
      failed = true;
      return undefined;
    }
    // The thread must never keep the process alive: the lint is over when the main thread is.
    worker.unref();
    worker.on('message', (reply: JudgeReply) => {
      const answers = open.get(reply.batch);
      answers?.accept(reply.chunk, reply.results);
    });
    worker.on('error', abandonAll);
    worker.on('exit', abandonAll);
    return worker;
  };

  return {
    submit(sentences: readonly string[], options: AssertionOptions): JudgedBatch {
      const nextChunk = new Int32Array(new SharedArrayBuffer(4));
      const batch = nextBatch++;
      const thread = sentences.length >= MIN_SENTENCES_FOR_THREAD ? start() : undefined;
      // Without a thread the detector stays lazy: the rule only asks about sentences no claim covers.
      if (!thread) return { detector: detectAssertion, keepOnly: () => undefined, settle: async () => undefined };
      const answers = new BatchAnswers(sentences, options, nextChunk);
      open.set(batch, answers);
      const request: JudgeRequest = { batch, sentences, options: { sensitivity: options.sensitivity }, nextChunk: nextChunk.buffer as SharedArrayBuffer, unwanted: answers.unwanted.buffer as SharedArrayBuffer };
      thread.postMessage(request);
      const settle = answers.settle.bind(answers);
      return {
        detector: answers.detector,
        keepOnly: (wanted) => answers.keepOnly(wanted),
        settle: async () => {
          await settle();
          open.delete(batch);
        },
      };
    },
    warmUp(): boolean {
      return start() !== undefined;
    },
    close(): void {
      const running = worker;
      worker = undefined;
      failed = true;
      // Its listeners stay: an error still on its way must find one, and abandoning nothing is harmless.
      if (running) void running.terminate();
    },
  };
}
