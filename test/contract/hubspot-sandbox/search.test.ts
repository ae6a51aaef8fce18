/** CRM search through @hubspot/api-client: operators, OR groups, sorts, paging, the 10,000 cap, keyset ties, lag. */
import { Client } from '@hubspot/api-client';
import type { PublicObjectSearchRequest } from '@hubspot/api-client/lib/codegen/crm/contacts/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startHubSpotSandbox,
  type RunningHubSpotSandbox,
} from '../../../connectors/hubspot/sandbox/index.ts';
import { tinyDataset } from '../../helpers/tiny-dataset.ts';

const TIE = '2026-02-01T00:00:00.000Z';
const PEOPLE = 10_050;
let sandbox: RunningHubSpotSandbox;
let client: Client;

type Filter = {
  propertyName: string;
  operator: string;
  value?: string;
  highValue?: string;
  values?: string[];
};
function search(groups: Filter[][], extra: Partial<Record<string, unknown>> = {}) {
  const request = { filterGroups: groups.map((filters) => ({ filters })), limit: 200, ...extra };
  return client.crm.contacts.searchApi.doSearch(request as unknown as PublicObjectSearchRequest);
}

beforeAll(async () => {
  sandbox = await startHubSpotSandbox({
    dataset: tinyDataset({ people: PEOPLE, sameUpdatedAt: TIE }),
    clock: () => new Date('2026-02-10T00:00:00.000Z'),
    // The clock stands still here, so with the lag on the edits below would never become searchable.
    searchLag: false,
  });
  client = new Client({
    accessToken: sandbox.accessToken,
    basePath: sandbox.baseUrl,
    numberOfApiCallRetries: 0,
  });
  for (const id of ['101', '102', '103'])
    sandbox.store.updateContact(id, { hs_lead_status: 'OPEN' }, new Date('2026-02-05T00:00:00.000Z'));
});
afterAll(() => sandbox.close());

describe('filters', () => {
  it('matches strings case-insensitively and enumerations exactly', async () => {
    expect(
      (
        await search([[{ propertyName: 'email', operator: 'EQ', value: 'PERSON-5@example.com' }]])
      ).results.map((r) => r.id),
    ).toEqual(['106']);
    expect(
      (await search([[{ propertyName: 'hs_lead_status', operator: 'IN', values: ['OPEN'] }]])).total,
    ).toBe(3);
    expect(
      (await search([[{ propertyName: 'hs_lead_status', operator: 'IN', values: ['open'] }]])).total,
    ).toBe(0);
    expect((await search([[{ propertyName: 'hs_lead_status', operator: 'NEQ', value: 'NEW' }]])).total).toBe(
      3,
    );
  });

  it('compares dates as epoch ms given as ms strings or ISO', async () => {
    const since = String(Date.parse('2026-02-04T00:00:00.000Z'));
    const ms = await search([[{ propertyName: 'lastmodifieddate', operator: 'GT', value: since }]]);
    const iso = await search([
      [{ propertyName: 'lastmodifieddate', operator: 'GTE', value: '2026-02-05T00:00:00.000Z' }],
    ]);
    expect(ms.total).toBe(3);
    expect(iso.results.map((r) => r.id)).toEqual(['101', '102', '103']);
    const between = await search([
      [
        {
          propertyName: 'createdate',
          operator: 'BETWEEN',
          value: '2025-06-01T00:00:00.000Z',
          highValue: '2025-06-01T00:02:00.000Z',
        },
      ],
    ]);
    expect(between.results.map((r) => r.id)).toEqual(['101', '102', '103']);
  });

  it('ORs groups, ANDs filters, supports HAS_PROPERTY and CONTAINS_TOKEN', async () => {
    const res = await search([
      [{ propertyName: 'email', operator: 'EQ', value: 'person-1@example.com' }],
      [
        { propertyName: 'hs_object_id', operator: 'LTE', value: '105' },
        { propertyName: 'jobtitle', operator: 'CONTAINS_TOKEN', value: 'marketing' },
      ],
    ]);
    expect(res.results.map((r) => r.id)).toEqual(['101', '102', '103', '105']);
    expect((await search([[{ propertyName: 'phone', operator: 'NOT_HAS_PROPERTY' }]])).total).toBe(PEOPLE);
    expect(
      (await search([[{ propertyName: 'email', operator: 'CONTAINS_TOKEN', value: '*@example.com' }]])).total,
    ).toBe(PEOPLE);
  });

  it('excludes archived contacts', async () => {
    sandbox.store.archiveContact('150');
    expect((await search([[{ propertyName: 'hs_object_id', operator: 'EQ', value: '150' }]])).total).toBe(0);
  });
});

