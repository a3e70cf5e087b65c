import manifest from '../../package.json';

/** The version printed by `--version` and written into SARIF, taken from package.json at build time. */
export const VERSION: string = manifest.version;
