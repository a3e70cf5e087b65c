/**
 * package.json is written by hand, but its settings mirror the zod schema of src/core/config.ts and its commands
 * must exist in the code. These specs keep the two in step.
 */
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DEFAULT_SEVERITIES, resolveSettings, SensitivitySchema, SettingsSchema } from '../../../src/core/config';
import { DRAFT_LANGUAGE_IDS } from '../../../src/core/draftFiles';
import { RULE_IDS } from '../../../src/core/rules/ids';
import { ENTITY_KINDS } from '../../../src/core/sidecar/schema';
import { SEVERITIES } from '../../../src/core/types';
import { readEditorOnlySettings, readEngineSettings, SETTING_EFFECTS } from '../../../src/extension/config';
import { entityColorIds } from '../../../src/extension/reviewModel';

const root = join(__dirname, '..', '..', '..');

interface ConfigurationProperty {
  type?: string | string[];
  enum?: unknown[];
  default?: unknown;
  properties?: Record<string, ConfigurationProperty>;
  additionalProperties?: unknown;
  description?: string;
  markdownDescription?: string;
  minimum?: number;
  maximum?: number;
}

interface Manifest {
  main: string;
  icon?: string;
  engines: Record<string, string>;
  devDependencies: Record<string, string>;
  activationEvents: string[];
  capabilities: { untrustedWorkspaces?: { supported: boolean | string } };
  contributes: {
    commands: Array<{ command: string; title: string; category?: string }>;
    menus?: Record<string, Array<{ command?: string; when?: string }>>;
    configuration: { title: string; properties: Record<string, ConfigurationProperty> };
    colors: Array<{ id: string; description: string; defaults: Record<string, string> }>;
    viewsContainers: { activitybar: Array<{ id: string; title: string; icon: string }> };
    views: Record<string, Array<{ id: string; name: string }>>;
    yamlValidation: Array<{ fileMatch: string | string[]; url: string }>;
    languages?: unknown;
  };
}

const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest;
const properties = manifest.contributes.configuration.properties;

/** The configuration as VS Code serves it when nobody changed a setting: every default. */
function defaultsConfiguration(): { get<T>(key: string): T | undefined } {
  return {
    get<T>(key: string): T | undefined {
      return properties[`sourced.${key}`]?.default as T | undefined;
    },
  };
}

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** The leaf keys of the zod settings schema, dotted: `rules`, `citations.links`, `citations.footnotes`, `sensitivity`. */
function settingsSchemaKeys(): string[] {
  const keys: string[] = [];
  for (const [key, schema] of Object.entries(SettingsSchema.shape)) {
    const inner = (schema as { unwrap?: () => unknown }).unwrap?.() as { shape?: Record<string, unknown> } | undefined;
    // A nested object becomes one setting per field; a record (rules) stays one object-valued setting.
    if (inner?.shape && key !== 'rules') for (const field of Object.keys(inner.shape)) keys.push(`${key}.${field}`);
    else keys.push(key);
  }
  return keys;
}

