/**
 * The comparable form of a draft, a claim or a claim's context. What does not change meaning is removed or
 * unified: typographic quotes and dashes (through `foldTypography`), every run of whitespace and line breaks
 * (one space, or one `\n` when the run holds a blank line, so a re-wrapped sentence still matches but a
 * sentence split into two paragraphs does not), blockquote markers at the start of continuation lines,
 * invisible characters (zero-width spaces and joiners, soft hyphens, byte-order marks) and citation markers
 * (`[@key]`, `[^label]`) together with the space before them, so citing a claimed sentence does not detach it.
 * Every character of the result remembers the span of the source it came from.
 */
import { foldCaseKeepingLength, foldTypography } from '../../text/normalize';

/** The character a whitespace run becomes when it holds no blank line. */
export const SPACE = ' ';
/** The character a whitespace run becomes when it holds a blank line (a paragraph break). */
export const PARAGRAPH_BREAK = '\n';

/** Longest bracketed citation we try to recognise; longer brackets are left as text. */
const MAX_CITATION_LENGTH = 400;

function isWhitespaceCode(c: number): boolean {
  return (
    c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000
  );
}

function isLineBreakCode(c: number): boolean {
  return c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
}

/** Characters that render as nothing; a soft hyphen only shows when the line breaks there. */
function isInvisibleCode(c: number): boolean {
  return c === 0x200b || c === 0x200c || c === 0x200d || c === 0x2060 || c === 0xfeff || c === 0xad;
}

/** What may follow the "@" that starts a citation key; tested only on a non-ASCII character. */
const CITATION_KEY_CHAR = /^[\p{L}\p{N}_]/u;

/**
 * The citation marker (`[@key, p. 3]`, `[^label]`) that contains `offset` strictly inside it (after its `[`,
 * before its end), if any; the comparable text skips markers whole, so selections must not cut them.
 */
export function citationMarkerAround(source: string, offset: number): { start: number; end: number } | undefined {
  for (let i = offset - 1; i >= 0 && i >= offset - MAX_CITATION_LENGTH; i--) {
    const c = source.charCodeAt(i);
    if (c === 93 /* ] */ && i < offset - 1) return undefined;
    if (c === 91 /* [ */) {
      const end = citationMarkerEnd(source, i);
      return end > offset ? { start: i, end } : undefined;
    }
  }
  return undefined;
}

/**
 * Returns the end (exclusive) of a citation marker starting with `[` at `start`, or -1. Recognises footnote
 * references `[^label]` and Pandoc bracketed citations (`[@key]`, `[see @a, p. 3; @b]`); a bracket followed by
 * `(` or `[` is a link, not a citation.
 */
function citationMarkerEnd(source: string, start: number): number {
  const limit = Math.min(source.length, start + MAX_CITATION_LENGTH);
  let close = -1;
  for (let i = start + 1; i < limit; i++) {
    const c = source.charCodeAt(i);
    if (c === 91 /* [ */) return -1;
    if (c === 93 /* ] */) {
      close = i;
      break;
    }
  }
  if (close < 0) return -1;
  const next = source.charCodeAt(close + 1);
  if (next === 40 /* ( */ || next === 91 /* [ */ || next === 58 /* : a footnote definition */) return -1;
  // What the regular expressions /^\[\^[^\s\]\[]+\]$/u (a footnote label) and /@[\p{L}\p{N}_]/u (a citation
  // key) said of the bracket's text, read in place: the bracket holds no "[" and ends at the first "]". Slicing
  // the bracket and testing it twice cost more than the rest of building the comparable text around it.
  if (source.charCodeAt(start + 1) === 94 /* ^ */) {
    if (close < start + 3) return -1;
    for (let i = start + 2; i < close; i++) if (isRegExpWhitespace(source.charCodeAt(i))) return -1;
    return close + 1;
  }
  for (let i = start + 1; i < close - 1; i++) {
    if (source.charCodeAt(i) === 64 /* @ */ && startsCitationKey(source, i + 1)) return close + 1;
  }
  return -1;
}

/** `\s` of a regular expression: the whitespace of `isWhitespaceCode` and the byte-order mark. */
function isRegExpWhitespace(c: number): boolean {
  return isWhitespaceCode(c) || c === 0xfeff;
}

/** True when the code point at `at` is a letter, a number or "_" (what may follow the "@" of a citation key). */
function startsCitationKey(source: string, at: number): boolean {
  const c = source.charCodeAt(at);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
  return CITATION_KEY_CHAR.test(String.fromCodePoint(source.codePointAt(at)!));
}

/**
 * `foldTypography` and `foldCaseKeepingLength` of the non-ASCII UTF-16 units, filled in as units are first met
 * (0 while unknown: no non-ASCII unit folds to 0). Both folds work one unit at a time, so folding one unit is
 * exactly what they do inside a string. A draft holds a few hundred distinct units: folding all 65,536 up front
 * cost a cold run about 12 ms.
 */
