/**
 * The injection grammars in syntaxes/ colour citations, footnotes and suppression comments in the editor. VS Code
 * runs them with Oniguruma; they are written in the subset that JavaScript's RegExp (with the `u` flag) reads the
 * same way, so these tests compile them here and check that they match what the engine reads as a citation or a
 * directive, and nothing else (e-mail addresses, handles in URLs, typos).
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { analyzeMarkdown } from '../../src/core/markdown/analyze';
import { RULE_IDS } from '../../src/core/rules/ids';
import { SOURCE_KEY_PATTERN } from '../../src/core/sidecar/schema';

interface Capture {
  name?: string;
  patterns?: Rule[];
}

interface Rule {
  name?: string;
  comment?: string;
  include?: string;
  match?: string;
  begin?: string;
  end?: string;
  captures?: Record<string, Capture>;
  beginCaptures?: Record<string, Capture>;
  endCaptures?: Record<string, Capture>;
  patterns?: Rule[];
}

interface Grammar {
  name: string;
  scopeName: string;
  injectionSelector: string;
  patterns: Rule[];
  repository: Record<string, Rule>;
}

const SYNTAXES = join(__dirname, '..', '..', 'syntaxes');
const citationsText = readFileSync(join(SYNTAXES, 'sourced.injection.tmLanguage.json'), 'utf8');
const directivesText = readFileSync(join(SYNTAXES, 'sourced-directives.injection.tmLanguage.json'), 'utf8');
const citations = JSON.parse(citationsText) as Grammar;
const directives = JSON.parse(directivesText) as Grammar;

/** Every rule of a grammar, nested ones and those inside captures included. */
function allRules(grammar: Grammar): Rule[] {
  const found: Rule[] = [];
  const visit = (rule: Rule) => {
    found.push(rule);
    for (const child of rule.patterns ?? []) visit(child);
    for (const captures of [rule.captures, rule.beginCaptures, rule.endCaptures]) {
      for (const capture of Object.values(captures ?? {})) for (const child of capture.patterns ?? []) visit(child);
    }
  };
  for (const rule of grammar.patterns) visit(rule);
  for (const rule of Object.values(grammar.repository)) visit(rule);
  return found;
}

/** Every scope name a grammar can give, including those of captures. */
function allScopes(grammar: Grammar): Set<string> {
  const scopes = new Set<string>();
  for (const rule of allRules(grammar)) {
    if (rule.name) scopes.add(rule.name);
    for (const captures of [rule.captures, rule.beginCaptures, rule.endCaptures]) {
      for (const capture of Object.values(captures ?? {})) if (capture.name) scopes.add(capture.name);
    }
  }
  return scopes;
}

/**
 * Constructs that compile in JavaScript but mean something else in Oniguruma (or do not exist there), so a
 * pattern that uses them would pass these tests and still misbehave in the editor.
 */
function onigurumaPitfalls(source: string): string[] {
  const found: string[] = [];
  if (/\\[GAzZhHK]/.test(source)) found.push('an Oniguruma-only escape (\\G, \\A, \\z, \\h, \\K)');
  if (/\(\?[>~]|[*+?}]\+/.test(source)) found.push('an atomic group, absent operator or possessive quantifier');
  if (/\\[wWdDbB]/.test(source)) found.push('\\w, \\d or \\b, which Oniguruma reads as Unicode and JavaScript as ASCII');
  if (/\\p\{(?:Alnum|Alpha|Word|Print|Graph|Punct|Space|Upper|Lower|Digit|XDigit|Cntrl|Blank|ASCII)\}/.test(source)) found.push('a POSIX property name');
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (!inClass && c === '[') {
      inClass = true;
      if (source[i + 1] === ':' || (source[i + 1] === '^' && source[i + 2] === ':')) found.push('a class that opens with ":" (a POSIX bracket)');
      if (source[i + 1] === ']' || (source[i + 1] === '^' && source[i + 2] === ']')) found.push('a "]" first in a class');
    } else if (inClass && c === '[') found.push('an unescaped "[" inside a class (a nested set in Oniguruma)');
    else if (inClass && c === '&' && source[i + 1] === '&') found.push('"&&" inside a class (an intersection in Oniguruma)');
    else if (inClass && c === ']') inClass = false;
  }
  return found;
}

/** Compiles an Oniguruma pattern the way these grammars are written: it must mean the same in JavaScript. */
function compile(source: string, flags = 'gu'): RegExp {
  return new RegExp(source, flags);
}

