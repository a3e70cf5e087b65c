/**
 * Stands in for `yaml` in the CLI bundle (an esbuild alias in scripts/build.mjs). Loading `yaml` runs some
 * seventy module bodies (its node classes, tags and stringifiers: ~7 M instructions), yet a lint reads plain
 * block sidecars with its own reader (sidecar/blockYaml.ts) and needs yaml's Document API only for a file that
 * reader declines, for the position of a finding in a file, or for a YAML bibliography. So the real module is
 * loaded when one of its exports is first used.
 *
 * This file has no import or export statement on purpose: esbuild then bundles it as CommonJS, and the modules
 * that import 'yaml' read each export from `module.exports` where they use it (`import_yaml.parseDocument(…)`),
 * not when they load, so the getters below run at the first use. A unit test holds YAML_EXPORTS to yaml's own.
 */
const YAML_EXPORTS = [
  'Composer', 'Document', 'Schema', 'YAMLError', 'YAMLParseError', 'YAMLWarning', 'Alias', 'isAlias', 'isCollection',
  'isDocument', 'isMap', 'isNode', 'isPair', 'isScalar', 'isSeq', 'Pair', 'Scalar', 'YAMLMap', 'YAMLSeq', 'CST', 'Lexer',
  'LineCounter', 'Parser', 'parse', 'parseAllDocuments', 'parseDocument', 'stringify', 'visit', 'visitAsync',
] as const;

let loadedYaml: typeof import('yaml') | undefined;

for (const name of YAML_EXPORTS) {
  Object.defineProperty(module.exports, name, {
    enumerable: true,
    // The path is relative because the alias would send 'yaml' back here.
    get: () => (loadedYaml ??= require('../../node_modules/yaml/dist/index.js') as typeof import('yaml'))[name],
  });
}
