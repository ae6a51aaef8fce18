/**
 * `npm run schema`: regenerates config/leadloop.schema.json (the config's JSON Schema, for editors) and
 * config/openapi.json (the admin API's OpenAPI 3.1 document). A test fails when either is stale.
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { openApiText } from '../http/api-routes.ts';
import { configJsonSchemaText } from './json-schema.ts';

for (const [name, text] of [
  ['leadloop.schema.json', configJsonSchemaText()],
  ['openapi.json', openApiText()],
] as const) {
  const target = fileURLToPath(new URL(`../../config/${name}`, import.meta.url));
  await writeFile(target, text);
  process.stdout.write(`wrote ${target}\n`);
}
