/**
 * Lexical features of the assertion model that carry over from one subject to another: the closed-class words
 * of English (pronouns, auxiliaries, modals, determiners, prepositions, conjunctions, negation, discourse
 * markers), a short hand-written list of reporting and research verbs and meta-discourse nouns, and the shape
 * of every other word (capitalised, acronym, number, -ed, -ing, -ly, -s). Topical words ("tax", "virus",
 * "protein") never become features: they collapse into their shape, so the model can learn "has been" + -ed or
 * "they" + -ed but not what a data set happens to be about.
 *
 * Unigrams, bigrams and the sentence opener over these tokens are hashed into a fixed number of buckets.
 *
 * Round 3 adds a second, open-vocabulary family: every word, crudely stemmed ("helped" and "helps" are "help",
 * any number is "#"), hashed into buckets of its own. Unlike the closed-class family it can learn topics, so it
 * was kept only because it improved the cross-validated F1 on both labeled sets, the transfer from one set to
 * the other in both directions, and the held-out drafts (docs/quality.md, round 3). Strong L2 keeps its weights
 * small: it nudges a sentence, the closed-class features and the cues still carry the decision.
 */
import { lettersAndDigitsAreAscii, setVocabularyId, unicodeRegExp, wordsOf, type Word } from './assertionWords';

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

const TOKEN_ID = new Map<string, number>();
CLOSED_CLASS.forEach((word, index) => {
  TOKEN_ID.set(word, index);
  // Looked up with the word's other lists, once per word (see assertionWords.ts).
  setVocabularyId(word, index);
});
SHAPES.forEach((shape, index) => TOKEN_ID.set(shape, CLOSED_CLASS.length + index));
const TOKEN_COUNT = CLOSED_CLASS.length + SHAPES.length;
const START_TOKEN = TOKEN_ID.get('<start>')!;
const END_TOKEN = TOKEN_ID.get('<end>')!;
const HAS_DIGIT = /\d/;

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
/** Any character of PUNCTUATION_FEATURES, as \uXXXX escapes (each is one UTF-16 unit, and the scan is by unit). */
const PUNCTUATION = new RegExp(`[${[...PUNCTUATION_INDEX.keys()].map((code) => `\\u${code.toString(16).padStart(4, '0')}`).join('')}]`, 'g');

/** Buckets of the closed-class family (unigrams, bigrams, openers and punctuation over the vocabulary and shapes). */
export const CLOSED_CLASS_BUCKETS = 4096;
/** Buckets of the open-vocabulary family (stemmed words), numbered after the closed-class ones. */
export const OPEN_VOCABULARY_BUCKETS = 16384;
/** The number of hash buckets the lexical features fall into (the model file has one weight per bucket). */
export const LEXICAL_BUCKETS = CLOSED_CLASS_BUCKETS + OPEN_VOCABULARY_BUCKETS;

const BUCKET_MASK = (CLOSED_CLASS_BUCKETS & (CLOSED_CLASS_BUCKETS - 1)) === 0 ? CLOSED_CLASS_BUCKETS - 1 : -1;

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
  [CLOSED_CLASS.join(' '), SHAPES.join(' '), PUNCTUATION_FEATURES.map(([name, characters]) => name + characters).join(' '), String(CLOSED_CLASS_BUCKETS), 'v1', `open-vocabulary stem-v1 ${OPEN_VOCABULARY_BUCKETS}`].join('|'),
).toString(16);

/** Integer mixing of a feature family and up to two token ids into a bucket; deterministic across platforms. */
function bucketOf(family: number, first: number, second = 0): number {
  return mixToBucket(Math.imul(family + 1, 0x9e3779b1) ^ Math.imul(first + 1, 0x85ebca6b) ^ Math.imul(second + 1, 0xc2b2ae35));
}

function mixToBucket(combined: number): number {
  let hash = combined;
  hash ^= hash >>> 15;
  hash = Math.imul(hash, 0x2c1b3c6d);
  hash ^= hash >>> 12;
  // A mask when the bucket count is a power of two (it is): the same bucket as the remainder, without the
  // unsigned number that does not fit a small integer.
  return BUCKET_MASK >= 0 ? hash & BUCKET_MASK : (hash >>> 0) % CLOSED_CLASS_BUCKETS;
}

