/**
 * Trains the uncited-assertion model: a logistic regression over the generic features of
 * src/core/claims/assertionFeatures.ts (cue kinds, damper kinds, sentence shape), the hashed closed-class
 * n-grams and the hashed stemmed words of src/core/claims/assertionLexicon.ts, on the labeled sentences of the
 * shared data:
 *
 *   npx tsx scripts/train-assertions.ts --data ../shared/data [--scholarly FOLDER] [--scholarly-weight W] [--dry-run]
 *     [--no-lexical] [--no-open-vocabulary] [--balanced] [--l2 X] [--epochs N]
 *
 * It trains on ClaimBuster and CLEF 2020, and with `--scholarly` on a folder of cited scholarly Markdown (built by
 * scripts/corpus/fetch-scholarly.mjs from the vignettes Debian packages), labeled as the drafts are: a sentence its
 * authors cited is one that needs a source (Redi et al.). The deep-review
 * drafts (analytical prose) are never trained on: they are the held-out check of how the model carries over to
 * the text the product is for. Before writing the model it prints, side by side, in-domain 5-fold
 * cross-validation and cross-domain figures (trained on one set, scored on the other; trained on both, scored
 * on the drafts). Deterministic: same data, same model file.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  combinedConfidence,
  isJudged,
  sentenceEvidence,
  SENSITIVITY_THRESHOLDS,
  type AssertionModel,
  type SentenceEvidence,
} from '../src/core/claims/assertions';
import { FEATURE_NAMES } from '../src/core/claims/assertionFeatures';
import { CLOSED_CLASS_BUCKETS, describeBucketWithPairs, LEXICAL_BUCKETS, LEXICAL_FINGERPRINT, openVocabularyBucket, stemOf } from '../src/core/claims/assertionLexicon';
import { wordsOf } from '../src/core/claims/assertionWords';
import { loadSharedData } from './eval/datasets';
import { proseSentences } from './eval/engine';
import { asOneParagraphDraft, stripCitations } from './eval/measure';

/**
 * One labeled item. A tweet of three sentences is judged, by the product and by the eval, as three sentences:
 * it is flagged when any of them is. So an item is a bag of the sentences the detector would judge (multiple-
 * instance learning): its score is the highest of its sentences', and the gradient goes to that sentence.
 */
interface Example {
  set: 'claimbuster' | 'clef2020' | 'scholarly' | 'drafts';
  units: SentenceEvidence[];
  label: 0 | 1;
  weight: number;
  /** The document a scholarly sentence comes from: its cross-validation fold, so no document is on both sides. */
  document?: number;
}

interface Options {
  l2: number;
  epochs: number;
  lexical: boolean;
  /** Whether the open-vocabulary buckets (stemmed words) are used; off, only the closed-class family is. */
  openVocabulary: boolean;
  weighting: 'natural' | 'balanced';
  /** The scholarly set's total training weight, as a multiple of ClaimBuster's item count. */
  scholarlyWeight: number;
}

const LEARNING_RATE = 0.1;

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/**
 * Full-batch gradient descent with Adam steps over dense and sparse (binary, bucketed) features; deterministic
 * (starts at zero, fixed order). L2 keeps the many rare lexical buckets from memorising single sentences.
 */
function train(examples: readonly Example[], options: Options): AssertionModel {
  const dense = FEATURE_NAMES.length;
  const sparse = options.lexical ? LEXICAL_BUCKETS : 0;
  const size = dense + sparse + 1;
  const parameters = new Float64Array(size);
  const m = new Float64Array(size);
  const v = new Float64Array(size);
  const gradient = new Float64Array(size);
  const totalWeight = examples.reduce((sum, e) => sum + e.weight, 0);
  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    gradient.fill(0);
    for (const e of examples) {
      let z = -Infinity;
      let strongest: SentenceEvidence | undefined;
      for (const unit of e.units) {
        let unitZ = parameters[size - 1];
        for (let i = 0; i < dense; i++) unitZ += parameters[i] * unit.features[i];
        if (sparse) for (const bucket of unit.lexical) unitZ += parameters[dense + bucket];
        if (unitZ > z) {
          z = unitZ;
          strongest = unit;
        }
      }
      if (!strongest) continue;
      const error = (sigmoid(z) - e.label) * e.weight;
      for (let i = 0; i < dense; i++) gradient[i] += error * strongest.features[i];
      if (sparse) for (const bucket of strongest.lexical) gradient[dense + bucket] += error;
      gradient[size - 1] += error;
    }
    for (let i = 0; i < size; i++) {
      let g = gradient[i] / totalWeight;
      if (i < size - 1) g += options.l2 * parameters[i];
      m[i] = 0.9 * m[i] + 0.1 * g;
      v[i] = 0.999 * v[i] + 0.001 * g * g;
      parameters[i] -= (LEARNING_RATE * (m[i] / (1 - 0.9 ** epoch))) / (Math.sqrt(v[i] / (1 - 0.999 ** epoch)) + 1e-8);
    }
  }
  const model: AssertionModel = {
    features: [...FEATURE_NAMES],
    weights: Array.from(parameters.subarray(0, dense)),
    bias: parameters[size - 1],
  };
  if (sparse) model.lexical = { fingerprint: LEXICAL_FINGERPRINT, weights: Array.from(parameters.subarray(dense, dense + sparse)) };
  return model;
}

