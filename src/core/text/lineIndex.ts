/**
 * Converts between UTF-16 offsets (what the engine works in) and zero-based line/character positions
 * (what editors, SARIF and the CLI show). Built once per text; lookups are binary searches.
 */
import type { Position, Range, Span } from '../types';

export class LineIndex {
  /**
   * Offset at which each line starts; line 0 starts at 0. A typed array of the exact length: a growing array of
   * numbers left every intermediate store of a long sidecar's tens of thousands of lines to the garbage collector.
   */
  private readonly lineStarts: Int32Array;

  constructor(readonly text: string) {
    if (!text.includes('\r')) {
      // Line feeds only, the usual case: indexOf finds them natively, once to count and once to record them.
      let lines = 1;
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
      const starts = new Int32Array(lines);
      let line = 1;
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts[line++] = i + 1;
      this.lineStarts = starts;
      return;
    }
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 /* \n */) starts.push(i + 1);
      else if (c === 13 /* \r */) {
        // A lone CR ends a line too; CRLF counts once.
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    this.lineStarts = Int32Array.from(starts);
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** Offset of the first character of `line` (clamped to the text). */
  lineStart(line: number): number {
    if (line <= 0) return 0;
    if (line >= this.lineStarts.length) return this.text.length;
    return this.lineStarts[line];
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid] <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: clamped - this.lineStarts[low] };
  }

  offsetAt(position: Position): number {
    const start = this.lineStart(position.line);
    const nextStart = position.line + 1 < this.lineStarts.length ? this.lineStarts[position.line + 1] : this.text.length;
    return Math.max(start, Math.min(start + Math.max(0, position.character), nextStart));
  }

  rangeOf(span: Span): Range {
    return { start: this.positionAt(span.start), end: this.positionAt(span.end) };
  }

  /**
   * `positionAt(offset)` for an offset at or after the position `from`: walks on line by line from there instead of
   * a binary search over every line. A caller asking in document order (the uncited-assertion rule: a sentence after
   * the one before it, a cue inside its sentence) takes a step or two, and over a whole draft at most one step per
   * line; tens of thousands of binary searches showed in the cold profile. Any other offset takes the binary search.
   */
  positionAtOrAfter(from: Position, offset: number): Position {
    let line = from.line;
    if (line >= this.lineCount || offset < this.lineStart(line) || offset > this.text.length) return this.positionAt(offset);
    while (line + 1 < this.lineCount && this.lineStart(line + 1) <= offset) line++;
    return { line, character: offset - this.lineStart(line) };
  }

  /** `rangeOf(span)` for a span at or after the position `from` (see `positionAtOrAfter`). */
  rangeOfAtOrAfter(from: Position, span: Span): Range {
    const start = this.positionAtOrAfter(from, span.start);
    return { start, end: this.positionAtOrAfter(start, span.end) };
  }
}
