/**
 * Late commits, as jsforce sees them: with `lateCommits` on, a write's SystemModstamp has whole seconds
 * and the row stays out of query results until its commit, seconds after that stamp; a keyset that had
 * passed the stamp meanwhile never sees it. Off, every write is visible at once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  startSalesforceSandbox,
  type RunningSalesforceSandbox,
} from '../../../connectors/salesforce/sandbox/index.ts';
import { connect, sfWorld } from './sandbox-helpers.ts';

const START = Date.parse('2026-03-01T12:00:00.400Z');
const SINCE = `SELECT Id, SystemModstamp FROM Lead WHERE SystemModstamp >= 2026-03-01T12:00:00Z`;

let sb: RunningSalesforceSandbox | undefined;
afterEach(async () => {
  await sb?.close();
  sb = undefined;
});

async function org(lateCommits: { share: number; maxDelaySeconds: number; seed: number } | null) {
  const clock = { now: START };
  sb = await startSalesforceSandbox({
    dataset: sfWorld({ leads: 2 }),
    clock: () => new Date(clock.now),
    lateCommits,
  });
  return { sandbox: sb, clock, lead: sb.store.leadIdForPersonKey('lead-0') as string };
}

describe('late commits', () => {
  it('a late write carries a whole-second stamp and appears only after its commit, behind newer rows', async () => {
    const { sandbox, clock, lead } = await org({ share: 1, maxDelaySeconds: 5, seed: 7 });
    const conn = connect(sandbox);
    await conn.sobject('Lead').update({ Id: lead, Title: 'CMO' });

    expect((await conn.query(SINCE)).records).toEqual([]);

    clock.now += 6_000;
    const rows = (await conn.query<{ Id: string; SystemModstamp: string }>(SINCE)).records;
    expect(rows.map((r) => [r.Id, r.SystemModstamp])).toEqual([[lead, '2026-03-01T12:00:00.000+0000']]);
  });

  it('a late row sorts by its own, older stamp: a keyset floor past that stamp never returns it', async () => {
    const { sandbox, clock, lead } = await org({ share: 1, maxDelaySeconds: 5, seed: 7 });
    const conn = connect(sandbox);
    await conn.sobject('Lead').update({ Id: lead, Title: 'CMO' });
    clock.now += 6_000;
    const other = sandbox.store.leadIdForPersonKey('lead-1') as string;
    // Written after the first one's commit: visible once its own (late) commit lands too.
    await conn.sobject('Lead').update({ Id: other, Title: 'CEO' });
    clock.now += 6_000;
    const after = `SELECT Id FROM Lead WHERE SystemModstamp > 2026-03-01T12:00:05Z`;
    expect((await conn.query<{ Id: string }>(after)).records.map((r) => r.Id)).toEqual([other]);
  });

  it('off, a write is visible at once with its millisecond stamp', async () => {
    const { sandbox, lead } = await org(null);
    const conn = connect(sandbox);
    await conn.sobject('Lead').update({ Id: lead, Title: 'CMO' });
    const rows = (await conn.query<{ Id: string; SystemModstamp: string }>(SINCE)).records;
    expect(rows.map((r) => [r.Id, r.SystemModstamp])).toEqual([[lead, '2026-03-01T12:00:00.400+0000']]);
  });
});
