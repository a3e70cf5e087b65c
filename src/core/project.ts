/**
 * Finding what a draft is checked against: the project config (`.sourced.yaml`), the shared registries it
 * includes, and the draft's own sidecar. All I/O goes through a `FileReader` the caller passes in (Node's fs in
 * the CLI, `workspace.fs` and open documents in the extension, a map in tests).
 */
import { PROJECT_CONFIG_FILE, resolveSettings, sidecarPathFor, type ProjectConfig, type ResolvedSettings, type Settings } from './config';
import { loadProjectConfig, loadSidecar, type LoadedSidecar } from './sidecar/load';
import { locate, problemsToFindings, type LoadedYamlFile } from './sidecar/yamlFile';
import { globToRegExp } from './text/glob';
import { dirname, joinPath, relativePath } from './text/uri';
import type { Finding } from './types';

/** A draft's front matter `bibliography:` files and inline `references:`, loaded as extra catalog sources. */
export { BibliographyCache, loadDraftBibliographies, type DraftBibliographies, type LoadedBibliography } from './bibliography/draftBibliographies';

export interface FileReader {
  /** The file's text, or undefined when it does not exist. May throw for other I/O errors. */
  readText(location: string): Promise<string | undefined>;
}

/** Findings about project files before severities are applied (the rules layer applies them). */
export type UnratedFinding = Omit<Finding, 'severity'>;

export interface ProjectContext {
  /** Location of `.sourced.yaml`, when the project has one. */
  configLocation?: string;
  config?: LoadedYamlFile<ProjectConfig>;
  registries: LoadedSidecar[];
  settings: ResolvedSettings;
  /** Problems in the config and the registries, and includes that do not exist. */
  findings: UnratedFinding[];
}

/**
 * Loads the project context from a config file location (which may not exist). `editorSettings` sit below the
 * project file: the file wins, so the editor agrees with CI.
 */
export async function loadProjectContext(
  configLocation: string | undefined,
  reader: FileReader,
  editorSettings?: Settings,
): Promise<ProjectContext> {
  const context: ProjectContext = { registries: [], settings: resolveSettings(editorSettings), findings: [] };
  if (!configLocation) return context;
  const text = await readOrUndefined(reader, configLocation);
  if (text === undefined) return context;
  const config = loadProjectConfig(configLocation, text);
  context.configLocation = configLocation;
  context.config = config;
  context.findings.push(...problemsToFindings(config));
  context.settings = resolveSettings(editorSettings, config.value);
  const includes = config.value?.include ?? [];
  for (const [index, include] of includes.entries()) {
    const location = joinPath(dirname(configLocation), include);
    const registryText = await readOrUndefined(reader, location);
    if (registryText === undefined) {
      const span = (config.document && locate(config.document, ['include', index])?.span) || { start: 0, end: 0 };
      context.findings.push({
        ruleId: 'sidecar-schema',
        message: `include: the registry "${include}" does not exist (looked for ${location}).`,
        uri: configLocation,
        span,
        range: config.lines.rangeOf(span),
      });
      continue;
    }
    const registry = loadSidecar(location, registryText);
    context.registries.push(registry);
    context.findings.push(...problemsToFindings(registry));
  }
  return context;
}

/** Loads the sidecar beside a draft; undefined when the draft has none. */
export async function loadSidecarOf(draftLocation: string, reader: FileReader): Promise<LoadedSidecar | undefined> {
  const location = sidecarPathFor(draftLocation);
  const text = await readOrUndefined(reader, location);
  return text === undefined ? undefined : loadSidecar(location, text);
}

/** The config file that governs `folder`: `.sourced.yaml` in it or the nearest ancestor that has one. */
export async function findProjectConfig(folder: string, reader: FileReader): Promise<string | undefined> {
  let current = folder;
  for (let depth = 0; depth < 64; depth++) {
    const candidate = joinPath(current, PROJECT_CONFIG_FILE);
    if ((await readOrUndefined(reader, candidate)) !== undefined) return candidate;
    const parent = dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
  return undefined;
}

async function readOrUndefined(reader: FileReader, location: string): Promise<string | undefined> {
  try {
    return await reader.readText(location);
  } catch {
    return undefined;
  }
}

/**
 * True when the project's `ignore` patterns (globs relative to its config file) cover the draft: a README or a
 * style guide that is not an article. The CLI and the editor's workspace lint both skip such files.
 */
export function isIgnoredByProject(project: ProjectContext, draftLocation: string): boolean {
  const patterns = project.config?.value?.ignore;
  if (!patterns?.length || !project.configLocation) return false;
  const relative = relativePath(dirname(project.configLocation), draftLocation);
  if (relative.startsWith('..')) return false;
  // A trailing slash names a folder (as in .gitignore); no file path ends with one, so it means everything below.
  return patterns.some((pattern) => globToRegExp(pattern.replace(/^\.\//, '').replace(/\/$/, '/**')).test(relative));
}
