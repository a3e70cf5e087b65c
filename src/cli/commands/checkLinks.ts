/**
 * `sourced check-links`: checks the `url` and `archive` of every source the selected drafts can cite (their
 * sidecars and the project's shared registries) and reports `link-broken` and `link-no-archive`. The only
 * command that uses the network; `sourced lint` never does. Outcomes are cached (24 h) in
 * `.cache/sourced/links.json` under the project root.
 */
import { PROJECT_CONFIG_FILE, sidecarPathFor, SIDECAR_SUFFIX, type ResolvedSettings } from '../../core/config';
import { compareFindings, rateFindings } from '../../core/lint';
import { cachedOutcome, DEFAULT_LINK_CACHE_TTL_MS, emptyLinkCache, LINK_CACHE_PATH, parseLinkCache, rememberOutcomes, serializeLinkCache } from '../../core/links/cache';
import { checkLinks, DEFAULT_LINK_CONCURRENCY, DEFAULT_LINK_TIMEOUT_MS, type LinkOutcome, type LinkRequester } from '../../core/links/check';
import { linkFindings, summariseOutcomes } from '../../core/links/findings';
import { linkTargetsOf } from '../../core/links/targets';
import { NETWORK_RULES } from '../../core/rules/network';
import { loadSidecar, type LoadedSidecar } from '../../core/sidecar/load';
import { dirname, joinPath, relativePath } from '../../core/text/uri';
import type { Finding } from '../../core/types';
import { EXIT, hasFlag, ignoredByProject, optionValue, ProjectContexts, UsageError, type ParsedArgs } from '../context';
import { selectDrafts } from '../files';
import { FORMATS, formatFindings, type Format } from '../formats';
import type { CliParams } from '../io';
import { CLI_USER_AGENT, createNodeLinkRequester, writeFileAtomically } from '../linkChecker';
import { VERSION } from '../version';
import type { Command } from './command';

/** What the command needs from outside beyond `CliParams`; tests inject these, bin.ts uses the defaults. */
export interface LinkCheckEnvironment {
  /** One HTTP request (default: Node's http/https). */
  request?: LinkRequester;
  /** Writes the cache file, creating its folder (default: an atomic write to the real disk). */
  writeText?(path: string, text: string): Promise<void>;
  /** The clock (default: Date.now). */
  now?(): number;
}

/** `CliParams` with the link check's outside world; `main()` passes the params object through unchanged. */
export interface CheckLinksParams extends CliParams {
  linkCheck?: LinkCheckEnvironment;
}

const MAX_CONCURRENCY = 16;
const MIN_TIMEOUT_MS = 100;
const MAX_TIMEOUT_MS = 120_000;

export const checkLinksCommand: Command = {
  name: 'check-links',
  usage: 'check-links [paths…]',
  summary: `Check the url and archive of every source over the network (${NETWORK_RULES.map((rule) => rule.id).join(', ')})`,
  options: [
    { name: 'concurrency', value: 'N', description: `Requests at once (default ${DEFAULT_LINK_CONCURRENCY}, at most ${MAX_CONCURRENCY}; never more than 2 per host)` },
    { name: 'timeout', value: 'MS', description: `Milliseconds to wait for each answer (default ${DEFAULT_LINK_TIMEOUT_MS})` },
    { name: 'no-cache', description: 'Check every link again, ignoring and not writing the cache' },
    { name: 'cache-location', value: 'FILE', description: `Cache file (default: ${LINK_CACHE_PATH} under the project root)` },
    { name: 'format', alias: 'f', value: 'NAME', description: 'stylish (default), json, sarif or github' },
    { name: 'config', alias: 'c', value: 'FILE', description: `Project config for every draft (default: the nearest ${PROJECT_CONFIG_FILE})` },
    { name: 'no-color', description: 'Plain output even on a terminal (also: NO_COLOR=1)' },
  ],
  run: (params, args) => run(params as CheckLinksParams, args),
};

function integerOption(args: ParsedArgs, name: string, fallback: number, min: number, max: number): number {
  const text = optionValue(args, name);
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new UsageError(`--${name} takes a whole number from ${min} to ${max}, not "${text}"`);
  }
  return Number(text);
}

