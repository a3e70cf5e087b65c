/** A small draft with every kind of row the citation report has, and helpers to build its report. */
import { resolveSettings } from '../../../src/core/config';
import { lintDocument, type LintResult } from '../../../src/core/lint';
import { buildCitationReport, type ReportOptions } from '../../../src/core/report/index';
import { loadSidecar } from '../../../src/core/sidecar/load';
import type { Finding } from '../../../src/core/types';

export const DRAFT_URI = '/p/draft.md';
export const SIDECAR_URI = '/p/draft.sources.yaml';
export const REGISTRY_URI = '/p/registry.yaml';

export const SIDECAR = `sources:
  known:
    title: A report on the flight
    author: [Ann Author, Bob Writer]
    publisher: Somebody Press
    date: 2022-07-06
    accessed: 2022-07-08
    url: https://example.org/report
    archive: https://web.archive.org/web/2022/https://example.org/report
  never-cited:
    title: Something nobody cites
  claimed:
    title: A source used only by a claim
entities:
  emtrasur:
    name: Emtrasur
    kind: organization
  pecci:
    name: Marcelo Pecci
    kind: person
    aliases: [Pecci]
claims:
  - text: Officials said the aircraft carried no cargo at all on 13 May 2022.
    sources: [claimed]
    status: verified
    reviewer: Desk editor
    reviewed: 2022-07-08
  - text: This sentence was deleted from the draft long ago.
    sources: [known]
    status: disputed
    note: Could not be traced.
  - text: Pecci was shot dead on a beach in Colombia on 10 May 2022.
    status: unverified
accepted:
  - text: The crew numbered 18 people in total when it landed.
`;

export const REGISTRY = `sources:
  shared-used:
    title: A shared source this draft cites
  shared-unused:
    title: A shared source this draft never cites
`;

export const DRAFT = `# The flight

Emtrasur flew the aircraft with a crew of 18 people in May 2022 [@known].

Officials said the aircraft carried no cargo at all on 13 May 2022.

Pecci was shot dead on a beach in Colombia on 10 May 2022.

The Venezuelan government paid 40 million dollars for the aircraft in 2021.

Emtrasur said the flight carried 19 passengers [@shared-used].

The crew numbered 18 people in total when it landed.
`;

export const sidecar = loadSidecar(SIDECAR_URI, SIDECAR);
export const registry = loadSidecar(REGISTRY_URI, REGISTRY);

/** Lints the fixture draft (or another text against the same sidecar and registry). */
export function lintFixture(text = DRAFT): LintResult {
  return lintDocument({ uri: DRAFT_URI, text, sidecar, registries: [registry], settings: resolveSettings() });
}

/**
 * The report of the fixture. Real `claim-stale` findings are dropped so that the tests decide which claims are
 * stale (`extraFindings`), whatever that rule concludes about the fixture.
 */
export function fixtureReport(extraFindings: Finding[] = [], options: ReportOptions = {}) {
  const result = lintFixture();
  const findings = [...result.findings.filter((finding) => finding.ruleId !== 'claim-stale'), ...extraFindings];
  return buildCitationReport({ ...result, findings }, { files: [sidecar, registry], ...options });
}

/** A `claim-stale` finding about claim `claimIndex`, as the rule reports it. */
export function staleFinding(claimIndex: number, message = 'The text changed since it was verified.'): Finding {
  return {
    ruleId: 'claim-stale',
    severity: 'warning',
    message,
    uri: SIDECAR_URI,
    span: { start: 0, end: 1 },
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
    data: { claimIndex },
  };
}