describe('package.json', () => {
  describe('contributes.configuration mirrors the settings schema of src/core/config.ts', () => {
    it('has a sourced.* setting for every field of SettingsSchema', () => {
      for (const key of settingsSchemaKeys()) assert.ok(properties[`sourced.${key}`], `missing setting sourced.${key}`);
    });

    it('contributes no sourced.* setting that is neither in the schema nor an editor setting of SETTING_EFFECTS', () => {
      const known = new Set([...settingsSchemaKeys(), ...Object.keys(SETTING_EFFECTS)]);
      const unknown = Object.keys(properties).filter((key) => !known.has(key.replace(/^sourced\./, '')));
      assert.deepEqual(unknown, []);
    });

    it('sorts every contributed setting by what its change requires (SETTING_EFFECTS covers them all)', () => {
      assert.deepEqual(Object.keys(SETTING_EFFECTS).map((key) => `sourced.${key}`).sort(), Object.keys(properties).sort());
    });

    it('lists every rule id under sourced.rules, and nothing else', () => {
      const rules = properties['sourced.rules'];
      assert.equal(rules.type, 'object');
      assert.deepEqual(Object.keys(rules.properties ?? {}).sort(), [...RULE_IDS].sort());
      assert.equal(rules.additionalProperties, false, 'a mistyped rule id must be flagged by the settings editor');
    });

    for (const id of RULE_IDS) {
      it(`offers exactly the severities ${SEVERITIES.join('/')} for "${id}" with the default "${DEFAULT_SEVERITIES[id]}"`, () => {
        const rule = properties['sourced.rules'].properties![id];
        assert.equal(rule.type, 'string');
        assert.deepEqual(rule.enum, [...SEVERITIES]);
        assert.equal(rule.default, DEFAULT_SEVERITIES[id]);
        assert.ok((rule.markdownDescription ?? rule.description ?? '').length > 20, `${id} needs a description`);
      });
    }

    it('defaults sourced.rules to DEFAULT_SEVERITIES as a whole', () => {
      assert.deepEqual(properties['sourced.rules'].default, DEFAULT_SEVERITIES);
    });

    it('makes sourced.citations.links and .footnotes booleans defaulting to what resolveSettings() assumes', () => {
      const defaults = resolveSettings();
      for (const field of ['links', 'footnotes'] as const) {
        const setting = properties[`sourced.citations.${field}`];
        assert.equal(setting.type, 'boolean');
        assert.equal(setting.default, defaults.citations[field]);
      }
    });

    it('offers the sensitivities of SensitivitySchema, defaulting to what resolveSettings() assumes', () => {
      const setting = properties['sourced.sensitivity'];
      assert.deepEqual(setting.enum, [...SensitivitySchema.options]);
      assert.equal(setting.default, resolveSettings().sensitivity);
    });

    it('resolves, with every setting at its default, to exactly the engine defaults', () => {
      const { settings, problems } = readEngineSettings(defaultsConfiguration());
      assert.deepEqual(problems, []);
      assert.deepEqual(resolveSettings(settings), resolveSettings());
    });

    it('defaults the editor settings to highlighting on and a debounce inside its own bounds', () => {
      const editor = readEditorOnlySettings(defaultsConfiguration());
      assert.equal(editor.highlightEnabled, true);
      const debounce = properties['sourced.lint.debounceMs'];
      assert.equal(editor.debounceMs, debounce.default);
      assert.ok(debounce.minimum === 0 && (debounce.maximum ?? 0) >= (debounce.default as number));
    });
  });

  describe('contributes.commands', () => {
    const extensionSources = sourceFiles(join(root, 'src', 'extension')).map((path) => ({ path, text: readFileSync(path, 'utf8') }));

    it('puts every command in the "Sourced" category with a title', () => {
      assert.ok(manifest.contributes.commands.length >= 6);
      for (const command of manifest.contributes.commands) {
        assert.equal(command.category, 'Sourced', command.command);
        assert.ok(command.title.length > 0, command.command);
        assert.match(command.command, /^sourced\.[a-zA-Z]+$/);
      }
    });

    for (const command of manifest.contributes.commands.map((entry) => entry.command)) {
      it(`registers "${command}" in src/extension`, () => {
        const registering = extensionSources.filter(({ text }) => text.includes('registerCommand') && text.includes(`'${command}'`));
        assert.ok(
          registering.length > 0,
          `no file of src/extension both names '${command}' and calls registerCommand (looked in ${extensionSources.map(({ path }) => relative(root, path)).join(', ')})`,
        );
      });
    }

    it('refers only to contributed commands from its menus', () => {
      const contributed = new Set(manifest.contributes.commands.map((entry) => entry.command));
      for (const [menu, entries] of Object.entries(manifest.contributes.menus ?? {})) {
        for (const entry of entries) if (entry.command) assert.ok(contributed.has(entry.command), `${menu} names ${entry.command}`);
      }
    });
  });

  describe('activation and trust', () => {
    it('activates only on drafts (Markdown, Quarto, R Markdown), on workspaces that hold a sidecar or a Quarto draft, and to restore a citation report', () => {
      assert.deepEqual(
        [...manifest.activationEvents].sort(),
        [
          ...DRAFT_LANGUAGE_IDS.map((language) => `onLanguage:${language}`),
          'onWebviewPanel:sourced.citationReport',
          'workspaceContains:**/*.sources.yaml',
          'workspaceContains:**/*.qmd',
        ].sort(),
      );
    });

    it('shows the draft commands in menus for every draft language, and for a .qmd or .Rmd opened as plain text', () => {
      const draftMenus = Object.values(manifest.contributes.menus ?? {})
        .flat()
        .filter((entry) => /LangId == markdown/.test(entry.when ?? ''));
      assert.ok(draftMenus.length >= 5, 'the draft commands keep their menus');
      for (const entry of draftMenus) {
        for (const language of DRAFT_LANGUAGE_IDS) assert.match(entry.when!, new RegExp(`LangId == ${language}\\b`), `${entry.command} in ${language}`);
        assert.ok(entry.when!.includes('resourceExtname =~ /^\\.[qr]md$/i'), `${entry.command} for a plain-text .qmd`);
      }
    });

    it('declares that it supports untrusted workspaces (it executes nothing from the workspace)', () => {
      assert.equal(manifest.capabilities.untrustedWorkspaces?.supported, true);
    });

    it('targets VS Code ^1.95.0 and compiles against @types/vscode of that version', () => {
      assert.equal(manifest.engines.vscode, '^1.95.0');
      const installed = JSON.parse(readFileSync(join(root, 'node_modules', '@types', 'vscode', 'package.json'), 'utf8')).version as string;
      assert.match(installed, /^1\.95\./, 'a newer @types/vscode would let code use API that 1.95 lacks');
    });

    it('loads the bundle scripts/build.mjs writes from src/extension/main.ts', () => {
      assert.equal(manifest.main, './dist/extension.js');
      const build = readFileSync(join(root, 'scripts', 'build.mjs'), 'utf8');
      assert.match(build, /entryPoints: \['src\/extension\/main\.ts'\], outfile: 'dist\/extension\.js'/);
    });
  });

  describe('views, colours, schemas and icons', () => {
    it('has a "Sourced" view container in the activity bar whose icon exists', () => {
      const container = manifest.contributes.viewsContainers.activitybar.find((entry) => entry.id === 'sourced');
      assert.ok(container);
      assert.equal(container.title, 'Sourced');
      assert.ok(existsSync(join(root, container.icon)), container.icon);
      assert.deepEqual(manifest.contributes.views.sourced.map((view) => view.id), ['sourced.review']);
    });

    it('registers the review view under the id the code creates it with', () => {
      const tree = readFileSync(join(root, 'src', 'extension', 'reviewTree.ts'), 'utf8');
      assert.match(tree, /REVIEW_VIEW_ID = 'sourced\.review'/);
    });

    for (const kind of ENTITY_KINDS) {
      it(`contributes themable colours for ${kind} mentions with light, dark and high-contrast defaults`, () => {
        for (const id of Object.values(entityColorIds(kind))) {
          const color = manifest.contributes.colors.find((entry) => entry.id === id);
          assert.ok(color, `missing colour ${id}`);
          for (const theme of ['light', 'dark', 'highContrast', 'highContrastLight']) {
            assert.match(color.defaults[theme] ?? '', /^#[0-9A-Fa-f]{6}([0-9A-Fa-f]{2})?$/, `${id}.${theme}`);
          }
        }
      });
    }

    it('validates *.sources.yaml against the generated JSON Schema', () => {
      assert.deepEqual(manifest.contributes.yamlValidation, [{ fileMatch: '*.sources.yaml', url: './schemas/sources.schema.json' }]);
      const build = readFileSync(join(root, 'scripts', 'build.mjs'), 'utf8');
      assert.match(build, /schemas', 'sources\.schema\.json'/, 'the build must generate the schema the manifest points at');
    });

    it('contributes no language of its own (drafts are Markdown, sidecars YAML)', () => {
      assert.equal(manifest.contributes.languages, undefined);
    });

    it('ships a 128×128 PNG icon', () => {
      assert.ok(manifest.icon);
      const png = readFileSync(join(root, manifest.icon));
      assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      assert.equal(png.readUInt32BE(16), 128);
      assert.equal(png.readUInt32BE(20), 128);
    });
  });
});
