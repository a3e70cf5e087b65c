/**
 * Lexical features of the assertion model that carry over from one subject to another: the closed-class words
 * of English (pronouns, auxiliaries, modals, determiners, prepositions, conjunctions, negation, discourse
 * markers), a short hand-written list of reporting and research verbs and meta-discourse nouns, and the shape
 * of every other word (capitalised, acronym, number, -ed, -ing, -ly, -s). Topical words ("tax", "virus",
 * "protein") never become features: they collapse into their shape, so the model can learn "has been" + -ed or
 * "they" + -ed but not what a data set happens to be about.
 *
 * Unigrams, bigrams and the sentence opener over these tokens are hashed into a fixed number of buckets.
 */
import { wordsOf } from './assertionWords';

/**
 * The hand-written vocabulary. Grouped for reading; the groups have no meaning to the model. Changing it
 * changes the fingerprint below, and a model trained on another vocabulary is then not used.
 */
const CLOSED_CLASS_GROUPS: readonly (readonly string[])[] = [
  // personal, possessive, reflexive, demonstrative, relative and indefinite pronouns
  ['i', 'me', 'my', 'mine', 'myself', 'we', 'us', 'our', 'ours', 'ourselves', 'you', 'your', 'yours', 'yourself',
    'he', 'him', 'his', 'himself', 'she', 'her', 'hers', 'herself', 'it', 'its', 'itself', 'they', 'them', 'their',
    'theirs', 'themselves', 'this', 'that', 'these', 'those', 'who', 'whom', 'whose', 'which', 'what', 'where',
    'when', 'why', 'how', 'whether', 'one', 'someone', 'anyone', 'everyone', 'nobody', 'something', 'anything',
    'everything', 'nothing', 'there', 'here'],
  // determiners and quantifiers
  ['a', 'an', 'the', 'some', 'any', 'no', 'every', 'each', 'all', 'both', 'either', 'neither', 'many', 'much',
    'more', 'most', 'few', 'fewer', 'less', 'least', 'several', 'such', 'other', 'another', 'same', 'own', 'only',
    'first', 'last', 'next', 'two', 'three', 'half', 'million', 'billion', 'percent', 'per'],
  // auxiliaries, copulas and modals
  ['be', 'is', 'are', 'was', 'were', 'been', 'being', 'am', 'have', 'has', 'had', 'having', 'do', 'does', 'did',
    'done', 'can', 'could', 'may', 'might', 'must', 'shall', 'should', 'will', 'would', 'ought', "it's", "that's",
    "there's", "i'm", "we're", "they're", "you're", "he's", "she's", "i've", "we've", "i'll", "we'll", "i'd",
    "we'd", "let's", 'let', 'get', 'got', 'going', 'gonna', 'want', 'need', 'needs'],
  // negation
  ['not', "n't", 'never', 'none', 'nor', 'cannot', "don't", "doesn't", "didn't", "isn't", "aren't", "wasn't",
    "weren't", "won't", "can't", "couldn't", "wouldn't", "shouldn't", "haven't", "hasn't"],
  // prepositions and particles
  ['of', 'in', 'on', 'at', 'by', 'for', 'with', 'without', 'from', 'to', 'into', 'onto', 'about', 'above',
    'below', 'over', 'under', 'between', 'among', 'through', 'during', 'before', 'after', 'since', 'until',
    'against', 'across', 'within', 'via', 'despite', 'toward', 'towards', 'around', 'than', 'as', 'like', 'up',
    'down', 'out', 'off', 'upon', 'per'],
  // conjunctions and subordinators
  ['and', 'or', 'but', 'so', 'yet', 'if', 'unless', 'because', 'although', 'though', 'while', 'whereas',
    'whilst', 'once', 'then', 'than'],
  // discourse markers and sentence adverbs
  ['however', 'thus', 'therefore', 'hence', 'moreover', 'furthermore', 'also', 'indeed', 'instead', 'still',
    'already', 'recently', 'previously', 'currently', 'now', 'today', 'ago', 'often', 'usually', 'typically',
    'generally', 'always', 'sometimes', 'frequently', 'again', 'even', 'just', 'very', 'really', 'too', 'well',
    'finally', 'overall', 'together', 'similarly', 'likewise', 'notably', 'specifically', 'particularly',
    'especially', 'example', 'instance', 'e.g', 'i.e', 'etc', 'et', 'al', 'namely', 'yes', 'okay', 'please',
    'perhaps', 'maybe', 'probably', 'likely', 'possibly', 'clearly', 'obviously', 'actually', 'certainly',
    'important', 'necessary', 'possible', 'able', 'new', 'recent', 'current', 'different', 'similar',
    'significant', 'significantly', 'approximately', 'about', 'nearly', 'almost', 'over', 'least'],
  // reporting, research and evaluation verbs: how a source is invoked in any field
  ['said', 'say', 'says', 'told', 'reported', 'report', 'reports', 'according', 'announced', 'claimed', 'stated',
    'found', 'find', 'finds', 'shown', 'show', 'shows', 'showed', 'demonstrated', 'demonstrate', 'demonstrates',
    'suggest', 'suggests', 'suggested', 'observed', 'proposed', 'developed', 'used', 'use', 'uses', 'using',
    'applied', 'introduced', 'described', 'identified', 'achieved', 'achieve', 'achieves', 'improved', 'improve',
    'improves', 'outperformed', 'outperform', 'outperforms', 'performed', 'compared', 'evaluated', 'trained',
    'predicted', 'predict', 'predicts', 'estimated', 'measured', 'increased', 'decreased', 'reduced', 'caused',
    'led', 'resulted', 'known', 'believed', 'considered', 'called', 'make', 'made', 'think', 'believe', 'argue',
    'discuss', 'review', 'describe', 'examine', 'focus', 'consider', 'note', 'seem', 'seems', 'appear', 'appears',
    'remain', 'remains', 'become', 'became', 'allow', 'allows', 'enable', 'enables', 'require', 'requires',
    'help', 'helps', 'provide', 'provides', 'include', 'includes', 'including', 'such'],
  // meta-discourse and evidence nouns
  ['study', 'studies', 'work', 'research', 'researchers', 'authors', 'paper', 'papers', 'article', 'section',
    'review', 'literature', 'evidence', 'results', 'result', 'approach', 'approaches', 'method', 'methods',
    'experts', 'officials', 'people', 'thing', 'things', 'way', 'lot', 'time', 'year', 'years', 'question',
    'problem', 'idea', 'fact', 'number'],
];

