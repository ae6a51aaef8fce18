import { afterEach, describe, expect, it } from 'vitest';
import { decodeCursor } from '../../../connectors/salesforce/cursor.ts';
import { QUOTA_RETRY_AFTER_MS, toSyncError } from '../../../connectors/salesforce/errors.ts';
import { CURSOR_LIFETIME_MS } from '../../../connectors/salesforce/sandbox/query-cursors.ts';
import type { PersonRecord } from '../../../src/domain/person.ts';
import { SyncError } from '../../../src/lib/errors.ts';
import { counted, drain, harness, leadPeople, world, type Harness } from './sandbox-world.ts';

const SIGNPOST = new Date('2026-03-01T12:00:00.000Z');
const FIELDS = ['FirstName', 'LastName', 'Status', 'Title'];
const stamp = (i: number) => new Date(Date.parse('2026-02-01T00:00:00.000Z') + i * 1000).toISOString();

let h: Harness | undefined;
afterEach(async () => {
  await h?.sandbox.close();
  h = undefined;
});

function pull(from: string | null = null) {
  if (!h) throw new Error('no harness');
  return h.sf.pullChanges('lead', from, { signpost: SIGNPOST, fields: FIELDS });
}

async function failureOf(p: Promise<unknown>): Promise<SyncError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof SyncError)) throw new Error(`expected a SyncError, got ${String(err)}`);
  return err;
}

