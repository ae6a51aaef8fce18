/**
 * The org's seeded record-triggered flow, "Title Normaliser": a REST save of a Lead or Contact whose
 * Title starts with an abbreviation stores it spelled out, in the same save; dataset loads and store
 * helpers run no flow; `flows: false` is an org without it.
 * https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_triggers_order_of_execution.htm
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningSalesforceSandbox } from '../../../connectors/salesforce/sandbox/index.ts';
import { sfDateTime } from '../../../connectors/salesforce/sandbox/store/store-core.ts';
import { normaliseTitle } from '../../../connectors/salesforce/sandbox/write/flows.ts';
import { TestClock, api, connect, startSf, statusCodeOf } from './sandbox-helpers.ts';

describe('normaliseTitle', () => {
  it.each([
    ['VP Sales', 'Vice President Sales'],
    ['VP of Sales', 'Vice President of Sales'],
    ['Sr. Engineer', 'Senior Engineer'],
    ['Sr Engineer', 'Senior Engineer'],
    ['Sr. Mgr, EMEA', 'Senior Manager, EMEA'],
    ['Dir. Marketing', 'Director Marketing'],
    ['Mgr', 'Manager'],
    ['VP', 'Vice President'],
  ])('%s → %s', (title, expected) => {
    expect(normaliseTitle(title)).toBe(expected);
  });

  it.each([
    'Vice President Sales',
    'Head of Sales',
    'Senior VP',
    'VPN Engineer',
    'Srinivasan',
    'vp sales',
    '',
  ])('leaves %j as it is', (title) => {
    expect(normaliseTitle(title)).toBe(title);
  });
});

describe('Title Normaliser flow (option flows)', () => {
  let sb: RunningSalesforceSandbox;
  let clock: TestClock;
  beforeEach(async () => {
    clock = new TestClock();
    // Exact stamps are asserted and rows read back at once: late commits would hide them.
    sb = await startSf({ leads: 4, contacts: 2 }, { clock: clock.now, lateCommits: null });
  });
  afterEach(() => sb.close());

  const lead = (i: number) => sb.store.leadIdForPersonKey(`lead-${i}`) as string;
  const contact = (i: number) => sb.store.contactIdForPersonKey(`contact-${i}`) as string;
  const titleOf = (sobject: string, id: string) => sb.store.get(sobject, id)?.['Title'];

  it('an sobject PATCH of VP Sales reads back as Vice President Sales, in one save by the integration user; the answer shows no value', async () => {
    clock.advance(60_000);
    const res = await api(sb, `/sobjects/Lead/${lead(1)}`, {
      method: 'PATCH',
      body: JSON.stringify({ Title: 'VP Sales' }),
    });
    expect(res.status).toBe(204);
    expect(res.body).toBe('');
    const conn = connect(sb);
    const read = await conn.query<{ Title: string; SystemModstamp: string; LastModifiedById: string }>(
      `SELECT Title, SystemModstamp, LastModifiedById FROM Lead WHERE Id = '${lead(1)}'`,
    );
    expect(read.records[0]).toMatchObject({
      Title: 'Vice President Sales',
      SystemModstamp: sfDateTime(clock.now()),
      LastModifiedById: sb.store.integrationUserId,
    });
  });

  it('leaves a Title without a leading abbreviation untouched', async () => {
    for (const title of ['Head of Sales', 'Senior VP', 'VPN Engineer']) {
      const res = await api(sb, `/sobjects/Contact/${contact(1)}`, {
        method: 'PATCH',
        body: JSON.stringify({ Title: title }),
      });
      expect(res.status).toBe(204);
      expect(titleOf('Contact', contact(1))).toBe(title);
    }
  });

  it('runs on sObject Collections creates, updates and upserts, and in /composite subrequests', async () => {
    const conn = connect(sb);
    const updated = await conn.sobject('Contact').update([{ Id: contact(1), Title: 'Sr. Mgr, EMEA' }], {
      allOrNone: false,
    });
    expect(updated).toEqual([{ id: contact(1), success: true, errors: [] }]);
    expect(titleOf('Contact', contact(1))).toBe('Senior Manager, EMEA');

    const [created] = await conn
      .sobject('Lead')
      .create([{ LastName: 'New', Company: 'Acme', Title: 'Dir. Marketing' }], { allOrNone: false });
    expect(created?.success).toBe(true);
    expect(titleOf('Lead', created?.id as string)).toBe('Director Marketing');

    const upsert = await api(sb, '/composite/sobjects/Lead/Id', {
      method: 'PATCH',
      body: JSON.stringify({
        allOrNone: false,
        records: [{ attributes: { type: 'Lead' }, Id: lead(3), Title: 'VP of Sales' }],
      }),
    });
    expect(upsert.status).toBe(200);
    expect(titleOf('Lead', lead(3))).toBe('Vice President of Sales');

    const composite = await api(sb, '/composite', {
      method: 'POST',
      body: JSON.stringify({
        allOrNone: false,
        compositeRequest: [
          {
            method: 'PATCH',
            url: `/services/data/v62.0/sobjects/Lead/${lead(1)}`,
            referenceId: 'one',
            body: { Title: 'Sr Engineer' },
          },
          {
            method: 'PATCH',
            url: '/services/data/v62.0/composite/sobjects',
            referenceId: 'many',
            body: {
              allOrNone: false,
              records: [{ attributes: { type: 'Contact' }, id: contact(0), Title: 'Mgr Operations' }],
            },
          },
        ],
      }),
    });
    expect(composite.status).toBe(200);
    expect(titleOf('Lead', lead(1))).toBe('Senior Engineer');
    expect(titleOf('Contact', contact(0))).toBe('Manager Operations');
  });

  it('runs on any save of a record whose Title starts with one, even when the request left Title alone', async () => {
    // lead-0's Title comes from the dataset: loading it ran no flow.
    expect(titleOf('Lead', lead(0))).toBe('VP Marketing');
    const res = await api(sb, `/sobjects/Lead/${lead(0)}`, {
      method: 'PATCH',
      body: JSON.stringify({ Phone: '+49 30 1234567' }),
    });
    expect(res.status).toBe(204);
    expect(titleOf('Lead', lead(0))).toBe('Vice President Marketing');
  });

  it("fails the record's save when the spelled-out Title would not fit, and saves the others", async () => {
    const long = `VP ${'x'.repeat(124)}`; // 127 characters fit Title (128); spelled out they do not
    const conn = connect(sb);
    const results = await conn.sobject('Lead').update(
      [
        { Id: lead(1), Title: long, Phone: '1' },
        { Id: lead(2), Title: 'VP Sales' },
      ],
      { allOrNone: false },
    );
    expect(results.map(statusCodeOf)).toEqual(['CANNOT_EXECUTE_FLOW_TRIGGER', 'ok']);
    expect(sb.store.get('Lead', lead(1))).toMatchObject({ Title: 'Engineer', Phone: null });
    expect(titleOf('Lead', lead(2))).toBe('Vice President Sales');
  });

  it('store helpers run no flow', () => {
    sb.store.update('Lead', lead(1), { Title: 'VP Sales' });
    expect(titleOf('Lead', lead(1))).toBe('VP Sales');
  });
});

describe('an org without flows (flows: false)', () => {
  it('stores every Title as sent', async () => {
    const sb = await startSf({ leads: 2, contacts: 1 }, { flows: false, lateCommits: null });
    try {
      const leadId = sb.store.leadIdForPersonKey('lead-1') as string;
      const contactId = sb.store.contactIdForPersonKey('contact-0') as string;
      const res = await api(sb, `/sobjects/Lead/${leadId}`, {
        method: 'PATCH',
        body: JSON.stringify({ Title: 'VP Sales' }),
      });
      expect(res.status).toBe(204);
      const [updated] = await connect(sb)
        .sobject('Contact')
        .update([{ Id: contactId, Title: 'Sr. Mgr, EMEA' }], { allOrNone: false });
      expect(updated?.success).toBe(true);
      expect(sb.store.get('Lead', leadId)?.['Title']).toBe('VP Sales');
      expect(sb.store.get('Contact', contactId)?.['Title']).toBe('Sr. Mgr, EMEA');
    } finally {
      await sb.close();
    }
  });
});
