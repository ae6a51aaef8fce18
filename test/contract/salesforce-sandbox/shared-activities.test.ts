import { afterEach, describe, expect, it } from 'vitest';
import type { Connection } from '@jsforce/jsforce-node';
import { generateDataset } from '../../../connectors/sandbox/generate.ts';
import {
  startSalesforceSandbox,
  type RunningSalesforceSandbox,
} from '../../../connectors/salesforce/sandbox/index.ts';
import { fullSyncCounts } from '../../../src/lower-bounds/dataset-counts.ts';
import { TestClock, connect, sfWorld, startSf } from './sandbox-helpers.ts';

interface RelationRow {
  Id: string;
  TaskId: string;
  RelationId: string;
  Type: string;
  AccountId: string | null;
  IsDeleted: boolean;
  SystemModstamp: string;
  Task: { WhoId: string | null; Subject: string | null } | null;
}

const RELATION_FIELDS =
  'Id, TaskId, RelationId, Type, AccountId, IsDeleted, SystemModstamp, Task.WhoId, Task.Subject';

async function relationsOf(conn: Connection, taskId: string, all = false): Promise<RelationRow[]> {
  const soql = `SELECT ${RELATION_FIELDS} FROM TaskWhoRelation WHERE TaskId = '${taskId}' ORDER BY SystemModstamp, Id`;
  return (await conn.query<RelationRow>(soql, { scanAll: all })).records;
}

/** contact-0 and contact-3 work at company-0; contact-0's call (act-1-0) relates to contact-3 too. */
function sharedWorld() {
  const dataset = sfWorld({ leads: 1, contacts: 6, activities: true });
  const call = dataset.activities.find((a) => a.key === 'act-1-0');
  if (!call) throw new Error('fixture lost its call');
  call.relatedPersonKeys = ['contact-3'];
  return dataset;
}

let sb: RunningSalesforceSandbox | undefined;
afterEach(async () => {
  await sb?.close();
  sb = undefined;
});

