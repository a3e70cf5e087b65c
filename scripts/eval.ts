/**
 * Measures the uncited-assertion rule on real labeled data that is not part of the project:
 *
 *   npm run eval -- --data ../shared/data [--sensitivity low|medium|high] [--no-baseline] [--examples N] [--stand-in]
 *                   [--cover-continuations]
 *
 * Labeled sentences (ClaimBuster, CLEF 2020 CheckThat! task 1 `claim`) give precision, recall and F1; the cited
 * Markdown drafts give recall of formerly cited sentences and the flag rate of never-cited ones. Every item
 * goes through the same path the linter uses (scripts/eval/engine.ts).
 */
import { resolve } from 'node:path';
import { detectAssertion, type AssertionSensitivity } from '../src/core/claims/assertions';
import { baselineDetector } from './eval/baseline';
import { loadSharedData, type SharedData } from './eval/datasets';
import { coverContinuations, useStandIn, type Detector } from './eval/engine';
import { scoreDraft, scoreLabeled, type LabeledItem } from './eval/measure';

interface Arguments {
  data: string;
  sensitivities: AssertionSensitivity[];
  baseline: boolean;
  examples: number;
}

function parseArguments(argv: string[]): Arguments {
  const args: Arguments = { data: '../shared/data', sensitivities: ['low', 'medium', 'high'], baseline: true, examples: 0 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--data') args.data = argv[++i];
    else if (arg === '--sensitivity') args.sensitivities = [argv[++i] as AssertionSensitivity];
    else if (arg === '--no-baseline') args.baseline = false;
    else if (arg === '--stand-in') useStandIn.value = true;
    else if (arg === '--cover-continuations') {
      // Only the stand-in can apply a rule the engine does not have yet.
      useStandIn.value = true;
      coverContinuations.value = true;
    }
    else if (arg === '--examples') args.examples = Number(argv[++i]);
    else if (arg === '--help' || arg === '-h') {
      console.log('usage: npm run eval -- --data <folder> [--sensitivity low|medium|high] [--no-baseline] [--examples N] [--stand-in] [--cover-continuations]');
      process.exit(0);
    } else {
      console.error(`unknown argument: ${arg}`);
      process.exit(2);
    }
  }
  for (const s of args.sensitivities) {
    if (!['low', 'medium', 'high'].includes(s)) {
      console.error(`--sensitivity must be low, medium or high, not ${s}`);
      process.exit(2);
    }
  }
  return args;
}

const percent = (x: number): string => `${(x * 100).toFixed(1)}%`.padStart(7);
const fixed = (x: number): string => x.toFixed(3).padStart(6);

/**
 * CPU time of the detector alone (no Markdown parse, no other rule) per sentence, warm: the median of five passes
 * over the sentences, so one pass slowed by a neighbour on the shared machine does not decide the figure.
 */
function detectorSpeed(sentences: readonly string[]): string {
  const passes: number[] = [];
  for (let pass = 0; pass < 6; pass++) {
    const started = process.cpuUsage();
    for (const sentence of sentences) detectAssertion(sentence, { sensitivity: 'medium' });
    const used = process.cpuUsage(started);
    // The first pass warms the JIT and the caches; it is not counted.
    if (pass > 0) passes.push((used.user + used.system) / sentences.length);
  }
  passes.sort((a, b) => a - b);
  const median = passes[Math.floor(passes.length / 2)];
  return `Detector alone (CPU, warm, median of 5 passes over ${sentences.length} ClaimBuster sentences): ${median.toFixed(1)} µs per sentence (fastest pass ${passes[0].toFixed(1)})`;
}

function main(): void {
  const args = parseArguments(process.argv.slice(2));
  let data: SharedData;
  try {
    data = loadSharedData(resolve(args.data));
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
  const { clefTrain, clefDev } = data;
  const labeledSets: Array<[string, LabeledItem[]]> = [
    ['claimbuster-2class', data.claimBuster],
    ['clef2020 train', clefTrain],
    ['clef2020 dev', clefDev],
    ['clef2020 train+dev', [...clefTrain, ...clefDev]],
  ];
  const drafts = data.drafts.map((d) => d.name);
  const draftTexts = data.drafts.map((d) => d.text);

  const detectors: Array<[string, Detector | undefined, AssertionSensitivity[]]> = [];
  if (args.baseline) detectors.push(['baseline', baselineDetector, ['medium']]);
  detectors.push(['detector', undefined, args.sensitivities]);

  const standIn = `stand-in (line reader + splitter + detector${coverContinuations.value ? ' + proposed rule: a continuation of a cited or flagged sentence is covered' : ''})`;
  console.log(`Path: ${useStandIn.value ? standIn : 'the engine (lintDocument)'}; the baseline always runs on the stand-in\n`);
  console.log('Labeled sentences: each item linted as a one-paragraph draft\n');
  console.log('detector   sensitivity  set                  items  pos   precision  recall     F1   cpu µs/item');
  for (const [name, detect, sensitivities] of detectors) {
    for (const sensitivity of sensitivities) {
      for (const [setName, items] of labeledSets) {
        const s = scoreLabeled(items, sensitivity, detect, args.examples);
        console.log(
          `${name.padEnd(10)} ${(name === 'baseline' ? '-' : sensitivity).padEnd(12)} ${setName.padEnd(19)} ${String(s.items).padStart(6)} ${String(s.positives).padStart(5)}  ${fixed(s.precision)}    ${fixed(s.recall)}    ${fixed(s.f1)}  ${s.microsecondsPerItem.toFixed(1).padStart(7)}`,
        );
        for (const e of s.falseNegativeExamples) console.log(`    missed: ${e}`);
        for (const e of s.falsePositiveExamples) console.log(`    wrongly flagged: ${e}`);
      }
    }
  }

  console.log(`\n${detectorSpeed(data.claimBuster.map((item) => item.text))}`);

  console.log('\nCited drafts (Redi et al.): citations stripped, then linted; the original linted as written\n');
  console.log('detector   sensitivity  draft                          sentences cited  recall   flag rate  cited flagged in original  cpu µs/sentence');
  for (const [name, detect, sensitivities] of detectors) {
    for (const sensitivity of sensitivities) {
      let cited = 0;
      let citedFlagged = 0;
      let neverCited = 0;
      let neverCitedFlagged = 0;
      drafts.forEach((file, index) => {
        const s = scoreDraft(draftTexts[index], sensitivity, detect, args.examples);
        cited += s.cited;
        citedFlagged += s.citedFlagged;
        neverCited += s.neverCited;
        neverCitedFlagged += s.neverCitedFlagged;
        console.log(
          `${name.padEnd(10)} ${(name === 'baseline' ? '-' : sensitivity).padEnd(12)} ${file.padEnd(30)} ${String(s.sentences).padStart(9)} ${String(s.cited).padStart(5)}  ${percent(s.recall)}  ${percent(s.flagRate)}    ${String(s.flaggedWhileCited).padStart(6)}                   ${s.microsecondsPerSentence.toFixed(1).padStart(7)}`,
        );
        for (const e of s.missedExamples) console.log(`    missed (was cited): ${e}`);
        for (const e of s.flaggedUncitedExamples) console.log(`    flagged (never cited): ${e}`);
      });
      console.log(
        `${name.padEnd(10)} ${(name === 'baseline' ? '-' : sensitivity).padEnd(12)} ${'all drafts'.padEnd(30)} ${String(cited + neverCited).padStart(9)} ${String(cited).padStart(5)}  ${percent(citedFlagged / Math.max(1, cited))}  ${percent(neverCitedFlagged / Math.max(1, neverCited))}`,
      );
    }
  }
}

main();
