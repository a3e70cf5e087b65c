/**
 * The source as the parser sees it: line endings normalised to LF (markdown-it would do it anyway, and then its
 * offsets would drift from the editor's on CRLF files), with a way back to offsets in the original text.
 */

/** A normalised copy of a text with the map back to the original. */
export interface NormalisedSource {
  /** The text with CRLF and lone CR turned into LF and NUL into U+FFFD (as CommonMark asks). */
  text: string;
  /** Offset in the original text of normalised offset `i` (0..text.length); absent when nothing moved. */
  originalOffsets?: Int32Array;
  /** Offset of the first character of each line of `text`. */
  lineStarts: number[];
}

/** Normalises line endings and NUL characters, keeping every offset mappable to the original text. */
export function normaliseSource(original: string): NormalisedSource {
  let text = original;
  let originalOffsets: Int32Array | undefined;
  if (original.includes('\r')) {
    const parts: string[] = [];
    const offsets = new Int32Array(original.length + 1);
    let written = 0;
    let chunkStart = 0;
    for (let i = 0; i < original.length; i++) {
      if (original.charCodeAt(i) !== 13) continue;
      // Characters before the CR keep their place relative to the chunk.
      for (let k = chunkStart; k < i; k++) offsets[written + k - chunkStart] = k;
      parts.push(original.slice(chunkStart, i), '\n');
      written += i - chunkStart;
      // The LF stands for the whole CRLF: it starts where the CR was.
      offsets[written] = i;
      written += 1;
      chunkStart = original.charCodeAt(i + 1) === 10 ? i + 2 : i + 1;
      if (chunkStart === i + 2) i++;
    }
    for (let k = chunkStart; k < original.length; k++) offsets[written + k - chunkStart] = k;
    parts.push(original.slice(chunkStart));
    written += original.length - chunkStart;
    offsets[written] = original.length;
    text = parts.join('');
    originalOffsets = offsets.subarray(0, written + 1);
  }
  if (text.includes('\0')) text = text.replace(/\0/g, '\uFFFD');
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  return { text, originalOffsets, lineStarts };
}

/** Maps a normalised offset to the original text (the start of the character at that offset). */
export function toOriginalOffset(source: NormalisedSource, offset: number): number {
  const offsets = source.originalOffsets;
  if (!offsets) return offset;
  return offsets[Math.max(0, Math.min(offset, offsets.length - 1))];
}

/** End of line `line` in the normalised text (the offset of its LF, or the end of the text). */
export function lineEnd(source: NormalisedSource, line: number): number {
  const next = source.lineStarts[line + 1];
  return next === undefined ? source.text.length : next - 1;
}

/** Start of line `line` in the normalised text, clamped to the text. */
export function lineStart(source: NormalisedSource, line: number): number {
  if (line <= 0) return 0;
  return line < source.lineStarts.length ? source.lineStarts[line] : source.text.length;
}

/** Zero-based line of a normalised offset. */
export function lineOf(source: NormalisedSource, offset: number): number {
  const starts = source.lineStarts;
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid] <= offset) low = mid;
    else high = mid - 1;
  }
  return low;
}
