/** The shape of one `sourced` command: what --help says about it and how it runs. */
import type { ParsedArgs } from '../context';
import type { CliParams } from '../io';

export interface CommandOption {
  /** Long name without dashes: `format` is `--format`. */
  name: string;
  /** One-letter alias without the dash. */
  alias?: string;
  /** Placeholder of the option's value (`NAME`, `FILE`); absent for flags. */
  value?: string;
  description: string;
}

export interface Command {
  name: string;
  /** The command with its arguments, as --help shows it: `lint [paths or globs…]`. */
  usage: string;
  summary: string;
  options: CommandOption[];
  /** Resolves to the exit code; may throw UsageError for a one-line usage message. */
  run(params: CliParams, args: ParsedArgs): Promise<number>;
}
