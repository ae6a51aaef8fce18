/** Batch create/update/upsert/archive through @hubspot/api-client: 201/200 vs 207 multi-status, caps, types. */
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

describe('batch update', () => {
  it('resolves a 207 with numErrors and one StandardError per failed input', async () => {
    now = new Date('2026-03-02T08:00:00.000Z');
    const res = await client.crm.contacts.batchApi.update({
      inputs: [
        { id: '101', properties: { leadloop_score: '42' } },
        { id: '102', properties: { no_such_property: 'x' } },
        { id: '103', properties: { leadloop_score: 'abc' } },
        { id: '999', properties: { leadloop_score: '1' } },
        { id: '104', properties: { hs_lead_status: 'not-an-option' } },
      ],
    });
    expect(res.results.map((r) => r.id)).toEqual(['101']);
    expect(res.results[0]?.properties.leadloop_score).toBe('42');
    expect(res.results[0]?.updatedAt.toISOString()).toBe('2026-03-02T08:00:00.000Z');
    expect('numErrors' in res && res.numErrors).toBe(4);
    const errors = ('errors' in res ? res.errors : undefined) ?? [];
    expect(errors.map((e) => [e.category, e.context.ids])).toEqual([
      ['VALIDATION_ERROR', ['102']],
      ['VALIDATION_ERROR', ['103']],
      ['OBJECT_NOT_FOUND', ['999']],
      ['VALIDATION_ERROR', ['104']],
    ]);
    expect(errors[0]?.message).toContain('PROPERTY_DOESNT_EXIST');
    expect(errors[1]?.message).toContain('INVALID_INTEGER');
    expect(errors[3]?.message).toContain('INVALID_OPTION');
    expect(sandbox.store.getContact('102')?.updatedAt).not.toBe('2026-03-02T08:00:00.000Z');
  });

  it('returns 200 without errors when every input succeeds, and writing the same value changes nothing', async () => {
    now = new Date('2026-03-03T08:00:00.000Z');
    const res = await client.crm.contacts.batchApi.update({
      inputs: [{ id: '101', properties: { leadloop_score: '42' } }],
    });
    expect('numErrors' in res).toBe(false);
    expect(sandbox.store.getContact('101')?.properties.lastmodifieddate).toBe('2026-03-02T08:00:00.000Z');
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

  it('fails records injected by recordFailureRate individually', async () => {
    sandbox.setFaults({ recordFailureRate: 1, seed: 3 });
    const res = await client.crm.contacts.batchApi.update({
      inputs: [{ id: '105', properties: { leadloop_score: '7' } }],
    });
    sandbox.setFaults(null);
    expect('numErrors' in res && res.numErrors).toBe(1);
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