const bracketBegin = compile(citations.repository['bracketed-citation'].begin!);
const bracketEnd = compile(citations.repository['bracketed-citation'].end!);
const bracketKey = compile(citations.repository['bracketed-citation'].patterns![0].match!);
const inText = compile(citations.repository['in-text-citation'].match!);
const footnoteReference = compile(citations.repository['footnote-reference'].match!);
const footnoteDefinition = compile(citations.repository['footnote-definition'].match!);
const directiveBegin = compile(directives.repository['suppression-comment'].begin!);
const ruleIdRules = directives.repository['suppression-comment'].patterns!;
const knownRuleId = compile(ruleIdRules.find((rule) => rule.name === 'constant.language.rule-id.sourced')!.match!);

/** The first match of `pattern` at or after `from`, as TextMate's scanner looks for it. */
function matchFrom(pattern: RegExp, text: string, from: number): RegExpExecArray | null {
  pattern.lastIndex = from;
  return pattern.exec(text);
}

interface ScannedKey {
  key: string;
  /** Offset of the `@`. */
  at: number;
}

interface ScannedMarker {
  kind: 'bracketed' | 'in-text' | 'footnote-reference' | 'footnote-definition';
  text: string;
  keys: ScannedKey[];
}

/**
 * Scans one line of paragraph text as the editor does with the citation grammar's top-level patterns: at each
 * step the leftmost match wins, the earlier pattern on a tie; a bracketed citation runs to its end pattern.
 */
function scanLine(line: string): ScannedMarker[] {
  const top: Array<[ScannedMarker['kind'], RegExp]> = [
    ['footnote-definition', footnoteDefinition],
    ['bracketed', bracketBegin],
    ['footnote-reference', footnoteReference],
    ['in-text', inText],
  ];
  const markers: ScannedMarker[] = [];
  let position = 0;
  while (position < line.length) {
    let best: { kind: ScannedMarker['kind']; match: RegExpExecArray } | undefined;
    for (const [kind, pattern] of top) {
      const match = matchFrom(pattern, line, position);
      if (match && (!best || match.index < best.match.index)) best = { kind, match };
    }
    if (!best) break;
    const { kind, match } = best;
    if (kind === 'bracketed') {
      const close = matchFrom(bracketEnd, line, match.index + match[0].length);
      const end = close ? close.index + close[0].length : line.length;
      const inside = line.slice(0, end);
      const keys: ScannedKey[] = [];
      for (let at = match.index + 1; ; ) {
        const key = matchFrom(bracketKey, inside, at);
        if (!key) break;
        keys.push({ key: key[3], at: key.index + (key[1] ?? '').length });
        at = key.index + key[0].length;
      }
      markers.push({ kind, text: line.slice(match.index, end), keys });
      position = end;
    } else {
      const keys = kind === 'in-text' ? [{ key: match[2], at: match.index }] : [];
      markers.push({ kind, text: match[0], keys });
      position = match.index + Math.max(1, match[0].length);
    }
  }
  return markers;
}

function keysOf(line: string): string[] {
  return scanLine(line).flatMap((marker) => marker.keys.map((key) => key.key));
}

