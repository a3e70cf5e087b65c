// The one field, not the whole manifest: the bundler then keeps only this string, not a 28 KB object that every
// run of the CLI would build at start-up.
import { version } from '../../package.json';

/** The version printed by `--version` and written into SARIF, taken from package.json at build time. */
export const VERSION: string = version;
