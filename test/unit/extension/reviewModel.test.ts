import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import type { DocumentAnalysis, SentenceInfo } from '../../../src/core/analysis';
import { resolveSettings } from '../../../src/core/config';
import { lintDocument, type LintResult } from '../../../src/core/lint';
import { loadSidecar } from '../../../src/core/sidecar/load';
import type { Finding, Span } from '../../../src/core/types';
import {
  adjacentFinding,
  buildReviewModel,
  citedShare,
  claimGroupOf,
  shorten,
  uncitedFindings,
  type ReviewNode,
} from '../../../src/extension/reviewModel';

const DRAFT = 'file:///work/cargo.md';
const SIDECAR = 'file:///work/cargo.sources.yaml';

const SIDECAR_TEXT = `# sidecar
sources:
  fdd-2022:
    title: Mystery Cargo
    publisher: FDD
  news-2022:
    title: Prosecutor shot
  unused-2021:
    title: Background brief
entities:
  emtrasur:
    name: Emtrasur
    kind: organization
  pecci:
    name: Marcelo Pecci
    kind: person
    aliases: [Pecci]
  nobody:
    name: Nobody Mentioned
    kind: person
claims:
  - text: Emtrasur flew a Boeing 747 to Ciudad del Este
    sources: [news-2022]
    status: verified
    fingerprint: t:26df9ca0 s:news-2022=d4a1b923
  - text: This sentence was deleted from the draft long ago
    sources: [fdd-2022]
`;

const DRAFT_TEXT = `# Flight

On 10 May 2022, Marcelo Pecci was shot dead on a beach in Colombia [@fdd-2022].
Emtrasur flew a Boeing 747 to Ciudad del Este on 13 May 2022.
Pecci had investigated cases against Hezbollah [@fdd-2022; @news-2022].
The crew of 18 was made up of seven Iranians and eleven Venezuelans.
`;

function lint(text = DRAFT_TEXT, sidecarText = SIDECAR_TEXT): LintResult {
  return lintDocument({ uri: DRAFT, text, sidecar: loadSidecar(SIDECAR, sidecarText), settings: resolveSettings() });
}

function group(model: ReviewNode[], id: string): ReviewNode {
  const found = model.find((node) => node.id === id);
  assert.ok(found, `no group ${id}`);
  return found;
}

function finding(start: number, end: number): Finding {
  return {
    ruleId: 'uncited-assertion',
    severity: 'warning',
    message: 'm',
    uri: DRAFT,
    span: { start, end },
    range: { start: { line: 0, character: start }, end: { line: 0, character: end } },
  };
}

function sentence(span: Span, extra: Partial<SentenceInfo>): SentenceInfo {
  return { span, text: 'x', blockIndex: 0, citations: [], claimIndices: [], ...extra };
}

function analysisWith(sentences: SentenceInfo[], suppressed: Span[] = []): DocumentAnalysis {
  const analysis = lint('').analysis;
  return {
    ...analysis,
    sentences,
    markdown: { ...analysis.markdown, suppressions: suppressed.map((span) => ({ rules: ['uncited-assertion'], span, commentSpan: span })) },
  };
}

const ASSERTION = { confidence: 0.9, cues: [{ kind: 'number', label: 'gives a number: "18"', span: { start: 0, end: 2 } }] };

describe('the review model of a draft', () => {
  let result: LintResult;
  let model: ReviewNode[];
  before(() => {
    result = lint();
    model = buildReviewModel(result, DRAFT);
  });

  it('has the four groups in order: uncited assertions, claims, sources, entities', () => {
    assert.deepEqual(model.map((node) => node.label), ['Uncited assertions', 'Claims', 'Sources', 'Entities']);
  });

  it('counts how often each source is cited and marks the unused one', () => {
    const sources = group(model, 'group/sources').children!;
    const byKey = Object.fromEntries(sources.map((node) => [node.label, node.description]));
    assert.equal(byKey['fdd-2022'], '2 citations · 1 claim');
    assert.equal(byKey['news-2022'], '1 citation · 1 claim');
    assert.equal(byKey['unused-2021'], 'unused');
  });

  it('lets a source reveal its entry in the sidecar and each citation its place in the draft', () => {
    const fdd = group(model, 'group/sources').children!.find((node) => node.label === 'fdd-2022')!;
    assert.equal(fdd.target?.uri, SIDECAR);
    assert.equal(SIDECAR_TEXT.slice(fdd.target!.span.start, fdd.target!.span.end), 'fdd-2022');
    assert.deepEqual(fdd.children!.map((child) => DRAFT_TEXT.slice(child.target!.span.start, child.target!.span.end)), ['@fdd-2022', '@fdd-2022']);
  });

  it('counts the mentions of each entity, names and aliases alike, and lists the unmentioned one', () => {
    const entities = group(model, 'group/entities').children!;
    const byName = Object.fromEntries(entities.map((node) => [node.label, node.description]));
    assert.equal(byName['Marcelo Pecci'], 'person · 2 mentions');
    assert.equal(byName['Emtrasur'], 'organization · 1 mention');
    assert.equal(byName['Nobody Mentioned'], 'person · not mentioned');
  });

  it('groups claims by status, an orphaned claim apart from the verified one', () => {
    const claims = group(model, 'group/claims').children!;
    assert.deepEqual(claims.map((node) => node.label), ['Verified', 'Orphaned']);
    const orphan = claims[1].children![0];
    assert.equal(orphan.target?.uri, SIDECAR, 'an orphaned claim can only be shown in the sidecar');
    const verified = claims[0].children![0];
    assert.equal(verified.target?.uri, DRAFT);
    assert.equal(DRAFT_TEXT.slice(verified.target!.span.start, verified.target!.span.end), 'Emtrasur flew a Boeing 747 to Ciudad del Este');
  });

  it('lists exactly the uncited-assertion findings of the draft, with their reasons', () => {
    const uncited = group(model, 'group/uncited');
    const findings = uncitedFindings(result, DRAFT);
    assert.ok(findings.length >= 1, 'the crew sentence gives numbers without a source');
    assert.equal(uncited.children!.length, findings.length);
    for (const [index, node] of uncited.children!.entries()) {
      assert.deepEqual(node.target, { uri: DRAFT, span: findings[index].span });
      assert.ok(node.description && node.description.length > 0);
    }
  });

  it('gives every node an id unique in the whole tree, so VS Code keeps what is expanded', () => {
    const ids: string[] = [];
    const walk = (nodes: ReviewNode[]) => nodes.forEach((node) => (ids.push(node.id), walk(node.children ?? [])));
    walk(model);
    assert.equal(new Set(ids).size, ids.length);
  });

  it('keeps every reveal target inside the text of its file', () => {
    const walk = (nodes: ReviewNode[]) =>
      nodes.forEach((node) => {
        if (node.target) {
          const length = node.target.uri === DRAFT ? DRAFT_TEXT.length : SIDECAR_TEXT.length;
          assert.ok(0 <= node.target.span.start && node.target.span.start <= node.target.span.end && node.target.span.end <= length, node.id);
        }
        walk(node.children ?? []);
      });
    walk(model);
  });

  it('never throws on any draft text, and keeps reveal targets inside it', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const nodes = buildReviewModel(lint(text), DRAFT);
        const walk = (list: ReviewNode[]) =>
          list.forEach((node) => {
            if (node.target?.uri === DRAFT) assert.ok(node.target.span.end <= text.length);
            walk(node.children ?? []);
          });
        walk(nodes);
      }),
      { numRuns: 60 },
    );
  });
});

