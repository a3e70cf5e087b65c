/**
 * The example workspace (examples/) is the first thing a new user runs and what the integration tests open, so
 * its files must stay valid and it must keep showing what examples/README.md says it shows, line by line.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DocumentAnalysis } from '../../src/core/analysis';
import { ENTITY_KINDS, claimSourceKey } from '../../src/core/sidecar/schema';
import { buildCatalog, loadProjectConfig, loadSidecar, type LoadedSidecar } from '../../src/core/sidecar/load';
import { loadProjectContext, loadSidecarOf, type FileReader, type ProjectContext } from '../../src/core/project';
import { lintDocument, type LintResult } from '../../src/core/lint';
import type { Finding } from '../../src/core/types';

const EXAMPLES = join(__dirname, '..', '..', 'examples');
const DRAFT = join(EXAMPLES, 'cargo.md');
const SIDECAR = join(EXAMPLES, 'cargo.sources.yaml');
const REGISTRY = join(EXAMPLES, 'registry', 'organisations.yaml');
const CONFIG = join(EXAMPLES, '.sourced.yaml');

const diskReader: FileReader = {
  async readText(location) {
    try {
      return readFileSync(location, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  },
};

const draftText = readFileSync(DRAFT, 'utf8');
const draftLines = draftText.split('\n');

/** The 1-based line of the draft an offset is on, as the README and an editor count them. */
function lineOf(analysis: DocumentAnalysis, offset: number): number {
  return analysis.lines.positionAt(offset).line + 1;
}

function findingLines(findings: readonly Finding[], uri: string, ruleId?: string): number[] {
  return findings.filter((f) => f.uri === uri && (!ruleId || f.ruleId === ruleId)).map((f) => f.range.start.line + 1);
}

