import { afterEach, describe, expect, it } from 'vitest';
import type { Opportunity } from '../../../src/domain/opportunity.ts';
import type { PersonRecord } from '../../../src/domain/person.ts';
import {
  counted,
  drain,
  GENERATED_AT,
  harness,
  leadPeople,
  OWNER,
  world,
  type Harness,
} from './sandbox-world.ts';

const SIGNPOST = new Date('2026-03-01T12:00:00.000Z');
const FIELDS = ['FirstName', 'LastName', 'Status'];
/** Lead i modified i seconds after a base time, all before the signpost. */
const stampOf = (i: number) => new Date(Date.parse('2026-02-01T00:00:00.000Z') + i * 1000).toISOString();

let h: Harness | undefined;
afterEach(async () => {
  await h?.sandbox.close();
  h = undefined;
});

describe('Salesforce connector on the sandbox: paging and call cost', () => {
  it('reads 4,001 rows to the end when the server picks batches of 200, one call per page', async () => {
    h = await harness(world(leadPeople(4001, stampOf)), { maxQueryBatchSize: 200 });
    h.sandbox.resetStats();
    const { items, cursors } = await drain<PersonRecord>(
      h.sf.pullChanges('lead', null, { signpost: SIGNPOST, fields: FIELDS }),
    );
    expect(items).toHaveLength(4001);
    expect(new Set(items.map((r) => r.id)).size).toBe(4001);
    expect(cursors).toHaveLength(21);
    expect(counted(h.sandbox, 'queryAll', 'queryMore')).toBe(Math.ceil(4001 / 200));
  });

  it('pulling N changed records costs ⌈N/2000⌉ query calls, counted by the sandbox', async () => {
    // The page arithmetic alone: the lookback's re-read of already seen rows (late-commits.sandbox.test.ts)
    // would add the rows changed in the window before the cursor to N.
    h = await harness(world(leadPeople(4001, stampOf)), {}, { lookbackMs: 0 });
    const all = await drain<PersonRecord>(
      h.sf.pullChanges('lead', null, { signpost: SIGNPOST, fields: FIELDS }),
    );
    expect(all.items).toHaveLength(4001);
    // Resume from the page cursor after row 2000: the remaining N = 2,001 rows are "changed".
    h.sandbox.resetStats();
    const rest = await drain<PersonRecord>(
      h.sf.pullChanges('lead', all.cursors[0] ?? null, { signpost: SIGNPOST, fields: FIELDS }),
    );
    expect(rest.items).toHaveLength(2001);
    expect(counted(h.sandbox, 'queryAll', 'queryMore')).toBe(Math.ceil(2001 / 2000));
    for (const n of [0, 1, 1999, 2000, 2001, 4001]) {
      h.sandbox.resetStats();
      const cursor =
        n === 4001
          ? null
          : ((
              await drain<PersonRecord>(
                h.sf.pullChanges('lead', null, {
                  signpost: new Date(Date.parse(stampOf(4000 - n)) + 500),
                  fields: FIELDS,
                }),
              )
            ).cursors.at(-1) ?? null);
      h.sandbox.resetStats();
      const changed = await drain<PersonRecord>(
        h.sf.pullChanges('lead', cursor, { signpost: SIGNPOST, fields: FIELDS }),
      );
      expect(changed.items).toHaveLength(n);
      expect(counted(h.sandbox, 'queryAll', 'queryMore')).toBe(Math.max(1, Math.ceil(n / 2000)));
    }
  });

  it('N Lead and M Contact updates handed over side by side share composite calls: ⌈(N+M)/1000⌉', async () => {
    const contacts = leadPeople(700, stampOf, 'c').map(({ salesforceLead, ...p }) => ({
      ...p,
      salesforceContact: {
        createdAt: salesforceLead?.createdAt ?? GENERATED_AT,
        updatedAt: salesforceLead?.updatedAt ?? GENERATED_AT,
        ownerId: OWNER,
        fields: {},
      },
    }));
    h = await harness(world([...leadPeople(1_500, stampOf), ...contacts]));
    const sf = h.sf;
    const ids = async (object: 'lead' | 'contact') =>
      (
        await drain<PersonRecord>(sf.pullChanges(object, null, { signpost: SIGNPOST, fields: ['LastName'] }))
      ).items.map((r) => r.id);
    const [leads, contactIds] = [await ids('lead'), await ids('contact')];
    h.sandbox.resetStats();
    const [leadOutcomes, contactOutcomes] = await Promise.all([
      sf.write(
        'lead',
        leads.map((id) => ({ id, fields: { Title: 'CEO' } })),
      ),
      sf.write(
        'contact',
        contactIds.map((id) => ({ id, fields: { Title: 'CFO' } })),
      ),
    ]);
    expect(leadOutcomes.filter((o) => o.ok)).toHaveLength(1_500);
    expect(contactOutcomes.filter((o) => o.ok)).toHaveLength(700);
    expect(contactOutcomes.map((o) => o.key)).toEqual(contactIds);
    expect(counted(h.sandbox, 'composite')).toBe(Math.ceil(2_200 / 1000));
    expect(h.sandbox.store.get('Contact', contactIds[699] ?? '')?.['Title']).toBe('CFO');
    h.sandbox.resetStats();
    await Promise.all([
      sf.write(
        'lead',
        leads.slice(0, 1_000).map((id) => ({ id, fields: { Title: 'CTO' } })),
      ),
      sf.write(
        'contact',
        contactIds.slice(0, 500).map((id) => ({ id, fields: { Title: 'CTO' } })),
      ),
    ]);
    // One object after the other: 1 call for the Leads, 1 for the Contacts.
    expect(counted(h.sandbox, 'composite')).toBe(2);
    h.sandbox.resetStats();
    await Promise.all([
      sf.write(
        'lead',
        leads.slice(0, 300).map((id) => ({ id, fields: { Title: 'COO' } })),
      ),
      sf.write(
        'contact',
        contactIds.slice(0, 300).map((id) => ({ id, fields: { Title: 'COO' } })),
      ),
    ]);
    // 600 records in 4 collections: one call, where one object after the other takes 2.
    expect(counted(h.sandbox, 'composite')).toBe(1);
  });

  it('writing W records costs ⌈W/1000⌉ composite calls, counted by the sandbox', async () => {
    h = await harness(world(leadPeople(2345, stampOf)));
    const { items } = await drain<PersonRecord>(
      h.sf.pullChanges('lead', null, { signpost: SIGNPOST, fields: FIELDS }),
    );
    for (const w of [1, 1000, 1001, 2345]) {
      h.sandbox.resetStats();
      const outcomes = await h.sf.write(
        'lead',
        items.slice(0, w).map((r) => ({ id: r.id, fields: { Title: `Title ${w}` } })),
      );
      expect(outcomes.filter((o) => o.ok)).toHaveLength(w);
      expect(counted(h.sandbox, 'composite')).toBe(Math.ceil(w / 1000));
    }
    expect(h.sandbox.store.get('Lead', items[2344]?.id ?? '')?.['Title']).toBe('Title 2345');
  });
});

