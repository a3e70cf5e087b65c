import * as assert from 'node:assert/strict';
import { resolveSettings } from '../../../src/core/config';
import { citedShare } from '../../../src/core/claims/citedShare';
import { lintDocument } from '../../../src/core/lint';
import { buildCitationReport } from '../../../src/core/report/model';
import { loadSidecar } from '../../../src/core/sidecar/load';

const DRAFT = 'file:///w/review.md';
const SIDECAR = loadSidecar('file:///w/review.sources.yaml', 'sources:\n  shin-2019:\n    title: Deep networks for images\n');

function lint(text: string) {
  const result = lintDocument({ uri: DRAFT, text, sidecar: SIDECAR, settings: resolveSettings() });
  const flagged = result.findings.filter((finding) => finding.ruleId === 'uncited-assertion').map((finding) => text.slice(finding.span.start, finding.span.end));
  return { result, flagged, share: citedShare(result.analysis) };
}

describe('uncited-assertion and the sentences that continue a cited one', () => {
  const CITED_THEN_CONTINUED = 'Shin et al. trained a network on 100,000 images in 2019 [@shin-2019]. They reached 93% accuracy on 4,000 test images.\n';

  it('does not flag a sentence that continues a cited sentence of the same paragraph', () => {
    assert.deepEqual(lint(CITED_THEN_CONTINUED).flagged, []);
  });

  it('counts that sentence as cited in the cited share, so the status bar agrees with the Problems panel', () => {
    const { share } = lint(CITED_THEN_CONTINUED);
    assert.equal(share.uncited, 0);
    assert.equal(share.cited, share.assertions);
  });

  it('leaves it out of the citation report\'s uncited sentences', () => {
    const report = buildCitationReport(lint(CITED_THEN_CONTINUED).result);
    assert.deepEqual(report.uncited.map((row) => row.text), []);
  });

  it('does not carry a source across paragraphs', () => {
    const { flagged, share } = lint('Shin et al. trained a network on 100,000 images in 2019 [@shin-2019].\n\nThey reached 93% accuracy on 4,000 test images.\n');
    assert.deepEqual(flagged, ['They reached 93% accuracy on 4,000 test images.']);
    assert.equal(share.uncited, 1);
  });

  it('warns once for an uncited sentence and the one continuing it, and counts both as uncited', () => {
    const { flagged, share } = lint('Shin et al. trained a network on 100,000 images in 2019. They reached 93% accuracy on 4,000 test images.\n');
    assert.deepEqual(flagged, ['Shin et al. trained a network on 100,000 images in 2019.']);
    assert.equal(share.uncited, 2);
  });

  it('reads a demonstrative opener ("This allowed…") or a discourse marker before the reference back ("For example, they…") as a continuation', () => {
    const cited = 'Shin et al. trained a network on 2,000 scans in 2016 [@shin-2019].';
    assert.deepEqual(lint(`${cited} This allowed them to label 4,000 images in 2017.\n`).flagged, []);
    assert.deepEqual(lint(`${cited} For example, they labeled 4,000 images in 2017.\n`).flagged, []);
  });
});
