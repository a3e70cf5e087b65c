/**
 * Turns link-check outcomes into the findings of the network rules: `link-broken` at the value of a `url:` or
 * `archive:` that does not answer, `link-no-archive` at the `url:` of a source without an archived copy.
 * Severities are applied by the caller (`rateFindings`), like other findings about sidecars.
 */
import type { UnratedFinding } from '../project';
import type { LinkOutcome } from './check';
import type { LinkTarget } from './targets';

const WAYBACK_LOOKUP = 'https://web.archive.org/web/*/';

/** Hosts of web archives: a source whose `url` is already an archived copy needs no `archive:`. */
const ARCHIVE_HOSTS = /(^|\.)(web\.archive\.org|archive\.org|archive\.today|archive\.ph|archive\.is|archive\.li|archive\.md|archive\.vn|archive\.fo|perma\.cc|webcitation\.org|ghostarchive\.org)$/i;

/** Whether a URL points into a web archive (Wayback Machine, archive.today, perma.cc…). */
export function isArchiveUrl(url: string): boolean {
  try {
    return ARCHIVE_HOSTS.test(new URL(url).hostname);
  } catch {
    return false;
  }
}

/** The findings of the network rules for `targets`, given the outcomes keyed by `LinkTarget.checkUrl`. */
export function linkFindings(targets: readonly LinkTarget[], outcomes: ReadonlyMap<string, LinkOutcome>): UnratedFinding[] {
  const findings: UnratedFinding[] = [];
  const archiveOutcome = new Map<string, LinkOutcome | undefined>();
  for (const target of targets) {
    if (target.field === 'archive') archiveOutcome.set(`${target.uri}\u0000${target.key}`, outcomes.get(target.checkUrl));
  }
  for (const target of targets) {
    const outcome = outcomes.get(target.checkUrl);
    if (outcome?.verdict === 'broken') {
      const where = outcome.redirects > 0 && outcome.finalUrl ? ` (after ${outcome.redirects} redirect${outcome.redirects === 1 ? '' : 's'}, at ${outcome.finalUrl})` : '';
      let advice = '';
      if (target.field === 'url') {
        const archive = archiveOutcome.get(`${target.uri}\u0000${target.key}`);
        if (archive?.verdict === 'ok') advice = ' Its archived copy still answers: cite that, or find where the page moved.';
        else if (!target.hasArchive) advice = ' It has no archived copy: look for one in the Wayback Machine, or find where the page moved.';
      } else {
        advice = ' Find another capture of the page, or archive it again while it is online.';
      }
      findings.push({
        ruleId: 'link-broken',
        message: `The ${target.field === 'url' ? 'URL' : 'archived copy'} of source "${target.key}" is broken: ${outcome.reason}${where}.${advice}`,
        uri: target.uri,
        span: target.span,
        range: target.range,
        data: {
          key: target.key,
          field: target.field,
          url: target.url,
          reason: outcome.reason,
          ...(outcome.httpStatus !== undefined ? { httpStatus: outcome.httpStatus } : {}),
          ...(outcome.finalUrl ? { finalUrl: outcome.finalUrl } : {}),
          checkedAt: new Date(outcome.checkedAt).toISOString(),
        },
      });
    }
    if (target.field === 'url' && !target.hasArchive && !isArchiveUrl(target.url)) {
      findings.push({
        ruleId: 'link-no-archive',
        message: `Source "${target.key}" has a URL but no archived copy: add "archive:" with a Wayback Machine, archive.today or perma.cc address, so readers can still check it if the page changes or disappears.`,
        uri: target.uri,
        span: target.span,
        range: target.range,
        data: { key: target.key, url: target.url, lookup: `${WAYBACK_LOOKUP}${target.url}` },
      });
    }
  }
  return findings;
}

/** Counts of outcomes by verdict, for the summary line of a run. */
export function summariseOutcomes(outcomes: Iterable<LinkOutcome>): Record<LinkOutcome['verdict'], number> & { fromCache: number } {
  const counts = { ok: 0, broken: 0, inconclusive: 0, skipped: 0, fromCache: 0 };
  for (const outcome of outcomes) {
    counts[outcome.verdict]++;
    if (outcome.fromCache) counts.fromCache++;
  }
  return counts;
}
