import { afterEach, describe, expect, it } from 'vitest';
import type { SandboxPerson } from '../../../connectors/sandbox/dataset.ts';
import type { PersonObject } from '../../../src/domain/crm.ts';
import { drain, harness, leadPeople, OWNER, world, type Harness } from './sandbox-world.ts';

const FIELDS = ['FirstName', 'LastName'];
const BASE = Date.parse('2026-02-01T00:00:00.000Z');
const stampOf = (i: number) => new Date(BASE + i * 1000).toISOString();

/** `count` people with a Contact each, stamped after every Lead of `leadPeople`. */
function contactPeople(count: number): SandboxPerson[] {
  return Array.from({ length: count }, (_, i) => ({
    key: `c${i}`,
    firstName: 'Contact',
    lastName: `Number ${i}`,
    email: `c${i}@example.com`,
    optedOutOfEmail: false,
    doNotCall: false,
    salesforceContact: {
      createdAt: '2025-01-01T00:00:00.000Z',
      updatedAt: stampOf(10_000 + i),
      ownerId: OWNER,
      fields: {},
    },
  }));
}

let h: Harness | undefined;
afterEach(async () => {
  await h?.sandbox.close();
  h = undefined;
});

describe('Salesforce continuation pages share /composite calls', () => {
  it('a pull of 4,001 Leads and 4,001 Contacts (3 pages each) costs 4 calls, not 6; rows and order unchanged', async () => {
    const at = new Date('2026-03-01T12:00:00.000Z');
    // One clock for the sandbox and the connector, which maps signposts into the org's time.
    const clock = () => at;
    h = await harness(world([...leadPeople(4_001, stampOf), ...contactPeople(4_001)]), { clock }, { clock });
    const options = { signpost: at, fields: FIELDS };
    const objects: PersonObject[] = ['contact', 'lead'];
    await h.sf.check(); // the token and /limits, not counted below
    h.sandbox.resetStats();
    await h.sf.beginPoll?.({
      records: objects.map((object) => ({ object, cursor: null, options })),
      activities: { cursor: null, options },
      opportunities: { cursor: null, options },
    });
    // Nine first pages in 2 calls; the second's free slot already carries Contact's page 2.
    expect(h.sandbox.stats().calls.at(-1)).toBe(
      'POST /composite [GET /queryAll TaskWhoRelation; GET /queryAll EventWhoRelation; GET /queryAll Opportunity; ' +
        'GET /queryAll OpportunityContactRole; GET /query/<next>] → 200',
    );
    expect(h.sandbox.stats().totalCalls).toBe(2);
    h.sandbox.resetStats();
    const contacts = await drain(h.sf.pullChanges('contact', null, options));
    // Contact's page 3 takes Lead's page 2 along; Lead's page 3 is the one call of its own.
    expect(h.sandbox.stats().totalCalls).toBe(1);
    const leads = await drain(h.sf.pullChanges('lead', null, options));
    expect(h.sandbox.stats().calls).toEqual([
      'POST /composite [GET /query/<next>; GET /query/<next>] → 200',
      'GET /query/<next> → 200',
    ]);
    // The single-page streams cost nothing more: 4 calls for 13 pages, where one call a queryMore made 6.
    await drain(h.sf.pullActivities(null, options));
    await drain(h.sf.pullOpportunities(null, options));
    expect(h.sandbox.stats().totalCalls).toBe(2);

    expect(contacts.items.map((r) => r.fields['LastName'])).toEqual(
      Array.from({ length: 4_001 }, (_, i) => `Number ${i}`),
    );
    expect(leads.items.map((r) => r.fields['LastName'])).toEqual(
      Array.from({ length: 4_001 }, (_, i) => `Number ${i}`),
    );
    expect(contacts.cursors).toHaveLength(3);
    expect(leads.cursors).toHaveLength(3);
  });

  it('a read ahead Salesforce refuses keeps nothing: each stream meets the refusal on its own read', async () => {
    let t = Date.parse('2026-03-01T12:00:00.000Z');
    const clock = () => new Date(t);
    h = await harness(world([...leadPeople(4_001, stampOf), ...contactPeople(4_001)]), { clock }, { clock });
    const options = { signpost: clock(), fields: FIELDS };
    const objects: PersonObject[] = ['contact', 'lead'];
    await h.sf.beginPoll?.({
      records: objects.map((object) => ({ object, cursor: null, options })),
      activities: { cursor: null, options },
      opportunities: { cursor: null, options },
    });
    // Every query cursor expires (2 days): Contact's page 3 and Lead's page 2 go out together and are refused.
    t += 3 * 24 * 60 * 60_000;
    const contactPages: number[] = [];
    await expect(async () => {
      for await (const page of h!.sf.pullChanges('contact', null, options))
        contactPages.push(page.items.length);
    }).rejects.toMatchObject({ code: 'INVALID_QUERY_LOCATOR' });
    // Page 2 was read ahead before the cursors expired.
    expect(contactPages).toEqual([2_000, 2_000]);
    h.sandbox.resetStats();
    const leadPages: number[] = [];
    await expect(async () => {
      for await (const page of h!.sf.pullChanges('lead', null, options)) leadPages.push(page.items.length);
    }).rejects.toMatchObject({ code: 'INVALID_QUERY_LOCATOR' });
    expect(leadPages).toEqual([2_000]);
    // Lead asked its page 2 itself: the refused read ahead was not kept as if it were a page.
    expect(h.sandbox.stats().calls).toEqual(['GET /query/<next> → 400']);
  });
});