function memoisedUnitFold(fold: (text: string) => string): (unit: number) => number {
  let folds: Uint16Array | undefined;
  return (unit) => {
    folds ??= new Uint16Array(0x10000);
    let folded = folds[unit];
    if (folded === 0) {
      folded = fold(String.fromCharCode(unit)).charCodeAt(0);
      folds[unit] = folded;
    }
    return folded;
  };
}

const foldTypographyOfUnit = memoisedUnitFold(foldTypography);
const foldCaseOfNonAsciiUnit = memoisedUnitFold(foldCaseKeepingLength);

function foldCaseOfUnit(c: number): number {
  if (c < 128) return c >= 65 && c <= 90 ? c + 32 : c;
  return foldCaseOfNonAsciiUnit(c);
}

/**
 * The units whose lower case inside a string may differ from their lower case alone, as `foldCaseKeepingLength`
 * takes it: "İ" (two units), "Σ" (final sigma depends on the letters around it) and surrogates (a string's
 * lower case maps whole code points, a lone unit stays). Every other unit's lower case is one unit whatever
 * surrounds it, so a text without these folds natively, which is much faster than unit by unit.
 */
const CASE_FOLDS_BY_CONTEXT = /[\u0130\u03a3\ud800-\udfff]/;

let utf16Decoder: { decode(units: Uint16Array): string } | null | undefined;

/**
 * A decoder of UTF-16 code units in this machine's byte order, or null where there is none. Decoding a whole
 * draft through it is several times faster than String.fromCharCode over chunks.
 */
function nativeUtf16Decoder(): { decode(units: Uint16Array): string } | null {
  if (utf16Decoder === undefined) {
    const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
    utf16Decoder = typeof TextDecoder === 'function' ? new TextDecoder(littleEndian ? 'utf-16le' : 'utf-16be', { ignoreBOM: true }) : null;
  }
  return utf16Decoder;
}

/** True when `units[0..length)` holds a surrogate that is not half of a pair (a decoder would replace it). */
function hasLoneSurrogate(units: Uint16Array, length: number): boolean {
  for (let k = 0; k < length; k++) {
    const c = units[k];
    if (c < 0xd800 || c > 0xdfff) continue;
    if (c <= 0xdbff && k + 1 < length && units[k + 1] >= 0xdc00 && units[k + 1] <= 0xdfff) k++;
    else return true;
  }
  return false;
}

/** The string of `units[0..length)`, unchanged unit for unit (lone surrogates included). */
function decode(units: Uint16Array, length: number, mayHoldSurrogates: boolean): string {
  const decoder = length >= 256 ? nativeUtf16Decoder() : null;
  if (decoder && !(mayHoldSurrogates && hasLoneSurrogate(units, length))) return decoder.decode(units.subarray(0, length));
  let text = '';
  const CHUNK = 8192;
  for (let from = 0; from < length; from += CHUNK) {
    text += String.fromCharCode.apply(null, units.subarray(from, Math.min(length, from + CHUNK)) as unknown as number[]);
  }
  return text;
}

/**
 * Where each unit of a comparable text came from. Most units are copied one for one, so `start - unit offset`
 * only changes where layout collapsed or something was dropped, and a unit ends one after its start unless it
 * stands for a run of several units: only those changes and those ends are stored, instead of two arrays as
 * long as the draft written for every character.
 */
export class SourceOffsets {
  /** From unit `shiftAt[j]` on, a unit starts `shiftBy[j]` after its own offset (ascending in `shiftAt`). */
  private shiftAt: Int32Array = new Int32Array(64);
  private shiftBy: Int32Array = new Int32Array(64);
  private shifts = 0;
  private currentShift = 0;
  /** Units whose end is not their start + 1 (ascending in `longAt`). */
  private longAt: Int32Array = new Int32Array(16);
  private longEnd: Int32Array = new Int32Array(16);
  private longs = 0;

  /** Records that unit `unit` (the next one, in order) comes from source [start, end). */
  note(unit: number, start: number, end: number): void {
    if (start - unit !== this.currentShift) {
      if (this.shifts === this.shiftAt.length) {
        this.shiftAt = grown(this.shiftAt);
        this.shiftBy = grown(this.shiftBy);
      }
      this.currentShift = start - unit;
      this.shiftAt[this.shifts] = unit;
      this.shiftBy[this.shifts] = this.currentShift;
      this.shifts++;
    }
    if (end !== start + 1) {
      if (this.longs === this.longAt.length) {
        this.longAt = grown(this.longAt);
        this.longEnd = grown(this.longEnd);
      }
      this.longAt[this.longs] = unit;
      this.longEnd[this.longs] = end;
      this.longs++;
    }
  }

