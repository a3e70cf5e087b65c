/**
 * Loads the shared development data (see the data folder's README): labeled sentences and tweets, and the
 * cited Markdown drafts. The data is read from the folder given on the command line, never copied.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readTable } from './delimited';
import type { LabeledItem } from './measure';

/** All the data the evaluation and the training use. */
export interface SharedData {
  claimBuster: LabeledItem[];
  clefTrain: LabeledItem[];
  clefDev: LabeledItem[];
  drafts: Array<{ name: string; text: string }>;
}

function loadTable(path: string, delimiter: ',' | '\t'): Array<Record<string, string>> {
  const { records, malformed } = readTable(readFileSync(path, 'utf8'), delimiter);
  if (malformed > 0) console.warn(`${path}: ${malformed} malformed rows skipped`);
  return records;
}

/** Reads the data folder, or throws with a message saying what is missing. */
export function loadSharedData(folder: string): SharedData {
  const checkworthy = join(folder, 'checkworthy');
  const draftsFolder = join(folder, 'drafts');
  if (!existsSync(checkworthy) || !existsSync(draftsFolder)) {
    throw new Error(`no data at ${folder} (expected checkworthy/ and drafts/; see the data README)`);
  }
  const clef = (file: string): LabeledItem[] =>
    loadTable(join(checkworthy, file), '\t').map((r) => ({ id: r.tweet_id, text: r.tweet_text, positive: r.claim === '1' }));
  return {
    claimBuster: loadTable(join(checkworthy, 'claimbuster-2class.csv'), ',').map((r) => ({
      id: r.sentence_id,
      text: r.text,
      positive: r.label === '1',
    })),
    clefTrain: clef('clef2020-task1-train.tsv'),
    clefDev: clef('clef2020-task1-dev.tsv'),
    drafts: readdirSync(draftsFolder)
      .filter((f) => f.endsWith('.md'))
      .sort()
      .map((name) => ({ name, text: readFileSync(join(draftsFolder, name), 'utf8') })),
  };
}
