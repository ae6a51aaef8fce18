import { afterEach, describe, expect, it } from 'vitest';
import type { Activity } from '../../../src/domain/activity.ts';
import type { Opportunity } from '../../../src/domain/opportunity.ts';
import type { PersonRecord } from '../../../src/domain/person.ts';
import { OWNER, counted, drain, harness, leadPeople, world, type Harness } from './sandbox-world.ts';

const SIGNPOST = new Date('2026-03-01T12:00:00.000Z');

let h: Harness | undefined;
afterEach(async () => {
  await h?.sandbox.close();
  h = undefined;
});

function activityWorld() {
  const people = leadPeople(2, () => '2026-02-01T00:00:00.000Z');
  const contact = {
    ...leadPeople(1, () => '2026-02-01T00:00:00.000Z', 'c')[0]!,
    salesforceLead: undefined,
    salesforceContact: {
      createdAt: '2025-06-01T00:00:00.000Z',
      updatedAt: '2026-02-01T00:00:00.000Z',
      ownerId: OWNER,
      fields: {},
    },
  };
  const act = (
    key: string,
    personKey: string,
    type: Activity['type'],
    occurredAt: string,
    extra: Record<string, string> = {},
  ) => ({
    key,
    personKey,
    crm: 'salesforce' as const,
    type,
    occurredAt,
    ...extra,
  });
  return world([...people, contact], {
    activities: [
      act('a1', 'p0', 'call', '2026-02-10T09:30:00.000Z', { name: 'Discovery call' }),
      act('a2', 'p1', 'email_reply', '2026-02-11T10:00:00.000Z', { name: 'Re: pricing' }),
      act('a3', 'c0', 'meeting', '2026-02-12T15:00:00.000Z', { name: 'Demo' }),
      act('a4', 'p0', 'webinar', '2026-02-13T17:00:00.000Z', {
        name: 'Spring Webinar',
        campaign: 'Spring Webinar',
      }),
      act('a5', 'c0', 'campaign_response', '2026-02-14T08:00:00.000Z', { campaign: 'Trade Show' }),
    ],
    opportunities: [
      {
        key: 'o1',
        name: 'Acme deal',
        stageName: 'Prospecting',
        status: 'open',
        amount: 1000,
        createdAt: '2026-02-15T00:00:00.000Z',
        closeDate: '2026-04-01T00:00:00.000Z',
        ownerId: OWNER,
        contactPersonKeys: ['c0'],
      },
    ],
  });
}

