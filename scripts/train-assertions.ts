/**
 * Trains the uncited-assertion model: a logistic regression over the generic features of
 * src/core/claims/assertionFeatures.ts (cue kinds, damper kinds, sentence shape), on the shared data:
 *
 *   npx tsx scripts/train-assertions.ts --data ../shared/data [--dry-run]
 *
 * Every set weighs the same in training whatever its size, so debates (9,674 sentences) do not drown the
 * analytical prose (758). Before writing the model it prints how well it generalises: 5-fold cross-validation
 * and leave-one-set-out (trained without a set, scored on it). Deterministic: same data, same model file.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { confidenceOf, sentenceEvidence, SENSITIVITY_THRESHOLDS } from '../src/core/claims/assertions';
import { FEATURE_NAMES } from '../src/core/claims/assertionFeatures';
import { loadSharedData } from './eval/datasets';
import { proseSentences } from './eval/engine';
import { stripCitations } from './eval/measure';

interface Example {
  set: string;
  evidence: ReturnType<typeof sentenceEvidence>;
  features: number[];
  hasCue: boolean;
  label: 0 | 1;
  weight: number;
}

const L2 = 1e-3;
const EPOCHS = 400;
const LEARNING_RATE = 0.3;

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** Full-batch gradient descent with Adam steps; deterministic (starts at zero, fixed order). */
function train(examples: readonly Example[]): { weights: number[]; bias: number } {
  const dimensions = FEATURE_NAMES.length;
  const weights = new Array<number>(dimensions).fill(0);
  let bias = 0;
  const m = new Array<number>(dimensions + 1).fill(0);
  const v = new Array<number>(dimensions + 1).fill(0);
  const totalWeight = examples.reduce((sum, e) => sum + e.weight, 0);
  for (let epoch = 1; epoch <= EPOCHS; epoch++) {
    const gradient = new Array<number>(dimensions + 1).fill(0);
    for (const e of examples) {
      let z = bias;
      for (let i = 0; i < dimensions; i++) z += weights[i] * e.features[i];
      const error = (sigmoid(z) - e.label) * e.weight;
      for (let i = 0; i < dimensions; i++) gradient[i] += error * e.features[i];
      gradient[dimensions] += error;
    }
    for (let i = 0; i <= dimensions; i++) {
      let g = gradient[i] / totalWeight;
      if (i < dimensions) g += L2 * weights[i];
      m[i] = 0.9 * m[i] + 0.1 * g;
      v[i] = 0.999 * v[i] + 0.001 * g * g;
      const step = (LEARNING_RATE * (m[i] / (1 - 0.9 ** epoch))) / (Math.sqrt(v[i] / (1 - 0.999 ** epoch)) + 1e-8);
      if (i < dimensions) weights[i] -= step;
      else bias -= step;
    }
  }
  return { weights, bias };
}

/** F1 of a model on examples, with the detector's rule that a flag needs at least one cue to explain it. */
function count(model: { weights: number[]; bias: number }, examples: readonly Example[], threshold: number): Counts {
  const counts = { tp: 0, fp: 0, positives: 0, negatives: 0 };
  for (const e of examples) {
    // Scored as the detector scores: the learned model and the hand weights, the more confident one wins.
    const flagged = e.hasCue && confidenceOf(e.evidence, { features: [...FEATURE_NAMES], ...model }) >= threshold;
    if (e.label) counts.positives++;
    else counts.negatives++;
    if (flagged && e.label) counts.tp++;
    if (flagged && !e.label) counts.fp++;
  }
  return counts;
}

interface Counts {
  tp: number;
  fp: number;
  positives: number;
  negatives: number;
}

function describe({ tp, fp, positives, negatives }: Counts): string {
  const precision = tp / Math.max(1, tp + fp);
  const recall = tp / Math.max(1, positives);
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return `${precision.toFixed(3)} / ${recall.toFixed(3)} / ${f1.toFixed(3)} / ${(fp / Math.max(1, negatives)).toFixed(3)}`;
}

