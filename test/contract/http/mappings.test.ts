/**
 * The mappings admin API: read the config file's fieldMappings, save only a valid set (whole-config zod
 * validation + type checks against both CRMs' describe), keep the file byte-identical when invalid and
 * keep its comments when valid; the live pair check, the dry-run preview and the label endpoints.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load.ts';
import { startTestServer, type TestServer } from './http-helpers.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t?.close();
});

type Mapping = Record<string, unknown>;
const getMappings = async (): Promise<Mapping[]> =>
  ((await (await t.admin('/api/mappings')).json()) as { fieldMappings: Mapping[] }).fieldMappings;

describe('mappings', () => {
  it('GET /api/mappings returns the fieldMappings as written in the file', async () => {
    const mappings = await getMappings();
    expect(mappings.length).toBeGreaterThan(3);
    expect(mappings[0]).toMatchObject({
      hubspot: 'firstname',
      salesforce: { lead: 'FirstName', contact: 'FirstName' },
    });
  });

  it('PUT with a schema error answers with paths and leaves the file byte-identical', async () => {
    const before = await t.readConfigText();
    const mappings = await getMappings();
    const bad = [
      ...mappings,
      { hubspot: 'website', salesforce: { lead: 'Website' }, rule: 'sometimes', colour: 'red' },
    ];
    const res = await t.admin('/api/mappings', { method: 'PUT', json: { fieldMappings: bad } });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: { path: string; message: string }[] };
    const i = mappings.length;
    expect(body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          path: `fieldMappings[${i}].rule`,
          message: expect.stringContaining('expected one of'),
        }),
        expect.objectContaining({
          path: `fieldMappings[${i}].colour`,
          message: expect.stringContaining('unknown key'),
        }),
      ]),
    );
    expect(await t.readConfigText()).toBe(before);
  });

  it('PUT with an impossible type answers with the field path and saves nothing', async () => {
    const before = await t.readConfigText();
    const mappings = await getMappings();
    const bad = [
      ...mappings,
      { hubspot: 'website', salesforce: { lead: 'AnnualRevenue' }, direction: 'to-salesforce' },
    ];
    const res = await t.admin('/api/mappings', { method: 'PUT', json: { fieldMappings: bad } });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: { path: string; level: string; message: string }[] };
    expect(body.errors).toContainEqual(
      expect.objectContaining({
        path: `fieldMappings[${mappings.length}].salesforce.lead`,
        level: 'error',
        message: expect.stringMatching(/coerce/),
      }),
    );
    expect(await t.readConfigText()).toBe(before);
  });

  it('PUT with a valid set writes the file, keeps its comments, and the result loads', async () => {
    const before = await t.readConfigText();
    const comments = before.split('\n').filter((l) => l.trim().startsWith('#') || / #/.test(l));
    expect(comments.length).toBeGreaterThan(10);
    const mappings = await getMappings();
    const added = {
      hubspot: 'website',
      salesforce: { lead: 'Website' },
      direction: 'to-hubspot',
      rule: 'prefer-salesforce-unless-blank',
    };
    const res = await t.admin('/api/mappings', {
      method: 'PUT',
      json: { fieldMappings: [...mappings, added] },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ saved: true });
    const after = await t.readConfigText();
    for (const line of comments) expect(after).toContain(line.trim());
    expect(await getMappings()).toEqual([...mappings, added]);
    expect(parseConfig(after, process.env, 'saved').fieldMappings.at(-1)).toMatchObject(added);
  });

  it('rejects unknown body keys and oversize bodies', async () => {
    expect(
      (await t.admin('/api/mappings', { method: 'PUT', json: { fieldMappings: [], extra: 1 } })).status,
    ).toBe(400);
    const huge = { fieldMappings: [{ hubspot: 'x'.repeat(300_000), salesforce: { lead: 'Title' } }] };
    expect((await t.admin('/api/mappings', { method: 'PUT', json: huge })).status).toBe(413);
  });

  it('POST /api/mappings/check reports compatibility and suggests picklist value maps', async () => {
    const typeError = await t.admin('/api/mappings/check', {
      method: 'POST',
      json: {
        hubspot: 'website',
        salesforce: { object: 'lead', field: 'AnnualRevenue' },
        direction: 'to-salesforce',
      },
    });
    expect(await typeError.json()).toMatchObject({
      level: 'error',
      message: expect.stringMatching(/coerce: number/),
    });
    const ok = await t.admin('/api/mappings/check', {
      method: 'POST',
      json: { hubspot: 'jobtitle', salesforce: { object: 'lead', field: 'Title' } },
    });
    expect(await ok.json()).toMatchObject({ level: 'ok' });
    const picklists = await t.admin('/api/mappings/check', {
      method: 'POST',
      json: {
        hubspot: 'hs_lead_status',
        salesforce: { object: 'lead', field: 'Status' },
        direction: 'to-salesforce',
      },
    });
    const body = (await picklists.json()) as {
      level: string;
      suggestion: { valueMap: Record<string, string>; unmatched: string[] };
    };
    expect(body.suggestion).toBeDefined();
    expect(Object.keys(body.suggestion.valueMap).length + body.suggestion.unmatched.length).toBeGreaterThan(
      0,
    );
    const unknown = await t.admin('/api/mappings/check', {
      method: 'POST',
      json: { hubspot: 'nope', salesforce: { object: 'lead', field: 'Title' } },
    });
    expect(unknown.status).toBe(400);
  });

  it('POST /api/mappings/preview asks for provisioning first on CRMs without leadloop fields', async () => {
    const res = await t.admin('/api/mappings/preview', { method: 'POST', json: { limit: 3 } });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ error: 'NOT_PROVISIONED' });
  });
});

describe('labels over HTTP', () => {
  it('GET /api/labels/plan then POST /api/labels/apply, after which the plan is empty', async () => {
    const plan = (await (await t.admin('/api/labels/plan')).json()) as {
      hubspot: unknown[];
      salesforce: unknown[];
    };
    expect(plan.hubspot.length + plan.salesforce.length).toBeGreaterThan(0);
    const applied = await t.admin('/api/labels/apply', { method: 'POST', json: {} });
    expect(applied.status).toBe(200);
    expect(await applied.json()).toMatchObject({ failed: 0 });
    expect(await (await t.admin('/api/labels/plan')).json()).toEqual({ hubspot: [], salesforce: [] });
  });
});

describe('preview after provisioning', () => {
  it('POST /api/mappings/preview samples what a dry run would write, and writes nothing', async () => {
    const res = await t.admin('/api/mappings/preview', { method: 'POST', json: { limit: 3 } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      planned: number;
      sample: { personId: string; writes: { crm: string; id: string; field: string; from: unknown }[] }[];
    };
    expect(body.planned).toBeGreaterThan(0);
    expect(body.sample.length).toBeGreaterThan(0);
    expect(body.sample.length).toBeLessThanOrEqual(3);
    expect(body.sample[0]?.writes[0]).toMatchObject({ crm: expect.any(String), field: expect.any(String) });
    // Nothing written: the sandbox still holds the old values of every sampled HubSpot write.
    const hubspotWrites = body.sample.flatMap((p) => p.writes).filter((w) => w.crm === 'hubspot');
    expect(hubspotWrites.length).toBeGreaterThan(0);
    for (const w of hubspotWrites)
      expect(t.sb.hubspot.store.getContact(w.id)?.properties[w.field] ?? null).toEqual(w.from ?? null);
    expect(await t.store.countDirty()).toBe(0);
  });
});
