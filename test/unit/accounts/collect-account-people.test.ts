import { describe, expect, it } from 'vitest';
import { collectAccountPeople } from '../../../src/accounts/collect-account-people.ts';
import { personAccountCellField } from '../../../src/accounts/account-fields.ts';
import { ownFieldName } from '../../../src/mapping/own-fields.ts';
import { createMemoryStore } from '../../../src/state/memory/memory-store.ts';

const AT = '2026-03-01T00:00:00.000Z';
const PREFIX = 'leadloop';

describe('collectAccountPeople', () => {
  it('keeps of each record only the fields account scoring reads, and the engagement', async () => {
    const store = createMemoryStore();
    await store.putLinks([
      {
        personId: 'p1',
        hubspotId: 'h1',
        salesforceLeadId: '00Q1',
        salesforceContactId: null,
        email: 'ada@acme.example',
        updatedAt: AT,
      },
    ]);
    const engagement = ownFieldName('hubspot', 'engagementScore', PREFIX);
    const cell = personAccountCellField('hubspot', PREFIX);
    await store.putSnapshots([
      {
        crm: 'hubspot',
        object: 'contact',
        id: 'h1',
        fields: {
          email: 'ada@acme.example',
          associatedcompanyid: '42',
          company: 'Acme',
          [engagement]: 17,
          [cell]: 'acme.example',
          firstname: 'Ada',
          jobtitle: 'VP Sales',
          [ownFieldName('hubspot', 'explanation', PREFIX)]: 'a long explanation '.repeat(50),
        },
        modifiedAt: AT,
        syncedAt: AT,
      },
      {
        crm: 'salesforce',
        object: 'lead',
        id: '00Q1',
        fields: { Email: 'ada@acme.example', Company: 'Acme', Title: 'VP Sales', Phone: '+49 30 1' },
        modifiedAt: AT,
        syncedAt: AT,
      },
    ]);
    const people = await collectAccountPeople(store, PREFIX);
    expect(people).toHaveLength(1);
    expect(people[0]?.engagement).toBe(17);
    expect(Object.fromEntries((people[0]?.records ?? []).map((r) => [r.crm, r.fields]))).toEqual({
      hubspot: {
        email: 'ada@acme.example',
        associatedcompanyid: '42',
        company: 'Acme',
        [engagement]: 17,
        [cell]: 'acme.example',
      },
      salesforce: { Email: 'ada@acme.example', Company: 'Acme' },
    });
  });
});