const FAMILY_UNIGRAM = 1;
const FAMILY_BIGRAM = 2;
const FAMILY_OPENER = 3;
const FAMILY_OPENER_PAIR = 4;
const FAMILY_PUNCTUATION = 5;

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isAsciiLowerCase(code: number): boolean {
  return code >= 97 && code <= 122;
}

/**
 * Letters that change under case mapping: enough to tell capitals, without a Unicode regex per word. ASCII is
 * decided by its code, since case-mapping a character allocates and this runs for every character of a word.
 */
function isUpper(character: string): boolean {
  const code = character.charCodeAt(0);
  if (code < 128) return code >= 65 && code <= 90;
  return character !== character.toLowerCase();
}

function isLower(character: string): boolean {
  const code = character.charCodeAt(0);
  if (code < 128) return code >= 97 && code <= 122;
  return character !== character.toUpperCase();
}

const NON_DIGIT_THEN_DIGIT = /\D\d/;
/**
 * A character a word may have (a letter, a number, ' ’ . -) other than 0-9, then a digit: where a word's lower case
 * has /\D\d/, the word has such a pair (lower-casing makes no digit and keeps the digits where they are).
 */
const WORD_CHARACTER_THEN_DIGIT = unicodeRegExp(String.raw`(?!\d)[\p{L}\p{N}'’.\-]\d`, 'u');
const WORD_CHARACTER_THEN_DIGIT_ASCII = WORD_CHARACTER_THEN_DIGIT.ascii;
const ASCII_LOWER_THEN_UPPER = /[a-z][A-Z]/;

/** Whether a lower-case character is followed by an upper-case one in `text.slice(start, end)`. */
function hasLowerThenUpper(text: string, start: number, end: number): boolean {
  for (let i = start + 1; i < end; i++) if (isUpper(text[i]) && isLower(text[i - 1])) return true;
  return false;
}

/** The token ids of the shapes, for `shapeTokenOf`. */
const [NUMBER_SHAPE, YEAR_SHAPE, ACRONYM_SHAPE, NAME_SHAPE, ED_SHAPE, ING_SHAPE, LY_SHAPE, S_SHAPE, WORD_SHAPE] = (
  ['<num>', '<year>', '<acronym>', '<name>', '<ed>', '<ing>', '<ly>', '<s>', '<word>'] as const
).map((shape) => TOKEN_ID.get(shape)!);
const YEAR_DIGITS = /^(1[5-9]|20)\d\d$/;

/**
 * The token id of the shape of a word of `text`. The sentence-wide tests (see `writeTokens`): `asciiLetters`, its
 * letters and digits are all ASCII; `mayMixCases`, false when no word can have a lower-case letter right before a
 * capital; `mayMixDigits`, false when no word can have a digit right after another character. The id rather than
 * the shape's name, and the endings by character code: this runs for every word outside the vocabulary, and a map
 * look-up and four string searches per word showed in the cold profile.
 */
