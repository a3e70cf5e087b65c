/**
 * `sourced` as a library function: `main(params)` parses the arguments, runs one command and resolves to the
 * exit code. bin.ts wires it to the real process; tests call it with an in-memory file system.
 */
import { PROJECT_CONFIG_FILE } from '../core/config';
import { RULES } from '../core/rules/index';
import { NETWORK_RULES } from '../core/rules/network';
import { COMMANDS } from './commands/index';
import type { Command, CommandOption } from './commands/command';
import { EXIT, UsageError, type ParsedArgs } from './context';
import type { CliParams } from './io';
import { VERSION } from './version';

export { EXIT, MAX_DRAFT_BYTES } from './context';

const GENERAL_OPTIONS: CommandOption[] = [
  { name: 'help', alias: 'h', description: 'Show this help' },
  { name: 'version', alias: 'v', description: 'Show the version' },
];

function optionNames(option: CommandOption): string {
  return `${option.alias ? `-${option.alias}, ` : ''}--${option.name}${option.value ? ` ${option.value}` : ''}`;
}

/** The description column: wide enough that the longest usage (`import FILE --into SIDECAR`) keeps two spaces before it. */
function helpColumnWidth(): number {
  const labels = [...COMMANDS.map((command) => command.usage), ...COMMANDS.flatMap((command) => command.options.map(optionNames))];
  return Math.max(26, ...labels.map((label) => label.length + 2));
}

function optionLine(option: CommandOption, width: number): string {
  return `  ${optionNames(option).padEnd(width)}${option.description}`;
}

function helpText(): string {
  const width = helpColumnWidth();
  const commands = COMMANDS.map((command) => `  ${command.usage.padEnd(width)}${command.summary}`).join('\n');
  const options = COMMANDS.filter((command) => command.options.length > 0)
    .map((command) => `Options for ${command.name}:\n${command.options.map((option) => optionLine(option, width)).join('\n')}`)
    .join('\n\n');
  return `Usage: sourced <command> [options]

Checks Markdown drafts against their sources: every citation resolves, claims still attach to their text,
and sentences that state checkable facts cite something.

Commands:
${commands}

${options}

General:
${GENERAL_OPTIONS.map((option) => optionLine(option, width)).join('\n')}

Exit codes:
  0  nothing at or above warning severity (or no more warnings than --max-warnings)
  1  findings: at least one error, or more warnings than allowed
  2  usage error, unreadable input or internal error

Rules (severities are set in ${PROJECT_CONFIG_FILE} under "rules:"):
${RULES.map((rule) => `  ${rule.id.padEnd(20)}${rule.description}`).join('\n')}
${NETWORK_RULES.map((rule) => `  ${rule.id.padEnd(20)}(check-links only) ${rule.description}`).join('\n')}
`;
}

/** Parses argv against the options of the command it names (the first argument that is not an option). */
function parseArgs(argv: readonly string[]): { args: ParsedArgs; command?: Command } {
  const args: ParsedArgs = { positional: [], options: new Map(), help: false, version: false };
  const commandName = argv.find((arg) => !arg.startsWith('-'));
  const command = COMMANDS.find((candidate) => candidate.name === commandName);
  const known = [...GENERAL_OPTIONS, ...(command?.options ?? [])];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      args.positional.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      if (args.command === undefined) args.command = arg;
      else args.positional.push(arg);
      continue;
    }
    const equals = arg.indexOf('=');
    const flag = arg.startsWith('--') && equals > 0 ? arg.slice(0, equals) : arg;
    const option = known.find((candidate) => flag === `--${candidate.name}` || (candidate.alias !== undefined && flag === `-${candidate.alias}`));
    if (!option) throw new UsageError(`unknown option ${arg}${command ? ` for ${command.name}` : ''}`);
    if (option.name === 'help') args.help = true;
    else if (option.name === 'version') args.version = true;
    else if (option.value === undefined) args.options.set(option.name, true);
    else {
      const value = equals > 0 && arg.startsWith('--') ? arg.slice(equals + 1) : argv[++i];
      if (value === undefined || (equals < 0 && value.startsWith('--'))) throw new UsageError(`--${option.name} needs a value`);
      args.options.set(option.name, value);
    }
  }
  return { args, command };
}

/** Runs the CLI; never throws: every failure becomes a message on stderr and exit code 2. */
export async function main(params: CliParams): Promise<number> {
  const { stdout, stderr } = params;
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs(params.argv);
  } catch (error) {
    stderr.write(`sourced: ${(error as Error).message}\nRun "sourced --help" for usage.\n`);
    return EXIT.usageOrInternal;
  }
  const { args, command } = parsed;
  if (args.version) {
    stdout.write(`${VERSION}\n`);
    return EXIT.ok;
  }
  if (args.help || args.command === undefined || args.command === 'help') {
    stdout.write(helpText());
    return args.command === undefined && !args.help ? EXIT.usageOrInternal : EXIT.ok;
  }
  if (!command) {
    stderr.write(`sourced: unknown command "${args.command}". Commands: ${COMMANDS.map((known) => known.name).join(', ')}.\n`);
    return EXIT.usageOrInternal;
  }
  try {
    return await command.run(params, args);
  } catch (error) {
    if (error instanceof UsageError) {
      stderr.write(`sourced: ${error.message}\n`);
      return EXIT.usageOrInternal;
    }
    // An internal error still gets one line, never a stack trace; SOURCED_DEBUG shows the stack for bug reports.
    const detail = error instanceof Error ? error.message : String(error);
    stderr.write(`sourced: internal error: ${detail}\n`);
    if (params.env?.SOURCED_DEBUG && error instanceof Error && error.stack) stderr.write(`${error.stack}\n`);
    return EXIT.usageOrInternal;
  }
}
