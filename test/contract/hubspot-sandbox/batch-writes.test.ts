/**
 * Batch create/update/upsert/archive through @hubspot/api-client: 207 multi-status for traced creates only,
 * all-or-nothing 400/409 elsewhere, value validation, caps, idProperty.
 */
import { Client } from '@hubspot/api-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startHubSpotSandbox,
  type RunningHubSpotSandbox,
} from '../../../connectors/hubspot/sandbox/index.ts';
import { tinyDataset } from '../../helpers/tiny-dataset.ts';

let sandbox: RunningHubSpotSandbox;
let client: Client;
let now = new Date('2026-03-01T12:00:00.000Z');

beforeAll(async () => {
  sandbox = await startHubSpotSandbox({ dataset: tinyDataset({ people: 10 }), clock: () => now });
  client = new Client({
    accessToken: sandbox.accessToken,
    basePath: sandbox.baseUrl,
    numberOfApiCallRetries: 0,
  });
  await client.crm.properties.coreApi.create('contacts', {
    name: 'leadloop_score',
    label: 'leadloop score',
    type: 'number',
    fieldType: 'number',
    groupName: 'contactinformation',
  } as never);
  await client.crm.properties.coreApi.create('contacts', {
    name: 'external_key',
    label: 'External key',
    type: 'string',
    fieldType: 'text',
    groupName: 'contactinformation',
    hasUniqueValue: true,
  } as never);
});
afterAll(() => sandbox.close());

/** The error body of a refused call, as @hubspot/api-client throws it (`code`, parsed `body`). */
async function refusal(call: Promise<unknown>): Promise<{ code: number; body: Record<string, unknown> }> {
  try {
    await call;
  } catch (err) {
    return err as { code: number; body: Record<string, unknown> };
  }
  throw new Error('the call was not refused');
}

