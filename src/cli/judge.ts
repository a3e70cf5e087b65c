/**
 * Judging a draft's sentences on a second thread. The assertion detector is the costliest step of a lint and
 * only needs the sentences' text, which the Markdown analysis gives long before the sidecar is loaded and the
 * claims are anchored; meanwhile another core can judge them. The core stays synchronous: it receives a
 * detector that answers from the judged batch (`LintInput.detectAssertion`).
 *
 * Work is shared in chunks claimed from one counter, so when the main thread reaches the rules it judges
 * whatever chunks the worker has not started instead of waiting for them: the answers are the detector's own
 * either way, only who computed them differs.
 */
import { detectAssertion, type AssertionOptions, type DetectedAssertion } from '../core/claims/assertions';
import type { AssertionDetector } from '../core/lint';

/** Sentences per chunk: small enough that the last chunk in flight is a short wait, large enough to batch messages. */
export const JUDGE_CHUNK = 64;

/** Drafts at least this long (in UTF-16 units) start the thread as soon as they are read: they will need it. */
export const WARM_UP_DRAFT_LENGTH = 40_000;

/** Judges batches of sentences on another thread. */
export interface SentenceJudge {
  /** Starts judging `sentences` (the other thread begins at once); answer through the returned batch. */
  submit(sentences: readonly string[], options: AssertionOptions): JudgedBatch;
  /**
   * Starts the other thread ahead of the first batch, so that it is ready when the sentences are; false when
   * there is none (no core free, or it failed), and then submitting is not worth it.
   */
  warmUp(): boolean;
  /** Stops the other thread; call once the last batch is settled. */
  close(): void;
}

/** The answers for one submitted batch. */
export interface JudgedBatch {
  /**
   * Narrows the batch once the claims are anchored: sentences whose text is not in `wanted` are skipped by both
   * threads from now on (a skipped sentence asked about anyway is judged on the spot).
   */
  keepOnly(wanted: ReadonlySet<string>): void;
  /** Resolves when every sentence has its answer; judges unclaimed chunks on the calling thread meanwhile. */
  settle(): Promise<void>;
  /** The detector to lint with: answers from the batch, and runs the built-in detector for anything else. */
  readonly detector: AssertionDetector;
}

/** What the main thread sends the worker to start a batch. */
export interface JudgeRequest {
  batch: number;
  sentences: readonly string[];
  options: AssertionOptions;
  /** One Int32: the index of the next chunk nobody has claimed yet, shared by both threads. */
  nextChunk: SharedArrayBuffer;
  /** One byte per sentence, set to 1 when its answer is no longer wanted. */
  unwanted: SharedArrayBuffer;
}

/** The answer for a sentence that was skipped because nobody wants it any more. */
export const SKIPPED = 0;

/** One sentence's answer: the assertion, `null` when it is none, SKIPPED when it was not judged. */
export type JudgeAnswer = DetectedAssertion | null | typeof SKIPPED;

/** What the worker sends back: one chunk's answers. */
export interface JudgeReply {
  batch: number;
  chunk: number;
  results: JudgeAnswer[];
}

/** Claims the next unjudged chunk of a batch, or -1 when every chunk is taken. */
export function claimChunk(nextChunk: Int32Array, sentenceCount: number): number {
  const chunk = Atomics.add(nextChunk, 0, 1);
  return chunk * JUDGE_CHUNK < sentenceCount ? chunk : -1;
}

/** Judges one chunk of a batch: exactly what the lint would compute for each of its still wanted sentences. */
export function judgeChunk(sentences: readonly string[], chunk: number, options: AssertionOptions, unwanted?: Uint8Array): JudgeAnswer[] {
  const results: JudgeAnswer[] = [];
  const end = Math.min(sentences.length, (chunk + 1) * JUDGE_CHUNK);
  for (let i = chunk * JUDGE_CHUNK; i < end; i++) {
    results.push(unwanted && Atomics.load(unwanted, i) === 1 ? SKIPPED : (detectAssertion(sentences[i], options) ?? null));
  }
  return results;
}

/** The worker's side: answers every request by claiming chunks until none is left. */
export function serveJudgeRequests(receive: (handler: (request: JudgeRequest) => void) => void, reply: (message: JudgeReply) => void): void {
  receive((request) => {
    const nextChunk = new Int32Array(request.nextChunk);
    const unwanted = new Uint8Array(request.unwanted);
    for (let chunk = claimChunk(nextChunk, request.sentences.length); chunk >= 0; chunk = claimChunk(nextChunk, request.sentences.length)) {
      reply({ batch: request.batch, chunk, results: judgeChunk(request.sentences, chunk, request.options, unwanted) });
    }
  });
}

/**
 * The main thread's side of one batch: files the worker's replies, judges the chunks left over, and falls back
 * to judging everything still missing if the worker goes away.
 */
export class BatchAnswers implements JudgedBatch {
  private readonly answers = new Map<string, DetectedAssertion | undefined>();
  private readonly done: boolean[];
  private remaining: number;
  private wake?: () => void;
  private workerLost = false;
  readonly detector: AssertionDetector;
  /** Shared with the worker: see `JudgeRequest.unwanted`. */
  readonly unwanted: Uint8Array;

  constructor(
    private readonly sentences: readonly string[],
    private readonly options: AssertionOptions,
    private readonly nextChunk: Int32Array,
  ) {
    this.unwanted = new Uint8Array(new SharedArrayBuffer(Math.max(1, sentences.length)));
    const chunks = Math.ceil(sentences.length / JUDGE_CHUNK);
    this.done = new Array<boolean>(chunks).fill(false);
    this.remaining = chunks;
    this.detector = (sentence, options) => {
      if (options.sensitivity === this.options.sensitivity && this.answers.has(sentence)) return this.answers.get(sentence);
      return detectAssertion(sentence, options);
    };
  }

  keepOnly(wanted: ReadonlySet<string>): void {
    this.sentences.forEach((sentence, i) => {
      if (!wanted.has(sentence)) Atomics.store(this.unwanted, i, 1);
    });
  }

  /** Files one chunk's answers (from either thread). */
  accept(chunk: number, results: readonly JudgeAnswer[]): void {
    if (this.done[chunk]) return;
    this.done[chunk] = true;
    this.remaining--;
    const from = chunk * JUDGE_CHUNK;
    for (let i = 0; i < results.length; i++) {
      const sentence = this.sentences[from + i];
      const result = results[i];
      if (result !== SKIPPED && !this.answers.has(sentence)) this.answers.set(sentence, result ?? undefined);
    }
    if (this.remaining === 0) this.wake?.();
  }

  /** The worker died or was stopped: whatever it claimed and did not answer is judged here. */
  abandon(): void {
    this.workerLost = true;
    this.wake?.();
  }

  async settle(): Promise<void> {
    const count = this.sentences.length;
    for (let chunk = claimChunk(this.nextChunk, count); chunk >= 0; chunk = claimChunk(this.nextChunk, count)) {
      this.accept(chunk, judgeChunk(this.sentences, chunk, this.options, this.unwanted));
    }
    while (this.remaining > 0 && !this.workerLost) await new Promise<void>((resolve) => (this.wake = resolve));
    this.wake = undefined;
    if (this.remaining > 0) {
      this.done.forEach((finished, chunk) => {
        if (!finished) this.accept(chunk, judgeChunk(this.sentences, chunk, this.options, this.unwanted));
      });
    }
  }
}