const CLOSED_CLASS: readonly string[] = [...new Set(CLOSED_CLASS_GROUPS.flat())];

/** The shapes an open-class word collapses into, in token-id order after the vocabulary. */
const SHAPES = ['<num>', '<year>', '<acronym>', '<name>', '<ed>', '<ing>', '<ly>', '<s>', '<word>', '<start>', '<end>'] as const;
type Shape = (typeof SHAPES)[number];

const TOKEN_ID = new Map<string, number>();
CLOSED_CLASS.forEach((word, index) => TOKEN_ID.set(word, index));
SHAPES.forEach((shape, index) => TOKEN_ID.set(shape, CLOSED_CLASS.length + index));
const TOKEN_COUNT = CLOSED_CLASS.length + SHAPES.length;

/** Punctuation that says something about a sentence's kind: quotation, aside, list, exclamation. */
const PUNCTUATION_FEATURES: ReadonlyArray<[name: string, characters: string]> = [
  ['quote', '"“”'],
  ['parenthesis', '()'],
  ['colon', ':'],
  ['semicolon', ';'],
  ['dash', '—–'],
  ['exclamation', '!'],
  ['percent', '%'],
  ['currency', '$€£¥'],
];
const PUNCTUATION_INDEX = new Map<number, number>();
PUNCTUATION_FEATURES.forEach(([, characters], index) => {
  for (const character of characters) PUNCTUATION_INDEX.set(character.charCodeAt(0), index);
});

/** The number of hash buckets the lexical features fall into (the model file has one weight per bucket). */
export const LEXICAL_BUCKETS = 4096;

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * A fingerprint of the vocabulary, shapes, punctuation and bucket count. The model file records it, and a model
 * whose fingerprint differs (it was trained on other features) is not used.
 */
export const LEXICAL_FINGERPRINT: string = fnv1a(
  [CLOSED_CLASS.join(' '), SHAPES.join(' '), PUNCTUATION_FEATURES.map(([name, characters]) => name + characters).join(' '), String(LEXICAL_BUCKETS), 'v1'].join('|'),
).toString(16);

/** Integer mixing of a feature family and up to two token ids into a bucket; deterministic across platforms. */
function bucketOf(family: number, first: number, second = 0): number {
  let hash = Math.imul(family + 1, 0x9e3779b1) ^ Math.imul(first + 1, 0x85ebca6b) ^ Math.imul(second + 1, 0xc2b2ae35);
  hash ^= hash >>> 15;
  hash = Math.imul(hash, 0x2c1b3c6d);
  hash ^= hash >>> 12;
  return (hash >>> 0) % LEXICAL_BUCKETS;
}

const FAMILY_UNIGRAM = 1;
const FAMILY_BIGRAM = 2;
const FAMILY_OPENER = 3;
const FAMILY_OPENER_PAIR = 4;
const FAMILY_PUNCTUATION = 5;

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** Letters that change under case mapping: enough to tell capitals, without a Unicode regex per word. */
function isUpper(character: string): boolean {
  return character !== character.toLowerCase();
}