async function run(params: CheckLinksParams, args: ParsedArgs): Promise<number> {
  const format = (optionValue(args, 'format') ?? 'stylish') as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`unknown format "${format}"; use ${FORMATS.join(', ')}`);
  const concurrency = integerOption(args, 'concurrency', DEFAULT_LINK_CONCURRENCY, 1, MAX_CONCURRENCY);
  const timeoutMs = integerOption(args, 'timeout', DEFAULT_LINK_TIMEOUT_MS, MIN_TIMEOUT_MS, MAX_TIMEOUT_MS);
  const useCache = !hasFlag(args, 'no-cache');
  const environment = params.linkCheck ?? {};
  const now = environment.now ?? Date.now;

  const projects = new ProjectContexts(params, optionValue(args, 'config'));
  await projects.check();
  const selection = await selectDrafts(params.fs, params.cwd, args.positional);
  let failedInputs = selection.unmatched.length;
  for (const pattern of selection.unmatched) params.stderr.write(`sourced: ${pattern}: no such file or no Markdown file matches\n`);

  // Each sidecar and registry once, rated with the severities of the first project that uses it.
  const files = new Map<string, { file: LoadedSidecar; settings: ResolvedSettings }>();
  let projectRoot: string | undefined;
  for (const path of selection.files) {
    const project = await projects.forDraft(path);
    if (!selection.explicit.has(path) && ignoredByProject(project, path)) continue;
    projectRoot ??= project.configLocation ? dirname(project.configLocation) : undefined;
    const sidecarPath = path.endsWith(SIDECAR_SUFFIX) ? path : sidecarPathFor(path);
    let sidecarText: string | undefined;
    try {
      sidecarText = await params.fs.readText(sidecarPath);
    } catch (error) {
      params.stderr.write(`sourced: ${relativePath(params.cwd, sidecarPath)}: cannot be read (${(error as Error).message})\n`);
      failedInputs++;
    }
    if (sidecarText === undefined && sidecarPath === path) {
      params.stderr.write(`sourced: ${relativePath(params.cwd, path)}: no such file\n`);
      failedInputs++;
    }
    const candidates = [...(sidecarText !== undefined ? [loadSidecar(sidecarPath, sidecarText)] : []), ...project.registries];
    for (const file of candidates) if (!files.has(file.uri)) files.set(file.uri, { file, settings: project.settings });
  }

  const targets = linkTargetsOf([...files.values()].map(({ file }) => file));
  const urls = [...new Set(targets.map((target) => target.checkUrl))];
  if (urls.length === 0) {
    params.stderr.write(`sourced: no source has a url or archive to check (looked in ${files.size} sidecar${files.size === 1 ? '' : 's'} and registr${files.size === 1 ? 'y' : 'ies'})\n`);
    return failedInputs > 0 ? EXIT.usageOrInternal : EXIT.ok;
  }

  const cacheLocation = joinPath(params.cwd, optionValue(args, 'cache-location') ?? joinPath(projectRoot ?? params.cwd, LINK_CACHE_PATH));
  let cache = emptyLinkCache();
  if (useCache) {
    try {
      cache = parseLinkCache(await params.fs.readText(cacheLocation));
    } catch (error) {
      params.stderr.write(`sourced: the link cache ${relativePath(params.cwd, cacheLocation)} cannot be read (${(error as Error).message}); checking every link\n`);
    }
  }

  const outcomes = new Map<string, LinkOutcome>();
  const toCheck: string[] = [];
  for (const url of urls) {
    const cached = useCache ? cachedOutcome(cache, url, now(), DEFAULT_LINK_CACHE_TTL_MS) : undefined;
    if (cached) outcomes.set(url, cached);
    else toCheck.push(url);
  }

  const progress = Boolean(params.stderr.isTTY) && toCheck.length > 1;
  const checked = await checkLinks(toCheck, {
    request: environment.request ?? createNodeLinkRequester(),
    concurrency,
    timeoutMs,
    userAgent: CLI_USER_AGENT,
    now,
    onOutcome: progress ? (outcome, done, total) => params.stderr.write(`\rChecking links ${done}/${total} ${outcome.url.slice(-50).padEnd(50)}`) : undefined,
  });
  if (progress) params.stderr.write('\r\u001b[K');
  for (const [url, outcome] of checked) outcomes.set(url, outcome);

  if (useCache) {
    rememberOutcomes(cache, checked.values());
    try {
      await (environment.writeText ?? writeFileAtomically)(cacheLocation, serializeLinkCache(cache, now(), DEFAULT_LINK_CACHE_TTL_MS));
    } catch (error) {
      params.stderr.write(`sourced: the link cache ${relativePath(params.cwd, cacheLocation)} cannot be written (${(error as Error).message})\n`);
    }
  }

  const findings: Finding[] = [];
  for (const { file, settings } of files.values()) {
    const own = targets.filter((target) => target.uri === file.uri);
    findings.push(...rateFindings(linkFindings(own, outcomes), settings));
  }
  findings.sort(compareFindings);
  const color = !hasFlag(args, 'no-color') && Boolean(params.stdout.isTTY) && !params.env?.NO_COLOR;
  params.stdout.write(formatFindings(format, findings, { cwd: params.cwd, color, toolVersion: VERSION }));
  params.stderr.write(summaryText(outcomes, targets.length));

  if (failedInputs > 0) return EXIT.usageOrInternal;
  return findings.some((finding) => finding.severity === 'error' || finding.severity === 'warning') ? EXIT.findings : EXIT.ok;
}

/** The closing lines on stderr: counts, then every link the check could not decide, with why. */
function summaryText(outcomes: ReadonlyMap<string, LinkOutcome>, targetCount: number): string {
  const counts = summariseOutcomes(outcomes.values());
  const parts = [`${counts.ok} ok`, `${counts.broken} broken`];
  if (counts.inconclusive > 0) parts.push(`${counts.inconclusive} could not be confirmed`);
  if (counts.skipped > 0) parts.push(`${counts.skipped} not checked`);
  const cached = counts.fromCache > 0 ? `; ${counts.fromCache} from the cache` : '';
  const lines = [`Checked ${outcomes.size} link${outcomes.size === 1 ? '' : 's'} (${targetCount} in sources): ${parts.join(', ')}${cached}.`];
  for (const outcome of outcomes.values()) {
    if (outcome.verdict === 'inconclusive' || outcome.verdict === 'skipped') lines.push(`  ${outcome.verdict === 'skipped' ? 'not checked' : 'unconfirmed'}: ${outcome.url} (${outcome.reason})`);
  }
  return `${lines.join('\n')}\n`;
}