  /** Source offset where unit `unit` starts. */
  start(unit: number): number {
    const j = lastAtOrBefore(this.shiftAt, this.shifts, unit);
    return unit + (j >= 0 ? this.shiftBy[j] : 0);
  }

  /**
   * The source span from where unit `first` starts to where unit `last` ends: `start(first)` and `end(last)` in
   * one call, for the one caller that runs per anchor. Two methods that call each other meant V8 compiled the
   * binary search into each of them, and into their caller, for about 4,000 calls on the benchmark draft.
   */
  span(first: number, last: number): { start: number; end: number } {
    const j = lastAtOrBefore(this.shiftAt, this.shifts, first);
    const start = first + (j >= 0 ? this.shiftBy[j] : 0);
    const long = lastAtOrBefore(this.longAt, this.longs, last);
    if (long >= 0 && this.longAt[long] === last) return { start, end: this.longEnd[long] };
    const shift = lastAtOrBefore(this.shiftAt, this.shifts, last);
    return { start, end: last + (shift >= 0 ? this.shiftBy[shift] : 0) + 1 };
  }

  /** Source offset where unit `unit` ends (a collapsed whitespace run covers the whole run). */
  end(unit: number): number {
    const j = lastAtOrBefore(this.longAt, this.longs, unit);
    return j >= 0 && this.longAt[j] === unit ? this.longEnd[j] : this.start(unit) + 1;
  }
}

function grown(array: Int32Array): Int32Array {
  const copy = new Int32Array(2 * array.length);
  copy.set(array);
  return copy;
}

/** The last index j < count with sorted[j] <= value, or -1. */
function lastAtOrBefore(sorted: Int32Array, count: number, value: number): number {
  let low = 0;
  let high = count;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle] <= value) low = middle + 1;
    else high = middle;
  }
  return low - 1;
}

/**
 * Where the next unit that is not simply copied stands: anything but printable ASCII other than "[" (which may
 * open a citation marker), and a space not followed by such a character (it may start a longer run, or precede a
 * marker that takes it along). A single space between two copied characters is a whitespace run that becomes a
 * space again, so it is copied too. ">" is copied here as well: the writer only jumps when not at a line start.
 */
const NEXT_NOT_COPIED = /[^ !-Z\\-~]| (?![!-Z\\-~])/g;

/** Most units a writer holds before turning them into a string (String.fromCharCode.apply takes them as arguments). */
const PENDING_UNITS = 4096;

/**
 * Builds a comparable text out of copied stretches of the source (slices, which share the source's characters)
 * and the units written one by one in between.
 */
class ComparableWriter {
  private readonly parts: string[] = [];
  private readonly pending = new Uint16Array(PENDING_UNITS);
  private pendingCount = 0;
  /** Units written so far: the offset of the next one. */
  length = 0;

  unit(c: number): void {
    if (this.pendingCount === PENDING_UNITS) this.flush();
    this.pending[this.pendingCount++] = c;
    this.length++;
  }

  copy(source: string, from: number, to: number): void {
    if (this.pendingCount > 0) this.flush();
    this.parts.push(from === 0 && to === source.length ? source : source.slice(from, to));
    this.length += to - from;
  }

  text(): string {
    if (this.pendingCount > 0) this.flush();
    return this.parts.length === 1 ? this.parts[0] : this.parts.join('');
  }

  private flush(): void {
    const count = this.pendingCount;
    this.parts.push(count === 1 ? String.fromCharCode(this.pending[0]) : String.fromCharCode.apply(null, this.pending.subarray(0, count) as unknown as number[]));
    this.pendingCount = 0;
  }
}

/** Writes the one layout character a whitespace run becomes. */
function writeLayout(out: ComparableWriter, offsets: SourceOffsets | null, runStart: number, runEnd: number, runBreaks: number): void {
  if (offsets !== null) offsets.note(out.length, runStart, runEnd);
  out.unit(runBreaks >= 2 ? 10 : 32);
}

/**
 * The comparable form of `source`, and where each of its units came from into `offsets` when given. Most of a
 * draft is printable ASCII copied as it is: those stretches are found by a regular expression and taken as
 * slices, so the loop below runs once per unit only around whitespace runs, line starts, brackets and
 * non-ASCII characters (a few percent of a draft). A loop over every unit, followed by decoding the units into a
 * string, made this one of the largest parts of anchoring in a cold run.
 */
