import { sidecarJsonSchema } from '../../core/sidecar/jsonSchema';
import { EXIT } from '../context';
import type { Command } from './command';

export const schemaCommand: Command = {
  name: 'schema',
  usage: 'schema',
  summary: 'Print the JSON Schema of the sidecar format',
  options: [],
  run: async (params) => {
    params.stdout.write(JSON.stringify(sidecarJsonSchema(), null, 2) + '\n');
    return EXIT.ok;
  },
};
