/** Properties v3 through @hubspot/api-client: read, create (201/409), label and option updates, groups, admin renames. */
import { Client } from '@hubspot/api-client';
import type { PropertyCreate } from '@hubspot/api-client/lib/codegen/crm/properties/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startHubSpotSandbox,
  type RunningHubSpotSandbox,
} from '../../../connectors/hubspot/sandbox/index.ts';
import { tinyDataset } from '../../helpers/tiny-dataset.ts';

let sandbox: RunningHubSpotSandbox;
let client: Client;

const STAGE_FIELD = {
  name: 'leadloop_stage',
  label: 'leadloop stage',
  type: 'enumeration',
  fieldType: 'select',
  groupName: 'sales_properties',
  options: [
    { label: 'Marketing Lead', value: 'MIL', hidden: false, displayOrder: 0 },
    { label: 'Marketing Qualified', value: 'MQL', hidden: false, displayOrder: 1 },
  ],
} as unknown as PropertyCreate;

beforeAll(async () => {
  sandbox = await startHubSpotSandbox({ dataset: tinyDataset({ people: 3 }) });
  client = new Client({
    accessToken: sandbox.accessToken,
    basePath: sandbox.baseUrl,
    numberOfApiCallRetries: 0,
  });
});
afterAll(() => sandbox.close());

describe('properties', () => {
  it('reads standard properties with labels, types and options', async () => {
    const all = await client.crm.properties.coreApi.getAll('contacts');
    const byName = new Map(all.results.map((p) => [p.name, p]));
    expect(byName.get('lifecyclestage')).toMatchObject({
      label: 'Lifecycle Stage',
      type: 'enumeration',
      fieldType: 'radio',
      hubspotDefined: true,
    });
    expect(byName.get('lifecyclestage')?.options.map((o) => o.value)).toContain('marketingqualifiedlead');
    expect(byName.get('hs_object_id')?.modificationMetadata).toMatchObject({
      readOnlyValue: true,
      readOnlyDefinition: true,
    });
    const one = await client.crm.properties.coreApi.getByName('contacts', 'hs_lead_status');
    expect(one.options.find((o) => o.value === 'OPEN')?.label).toBe('Open');
  });

  it('creates a custom property (201) and refuses a duplicate (409)', async () => {
    const created = await client.crm.properties.coreApi.create('contacts', STAGE_FIELD);
    expect(created).toMatchObject({
      name: 'leadloop_stage',
      hubspotDefined: false,
      modificationMetadata: { readOnlyDefinition: false },
    });
    await expect(client.crm.properties.coreApi.create('contacts', STAGE_FIELD)).rejects.toMatchObject({
      code: 409,
    });
  });

  it('renames custom labels and option labels while keeping option values', async () => {
    const updated = await client.crm.properties.coreApi.update('contacts', 'leadloop_stage', {
      label: 'Lead stage',
      options: [
        { label: 'Marketing Interested Lead', value: 'MIL', hidden: false, displayOrder: 0 },
        { label: 'MQL', value: 'MQL', hidden: false, displayOrder: 1 },
      ],
    });
    expect(updated.label).toBe('Lead stage');
    expect(updated.options.map((o) => `${o.value}=${o.label}`)).toEqual([
      'MIL=Marketing Interested Lead',
      'MQL=MQL',
    ]);
    const res = await client.crm.contacts.batchApi.update({
      inputs: [{ id: '101', properties: { leadloop_stage: 'MQL' } }],
    });
    expect(res.results[0]?.properties.leadloop_stage).toBe('MQL');
  });

  it('refuses label changes on HubSpot-defined properties but accepts their option labels', async () => {
    await expect(
      client.crm.properties.coreApi.update('contacts', 'lifecyclestage', { label: 'Stage' }),
    ).rejects.toMatchObject({
      code: 400,
      body: { category: 'VALIDATION_ERROR' },
    });
    const current = await client.crm.properties.coreApi.getByName('contacts', 'hs_lead_status');
    const options = current.options.map((o) => (o.value === 'NEW' ? { ...o, label: 'Brand new' } : o));
    const updated = await client.crm.properties.coreApi.update('contacts', 'hs_lead_status', { options });
    expect(updated.options.find((o) => o.value === 'NEW')?.label).toBe('Brand new');
  });

  it('shows a label an admin renamed by hand', async () => {
    sandbox.store.setPropertyLabel('jobtitle', 'Role');
    expect((await client.crm.properties.coreApi.getByName('contacts', 'jobtitle')).label).toBe('Role');
    expect(sandbox.store.listProperties().find((p) => p.name === 'jobtitle')?.label).toBe('Role');
  });

  it('lists and creates property groups', async () => {
    const created = await client.crm.properties.groupsApi.create('contacts', {
      name: 'leadloop',
      label: 'leadloop',
      displayOrder: 5,
    });
    expect(created).toMatchObject({ name: 'leadloop', label: 'leadloop', archived: false });
    const groups = await client.crm.properties.groupsApi.getAll('contacts');
    expect(groups.results.map((g) => g.name)).toEqual(
      expect.arrayContaining(['contactinformation', 'leadloop']),
    );
  });
});