function writeComparable(source: string, offsets: SourceOffsets | null): string {
  const length = source.length;
  const out = new ComparableWriter();
  // The pending whitespace run. A flag rather than `runStart >= 0`: the code after the loop runs once per call,
  // and a comparison there that had not run when V8 compiled the loop (on-stack, during the first long text)
  // sent every later call back to the interpreter; a boolean test needs no type feedback.
  let inRun = false;
  let runStart = 0;
  let runEnd = 0;
  let runBreaks = 0;
  // Blockquote markers only count as layout at the start of a line (the first line included).
  let atLineStart = true;

  let i = 0;
  while (i < length) {
    if (!inRun && !atLineStart) {
      NEXT_NOT_COPIED.lastIndex = i;
      // `test` rather than `exec`: no match array per stop. Every match is one unit long, so it starts one
      // before where the expression stopped.
      const copiedEnd = NEXT_NOT_COPIED.test(source) ? NEXT_NOT_COPIED.lastIndex - 1 : length;
      if (copiedEnd > i) {
        // Every unit of the stretch is its own source unit: one note covers them (`note` records only changes).
        if (offsets !== null) offsets.note(out.length, i, i + 1);
        out.copy(source, i, copiedEnd);
        i = copiedEnd;
        if (i === length) break;
      }
    }
    const c = source.charCodeAt(i);
    if (c > 32 && c < 128 && c !== 62 /* > */ && c !== 91 /* [ */) {
      if (inRun) {
        writeLayout(out, offsets, runStart, runEnd, runBreaks);
        inRun = false;
      }
      atLineStart = false;
      if (offsets !== null) offsets.note(out.length, i, i + 1);
      out.unit(c);
      i++;
      continue;
    }
    if (isInvisibleCode(c)) {
      i++;
      continue;
    }
    if (isWhitespaceCode(c) || (c === 62 /* > */ && atLineStart)) {
      if (!inRun) {
        inRun = true;
        runStart = i;
        runBreaks = 0;
      }
      if (isLineBreakCode(c)) {
        runBreaks++;
        atLineStart = true;
        if (c === 13 && source.charCodeAt(i + 1) === 10) i++;
      }
      i++;
      runEnd = i;
      continue;
    }
    atLineStart = false;
    if (c === 91 /* [ */) {
      const markerEnd = citationMarkerEnd(source, i);
      if (markerEnd > 0) {
        // "passengers [@fdd]." must read as "passengers.", but a paragraph break before a marker stays.
        if (inRun && runBreaks < 2) inRun = false;
        i = markerEnd;
        continue;
      }
    }
    if (inRun) {
      writeLayout(out, offsets, runStart, runEnd, runBreaks);
      inRun = false;
    }
    if (offsets !== null) offsets.note(out.length, i, i + 1);
    out.unit(c < 128 ? c : foldTypographyOfUnit(c));
    i++;
  }
  if (inRun) writeLayout(out, offsets, runStart, runEnd, runBreaks);
  return out.text();
}

/** A text in comparable form with the source span each of its characters came from. */
export class AnchorText {
  /** The comparable text. */
  readonly text: string;
  /** Where each unit of `text` came from in the source. */
  readonly offsets = new SourceOffsets();
  private foldedText?: string;

  constructor(source: string) {
    this.text = writeComparable(source, this.offsets);
  }

  /** `text` with case folded as `foldCaseKeepingLength` does it: same length, same offsets. Built on first use. */
  get folded(): string {
    this.foldedText ??= foldCase(this.text);
    return this.foldedText;
  }
}

/**
 * `text` with case folded as `foldCaseKeepingLength` does it (same length, same offsets), natively unless the
 * text holds a unit whose lower case depends on its neighbours.
 */
export function foldCase(text: string): string {
  const lowerCase = CASE_FOLDS_BY_CONTEXT.test(text) ? undefined : text.toLowerCase();
  return lowerCase !== undefined && lowerCase.length === text.length ? lowerCase : foldUnitByUnit(text);
}

function foldUnitByUnit(text: string): string {
  const folded = new Uint16Array(text.length);
  for (let k = 0; k < text.length; k++) folded[k] = foldCaseOfUnit(text.charCodeAt(k));
  return decode(folded, text.length, true);
}

/** Builds the comparable form of `source` (see the module comment for what is unified). */
export function toAnchorText(source: string): AnchorText {
  return new AnchorText(source);
}

/** True for the characters whitespace runs become in an anchor text. */
export function isLayoutChar(c: number): boolean {
  return c === 32 || c === 10;
}

/**
 * Text that is already its own comparable form: printable ASCII words (no "[", which may open a citation marker,
 * and no ">" first, a blockquote marker) separated by single spaces. Most claims are such text.
 */
const ALREADY_COMPARABLE = /^(?!>)[!-Z\\-~]+(?: [!-Z\\-~]+)*$/;

/** The comparable form of `source` without its leading and trailing layout: how a claim's text is compared. */
export function anchorKey(source: string): string {
  if (ALREADY_COMPARABLE.test(source)) return source;
  const text = writeComparable(source, null);
  let start = 0;
  let end = text.length;
  while (start < end && isLayoutChar(text.charCodeAt(start))) start++;
  while (end > start && isLayoutChar(text.charCodeAt(end - 1))) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}