describe('sorting and paging', () => {
  it('sorts by one rule given as an object or a string, returning total', async () => {
    const desc = await search([[{ propertyName: 'hs_object_id', operator: 'LT', value: '111' }]], {
      sorts: [{ propertyName: 'createdate', direction: 'DESCENDING' }],
      limit: 3,
    });
    expect(desc.results.map((r) => r.id)).toEqual(['110', '109', '108']);
    expect(desc.total).toBe(10);
    expect(desc.paging?.next?.after).toBe('3');
    const asString = await search([[{ propertyName: 'hs_object_id', operator: 'LT', value: '111' }]], {
      sorts: ['-createdate'],
      limit: 3,
      after: '3',
    });
    expect(asString.results.map((r) => r.id)).toEqual(['107', '106', '105']);
  });

  it('refuses paging past 10,000 results, pages over 200, long bodies and too many filters', async () => {
    const page = await search([], { limit: 200, after: '9800', sorts: ['hs_object_id'] });
    expect(page.results).toHaveLength(200);
    expect(page.paging?.next?.after).toBe('10000');
    await expect(search([], { after: '10000' })).rejects.toMatchObject({
      code: 400,
      body: { category: 'VALIDATION_ERROR' },
    });
    await expect(search([], { limit: 201 })).rejects.toMatchObject({ code: 400 });
    await expect(search([], { query: 'x'.repeat(3_001) })).rejects.toMatchObject({ code: 400 });
    const six = Array.from({ length: 6 }, () => [{ propertyName: 'email', operator: 'HAS_PROPERTY' }]);
    await expect(search(six)).rejects.toMatchObject({ code: 400 });
    const seven = [Array.from({ length: 7 }, () => ({ propertyName: 'email', operator: 'HAS_PROPERTY' }))];
    await expect(search(seven)).rejects.toMatchObject({ code: 400 });
  });

  it('reads 10,000+ contacts sharing one timestamp exactly once with a (lastmodifieddate, id) keyset', async () => {
    const seen = new Set<string>();
    let cursor = { ms: 0, id: 0 };
    for (let calls = 0; calls < 200; calls += 1) {
      const res = await search(
        [
          [{ propertyName: 'lastmodifieddate', operator: 'GT', value: String(cursor.ms) }],
          [
            { propertyName: 'lastmodifieddate', operator: 'EQ', value: String(cursor.ms) },
            { propertyName: 'hs_object_id', operator: 'GT', value: String(cursor.id) },
          ],
        ],
        {
          sorts: [{ propertyName: 'lastmodifieddate', direction: 'ASCENDING' }],
          properties: ['lastmodifieddate'],
        },
      );
      for (const r of res.results) {
        expect(seen.has(r.id)).toBe(false);
        seen.add(r.id);
      }
      const last = res.results[res.results.length - 1];
      if (!last || !res.paging) break;
      cursor = { ms: Date.parse(last.properties.lastmodifieddate ?? ''), id: Number(last.id) };
    }
    expect(seen.size).toBe(PEOPLE - 1);
  });

  it('gives the indexed keyset answer the same rows as a general scan', async () => {
    const keyset = [[{ propertyName: 'lastmodifieddate', operator: 'GTE', value: TIE }]];
    const scanned = [[...keyset[0]!, { propertyName: 'email', operator: 'HAS_PROPERTY' }]];
    const extra = { sorts: [{ propertyName: 'lastmodifieddate', direction: 'DESCENDING' }], after: '9000' };
    const a = await search(keyset, extra);
    const b = await search(scanned, extra);
    expect(a.total).toBe(b.total);
    expect(a.results.map((r) => r.id)).toEqual(b.results.map((r) => r.id));
  });
});

