/**
 * A module that exists only inside the esbuild bundle: runner/bundle.ts generates it from the
 * `test/integration/*.test.ts` files present when the harness starts, so adding a test file needs no registration.
 */
declare module 'sourced:integration-test-files' {
  /** One test file of the suite, loaded lazily so that mocha's `describe`/`it` globals exist when it runs. */
  export interface IntegrationTestFile {
    /** The file name relative to test/integration, e.g. `smoke.test.ts`. */
    readonly file: string;
    readonly load: () => Promise<unknown>;
  }
  /** Every test file, sorted by name. */
  export const integrationTestFiles: readonly IntegrationTestFile[];
}
