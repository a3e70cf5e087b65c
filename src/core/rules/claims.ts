/** The three rules about how sidecar claims attach to the draft after edits. */
import type { ClaimAnchor, DocumentAnalysis, Origin } from '../analysis';
import { originOf, type LoadedSidecar } from '../sidecar/load';
import type { RelatedInformation } from '../types';
import type { Rule, RuleContext, RuleFinding } from './rule';

function quote(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return `"${oneLine.length > 60 ? `${oneLine.slice(0, 57)}…` : oneLine}"`;
}

/** Where the claim is in its sidecar: its `text:` value when present, else the whole item. */
function claimLocation(context: RuleContext, index: number): { uri: string; span: { start: number; end: number } } | undefined {
  const { sidecar } = context;
  if (!sidecar) return undefined;
  const textOrigin = originOf(sidecar, ['claims', index, 'text']);
  return { uri: sidecar.uri, span: textOrigin.span };
}

/**
 * The related information that points at one field of a claim in its sidecar (`status`, `note`, `fingerprint`),
 * or at the whole claim when that field is not written.
 */
export function claimFieldInSidecar(sidecar: LoadedSidecar, claim: { index: number; origin: Origin }, field: string): RelatedInformation {
  const where = originOf(sidecar, ['claims', claim.index, field]);
  const span = where.span.end > where.span.start ? where.span : claim.origin.span;
  return { uri: sidecar.uri, span, range: sidecar.lines.rangeOf(span), message: `Claim ${claim.index + 1} in the sidecar` };
}

function relatedInDraft(analysis: DocumentAnalysis, anchor: ClaimAnchor, message: string): RelatedInformation[] {
  const spans = anchor.candidates ?? (anchor.span ? [anchor.span] : []);
  return spans.map((span) => ({ uri: analysis.uri, span, range: analysis.lines.rangeOf(span), message }));
}

function claimFindings(context: RuleContext, status: ClaimAnchor['status'], describe: (anchor: ClaimAnchor, text: string) => Omit<RuleFinding, 'range'>): RuleFinding[] {
  const { analysis, sidecar } = context;
  const findings: RuleFinding[] = [];
  for (const anchor of analysis.claimAnchors) {
    if (anchor.status !== status) continue;
    const record = analysis.catalog.claims[anchor.claimIndex];
    if (!record || record.claim.text.startsWith('\u0000')) continue;
    const finding = describe(anchor, record.claim.text);
    const lines = finding.uri === analysis.uri ? analysis.lines : sidecar?.lines;
    if (!lines) continue;
    findings.push({ ...finding, range: lines.rangeOf(finding.span), data: { claimIndex: anchor.claimIndex, score: anchor.score, ...finding.data } });
  }
  return findings;
}

export const claimOrphaned: Rule = {
  id: 'claim-orphaned',
  description: 'A sidecar claim whose text can no longer be found in the draft, not even approximately: the sentence was rewritten or deleted.',
  check(context) {
    return claimFindings(context, 'orphaned', (anchor, text) => {
      const location = claimLocation(context, anchor.claimIndex)!;
      return {
        message: `Claim ${anchor.claimIndex + 1} ${quote(text)} no longer matches any text of the draft. Re-attach it to the sentence it belongs to, or delete it.`,
        ...location,
      };
    });
  },
};

export const claimFuzzy: Rule = {
  id: 'claim-fuzzy',
  description: 'A sidecar claim that only attaches approximately, because the text it was anchored to has been edited; its sources may no longer support the new wording.',
  check(context) {
    const { analysis } = context;
    return claimFindings(context, 'fuzzy', (anchor, text) => {
      const location = claimLocation(context, anchor.claimIndex);
      return {
        message: `This text changed since claim ${anchor.claimIndex + 1} was attached (${Math.round(anchor.score * 100)}% similar to ${quote(text)}). Check that its sources still support it, then re-attach the claim here.`,
        uri: analysis.uri,
        span: anchor.span!,
        related: location
          ? [{ ...location, range: context.sidecar!.lines.rangeOf(location.span), message: 'The claim in the sidecar' }]
          : undefined,
      };
    });
  },
};

export const claimAmbiguous: Rule = {
  id: 'claim-ambiguous',
  description: 'A sidecar claim whose text occurs more than once in the draft, with no prefix or suffix to tell the places apart.',
  check(context) {
    const { analysis } = context;
    return claimFindings(context, 'ambiguous', (anchor, text) => {
      const location = claimLocation(context, anchor.claimIndex)!;
      const count = anchor.candidates?.length ?? 2;
      return {
        message: `Claim ${anchor.claimIndex + 1} ${quote(text)} occurs ${count} times in the draft. Add a prefix or suffix (the words just before or after it) so it attaches to one place.`,
        ...location,
        related: relatedInDraft(analysis, anchor, 'One of the places the claim could attach to'),
      };
    });
  },
};
