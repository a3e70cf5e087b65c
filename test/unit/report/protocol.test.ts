import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { parseExtensionMessage, parsePanelMessage, parseRangeAttribute } from '../../../src/webview/protocol';
import { fixtureReport } from './fixture';

const range = { start: { line: 4, character: 0 }, end: { line: 4, character: 12 } };

describe('the report panel protocol', () => {
  describe('messages from the panel', () => {
    it('accepts ready, rendered and a reveal with a URI and a range', () => {
      assert.deepEqual(parsePanelMessage({ type: 'ready' }), { type: 'ready' });
      assert.deepEqual(parsePanelMessage({ type: 'rendered', serial: 2, draftUri: 'file:///d.md', revealable: 3 }), { type: 'rendered', serial: 2, draftUri: 'file:///d.md', revealable: 3 });
      assert.deepEqual(parsePanelMessage({ type: 'reveal', uri: 'file:///d.md', range }), { type: 'reveal', uri: 'file:///d.md', range });
    });

    for (const [what, message] of [
      ['an unknown type', { type: 'runCommand', command: 'workbench.action.terminal.new' }],
      ['a reveal without a range', { type: 'reveal', uri: 'file:///d.md' }],
      ['a reveal with a negative line', { type: 'reveal', uri: 'file:///d.md', range: { start: { line: -1, character: 0 }, end: { line: 0, character: 0 } } }],
      ['a reveal with a fractional character', { type: 'reveal', uri: 'file:///d.md', range: { start: { line: 1, character: 0.5 }, end: { line: 1, character: 2 } } }],
      ['a reveal with an empty URI', { type: 'reveal', uri: '', range }],
      ['a reveal with an extra field', { type: 'reveal', uri: 'file:///d.md', range, command: 'x' }],
      ['a string', 'reveal'],
      ['null', null],
    ] as const) {
      it(`refuses ${what}`, () => {
        assert.equal(parsePanelMessage(message), undefined);
      });
    }

    it('never throws, whatever it is given', () => {
      fc.assert(fc.property(fc.anything(), (value) => void parsePanelMessage(value)));
    });
  });

  describe('messages from the extension', () => {
    it('accepts a well-formed report, as JSON would carry it', () => {
      const report = JSON.parse(JSON.stringify(fixtureReport()));
      assert.deepEqual(parseExtensionMessage({ type: 'report', serial: 1, report }), { type: 'report', serial: 1, report });
      assert.deepEqual(parseExtensionMessage({ type: 'no-report', message: 'gone' }), { type: 'no-report', message: 'gone' });
    });

    it('refuses a report that is not the documented format', () => {
      const report = JSON.parse(JSON.stringify(fixtureReport()));
      assert.equal(parseExtensionMessage({ type: 'report', serial: 1, report: { ...report, version: 2 } }), undefined);
      assert.equal(parseExtensionMessage({ type: 'report', serial: 1, report: { ...report, summary: { ...report.summary, citedPercent: 140 } } }), undefined);
      assert.equal(parseExtensionMessage({ type: 'report', serial: 1, report: { ...report, html: '<script>alert(1)</script>' } }), undefined);
      assert.equal(parseExtensionMessage({ type: 'html', html: '<script>' }), undefined);
    });
  });

  describe('parseRangeAttribute', () => {
    it('reads "line,character,line,character"', () => {
      assert.deepEqual(parseRangeAttribute('4,0,4,12'), range);
    });

    for (const value of ['', '1,2,3', '1,2,3,4,5', '-1,0,0,0', '1, 2,3,4', 'a,b,c,d', '1e3,0,0,0', null, undefined]) {
      it(`refuses ${JSON.stringify(value)}`, () => {
        assert.equal(parseRangeAttribute(value), undefined);
      });
    }
  });
});
