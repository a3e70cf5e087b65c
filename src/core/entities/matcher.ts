/**
 * Finds every mention of every entity name and alias in a text in one left-to-right pass.
 *
 * The catalog's names are folded (typography, case, white space) into one trie, built once per catalog. The
 * search walks that trie from each place a name may begin (the start of a word, or a punctuation mark that
 * some name begins with) and keeps the longest name that ends on a word boundary and whose capitalisation
 * rule accepts the text. The cost is linear in the text times the length of the longest partial match, not in
 * the number of names, so a catalog of thousands of names costs the same per character as a catalog of ten.
 * Those places are found by a regular expression made from the names' first two units, so the characters in
 * between (most of a draft) are skipped by the regular expression engine rather than looked at one by one in
 * JavaScript.
 *
 * The rules a writer can rely on (each has a test in test/unit/entities/matcher.test.ts):
 *
 * - Leftmost-longest, non-overlapping: "Air India" wins over "India"; a match never starts inside another.
 * - Typography: curly apostrophes and quotes, typographic dashes and non-breaking or thin spaces match their
 *   plain forms both ways; any run of white space (a line break included) matches one space in a name.
 *   Precomposed and decomposed accents ("é" as one or two code points) both match.
 * - Word boundaries know every script: "Paulo" is not found in "Paulopolis" nor "Iran" in "Iranian". An
 *   apostrophe between letters is inside a word ("Brien" is not found in "O'Brien"), except a possessive:
 *   "Hamas’s", "Iran's" and "the Venezuelans'" are mentions of "Hamas", "Iran" and "Venezuelans", the
 *   suffix left out of the span. A hyphen is a boundary: "Iran-backed" mentions "Iran".
 * - Capitalisation, decided per name:
 *   - A name of two or more words (counting words split by hyphens, dots or apostrophes: "Gulf of Aden",
 *     "Al-Qaeda", "U.S. Treasury") ignores case, since writers vary the capitals of small words ("the Hague",
 *     "Gulf Of Aden", "al-Qaeda") and headings capitalise everything. Its all-capitals words of two or more
 *     letters are acronyms and keep their case: "IRGC Navy" is not found in "irgc navy".
 *   - A one-word name must be written as in the catalog, because one word is where proper names collide with
 *     ordinary words ("Bush"/"bush", "Turkey"/"turkey", "Chase"/"chase", "WHO"/"who"). Two spellings are also
 *     accepted: all capitals ("GHASEMI" in a shouted heading) and, for a name written in lower case, a capital
 *     first letter (a sentence that begins with "Bitcoin" for the name "bitcoin"). Acronyms ("WHO", "IRGC",
 *     "U.S.") are therefore matched exactly.
 * - Short names and ordinary words are allowed: the writer listed them, so "X" and "UK" are found, under the
 *   capitalisation rule above (which is what keeps "US" from matching "us"). The price is accepted: "X" is
 *   found in "X-ray", and an acronym that is also a word is found in an all-capitals heading ("WHO SAID").
 *   Leaving such names out would surprise more writers than the occasional stray highlight does.
 * - Empty and white-space-only names are ignored; a name listed twice for one entity counts once.
 * - When two entities claim the same name (the same text once folded), the one given first to `build` wins;
 *   the engine passes the draft's own entities before shared registries. One exception keeps distinct
 *   spellings apart: when the text matches only a later claimant's spelling exactly ("WHO" for "WHO" versus
 *   "Who"), that claimant wins. Every such name is listed in `conflicts` so a rule can warn.
 */
import type { EntityRecord } from '../analysis';
import type { EntityKind } from '../sidecar/schema';
import { foldCaseKeepingLength, foldTypography, isWordChar } from '../text/normalize';

/** One entity as the matcher sees it: its id, its kind and every name it may be written as (name and aliases). */
export interface EntityPattern {
  entityId: string;
  kind: EntityKind;
  names: readonly string[];
}

/** A mention found in the searched text; `start` and `end` are UTF-16 offsets into that text. */
export interface EntityTextMatch {
  entityId: string;
  kind: EntityKind;
  start: number;
  end: number;
  /** The name or alias that matched, as written in the catalog. */
  name: string;
}

/** A name (after folding) that more than one entity claims. */
export interface EntityNameConflict {
  /** The name as its first claimant wrote it. */
  name: string;
  /**
   * Every entity claiming it, in the order given to `build`, with its own spelling. Mentions go to the first
   * unless the text matches only a later claimant's spelling exactly.
   */
  claimants: Array<{ entityId: string; name: string }>;
}

const SPACE = 0x20;
const ROOT = 0;
/** No UTF-16 unit: marks a trie node whose next node is not its child. */
const NO_CHAIN = 0x10000;
/** A trie node's facts: its chain unit (or NO_CHAIN) in the low bits, its number of children above. */
const CHAIN_UNIT_MASK = 0x1ffff;
const CHILD_COUNT_SHIFT = 17;
/** ASCII needs no Unicode normalisation and changes case unit for unit, which lets common names skip both. */
const ASCII_ONLY = /^[\x00-\x7f]*$/;
/** Printable ASCII (backtick aside, which folds to an apostrophe) with single spaces: already folded. */
const ALREADY_FOLDED = /^[\x21-\x5f\x61-\x7e]+(?: [\x21-\x5f\x61-\x7e]+)*$/;

