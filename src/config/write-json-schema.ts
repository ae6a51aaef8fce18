/** `npm run schema`: regenerates config/leadloop.schema.json (a test fails when it is stale). */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { configJsonSchemaText } from './json-schema.ts';

const target = fileURLToPath(new URL('../../config/leadloop.schema.json', import.meta.url));
await writeFile(target, configJsonSchemaText());
process.stdout.write(`wrote ${target}\n`);