describe('batch update', () => {
  it('answers 400 for a batch with one bad email, naming the input and the property, and writes nothing', async () => {
    now = new Date('2026-03-02T07:00:00.000Z');
    const before = sandbox.store.getContact('101')?.properties.lastmodifieddate;
    const err = await refusal(
      client.crm.contacts.batchApi.update({
        inputs: [
          { id: '101', properties: { leadloop_score: '41' } },
          { id: '102', properties: { email: 'ann@example' } },
        ],
      }),
    );
    expect(err.code).toBe(400);
    expect(err.body).toMatchObject({
      status: 'error',
      category: 'VALIDATION_ERROR',
      correlationId: expect.any(String),
      errors: [{ code: 'INVALID_EMAIL', in: 'email', context: { propertyName: ['email'], ids: ['102'] } }],
    });
    expect(err.body.message).toContain('"error":"INVALID_EMAIL"');
    expect(sandbox.store.getContact('101')?.properties.leadloop_score).not.toBe('41');
    expect(sandbox.store.getContact('101')?.properties.lastmodifieddate).toBe(before);
  });

  it('lists every refused input of the batch in errors[]', async () => {
    const err = await refusal(
      client.crm.contacts.batchApi.update({
        inputs: [
          { id: '101', properties: { leadloop_score: '42' } },
          { id: '102', properties: { no_such_property: 'x' } },
          { id: '103', properties: { leadloop_score: 'abc' } },
          { id: '104', properties: { hs_lead_status: 'not-an-option' } },
        ],
      }),
    );
    expect(err.code).toBe(400);
    const errors = err.body.errors as Array<{ code: string; context: { ids: string[] } }>;
    expect(errors.map((e) => [e.code, e.context.ids])).toEqual([
      ['PROPERTY_DOESNT_EXIST', ['102']],
      ['INVALID_INTEGER', ['103']],
      ['INVALID_OPTION', ['104']],
    ]);
    expect(err.body.message).toContain('PROPERTY_DOESNT_EXIST');
  });

  it.each([
    ['email', "o'brien+leads@mail.example.co.uk", true],
    ['email', 'user@email.삼성', true],
    ['email', '"quoted name"@example.com', false],
    ['email', 'ann@example', false],
    ['email', 'ann@example.c', false],
    ['email', 'ann@example.123', false],
    ['email', 'ann smith@example.com', false],
    ['email', 'ann@@example.com', false],
    ['leadloop_score', '12.5', true],
    ['leadloop_score', '1e3', false],
    ['leadloop_score', '0x10', false],
    ['hs_lead_status', 'OPEN', true],
    ['hs_lead_status', 'open', false],
    ['firstname', 'x'.repeat(65_536), true], // 65,536 characters
    ['firstname', 'x'.repeat(65_537), false], // one over
  ])('validates %s = %.40s (accepted: %s)', async (name, value, accepted) => {
    const call = client.crm.contacts.batchApi.update({
      inputs: [{ id: '107', properties: { [name]: value } }],
    });
    if (accepted) await expect(call).resolves.toMatchObject({ status: 'COMPLETE' });
    else await expect(call).rejects.toMatchObject({ code: 400, body: { category: 'VALIDATION_ERROR' } });
  });

  it('takes dates as epoch ms at midnight or YYYY-MM-DD, datetimes as ISO 8601, nothing looser', async () => {
    for (const [name, type] of [
      ['leadloop_day', 'date'],
      ['leadloop_at', 'datetime'],
    ] as const) {
      await client.crm.properties.coreApi.create('contacts', {
        name,
        label: name,
        type,
        fieldType: 'date',
        groupName: 'contactinformation',
      } as never);
    }
    const update = (properties: Record<string, string>) =>
      client.crm.contacts.batchApi.update({ inputs: [{ id: '108', properties }] });
    await update({ leadloop_day: '2026-03-01', leadloop_at: '2026-03-01T05:30:00Z' });
    await update({
      leadloop_day: String(Date.UTC(2026, 2, 2)),
      leadloop_at: String(Date.UTC(2026, 2, 2, 5)),
    });
    expect(sandbox.store.getContact('108')?.properties).toMatchObject({
      leadloop_day: '2026-03-02',
      leadloop_at: '2026-03-02T05:00:00.000Z',
    });
    const refused: Record<string, string>[] = [
      { leadloop_day: '2026-03-01T05:00:00Z' },
      { leadloop_day: 'March 1, 2026' },
      { leadloop_at: 'Sun, 01 Mar 2026 05:00:00 GMT' },
    ];
    for (const properties of refused) {
      await expect(update(properties)).rejects.toMatchObject({
        code: 400,
        body: { errors: [{ code: 'INVALID_DATE' }] },
      });
    }
  });

  it('returns 200 without errors when every input succeeds, and writing the same value changes nothing', async () => {
    now = new Date('2026-03-02T08:00:00.000Z');
    await client.crm.contacts.batchApi.update({
      inputs: [{ id: '101', properties: { leadloop_score: '42' } }],
    });
    now = new Date('2026-03-03T08:00:00.000Z');
    const res = await client.crm.contacts.batchApi.update({
      inputs: [{ id: '101', properties: { leadloop_score: '42' } }],
    });
    expect('numErrors' in res).toBe(false);
    expect(sandbox.store.getContact('101')?.properties.lastmodifieddate).toBe('2026-03-02T08:00:00.000Z');
  });

  it('answers an id the portal does not hold on its own (OBJECT_NOT_FOUND) and writes the rest', async () => {
    const res = await client.crm.contacts.batchApi.update({
      inputs: [
        { id: '101', properties: { leadloop_score: '43' } },
        { id: '999', properties: { leadloop_score: '1' } },
      ],
    });
    expect(res.results.map((r) => r.id)).toEqual(['101']);
    expect(res).toMatchObject({
      numErrors: 1,
      errors: [{ category: 'OBJECT_NOT_FOUND', context: { ids: ['999'] } }],
    });
  });

  it('refuses idProperty email on update (upsert takes it) and hs_object_id on both', async () => {
    const byEmail = await refusal(
      client.crm.contacts.batchApi.update({
        inputs: [{ id: 'person-3@example.com', idProperty: 'email', properties: { leadloop_score: '3' } }],
      }),
    );
    expect(byEmail).toMatchObject({ code: 400, body: { category: 'VALIDATION_ERROR' } });
    expect(byEmail.body.message).toMatch(
      /^Unable to perform update\/upsert by non-unique 0-1 property email/,
    );
    await expect(
      client.crm.contacts.batchApi.update({
        inputs: [{ id: '103', idProperty: 'hs_object_id', properties: { leadloop_score: '3' } }],
      }),
    ).rejects.toMatchObject({ code: 400 });
    const upsert = await client.crm.contacts.batchApi.upsert({
      inputs: [{ id: 'person-3@example.com', idProperty: 'email', properties: { leadloop_score: '3' } }],
    });
    expect(upsert.results.map((r) => [r.id, r._new])).toEqual([
      [sandbox.store.findContactByEmail('person-3@example.com')?.id, false],
    ]);
  });

  it('rejects more than 100 inputs and duplicate ids with a 400', async () => {
    const inputs = Array.from({ length: 101 }, (_, i) => ({
      id: String(101 + i),
      properties: { leadloop_score: '1' },
    }));
    await expect(client.crm.contacts.batchApi.update({ inputs })).rejects.toMatchObject({
      code: 400,
      body: { category: 'VALIDATION_ERROR' },
    });
    const dup = [
      { id: '101', properties: {} },
      { id: '101', properties: {} },
    ];
    await expect(client.crm.contacts.batchApi.update({ inputs: dup })).rejects.toMatchObject({ code: 400 });
  });

  it('fails the whole batch on a record failure injected by recordFailureRate', async () => {
    sandbox.setFaults({ recordFailureRate: 1, seed: 3 });
    try {
      await expect(
        client.crm.contacts.batchApi.update({ inputs: [{ id: '105', properties: { leadloop_score: '7' } }] }),
      ).rejects.toMatchObject({ code: 400 });
    } finally {
      sandbox.setFaults(null);
    }
  });
});

