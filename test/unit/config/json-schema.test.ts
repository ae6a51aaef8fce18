import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { configJsonSchemaText } from '../../../src/config/json-schema.ts';

describe('config/leadloop.schema.json', () => {
  it('is generated from the current zod schemas (run `npm run schema` when this fails)', async () => {
    const committed = await readFile(
      new URL('../../../config/leadloop.schema.json', import.meta.url),
      'utf8',
    );
    expect(committed).toBe(configJsonSchemaText());
  });

  it('rejects unknown keys for editors too', () => {
    const schema = JSON.parse(configJsonSchemaText()) as { additionalProperties?: unknown };
    expect(schema.additionalProperties).toBe(false);
  });
});
