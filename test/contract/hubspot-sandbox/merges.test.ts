/**
 * Contact merges and GDPR deletes through @hubspot/api-client (`basicApi.merge`, `basicApi.purge`), as the
 * sandbox README records them: the primary survives with `hs_merged_object_ids`, the merged-away id reads
 * as the primary and leaves lists, search and the archive; a GDPR-deleted contact is gone everywhere.
 */
import { Client } from '@hubspot/api-client';
import { FilterOperatorEnum } from '@hubspot/api-client/lib/codegen/crm/contacts/index.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  startHubSpotSandbox,
  type RunningHubSpotSandbox,
} from '../../../connectors/hubspot/sandbox/index.ts';
import { tinyDataset, tinyPerson } from '../../helpers/tiny-dataset.ts';

let sandbox: RunningHubSpotSandbox;
let client: Client;

beforeEach(async () => {
  const dataset = tinyDataset({ people: 4, activitiesPerPerson: 5 });
  // person-3 is further down the funnel and has a phone the primary lacks.
  dataset.people[3] = tinyPerson(3, { phone: '+49 30 1234567' });
  const third = dataset.people[3];
  if (third?.hubspot) third.hubspot = { ...third.hubspot, lifecyclestage: 'customer' };
  sandbox = await startHubSpotSandbox({ dataset });
  client = new Client({
    accessToken: sandbox.accessToken,
    basePath: sandbox.baseUrl,
    numberOfApiCallRetries: 0,
  });
});
afterEach(() => sandbox.close());

const id = (key: string): string => sandbox.store.contactIdForPersonKey(key) ?? '';
const PROPS = [
  'email',
  'phone',
  'lifecyclestage',
  'jobtitle',
  'hs_merged_object_ids',
  'hs_additional_emails',
];

async function listedIds(archived: boolean): Promise<string[]> {
  const page = await client.crm.contacts.basicApi.getPage(
    100,
    undefined,
    ['email'],
    undefined,
    undefined,
    archived,
  );
  return page.results.map((c) => c.id);
}

