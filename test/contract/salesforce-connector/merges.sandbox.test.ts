/**
 * Salesforce merges on the sandbox (`POST /__sandbox/merge`, standing in for SOAP merge(), which the REST
 * API lacks) and what the connector reads of them: the losers deleted with `MasterRecordId` (a pull and
 * `readRecords` yield `mergedInto`), the master saved again, activities moved to it; a write to a loser
 * comes back `gone` (ENTITY_IS_DELETED).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { drain, harness, leadPeople, world, type Harness } from './sandbox-world.ts';

const FIELDS = ['FirstName', 'LastName', 'Status'];

let h: Harness | undefined;
afterEach(async () => {
  await h?.sandbox.close();
  h = undefined;
});

async function merge(x: Harness, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${x.sandbox.instanceUrl}/__sandbox/merge`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const leadId = (x: Harness, i: number): string => x.sandbox.store.leadIdForPersonKey(`p${i}`) ?? '';

describe('Salesforce merges', () => {
  it('losers come back deleted with mergedInto the master, the master modified, their activities moved', async () => {
    h = await harness(world(leadPeople(4, () => '2026-02-01T00:00:00.000Z')));
    const first = await drain(h.sf.pullChanges('lead', null, { signpost: new Date(), fields: FIELDS }));
    const [master, a, b] = [0, 1, 2].map((i) => leadId(h as Harness, i));
    const task = h.sandbox.store.addTask({ whoId: a ?? '', subject: 'Call back' });

    const answer = await merge(h, { sobject: 'Lead', masterId: master, mergeIds: [a, b] });

    expect(answer).toMatchObject({
      status: 200,
      body: { id: master, mergedRecordIds: [a, b], updatedRelatedIds: [task] },
    });
    expect(h.sandbox.store.get('Task', task)?.['WhoId']).toBe(master);
    const next = await drain(
      h.sf.pullChanges('lead', first.cursors.at(-1) ?? null, {
        signpost: new Date(Date.now() + 1000),
        fields: FIELDS,
      }),
    );
    expect(
      next.items
        .map((r) => [r.id, r.deleted, r.mergedInto ?? null])
        .sort((x, y) => String(x[0]).localeCompare(String(y[0]))),
    ).toEqual(
      [
        [master, false, null],
        [a, true, master],
        [b, true, master],
      ].sort((x, y) => String(x[0]).localeCompare(String(y[0]))),
    );
    const read = await h.sf.readRecords('lead', [a ?? ''], { fields: FIELDS });
    expect(read.records.map((r) => [r.id, r.deleted, r.mergedInto])).toEqual([[a, true, master]]);
  });

  it('a write to a merged-away record comes back gone; the master takes writes', async () => {
    h = await harness(world(leadPeople(2, () => '2026-02-01T00:00:00.000Z')));
    const [master, loser] = [0, 1].map((i) => leadId(h as Harness, i));
    h.sandbox.store.merge('Lead', master ?? '', [loser ?? '']);

    const outcomes = await h.sf.write('lead', [
      { id: loser ?? '', fields: { Title: 'CEO' } },
      { id: master ?? '', fields: { Title: 'CEO' } },
    ]);

    expect(outcomes.map((o) => [o.key, o.ok, o.ok ? false : (o.gone ?? false)])).toEqual([
      [loser, false, true],
      [master, true, false],
    ]);
  });

  it('refuses more than two records, a record into itself, a deleted or a converted Lead (400)', async () => {
    h = await harness(world(leadPeople(5, () => '2026-02-01T00:00:00.000Z')));
    const ids = [0, 1, 2, 3, 4].map((i) => leadId(h as Harness, i));
    const [m, x, y, z, w] = ids;
    expect((await merge(h, { sobject: 'Lead', masterId: m, mergeIds: [x, y, z] })).status).toBe(400);
    expect((await merge(h, { sobject: 'Lead', masterId: m, mergeIds: [m] })).status).toBe(400);
    h.sandbox.store.delete('Lead', x ?? '');
    expect((await merge(h, { sobject: 'Lead', masterId: m, mergeIds: [x] })).status).toBe(400);
    h.sandbox.store.convertLead(w ?? '');
    expect((await merge(h, { sobject: 'Lead', masterId: m, mergeIds: [w] })).status).toBe(400);
    expect((await merge(h, { sobject: 'Task', masterId: m, mergeIds: [y] })).status).toBe(400);
  });
});