describe('Salesforce connector on the sandbox: limit and cursor error policies', () => {
  it('REQUEST_LIMIT_EXCEEDED: a concurrency refusal is a short transient retry, the daily limit an hour-long stop', () => {
    const concurrent = toSyncError(
      Object.assign(new Error('ConcurrentPerOrgLongTxn Limit exceeded'), {
        errorCode: 'REQUEST_LIMIT_EXCEEDED',
      }),
    );
    expect(concurrent).toMatchObject({ kind: 'transient', code: 'REQUEST_LIMIT_EXCEEDED' });
    expect(concurrent.retryAfterMs).toBeUndefined();
    const daily = toSyncError(
      Object.assign(new Error('TotalRequests Limit exceeded.'), { errorCode: 'REQUEST_LIMIT_EXCEEDED' }),
    );
    expect(daily).toMatchObject({ kind: 'rate_limited', retryAfterMs: QUOTA_RETRY_AFTER_MS });
  });

  it('ConcurrentPerOrgLongTxn on a share of calls: backed off and retried, the pull reads every row once', async () => {
    h = await harness(world(leadPeople(1000, stamp)), { maxQueryBatchSize: 200 });
    h.sandbox.setFaults({ concurrentLimitRate: 0.25, seed: 3 });
    const { items } = await drain<PersonRecord>(pull());
    expect(items).toHaveLength(1000);
    expect(new Set(items.map((r) => r.id)).size).toBe(1000);
    expect(h.sf.usage().retries).toBeGreaterThan(0);
  });

  it('ConcurrentPerOrgLongTxn that does not clear: the run stops transient (no hour-long wait); the next run converges', async () => {
    h = await harness(world(leadPeople(300, stamp)), { maxQueryBatchSize: 200 });
    h.sandbox.setFaults({ concurrentLimitRate: 1 });
    const err = await failureOf(drain(pull()));
    expect(err).toMatchObject({ kind: 'transient', code: 'REQUEST_LIMIT_EXCEEDED' });
    expect(err.retryAfterMs).toBeUndefined();
    h.sandbox.setFaults(null);
    expect((await drain<PersonRecord>(pull())).items).toHaveLength(300);
  });

  it('QUERY_TIMEOUT: retried when it clears, a clean transient stop when it does not, nothing lost next run', async () => {
    h = await harness(world(leadPeople(500, stamp)), { maxQueryBatchSize: 200 });
    h.sandbox.setFaults({ queryTimeoutRate: 1 });
    expect(await failureOf(drain(pull()))).toMatchObject({ kind: 'transient', code: 'QUERY_TIMEOUT' });
    h.sandbox.setFaults({ queryTimeoutRate: 0.5, seed: 11 });
    const { items } = await drain<PersonRecord>(pull());
    expect(new Set(items.map((r) => r.id)).size).toBe(500);
  });

  it('QUERY_TIMEOUT over a window holding too many rows: the pull narrows into SystemModstamp windows, reads every row once, the cursor ends at the last row', async () => {
    // Unsplit, 5,000 Leads at 2,000 a page cost 3 query calls (4 with the token); split, 34.
    h = await harness(world(leadPeople(5000, stamp)));
    const unsplit = await drain<PersonRecord>(pull());
    const unsplitCalls = h.sandbox.stats().totalCalls;
    expect(unsplit.items).toHaveLength(5000);
    await h.sandbox.close();

    h = await harness(world(leadPeople(5000, stamp)), { queryTimeoutRows: 1000 });
    const { items, cursors } = await drain<PersonRecord>(pull());
    expect(items).toHaveLength(5000);
    expect(new Set(items.map((r) => r.id)).size).toBe(5000);
    expect(items.map((r) => r.modifiedAt)).toEqual([...items.map((r) => r.modifiedAt)].sort());
    expect(h.sandbox.stats().totalCalls).toBeGreaterThan(unsplitCalls);
    const last = items.at(-1);
    expect(decodeCursor(cursors.at(-1) ?? null)?.['Lead']).toEqual({ ts: stamp(4999), id: last?.id });
    expect(h.logText()).toContain('QUERY_TIMEOUT: narrowing the window');

    // The narrower window is kept: the next pull from that cursor sends no query over the whole range.
    h.sandbox.resetStats();
    expect((await drain<PersonRecord>(pull(cursors.at(-1) ?? null))).items).toEqual([]);
    expect(h.sandbox.stats().errors4xx).toBe(0);
  });

  it('QUERY_TIMEOUT on an incremental pull: split from the cursor, only the changed rows, once each', async () => {
    let now = Date.parse('2026-03-02T00:00:00.000Z');
    const clock = () => new Date(now);
    h = await harness(world(leadPeople(2000, stamp)), { queryTimeoutRows: 1000, clock }, { clock });
    const first = await drain<PersonRecord>(pull());
    expect(first.items).toHaveLength(2000);
    // 1,500 Leads edited one a second after the first pull: a window over more than 1,000 of them times out.
    const edited = first.items.slice(0, 1500).map((r) => r.id);
    for (const id of edited) {
      now += 1000;
      h.sandbox.store.update('Lead', id, { Title: 'Edited' });
    }
    h.sandbox.resetStats();
    const later = h.sf.pullChanges('lead', first.cursors.at(-1) ?? null, {
      signpost: new Date(now + 60_000),
      fields: FIELDS,
    });
    const { items } = await drain<PersonRecord>(later);
    expect(items.map((r) => r.id).sort()).toEqual([...edited].sort());
    expect(h.sandbox.stats().errors4xx).toBeGreaterThan(0);
  });

  it('QUERY_TIMEOUT even over one second: the stream stops transient, naming the object and the window', async () => {
    // 1,500 Leads stamped in the same second: no time window is narrow enough.
    h = await harness(world(leadPeople(1500, () => '2026-02-01T00:00:00.000Z')), { queryTimeoutRows: 1000 });
    const err = await failureOf(drain(pull()));
    expect(err).toMatchObject({ kind: 'transient', code: 'QUERY_TIMEOUT' });
    expect(err.message).toMatch(
      /Salesforce Lead query timed out over 2026-01-31T23:59:59\.000Z \.\. 2026-02-01T00:00:00\.000Z/,
    );
    expect(err.context).toMatchObject({
      object: 'Lead',
      from: '2026-01-31T23:59:59.000Z',
      to: '2026-02-01T00:00:00.000Z',
    });
  });

  it('INVALID_QUERY_LOCATOR after the 2-day cursor life: no resend of the dead locator; the next run resumes from the last cursor, nothing lost or doubled', async () => {
    let now = Date.parse('2026-03-01T12:00:00.000Z');
    const clock = () => new Date(now);
    h = await harness(world(leadPeople(1000, stamp)), { maxQueryBatchSize: 200, clock }, { clock });
    const read: string[] = [];
    let lastCursor: string | null = null;
    let pages = 0;
    const err = await failureOf(
      (async () => {
        for await (const page of pull()) {
          read.push(...page.items.map((r) => r.id));
          lastCursor = page.cursor;
          // A worker paused past the cursor's life between two pages.
          if (++pages === 2) {
            now += CURSOR_LIFETIME_MS + 60_000;
            h?.sandbox.resetStats();
          }
        }
      })(),
    );
    expect(err).toMatchObject({ kind: 'transient', code: 'INVALID_QUERY_LOCATOR' });
    expect(counted(h.sandbox, 'queryMore')).toBe(1);
    expect(read).toHaveLength(400);
    const rest = await drain<PersonRecord>(pull(lastCursor));
    const all = [...read, ...rest.items.map((r) => r.id)];
    expect(all).toHaveLength(1000);
    expect(new Set(all).size).toBe(1000);
  });
});