/** One spelling of one entity's name (a name in composed and decomposed form gives two). */
interface NameVariant {
  entityId: string;
  kind: EntityKind;
  /** The name or alias as the catalog wrote it. */
  name: string;
  /** The name with typography folded and white space collapsed, case kept: what the text is compared to. */
  spelling: string;
  /** True when the spelling is all ASCII. */
  ascii: boolean;
  /** Made on first use: most names of a large registry never occur in a given draft. */
  caseCheck: CaseCheck | undefined;
}

/** How a name's capitalisation is checked once its folded form has matched. */
interface CaseCheck {
  /**
   * Multi-word names accept any case except at the positions `exactCaseAt` marks (acronym letters); one-word
   * names accept their spelling or one of `relaxedSpellings`.
   */
  anyCase: boolean;
  exactCaseAt: Uint8Array | undefined;
  relaxedSpellings: string[];
}

/** How well a text span fits a variant: not at all, through a relaxed capitalisation, or letter for letter. */
const enum Fit {
  None = 0,
  Relaxed = 1,
  Exact = 2,
}

/** A multi-pattern matcher for entity names, built once per catalog and reused for every block of a draft. */
export class EntityMatcher {
  /** Names claimed by more than one entity, for a rule to report; see the module comment for who wins. */
  readonly conflicts: readonly EntityNameConflict[];
  /** How many distinct (entity, name) pairs the matcher searches for. */
  readonly nameCount: number;

  private constructor(
    private readonly trie: FoldedTrie,
    private readonly variants: readonly NameVariant[],
    /** For each variant, the 1-based index of the next variant at the same trie node, or 0. */
    private readonly nextVariant: readonly number[],
    /** What the folded names' first two units are, where the first is ASCII: see `noteFirstUnits`. */
    private readonly firstUnits: Int32Array,
    conflicts: EntityNameConflict[],
    nameCount: number,
  ) {
    this.conflicts = conflicts;
    this.nameCount = nameCount;
  }

  /** Finds the places where a name may begin; made on the first search. */
  private candidateStarts: RegExp | undefined;

  /** `longestAt`'s candidate ends and their variant heads, reused from walk to walk (grown when needed). */
  private candidateEnds: Int32Array = new Int32Array(16);
  private candidateHeads: Int32Array = new Int32Array(16);

  /** Builds the matcher for a catalog; earlier patterns win names that later ones also claim. */
  static build(patterns: Iterable<EntityPattern>): EntityMatcher {
    const trie = new FoldedTrie();
    const variants: NameVariant[] = [];
    const nextVariant: number[] = [];
    // 1 for a variant in decomposed form, which claims no name: a name's first claimant is the first composed
    // variant at the name's trie node (the node stands for the folded name), so no map of names is needed.
    const decomposedVariants: number[] = [];
    // By trie node; made on the first conflict (most catalogs have none).
    let conflictsByNode: Map<number, EntityNameConflict> | undefined;
    const firstUnits = new Int32Array(FIRST_UNIT_FACTS * 0x80);
    let nameCount = 0;

    const addVariant = (node: number, key: string, variant: NameVariant, decomposed: number): void => {
      noteFirstUnits(firstUnits, key);
      variants.push(variant);
      nextVariant.push(0);
      decomposedVariants.push(decomposed);
      // Appended at the tail so a node's variants stay in catalog order, which decides ties.
      const head = trie.variantHead(node);
      if (head === 0) {
        trie.setVariantHead(node, variants.length);
      } else {
        let last = head;
        while (nextVariant[last - 1] !== 0) last = nextVariant[last - 1];
        nextVariant[last - 1] = variants.length;
      }
    };

    // A pattern's spellings so far: an entity has a handful of names, and a Set per entity cost more.
    const seenSpellings: string[] = [];
    // Indexed loops: a cold for-of over an array calls the iterator's `next` (and makes its result) per item.
    const patternList = Array.isArray(patterns) ? (patterns as readonly EntityPattern[]) : [...patterns];
    for (let p = 0; p < patternList.length; p++) {
      const pattern = patternList[p];
      const names = pattern.names;
      seenSpellings.length = 0;
      for (let n = 0; n < names.length; n++) {
        const name = names[n];
        if (typeof name !== 'string') continue;
        const plain = ALREADY_FOLDED.test(name);
        const spelling = plain ? name : collapseWhiteSpace(foldTypography(name));
        if (spelling === '') continue;
        const ascii = plain || ASCII_ONLY.test(spelling);
        const composed = ascii ? spelling : spelling.normalize('NFC');
        if (seenSpellings.includes(composed)) continue;
        seenSpellings.push(composed);
        nameCount++;

        const key = ascii ? composed.toLowerCase() : foldCaseKeepingLength(composed);
        const node = trie.insert(key);
        let first = trie.variantHead(node);
        while (first !== 0 && decomposedVariants[first - 1] === 1) first = nextVariant[first - 1];
        if (first !== 0 && variants[first - 1].entityId !== pattern.entityId) {
          const claimant = { entityId: pattern.entityId, name };
          const conflict = (conflictsByNode ??= new Map<number, EntityNameConflict>()).get(node);
          if (conflict === undefined) {
            const { entityId, name: firstName } = variants[first - 1];
            conflictsByNode.set(node, { name: firstName, claimants: [{ entityId, name: firstName }, claimant] });
          } else if (!conflict.claimants.some((c) => c.entityId === pattern.entityId)) {
            conflict.claimants.push(claimant);
          }
        }

        const { entityId, kind } = pattern;
        addVariant(node, key, { entityId, kind, name, spelling: composed, ascii, caseCheck: undefined }, 0);
        // Text pasted from macOS file names or some PDFs carries decomposed accents; indexing both forms finds
        // either without normalising (and re-mapping the offsets of) every draft.
        const decomposed = ascii ? composed : composed.normalize('NFD');
        if (decomposed !== composed) {
          const decomposedVariant = { entityId, kind, name, spelling: decomposed, ascii: false, caseCheck: undefined };
          const decomposedKey = foldCaseKeepingLength(decomposed);
          addVariant(trie.insert(decomposedKey), decomposedKey, decomposedVariant, 1);
        }
      }
    }
    const conflicts = conflictsByNode === undefined ? [] : [...conflictsByNode.values()];
    return new EntityMatcher(trie, variants, nextVariant, firstUnits, conflicts, nameCount);
  }

