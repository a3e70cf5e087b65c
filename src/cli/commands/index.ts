/**
 * Every command of `sourced`, in the order --help lists them. A new command is a module in this folder and
 * one line here.
 */
import type { Command } from './command';
import { entitiesCommand } from './entities';
import { initCommand } from './init';
import { lintCommand } from './lint';
import { schemaCommand } from './schema';

export const COMMANDS: readonly Command[] = [lintCommand, entitiesCommand, initCommand, schemaCommand];