describe('Salesforce sandbox: Shared Activities (TaskWhoRelation, EventWhoRelation)', () => {
  it('a seeded shared Task has one relation row per person, its WhoId included, stamped with the Task', async () => {
    sb = await startSalesforceSandbox({ dataset: sharedWorld() });
    const conn = connect(sb);
    const c0 = sb.store.contactIdForPersonKey('contact-0') as string;
    const c3 = sb.store.contactIdForPersonKey('contact-3') as string;
    const task = (
      await conn.query<{ Id: string; SystemModstamp: string }>(
        `SELECT Id, SystemModstamp FROM Task WHERE WhoId = '${c0}' AND Subject = 'Intro call'`,
      )
    ).records[0];
    if (!task) throw new Error('no seeded call');
    const rows = await relationsOf(conn, task.Id);
    expect(rows.map((r) => [r.RelationId, r.Type])).toEqual([
      [c0, 'Contact'],
      [c3, 'Contact'],
    ]);
    expect(new Set(rows.map((r) => r.SystemModstamp))).toEqual(new Set([task.SystemModstamp]));
    expect(rows.every((r) => r.Task?.WhoId === c0 && r.Task.Subject === 'Intro call')).toBe(true);
    expect(rows.map((r) => r.AccountId)).toEqual([
      sb.store.get('Contact', c0)?.['AccountId'],
      sb.store.get('Contact', c3)?.['AccountId'],
    ]);
    // Every other Task and Event, Leads' included, relates to its WhoId alone.
    expect(sb.store.count('TaskWhoRelation')).toBe(sb.store.count('Task') + 1);
    expect(sb.store.count('EventWhoRelation')).toBe(sb.store.count('Event'));
    const lead = sb.store.leadIdForPersonKey('lead-0') as string;
    const leadRows = (
      await conn.query<{ Type: string }>(`SELECT Type FROM EventWhoRelation WHERE RelationId = '${lead}'`)
    ).records;
    expect(leadRows.map((r) => r.Type)).toEqual(['Lead']);
  });

  it('the relation objects are read-only views: describe says so, and a rep adding or removing a contact is a store helper', async () => {
    sb = await startSf({ contacts: 4, activities: true });
    const conn = connect(sb);
    const d = await conn.sobject('TaskWhoRelation').describe();
    expect({ createable: d.createable, updateable: d.updateable, deletable: d.deletable }).toEqual({
      createable: false,
      updateable: false,
      deletable: false,
    });
    expect(d.fields.map((f) => f.name)).toEqual(
      expect.arrayContaining(['RelationId', 'TaskId', 'Type', 'AccountId', 'IsDeleted', 'SystemModstamp']),
    );
    const c0 = sb.store.contactIdForPersonKey('contact-0') as string;
    const c3 = sb.store.contactIdForPersonKey('contact-3') as string;
    const meeting = [...sb.store.mustTable('Event').rows.values()].find((r) => r['WhoId'] === c0);
    const eventId = meeting?.['Id'] as string;
    sb.store.relateWho('Event', eventId, c3);
    sb.store.relateWho('Event', eventId, c3);
    const rows = (
      await conn.query<{ RelationId: string }>(
        `SELECT RelationId FROM EventWhoRelation WHERE EventId = '${eventId}' ORDER BY SystemModstamp, Id`,
      )
    ).records;
    expect(rows.map((r) => r.RelationId)).toEqual([c0, c3]);
    expect(() => sb?.store.unrelateWho('Event', eventId, c0)).toThrow(/primary WhoId/);
    sb.store.unrelateWho('Event', eventId, c3);
    const after = await conn.query<{ RelationId: string }>(
      `SELECT RelationId FROM EventWhoRelation WHERE EventId = '${eventId}'`,
      { scanAll: true },
    );
    expect(after.records.map((r) => r.RelationId)).toEqual([c0]);
  });

  it('an API write keeps the primary relation: create adds it, a new WhoId replaces it for good, a delete bins it with the Task', async () => {
    const clock = new TestClock('2026-03-01T12:00:00.000Z');
    sb = await startSf({ contacts: 3 }, { clock: clock.now });
    const conn = connect(sb);
    const [c0, c1, c2] = ['contact-0', 'contact-1', 'contact-2'].map(
      (k) => sb?.store.contactIdForPersonKey(k) as string,
    );
    const created = await conn.sobject('Task').create({ WhoId: c0, Subject: 'Call', Status: 'Completed' });
    if (!created.success) throw new Error('create failed');
    const taskId = created.id;
    const first = await relationsOf(conn, taskId);
    const task = await conn.sobject('Task').retrieve(taskId);
    expect(first.map((r) => r.RelationId)).toEqual([c0]);
    expect(first[0]?.SystemModstamp).toBe((task as unknown as { SystemModstamp: string }).SystemModstamp);

    clock.advance(60_000);
    sb.store.relateWho('Task', taskId, c1 as string);
    clock.advance(60_000);
    await conn.sobject('Task').update({ Id: taskId, WhoId: c2 });
    // c0's row is gone even from queryAll: relation rows skip the recycle bin.
    expect((await relationsOf(conn, taskId, true)).map((r) => r.RelationId)).toEqual([c1, c2]);

    clock.advance(60_000);
    await conn.sobject('Task').destroy(taskId);
    expect(await relationsOf(conn, taskId)).toEqual([]);
    const binned = await relationsOf(conn, taskId, true);
    expect(binned.map((r) => [r.RelationId, r.IsDeleted])).toEqual([
      [c1, true],
      [c2, true],
    ]);
  });

  it('getDeleted on TaskRelation lists relation rows deleted directly (only it does) and those binned with their Task; 404 without Shared Activities', async () => {
    const clock = new TestClock('2026-03-01T12:00:00.000Z');
    sb = await startSf({ contacts: 4 }, { clock: clock.now });
    const conn = connect(sb);
    const [c0, c1, c2, c3] = ['contact-0', 'contact-1', 'contact-2', 'contact-3'].map(
      (k) => sb?.store.contactIdForPersonKey(k) as string,
    );
    const created = await conn.sobject('Task').create({ WhoId: c0, Subject: 'Call', Status: 'Completed' });
    if (!created.success) throw new Error('create failed');
    const taskId = created.id;
    sb.store.relateWho('Task', taskId, c1 as string);
    sb.store.relateWho('Task', taskId, c2 as string);
    sb.store.relateWho('Task', taskId, c3 as string);
    const idOf = async (contactId: string | undefined) =>
      (await relationsOf(conn, taskId)).find((r) => r.RelationId === contactId)?.Id as string;
    const [r0, r1, r2, r3] = [await idOf(c0), await idOf(c1), await idOf(c2), await idOf(c3)];
    clock.advance(60_000);
    sb.store.unrelateWho('Task', taskId, c1 as string);
    const alone = '2026-03-01T12:01:00.000+0000';
    clock.advance(60_000);
    sb.store.unrelateWho('Task', taskId, c2 as string, { throughActivity: true });
    clock.advance(60_000);
    await conn.sobject('Task').destroy(taskId);
    clock.advance(120_000);
    const deleted = (object: string) =>
      conn.request<{ deletedRecords: { id: string; deletedDate: string }[]; latestDateCovered: string }>(
        `/services/data/v62.0/sobjects/${object}/deleted/?start=2026-03-01T12:00:00Z&end=2026-03-01T12:05:00Z`,
      );
    const listed = await deleted('TaskRelation');
    // c1 and c2 deleted directly, c0 and c3 with the Task.
    expect(listed.deletedRecords.map((d) => d.id).sort()).toEqual([r0, r1, r2, r3].sort());
    expect(listed.deletedRecords.find((d) => d.id === r1)?.deletedDate).toBe(alone);
    // queryAll does not show the rows deleted directly, only the one binned with its Task.
    const binned = await relationsOf(conn, taskId, true);
    expect(binned.map((r) => r.Id)).not.toContain(r1);
    expect(binned.map((r) => r.Id)).toContain(r3);
    expect((await deleted('EventRelation')).deletedRecords).toEqual([]);

    await sb.close();
    sb = await startSf({ contacts: 1 }, { sharedActivities: false });
    const missing: unknown = await Promise.resolve(
      connect(sb).request(
        '/services/data/v62.0/sobjects/TaskRelation/deleted/?start=2026-03-01T12:00:00Z&end=2026-03-01T12:05:00Z',
      ),
    ).then(
      () => null,
      (e: unknown) => e,
    );
    expect(missing).toMatchObject({ errorCode: 'NOT_FOUND' });
  });

  it('a Lead shares an activity with nobody, and 50 Contacts are the most', async () => {
    sb = await startSf({ leads: 1, contacts: 51, activities: true });
    const store = sb.store;
    const lead = store.leadIdForPersonKey('lead-0') as string;
    const contacts = Array.from(
      { length: 51 },
      (_, i) => store.contactIdForPersonKey(`contact-${i}`) as string,
    );
    const taskOf = (who: string) =>
      [...store.mustTable('Task').rows.values()].find((r) => r['WhoId'] === who)?.['Id'] as string;
    expect(() => store.relateWho('Task', taskOf(lead), contacts[0] as string)).toThrow(/Lead/);
    const shared = taskOf(contacts[0] as string);
    for (const c of contacts.slice(1, 50)) store.relateWho('Task', shared, c);
    expect(() => store.relateWho('Task', shared, contacts[50] as string)).toThrow(/50 Contacts/);
  });

  it('an org without Shared Activities has no relation objects', async () => {
    sb = await startSf({ contacts: 1, activities: true }, { sharedActivities: false });
    const err: unknown = await Promise.resolve(connect(sb).query('SELECT Id FROM TaskWhoRelation')).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ errorCode: 'INVALID_TYPE' });
    expect(sb.store.count('Task')).toBe(2);
  });

  it('a generated world shares a seeded share of Tasks and Events, as the lower bound counts them', async () => {
    const dataset = generateDataset({ people: 600, seed: 7, now: new Date('2026-11-23T00:00:00Z') });
    const shared = dataset.activities.filter((a) => a.relatedPersonKeys?.length);
    expect(shared.length).toBeGreaterThan(0);
    expect(
      shared.every((a) => (a.relatedPersonKeys?.length ?? 0) >= 1 && (a.relatedPersonKeys?.length ?? 0) <= 3),
    ).toBe(true);
    const companyOf = new Map(dataset.people.map((p) => [p.key, p.companyKey]));
    expect(
      shared.every((a) => a.relatedPersonKeys?.every((k) => companyOf.get(k) === companyOf.get(a.personKey))),
    ).toBe(true);
    sb = await startSalesforceSandbox({ dataset });
    const rows = new Map(fullSyncCounts(dataset).salesforceStreams.map((s) => [s.name, s.rows]));
    expect(rows.get('TaskWhoRelation')).toBe(sb.store.count('TaskWhoRelation'));
    expect(rows.get('EventWhoRelation')).toBe(sb.store.count('EventWhoRelation'));
    expect(sb.store.count('TaskWhoRelation') + sb.store.count('EventWhoRelation')).toBe(
      sb.store.count('Task') +
        sb.store.count('Event') +
        shared.reduce((n, a) => n + (a.relatedPersonKeys?.length ?? 0), 0),
    );
  });
});
