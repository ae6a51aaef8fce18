import { describe, expect, it } from 'vitest';
import { generateDataset } from '../../../connectors/sandbox/generate.ts';
import { fullSyncCounts, HUBSPOT_STREAMS } from '../../../src/lower-bounds/dataset-counts.ts';
import {
  hubSpotMetadataCalls,
  lowerBounds,
  salesforceMetadataCalls,
  type HubSpotStreamCount,
  type SyncBoundInput,
} from '../../../src/lower-bounds/lower-bound.ts';

const streams = (records: Partial<Record<string, number>>): HubSpotStreamCount[] =>
  HUBSPOT_STREAMS.map((s) => ({ ...s, records: records[s.name] ?? 0 }));

const sfStreams = (rows: Record<string, number>) =>
  Object.entries(rows).map(([name, r]) => ({ name, rows: r }));

function input(scenario: SyncBoundInput['scenario'], over: Partial<SyncBoundInput> = {}): SyncBoundInput {
  return {
    scenario,
    hubspot: { contacts: 0, streams: streams({}), writes: 0, metadataCalls: 0 },
    salesforce: { streams: sfStreams({ Lead: 0, Contact: 0 }), writes: 0, metadataCalls: 0 },
    ...over,
  };
}

describe('lowerBounds: full sync', () => {
  it('reads contacts by list (100), events and email events by 1,000, engagements by the cheaper way', () => {
    const b = lowerBounds(
      input('full', {
        hubspot: {
          contacts: 10_001,
          streams: streams({
            'event:e_visited_page': 25_000,
            'email:OPEN': 1_001,
            'engagement:meetings': 1_000,
          }),
          writes: 250,
          metadataCalls: 5,
        },
      }),
    );
    // contacts 101; page views 25; OPEN 2; meetings min(10, 5 + 1) = 6; 10 other streams at 1 each;
    // writes 3; c_0 5
    expect(b.hubspot).toBe(101 + 25 + 2 + 6 + 10 + 3 + 5);
    expect(b.explain['hubspot.contacts']).toBe('⌈10001/100⌉ = 101 (list, 100 per page)');
    expect(b.explain['hubspot.engagement:meetings']).toBe('min(⌈1000/100⌉, ⌈1000/200⌉ + ⌈1000/1000⌉) = 6');
  });

  it('prefers the engagement list with inline associations when it is cheaper (few rows)', () => {
    const b = lowerBounds(
      input('full', { hubspot: { ...input('full').hubspot, streams: streams({ 'engagement:calls': 150 }) } }),
    );
    // calls: min(⌈150/100⌉ = 2, ⌈150/200⌉ + ⌈150/1000⌉ = 2) = 2; 12 empty streams; contacts max(1, 0) = 1
    expect(b.hubspot).toBe(1 + 2 + 12);
  });

  it('packs five Salesforce page reads (first pages or queryMore) into one composite call', () => {
    const b = lowerBounds(
      input('full', {
        salesforce: {
          streams: sfStreams({
            Lead: 4_001,
            Contact: 2_000,
            Task: 0,
            Event: 1,
            CampaignMember: 0,
            Opportunity: 10,
          }),
          writes: 2_001,
          metadataCalls: 3,
        },
      }),
    );
    // pages 3 + 1 + 1 + 1 + 1 + 1 = 8: ⌈8/5⌉ = 2, but Lead's 3 pages come one after another; writes 3; c_0 3
    expect(b.salesforce).toBe(3 + 3 + 3);
    expect(b.explain['salesforce.Lead']).toBe('max(1, ⌈4001/2000⌉) = 3 pages');
    expect(b.explain['salesforce.reads']).toBe('max(⌈8/5⌉, 3) = 3 (6 streams, 5 page reads per /composite)');
  });

  it('counts further pages of several Salesforce streams five to a call, not one call each', () => {
    const sf = (rows: Record<string, number>) =>
      lowerBounds(input('full', { salesforce: { streams: sfStreams(rows), writes: 0, metadataCalls: 0 } }));
    // 5 + 4 + 4 + 4 + 1 = 18 pages in ⌈18/5⌉ = 4 calls... but Lead's 5 pages need 5 rounds
    expect(sf({ Lead: 10_000, Contact: 8_000, Task: 8_000, Event: 8_000, Opportunity: 1 }).salesforce).toBe(
      5,
    );
    // 4 × 4 + 3 × 1 = 19 pages: ⌈19/5⌉ = 4 calls, the longest stream 4
    expect(
      sf({ Lead: 8_000, Contact: 8_000, Task: 8_000, Event: 8_000, CampaignMember: 1, Opportunity: 1, X: 1 })
        .salesforce,
    ).toBe(4);
    // 6 × 4 = 24 pages: ⌈24/5⌉ = 5 calls
    expect(
      sf({
        Lead: 8_000,
        Contact: 8_000,
        Task: 8_000,
        Event: 8_000,
        CampaignMember: 8_000,
        Opportunity: 8_000,
      }).salesforce,
    ).toBe(5);
  });
});