describe('the cited share of assertions', () => {
  it('counts cited, uncited and accepted assertions and ignores sentences that assert nothing', () => {
    const share = citedShare(
      analysisWith([
        sentence({ start: 0, end: 5 }, { assertion: ASSERTION, citations: [{ kind: 'pandoc', span: { start: 3, end: 4 }, items: [] }] }),
        sentence({ start: 6, end: 10 }, { assertion: ASSERTION, claimIndices: [0] }),
        sentence({ start: 11, end: 15 }, { assertion: ASSERTION }),
        sentence({ start: 16, end: 20 }, { assertion: ASSERTION, acceptedIndex: 0 }),
        sentence({ start: 21, end: 25 }, {}),
      ]),
    );
    assert.deepEqual(share, { assertions: 4, excused: 1, cited: 2, uncited: 1 });
  });

  it('leaves out an assertion silenced by a sourced-disable comment, as the findings do', () => {
    const share = citedShare(analysisWith([sentence({ start: 10, end: 20 }, { assertion: ASSERTION })], [{ start: 10, end: 21 }]));
    assert.deepEqual(share, { assertions: 1, excused: 1, cited: 0, uncited: 0 });
  });
});

describe('going to the next and previous uncited assertion', () => {
  const findings = [finding(10, 20), finding(30, 40), finding(50, 60)];

  it('goes to the first finding after the cursor', () => {
    assert.deepEqual(adjacentFinding(findings, 25, 'next'), { finding: findings[1], wrapped: false });
  });

  it('leaves the finding the cursor is on (a jump selects it) for the one after it', () => {
    assert.equal(adjacentFinding(findings, 30, 'next')?.finding, findings[2]);
    assert.equal(adjacentFinding(findings, 30, 'previous')?.finding, findings[0]);
  });

  it('wraps around at either end and says so', () => {
    assert.deepEqual(adjacentFinding(findings, 55, 'next'), { finding: findings[0], wrapped: true });
    assert.deepEqual(adjacentFinding(findings, 5, 'previous'), { finding: findings[2], wrapped: true });
  });

  it('finds nothing in a draft without uncited assertions', () => {
    assert.equal(adjacentFinding([], 0, 'next'), undefined);
  });
});

describe('claim groups', () => {
  it('puts an orphaned claim under Orphaned whatever its status', () => {
    assert.equal(claimGroupOf('verified', 'orphaned'), 'orphaned');
  });

  it('puts fuzzy and ambiguous anchors under Fuzzy', () => {
    assert.equal(claimGroupOf('verified', 'fuzzy'), 'fuzzy');
    assert.equal(claimGroupOf('disputed', 'ambiguous'), 'fuzzy');
  });

  it('groups a well-anchored claim by the status the writer gave it', () => {
    assert.equal(claimGroupOf('disputed', 'exact'), 'disputed');
    assert.equal(claimGroupOf('unverified', 'moved'), 'unverified');
  });
});

describe('shortening a text for one row', () => {
  it('keeps a short text, collapsing its whitespace', () => {
    assert.equal(shorten('Ciudad  del\nEste'), 'Ciudad del Este');
  });

  it('cuts a long text at a word and marks the cut', () => {
    const label = shorten('word '.repeat(40), 30);
    assert.ok(label.length <= 30);
    assert.ok(label.endsWith('…'));
    assert.ok(!label.includes('wor…'));
  });
});