describe('POST /crm/v3/objects/contacts/merge', () => {
  it('keeps the primary’s id and values, fills what it lacks, lists the merged id, keeps the furthest stage', async () => {
    const [primary, secondary] = [id('person-0'), id('person-3')];
    const merged = await client.crm.contacts.basicApi.merge({
      primaryObjectId: primary,
      objectIdToMerge: secondary,
    });
    expect(merged.id).toBe(primary);
    const read = await client.crm.contacts.basicApi.getById(primary, PROPS);
    expect(read.properties).toMatchObject({
      email: 'person-0@example.com',
      hs_additional_emails: 'person-3@example.com',
      phone: '+49 30 1234567',
      lifecyclestage: 'customer',
      jobtitle: 'VP Marketing',
      hs_merged_object_ids: secondary,
    });
    expect(Date.parse(read.properties['lastmodifieddate'] ?? '')).toBeGreaterThan(Date.now() - 60_000);
  });

  it('a merged-away id reads as the primary (get and batch read), and is gone from lists, search and the archive', async () => {
    const [primary, secondary] = [id('person-0'), id('person-1')];
    await client.crm.contacts.basicApi.merge({ primaryObjectId: primary, objectIdToMerge: secondary });
    expect((await client.crm.contacts.basicApi.getById(secondary, ['email'])).id).toBe(primary);
    const batch = await client.crm.contacts.batchApi.read({
      inputs: [{ id: secondary }],
      properties: ['hs_merged_object_ids'],
      propertiesWithHistory: [],
    });
    expect(batch.results.map((r) => [r.id, r.properties['hs_merged_object_ids']])).toEqual([
      [primary, secondary],
    ]);
    expect(await listedIds(false)).not.toContain(secondary);
    expect(await listedIds(true)).toEqual([]);
    const search = await client.crm.contacts.searchApi.doSearch({
      filterGroups: [
        {
          filters: [
            { propertyName: 'email', operator: FilterOperatorEnum.Eq, value: 'person-1@example.com' },
          ],
        },
      ],
      properties: ['email'],
      limit: 10,
      after: '0',
      sorts: [],
    });
    expect(search.results).toEqual([]);
  });

  it('writes to a merged-away id answer OBJECT_NOT_FOUND; its email stays taken by the primary', async () => {
    const [primary, secondary] = [id('person-0'), id('person-1')];
    await client.crm.contacts.basicApi.merge({ primaryObjectId: primary, objectIdToMerge: secondary });
    const update = await fetch(`${sandbox.baseUrl}/crm/v3/objects/contacts/batch/update`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sandbox.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ inputs: [{ id: secondary, properties: { jobtitle: 'CEO' } }] }),
    });
    expect(update.status).toBe(207);
    expect(await update.json()).toMatchObject({
      numErrors: 1,
      errors: [{ category: 'OBJECT_NOT_FOUND', context: { ids: [secondary] } }],
    });
    await expect(
      client.crm.contacts.basicApi.create({
        properties: { email: 'PERSON-1@example.com' },
        associations: [],
      }),
    ).rejects.toMatchObject({
      code: 409,
      body: { message: `Contact already exists. Existing ID: ${primary}` },
    });
  });

  it('with newId (HubSpot’s newer merges) both old ids read as a new contact that lists them both', async () => {
    const [primary, secondary] = [id('person-0'), id('person-1')];
    const merged = sandbox.store.mergeContacts(primary, secondary, { newId: true });
    expect(merged.id).not.toBe(primary);
    expect(merged.properties['hs_merged_object_ids']).toBe(`${primary};${secondary}`);
    expect(merged.properties['email']).toBe('person-0@example.com');
    for (const old of [primary, secondary])
      expect((await client.crm.contacts.basicApi.getById(old, ['email'])).id).toBe(merged.id);
    const listed = await listedIds(false);
    expect(listed).toContain(merged.id);
    expect(listed).not.toContain(primary);
  });

  it('refuses an unknown id (404) and a contact merged into itself (400)', async () => {
    await expect(
      client.crm.contacts.basicApi.merge({ primaryObjectId: id('person-0'), objectIdToMerge: '999999' }),
    ).rejects.toMatchObject({ code: 404 });
    await expect(
      client.crm.contacts.basicApi.merge({
        primaryObjectId: id('person-0'),
        objectIdToMerge: id('person-0'),
      }),
    ).rejects.toMatchObject({ code: 400 });
  });
});

describe('POST /crm/v3/objects/contacts/gdpr-delete', () => {
  it('deletes for good: 204, not in the archive, reads 404, batch update OBJECT_NOT_FOUND', async () => {
    const gone = id('person-2');
    await client.crm.contacts.basicApi.purge({ objectId: gone });
    expect(await listedIds(false)).not.toContain(gone);
    expect(await listedIds(true)).toEqual([]);
    await expect(client.crm.contacts.basicApi.getById(gone)).rejects.toMatchObject({ code: 404 });
    const read = await client.crm.contacts.batchApi.read({
      inputs: [{ id: gone }],
      properties: [],
      propertiesWithHistory: [],
    });
    expect(read.results).toEqual([]);
    const update = await client.crm.contacts.batchApi.update({
      inputs: [{ id: gone, properties: { jobtitle: 'CEO' } }],
    });
    expect(update).toMatchObject({
      numErrors: 1,
      errors: [{ category: 'OBJECT_NOT_FOUND', context: { ids: [gone] } }],
    });
  });

  it('by email (idProperty), and an archived contact too', async () => {
    await client.crm.contacts.basicApi.purge({ objectId: 'person-1@example.com', idProperty: 'email' });
    sandbox.store.archiveContact(id('person-2'));
    await client.crm.contacts.basicApi.purge({ objectId: id('person-2') });
    expect(await listedIds(true)).toEqual([]);
    expect(sandbox.store.contactCount()).toBe(2);
    // An email that names nobody is accepted (HubSpot blocklists it; not simulated).
    await client.crm.contacts.basicApi.purge({ objectId: 'nobody@example.com', idProperty: 'email' });
  });
});
