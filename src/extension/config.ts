/**
 * The editor's `sourced.*` settings, read into the engine's zod `Settings` (the same shape `.sourced.yaml` has,
 * which wins over them) plus the few settings only the editor has. Settings are sorted by what a change requires,
 * so that toggling the highlight never re-lints and changing a severity never waits for a reload.
 *
 * Only types are imported from 'vscode': the functions take the configuration object, so they run in unit tests.
 */
import type * as vscode from 'vscode';
import { CitationSettingsSchema, RulesSettingSchema, SensitivitySchema, type Settings } from '../core/config';

/** The configuration section every setting of the extension lives under. */
export const CONFIGURATION_SECTION = 'sourced';

/** What a change of a setting requires. */
export type SettingEffect = 'relint' | 'redraw' | 'reschedule';

/**
 * Every setting (relative to `sourced.`) and what a change of it requires: `relint` analyses the open drafts again,
 * `redraw` repaints decorations from the analyses already made, `reschedule` only affects the next edit.
 */
export const SETTING_EFFECTS = {
  rules: 'relint',
  'citations.links': 'relint',
  'citations.footnotes': 'relint',
  sensitivity: 'relint',
  'highlight.enabled': 'redraw',
  'lint.debounceMs': 'reschedule',
  // Read when a claim is reviewed and when CodeLenses are asked for; neither needs a re-lint.
  'reviewer.name': 'reschedule',
  'codeLens.enabled': 'redraw',
  // The preview feature refreshes open previews itself; the editor has nothing to redo.
  'preview.reviewMode': 'reschedule',
} as const satisfies Record<string, SettingEffect>;

export type SettingKey = keyof typeof SETTING_EFFECTS;

export const DEFAULT_DEBOUNCE_MS = 300;
export const MAX_DEBOUNCE_MS = 5000;

/** The editor-only settings. */
export interface EditorOnlySettings {
  highlightEnabled: boolean;
  debounceMs: number;
}

/** A settings value that did not match the schema; reported once to the output channel, then ignored. */
export interface SettingProblem {
  key: string;
  message: string;
}

/**
 * Reads the engine settings from `sourced.*`. Invalid values are dropped one by one (a mistyped severity must
 * not switch off the other rules) and reported as problems.
 */
export function readEngineSettings(configuration: Pick<vscode.WorkspaceConfiguration, 'get'>): { settings: Settings; problems: SettingProblem[] } {
  const settings: Settings = {};
  const problems: SettingProblem[] = [];

  const rules = configuration.get<unknown>('rules');
  if (rules !== undefined && rules !== null) {
    if (typeof rules !== 'object' || Array.isArray(rules)) {
      problems.push({ key: 'sourced.rules', message: 'expected an object of rule id → severity' });
    } else {
      const accepted: Record<string, unknown> = {};
      for (const [ruleId, severity] of Object.entries(rules)) {
        const one = RulesSettingSchema.safeParse({ [ruleId]: severity });
        // zod drops a "__proto__" key instead of rejecting it, and assigning it would replace `accepted`'s
        // prototype: only what the parse kept is taken.
        if (one.success && Object.prototype.hasOwnProperty.call(one.data, ruleId)) Object.assign(accepted, one.data);
        else problems.push({ key: `sourced.rules.${ruleId}`, message: one.success ? `"${ruleId}" is not a rule id` : firstIssue(one.error) });
      }
      settings.rules = RulesSettingSchema.parse(accepted);
    }
  }

  const citations: NonNullable<Settings['citations']> = {};
  for (const field of ['links', 'footnotes'] as const) {
    const value = configuration.get<unknown>(`citations.${field}`);
    if (value === undefined || value === null) continue;
    const parsed = CitationSettingsSchema.shape[field].safeParse(value);
    if (parsed.success && parsed.data !== undefined) citations[field] = parsed.data;
    else if (!parsed.success) problems.push({ key: `sourced.citations.${field}`, message: firstIssue(parsed.error) });
  }
  if (Object.keys(citations).length > 0) settings.citations = citations;

  const sensitivity = configuration.get<unknown>('sensitivity');
  if (sensitivity !== undefined && sensitivity !== null) {
    const parsed = SensitivitySchema.safeParse(sensitivity);
    if (parsed.success) settings.sensitivity = parsed.data;
    else problems.push({ key: 'sourced.sensitivity', message: firstIssue(parsed.error) });
  }
  return { settings, problems };
}

/** Reads the settings only the editor has, clamping what is out of range. */
export function readEditorOnlySettings(configuration: Pick<vscode.WorkspaceConfiguration, 'get'>): EditorOnlySettings {
  const highlight = configuration.get<unknown>('highlight.enabled');
  const debounce = configuration.get<unknown>('lint.debounceMs');
  const debounceMs =
    typeof debounce === 'number' && Number.isFinite(debounce) ? Math.round(Math.min(MAX_DEBOUNCE_MS, Math.max(0, debounce))) : DEFAULT_DEBOUNCE_MS;
  return { highlightEnabled: highlight !== false, debounceMs };
}

/** Which effects a configuration change has (empty when it touches no setting of this extension). */
export function effectsOf(event: Pick<vscode.ConfigurationChangeEvent, 'affectsConfiguration'>): Set<SettingEffect> {
  const effects = new Set<SettingEffect>();
  if (!event.affectsConfiguration(CONFIGURATION_SECTION)) return effects;
  for (const [key, effect] of Object.entries(SETTING_EFFECTS)) {
    if (event.affectsConfiguration(`${CONFIGURATION_SECTION}.${key}`)) effects.add(effect);
  }
  return effects;
}

function firstIssue(error: { issues: ReadonlyArray<{ message: string }> }): string {
  return error.issues[0]?.message ?? 'invalid value';
}
