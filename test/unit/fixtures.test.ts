/**
 * Fixture drafts carry their expectations inline, so a fixture reads as its own specification:
 * a Markdown line that should produce findings ends with `<!-- expect: rule-a, rule-b -->`, a sidecar line with
 * `# expect: rule-a`. A line without a marker must produce no finding. Findings are compared by line and rule.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveSettings, sidecarPathFor } from '../../src/core/config';
import { isDraftPath } from '../../src/core/draftFiles';
import { lintDocument } from '../../src/core/lint';
import { loadProjectConfig, loadSidecar } from '../../src/core/sidecar/load';

const folder = join(__dirname, '../fixtures/drafts');

function expectations(text: string, marker: RegExp): string[] {
  const expected: string[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    const match = marker.exec(line);
    if (match) for (const rule of match[1].split(',')) expected.push(`${index + 1}: ${rule.trim()}`);
  });
  return expected.sort();
}

describe('fixture drafts', () => {
  for (const name of readdirSync(folder).filter(isDraftPath)) {
    it(name, () => {
      const draftPath = join(folder, name);
      const sidecarPath = sidecarPathFor(draftPath);
      const configPath = draftPath.replace(/\.\w+$/, '.config.yaml');
      const text = readFileSync(draftPath, 'utf8');
      const sidecarText = existsSync(sidecarPath) ? readFileSync(sidecarPath, 'utf8') : undefined;
      const config = existsSync(configPath) ? loadProjectConfig(configPath, readFileSync(configPath, 'utf8')).value : undefined;
      const sidecar = sidecarText === undefined ? undefined : loadSidecar(sidecarPath, sidecarText);
      const { findings } = lintDocument({ uri: draftPath, text, sidecar, settings: resolveSettings(config) });
      const actualInDraft = findings.filter((f) => f.uri === draftPath).map((f) => `${f.range.start.line + 1}: ${f.ruleId}`).sort();
      assert.deepEqual(actualInDraft, expectations(text, /<!-- expect: ([\w\-, ]+) -->/), `findings in ${name}:\n${findings.filter((f) => f.uri === draftPath).map((f) => `${f.range.start.line + 1}: ${f.ruleId}: ${f.message}`).join('\n')}`);
      if (sidecarText !== undefined) {
        const actualInSidecar = findings.filter((f) => f.uri === sidecarPath).map((f) => `${f.range.start.line + 1}: ${f.ruleId}`).sort();
        assert.deepEqual(actualInSidecar, expectations(sidecarText, /# expect: ([\w\-, ]+)$/), `findings in the sidecar of ${name}`);
      }
    });
  }
});
