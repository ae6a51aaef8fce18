/** Contacts list/get/batch read through @hubspot/api-client, and the call counts the sandbox reports. */
import { Client } from '@hubspot/api-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startHubSpotSandbox,
  type RunningHubSpotSandbox,
} from '../../../connectors/hubspot/sandbox/index.ts';
import { tinyDataset } from '../../helpers/tiny-dataset.ts';

let sandbox: RunningHubSpotSandbox;
let client: Client;

beforeAll(async () => {
  sandbox = await startHubSpotSandbox({ dataset: tinyDataset({ people: 250, activitiesPerPerson: 5 }) });
  client = new Client({
    accessToken: sandbox.accessToken,
    basePath: sandbox.baseUrl,
    numberOfApiCallRetries: 0,
  });
});
afterAll(() => sandbox.close());

describe('contacts list', () => {
  it('pages to the end with getAll in ⌈N/100⌉ calls, counted by the sandbox', async () => {
    sandbox.resetStats();
    const all = await client.crm.contacts.getAll(100, undefined, ['email', 'hs_analytics_num_page_views']);
    expect(all).toHaveLength(250);
    expect(new Set(all.map((c) => c.id)).size).toBe(250);
    expect(all[0]?.properties).toMatchObject({
      email: 'person-0@example.com',
      hs_analytics_num_page_views: '1',
      hs_object_id: all[0]?.id,
    });
    expect(sandbox.stats()).toMatchObject({
      totalCalls: 3,
      byEndpoint: { 'contacts.list': 3 },
      errors4xx: 0,
    });
  });

  it('defaults to 10 per page, omits paging on the last page and rejects limit > 100', async () => {
    const first = await client.crm.contacts.basicApi.getPage();
    expect(first.results).toHaveLength(10);
    expect(first.paging?.next?.after).toBeTruthy();
    const all = await client.crm.contacts.basicApi.getPage(100, undefined);
    const last = await client.crm.contacts.basicApi.getPage(
      100,
      (await client.crm.contacts.basicApi.getPage(100, all.paging?.next?.after)).paging?.next?.after,
    );
    expect(last.results).toHaveLength(50);
    expect(last.paging).toBeUndefined();
    await expect(client.crm.contacts.basicApi.getPage(101)).rejects.toMatchObject({
      code: 400,
      body: { category: 'VALIDATION_ERROR' },
    });
  });

  it('gets by id and by email idProperty, with system properties and ISO dates', async () => {
    const byEmail = await client.crm.contacts.basicApi.getById(
      'PERSON-7@example.com',
      ['firstname', 'numberofemployees'],
      undefined,
      undefined,
      false,
      'email',
    );
    expect(byEmail.properties).toMatchObject({ firstname: 'First7', numberofemployees: '100-500' });
    expect(byEmail.createdAt).toBeInstanceOf(Date);
    const byId = await client.crm.contacts.basicApi.getById(byEmail.id);
    expect(Object.keys(byId.properties).sort()).toEqual([
      'createdate',
      'email',
      'firstname',
      'hs_object_id',
      'lastmodifieddate',
      'lastname',
    ]);
    await expect(client.crm.contacts.basicApi.getById('999999')).rejects.toMatchObject({ code: 404 });
  });

  it('batch read answers 207 with OBJECT_NOT_FOUND for missing ids', async () => {
    const res = await client.crm.contacts.batchApi.read({
      inputs: [{ id: '101' }, { id: '5' }],
      properties: ['email'],
      propertiesWithHistory: [],
    });
    expect(res.results.map((r) => r.id)).toEqual(['101']);
    expect(res).toMatchObject({
      numErrors: 1,
      errors: [{ category: 'OBJECT_NOT_FOUND', context: { ids: ['5'] } }],
    });
  });

  it('answers 401 with INVALID_AUTHENTICATION for a wrong token and counts it', async () => {
    sandbox.resetStats();
    const res = await fetch(`${sandbox.baseUrl}/crm/v3/objects/contacts`, {
      headers: { Authorization: 'Bearer nope' },
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toBe('application/json;charset=utf-8');
    expect(await res.json()).toMatchObject({ status: 'error', category: 'INVALID_AUTHENTICATION' });
    await fetch(`${sandbox.baseUrl}/__sandbox/stats`);
    expect(sandbox.stats()).toMatchObject({ totalCalls: 1, errors4xx: 1 });
  });

  it('exposes stats over HTTP without counting the admin call', async () => {
    sandbox.resetStats();
    await client.crm.contacts.basicApi.getPage(5);
    const res = await fetch(`${sandbox.baseUrl}/__sandbox/stats`);
    expect(await res.json()).toMatchObject({ totalCalls: 1, byEndpoint: { 'contacts.list': 1 } });
  });
});
