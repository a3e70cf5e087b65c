import { sidecarPathFor } from '../../core/config';
import { lintDocument } from '../../core/lint';
import { loadSidecarOf } from '../../core/project';
import { joinPath, relativePath } from '../../core/text/uri';
import { EXIT, optionValue, ProjectContexts, readDraft, readerFor, UsageError, type ParsedArgs } from '../context';
import type { CliParams } from '../io';
import type { Command } from './command';

export const entitiesCommand: Command = {
  name: 'entities',
  usage: 'entities FILE',
  summary: 'List every entity mention of a draft (an entity index for editors)',
  options: [
    { name: 'format', alias: 'f', value: 'NAME', description: 'table (default) or json' },
    { name: 'config', alias: 'c', value: 'FILE', description: 'Project config to use (default: the nearest one above the draft)' },
  ],
  run: (params, args) => run(params, args),
};

async function run(params: CliParams, args: ParsedArgs): Promise<number> {
  const format = optionValue(args, 'format') ?? 'table';
  if (format !== 'table' && format !== 'json') throw new UsageError(`unknown format "${format}" for entities; use table or json`);
  if (args.positional.length !== 1) throw new UsageError('entities takes exactly one draft: sourced entities FILE');
  const path = joinPath(params.cwd, args.positional[0]);
  const draft = await readDraft(params, path);
  if (!draft.ok) {
    params.stderr.write(`sourced: ${draft.message}\n`);
    return EXIT.usageOrInternal;
  }
  const projects = new ProjectContexts(params, optionValue(args, 'config'));
  await projects.check();
  const project = await projects.forDraft(path);
  const sidecar = await loadSidecarOf(path, readerFor(params));
  const { analysis } = lintDocument({ uri: path, text: draft.text, sidecar, registries: project.registries, settings: project.settings });
  const rows = analysis.mentions.map((mention) => {
    const start = analysis.lines.positionAt(mention.span.start);
    const record = analysis.catalog.entities.get(mention.entityId);
    return { id: mention.entityId, name: record?.entity.name ?? mention.entityId, kind: mention.kind, text: mention.matched, line: start.line + 1, column: start.character + 1 };
  });
  if (format === 'json') {
    params.stdout.write(JSON.stringify(rows, null, 2) + '\n');
    return EXIT.ok;
  }
  if (rows.length === 0) {
    params.stdout.write(sidecar ? 'No entity mentions.\n' : `No entity mentions (the draft has no sidecar ${relativePath(params.cwd, sidecarPathFor(path))}).\n`);
    return EXIT.ok;
  }
  const header = { id: 'ID', name: 'NAME', kind: 'KIND', text: 'TEXT', line: 'LINE', column: 'COL' };
  const table = [header, ...rows.map((row) => ({ ...row, line: String(row.line), column: String(row.column) }))];
  const keys = ['line', 'column', 'kind', 'id', 'text'] as const;
  const widths = keys.map((key) => Math.max(...table.map((row) => String(row[key]).length)));
  for (const row of table) params.stdout.write(keys.map((key, index) => String(row[key]).padEnd(widths[index])).join('  ').trimEnd() + '\n');
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(row.id, (counts.get(row.id) ?? 0) + 1);
  params.stdout.write(`\n${rows.length} mention${rows.length === 1 ? '' : 's'} of ${counts.size} entit${counts.size === 1 ? 'y' : 'ies'}.\n`);
  return EXIT.ok;
}

