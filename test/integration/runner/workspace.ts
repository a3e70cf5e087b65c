/**
 * The workspace the tests open: a fresh copy of examples/ for every run, because tests edit files and the
 * fixtures in the repository must never change. Until examples/ holds a draft, a small generated one stands in.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/** Where a prepared workspace came from. */
export type WorkspaceOrigin = 'examples' | 'generated';

/** The draft and sidecar written when examples/ has no draft yet, so the suite can still exercise the extension. */
const GENERATED_FILES: Readonly<Record<string, string>> = {
  'cargo.md': [
    '# A cargo flight without cargo',
    '',
    'Three days after the prosecutor Marcelo Pecci was shot dead in Colombia, a Boeing 747 of the Venezuelan',
    'airline Emtrasur landed in Ciudad del Este [@fdd-2022].',
    '',
    'The aircraft carried no freight, and seven of its eighteen crew members were Iranian.',
    '',
  ].join('\n'),
  'cargo.sources.yaml': [
    'version: 1',
    'sources:',
    '  fdd-2022:',
    '    title: Mystery Cargo',
    '    publisher: Foundation for Defense of Democracies',
    '    date: "2022-07-06"',
    'entities:',
    '  pecci:',
    '    name: Marcelo Pecci',
    '    kind: person',
    '  emtrasur:',
    '    name: Emtrasur',
    '    kind: organization',
    '  ciudad-del-este:',
    '    name: Ciudad del Este',
    '    kind: place',
    '  boeing-747:',
    '    name: Boeing 747',
    '    kind: vehicle',
    'claims:',
    '  - text: seven of its eighteen crew members were Iranian',
    '    sources: [fdd-2022]',
    '',
  ].join('\n'),
};

async function containsDraft(folder: string): Promise<boolean> {
  try {
    const entries = await fs.readdir(folder, { recursive: true });
    return entries.some((entry) => entry.endsWith('.md'));
  } catch {
    return false;
  }
}

/**
 * Copies `examples/` (or writes the generated stand-in) into `target`, which must not exist yet, and says
 * which one it used.
 */
export async function prepareWorkspace(repoRoot: string, target: string): Promise<WorkspaceOrigin> {
  const examples = path.join(repoRoot, 'examples');
  if (await containsDraft(examples)) {
    await fs.cp(examples, target, {
      recursive: true,
      errorOnExist: true,
      filter: (source) => !source.split(path.sep).includes('node_modules'),
    });
    return 'examples';
  }
  await fs.mkdir(target, { recursive: true });
  for (const [name, content] of Object.entries(GENERATED_FILES)) await fs.writeFile(path.join(target, name), content);
  return 'generated';
}