function shapeTokenOf(text: string, word: Word, first: boolean, asciiLetters: boolean, mayMixCases: boolean, mayMixDigits: boolean): number {
  const { lower, start, end, hasCapital } = word;
  const n = lower.length;
  if (isDigit(lower.charCodeAt(0))) return n === 4 && YEAR_DIGITS.test(lower) ? YEAR_SHAPE : NUMBER_SHAPE;
  // A word that lower-casing leaves alone has no upper-case character: most words skip the character tests.
  let capitalised = false;
  if (hasCapital) {
    capitalised = isUpper(text[start]);
    // All in capitals ("NASA"). Most capitalised words go on in lower case, which rules that out without copying
    // the word: upper-casing changes an ASCII lower-case letter.
    if (capitalised && end - start >= 2 && !isAsciiLowerCase(text.charCodeAt(start + 1))) {
      const original = text.slice(start, end);
      if (original === original.toUpperCase()) return ACRONYM_SHAPE;
    }
    // CamelCase ("DeepCpG"): by one regex when the sentence's letters are all ASCII, which then answers as the
    // loop would (a word's other characters, digits, ' ’ - and ., are neither upper nor lower case); otherwise
    // character by character, as case mapping decides what is upper and lower case.
    if (mayMixCases && (asciiLetters ? ASCII_LOWER_THEN_UPPER.test(text.slice(start, end)) : hasLowerThenUpper(text, start, end))) return ACRONYM_SHAPE;
  }
  // Letter-digit mixes ("A380") are names of things. Lower-casing neither makes nor removes a digit, nor turns a
  // non-digit into one, so the lower case has a non-digit before a digit when the word has.
  if (mayMixDigits && NON_DIGIT_THEN_DIGIT.test(lower)) return ACRONYM_SHAPE;
  if (capitalised && !first) return NAME_SHAPE;
  const last = lower.charCodeAt(n - 1);
  const beforeLast = lower.charCodeAt(n - 2);
  if (n > 4 && last === CODE_D && beforeLast === CODE_E) return ED_SHAPE;
  if (n > 5 && last === CODE_G && beforeLast === CODE_N && lower.charCodeAt(n - 3) === CODE_I) return ING_SHAPE;
  if (n > 4 && last === CODE_Y && beforeLast === CODE_L) return LY_SHAPE;
  if (n > 3 && last === CODE_S && beforeLast !== CODE_S) return S_SHAPE;
  return WORD_SHAPE;
}

/**
 * The token ids of the sentence last passed to `writeTokens`, from index 0 to its count. Reused, as an Int32Array
 * rather than an array grown by push per word: the features run for every sentence, and until the JIT has warmed
 * up each push is a call.
 */
let tokenScratch = new Int32Array(64);
/** The open-vocabulary bucket of each word of that sentence, when `writeTokens` was asked for them. Reused likewise. */
let openBucketScratch = new Int32Array(64);

/**
 * Writes the token ids of `text` (see `lexicalTokens`) to `tokenScratch` and returns their count; with
 * `openVocabulary`, also each word's open-vocabulary bucket to `openBucketScratch`, in the same pass over the
 * words (a second loop over every word of every sentence showed in the cold profile).
 */
function writeTokens(text: string, openVocabulary: boolean): number {
  const words = wordsOf(text);
  const count = words.length + 2;
  if (tokenScratch.length < count) {
    tokenScratch = new Int32Array(Math.max(count, 2 * tokenScratch.length));
    openBucketScratch = new Int32Array(tokenScratch.length);
  }
  const tokens = tokenScratch;
  const openBuckets = openBucketScratch;
  tokens[0] = START_TOKEN;
  // One regex test per sentence rather than one per word (a call costs several hundred instructions until the JIT
  // has warmed up): a word has a pair of characters only where its sentence has.
  const asciiLetters = lettersAndDigitsAreAscii(text);
  const mayMixCases = !asciiLetters || ASCII_LOWER_THEN_UPPER.test(text);
  const mayMixDigits = HAS_DIGIT.test(text) && (asciiLetters ? WORD_CHARACTER_THEN_DIGIT_ASCII : WORD_CHARACTER_THEN_DIGIT.unicode).test(text);
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    const known = word.entry.vocabularyId;
    if (known >= 0) {
      tokens[i + 1] = known;
      // A word of the vocabulary is its entry's word: its bucket was computed once, when the module loaded.
      if (openVocabulary) openBuckets[i] = VOCABULARY_OPEN_BUCKETS[known];
    } else {
      tokens[i + 1] = shapeTokenOf(text, word, i === 0, asciiLetters, mayMixCases, mayMixDigits);
      if (openVocabulary) openBuckets[i] = openVocabularyBucketOfWord(word.lower);
    }
  }
  tokens[count - 1] = END_TOKEN;
  return count;
}

/** The token ids of a sentence: each word as itself when it is in the vocabulary, otherwise as its shape. */
export function lexicalTokens(text: string): number[] {
  return Array.from(tokenScratch.subarray(0, writeTokens(text, false)));
}

