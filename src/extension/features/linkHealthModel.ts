/**
 * The words and decisions of "Check Source Links" that need no editor: when the command refuses to run, what its
 * progress and summary say. Pure (no 'vscode'), so unit tests cover them; linkHealth.ts shows them.
 */
import type { LinkOutcome } from '../../core/links/check';
import { summariseOutcomes } from '../../core/links/findings';

/** Shown instead of running in a workspace the user has not trusted. */
export const UNTRUSTED_WORKSPACE_MESSAGE =
  'Sourced checks source links only in a trusted workspace: the check sends every url and archive of the sidecars to the network, and an untrusted folder could use that to make your computer contact addresses of its choosing. Trust the workspace to check links.';

/** Why the link check must not run now, or undefined when it may. */
export function linkCheckRefusal(workspace: { readonly isTrusted: boolean }): string | undefined {
  return workspace.isTrusted ? undefined : UNTRUSTED_WORKSPACE_MESSAGE;
}

/** The progress line while links are checked: "3/12 · example.org". */
export function progressMessage(done: number, total: number, url: string): string {
  let host = url;
  try {
    host = new URL(url).host;
  } catch {
    // An unparsable URL was never requested; show it as it is.
  }
  return `${done}/${total} · ${host}`;
}

/** The notification after a check: what was found, in one sentence. */
export function summaryMessage(outcomes: Iterable<LinkOutcome>, withoutArchive: number): string {
  const counts = summariseOutcomes(outcomes);
  const total = counts.ok + counts.broken + counts.inconclusive + counts.skipped;
  const parts: string[] = [];
  parts.push(counts.broken === 0 ? 'none broken' : `${counts.broken} broken`);
  if (counts.inconclusive > 0) parts.push(`${counts.inconclusive} could not be confirmed`);
  if (counts.skipped > 0) parts.push(`${counts.skipped} not checked`);
  if (withoutArchive > 0) parts.push(`${withoutArchive} source${withoutArchive === 1 ? '' : 's'} without an archived copy`);
  const cached = counts.fromCache > 0 ? ` (${counts.fromCache} from the last day's checks)` : '';
  return `Sourced checked ${total} link${total === 1 ? '' : 's'}${cached}: ${parts.join(', ')}.`;
}