function isLower(character: string): boolean {
  return character !== character.toUpperCase();
}

function shapeOf(original: string, lower: string, first: boolean): Shape {
  if (isDigit(lower.charCodeAt(0))) return lower.length === 4 && /^(1[5-9]|20)\d\d$/.test(lower) ? '<year>' : '<num>';
  const capitalised = isUpper(original[0]);
  if (capitalised && original.length >= 2 && original === original.toUpperCase()) return '<acronym>';
  // CamelCase and letter-digit mixes ("DeepCpG", "A380") are names of things.
  for (let i = 1; i < original.length; i++) {
    if ((isDigit(original.charCodeAt(i)) && !isDigit(original.charCodeAt(i - 1))) || (isUpper(original[i]) && isLower(original[i - 1]))) return '<acronym>';
  }
  if (capitalised && !first) return '<name>';
  if (lower.length > 4 && lower.endsWith('ed')) return '<ed>';
  if (lower.length > 5 && lower.endsWith('ing')) return '<ing>';
  if (lower.length > 4 && lower.endsWith('ly')) return '<ly>';
  if (lower.length > 3 && lower.endsWith('s') && !lower.endsWith('ss')) return '<s>';
  return '<word>';
}

/** The token ids of a sentence: each word as itself when it is in the vocabulary, otherwise as its shape. */
export function lexicalTokens(text: string): number[] {
  const words = wordsOf(text);
  const tokens: number[] = [TOKEN_ID.get('<start>')!];
  for (let i = 0; i < words.length; i++) {
    const { lower, start, end } = words[i];
    const known = TOKEN_ID.get(lower);
    tokens.push(known ?? TOKEN_ID.get(shapeOf(text.slice(start, end), lower, i === 0))!);
  }
  tokens.push(TOKEN_ID.get('<end>')!);
  return tokens;
}

/** The readable name of a token id (for the training script's report of the strongest weights). */
export function tokenName(id: number): string {
  return id < CLOSED_CLASS.length ? CLOSED_CLASS[id] : (SHAPES[id - CLOSED_CLASS.length] ?? '?');
}

/**
 * The active buckets of a sentence, each once: unigrams and bigrams of its tokens, its first word and
 * first two words, and its punctuation. All features are binary, so the list is the whole feature vector.
 */
export function lexicalFeatures(text: string): number[] {
  const tokens = lexicalTokens(text);
  const active = new Set<number>();
  for (let i = 1; i < tokens.length - 1; i++) active.add(bucketOf(FAMILY_UNIGRAM, tokens[i]));
  for (let i = 1; i < tokens.length; i++) active.add(bucketOf(FAMILY_BIGRAM, tokens[i - 1], tokens[i]));
  if (tokens.length > 2) active.add(bucketOf(FAMILY_OPENER, tokens[1]));
  if (tokens.length > 3) active.add(bucketOf(FAMILY_OPENER_PAIR, tokens[1], tokens[2]));
  for (let i = 0; i < text.length; i++) {
    const index = PUNCTUATION_INDEX.get(text.charCodeAt(i));
    if (index !== undefined) active.add(bucketOf(FAMILY_PUNCTUATION, index));
  }
  return [...active];
}

/** What a bucket stands for, for reports: every unigram, bigram and opener that falls into it (collisions included). */
export function describeBucket(bucket: number): string[] {
  const names: string[] = [];
  for (let a = 0; a < TOKEN_COUNT; a++) {
    if (bucketOf(FAMILY_UNIGRAM, a) === bucket) names.push(tokenName(a));
    if (bucketOf(FAMILY_OPENER, a) === bucket) names.push(`^${tokenName(a)}`);
  }
  PUNCTUATION_FEATURES.forEach(([name], index) => {
    if (bucketOf(FAMILY_PUNCTUATION, index) === bucket) names.push(`'${name}'`);
  });
  return names;
}

/** Like `describeBucket`, but for bigrams too (slower: it walks every pair). */
export function describeBucketWithPairs(bucket: number): string[] {
  const names = describeBucket(bucket);
  for (let a = 0; a < TOKEN_COUNT; a++) {
    for (let b = 0; b < TOKEN_COUNT; b++) {
      if (bucketOf(FAMILY_BIGRAM, a, b) === bucket) names.push(`${tokenName(a)} ${tokenName(b)}`);
      if (bucketOf(FAMILY_OPENER_PAIR, a, b) === bucket) names.push(`^${tokenName(a)} ${tokenName(b)}`);
    }
  }
  return names;
}
