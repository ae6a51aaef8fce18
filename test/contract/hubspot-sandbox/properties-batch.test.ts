/** Properties batch create through @hubspot/api-client: 201, 207 per-input errors, the 100-input cap, one counted call. */
import { Client } from '@hubspot/api-client';
import type { PropertyCreate } from '@hubspot/api-client/lib/codegen/crm/properties/index.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  startHubSpotSandbox,
  type RunningHubSpotSandbox,
} from '../../../connectors/hubspot/sandbox/index.ts';
import { tinyDataset } from '../../helpers/tiny-dataset.ts';

let sandbox: RunningHubSpotSandbox;
let client: Client;

const input = (name: string, extra: Record<string, unknown> = {}) =>
  ({
    name,
    label: name,
    type: 'number',
    fieldType: 'number',
    groupName: 'contactinformation',
    ...extra,
  }) as unknown as PropertyCreate;

beforeEach(async () => {
  sandbox = await startHubSpotSandbox({ dataset: tinyDataset({ people: 2 }) });
  client = new Client({
    accessToken: sandbox.accessToken,
    basePath: sandbox.baseUrl,
    numberOfApiCallRetries: 0,
  });
});
afterEach(() => sandbox.close());

describe('POST /crm/v3/properties/{objectType}/batch/create', () => {
  it('creates every input in one call (201, COMPLETE, results in input order)', async () => {
    sandbox.resetStats();
    const names = Array.from({ length: 100 }, (_, i) => `leadloop_f${i}`);
    const res = await client.crm.properties.batchApi.create('contacts', {
      inputs: names.map((n) => input(n)),
    });
    expect(res.status).toBe('COMPLETE');
    expect(res.results.map((p) => p.name)).toEqual(names);
    expect(res.results[0]).toMatchObject({
      type: 'number',
      hubspotDefined: false,
      groupName: 'contactinformation',
    });
    expect(res.startedAt).toBeInstanceOf(Date);
    expect(sandbox.stats().byEndpoint).toEqual({ 'properties.batch.create': 1 });
    const all = await client.crm.properties.coreApi.getAll('contacts');
    expect(all.results.filter((p) => p.name.startsWith('leadloop_f'))).toHaveLength(100);
  });

  it('answers 207 with one StandardError per failed input (existing name, invalid type); the rest are created', async () => {
    await client.crm.properties.coreApi.create('contacts', input('leadloop_score'));
    const res = await client.crm.properties.batchApi.create('contacts', {
      inputs: [input('leadloop_score'), input('leadloop_grade'), input('leadloop_bad', { type: 'nope' })],
    });
    expect(res.results.map((p) => p.name)).toEqual(['leadloop_grade']);
    expect('numErrors' in res ? res.numErrors : undefined).toBe(2);
    const errors = 'errors' in res ? (res.errors ?? []) : [];
    expect(errors.map((e) => [e.category, e.context])).toEqual([
      ['OBJECT_ALREADY_EXISTS', { name: ['leadloop_score'] }],
      ['VALIDATION_ERROR', { name: ['leadloop_bad'] }],
    ]);
    expect(errors[0]?.message).toContain('leadloop_score');
  });

  it('refuses more than 100 inputs with a 400 and creates nothing', async () => {
    const inputs = Array.from({ length: 101 }, (_, i) => input(`leadloop_x${i}`));
    await expect(client.crm.properties.batchApi.create('contacts', { inputs })).rejects.toMatchObject({
      code: 400,
      body: { category: 'VALIDATION_ERROR' },
    });
    const all = await client.crm.properties.coreApi.getAll('contacts');
    expect(all.results.some((p) => p.name.startsWith('leadloop_x'))).toBe(false);
  });
});
