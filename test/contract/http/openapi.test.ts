/**
 * The admin API's OpenAPI 3.1 document: generated from the zod schemas the handlers validate with,
 * checked in (config/openapi.json, `npm run schema`), served at /api/openapi.json, valid OpenAPI 3.1, and
 * naming every route the app mounts under /api.
 */
import { readFile } from 'node:fs/promises';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiText } from '../../../src/http/api-routes.ts';
import { createApp } from '../../../src/http/create-app.ts';
import { startTestServer, type TestServer } from './http-helpers.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t?.close();
});

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
  matchers?: ((path: string) => unknown)[];
}

/** `METHOD /path` of every route an Express router holds, with the prefix it is mounted under. */
function mountedRoutes(stack: readonly Layer[], prefix: string, out: string[] = []): string[] {
  for (const layer of stack) {
    if (layer.route) {
      for (const [method, on] of Object.entries(layer.route.methods))
        if (on && method !== '_all') out.push(`${method.toUpperCase()} ${prefix}${layer.route.path}`);
    } else if (layer.handle?.stack && layer.matchers?.some((m) => m('/api/x'))) {
      mountedRoutes(layer.handle.stack, '/api', out);
    }
  }
  return out;
}

describe('OpenAPI document', () => {
  it('is checked in as generated (run `npm run schema` when this fails)', async () => {
    const committed = await readFile(new URL('../../../config/openapi.json', import.meta.url), 'utf8');
    expect(committed).toBe(openApiText());
  });

  it('is valid OpenAPI 3.1', async () => {
    const result = await new Validator().validate(JSON.parse(openApiText()) as Record<string, unknown>);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('is served at /api/openapi.json without a token', async () => {
    const res = await fetch(`${t.url}/api/openapi.json`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(JSON.parse(openApiText()));
  });

  it('names every route mounted under /api, and no other', () => {
    const { app } = createApp({ runtime: t.runtime, configPath: t.configPath, logger: t.runtime.logger });
    const stack = (app as unknown as { router: { stack: Layer[] } }).router.stack;
    const mounted = mountedRoutes(stack, '')
      .filter((r) => r.includes(' /api/') && !r.endsWith('/api/openapi.json'))
      .sort();
    const doc = JSON.parse(openApiText()) as { paths: Record<string, Record<string, unknown>> };
    const described = Object.entries(doc.paths)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    expect(mounted.length).toBeGreaterThanOrEqual(9);
    expect(mounted).toEqual(described);
  });

  it('describes request bodies as the handlers validate them', () => {
    const doc = JSON.parse(openApiText()) as {
      paths: Record<
        string,
        Record<string, { requestBody?: { content: Record<string, { schema: unknown }> } }>
      >;
    };
    const sync = doc.paths['/api/sync']?.['post']?.requestBody?.content['application/json']?.schema;
    expect(sync).toMatchObject({
      type: 'object',
      additionalProperties: false,
      properties: { kind: { enum: ['incremental', 'full', 'rescore'] } },
    });
    const put = JSON.stringify(doc.paths['/api/mappings']?.['put']?.requestBody);
    expect(put).toContain('"hubspot"');
    expect(put).toContain('"two-way"');
  });
});