describe('lowerBounds: incremental and rescore', () => {
  it('has a zero-change floor of one search or page per stream and one composite per five SOQL streams', () => {
    const sf = {
      streams: sfStreams({
        Lead: 0,
        Contact: 0,
        Task: 0,
        Event: 0,
        CampaignMember: 0,
        Opportunity: 0,
        OpportunityContactRole: 0,
      }),
      writes: 0,
      metadataCalls: 0,
    };
    const b = lowerBounds(input('incremental', { salesforce: sf }));
    expect(b.hubspot).toBe(1 + HUBSPOT_STREAMS.length);
    expect(b.salesforce).toBe(2);
  });

  it('reads changed contacts and engagements by search (200) plus associations (1,000)', () => {
    const b = lowerBounds(
      input('rescore', {
        hubspot: {
          contacts: 401,
          streams: streams({ 'engagement:calls': 1_001 }),
          writes: 79_000,
          metadataCalls: 1,
        },
      }),
    );
    // contacts 3; calls 6 + 2 = 8; 12 other streams; writes 790; c_0 1
    expect(b.hubspot).toBe(3 + 8 + 12 + 790 + 1);
    expect(b.explain['hubspot.contacts']).toBe('max(1, ⌈401/200⌉) = 3 (search, 200 per page)');
  });

  it('never counts negative rows', () => {
    const b = lowerBounds(
      input('incremental', { hubspot: { contacts: -5, streams: [], writes: -1, metadataCalls: 0 } }),
    );
    expect(b.hubspot).toBe(1);
  });
});

describe('lowerBounds: labels', () => {
  it('describes each object, patches each HubSpot property, batches Salesforce through Tooling composite', () => {
    const b = lowerBounds({
      scenario: 'labels',
      hubspot: { describedObjects: 1, fieldsToRelabel: 3, fieldsToCreate: 19 },
      salesforce: { describedObjects: 2, fieldsToRelabel: 4, fieldsToCreate: 38 },
    });
    // Salesforce: 2 describes + 1 read call (4 single-row Metadata queries) + ⌈(4 + 38)/25⌉ write calls.
    expect(b).toMatchObject({ hubspot: 1 + 3 + 1, salesforce: 2 + 1 + 2 });
  });

  it('reads Salesforce Metadata with single-row queries for a few fields, by Id in pages beyond that', () => {
    const sf = (fieldsToRelabel: number): number =>
      lowerBounds({
        scenario: 'labels',
        hubspot: { describedObjects: 0, fieldsToRelabel: 0, fieldsToCreate: 0 },
        salesforce: { describedObjects: 0, fieldsToRelabel, fieldsToCreate: 0 },
      }).salesforce;
    expect([sf(0), sf(5), sf(6), sf(25), sf(60)]).toEqual([0, 1 + 1, 2 + 1, 2 + 1, 4 + 3]);
  });
});

