/**
 * Values sent to the mappings API are literals. A `${NAME}` in a submitted mapping is refused with its path
 * (it used to be expanded from the server's environment, so an enum error echoed the HubSpot token and a
 * saved value map wrote it into CRM records), and errors never echo more than a masked preview of a value.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './http-helpers.ts';

const SECRET = 'pat-na1-0b5e7c1d-THE-REAL-HUBSPOT-TOKEN';
let t: TestServer;
let saved: string | undefined;
beforeAll(async () => {
  saved = process.env['HUBSPOT_TOKEN'];
  process.env['HUBSPOT_TOKEN'] = SECRET;
  t = await startTestServer();
});
afterAll(async () => {
  if (saved === undefined) delete process.env['HUBSPOT_TOKEN'];
  else process.env['HUBSPOT_TOKEN'] = saved;
  await t?.close();
});

type Mapping = Record<string, unknown>;
const getMappings = async (): Promise<Mapping[]> =>
  ((await (await t.admin('/api/mappings')).json()) as { fieldMappings: Mapping[] }).fieldMappings;

const withReferences = (mappings: Mapping[]): Mapping[] => [
  ...mappings,
  {
    hubspot: 'hs_lead_status',
    salesforce: { lead: 'Status' },
    direction: 'to-salesforce',
    rule: '${HUBSPOT_TOKEN}',
    valueMap: { NEW: '${HUBSPOT_TOKEN}', ['${HUBSPOT_TOKEN}']: 'Open' },
  },
];

describe('values sent to the mappings API are literals', () => {
  it('PUT refuses ${...} with a 400 naming each path, echoes no secret and saves nothing', async () => {
    const before = await t.readConfigText();
    const mappings = await getMappings();
    const res = await t.admin('/api/mappings', {
      method: 'PUT',
      json: { fieldMappings: withReferences(mappings) },
    });
    const text = await res.text();
    expect(res.status).toBe(400);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(SECRET.slice(8, 20));
    const i = mappings.length;
    const paths = (JSON.parse(text) as { errors: { path: string; message: string }[] }).errors.map(
      (e) => e.path,
    );
    expect(paths).toEqual([
      `fieldMappings[${i}].rule`,
      `fieldMappings[${i}].valueMap.NEW`,
      `fieldMappings[${i}].valueMap.\${HUBSPOT_TOKEN}`,
    ]);
    expect(text).toContain('taken literally');
    expect(await t.readConfigText()).toBe(before);
  });

  it('POST /api/mappings/preview refuses ${...} the same way', async () => {
    const res = await t.admin('/api/mappings/preview', {
      method: 'POST',
      json: { fieldMappings: withReferences(await getMappings()), limit: 3 },
    });
    const text = await res.text();
    expect(res.status).toBe(400);
    expect(text).not.toContain(SECRET);
    expect(text).toContain('taken literally');
  });

  it('shows a submitted value only as a short masked preview in errors', async () => {
    const long = 'two-way-please-and-also-something-else-entirely';
    const res = await t.admin('/api/mappings', {
      method: 'PUT',
      json: { fieldMappings: [{ hubspot: 'website', salesforce: { lead: 'Website' }, rule: long }] },
    });
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).not.toContain(long.slice(0, 8));
    expect(text).toContain(`got \\"tw…\\" (${long.length} characters)`);
  });

  it('masks submitted values in any request body error', async () => {
    const res = await t.admin('/api/mappings/check', {
      method: 'POST',
      json: { hubspot: 'website', salesforce: { object: 'lead', field: 'Website' }, rule: SECRET },
    });
    expect(res.status).toBe(400);
    expect(await res.text()).not.toContain(SECRET.slice(0, 10));
  });
});
