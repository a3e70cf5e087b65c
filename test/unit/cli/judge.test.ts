import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { detectAssertion, type AssertionOptions } from '../../../src/core/claims/assertions';
import { BatchAnswers, JUDGE_CHUNK, SKIPPED, WARM_UP_DRAFT_LENGTH, claimChunk, judgeChunk, serveJudgeRequests, type JudgeReply, type SentenceJudge } from '../../../src/cli/judge';
import { main } from '../../../src/cli/main';
import { createWorkerJudge, threadWanted } from '../../../src/cli/nodeJudge';
import { CapturedOutput, MemoryFileSystem } from '../../support/memoryFs';

const MEDIUM: AssertionOptions = { sensitivity: 'medium' };

const SENTENCES = [
  'Emtrasur flew the aircraft with a crew of 18 people in May 2022.',
  'Officials said the aircraft carried no cargo at all on 13 May 2022.',
  'Why would anyone fly there?',
  'That seems an odd choice.',
  'The largest shipment, 688 crates, left Caracas for Buenos Aires because of the sanctions.',
  'According to the ministry, 40 passengers were on board.',
];

/** `count` sentences cycling through SENTENCES, so that batches span several chunks and repeat texts. */
function sentences(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${SENTENCES[i % SENTENCES.length]}`);
}

function newCounter(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(4));
}

/**
 * A judge whose "other thread" is this one: it claims one chunk from the shared counter when the batch is
 * submitted and answers it on a later macrotask (or never, when it goes silent and is then abandoned).
 * Deterministic, unlike a real worker.
 */
function inThreadJudge(options: { silent?: boolean } = {}): SentenceJudge & { repliesSent: () => number } {
  let replies = 0;
  return {
    submit(batch, batchOptions) {
      const counter = newCounter();
      const answers = new BatchAnswers(batch, batchOptions, counter);
      // The "worker" claims the first chunk at once and answers it a macrotask later, or goes silent and is lost.
      const chunk = claimChunk(counter, batch.length);
      if (chunk >= 0 && options.silent) setImmediate(() => answers.abandon());
      else if (chunk >= 0) {
        setImmediate(() => {
          const results = judgeChunk(batch, chunk, batchOptions, answers.unwanted);
          replies++;
          setImmediate(() => answers.accept(chunk, results));
        });
      }
      return answers;
    },
    warmUp: () => true,
    close() {},
    repliesSent: () => replies,
  };
}

describe('sentence judging on another thread', () => {
  it('serves a request by claiming and answering chunks until none is left', () => {
    const batch = sentences(2 * JUDGE_CHUNK + 1);
    const counter = newCounter();
    const replies: JudgeReply[] = [];
    serveJudgeRequests(
      (handler) => handler({ batch: 7, sentences: batch, options: MEDIUM, nextChunk: counter.buffer as SharedArrayBuffer, unwanted: new SharedArrayBuffer(batch.length) }),
      (reply) => replies.push(reply),
    );
    assert.deepEqual(replies.map((reply) => [reply.batch, reply.chunk, reply.results.length]), [[7, 0, JUDGE_CHUNK], [7, 1, JUDGE_CHUNK], [7, 2, 1]]);
    assert.equal(claimChunk(counter, batch.length), -1);
  });

  it('skips the sentences marked unwanted and judges the others', () => {
    const batch = sentences(6);
    const unwanted = new Uint8Array(new SharedArrayBuffer(batch.length));
    unwanted[1] = 1;
    const results = judgeChunk(batch, 0, MEDIUM, unwanted);
    assert.equal(results[1], SKIPPED);
    assert.deepEqual(results[4], detectAssertion(batch[4], MEDIUM) ?? null);
  });

  it('judges on the spot a sentence that was dropped from the batch and is asked about anyway', async () => {
    const answers = new BatchAnswers(SENTENCES, MEDIUM, newCounter());
    answers.keepOnly(new Set(SENTENCES.slice(1)));
    await answers.settle();
    assert.equal(answers.unwanted[0], 1);
    assert.deepEqual(answers.detector(SENTENCES[0], MEDIUM), detectAssertion(SENTENCES[0], MEDIUM));
  });

  it('claims every chunk of a batch exactly once, then reports that none is left', () => {
    const counter = newCounter();
    const count = 3 * JUDGE_CHUNK + 1;
    const claimed: number[] = [];
    for (let chunk = claimChunk(counter, count); chunk >= 0; chunk = claimChunk(counter, count)) claimed.push(chunk);
    assert.deepEqual(claimed, [0, 1, 2, 3]);
    assert.equal(claimChunk(counter, count), -1);
  });

  it('judges a chunk exactly as the detector judges each of its sentences', () => {
    const batch = sentences(JUDGE_CHUNK + 5);
    const results = judgeChunk(batch, 1, MEDIUM);
    assert.equal(results.length, 5);
    results.forEach((result, i) => assert.deepEqual(result, detectAssertion(batch[JUDGE_CHUNK + i], MEDIUM) ?? null));
  });

  it('settles a batch nobody else works on by judging every chunk on the calling thread', async () => {
    const batch = sentences(2 * JUDGE_CHUNK + 3);
    const answers = new BatchAnswers(batch, MEDIUM, newCounter());
    await answers.settle();
    for (const sentence of SENTENCES) assert.deepEqual(answers.detector(sentence, MEDIUM), detectAssertion(sentence, MEDIUM));
  });

  it('answers from the batch only at the sensitivity it was judged at, and runs the detector otherwise', async () => {
    const answers = new BatchAnswers(SENTENCES, MEDIUM, newCounter());
    await answers.settle();
    const sentence = SENTENCES[0];
    assert.deepEqual(answers.detector(sentence, { sensitivity: 'low' }), detectAssertion(sentence, { sensitivity: 'low' }));
    assert.deepEqual(answers.detector('A sentence nobody submitted, with 40 passengers in 2022.', MEDIUM), detectAssertion('A sentence nobody submitted, with 40 passengers in 2022.', MEDIUM));
  });

  it('files the other thread\'s chunks and judges the rest itself, with the same answers', async () => {
    const judge = inThreadJudge();
    const batch = sentences(4 * JUDGE_CHUNK);
    const judged = judge.submit(batch, MEDIUM);
    // Let the "worker" claim its chunk before the main thread settles.
    await new Promise((resolve) => setImmediate(resolve));
    await judged.settle();
    assert.equal(judge.repliesSent(), 1);
    for (const sentence of SENTENCES) assert.deepEqual(judged.detector(sentence, MEDIUM), detectAssertion(sentence, MEDIUM));
  });

  it('judges the chunks a lost worker had claimed once it is abandoned', async () => {
    const judge = inThreadJudge({ silent: true });
    const batch = sentences(3 * JUDGE_CHUNK);
    const judged = judge.submit(batch, MEDIUM);
    await new Promise((resolve) => setImmediate(resolve));
    await judged.settle();
    for (const sentence of SENTENCES) assert.deepEqual(judged.detector(sentence, MEDIUM), detectAssertion(sentence, MEDIUM));
  });

  it('answers like the detector for any batch, however the chunks are shared and whatever was dropped', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...SENTENCES, 'In 2004, Kara Mon paid Telvi.', ''), { maxLength: 3 * JUDGE_CHUNK }), fc.nat(4), fc.subarray(SENTENCES), async (batch, workerChunks, wanted) => {
        const counter = newCounter();
        const answers = new BatchAnswers(batch, MEDIUM, counter);
        answers.keepOnly(new Set(wanted));
        for (let k = 0; k < workerChunks; k++) {
          const chunk = claimChunk(counter, batch.length);
          if (chunk >= 0) answers.accept(chunk, judgeChunk(batch, chunk, MEDIUM));
        }
        await answers.settle();
        for (const sentence of batch) assert.deepEqual(answers.detector(sentence, MEDIUM), detectAssertion(sentence, MEDIUM));
      }),
      { numRuns: 30 },
    );
  });

  it('keeps the detector lazy on this thread when no thread is wanted', async () => {
    const judge = createWorkerJudge(() => '/nonexistent/sourced-cli.js', () => false);
    const judged = judge.submit(sentences(500), MEDIUM);
    assert.equal(judged.detector, detectAssertion);
    await judged.settle();
    judge.close();
  });

  it('starts a thread only when SOURCED_THREADS=2 asks for one', () => {
    assert.equal(threadWanted({}), false);
    assert.equal(threadWanted({ SOURCED_THREADS: '1' }), false);
    assert.equal(threadWanted({ SOURCED_THREADS: '2' }), true);
  });

  it('falls back to this thread when the worker cannot start, with the same answers', async () => {
    const judge = createWorkerJudge(() => '/nonexistent/sourced-cli.js', () => true);
    judge.warmUp();
    const batch = sentences(500);
    const judged = judge.submit(batch, MEDIUM);
    await judged.settle();
    judge.close();
    for (const sentence of SENTENCES) assert.deepEqual(judged.detector(sentence, MEDIUM), detectAssertion(sentence, MEDIUM));
  });
});

describe('sourced lint with a sentence judge', () => {
  // Long enough (over WARM_UP_DRAFT_LENGTH) for the lint to hand its sentences to the judge.
  const draft = Array.from({ length: 400 }, (_, i) => `${SENTENCES[i % SENTENCES.length]} Paragraph ${i} says Emtrasur paid ${i} crates${i % 3 === 0 ? ' [@known]' : ''}.\n`).join('\n');
  const sidecar = `sources:
  known:
    title: A report
claims:
  - text: "Officials said the aircraft carried no cargo at all on 13 May 2022."
    sources: [known]
`;

  async function lint(judge?: SentenceJudge): Promise<string> {
    const fs = new MemoryFileSystem({ '/p/draft.md': draft, '/p/draft.sources.yaml': sidecar });
    const stdout = new CapturedOutput(false);
    const stderr = new CapturedOutput(false);
    await main({ argv: ['lint', '--format', 'json'], cwd: '/p', fs, stdout, stderr, env: {}, judge });
    return stdout.text;
  }

  it('reports exactly the findings of a lint without one', async () => {
    const alone = await lint();
    const judge = inThreadJudge();
    const shared = await lint(judge);
    assert.ok(draft.length >= WARM_UP_DRAFT_LENGTH);
    assert.ok(judge.repliesSent() > 0, 'the judge took part');
    assert.ok(JSON.parse(alone).some((finding: { ruleId: string }) => finding.ruleId === 'uncited-assertion'));
    assert.equal(shared, alone);
  });
});