describe('search index lag', () => {
  let lagged: RunningHubSpotSandbox;
  let lagClient: Client;
  let nowMs = Date.parse('2026-03-01T12:00:00.000Z');
  const LAG_MS = 60_000;
  const byTitle = (title: string) =>
    lagClient.crm.contacts.searchApi.doSearch({
      filterGroups: [{ filters: [{ propertyName: 'jobtitle', operator: 'EQ', value: title }] }],
      properties: ['jobtitle', 'email'],
      limit: 10,
    } as unknown as PublicObjectSearchRequest);

  beforeAll(async () => {
    lagged = await startHubSpotSandbox({
      dataset: tinyDataset({ people: 20 }),
      clock: () => new Date(nowMs),
      searchLag: LAG_MS,
    });
    lagClient = new Client({
      accessToken: lagged.accessToken,
      basePath: lagged.baseUrl,
      numberOfApiCallRetries: 0,
    });
  });
  afterAll(() => lagged.close());

  it('a just-updated contact is found by its old value, not its new one, until the lag passes', async () => {
    lagged.store.updateContact('105', { jobtitle: 'Head of Growth' });
    nowMs += LAG_MS + 1;
    lagged.store.updateContact('105', { jobtitle: 'Chief Revenue Officer' });

    nowMs += LAG_MS - 1_000;
    const old = await byTitle('head of growth');
    expect(old.results.map((r) => [r.id, r.properties.jobtitle])).toEqual([['105', 'Head of Growth']]);
    expect((await byTitle('chief revenue officer')).total).toBe(0);
    // A read by id answers the new value at once.
    const read = await lagClient.crm.contacts.basicApi.getById('105', ['jobtitle']);
    expect(read.properties.jobtitle).toBe('Chief Revenue Officer');

    nowMs += 1_000;
    expect((await byTitle('head of growth')).total).toBe(0);
    const now = await byTitle('chief revenue officer');
    expect(now.results.map((r) => [r.id, r.properties.jobtitle])).toEqual([['105', 'Chief Revenue Officer']]);
  });

  it('filters on the old lastmodifieddate, so a window after it misses the change until it is indexed', async () => {
    const before = await lagClient.crm.contacts.basicApi.getById('106');
    const changedAt = nowMs;
    lagged.store.updateContact('106', { jobtitle: 'VP Sales' });
    const recent = () =>
      lagClient.crm.contacts.searchApi.doSearch({
        filterGroups: [
          { filters: [{ propertyName: 'lastmodifieddate', operator: 'GTE', value: String(changedAt) }] },
        ],
        sorts: [{ propertyName: 'lastmodifieddate', direction: 'ASCENDING' }],
        limit: 10,
      } as unknown as PublicObjectSearchRequest);
    expect((await recent()).results.map((r) => r.id)).not.toContain('106');
    nowMs += LAG_MS;
    const found = (await recent()).results.find((r) => r.id === '106');
    expect(found?.properties.lastmodifieddate).not.toBe(before.properties.lastmodifieddate);
  });

  it('a new contact is missing and an archived one still found until the lag passes', async () => {
    lagged.store.updateContact('107', { jobtitle: 'Archivist' });
    nowMs += LAG_MS;
    const created = await lagClient.crm.contacts.basicApi.create({
      properties: { email: 'lagging@example.com', jobtitle: 'Data Steward' },
      associations: [],
    });
    await lagClient.crm.contacts.basicApi.archive('107');
    expect((await byTitle('data steward')).total).toBe(0);
    expect((await byTitle('archivist')).results.map((r) => r.id)).toEqual(['107']);
    nowMs += LAG_MS;
    expect((await byTitle('data steward')).results.map((r) => r.id)).toEqual([created.id]);
    expect((await byTitle('archivist')).total).toBe(0);
  });

  it('is on by default: a change waits a seeded delay of seconds to minutes', async () => {
    const frozen = Date.parse('2026-03-01T12:00:00.000Z');
    const sb = await startHubSpotSandbox({
      dataset: tinyDataset({ people: 5 }),
      clock: () => new Date(frozen),
    });
    try {
      const c = new Client({ accessToken: sb.accessToken, basePath: sb.baseUrl, numberOfApiCallRetries: 0 });
      sb.store.updateContact('101', { jobtitle: 'Default Lag' });
      const res = await c.crm.contacts.searchApi.doSearch({
        filterGroups: [{ filters: [{ propertyName: 'jobtitle', operator: 'EQ', value: 'default lag' }] }],
      } as unknown as PublicObjectSearchRequest);
      expect(res.total).toBe(0);
    } finally {
      await sb.close();
    }
  });
});