  /** Every mention in `text`, sorted by start and non-overlapping (leftmost-longest). Never throws. */
  findAll(text: string): EntityTextMatch[] {
    const matches: EntityTextMatch[] = [];
    if (typeof text !== 'string' || this.variants.length === 0) return matches;
    // The regular expression proposes the places where a name could begin, and the checks below are exactly
    // those of a left-to-right scan (see `mayBeginAt` and `candidateStartsOf`). The engine's native scan skips
    // the characters no name can begin at without a line of JavaScript per character, which cold (before V8
    // has optimised the scan loop, and counting that compilation) was most of the cost of finding mentions.
    const candidates = (this.candidateStarts ??= candidateStartsOf(this.firstUnits));
    candidates.lastIndex = 0;
    const rootChildren = this.trie.rootChildren;
    while (candidates.test(text)) {
      // Each alternative of the expression consumes exactly the one unit where a name would begin.
      const start = candidates.lastIndex - 1;
      if (mayBeginAt(text, start, rootChildren)) {
        const match = this.longestAt(text, start);
        if (match !== undefined) {
          matches.push(match);
          candidates.lastIndex = match.end;
        }
      }
    }
    return matches;
  }

  private longestAt(text: string, start: number): EntityTextMatch | undefined {
    const trie = this.trie;
    const facts = trie.nodeFacts;
    const length = text.length;
    // The root step by table: `mayBeginAt` has checked that some name begins here.
    let node = trie.rootChildren[matchFoldedUnits[text.charCodeAt(start)]];
    let index = start + 1;
    // Where a name of the catalog ends on a word boundary along the walk, and its trie node's first variant.
    // Their capitalisation is checked only after the walk, longest first, until one fits: most walks end in
    // one long name, and checking every shorter name it begins with ("Kara" in "Kara Denquash") on the way
    // was a third of the checks.
    let ends = this.candidateEnds;
    let heads = this.candidateHeads;
    let candidates = 0;
    for (;;) {
      const head = facts[2 * node + 1];
      if (head !== 0 && endsOnBoundary(text, index)) {
        if (candidates === ends.length) {
          ends = this.candidateEnds = grownInt32Array(ends);
          heads = this.candidateHeads = grownInt32Array(heads);
        }
        ends[candidates] = index;
        heads[candidates] = head;
        candidates++;
      }
      if (index >= length) break;
      const unit = text.charCodeAt(index);
      let next = index + 1;
      let key: number;
      // flagsOf, isSpaceUnit, matchFoldedUnit and the trie's `child` by hand: this runs once per character of
      // every candidate name, and tens of thousands of times before V8 has optimised (and inlined) anything.
      let flags = unitFlags[unit];
      if (flags === 0) flags = learnUnit(unit);
      if ((flags & WHITE_SPACE) !== 0) {
        key = SPACE;
        while (next < length) {
          const following = text.charCodeAt(next);
          let followingFlags = unitFlags[following];
          if (followingFlags === 0) followingFlags = learnUnit(following);
          if ((followingFlags & WHITE_SPACE) === 0) break;
          next++;
        }
      } else {
        key = matchFoldedUnits[unit];
      }
      const nodeFacts = facts[2 * node];
      const chainUnit = nodeFacts & CHAIN_UNIT_MASK;
      if (chainUnit === key) {
        node++;
      } else {
        const children = nodeFacts >>> CHILD_COUNT_SHIFT;
        if (children === 0 || (children === 1 && chainUnit !== NO_CHAIN)) break;
        node = trie.probe(node, key);
        if (node < 0) break;
      }
      index = next;
    }
    for (let c = candidates - 1; c >= 0; c--) {
      const end = ends[c];
      const variant = this.pickVariant(heads[c], text, start, end);
      if (variant !== undefined) return { entityId: variant.entityId, kind: variant.kind, start, end, name: variant.name };
    }
    return undefined;
  }