interface Counts {
  tp: number;
  fp: number;
  positives: number;
  negatives: number;
}

/** Scored as the shipped detector scores: the hand weights and the model, the more confident wins; a flag needs a cue. */
function flags(model: AssertionModel, e: Example, threshold: number): boolean {
  return e.units.some((unit) => unit.cues.length > 0 && combinedConfidence(unit, model) >= threshold);
}

function count(model: AssertionModel, examples: readonly Example[], threshold: number): Counts {
  const counts = { tp: 0, fp: 0, positives: 0, negatives: 0 };
  for (const e of examples) {
    const flagged = flags(model, e, threshold);
    if (e.label) counts.positives++;
    else counts.negatives++;
    if (flagged && e.label) counts.tp++;
    if (flagged && !e.label) counts.fp++;
  }
  return counts;
}

function add(into: Counts, more: Counts): void {
  into.tp += more.tp;
  into.fp += more.fp;
  into.positives += more.positives;
  into.negatives += more.negatives;
}

/** P / R / F1 for labeled sets; recall / flag rate for the drafts, whose negatives are not all false positives. */
function describe({ tp, fp, positives, negatives }: Counts, set: string): string {
  const precision = tp / Math.max(1, tp + fp);
  const recall = tp / Math.max(1, positives);
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  if (set === 'drafts' || set === 'scholarly') return `recall ${(recall * 100).toFixed(1)}%, flag rate ${((fp / Math.max(1, negatives)) * 100).toFixed(1)}%`;
  return `${precision.toFixed(3)} / ${recall.toFixed(3)} / ${f1.toFixed(3)}`;
}

/**
 * Training weights. `natural`: every item counts once, so the 9,674 debate sentences outweigh the 972 tweets ten
 * to one. `balanced`: each set weighs the same. Both rank the held-out drafts alike (see docs/quality.md); natural
 * is the default because its probabilities are calibrated on the larger set and it needs no choice of weights.
 */
function weigh(examples: readonly Example[], options: Options): Example[] {
  const counts = new Map<string, number>();
  for (const e of examples) counts.set(e.set, (counts.get(e.set) ?? 0) + 1);
  // Next to the debates, the scholarly set's weight is set, not its size. Alone (trained on it only), it counts as it is.
  const debates = counts.get('claimbuster');
  const scholarly = debates ? (options.scholarlyWeight * debates) / Math.max(1, counts.get('scholarly') ?? 0) : 1;
  if (options.weighting === 'natural') return examples.map((e) => ({ ...e, weight: e.set === 'scholarly' ? scholarly : 1 }));
  return examples.map((e) => ({ ...e, weight: examples.length / counts.size / counts.get(e.set)! }));
}

