import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { formatConsoleArguments, remoteUri, workbenchUrl } from '../../../test/integration/runner/workbench';

describe('integration harness: workbench URL', () => {
  it('uses the host:port the browser uses as the vscode-remote authority', () => {
    assert.equal(remoteUri('http://127.0.0.1:40779', '/work/main'), 'vscode-remote://127.0.0.1:40779/work/main');
  });

  it('percent-encodes spaces and non-ASCII letters in remote paths', () => {
    assert.equal(remoteUri('http://127.0.0.1:1', '/tmp/Côte d’Ivoire'), 'vscode-remote://127.0.0.1:1/tmp/C%C3%B4te%20d%E2%80%99Ivoire');
  });

  it('opens the folder and carries the development and test paths, a debugId and the environment in the payload', () => {
    const url = new URL(
      workbenchUrl('http://127.0.0.1:5000', '/tmp/run/workspace', {
        extensionPath: '/repo',
        testsPath: '/tmp/run/tests/index.js',
        extensionEnvironment: { A: '1' },
      }),
    );
    assert.equal(url.origin, 'http://127.0.0.1:5000');
    assert.equal(url.searchParams.get('folder'), '/tmp/run/workspace');
    const payload = new Map(JSON.parse(url.searchParams.get('payload')!) as Array<[string, string]>);
    assert.equal(payload.get('extensionDevelopmentPath'), 'vscode-remote://127.0.0.1:5000/repo');
    assert.equal(payload.get('extensionTestsPath'), 'vscode-remote://127.0.0.1:5000/tmp/run/tests/index.js');
    assert.ok(payload.get('debugId'));
    assert.deepEqual(JSON.parse(payload.get('extensionEnvironment')!), { A: '1' });
  });

  it('loads no tests and asks for no debug echo in a plain development window', () => {
    const url = new URL(workbenchUrl('http://127.0.0.1:5000', '/repo/examples', { extensionPath: '/repo' }));
    const payload = new Map(JSON.parse(url.searchParams.get('payload')!) as Array<[string, string]>);
    assert.equal(payload.has('extensionTestsPath'), false);
    assert.equal(payload.has('debugId'), false);
    assert.equal(payload.get('extensionDevelopmentPath'), 'vscode-remote://127.0.0.1:5000/repo');
  });
});

describe('integration harness: relaying the extension host console', () => {
  it('turns "%c[Extension Host] %c  ✔ passes %c(at x.js:1)" into the bare line "  ✔ passes"', () => {
    const line = formatConsoleArguments(['%c[Extension Host] %c  ✔ passes %c(at x.js:1:2)', 'color: blue', 'color: ', 'color: grey']);
    assert.deepEqual(line, { fromExtensionHost: true, text: '  ✔ passes' });
  });

  it('formats the extra arguments of a multi-argument call like Node would', () => {
    const line = formatConsoleArguments(['%c[Extension Host] %c%d passing (%s)', 'color: blue', 'color: ', 3, '2s']);
    assert.deepEqual(line, { fromExtensionHost: true, text: '3 passing (2s)' });
  });

  it('keeps a literal "%" in a message that has nothing to substitute', () => {
    const line = formatConsoleArguments(['%c[Extension Host] %c100% done %c(at x.js:1:2)', 'a', 'b', 'c']);
    assert.equal(line.text, '100% done');
  });

  it('keeps trailing spaces of a message that carries no source frame', () => {
    const line = formatConsoleArguments(['%c[Extension Host] %cindented ', 'a', 'b', { extra: 1 }]);
    assert.equal(line.text, 'indented  { extra: 1 }');
  });

  it('turns an empty console.log() into an empty line, not the workbench\'s stray "%"', () => {
    assert.deepEqual(formatConsoleArguments(['%c[Extension Host]%', 'color: blue', '(at Base.epilogue (index.js:9:3))']), {
      fromExtensionHost: true,
      text: '',
    });
  });

  it('formats a call whose first argument is not a string from the remaining arguments', () => {
    const line = formatConsoleArguments(['%c[Extension Host]%', 'color: blue', { failed: 2 }, 'tests', '(at run (index.js:1:1))']);
    assert.deepEqual(line, { fromExtensionHost: true, text: '{ failed: 2 } tests' });
  });

  it('still prints a message that is a literal "%"', () => {
    assert.equal(formatConsoleArguments(['%c[Extension Host] %c%', 'a', 'b']).text, '%');
  });

  it('drops the source frame appended after the arguments of a multi-argument call', () => {
    const line = formatConsoleArguments(['%c[Extension Host] %cfailed:', 'a', 'b', 'boom', '(at x (y.js:1:1))']);
    assert.equal(line.text, 'failed: boom');
  });

  it('marks the workbench\'s own messages as not from the extension host', () => {
    assert.deepEqual(formatConsoleArguments(['Loading workbench', 42]), { fromExtensionHost: false, text: 'Loading workbench 42' });
  });

  it('never throws, whatever the console arguments', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.object())), (args) => {
        const line = formatConsoleArguments(args);
        assert.equal(typeof line.text, 'string');
      }),
    );
  });
});