  /** The variant a span goes to: the best fit, the earliest listed among equals; undefined when none fits. */
  private pickVariant(head: number, text: string, start: number, end: number): NameVariant | undefined {
    let chosen: NameVariant | undefined;
    let chosenFit = Fit.None;
    for (let v = head; v !== 0; v = this.nextVariant[v - 1]) {
      const variant = this.variants[v - 1];
      const fit = fitOf(variant, text, start, end);
      if (fit > chosenFit) {
        chosen = variant;
        chosenFit = fit;
        if (fit === Fit.Exact) break;
      }
    }
    return chosen;
  }
}

/**
 * `firstUnits` has FIRST_UNIT_FACTS entries per ASCII unit that a folded name begins with: four words of bits
 * saying which ASCII units follow it in some name, and a fifth with ALONE (a name is that unit alone) and
 * FOLLOWED (a name goes on after it).
 */
const FIRST_UNIT_FACTS = 5;
const ALONE = 1;
const FOLLOWED = 2;

/** Records a folded name's first two units. */
function noteFirstUnits(firstUnits: Int32Array, key: string): void {
  const first = key.charCodeAt(0);
  if (first >= 0x80) return;
  const at = FIRST_UNIT_FACTS * first;
  if (key.length === 1) {
    firstUnits[at + 4] |= ALONE;
    return;
  }
  firstUnits[at + 4] |= FOLLOWED;
  // A non-ASCII second unit needs no record: the expression accepts any non-ASCII unit there.
  const second = key.charCodeAt(1);
  if (second < 0x80) firstUnits[at + (second >>> 5)] |= 1 << (second & 31);
}

/**
 * A global expression that matches one unit at (at least) every place where `mayBeginAt` holds and the first
 * two steps of the walk through the trie succeed: an ASCII unit that some name begins with, at an ASCII word
 * boundary when it is a letter or digit, followed by an ASCII unit that follows it in such a name (or by any
 * non-ASCII unit, or by anything when a name is that one unit); or any non-ASCII unit. What it proposes is a
 * superset, so `findAll` runs the exact checks on each place it finds.
 */
function candidateStartsOf(firstUnits: Int32Array): RegExp {
  // First units with the same followers share one alternative: fewer alternatives to try at every position.
  const afterBoundary = new Map<string, string>();
  const anywhere = new Map<string, string>();
  for (let first = 0; first < 0x80; first++) {
    const facts = FIRST_UNIT_FACTS * first;
    if (firstUnits[facts + 4] === 0) continue;
    let followers = '';
    if ((firstUnits[facts + 4] & ALONE) === 0) {
      for (let word = 0; word < 4; word++) {
        // Only the set bits, lowest first: a few per unit.
        for (let bits = firstUnits[facts + word]; bits !== 0; bits &= bits - 1) {
          followers += unitsFoldingTo(32 * word + 31 - Math.clz32(bits & -bits));
        }
      }
    }
    const firsts = isAsciiWordUnit(first) ? afterBoundary : anywhere;
    firsts.set(followers, (firsts.get(followers) ?? '') + unitsFoldingTo(first));
  }
  const alternativesOf = (firsts: Map<string, string>): string[] =>
    [...firsts].map(([followers, units]) =>
      followers === '' ? `[${units}]` : `[${units}](?=[${followers}\\x80-\\uffff])`,
    );
  // Every non-ASCII unit is proposed. Leaving out typographic punctuation that begins no name made the native
  // scan slower than the round trips it saved (and so did leaving out only the citation placeholder).
  const alternatives = [...alternativesOf(anywhere), '[\\x80-\\uffff]'];
  if (afterBoundary.size > 0) alternatives.unshift(`\\b(?:${alternativesOf(afterBoundary).join('|')})`);
  return new RegExp(alternatives.join('|'), 'g');
}

/** The ASCII units that fold to `key` in the text, escaped for a character class. */
function unitsFoldingTo(key: number): string {
  let units = escapedUnit(key);
  if (key >= 0x61 && key <= 0x7a) units += escapedUnit(key - 0x20);
  // Every ASCII white-space unit is read as the space of a name, as are all runs of them.
  else if (key === SPACE) units += '\\t-\\r';
  return units;
}