describe('metadata calls (c_0)', () => {
  it('counts describes, lookups and provisioning in batches', () => {
    expect(
      hubSpotMetadataCalls({ describes: 1, eventTypeLookups: 1, campaignLookups: 8, fieldsToCreate: 19 }),
    ).toBe(12);
    expect(
      hubSpotMetadataCalls({ describes: 1, eventTypeLookups: 0, campaignLookups: 0, fieldsToCreate: 0 }),
    ).toBe(1);
    // token, 2 describes, ⌈38/25⌉ Tooling composites, 1 field-level-security grant
    expect(salesforceMetadataCalls({ tokens: 1, describes: 2, fieldsToCreate: 38 })).toBe(6);
    expect(salesforceMetadataCalls({ tokens: 0, describes: 2, fieldsToCreate: 0 })).toBe(2);
  });
});

describe('fullSyncCounts', () => {
  it('counts every stream the connectors read from a generated world', () => {
    const dataset = generateDataset({ people: 300, seed: 5, now: new Date('2026-11-23T00:00:00Z') });
    const counts = fullSyncCounts(dataset);
    expect(counts.people).toBe(300);
    expect(counts.hubspotContacts).toBe(dataset.people.filter((p) => p.hubspot).length);
    expect(counts.hubspotStreams.map((s) => s.name)).toEqual(HUBSPOT_STREAMS.map((s) => s.name));
    const hsRows = counts.hubspotStreams.reduce((n, s) => n + s.records, 0);
    const sfActivityRows = counts.salesforceStreams
      .filter((s) => ['Task', 'Event', 'CampaignMember'].includes(s.name))
      .reduce((n, s) => n + s.rows, 0);
    expect(hsRows + sfActivityRows).toBe(dataset.activities.length);
    expect(counts.emailCampaigns).toBeGreaterThan(0);
  });
});

describe('lowerBounds: account scoring', () => {
  it('a full sync adds the companies list (100 per page) and their batch updates on HubSpot', () => {
    const base = input('full');
    const without = lowerBounds(base);
    const withCompanies = lowerBounds({
      ...base,
      hubspot: { ...base.hubspot, companies: { records: 1_001, writes: 150 } },
    });
    // ⌈1001/100⌉ = 11 pages + ⌈150/100⌉ = 2 batch updates.
    expect(withCompanies.hubspot - without.hubspot).toBe(13);
    expect(withCompanies.explain['hubspot.companies']).toBe(
      'max(1, ⌈1001/100⌉) + ⌈150/100⌉ = 13 (companies list, batch update)',
    );
    expect(without.explain['hubspot.companies']).toBeUndefined();
  });

  it('an incremental run with no company cursor yet lists every company, as a full sync does', () => {
    const base = input('incremental');
    const b = lowerBounds({
      ...base,
      hubspot: { ...base.hubspot, companies: { records: 1_001, writes: 0, complete: true } },
    });
    expect(b.explain['hubspot.companies']).toBe(
      'max(1, ⌈1001/100⌉) + ⌈0/100⌉ = 11 (companies list, batch update)',
    );
  });

  it.each([
    // c changed companies, W_C written -> search pages (200 each, at least 1) + batch updates.
    [0, 0, 1],
    [1, 1, 2],
    [200, 0, 1],
    [201, 150, 4],
  ])('an incremental run reads only the %i changed companies by search (W_C %i): %i calls', (c, w, calls) => {
    const base = input('incremental');
    const without = lowerBounds(base);
    const withCompanies = lowerBounds({
      ...base,
      hubspot: { ...base.hubspot, companies: { records: c, writes: w } },
    });
    expect(withCompanies.hubspot - without.hubspot).toBe(calls);
    expect(withCompanies.explain['hubspot.companies']).toBe(
      `max(1, ⌈${c}/200⌉) + ⌈${w}/100⌉ = ${calls} (companies search, batch update)`,
    );
  });
});