function parseOptions(argv: string[]): { folder: string; scholarlyFolder: string | undefined; dryRun: boolean; options: Options } {
  const value = (flag: string): string | undefined => {
    const index = argv.indexOf(flag);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  return {
    folder: resolve(value('--data') ?? '../shared/data'),
    scholarlyFolder: value('--scholarly') && resolve(value('--scholarly')!),
    dryRun: argv.includes('--dry-run'),
    options: {
      l2: Number(value('--l2') ?? 1e-2),
      epochs: Number(value('--epochs') ?? 300),
      lexical: !argv.includes('--no-lexical'),
      openVocabulary: !argv.includes('--no-open-vocabulary'),
      weighting: argv.includes('--balanced') ? 'balanced' : 'natural',
      scholarlyWeight: Number(value('--scholarly-weight') ?? 1),
    },
  };
}

function main(): void {
  const { folder, scholarlyFolder, dryRun, options } = parseOptions(process.argv.slice(2));
  const data = loadSharedData(folder);
  const examples: Example[] = [];
  const push = (set: Example['set'], sentences: string[], label: boolean, document?: number): void => {
    const units = sentences.filter(isJudged).map(sentenceEvidence);
    if (!options.openVocabulary) for (const unit of units) unit.lexical = unit.lexical.filter((bucket) => bucket < CLOSED_CLASS_BUCKETS);
    examples.push({ set, units, label: label ? 1 : 0, weight: 1, document });
  };
  /**
   * Redi et al.: a sentence its authors cited is one that needs a source. The draft is linted with its Pandoc
   * citations stripped, as the eval does, and each sentence labeled by whether it carried one in the original.
   */
  const pushCitedDraft = (set: 'scholarly' | 'drafts', markdown: string, document?: number): void => {
    const stripped = stripCitations(markdown).text;
    const citedTexts = new Set(proseSentences(markdown).filter((s) => s.cited).map((s) => s.text.replace(/\s*\uE000/g, '').trim()));
    for (const sentence of proseSentences(stripped)) {
      // An in-text citation ("@smith2010 showed that…") is part of the sentence and is not stripped: what is left
      // of the sentence without it is not one a writer would write, so it is not an example either way.
      if (set === 'scholarly' && sentence.cited) continue;
      push(set, [sentence.text], citedTexts.has(sentence.text.trim()), document);
    }
  };
  // Split as the eval lints them (one-paragraph drafts, links not citations), so training sees the same units.
  const sentencesOf = (text: string): string[] => proseSentences(asOneParagraphDraft(text), false).map((s) => s.text);
  for (const item of data.claimBuster) push('claimbuster', sentencesOf(item.text), item.positive);
  for (const item of [...data.clefTrain, ...data.clefDev]) push('clef2020', sentencesOf(item.text), item.positive);
  if (scholarlyFolder) {
    const documents = readdirSync(scholarlyFolder).filter((f) => f.endsWith('.md')).sort();
    documents.forEach((name, index) => pushCitedDraft('scholarly', readFileSync(join(scholarlyFolder, name), 'utf8'), index));
    console.log(`scholarly: ${documents.length} documents from ${scholarlyFolder}`);
  }
  // Scored only, never trained on.
  for (const draft of data.drafts) pushCitedDraft('drafts', draft.text);
  const of = (set: string): Example[] => examples.filter((e) => e.set === set);
  const sets = scholarlyFolder ? ['claimbuster', 'clef2020', 'scholarly'] : ['claimbuster', 'clef2020'];
  for (const set of [...sets, 'drafts']) {
    console.log(`${set}: ${of(set).length} examples, ${of(set).filter((e) => e.label).length} positive`);
  }
  const labeled = examples.filter((e) => e.set !== 'drafts');
  console.log(`options: ${JSON.stringify(options)}`);

  const threshold = SENSITIVITY_THRESHOLDS.medium;
  console.log(`\nAt the medium threshold (${threshold}), scored as the detector scores (model and hand weights; a flag needs a cue).`);
  console.log('Labeled sets: precision / recall / F1. Drafts: never trained on.\n');

  // In-domain: 5-fold cross-validation over the pooled labeled sets; an example's fold is its index modulo 5.
  const folds = 5;
  const pool = labeled.map((e, index) => ({ e, fold: (e.document ?? index) % folds }));
  const thresholds = [0.6, 0.55, 0.5, 0.45, 0.4, 0.35, 0.3, 0.25, 0.2];
  // Keyed by set and threshold, so the sensitivities can be chosen on held-out folds rather than in sample.
  const crossValidatedAt = new Map<string, Counts>();
  for (let fold = 0; fold < folds; fold++) {
    const model = train(weigh(pool.filter((p) => p.fold !== fold).map((p) => p.e), options), options);
    for (const set of sets) {
      for (const t of thresholds) {
        const key = `${set}@${t}`;
        const counts = crossValidatedAt.get(key) ?? { tp: 0, fp: 0, positives: 0, negatives: 0 };
        add(counts, count(model, pool.filter((p) => p.fold === fold && p.e.set === set).map((p) => p.e), t));
        crossValidatedAt.set(key, counts);
      }
    }
  }
  const crossValidated = new Map(sets.map((set) => [set, crossValidatedAt.get(`${set}@${threshold}`)!]));
  const onlyClaimBuster = train(weigh(of('claimbuster'), options), options);
  const onlyClef = train(weigh(of('clef2020'), options), options);
  const model = train(weigh(labeled, options), options);
  console.log('set           in-domain 5-fold CV         cross-domain (trained on the other set only)   shipped model (trained on both)');
  console.log(
    `claimbuster   ${describe(crossValidated.get('claimbuster')!, 'claimbuster')}       ${describe(count(onlyClef, of('claimbuster'), threshold), 'claimbuster')} (CLEF only)                ${describe(count(model, of('claimbuster'), threshold), 'claimbuster')} (in sample)`,
  );
  console.log(
    `clef2020      ${describe(crossValidated.get('clef2020')!, 'clef2020')}       ${describe(count(onlyClaimBuster, of('clef2020'), threshold), 'clef2020')} (ClaimBuster only)         ${describe(count(model, of('clef2020'), threshold), 'clef2020')} (in sample)`,
  );
  if (scholarlyFolder) {
    console.log(`scholarly     ${describe(crossValidated.get('scholarly')!, 'scholarly')}  (by document)${''.padEnd(46)}${describe(count(model, of('scholarly'), threshold), 'scholarly')} (in sample)`);
  }
  console.log(
    `drafts        (never trained on)          ${describe(count(onlyClaimBuster, of('drafts'), threshold), 'drafts')} (ClaimBuster only)   ${describe(count(model, of('drafts'), threshold), 'drafts')} (held out)`,
  );
  console.log(`              ${''.padEnd(28)}${describe(count(onlyClef, of('drafts'), threshold), 'drafts')} (CLEF only)`);
  if (scholarlyFolder) {
    const onlyScholarly = train(weigh(of('scholarly'), options), options);
    console.log(`              ${''.padEnd(28)}${describe(count(onlyScholarly, of('drafts'), threshold), 'drafts')} (scholarly only)`);
  }

  const sensitivities = Object.entries(SENSITIVITY_THRESHOLDS).map(([name, t]) => `${name} ${t}`).join(', ');
  console.log(`\nat other thresholds (${sensitivities}): 5-fold CV on the labeled sets, the drafts held out`);
  for (const t of thresholds) {
    const labeledColumns = sets.map((set) => `${set} ${describe(crossValidatedAt.get(`${set}@${t}`)!, set)}`);
    console.log(`  ${t.toFixed(2)}  ${labeledColumns.join('   ')}   drafts ${describe(count(model, of('drafts'), t), 'drafts')}`);
  }

  console.log('\nweights of the shipped model:');
  console.log(`  bias ${model.bias.toFixed(3)}`);
  FEATURE_NAMES.forEach((name, i) => console.log(`  ${name.padEnd(28)} ${model.weights[i].toFixed(3)}`));
  if (model.lexical) {
    const ranked = model.lexical.weights.map((w, bucket) => ({ w, bucket })).sort((a, b) => Math.abs(b.w) - Math.abs(a.w));
    console.log('  strongest lexical buckets (what falls into each):');
    for (const { w, bucket } of ranked.filter((r) => r.bucket < CLOSED_CLASS_BUCKETS).slice(0, 30)) console.log(`  ${w.toFixed(3).padStart(7)}  ${describeBucketWithPairs(bucket).slice(0, 6).join(' | ')}`);
    // The open-vocabulary buckets are named by the stems of the training sentences that fall into them.
    const stems = new Map<number, Set<string>>();
    for (const item of [...data.claimBuster, ...data.clefTrain, ...data.clefDev]) {
      for (const word of wordsOf(item.text)) {
        const stem = stemOf(word.lower);
        const bucket = openVocabularyBucket(stem);
        if (!stems.has(bucket)) stems.set(bucket, new Set());
        stems.get(bucket)!.add(stem);
      }
    }
    console.log('  strongest open-vocabulary buckets (stems of the training data that fall into each):');
    for (const { w, bucket } of ranked.filter((r) => r.bucket >= CLOSED_CLASS_BUCKETS).slice(0, 40)) console.log(`  ${w.toFixed(3).padStart(7)}  ${[...(stems.get(bucket) ?? [])].slice(0, 6).join(' | ')}`);
  }
  if (dryRun) return;
  const file: AssertionModel & { description: string } = {
    description:
      'Logistic model of the uncited-assertion rule over the features of assertionFeatures.ts, the hashed closed-class n-grams and the hashed stemmed words of assertionLexicon.ts. Generated by scripts/train-assertions.ts from ClaimBuster and CLEF 2020 task 1' +
      (scholarlyFolder ? ` and the cited scholarly Markdown of ${of('scholarly').length} sentences (--scholarly, weight ${options.scholarlyWeight})` : '') +
      ' (the deep-review drafts are held out); do not edit.',
    features: [...FEATURE_NAMES],
    weights: model.weights.map((w) => Math.round(w * 1e4) / 1e4),
    bias: Math.round(model.bias * 1e4) / 1e4,
  };
  if (model.lexical) file.lexical = { fingerprint: model.lexical.fingerprint, weights: model.lexical.weights.map((w) => Math.round(w * 1e3) / 1e3) };
  const target = join(__dirname, '..', 'src', 'core', 'claims', 'assertionModel.json');
  // One weight per line would make a 4,096-line file; the lexical weights go on one line.
  const text = JSON.stringify(file, (key, value) => (key === 'weights' && Array.isArray(value) && value.length > 200 ? JSON.stringify(value) : value), 1)
    .replace(/"weights": "(\[[^"]*\])"/, '"weights": $1');
  writeFileSync(target, `${text}\n`);
  console.log(`\nwrote ${target} (${(text.length / 1024).toFixed(1)} KB)`);
}

main();