describe('the injection grammars (syntaxes/)', () => {
  describe('are well-formed TextMate grammars', () => {
    it('parse as JSON with a name, a scope name and an L: injection selector', () => {
      for (const grammar of [citations, directives]) {
        assert.ok(grammar.name.length > 0);
        assert.match(grammar.scopeName, /^sourced\.[a-z]+\.injection$/);
        for (const selector of grammar.injectionSelector.split(',')) assert.match(selector.trim(), /^L:/);
      }
      assert.notEqual(citations.scopeName, directives.scopeName);
    });

    it('include only rules their repository defines', () => {
      for (const grammar of [citations, directives]) {
        for (const rule of allRules(grammar)) {
          if (rule.include) assert.ok(rule.include.slice(1) in grammar.repository, `missing ${rule.include}`);
        }
      }
    });

    it('compile every pattern with JavaScript RegExp and use nothing that Oniguruma reads differently', () => {
      let checked = 0;
      for (const grammar of [citations, directives]) {
        for (const rule of allRules(grammar)) {
          for (const source of [rule.match, rule.begin, rule.end]) {
            if (source === undefined) continue;
            assert.doesNotThrow(() => compile(source), `does not compile: ${source}`);
            assert.deepEqual(onigurumaPitfalls(source), [], source);
            checked++;
          }
        }
      }
      assert.ok(checked >= 8, `only ${checked} patterns found`);
    });

    it('spot the constructs Oniguruma reads differently (the check above can fail)', () => {
      assert.equal(onigurumaPitfalls('(?<![a-z-])\\Gx').length, 1);
      assert.equal(onigurumaPitfalls('[:.]').length, 1);
      assert.equal(onigurumaPitfalls('[a[b]]').length, 1);
      assert.equal(onigurumaPitfalls('[a&&b]').length, 1);
      assert.equal(onigurumaPitfalls('a*+').length, 1);
      assert.equal(onigurumaPitfalls('\\w+').length, 1);
      assert.deepEqual(onigurumaPitfalls('[.:\\[\\]&]\\p{L}'), []);
    });

    it('give the scopes themes and the extension rely on', () => {
      const citationScopes = allScopes(citations);
      for (const scope of [
        'meta.citation.bracketed.sourced',
        'meta.citation.in-text.sourced',
        'entity.name.tag.reference.citation.sourced',
        'punctuation.definition.citation.begin.sourced',
        'punctuation.definition.citation.end.sourced',
        'punctuation.definition.reference.citation.sourced',
        'punctuation.separator.citation.sourced',
        'keyword.operator.suppress-author.citation.sourced',
        'meta.footnote.reference.sourced',
        'constant.other.reference.footnote.sourced',
        'meta.footnote.definition.sourced',
      ]) assert.ok(citationScopes.has(scope), `no ${scope}`);
      const directiveScopes = allScopes(directives);
      for (const scope of [
        'comment.block.html.sourced',
        'keyword.control.directive.suppression.sourced',
        'constant.language.rule-id.sourced',
        'invalid.illegal.rule-id.sourced',
        'invalid.illegal.directive.sourced',
      ]) assert.ok(directiveScopes.has(scope), `no ${scope}`);
    });

    it('stay out of code, comments, links and front matter', () => {
      for (const selector of citations.injectionSelector.split(',')) {
        for (const excluded of ['-comment', '-markup.fenced_code', '-markup.raw', '-markup.inline.raw', '-meta.link', '-meta.embedded.block.frontmatter']) {
          assert.ok(selector.includes(excluded), `${selector.trim()} lacks ${excluded}`);
        }
      }
      for (const excluded of ['-markup.fenced_code', '-markup.raw', '-markup.inline.raw', '-meta.embedded.block.frontmatter']) {
        assert.ok(directives.injectionSelector.includes(excluded), `directives lack ${excluded}`);
      }
    });

    it('inject citations only into inline text, so a line that starts with a citation still opens a paragraph', () => {
      const contexts = citations.injectionSelector.split(',').map((selector) => selector.trim().split(/\s+/)[0]);
      assert.deepEqual(contexts, ['L:meta.paragraph.markdown', 'L:entity.name.section.markdown', 'L:markup.table.markdown']);
    });
  });

  describe('bracketed citations', () => {
    it('match "[@fdd-2022]", "[@fdd-2022, para. 4]" and "[@fdd-2022; @cijr-2022]"', () => {
      assert.deepEqual(scanLine('Cited [@fdd-2022].').map((m) => m.text), ['[@fdd-2022]']);
      assert.deepEqual(scanLine('Cited [@fdd-2022, para. 4].').map((m) => m.text), ['[@fdd-2022, para. 4]']);
      assert.deepEqual(keysOf('Cited [@fdd-2022; @cijr-2022].'), ['fdd-2022', 'cijr-2022']);
    });

    it('match a prefix, a locator and a suppressed author: "[see @a; -@b, ch. 2]"', () => {
      const [marker] = scanLine('As argued [see @a; -@b, ch. 2].');
      assert.equal(marker.text, '[see @a; -@b, ch. 2]');
      assert.deepEqual(marker.keys.map((k) => k.key), ['a', 'b']);
      const suppressed = matchFrom(bracketKey, marker.text, 0 + marker.text.indexOf('-@b'));
      assert.equal(suppressed?.[1], '-');
    });

    it('read keys with internal punctuation whole: "[@doi:10.1038/nature14539]" and a braced "@{https://example.org/x}"', () => {
      assert.deepEqual(keysOf('[@doi:10.1038/nature14539]'), ['doi:10.1038/nature14539']);
      assert.deepEqual(keysOf('[@{https://example.org/x}, p. 2]'), ['{https://example.org/x}']);
    });

    it('do not match brackets without a key, with an item that lacks one, or followed by a link destination', () => {
      assert.deepEqual(scanLine('A [plain bracket] and [see a; b].'), []);
      assert.deepEqual(scanLine('Mixed [see @a; and b].').filter((m) => m.kind === 'bracketed'), []);
      assert.deepEqual(scanLine('A link [@m](https://example.org).').filter((m) => m.kind === 'bracketed'), []);
      assert.deepEqual(scanLine('Write to [press@example.org].'), []);
    });
  });

  describe('in-text citations', () => {
    it('match "@fdd-2022 also names…" at the start of a line and "as @smith2020 argues" inside one', () => {
      assert.deepEqual(scanLine('@fdd-2022 also names Ghasemi.').map((m) => m.text), ['@fdd-2022']);
      assert.deepEqual(keysOf('This is as @smith2020 argues.'), ['smith2020']);
    });

    it('end a key before sentence-final punctuation: "@smith2020."', () => {
      assert.deepEqual(keysOf('So says @smith2020.'), ['smith2020']);
      assert.deepEqual(keysOf('So says @smith2020:'), ['smith2020']);
    });

    it('take a locator in brackets: "@key [p. 3]"', () => {
      const [marker] = scanLine('As @key [p. 3] shows.');
      assert.equal(marker.text, '@key [p. 3]');
      assert.deepEqual(scanLine('As @key [^1] shows.').map((m) => m.text), ['@key', '[^1]']);
    });

    it('do not match e-mail addresses, handles in URLs or an "@" inside a word', () => {
      for (const line of [
        'Write to press@example.org today.',
        'See https://example.org/@handle for more.',
        'The word foo@bar is not a citation.',
        'Nor is 2022@x, a.@b or x-@y.',
      ]) assert.deepEqual(scanLine(line).filter((m) => m.kind === 'in-text'), [], line);
    });

    it('read the same keys as the sidecar schema (property)', () => {
      const keyAlphabet = fc.constantFrom(...'aZ9_é:./-#$%&+?<>~'.split(''));
      fc.assert(
        fc.property(fc.array(keyAlphabet, { minLength: 1, maxLength: 12 }).map((chars) => chars.join('')), (key) => {
          const match = matchFrom(inText, `x @${key} y`, 0);
          const readWhole = match !== null && match.index === 2 && match[2] === key;
          assert.equal(readWhole, SOURCE_KEY_PATTERN.test(key), `key ${JSON.stringify(key)}`);
        }),
      );
    });

    it('never take the "@" of an e-mail address (property)', () => {
      const local = fc.string({ unit: fc.constantFrom(...'abz09._+-'.split('')), minLength: 1, maxLength: 10 });
      const domain = fc.string({ unit: fc.constantFrom(...'abz09-.'.split('')), minLength: 1, maxLength: 10 });
      fc.assert(
        fc.property(local, domain, (user, host) => {
          const line = `Mail ${user}@${host} now.`;
          const at = line.indexOf('@');
          const taken = scanLine(line).some((marker) => marker.keys.some((key) => key.at === at));
          // An address whose local part ends in a letter, digit or one of ._+- is never a citation.
          assert.equal(taken, false, line);
        }),
      );
    });
  });

  describe('footnotes', () => {
    it('match a reference "[^1]" and a definition "[^1]: " at the start of a line', () => {
      assert.deepEqual(scanLine('Republished later.[^1]').map((m) => [m.kind, m.text]), [['footnote-reference', '[^1]']]);
      assert.deepEqual(scanLine('[^note]: See <https://example.org>.').map((m) => [m.kind, m.text]), [['footnote-definition', '[^note]:']]);
    });

    it('do not match "[^ 1]" with a space, or a definition that is not at the start of a line', () => {
      assert.deepEqual(scanLine('Not [^ 1] a note.'), []);
      assert.deepEqual(scanLine('Text [^1]: mid-line').map((m) => m.kind), ['footnote-reference']);
    });
  });

  describe('agree with the Markdown analysis', () => {
    const lines = [
      'Pecci was a prosecutor [@fdd-2022].',
      'A multi-key citation [@fdd-2022; @cijr-2022] here.',
      '@fdd-2022 also names Ghasemi as a former chairman.',
      'As argued [see @a; -@b, ch. 2] and by @c [p. 4].',
      'Mail press@example.org, never a citation; nor foo@bar.',
      'Keys like [@doi:10.1038/nature14539] and @smith2020.',
      'Plain [brackets] and [see a; b] are text.',
      'Suppressed [see -@a] and [-@a; @b], but not [x-@y] or [press@example.org].',
    ];
    for (const line of lines) {
      it(`finds the same keys at the same places in ${JSON.stringify(line)}`, () => {
        const analysis = analyzeMarkdown(`${line}\n`);
        const engine = analysis.citations
          .filter((c) => c.kind === 'pandoc' || c.kind === 'pandoc-in-text')
          .flatMap((c) => c.items.map((item) => `${item.key}@${item.keySpan.start}`));
        const grammar = scanLine(line).flatMap((m) => m.keys.map((k) => `${k.key}@${k.at}`));
        assert.deepEqual(grammar, engine);
      });
    }
  });

  describe('suppression comments', () => {
    const directiveNames = ['sourced-disable-next-line', 'sourced-disable-line', 'sourced-disable', 'sourced-enable'];

    it('mark each directive the engine honours as a keyword, also without spaces before "-->"', () => {
      for (const name of directiveNames) {
        for (const comment of [`<!-- ${name} uncited-assertion -->`, `<!--${name}-->`]) {
          const match = matchFrom(directiveBegin, comment, 0);
          assert.equal(match?.[2], name, comment);
        }
      }
    });

    it('name only directives that the engine turns into suppressions', () => {
      for (const name of directiveNames.filter((n) => n !== 'sourced-enable')) {
        const analysis = analyzeMarkdown(`Before.\n\n<!-- ${name} uncited-assertion -->\nA sentence in 2022.\n`);
        assert.equal(analysis.suppressions.length, 1, name);
        assert.deepEqual(analysis.suppressions[0].rules, ['uncited-assertion']);
      }
      const text = '<!-- sourced-disable -->\nA.\n\n<!-- sourced-enable -->\nB.\n';
      const [region] = analyzeMarkdown(text).suppressions;
      assert.ok(region.span.start <= text.indexOf('A.') && text.indexOf('A.') < region.span.end, 'the region covers A.');
      assert.ok(region.span.end <= text.indexOf('B.'), 'sourced-enable ends the region before B.');
    });

    it('mark a misspelt directive as invalid: "<!-- sourced-disabel -->" silences nothing', () => {
      const match = matchFrom(directiveBegin, '<!-- sourced-disabel uncited-assertion -->', 0);
      assert.equal(match?.[2], undefined);
      assert.equal(match?.[3], 'sourced-disabel');
      assert.equal(analyzeMarkdown('<!-- sourced-disabel uncited-assertion -->\nA.\n').suppressions.length, 0);
    });

    it('leave ordinary comments to the Markdown grammar', () => {
      assert.equal(matchFrom(directiveBegin, '<!-- a note to self -->', 0), null);
      assert.equal(matchFrom(directiveBegin, '<!-- sourced is our name -->', 0), null);
    });

    it('know exactly the rule ids of src/core/rules/ids.ts', () => {
      const listed = /\(\?:([a-z|-]+)\)/.exec(knownRuleId.source)?.[1].split('|');
      assert.deepEqual([...(listed ?? [])].sort(), [...RULE_IDS].sort());
      for (const id of RULE_IDS) {
        assert.equal(matchFrom(knownRuleId, ` ${id} `, 0)?.[0], id);
        assert.equal(matchFrom(knownRuleId, ` ${id}-->`, 0)?.[0], id);
        assert.equal(matchFrom(knownRuleId, `${id},unused-source`, 0)?.[0], id);
      }
      assert.equal(matchFrom(knownRuleId, ' uncited-assertions ', 0), null);
      assert.equal(matchFrom(knownRuleId, ' x-uncited-assertion ', 0), null);
    });

    it('mark any other word in a directive as an unknown rule id', () => {
      const unknown = compile(ruleIdRules.find((rule) => rule.name === 'invalid.illegal.rule-id.sourced')!.match!);
      assert.equal(matchFrom(unknown, ' uncited-asertion -->', 0)?.[0], 'uncited-asertion');
      assert.equal(matchFrom(unknown, ' x-->', 0)?.[0], 'x');
    });
  });
});