describe('the example workspace', () => {
  describe('validates against the schemas', () => {
    it('reads examples/cargo.sources.yaml as a sidecar without a problem', () => {
      const sidecar = loadSidecar(SIDECAR, readFileSync(SIDECAR, 'utf8'));
      assert.deepEqual(sidecar.problems, []);
      assert.ok(sidecar.value, 'the sidecar has a validated value');
      assert.deepEqual(Object.keys(sidecar.value.sources), ['fdd-2022', 'cijr-2022', 'news-2022', 'latam-brief-2021']);
    });

    it('reads examples/registry/organisations.yaml as a registry without a problem', () => {
      const registry = loadSidecar(REGISTRY, readFileSync(REGISTRY, 'utf8'));
      assert.deepEqual(registry.problems, []);
      assert.deepEqual(Object.keys(registry.value!.sources), ['ofac-sdn']);
      assert.ok(Object.values(registry.value!.entities).every((entity) => entity.kind === 'organization'));
      assert.deepEqual(registry.value!.claims, [], 'a registry holds no claims');
    });

    it('reads examples/.sourced.yaml as a project config without a problem', () => {
      const config = loadProjectConfig(CONFIG, readFileSync(CONFIG, 'utf8'));
      assert.deepEqual(config.problems, []);
      assert.deepEqual(config.value?.include, ['registry/organisations.yaml']);
      assert.equal(config.value?.rules?.['unused-source'], 'info');
    });

    it('loads the project context with its registry and no findings', async () => {
      const context = await loadProjectContext(CONFIG, diskReader);
      assert.deepEqual(context.findings, []);
      assert.equal(context.registries.length, 1);
      assert.equal(context.registries[0].uri, REGISTRY);
      assert.equal(context.settings.rules['unused-source'], 'info');
    });
  });

  describe('is consistent with itself', () => {
    let sidecar: LoadedSidecar;
    let context: ProjectContext;
    before(async () => {
      sidecar = (await loadSidecarOf(DRAFT, diskReader))!;
      context = await loadProjectContext(CONFIG, diskReader);
    });

    it('refers only to sources the catalog defines (in entities and claims)', () => {
      const catalog = buildCatalog(sidecar, context.registries);
      for (const file of [sidecar, ...context.registries]) {
        for (const [id, entity] of Object.entries(file.usable.entities)) {
          for (const key of entity.sources ?? []) assert.ok(catalog.sources.has(key), `entity ${id} refers to unknown source ${key}`);
        }
      }
      for (const [index, claim] of sidecar.usable.claims.entries()) {
        for (const ref of claim.sources) assert.ok(catalog.sources.has(claimSourceKey(ref)), `claim ${index} refers to an unknown source`);
      }
    });

    it('defines no key twice across the sidecar and the registry, so precedence does not hide anything', () => {
      const registry = context.registries[0].usable;
      for (const key of Object.keys(registry.sources)) assert.ok(!(key in sidecar.usable.sources), `source ${key} is defined twice`);
      for (const id of Object.keys(registry.entities)) assert.ok(!(id in sidecar.usable.entities), `entity ${id} is defined twice`);
    });

    it('mentions every entity of the sidecar and the registry by its name or an alias', () => {
      for (const file of [sidecar, ...context.registries]) {
        for (const [id, entity] of Object.entries(file.usable.entities)) {
          const names = [entity.name, ...(entity.aliases ?? [])];
          assert.ok(names.some((name) => draftText.includes(name)), `the draft never mentions ${id}`);
        }
      }
    });

    it('keeps the first claim’s text in the draft and the second claim’s text out of it (it is the orphan)', () => {
      const [anchored, orphaned] = sidecar.usable.claims;
      assert.ok(draftText.includes(anchored.text));
      assert.ok(draftText.includes(`${anchored.prefix}${anchored.text}${anchored.suffix}`));
      assert.ok(!draftText.includes(orphaned.text));
    });

    it('keeps the lines the README and the integration tests point at', () => {
      const expected: Array<[number, string]> = [
        [3, 'This note looks at'],
        [8, 'On 10 May 2022, Marcelo Pecci was shot dead'],
        [10, '[a wire report](https://example.org/'],
        [12, '[@fdd-2022, para. 4]'],
        [14, 'The aircraft reportedly carried no cargo'],
        [15, 'Why would a freight airline'],
        [17, 'That seems a poor way to hide anything.'],
        [29, 'crew of 18'],
        [30, '[@fdd-2022; @cijr-2022]'],
        [31, '[@ofac-sdn]'],
        [32, '@fdd-2022 also names Ghasemi'],
        [33, '[@reuters-2022]'],
        [34, 'Since 2017, Fars Air Qeshm has flown weapons'],
        [37, '<!-- sourced-disable-next-line uncited-assertion -->'],
        [38, 'The crew had landed in Ciudad del Este by 13 May 2022.'],
        [41, 'Emtrasur’s aircraft'],
        [49, 'because of its alliance with Iran'],
        [57, '[^1]'],
        [58, 'the TBA'],
        [60, 'what matters here is the crew list'],
        [72, 'the simplest reading of the record is also the most troubling one'],
        [74, '[^1]: '],
      ];
      for (const [line, text] of expected) {
        assert.ok(draftLines[line - 1]?.includes(text), `line ${line} should contain ${JSON.stringify(text)}, has ${JSON.stringify(draftLines[line - 1])}`);
      }
    });
  });

  describe('shows what examples/README.md says when linted', () => {
    let result: LintResult;
    before(async () => {
      const context = await loadProjectContext(CONFIG, diskReader);
      const sidecar = await loadSidecarOf(DRAFT, diskReader);
      result = lintDocument({ uri: DRAFT, text: draftText, sidecar, registries: context.registries, settings: context.settings });
    });

    it('flags the uncited date, hedge, number and causal claim (lines 8, 14, 29 and 49)', () => {
      const flagged = findingLines(result.findings, DRAFT, 'uncited-assertion');
      for (const line of [8, 14, 29, 49]) assert.ok(flagged.includes(line), `line ${line} is not flagged; flagged: ${flagged.join(', ')}`);
    });

    it('reports the unknown key reuters-2022 on line 33', () => {
      const unknown = result.findings.filter((f) => f.ruleId === 'unknown-source');
      assert.deepEqual(unknown.map((f) => f.range.start.line + 1), [33]);
      assert.match(unknown[0].message, /reuters-2022/);
    });

    it('reports nothing on the framing, the question, the opinion, the cited lines, the claim, the suppressed line and the accepted sentence', () => {
      const quiet = [3, 4, 9, 10, 12, 15, 17, 30, 31, 32, 34, 38, 41, 47, 52, 54, 55, 57, 58, 60, 61, 62, 68, 69, 70, 72, 74];
      const reported = new Set(findingLines(result.findings, DRAFT));
      for (const line of quiet) assert.ok(!reported.has(line), `line ${line} has a finding: ${result.findings.filter((f) => f.uri === DRAFT && f.range.start.line + 1 === line).map((f) => f.message).join(' | ')}`);
    });

    it('reports the unused source latam-brief-2021 as info and the rewritten claim as orphaned, in the sidecar', () => {
      const inSidecar = result.findings.filter((f) => f.uri === SIDECAR);
      const unused = inSidecar.filter((f) => f.ruleId === 'unused-source');
      assert.equal(unused.length, 1);
      assert.equal(unused[0].severity, 'info');
      assert.match(unused[0].message, /latam-brief-2021/);
      assert.equal(inSidecar.filter((f) => f.ruleId === 'claim-orphaned').length, 1);
      assert.deepEqual(result.analysis.claimAnchors.map((anchor) => anchor.status), ['exact', 'orphaned']);
    });

    it('attaches the first claim to line 34 by its text alone', () => {
      const anchor = result.analysis.claimAnchors[0];
      assert.ok(anchor.span);
      assert.equal(lineOf(result.analysis, anchor.span.start), 34);
    });

    it('highlights entities of every kind the example uses, through aliases and possessives', () => {
      const { mentions } = result.analysis;
      const kinds = new Set(mentions.map((m) => m.kind));
      for (const kind of ENTITY_KINDS.filter((k) => k !== 'work' && k !== 'other')) assert.ok(kinds.has(kind), `no ${kind} highlighted`);
      const at = (line: number, entityId: string) => mentions.filter((m) => m.entityId === entityId && lineOf(result.analysis, m.span.start) === line);
      assert.deepEqual(at(41, 'emtrasur').map((m) => m.matched), ['Emtrasur'], '"Emtrasur’s" is a mention of Emtrasur');
      assert.deepEqual(at(58, 'tri-border-area').map((m) => m.matched), ['TBA']);
      assert.deepEqual(at(32, 'iran-naft-air').map((m) => m.matched), ['Iran Naft Air', 'Karun Airlines']);
      assert.deepEqual(at(12, 'pecci-murder').map((m) => m.matched), ['murder of Marcelo Pecci']);
      assert.deepEqual(at(12, 'emtrasur-747').map((m) => m.matched), ['Boeing 747']);
    });

    it('does not read "Iranian" as a mention of Iran', () => {
      for (const mention of result.analysis.mentions.filter((m) => m.entityId === 'iran')) assert.equal(mention.matched, 'Iran');
      assert.ok(!result.analysis.mentions.some((m) => lineOf(result.analysis, m.span.start) === 47 && m.entityId === 'iran'));
    });
  });
});
