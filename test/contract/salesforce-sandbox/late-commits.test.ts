/**
 * Late commits, as jsforce sees them. Stamps have whole seconds. A write by others (a rep, a bulk load:
 * the store helpers) may commit seconds after its SystemModstamp; until then every read, query and by-Id
 * alike, sees the row's previous version (a new row: nothing), and after it the new version at its older
 * stamp, behind rows a keyset may have passed. The integration user's own REST writes read their writes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  startSalesforceSandbox,
  type RunningSalesforceSandbox,
  type SalesforceSandboxOptions,
} from '../../../connectors/salesforce/sandbox/index.ts';
import { connect, sfWorld } from './sandbox-helpers.ts';

const START = Date.parse('2026-03-01T12:00:00.400Z');
const WRITTEN = '2026-03-01T12:00:00.000+0000';
/** When the world's Leads were last modified (created 2026-01-01T00:00Z, updated an hour later). */
const LOADED = '2026-01-01T01:00:00.000+0000';
const SINCE = `SELECT Id, Title, SystemModstamp FROM Lead WHERE SystemModstamp >= 2026-03-01T12:00:00Z`;
const ALWAYS = { share: 1, maxDelaySeconds: 5, seed: 7 };

type LeadRow = { Id: string; Title: string | null; SystemModstamp: string };

let sb: RunningSalesforceSandbox | undefined;
afterEach(async () => {
  await sb?.close();
  sb = undefined;
});

async function org(lateCommits: SalesforceSandboxOptions['lateCommits'], leads = 2) {
  const clock = { now: START };
  sb = await startSalesforceSandbox({
    dataset: sfWorld({ leads }),
    clock: () => new Date(clock.now),
    flows: false,
    ...(lateCommits === undefined ? {} : { lateCommits }),
  });
  const lead = sb.store.leadIdForPersonKey('lead-0') as string;
  return { sandbox: sb, clock, lead, conn: connect(sb) };
}

async function titleAndStamp(conn: ReturnType<typeof connect>, id: string) {
  const q = await conn.query<LeadRow>(`SELECT Id, Title, SystemModstamp FROM Lead WHERE Id = '${id}'`);
  return q.records.map((r) => [r.Title, r.SystemModstamp]);
}

