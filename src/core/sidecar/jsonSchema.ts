/**
 * The JSON Schema of the sidecar, generated from the zod schema. Shipped as schemas/sources.schema.json (for the
 * YAML extension's completion and validation) and printed by `sourced schema`.
 */
import * as z from 'zod';
import { SidecarSchema } from './schema';

export const SIDECAR_SCHEMA_ID = 'https://sourced.invalid/schemas/sources.schema.json';

export function sidecarJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(SidecarSchema, { io: 'input', target: 'draft-7' }) as Record<string, unknown>;
  // JSON Schema validators in editors compile patterns without the `u` flag, where \p{…} is a syntax error;
  // replace the Unicode classes with an equivalent that every regex engine reads.
  const portable = JSON.parse(
    JSON.stringify(schema).replace(/\\\\p\{L\}\\\\p\{N\}/g, '\\\\w\\\\u00C0-\\\\uFFFF'),
  ) as Record<string, unknown>;
  return { $id: SIDECAR_SCHEMA_ID, title: 'Sourced sidecar (version 1)', ...portable };
}
