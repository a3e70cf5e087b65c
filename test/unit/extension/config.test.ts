import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { resolveSettings } from '../../../src/core/config';
import { DEFAULT_DEBOUNCE_MS, effectsOf, MAX_DEBOUNCE_MS, readEditorOnlySettings, readEngineSettings } from '../../../src/extension/config';

/** A stand-in for vscode.WorkspaceConfiguration over a flat map of dotted keys. */
function configuration(values: Record<string, unknown>): { get<T>(key: string): T | undefined } {
  return { get: <T>(key: string) => values[key] as T | undefined };
}

describe('reading the sourced.* settings', () => {
  it('reads nothing when nothing is set, so the engine defaults apply', () => {
    const { settings, problems } = readEngineSettings(configuration({}));
    assert.deepEqual(settings, {});
    assert.deepEqual(problems, []);
  });

  it('reads rule severities, citation switches and the sensitivity into the engine settings', () => {
    const { settings } = readEngineSettings(
      configuration({ rules: { 'uncited-assertion': 'error', 'unused-source': 'off' }, 'citations.links': false, sensitivity: 'high' }),
    );
    const resolved = resolveSettings(settings);
    assert.equal(resolved.rules['uncited-assertion'], 'error');
    assert.equal(resolved.rules['unused-source'], 'off');
    assert.equal(resolved.rules['unknown-source'], 'error');
    assert.equal(resolved.citations.links, false);
    assert.equal(resolved.citations.footnotes, true);
    assert.equal(resolved.sensitivity, 'high');
  });

  it('drops a mistyped severity and keeps the other rules, reporting the bad key', () => {
    const { settings, problems } = readEngineSettings(configuration({ rules: { 'uncited-assertion': 'loud', 'unknown-source': 'warning' } }));
    assert.deepEqual(settings.rules, { 'unknown-source': 'warning' });
    assert.deepEqual(problems.map((problem) => problem.key), ['sourced.rules.uncited-assertion']);
  });

  it('drops an unknown rule id and reports it', () => {
    const { settings, problems } = readEngineSettings(configuration({ rules: { 'no-such-rule': 'error' } }));
    assert.deepEqual(settings.rules, {});
    assert.deepEqual(problems.map((problem) => problem.key), ['sourced.rules.no-such-rule']);
  });

  it('reports a sensitivity outside low/medium/high and a non-boolean citation switch', () => {
    const { settings, problems } = readEngineSettings(configuration({ sensitivity: 'extreme', 'citations.footnotes': 'yes' }));
    assert.deepEqual(settings, {});
    assert.deepEqual(problems.map((problem) => problem.key).sort(), ['sourced.citations.footnotes', 'sourced.sensitivity']);
  });

  it('lets the project file win over the editor settings', () => {
    const { settings } = readEngineSettings(configuration({ sensitivity: 'high', rules: { 'claim-fuzzy': 'error' } }));
    const resolved = resolveSettings(settings, { sensitivity: 'low', rules: { 'claim-fuzzy': 'hint' } });
    assert.equal(resolved.sensitivity, 'low');
    assert.equal(resolved.rules['claim-fuzzy'], 'hint');
  });

  it('reports a rule called "__proto__" instead of letting it replace the settings object', () => {
    const { settings, problems } = readEngineSettings(configuration({ rules: JSON.parse('{"__proto__": [], "claim-fuzzy": "error"}') }));
    assert.deepEqual(settings.rules, { 'claim-fuzzy': 'error' });
    assert.equal(Object.getPrototypeOf(settings.rules), Object.prototype);
    assert.deepEqual(problems.map((problem) => problem.key), ['sourced.rules.__proto__']);
  });

  it('never throws and always yields settings resolveSettings accepts, whatever the values', () => {
    const anyValue = fc.oneof(fc.anything(), fc.dictionary(fc.string(), fc.anything()));
    fc.assert(
      fc.property(anyValue, anyValue, anyValue, anyValue, (rules, links, footnotes, sensitivity) => {
        const { settings } = readEngineSettings(configuration({ rules, 'citations.links': links, 'citations.footnotes': footnotes, sensitivity }));
        const resolved = resolveSettings(settings);
        assert.ok(['low', 'medium', 'high'].includes(resolved.sensitivity));
        assert.equal(typeof resolved.citations.links, 'boolean');
      }),
    );
  });
});

describe('reading the editor-only settings', () => {
  it('highlights entities and waits the default debounce when nothing is set', () => {
    assert.deepEqual(readEditorOnlySettings(configuration({})), { highlightEnabled: true, debounceMs: DEFAULT_DEBOUNCE_MS });
  });

  it('turns highlighting off only for an explicit false', () => {
    assert.equal(readEditorOnlySettings(configuration({ 'highlight.enabled': false })).highlightEnabled, false);
    assert.equal(readEditorOnlySettings(configuration({ 'highlight.enabled': 'no' })).highlightEnabled, true);
  });

  it('clamps the debounce to 0…5000 ms and rounds it', () => {
    assert.equal(readEditorOnlySettings(configuration({ 'lint.debounceMs': -20 })).debounceMs, 0);
    assert.equal(readEditorOnlySettings(configuration({ 'lint.debounceMs': 1e9 })).debounceMs, MAX_DEBOUNCE_MS);
    assert.equal(readEditorOnlySettings(configuration({ 'lint.debounceMs': 120.6 })).debounceMs, 121);
    assert.equal(readEditorOnlySettings(configuration({ 'lint.debounceMs': Number.NaN })).debounceMs, DEFAULT_DEBOUNCE_MS);
  });
});

describe('what a settings change requires', () => {
  function changeOf(...changed: string[]) {
    return { affectsConfiguration: (section: string) => changed.some((key) => key === section || key.startsWith(`${section}.`)) };
  }

  it('re-lints when a rule severity changes', () => {
    assert.deepEqual([...effectsOf(changeOf('sourced.rules'))], ['relint']);
  });

  it('only redraws when highlighting is toggled', () => {
    assert.deepEqual([...effectsOf(changeOf('sourced.highlight.enabled'))], ['redraw']);
  });

  it('neither re-lints nor redraws when only the debounce changes', () => {
    assert.deepEqual([...effectsOf(changeOf('sourced.lint.debounceMs'))], ['reschedule']);
  });

  it('does nothing for settings of other extensions', () => {
    assert.equal(effectsOf(changeOf('editor.fontSize')).size, 0);
  });

  it('re-lints when the sensitivity and the highlight change together, and redraws too', () => {
    assert.deepEqual([...effectsOf(changeOf('sourced.sensitivity', 'sourced.highlight.enabled'))].sort(), ['redraw', 'relint']);
  });
});