describe('batch create, upsert and archive', () => {
  it('creates with 201, refuses a duplicate email per record, and keeps emails lower-case', async () => {
    const res = await client.crm.contacts.batchApi.create({
      inputs: [
        {
          properties: { email: 'New.Person@Example.com', firstname: 'New' },
          associations: [],
          objectWriteTraceId: 't1',
        },
        { properties: { email: 'person-1@example.com' }, associations: [], objectWriteTraceId: 't2' },
      ],
    } as never);
    expect(res.results).toHaveLength(1);
    expect(res.results[0]?.properties.email).toBe('new.person@example.com');
    expect(res).toMatchObject({
      numErrors: 1,
      errors: [{ category: 'CONFLICT', context: { objectWriteTraceId: ['t2'] } }],
    });
  });

  it('answers an untraced create, and an upsert, with one taken email 409 for the whole batch', async () => {
    const create = await refusal(
      client.crm.contacts.batchApi.create({
        inputs: [
          { properties: { email: 'untraced@example.com' }, associations: [] },
          { properties: { email: 'person-2@example.com' }, associations: [] },
        ],
      }),
    );
    expect(create).toMatchObject({ code: 409, body: { category: 'CONFLICT' } });
    expect(create.body.message).toMatch(/^Contact already exists\. Existing ID: \d+$/);
    expect(sandbox.store.findContactByEmail('untraced@example.com')).toBeUndefined();
    await expect(
      client.crm.contacts.batchApi.upsert({
        inputs: [{ id: 'K-X', idProperty: 'external_key', properties: { email: 'person-2@example.com' } }],
      }),
    ).rejects.toMatchObject({ code: 409 });
  });

  it('upserts by a unique custom property and flags new records', async () => {
    await client.crm.contacts.batchApi.update({
      inputs: [{ id: '106', properties: { external_key: 'K-106' } }],
    });
    const res = await client.crm.contacts.batchApi.upsert({
      inputs: [
        { id: 'K-106', idProperty: 'external_key', properties: { firstname: 'Updated' } },
        {
          id: 'K-NEW',
          idProperty: 'external_key',
          properties: { firstname: 'Fresh', email: 'fresh@example.com' },
        },
      ],
    });
    const byKey = Object.fromEntries(res.results.map((r) => [r.properties.firstname, r._new]));
    expect(byKey).toEqual({ Updated: false, Fresh: true });
    expect(sandbox.store.findContactByEmail('fresh@example.com')?.properties.external_key).toBe('K-NEW');
    const bad = await refusal(
      client.crm.contacts.batchApi.upsert({
        inputs: [
          { id: 'K-106', idProperty: 'external_key', properties: { firstname: 'Again' } },
          { id: 'K-BAD', idProperty: 'external_key', properties: { email: 'bad@' } },
        ],
      }),
    );
    expect(bad).toMatchObject({ code: 400, body: { errors: [{ code: 'INVALID_EMAIL' }] } });
    expect(sandbox.store.findContactByEmail('fresh@example.com')).toBeDefined();
    expect(sandbox.store.getContact('106')?.properties.firstname).toBe('Updated');
    await expect(
      client.crm.contacts.batchApi.upsert({ inputs: [{ id: 'x', idProperty: 'firstname', properties: {} }] }),
    ).rejects.toMatchObject({ code: 400 });
  });

  it('archives with 204 and hides archived contacts from list and get', async () => {
    await client.crm.contacts.batchApi.archive({ inputs: [{ id: '110' }] });
    await expect(client.crm.contacts.basicApi.getById('110')).rejects.toMatchObject({ code: 404 });
    const archived = await client.crm.contacts.basicApi.getPage(
      100,
      undefined,
      undefined,
      undefined,
      undefined,
      true,
    );
    expect(archived.results.map((r) => r.id)).toEqual(['110']);
    expect(archived.results[0]?.archived).toBe(true);
  });
});
