/**
 * `<!-- sourced-disable… -->` comments, in the markdownlint style writers already know, resolved to the regions
 * they silence. Offsets here are in the normalised source; the caller maps them back.
 */
import type { Span } from '../types';
import type { Suppression } from './types';
import { type NormalisedSource, lineEnd, lineOf, lineStart } from './source';
import { RULE_IDS } from '../rules/ids';

/** An HTML comment outside code, with the text between `<!--` and `-->`. */
export interface HtmlComment {
  span: Span;
  body: string;
}

type DirectiveKind = 'disable-next-line' | 'disable-line' | 'disable' | 'enable';

interface Directive {
  kind: DirectiveKind;
  rules: string[];
  commentSpan: Span;
  /** Where the region starts when not right after the comment (a rule silenced again after a partial enable). */
  regionStart?: number;
}

const DIRECTIVE = /^\s*sourced-(disable-next-line|disable-line|disable|enable)(?=\s|$)([\s\S]*)$/;

/** Reads a comment body as a suppression directive, or undefined when it is not one. */
function parseDirective(comment: HtmlComment): Directive | undefined {
  const match = DIRECTIVE.exec(comment.body);
  if (!match) return undefined;
  const rules = match[2].split(/[\s,]+/).filter((rule) => rule.length > 0);
  return { kind: match[1] as DirectiveKind, rules: [...new Set(rules)], commentSpan: comment.span };
}

/** Finds every `<!-- … -->` in a span of the source (an HTML block). */
export function findHtmlComments(text: string, from: number, to: number): HtmlComment[] {
  const comments: HtmlComment[] = [];
  let at = text.indexOf('<!--', from);
  while (at !== -1 && at < to) {
    const close = text.indexOf('-->', at + 4);
    const end = close === -1 || close + 3 > to ? to : close + 3;
    comments.push({ span: { start: at, end }, body: text.slice(at + 4, close === -1 || close + 3 > to ? to : close) });
    at = text.indexOf('<!--', end);
  }
  return comments;
}

function isBlankLine(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code !== 0x20 && code !== 0x09) return false;
  }
  return true;
}

/** Resolves suppression comments (in document order) into the regions they silence. */
export function resolveSuppressions(source: NormalisedSource, comments: HtmlComment[]): Suppression[] {
  const text = source.text;
  const result: Suppression[] = [];
  // Open `sourced-disable` regions by rule id ('' for every rule).
  const open = new Map<string, Directive>();

  const close = (key: string, end: number) => {
    const directive = open.get(key);
    if (!directive) return;
    open.delete(key);
    const start = directive.regionStart ?? directive.commentSpan.end;
    const previous = result.find(
      (s) => s.commentSpan.start === directive.commentSpan.start && s.span.start === start && s.span.end === end && s.rules.length > 0,
    );
    if (previous && key) previous.rules.push(key);
    else result.push({ rules: key ? [key] : [], span: { start, end: Math.max(start, end) }, commentSpan: directive.commentSpan });
  };

  for (const comment of comments) {
    const directive = parseDirective(comment);
    if (!directive) continue;
    const { commentSpan } = directive;
    switch (directive.kind) {
      case 'disable-line': {
        const first = lineOf(source, commentSpan.start);
        const last = lineOf(source, Math.max(commentSpan.start, commentSpan.end - 1));
        result.push({ rules: directive.rules, span: { start: lineStart(source, first), end: lineEnd(source, last) }, commentSpan });
        break;
      }
      case 'disable-next-line': {
        let line = lineOf(source, Math.max(commentSpan.start, commentSpan.end - 1)) + 1;
        while (line < source.lineStarts.length && isBlankLine(text, lineStart(source, line), lineEnd(source, line))) line++;
        const span =
          line < source.lineStarts.length
            ? { start: lineStart(source, line), end: lineEnd(source, line) }
            : { start: text.length, end: text.length };
        result.push({ rules: directive.rules, span, commentSpan });
        break;
      }
      case 'disable':
        for (const key of directive.rules.length ? directive.rules : ['']) {
          // A second disable of a rule already silenced keeps the first region going.
          if (!open.has(key)) open.set(key, directive);
        }
        break;
      case 'enable': {
        const everyRule = directive.rules.length > 0 ? open.get('') : undefined;
        if (everyRule) {
          // As in markdownlint: naming rules inside a disable of every rule enables those, the others stay silent.
          close('', commentSpan.start);
          const rest: Directive = { ...everyRule, regionStart: commentSpan.end };
          for (const id of RULE_IDS) if (!directive.rules.includes(id) && !open.has(id)) open.set(id, rest);
        }
        for (const key of directive.rules.length ? directive.rules : [...open.keys()]) close(key, commentSpan.start);
        break;
      }
    }
  }
  for (const key of [...open.keys()]) close(key, text.length);
  return result.sort((a, b) => a.commentSpan.start - b.commentSpan.start || a.span.start - b.span.start);
}
