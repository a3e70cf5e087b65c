import { SIDECAR_SUFFIX, sidecarPathFor } from '../../core/config';
import { dirname, joinPath, relativePath } from '../../core/text/uri';
import { EXIT, UsageError, type ParsedArgs } from '../context';
import type { CliParams } from '../io';
import { sidecarSkeleton } from '../skeleton';
import type { Command } from './command';

export const initCommand: Command = {
  name: 'init',
  usage: 'init FILE',
  summary: 'Create the sidecar (FILE.sources.yaml) beside a draft; never overwrites',
  options: [],
  run: (params, args) => run(params, args),
};

async function run(params: CliParams, args: ParsedArgs): Promise<number> {
  if (args.positional.length !== 1) throw new UsageError('init takes exactly one draft: sourced init FILE');
  const draftPath = joinPath(params.cwd, args.positional[0]);
  if (draftPath.endsWith(SIDECAR_SUFFIX)) throw new UsageError(`${args.positional[0]} is a sidecar; name its draft (sourced init draft.md)`);
  const stat = await params.fs.stat(draftPath);
  if (stat?.kind !== 'file') {
    params.stderr.write(`sourced: ${args.positional[0]}: no such draft\n`);
    return EXIT.usageOrInternal;
  }
  const sidecarPath = sidecarPathFor(draftPath);
  const shown = relativePath(params.cwd, sidecarPath);
  if (sidecarPath === draftPath || !(await params.fs.stat(dirname(sidecarPath)))) throw new UsageError(`cannot place a sidecar beside ${args.positional[0]}`);
  const created = await params.fs.writeNewFile(sidecarPath, sidecarSkeleton());
  if (!created) {
    params.stdout.write(`${shown} already exists; left unchanged.\n`);
    return EXIT.ok;
  }
  params.stdout.write(`Created ${shown}.\n`);
  return EXIT.ok;
}
