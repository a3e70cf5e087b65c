/**
 * Settings of the engine, with one zod schema as their single source of truth. The same shape is read from a
 * project's `.sourced.yaml` (what CI uses) and from the editor's `sourced.*` settings; package.json's
 * `contributes.configuration` is checked against it by a test.
 *
 * Precedence, lowest first: built-in defaults, the editor's settings, the project's `.sourced.yaml`. The project
 * file wins so that the editor never disagrees with the pre-publish check in CI.
 */
import * as z from 'zod';
import { RULE_IDS, type RuleId } from './rules/ids';
import { SEVERITIES, type Severity } from './types';

export const SeveritySchema = z.enum(SEVERITIES);
export const SensitivitySchema = z.enum(['low', 'medium', 'high']);
export type Sensitivity = z.infer<typeof SensitivitySchema>;

export const RulesSettingSchema = z
  .partialRecord(z.enum(RULE_IDS), SeveritySchema)
  .describe('Severity per rule id: error, warning, info, hint or off.');

export const CitationSettingsSchema = z.strictObject({
  links: z.boolean().optional().describe('A hyperlink to an http(s) page counts as a citation (as in journalism).'),
  footnotes: z.boolean().optional().describe('A footnote whose text holds a URL or a citation key counts as a citation.'),
});

/** Everything a project can set, all optional; `resolveSettings` fills in the defaults. */
export const SettingsSchema = z.strictObject({
  rules: RulesSettingSchema.optional(),
  citations: CitationSettingsSchema.optional(),
  sensitivity: SensitivitySchema.optional().describe('How readily a sentence counts as an assertion that needs a source.'),
});

/** `.sourced.yaml` at the workspace root: settings plus the shared registries every draft can use. */
export const ProjectConfigSchema = SettingsSchema.extend({
  include: z
    .array(z.string().min(1))
    .optional()
    .describe('Shared registries (files in the sidecar format) whose sources and entities every draft can use; paths relative to this file.'),
  ignore: z
    .array(z.string().min(1))
    .optional()
    .describe('Glob patterns (relative to this file) of Markdown files that are not drafts, such as READMEs; `sourced lint` and the workspace lint skip them.'),
});

export type Settings = z.infer<typeof SettingsSchema>;
export type ProjectConfig = z.infer<typeof ProjectConfigSchema>;

export interface ResolvedSettings {
  rules: Record<RuleId, Severity>;
  citations: { links: boolean; footnotes: boolean };
  sensitivity: Sensitivity;
}

export const DEFAULT_SEVERITIES: Record<RuleId, Severity> = {
  'uncited-assertion': 'warning',
  'unknown-source': 'error',
  'unused-source': 'info',
  'claim-orphaned': 'error',
  'claim-fuzzy': 'warning',
  'claim-ambiguous': 'warning',
  'claim-stale': 'warning',
  'claim-disputed': 'error',
  'sidecar-syntax': 'error',
  'sidecar-schema': 'error',
  'footnote-undefined': 'error',
  'footnote-unused': 'warning',
  'link-broken': 'warning',
  'link-no-archive': 'info',
};

export const PROJECT_CONFIG_FILE = '.sourced.yaml';
export const SIDECAR_SUFFIX = '.sources.yaml';

/** Merges settings layers, later layers winning, over the defaults. */
export function resolveSettings(...layers: Array<Settings | undefined>): ResolvedSettings {
  const resolved: ResolvedSettings = {
    rules: { ...DEFAULT_SEVERITIES },
    citations: { links: true, footnotes: true },
    sensitivity: 'medium',
  };
  for (const layer of layers) {
    if (!layer) continue;
    Object.assign(resolved.rules, layer.rules);
    if (layer.citations?.links !== undefined) resolved.citations.links = layer.citations.links;
    if (layer.citations?.footnotes !== undefined) resolved.citations.footnotes = layer.citations.footnotes;
    if (layer.sensitivity) resolved.sensitivity = layer.sensitivity;
  }
  return resolved;
}

/** The sidecar path of a draft: `cargo.md` → `cargo.sources.yaml` (same folder). Works on paths and URIs. */
export function sidecarPathFor(draftPath: string): string {
  return draftPath.replace(/\.(md|markdown|mdx|qmd|rmd)$/i, '') + SIDECAR_SUFFIX;
}

/** The draft path of a sidecar: `cargo.sources.yaml` → `cargo.md`. */
export function draftPathFor(sidecarPath: string): string | undefined {
  return sidecarPath.endsWith(SIDECAR_SUFFIX) ? sidecarPath.slice(0, -SIDECAR_SUFFIX.length) + '.md' : undefined;
}