describe('late commits', () => {
  it("the integration user's REST write reads back at once, by query and by Id, with a whole-second stamp", async () => {
    const { conn, lead } = await org(ALWAYS);
    await conn.sobject('Lead').update({ Id: lead, Title: 'CMO' });

    expect((await conn.query<LeadRow>(SINCE)).records.map((r) => [r.Id, r.Title, r.SystemModstamp])).toEqual([
      [lead, 'CMO', WRITTEN],
    ]);
    const byId = (await conn.sobject('Lead').retrieve(lead)) as unknown as LeadRow;
    expect([byId.Title, byId.SystemModstamp]).toEqual(['CMO', WRITTEN]);
  });

  it("before another user's update commits, reads see the previous version; after, the new one at its older stamp", async () => {
    const { sandbox, clock, conn, lead } = await org(ALWAYS);
    sandbox.store.update('Lead', lead, { Title: 'CMO' });

    expect(await titleAndStamp(conn, lead)).toEqual([['VP Marketing', LOADED]]);
    const byId = (await conn.sobject('Lead').retrieve(lead)) as unknown as LeadRow;
    expect([byId.Title, byId.SystemModstamp]).toEqual(['VP Marketing', LOADED]);
    expect((await conn.query(SINCE)).records).toEqual([]);

    clock.now += 6_000;
    expect(await titleAndStamp(conn, lead)).toEqual([['CMO', WRITTEN]]);
  });

  it("another user's new row stays out of every read until it commits", async () => {
    const { sandbox, clock, conn } = await org(ALWAYS);
    const id = sandbox.store.create('Lead', { LastName: 'Late', Company: 'Acme' });

    expect((await conn.query(`SELECT Id FROM Lead WHERE Id = '${id}'`)).records).toEqual([]);
    await expect(conn.sobject('Lead').retrieve(id)).rejects.toMatchObject({ errorCode: 'NOT_FOUND' });

    clock.now += 6_000;
    expect((await conn.query<{ Id: string }>(`SELECT Id FROM Lead WHERE Id = '${id}'`)).records).toHaveLength(
      1,
    );
  });

  it('a REST save of a row with a pending commit waits on its lock: the earlier write lands first', async () => {
    const { sandbox, conn, lead } = await org(ALWAYS);
    sandbox.store.update('Lead', lead, { Title: 'CMO' });
    await conn.sobject('Lead').update({ Id: lead, Phone: '+49 30 1234' });

    const q = await conn.query<{ Title: string; Phone: string }>(
      `SELECT Title, Phone FROM Lead WHERE Id = '${lead}'`,
    );
    expect(q.records.map((r) => [r.Title, r.Phone])).toEqual([['CMO', '+49 30 1234']]);
  });

  it('a conversion commits as one transaction: Lead, Contact and Account appear together', async () => {
    const { sandbox, clock, conn, lead } = await org(ALWAYS);
    const { contactId, accountId } = sandbox.store.convertLead(lead);
    const seen = async () => [
      (await conn.query<{ IsConverted: boolean }>(`SELECT IsConverted FROM Lead WHERE Id = '${lead}'`))
        .records[0]?.IsConverted,
      (await conn.query(`SELECT Id FROM Contact WHERE Id = '${contactId}'`)).totalSize,
      (await conn.query(`SELECT Id FROM Account WHERE Id = '${accountId}'`)).totalSize,
    ];

    expect(await seen()).toEqual([false, 0, 0]);
    clock.now += 6_000;
    expect(await seen()).toEqual([true, 1, 1]);
  });

  it('a late row sorts by its own, older stamp: a keyset floor past that stamp never returns it', async () => {
    const { sandbox, clock, conn, lead } = await org(ALWAYS);
    sandbox.store.update('Lead', lead, { Title: 'CMO' });
    clock.now += 6_000;
    const other = sandbox.store.leadIdForPersonKey('lead-1') as string;
    sandbox.store.update('Lead', other, { Title: 'CEO' });
    clock.now += 6_000;
    const after = `SELECT Id FROM Lead WHERE SystemModstamp > 2026-03-01T12:00:05Z`;
    expect((await conn.query<{ Id: string }>(after)).records.map((r) => r.Id)).toEqual([other]);
  });

  it("on by default: a seeded share of others' writes commits late, none of the API user's", async () => {
    const { sandbox, conn } = await org(undefined, 200);
    const ids = [...sandbox.store.leadByPersonKey.values()];
    for (const id of ids.slice(0, 100)) sandbox.store.update('Lead', id, { Title: 'CMO' });
    await conn.sobject('Lead').update(ids.slice(100).map((Id) => ({ Id, Title: 'CMO' })));

    const q = await conn.query<{ Id: string }>(`SELECT Id FROM Lead WHERE Title = 'CMO'`);
    const unseen = ids.filter((id) => !q.records.some((r) => r.Id === id));
    expect(unseen.length).toBeGreaterThan(0);
    expect(unseen.length).toBeLessThan(20);
    expect(unseen.every((id) => ids.indexOf(id) < 100)).toBe(true);
  });

  it('off (null), a write by anyone is seen at once with its millisecond stamp', async () => {
    const { sandbox, conn, lead } = await org(null);
    sandbox.store.update('Lead', lead, { Title: 'CMO' });
    const rows = (await conn.query<LeadRow>(SINCE)).records;
    expect(rows.map((r) => [r.Id, r.SystemModstamp])).toEqual([[lead, '2026-03-01T12:00:00.400+0000']]);
  });
});