/** The readable name of a token id (for the training script's report of the strongest weights). */
export function tokenName(id: number): string {
  return id < CLOSED_CLASS.length ? CLOSED_CLASS[id] : (SHAPES[id - CLOSED_CLASS.length] ?? '?');
}

/**
 * The closed-class buckets of a sentence, each once: unigrams and bigrams of its tokens, its first word and
 * first two words, and its punctuation. Topic-free: a content word only counts by its shape.
 */
export function closedClassFeatures(text: string): number[] {
  return closedClassBuckets(text, writeTokens(text, false));
}

/** `closedClassFeatures` of `text`, whose `count` tokens `writeTokens` has just written. */
function closedClassBuckets(text: string, count: number): number[] {
  const tokens = tokenScratch;
  const active: number[] = [];
  // Each bucket once, in the order first seen (the model sums them in this order). A stamp per bucket rather than
  // a Set per sentence: this runs for every sentence, and the allocation showed in the cold profile.
  nextSentenceStamp();
  // The two loops below run for every word: `activate` and `bucketOf` are inlined by hand, with the per-token
  // parts of the hash precomputed (a call costs much more than the work until the JIT has warmed up).
  for (let i = 1; i < count - 1; i++) {
    const bucket = UNIGRAM_BUCKETS[tokens[i]];
    if (bucketStamps[bucket] !== sentenceStamp) {
      bucketStamps[bucket] = sentenceStamp;
      active.push(bucket);
    }
  }
  for (let i = 1; i < count; i++) {
    // `mixToBucket`, inlined by hand.
    let hash = BIGRAM_HASH ^ FIRST_OF_PAIR_HASH[tokens[i - 1]] ^ SECOND_OF_PAIR_HASH[tokens[i]];
    hash ^= hash >>> 15;
    hash = Math.imul(hash, 0x2c1b3c6d);
    hash ^= hash >>> 12;
    const bucket = BUCKET_MASK >= 0 ? hash & BUCKET_MASK : (hash >>> 0) % CLOSED_CLASS_BUCKETS;
    if (bucketStamps[bucket] !== sentenceStamp) {
      bucketStamps[bucket] = sentenceStamp;
      active.push(bucket);
    }
  }
  if (count > 2) activate(active, bucketOf(FAMILY_OPENER, tokens[1]));
  if (count > 3) activate(active, bucketOf(FAMILY_OPENER_PAIR, tokens[1], tokens[2]));
  // A regex finds the few punctuation characters: a loop over every character is slow until the JIT warms up.
  // `test` moves lastIndex past the one-character match without making a match object.
  PUNCTUATION.lastIndex = 0;
  while (PUNCTUATION.test(text)) {
    activate(active, bucketOf(FAMILY_PUNCTUATION, PUNCTUATION_INDEX.get(text.charCodeAt(PUNCTUATION.lastIndex - 1))!));
  }
  return active;
}

/** Which sentence last activated each bucket, of both families (see `closedClassFeatures`). */
const bucketStamps = new Uint32Array(LEXICAL_BUCKETS);
let sentenceStamp = 0;

/** Starts a new sentence: no bucket is active under the new stamp. */
function nextSentenceStamp(): void {
  if (++sentenceStamp === 0xffffffff) {
    bucketStamps.fill(0);
    sentenceStamp = 1;
  }
}

/** Adds `bucket` to the sentence's active buckets unless it is there already. */
function activate(active: number[], bucket: number): void {
  if (bucketStamps[bucket] === sentenceStamp) return;
  bucketStamps[bucket] = sentenceStamp;
  active.push(bucket);
}

/** The unigram bucket of each token, computed once. */
const UNIGRAM_BUCKETS = Int32Array.from({ length: TOKEN_COUNT }, (_, token) => bucketOf(FAMILY_UNIGRAM, token));
/** The parts of `bucketOf(FAMILY_BIGRAM, first, second)` before mixing: the family's, the first token's, the second's. */
const BIGRAM_HASH = Math.imul(FAMILY_BIGRAM + 1, 0x9e3779b1);
const FIRST_OF_PAIR_HASH = Int32Array.from({ length: TOKEN_COUNT }, (_, token) => Math.imul(token + 1, 0x85ebca6b));
const SECOND_OF_PAIR_HASH = Int32Array.from({ length: TOKEN_COUNT }, (_, token) => Math.imul(token + 1, 0xc2b2ae35));

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

