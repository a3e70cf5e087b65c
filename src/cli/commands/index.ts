/**
 * Every command of `sourced`, in the order --help lists them. A new command is a module in this folder and
 * one line here.
 */
import { checkLinksCommand } from './checkLinks';
import type { Command } from './command';
import { entitiesCommand } from './entities';
import { exportCommand } from './export';
import { importCommand } from './import';
import { initCommand } from './init';
import { lintCommand } from './lint';
import { reportCommand } from './report';
import { schemaCommand } from './schema';

export const COMMANDS: readonly Command[] = [lintCommand, entitiesCommand, initCommand, importCommand, exportCommand, schemaCommand, reportCommand, checkLinksCommand];
