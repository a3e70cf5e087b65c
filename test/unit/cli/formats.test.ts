import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { FORMATS, formatFindings, writeFindings, type FormatContext } from '../../../src/cli/formats';
import { RULE_IDS, ruleDocsUrl } from '../../../src/core/rules/ids';
import { relativePath } from '../../../src/core/text/uri';
import type { Finding, Range } from '../../../src/core/types';

/** The JSON format as it was first written: one object per finding, then JSON.stringify. The reference. */
function referenceJson(findings: readonly Finding[], context: FormatContext): string {
  const lines = (range: Range) => ({
    line: range.start.line + 1,
    column: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  });
  const objects = findings.map((finding) => ({
    file: relativePath(context.cwd, finding.uri),
    ruleId: finding.ruleId,
    severity: finding.severity,
    message: finding.message,
    ...lines(finding.range),
    ...(finding.confidence !== undefined ? { confidence: Math.round(finding.confidence * 100) / 100 } : {}),
    ...(finding.related?.length
      ? { related: finding.related.map((related) => ({ file: relativePath(context.cwd, related.uri), message: related.message, ...lines(related.range) })) }
      : {}),
    docs: ruleDocsUrl(finding.ruleId),
  }));
  return JSON.stringify(objects, null, 2) + '\n';
}

const position = fc.record({ line: fc.nat(100_000), character: fc.nat(10_000) });
const range = fc.record({ start: position, end: position });
// Messages with quotes, backslashes, control characters, astral characters and lone surrogates.
const text = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('', '"quoted" \\ back\nslash\t', '\ud800 lone', 'emoji 😀'));
const uri = fc.constantFrom('/work/draft.md', '/work/sub/other draft.md', '/work/draft.sources.yaml', '/elsewhere/registry.yaml');
const span = { start: 0, end: 0 };
const finding: fc.Arbitrary<Finding> = fc.record(
  {
    ruleId: fc.constantFrom(...RULE_IDS),
    severity: fc.constantFrom('error', 'warning', 'info', 'hint'),
    message: text,
    uri,
    span: fc.constant(span),
    range,
    related: fc.array(fc.record({ uri, span: fc.constant(span), range, message: text }), { maxLength: 3 }),
    confidence: fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0, 1, 0.005, 0.125, 0.994999)),
  },
  { requiredKeys: ['ruleId', 'severity', 'message', 'uri', 'span', 'range'] },
) as fc.Arbitrary<Finding>;

describe('the json format', () => {
  const context: FormatContext = { cwd: '/work', color: false, toolVersion: '0.0.0' };

  it('is exactly JSON.stringify of one object per finding, indented by two spaces', () => {
    fc.assert(
      fc.property(fc.array(finding, { maxLength: 6 }), (findings) => {
        assert.equal(formatFindings('json', findings, context), referenceJson(findings, context));
      }),
      { numRuns: 500 },
    );
  });

  it('shows paths relative to the working folder of each call, whatever the call before showed', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.array(finding, { maxLength: 3 }), fc.constantFrom('/work', '/work/sub', '/', '/elsewhere')), { maxLength: 5 }), (calls) => {
        for (const [findings, cwd] of calls) {
          const other = { ...context, cwd };
          assert.equal(formatFindings('json', findings, other), referenceJson(findings, other));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('writes an empty list as "[]"', () => {
    assert.equal(formatFindings('json', [], context), '[]\n');
  });

  it('is written in pieces that join to exactly the reference, however many findings there are', () => {
    fc.assert(
      fc.property(fc.array(finding, { minLength: 1, maxLength: 200 }), (findings) => {
        const pieces: string[] = [];
        writeFindings('json', findings, context, (piece) => pieces.push(piece));
        assert.equal(pieces.join(''), referenceJson(findings, context));
        if (findings.length > 100) assert.ok(pieces.length > 3, 'more than one piece of findings');
      }),
      { numRuns: 60 },
    );
  });
});

describe('writing findings', () => {
  const context: FormatContext = { cwd: '/work', color: false, toolVersion: '0.0.0' };

  it('writes exactly the text formatFindings makes, in every format', () => {
    fc.assert(
      fc.property(fc.constantFrom(...FORMATS), fc.array(finding, { maxLength: 80 }), (format, findings) => {
        let written = '';
        writeFindings(format, findings, context, (piece) => (written += piece));
        assert.equal(written, formatFindings(format, findings, context));
      }),
      { numRuns: 100 },
    );
  });
});