function escapedUnit(unit: number): string {
  return `\\x${unit.toString(16).padStart(2, '0')}`;
}

/** Letters, digits and `_`: the units on either side of `\b` in a non-Unicode expression. */
function isAsciiWordUnit(unit: number): boolean {
  const letter = unit | 0x20;
  return (unit >= 0x30 && unit <= 0x39) || (letter >= 0x61 && letter <= 0x7a) || unit === 0x5f;
}

/** The patterns for every entity of a catalog, in the catalog's order: each entity's name, then its aliases. */
export function patternsFromEntities(records: Iterable<EntityRecord>): EntityPattern[] {
  const patterns: EntityPattern[] = [];
  for (const record of records) {
    const { name, kind, aliases } = record.entity;
    const names = [name];
    // A loop rather than a spread, which a cold process runs through the iterator protocol item by item.
    if (aliases !== undefined) for (let i = 0; i < aliases.length; i++) names.push(aliases[i]);
    patterns.push({ entityId: record.id, kind, names });
  }
  return patterns;
}

/**
 * A trie over folded UTF-16 units whose edges live in one open-addressing hash table of typed arrays. A
 * `Map` per node would cost an object per node (hundreds of thousands for a large registry) and most of the
 * build time in allocation and garbage collection.
 *
 * Most of a scan's steps walk down the rest of one name, where each node has a single child: inserting a key
 * numbers the nodes of its new tail consecutively, so that child is the next node. Each node's entry in
 * `nodeFacts` keeps the unit of that edge and whether the node has other children: such a step (or a failed
 * one at a node without other children) reads the node's entry, next to the one the previous step read,
 * instead of probing the hash table, which for a large registry is megabytes of cache misses.
 */
class FoldedTrie {
  /** Parent node + 1 of the edge in each slot; 0 marks an empty slot. */
  private edgeParents = new Int32Array(1024);
  private edgeUnits = new Uint16Array(1024);
  private edgeChildren = new Int32Array(1024);
  private edgeCount = 0;
  /**
   * Two entries per node, side by side because a step reads both: at 2 × node, the unit of its edge to
   * node + 1 when node + 1 is its child (else NO_CHAIN) in the low CHILD_COUNT_SHIFT bits, and above them how
   * many children it has, counted up to 2; at 2 × node + 1, the 1-based index of its first variant, 0 for a
   * node where no name ends.
   */
  nodeFacts = new Int32Array(2048);
  private nodeCount = 1;
  /**
   * The root's child by unit (-1: none), which says which folded units some name begins with: the root has
   * many children, and every walk starts there.
   */
  readonly rootChildren = new Int32Array(0x10000).fill(-1);

  /** Adds a key and returns the node it ends at. */
  insert(key: string): number {
    let node = ROOT;
    let i = 0;
    for (; i < key.length; i++) {
      const child = this.child(node, key.charCodeAt(i));
      if (child < 0) break;
      node = child;
    }
    // A node just added has no children: the rest of the key needs no look-up, only new edges.
    for (; i < key.length; i++) node = this.addEdge(node, key.charCodeAt(i));
    return node;
  }

  /** The node reached from `node` by `unit`, or -1. */
  child(node: number, unit: number): number {
    if (node === ROOT) return this.rootChildren[unit];
    const facts = this.nodeFacts[2 * node];
    const chainUnit = facts & CHAIN_UNIT_MASK;
    if (chainUnit === unit) return node + 1;
    const children = facts >>> CHILD_COUNT_SHIFT;
    if (children === 0 || (children === 1 && chainUnit !== NO_CHAIN)) return -1;
    return this.probe(node, unit);
  }

  /** The node reached from `node` by `unit` through the hash table of edges, or -1. */
  probe(node: number, unit: number): number {
    const mask = this.edgeParents.length - 1;
    for (let slot = slotOf(node, unit, mask); ; slot = (slot + 1) & mask) {
      const parent = this.edgeParents[slot];
      if (parent === 0) return -1;
      if (parent === node + 1 && this.edgeUnits[slot] === unit) return this.edgeChildren[slot];
    }
  }

  variantHead(node: number): number {
    return this.nodeFacts[2 * node + 1];
  }

  setVariantHead(node: number, head: number): void {
    this.nodeFacts[2 * node + 1] = head;
  }