describe('Salesforce connector on the sandbox: objects', () => {
  it('normalises Task / Event / CampaignMember into activities with one composite call per round', async () => {
    h = await harness(activityWorld());
    const leads = await drain<PersonRecord>(
      h.sf.pullChanges('lead', null, { signpost: SIGNPOST, fields: ['Email'] }),
    );
    const contacts = await drain<PersonRecord>(
      h.sf.pullChanges('contact', null, { signpost: SIGNPOST, fields: ['Email'] }),
    );
    const idOf = (email: string) =>
      [...leads.items, ...contacts.items].find((r) => r.fields['Email'] === email)?.id;
    h.sandbox.resetStats();
    const { items, cursors } = await drain<Activity>(h.sf.pullActivities(null, { signpost: SIGNPOST }));
    expect(counted(h.sandbox, 'composite')).toBe(1);
    const simple = items.map((a) => ({
      type: a.type,
      recordId: a.recordId,
      occurredAt: a.occurredAt,
      name: a.name ?? null,
      campaign: a.campaign ?? null,
    }));
    expect(simple).toEqual(
      expect.arrayContaining([
        {
          type: 'call',
          recordId: idOf('p0@example.com'),
          occurredAt: '2026-02-10T09:30:00.000Z',
          name: 'Discovery call',
          campaign: null,
        },
        {
          type: 'email_reply',
          recordId: idOf('p1@example.com'),
          occurredAt: '2026-02-11T10:00:00.000Z',
          name: 'Re: pricing',
          campaign: null,
        },
        {
          type: 'meeting',
          recordId: idOf('c0@example.com'),
          occurredAt: '2026-02-12T15:00:00.000Z',
          name: 'Demo',
          campaign: null,
        },
        {
          type: 'webinar',
          recordId: idOf('p0@example.com'),
          occurredAt: '2026-02-13T17:00:00.000Z',
          name: 'Spring Webinar',
          campaign: 'Spring Webinar',
        },
        {
          type: 'campaign_response',
          recordId: idOf('c0@example.com'),
          occurredAt: '2026-02-14T08:00:00.000Z',
          name: 'Trade Show',
          campaign: 'Trade Show',
        },
      ]),
    );
    expect(items).toHaveLength(5);
    // Nothing new since the cursor: one composite call, no pages.
    h.sandbox.resetStats();
    expect((await drain(h.sf.pullActivities(cursors.at(-1) ?? null, { signpost: SIGNPOST }))).items).toEqual(
      [],
    );
    expect(counted(h.sandbox, 'composite')).toBe(1);
  });

  it('reads opportunities with contact roles, and notices a role added to an untouched deal', async () => {
    h = await harness(activityWorld());
    const first = await drain<Opportunity>(h.sf.pullOpportunities(null, { signpost: SIGNPOST }));
    const contacts = await drain<PersonRecord>(
      h.sf.pullChanges('contact', null, { signpost: SIGNPOST, fields: ['Email'] }),
    );
    expect(first.items).toHaveLength(1);
    expect(first.items[0]).toMatchObject({
      name: 'Acme deal',
      status: 'open',
      stageName: 'Prospecting',
      amount: 1000,
      contactIds: [contacts.items[0]?.id],
    });
    const leadId =
      (await drain<PersonRecord>(h.sf.pullChanges('lead', null, { signpost: SIGNPOST, fields: ['Email'] })))
        .items[0]?.id ?? '';
    const { contactId } = h.sandbox.store.convertLead(leadId);
    h.sandbox.store.create('OpportunityContactRole', {
      OpportunityId: first.items[0]?.id ?? '',
      ContactId: contactId,
      IsPrimary: false,
    });
    const next = await drain<Opportunity>(
      h.sf.pullOpportunities(first.cursors.at(-1) ?? null, { signpost: new Date(Date.now() + 1000) }),
    );
    expect(next.items.map((o) => [...o.contactIds].sort())).toEqual([
      [contacts.items[0]?.id, contactId].sort(),
    ]);
  });

  it('describe, label alignment and field provisioning round-trip through Tooling', async () => {
    h = await harness(world(leadPeople(1, () => '2026-02-01T00:00:00.000Z')));
    const created = await h.sf.createFields([
      { object: 'Lead', name: 'Leadloop_Score__c', label: 'Score', type: 'number' },
      { object: 'Lead', name: 'Leadloop_HubSpot_Id__c', label: 'HubSpot ID', type: 'string', length: 40 },
      {
        object: 'Lead',
        name: 'Leadloop_Stage__c',
        label: 'Stage',
        type: 'picklist',
        options: [{ value: 'MQL', label: 'MQL', active: true }],
      },
    ]);
    expect(created.map((r) => r.status)).toEqual(['created', 'created', 'created']);
    expect(
      (
        await h.sf.createFields([
          { object: 'Lead', name: 'Leadloop_Score__c', label: 'Score', type: 'number' },
        ])
      )[0]?.status,
    ).toBe('exists');
    const fields = await h.sf.describe('lead');
    expect(fields.find((f) => f.name === 'Leadloop_Score__c')).toMatchObject({
      type: 'number',
      custom: true,
      labelEditable: true,
      writable: true,
    });
    const status = fields.find((f) => f.name === 'Status');
    const firstValue = status?.options[0]?.value ?? '';
    const results = await h.sf.updateLabels([
      { object: 'Lead', field: 'Leadloop_Score__c', from: 'Score', to: 'Lead Score' },
      {
        object: 'Lead',
        field: 'Leadloop_Stage__c',
        optionValue: 'MQL',
        from: 'MQL',
        to: 'Marketing Qualified',
      },
      { object: 'Lead', field: 'Status', optionValue: firstValue, from: firstValue, to: 'New (MIL)' },
      { object: 'Lead', field: 'Company', from: 'Company', to: 'Account' },
    ]);
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'not-editable']);
    const after = await h.sf.describe('lead');
    expect(after.find((f) => f.name === 'Leadloop_Score__c')?.label).toBe('Lead Score');
    expect(after.find((f) => f.name === 'Leadloop_Stage__c')?.options).toEqual([
      { value: 'MQL', label: 'Marketing Qualified', active: true },
    ]);
    expect(after.find((f) => f.name === 'Status')?.options[0]).toMatchObject({
      value: firstValue,
      label: 'New (MIL)',
    });
    // Applying the same labels again changes nothing.
    const again = await h.sf.updateLabels([
      { object: 'Lead', field: 'Leadloop_Score__c', from: 'Score', to: 'Lead Score' },
    ]);
    expect(again[0]?.status).toBe('unchanged');
  });

  it('create upserts on the HubSpot id: a retried create never duplicates', async () => {
    h = await harness(world([]));
    await h.sf.createFields([
      { object: 'Lead', name: 'Leadloop_HubSpot_Id__c', label: 'HubSpot ID', type: 'string', length: 40 },
    ]);
    const input = [
      {
        externalIdField: 'Leadloop_HubSpot_Id__c',
        externalId: '901',
        fields: { LastName: 'Lovelace', Company: 'Analytical Engines' },
      },
      {
        externalIdField: 'Leadloop_HubSpot_Id__c',
        externalId: '902',
        fields: { LastName: 'Hopper', Company: 'Navy' },
      },
    ];
    const first = await h.sf.create('lead', input);
    expect(first.map((o) => (o.ok ? o.created : o.failure.code))).toEqual([true, true]);
    const second = await h.sf.create('lead', input);
    expect(second.map((o) => (o.ok ? o.created : o.failure.code))).toEqual([false, false]);
    expect(h.sandbox.store.count('Lead')).toBe(2);
  });

  it('a full pull above bulkThreshold continues through Bulk API 2.0 and still reads every row once', async () => {
    h = await harness(
      world(
        leadPeople(650, (i) => new Date(Date.parse('2026-02-01T00:00:00.000Z') + i * 1000).toISOString()),
      ),
      { maxQueryBatchSize: 200 },
      { overrides: { bulkThreshold: 300 } },
    );
    h.sandbox.resetStats();
    const { items, cursors } = await drain<PersonRecord>(
      h.sf.pullChanges('lead', null, { signpost: SIGNPOST, fields: ['FirstName', 'IsConverted', 'Status'] }),
    );
    expect(items).toHaveLength(650);
    expect(new Set(items.map((r) => r.id)).size).toBe(650);
    expect(items.every((r) => r.deleted === false && typeof r.fields['IsConverted'] === 'boolean')).toBe(
      true,
    );
    expect(counted(h.sandbox, 'queryAll')).toBe(1);
    expect(counted(h.sandbox, 'queryMore')).toBe(0);
    expect(counted(h.sandbox, 'bulk2.query')).toBe(1);
    // The last cursor covers everything: the next incremental pull of the same fields finds nothing, though
    // it re-reads the lookback through REST what Bulk returned as CSV.
    expect(
      (
        await drain(
          h.sf.pullChanges('lead', cursors.at(-1) ?? null, {
            signpost: SIGNPOST,
            fields: ['FirstName', 'IsConverted', 'Status'],
          }),
        )
      ).items,
    ).toEqual([]);
  });
});
