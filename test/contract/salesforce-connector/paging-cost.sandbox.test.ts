import { afterEach, describe, expect, it } from 'vitest';
import type { PersonRecord } from '../../../src/domain/person.ts';
import { counted, drain, harness, leadPeople, world, type Harness } from './sandbox-world.ts';

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