function balance(examples: Example[]): Example[] {
  const counts = new Map<string, number>();
  for (const e of examples) counts.set(e.set, (counts.get(e.set) ?? 0) + 1);
  return examples.map((e) => ({ ...e, weight: examples.length / counts.size / counts.get(e.set)! }));
}

function main(): void {
  const argv = process.argv.slice(2);
  const dataIndex = argv.indexOf('--data');
  const folder = resolve(dataIndex >= 0 ? argv[dataIndex + 1] : '../shared/data');
  const dryRun = argv.includes('--dry-run');
  const data = loadSharedData(folder);

  const examples: Example[] = [];
  const add = (set: string, text: string, label: boolean): void => {
    const evidence = sentenceEvidence(text);
    examples.push({ set, evidence, features: evidence.features, hasCue: evidence.cues.length > 0, label: label ? 1 : 0, weight: 1 });
  };
  for (const item of data.claimBuster) add('claimbuster', item.text, item.positive);
  for (const item of [...data.clefTrain, ...data.clefDev]) add('clef2020', item.text, item.positive);
  for (const draft of data.drafts) {
    // Redi et al.: a sentence its authors cited is one that needs a source; learn from the stripped text.
    const stripped = stripCitations(draft.text).text;
    const citedTexts = new Set(proseSentences(draft.text).filter((s) => s.cited).map((s) => s.text.replace(/\s*\uE000/g, '').trim()));
    for (const sentence of proseSentences(stripped)) add('drafts', sentence.text, citedTexts.has(sentence.text.trim()));
  }
  const sets = [...new Set(examples.map((e) => e.set))];
  for (const set of sets) {
    const ofSet = examples.filter((e) => e.set === set);
    console.log(`${set}: ${ofSet.length} examples, ${ofSet.filter((e) => e.label).length} positive`);
  }

  const threshold = SENSITIVITY_THRESHOLDS.medium;
  console.log(`\nF1 at the medium threshold (${threshold}) of the detector (model and hand weights); a flag needs at least one cue`);
  console.log('set           5-fold CV (P / R / F1 / flag rate of negatives)   leave-this-set-out (P / R / F1 / flag rate)');
  const folds = 5;
  // Cross-validation: an example's fold is its index modulo 5 in the whole pool; each set is scored on its
  // examples of the held-out fold.
  const pool = examples.map((e, index) => ({ e, fold: index % folds }));
  const foldModels = Array.from({ length: folds }, (_, fold) => train(balance(pool.filter((p) => p.fold !== fold).map((p) => p.e))));
  for (const set of sets) {
    const crossValidated = { tp: 0, fp: 0, positives: 0, negatives: 0 };
    for (let fold = 0; fold < folds; fold++) {
      const c = count(foldModels[fold], pool.filter((p) => p.fold === fold && p.e.set === set).map((p) => p.e), threshold);
      crossValidated.tp += c.tp;
      crossValidated.fp += c.fp;
      crossValidated.positives += c.positives;
      crossValidated.negatives += c.negatives;
    }
    const leftOut = count(train(balance(examples.filter((e) => e.set !== set))), examples.filter((e) => e.set === set), threshold);
    console.log(`${set.padEnd(13)} ${describe(crossValidated)}               ${describe(leftOut)}`);
  }

  const model = train(balance(examples));
  console.log('\nweights of the model trained on everything:');
  console.log(`  bias ${model.bias.toFixed(3)}`);
  FEATURE_NAMES.forEach((name, i) => console.log(`  ${name.padEnd(28)} ${model.weights[i].toFixed(3)}`));
  if (dryRun) return;
  const file = {
    description:
      'Logistic model of the uncited-assertion rule over the features of assertionFeatures.ts. Generated by scripts/train-assertions.ts from the shared data (ClaimBuster, CLEF 2020 task 1, deep-review drafts); do not edit.',
    features: [...FEATURE_NAMES],
    weights: model.weights.map((w) => Math.round(w * 1e4) / 1e4),
    bias: Math.round(model.bias * 1e4) / 1e4,
  };
  const target = join(__dirname, '..', 'src', 'core', 'claims', 'assertionModel.json');
  writeFileSync(target, `${JSON.stringify(file, null, 1)}\n`);
  console.log(`\nwrote ${target}`);
}

main();
