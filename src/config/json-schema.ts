/** The editor-facing JSON Schema, generated from the same zod schemas that validate the config. */
import { z } from 'zod';
import { LeadloopConfig } from './schema.ts';

export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(LeadloopConfig, {
    io: 'input',
    unrepresentable: 'any',
    target: 'draft-2020-12',
  });
  return {
    ...schema,
    title: 'leadloop configuration',
    $id: 'https://github.com/leadloop/leadloop/config/leadloop.schema.json',
  };
}

export function configJsonSchemaText(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}