  private addEdge(node: number, unit: number): number {
    // Kept at most half full, so a failed look-up (the common case while scanning prose) stops soon.
    if ((this.edgeCount + 1) * 2 > this.edgeParents.length) this.rehash(this.edgeParents.length * 2);
    if (2 * this.nodeCount === this.nodeFacts.length) {
      const facts = new Int32Array(this.nodeFacts.length * 2);
      facts.set(this.nodeFacts);
      this.nodeFacts = facts;
    }
    const child = this.nodeCount++;
    // Only edges that `probe` may be asked for go into the hash table: a step reads a node's chain edge from
    // `nodeFacts` and the root's edges from `rootChildren`. On a large registry that is about one edge in eight.
    if (node === ROOT) this.rootChildren[unit] = child;
    else if (child !== node + 1) {
      this.place(node + 1, unit, child);
      this.edgeCount++;
    }
    // A new node has no children yet, and no chain: its entry is written here, before any edge leaves it.
    this.nodeFacts[2 * child] = NO_CHAIN;
    const facts = this.nodeFacts[2 * node];
    const chainUnit = child === node + 1 ? unit : facts & CHAIN_UNIT_MASK;
    const children = Math.min(2, (facts >>> CHILD_COUNT_SHIFT) + 1);
    this.nodeFacts[2 * node] = chainUnit | (children << CHILD_COUNT_SHIFT);
    return child;
  }

  private place(parentPlusOne: number, unit: number, child: number): void {
    const mask = this.edgeParents.length - 1;
    let slot = slotOf(parentPlusOne - 1, unit, mask);
    while (this.edgeParents[slot] !== 0) slot = (slot + 1) & mask;
    this.edgeParents[slot] = parentPlusOne;
    this.edgeUnits[slot] = unit;
    this.edgeChildren[slot] = child;
  }

  private rehash(slots: number): void {
    const parents = this.edgeParents;
    const units = this.edgeUnits;
    const children = this.edgeChildren;
    this.edgeParents = new Int32Array(slots);
    this.edgeUnits = new Uint16Array(slots);
    this.edgeChildren = new Int32Array(slots);
    for (let slot = 0; slot < parents.length; slot++) {
      if (parents[slot] !== 0) this.place(parents[slot], units[slot], children[slot]);
    }
  }
}

function slotOf(node: number, unit: number, mask: number): number {
  const mixed = Math.imul(node ^ Math.imul(unit, 0x9e3779b1), 0x85ebca6b);
  return (mixed ^ (mixed >>> 15)) & mask;
}

function collapseWhiteSpace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function caseCheckOf(variant: NameVariant): CaseCheck {
  if (variant.caseCheck !== undefined) return variant.caseCheck;
  const spelling = variant.spelling;
  const check: CaseCheck = { anyCase: false, exactCaseAt: undefined, relaxedSpellings: [] };
  if (countWords(spelling) >= 2) {
    check.anyCase = true;
    check.exactCaseAt = acronymLetters(spelling);
  } else {
    const allCapitals = upperCaseKeepingLength(spelling);
    const capitalised = capitaliseFirstLetter(spelling);
    if (allCapitals !== spelling) check.relaxedSpellings.push(allCapitals);
    if (capitalised !== spelling && capitalised !== allCapitals) check.relaxedSpellings.push(capitalised);
  }
  variant.caseCheck = check;
  return check;
}

function fitOf(variant: NameVariant, text: string, start: number, end: number): Fit {
  // The usual mention is written exactly as the spelling: one native comparison instead of a unit-by-unit one.
  // Only for ASCII spellings, whose units fold to themselves and hold no white space but single spaces; some
  // other units do not (NFC turns U+1FFD into U+00B4, which folds to an apostrophe in the text).
  const spelling = variant.spelling;
  if (variant.ascii && end - start === spelling.length && text.startsWith(spelling, start)) return Fit.Exact;
  if (spanEquals(text, start, end, spelling, undefined)) return Fit.Exact;
  const check = caseCheckOf(variant);
  if (check.anyCase) {
    return check.exactCaseAt === undefined || spanEquals(text, start, end, variant.spelling, check.exactCaseAt)
      ? Fit.Relaxed
      : Fit.None;
  }
  for (const spelling of check.relaxedSpellings) {
    if (spanEquals(text, start, end, spelling, undefined)) return Fit.Relaxed;
  }
  return Fit.None;
}

/** Runs of word characters: "Al-Qaeda" and "U.S." have two, "Hezbollah" one. */
function countWords(spelling: string): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < spelling.length; i++) {
    const wordChar = isWordCharAt(spelling, i);
    if (wordChar && !inWord) words++;
    inWord = wordChar;
  }
  return words;
}

function isUpperCaseLetter(char: string): boolean {
  return char !== char.toLowerCase() && char === char.toUpperCase();
}

function isLowerCaseLetter(char: string): boolean {
  return char !== char.toUpperCase() && char === char.toLowerCase();
}

/**
 * Marks the letters of the name's acronyms (space-separated tokens with two or more letters, all capitals:
 * "IRGC", "U.S.", "AT&T"), whose case must match; undefined when the name has none.
 */
function acronymLetters(spelling: string): Uint8Array | undefined {
  let mask: Uint8Array | undefined;
  let tokenStart = 0;
  for (let end = 0; end <= spelling.length; end++) {
    if (end < spelling.length && spelling.charCodeAt(end) !== SPACE) continue;
    let letters = 0;
    let allCapitals = true;
    for (let i = tokenStart; i < end; i++) {
      const char = spelling[i];
      if (isUpperCaseLetter(char)) letters++;
      else if (isLowerCaseLetter(char)) allCapitals = false;
    }
    if (allCapitals && letters >= 2) {
      mask ??= new Uint8Array(spelling.length);
      for (let i = tokenStart; i < end; i++) if (isUpperCaseLetter(spelling[i])) mask[i] = 1;
    }
    tokenStart = end + 1;
  }
  return mask;
}

