/**
 * `readRecords` on the Salesforce sandbox: Leads by id through `queryAll ... WHERE Id IN (...)`, 200 ids a
 * query, five queries to one `/composite` call; the same records a pull yields; a Lead in the recycle bin
 * comes back deleted, an id that names nothing (or is not an id) is reported not found.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { KEY_PREFIX, makeId } from '../../../connectors/salesforce/sandbox/ids.ts';
import type { PersonRecord } from '../../../src/domain/person.ts';
import { counted, drain, harness, leadPeople, world, type Harness } from './sandbox-world.ts';

const SIGNPOST = new Date('2026-03-01T12:00:00.000Z');
const FIELDS = ['FirstName', 'LastName', 'Title', 'Status'];

let h: Harness | undefined;
afterEach(async () => {
  await h?.sandbox.close();
  h = undefined;
});

const leadIds = (x: Harness, n: number): string[] =>
  Array.from({ length: n }, (_, i) => x.sandbox.store.leadIdForPersonKey(`p${i}`) ?? `missing p${i}`);

describe('Salesforce readRecords', () => {
  it('reads 450 Leads by id in one composite call (three 200-id queries) as a pull would yield them', async () => {
    h = await harness(
      world(leadPeople(460, (i) => `2026-02-01T00:${String(i % 60).padStart(2, '0')}:00.000Z`)),
    );
    const ids = leadIds(h, 450);
    const pulled = await drain(h.sf.pullChanges('lead', null, { signpost: SIGNPOST, fields: FIELDS }));
    h.sandbox.resetStats();

    const result = await h.sf.readRecords('lead', [...ids, ids[0] ?? ''], { fields: FIELDS });

    expect(counted(h.sandbox, 'composite')).toBe(1);
    expect(h.sandbox.stats().totalCalls).toBe(1);
    expect(h.sf.usage().calls['composite']).toBe(1);
    const byId = (records: readonly PersonRecord[]) =>
      new Map(records.filter((r) => ids.includes(r.id)).map((r) => [r.id, r]));
    expect(result.records).toHaveLength(450);
    expect(byId(result.records)).toEqual(byId(pulled.items));
    expect(result.notFound).toEqual([]);
    expect(result.rejected).toEqual([]);
  });

  it('reports a Lead in the recycle bin as deleted, and ids naming nothing as not found', async () => {
    h = await harness(world(leadPeople(3, () => '2026-02-01T00:00:00.000Z')));
    const [kept, binned] = leadIds(h, 2);
    if (!kept || !binned) throw new Error('world has no Leads');
    h.sandbox.store.delete('Lead', binned);
    const never = makeId(KEY_PREFIX.Lead, 99_999);

    const result = await h.sf.readRecords('lead', [kept, binned, never, 'not-an-id'], { fields: FIELDS });

    expect(result.records.map((r) => [r.id, r.deleted])).toEqual(
      expect.arrayContaining([
        [kept, false],
        [binned, true],
      ]),
    );
    expect(result.records).toHaveLength(2);
    expect([...result.notFound].sort()).toEqual([never, 'not-an-id'].sort());
  });

  it('matches a 15-character id to its 18-character record and makes no call for no ids', async () => {
    h = await harness(world(leadPeople(1, () => '2026-02-01T00:00:00.000Z')));
    const [id] = leadIds(h, 1);
    if (!id) throw new Error('world has no Lead');
    const result = await h.sf.readRecords('lead', [id.slice(0, 15)], { fields: FIELDS });
    expect(result.records.map((r) => r.id)).toEqual([id]);
    expect(result.notFound).toEqual([]);
    h.sandbox.resetStats();
    expect(await h.sf.readRecords('lead', [], { fields: FIELDS })).toEqual({
      records: [],
      rejected: [],
      notFound: [],
    });
    expect(h.sandbox.stats().totalCalls).toBe(0);
  });
});