const [CODE_D, CODE_E, CODE_G, CODE_I, CODE_L, CODE_N, CODE_S, CODE_Y] = [...'degilnsy'].map((c) => c.charCodeAt(0));

/**
 * How many leading characters of `lower` its stem keeps, or -1 for a number (stem "#"). `stemOf` and the run-time
 * features share it; the features hash the kept characters in place rather than slicing a stem off every word.
 */
function stemLength(lower: string): number {
  const n = lower.length;
  if (n === 0) return 0;
  if (isDigit(lower.charCodeAt(0))) return -1;
  if (n <= 3) return n;
  // The endings by character code (this runs for every word): -ing, then -ed, -ly, -es, then -s but not -ss.
  const last = lower.charCodeAt(n - 1);
  const beforeLast = lower.charCodeAt(n - 2);
  if (n > 5 && last === CODE_G && beforeLast === CODE_N && lower.charCodeAt(n - 3) === CODE_I) return n - 3;
  if (n > 4 && ((last === CODE_D && beforeLast === CODE_E) || (last === CODE_Y && beforeLast === CODE_L) || (last === CODE_S && beforeLast === CODE_E))) return n - 2;
  if (last === CODE_S && beforeLast !== CODE_S) return n - 1;
  return n;
}

/**
 * A crude, fixed stemmer for the open-vocabulary family: a number is "#", and a few inflections are cut so that
 * "helped", "helps" and "helping" share a weight. It only has to be the same at training and at run time.
 */
export function stemOf(lower: string): string {
  const length = stemLength(lower);
  return length < 0 ? '#' : length === lower.length ? lower : lower.slice(0, length);
}

/** The open-vocabulary bucket of a stem, numbered after the closed-class buckets. */
export function openVocabularyBucket(stem: string): number {
  return CLOSED_CLASS_BUCKETS + (fnv1a(stem) % OPEN_VOCABULARY_BUCKETS);
}

const NUMBER_STEM_BUCKET = openVocabularyBucket('#');
/** The open-vocabulary bucket of each vocabulary word, by token id (see `writeTokens`). */
const VOCABULARY_OPEN_BUCKETS = Int32Array.from(CLOSED_CLASS, (word) => openVocabularyBucketOfWord(word));

/** `openVocabularyBucket(stemOf(lower))`, without the stem string: FNV-1a over the kept characters. */
function openVocabularyBucketOfWord(lower: string): number {
  const length = stemLength(lower);
  if (length < 0) return NUMBER_STEM_BUCKET;
  let hash = 0x811c9dc5;
  for (let i = 0; i < length; i++) {
    hash ^= lower.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return CLOSED_CLASS_BUCKETS + ((hash >>> 0) % OPEN_VOCABULARY_BUCKETS);
}

/** The open-vocabulary buckets of a sentence, each once: one per distinct stemmed word. */
export function openVocabularyFeatures(text: string): number[] {
  return lexicalFeatures(text).filter((bucket) => bucket >= CLOSED_CLASS_BUCKETS);
}

/**
 * The active buckets of a sentence, each once: the closed-class family, then the open-vocabulary family. All
 * features are binary, so the list is the whole feature vector.
 */
export function lexicalFeatures(text: string): number[] {
  const count = writeTokens(text, true);
  const active = closedClassBuckets(text, count);
  // The two families' buckets are disjoint, so the open-vocabulary ones go on under the closed-class stamp, in
  // word order. The loop stays here rather than in a function of its own: that call per sentence, cold, cost the
  // benchmark's run about 20 M more instructions.
  const openBuckets = openBucketScratch;
  const words = count - 2;
  for (let i = 0; i < words; i++) {
    const bucket = openBuckets[i];
    if (bucketStamps[bucket] !== sentenceStamp) {
      bucketStamps[bucket] = sentenceStamp;
      active.push(bucket);
    }
  }
  return active;
}