describe('Salesforce connector on the sandbox: opportunities on a full pull', () => {
  it('reads every deal with its roles in the shared rounds, with no Id IN lookup of the roles’ deals', async () => {
    const people = leadPeople(600, stampOf, 'c').map(({ salesforceLead, ...p }) => ({
      ...p,
      salesforceContact: {
        createdAt: salesforceLead?.createdAt ?? GENERATED_AT,
        updatedAt: salesforceLead?.updatedAt ?? GENERATED_AT,
        ownerId: OWNER,
        fields: {},
      },
    }));
    // 300 deals with two roles each, pages of 200: the role stream runs behind the deal stream, so its
    // later pages name deals an earlier round already read.
    const opportunities = Array.from({ length: 300 }, (_, i) => ({
      key: `o${i}`,
      name: `Deal ${i}`,
      stageName: 'Prospecting',
      status: 'open' as const,
      amount: 100,
      createdAt: stampOf(i),
      closeDate: '2026-06-01T00:00:00.000Z',
      ownerId: OWNER,
      contactPersonKeys: [`c${2 * i}`, `c${2 * i + 1}`],
    }));
    h = await harness(world(people, { opportunities }), { maxQueryBatchSize: 200 });
    h.sandbox.resetStats();
    const { items } = await drain<Opportunity>(h.sf.pullOpportunities(null, { signpost: SIGNPOST }));
    expect(new Set(items.map((o) => o.id)).size).toBe(300);
    expect(items.every((o) => o.contactIds.length === 2)).toBe(true);
    expect(counted(h.sandbox, 'query')).toBe(0);
  });
});