function upperCaseKeepingLength(text: string): string {
  if (ASCII_ONLY.test(text)) return text.toUpperCase();
  let out = '';
  for (const char of text) {
    const upper = char.toUpperCase();
    out += upper.length === char.length ? upper : char;
  }
  return out;
}

function capitaliseFirstLetter(text: string): string {
  const first = text[0];
  if (!isLowerCaseLetter(first)) return text;
  const upper = first.toUpperCase();
  return upper.length === 1 ? upper + text.slice(1) : text;
}

/**
 * Whether the left-to-right scan would try a name at `index`: at the start of a word (not after an apostrophe
 * inside one, as in "O'Brien") or at punctuation other than white space, never between the halves of a
 * surrogate pair, and only where some name begins with that (folded) unit. It depends on nothing but the text
 * around `index`, which is what lets any superset of these places be tried in order instead.
 */
function mayBeginAt(text: string, index: number, rootChildren: Int32Array): boolean {
  const unit = text.charCodeAt(index);
  let flags = unitFlags[unit];
  if (flags === 0) flags = learnUnit(unit);
  if (rootChildren[matchFoldedUnits[unit]] < 0) return false;
  // The common cases read the tables directly; surrogates (whose flags say nothing of the code point) and an
  // apostrophe before a word take the general path.
  if ((flags & WORD) !== 0) {
    if (index === 0) return true;
    const before = text.charCodeAt(index - 1);
    if (isSurrogate(before)) return mayBeginWordAt(text, index);
    let beforeFlags = unitFlags[before];
    if (beforeFlags === 0) beforeFlags = learnUnit(before);
    if ((beforeFlags & WORD) !== 0) return false;
    return (beforeFlags & APOSTROPHE) === 0 || mayBeginWordAt(text, index);
  }
  if (isSurrogate(unit)) {
    if (isWordCharAt(text, index)) return mayBeginWordAt(text, index);
    return !isSpaceUnit(unit) && !splitsSurrogatePair(text, index);
  }
  return (flags & WHITE_SPACE) === 0;
}

/**
 * True when a match may end at `end`: it ends on punctuation, or the next character does not continue the
 * word. An apostrophe followed by a letter continues it ("O'Brien"), except the possessive "’s".
 */
function endsOnBoundary(text: string, end: number): boolean {
  // The common case, a name between units outside the surrogates that no apostrophe follows, by the tables.
  const before = text.charCodeAt(end - 1);
  if (!isSurrogate(before)) {
    let beforeFlags = unitFlags[before];
    if (beforeFlags === 0) beforeFlags = learnUnit(before);
    if ((beforeFlags & WORD) === 0) return true;
    if (end >= text.length) return true;
    const after = text.charCodeAt(end);
    if (!isSurrogate(after)) {
      let afterFlags = unitFlags[after];
      if (afterFlags === 0) afterFlags = learnUnit(after);
      if ((afterFlags & (WORD | APOSTROPHE)) === 0) return true;
      if ((afterFlags & WORD) !== 0) return false;
    }
  }
  return endsOnBoundaryAnywhere(text, end);
}

/** `endsOnBoundary` for every case: surrogates, and the possessive "’s" after a name. */
function endsOnBoundaryAnywhere(text: string, end: number): boolean {
  if (splitsSurrogatePair(text, end)) return false;
  if (!isWordCharAt(text, end - 1)) return true;
  if (isWordCharAt(text, end)) return false;
  if (end >= text.length || !isApostropheUnit(text.charCodeAt(end)) || !isWordCharAt(text, end + 1)) return true;
  const after = text.charCodeAt(end + 1);
  return (after === 0x73 /* s */ || after === 0x53) /* S */ && !isWordCharAt(text, end + 2);
}

/**
 * Compares a span of the text, typography folded and white-space runs read as one space, to a spelling: at
 * every position, or only where `onlyAt` is set (the trie already guarantees the rest agree up to case).
 */
function spanEquals(
  text: string,
  start: number,
  end: number,
  spelling: string,
  onlyAt: Uint8Array | undefined,
): boolean {
  let k = 0;
  let index = start;
  while (index < end) {
    if (k >= spelling.length) return false;
    const unit = text.charCodeAt(index);
    if (isSpaceUnit(unit)) {
      if (spelling.charCodeAt(k) !== SPACE) return false;
      while (index < end && isSpaceUnit(text.charCodeAt(index))) index++;
    } else {
      const compared = onlyAt === undefined || onlyAt[k] === 1;
      if (compared && typographyFoldedUnit(unit) !== spelling.charCodeAt(k)) return false;
      index++;
    }
    k++;
  }
  return k === spelling.length;
}

/** "Brien" in "O'Brien", "Ivoire" in "d'Ivoire": an apostrophe between letters is inside the word. */
function mayBeginWordAt(text: string, index: number): boolean {
  if (isWordCharAt(text, index - 1)) return false;
  return !(index >= 2 && isApostropheUnit(text.charCodeAt(index - 1)) && isWordCharAt(text, index - 2));
}

// Per-unit facts, memoised: the matcher asks them about every character of a draft, and a megabyte of prose
// should cost table look-ups rather than a regular expression per character. Filled lazily because a draft
// uses a few hundred distinct units and computing all 65,536 would put tens of milliseconds on start-up.
// They live in this module rather than their own so the bundler and V8 can inline them into the scan loop.
const KNOWN = 1;
const WORD = 2;
const WHITE_SPACE = 4;
const APOSTROPHE = 8;
const unitFlags = new Uint8Array(0x10000);
const typographyFoldedUnits = new Uint16Array(0x10000);
const matchFoldedUnits = new Uint16Array(0x10000);
const astralWordChars = new Map<number, boolean>();

function learnUnit(unit: number): number {
  const char = String.fromCharCode(unit);
  const typographic = foldTypography(char);
  // Both folds promise one unit per unit; the guards keep a fold that broke the promise from shifting offsets.
  const typographicUnit = typographic.length === 1 ? typographic.charCodeAt(0) : unit;
  const folded = foldCaseKeepingLength(String.fromCharCode(typographicUnit));
  typographyFoldedUnits[unit] = typographicUnit;
  matchFoldedUnits[unit] = folded.length === 1 ? folded.charCodeAt(0) : typographicUnit;
  let flags = KNOWN;
  // Classified after folding: U+02BC (ʼ) is a modifier letter to Unicode but an apostrophe to a writer.
  if (isWordChar(String.fromCharCode(typographicUnit))) flags |= WORD;
  if (typographicUnit === SPACE || /\s/.test(char)) flags |= WHITE_SPACE;
  if (typographicUnit === 0x27) flags |= APOSTROPHE;
  unitFlags[unit] = flags;
  return flags;
}

function flagsOf(unit: number): number {
  const flags = unitFlags[unit];
  return flags !== 0 ? flags : learnUnit(unit);
}

/** White space of any kind, line breaks and non-breaking spaces included. */
function isSpaceUnit(unit: number): boolean {
  return (flagsOf(unit) & WHITE_SPACE) !== 0;
}

/** An apostrophe or single quote once typography is folded: ’ ‘ ′ ʼ ` ´ '. */
function isApostropheUnit(unit: number): boolean {
  return (flagsOf(unit) & APOSTROPHE) !== 0;
}

/** Typographic quotes, dashes and spaces folded to ASCII, case kept. */
function typographyFoldedUnit(unit: number): number {
  if (unitFlags[unit] === 0) learnUnit(unit);
  return typographyFoldedUnits[unit];
}

/**
 * True when the character at `index` belongs to a word (letter, mark, digit or `_` of any script). Either half
 * of a surrogate pair answers for the whole code point, so a supplementary-plane letter is a letter; an index
 * outside the text is not a word character.
 */
function isWordCharAt(text: string, index: number): boolean {
  if (index < 0 || index >= text.length) return false;
  const unit = text.charCodeAt(index);
  if (unit < 0xd800 || unit > 0xdfff) return (flagsOf(unit) & WORD) !== 0;
  let codePoint: number;
  if (unit <= 0xdbff) {
    const next = text.charCodeAt(index + 1);
    if (!(next >= 0xdc00 && next <= 0xdfff)) return false;
    codePoint = (unit - 0xd800) * 0x400 + (next - 0xdc00) + 0x10000;
  } else {
    const previous = text.charCodeAt(index - 1);
    if (!(previous >= 0xd800 && previous <= 0xdbff)) return false;
    codePoint = (previous - 0xd800) * 0x400 + (unit - 0xdc00) + 0x10000;
  }
  let known = astralWordChars.get(codePoint);
  if (known === undefined) {
    known = isWordChar(String.fromCodePoint(codePoint));
    astralWordChars.set(codePoint, known);
  }
  return known;
}

/** A copy of `array` twice as long. */
function grownInt32Array(array: Int32Array): Int32Array {
  const grown = new Int32Array(array.length * 2);
  grown.set(array);
  return grown;
}

/** A half of a surrogate pair, whose flags say nothing of the code point it is part of. */
function isSurrogate(unit: number): boolean {
  return (unit & 0xf800) === 0xd800;
}

/** True when `index` falls between the two halves of a surrogate pair, where no span may begin or end. */
function splitsSurrogatePair(text: string, index: number): boolean {
  if (index <= 0 || index >= text.length) return false;
  const before = text.charCodeAt(index - 1);
  const after = text.charCodeAt(index);
  return before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff;
}
