import { afterEach, describe, expect, it } from 'vitest';
import { decodeCursor } from '../../../connectors/salesforce/cursor.ts';
import type { PersonRecord } from '../../../src/domain/person.ts';
import { counted, drain, harness, leadPeople, world, type Harness } from './sandbox-world.ts';

const SIGNPOST = new Date('2026-03-01T12:00:00.000Z');
const FIELDS = ['FirstName', 'LastName', 'Status', 'Title'];

let h: Harness | undefined;
afterEach(async () => {
  await h?.sandbox.close();
  h = undefined;
});

describe('Salesforce connector on the sandbox: reliability', () => {
  it('timestamp ties across page edges: 450 rows sharing one SystemModstamp are read exactly once, also when resuming mid-tie', async () => {
    const tie = '2026-02-10T08:00:00.000Z';
    const people = [
      ...leadPeople(450, () => tie, 't'),
      ...leadPeople(30, (i) => `2026-02-11T08:00:${String(i).padStart(2, '0')}.000Z`, 'u'),
    ];
    h = await harness(world(people), { maxQueryBatchSize: 200 });
    const first = await drain<PersonRecord>(
      h.sf.pullChanges('lead', null, { signpost: SIGNPOST, fields: FIELDS }),
    );
    expect(first.items).toHaveLength(480);
    expect(new Set(first.items.map((r) => r.id)).size).toBe(480);
    // The first page ends inside the tie: its cursor carries the tie timestamp and the last id read.
    const mid = decodeCursor(first.cursors[0] ?? null);
    expect(mid?.['Lead']?.ts).toBe(tie);
    const resumed = await drain<PersonRecord>(
      h.sf.pullChanges('lead', first.cursors[0] ?? null, { signpost: SIGNPOST, fields: FIELDS }),
    );
    expect(resumed.items.map((r) => r.id)).toEqual(first.items.slice(200).map((r) => r.id));
    // Nothing changed since the last cursor: one query call, zero rows.
    h.sandbox.resetStats();
    expect(
      (
        await drain(
          h.sf.pullChanges('lead', first.cursors.at(-1) ?? null, { signpost: SIGNPOST, fields: FIELDS }),
        )
      ).items,
    ).toEqual([]);
    expect(counted(h.sandbox, 'queryAll', 'queryMore')).toBe(1);
  });

  it('rows modified after the signpost wait for the next run', async () => {
    h = await harness(
      world(leadPeople(3, (i) => (i === 2 ? '2026-03-01T12:00:01.000Z' : '2026-02-01T00:00:00.000Z'))),
    );
    const { items } = await drain<PersonRecord>(
      h.sf.pullChanges('lead', null, { signpost: SIGNPOST, fields: FIELDS }),
    );
    expect(items).toHaveLength(2);
  });

  it('partial batch failures: lock contention retried, validation failures reported per record, the rest written', async () => {
    // About failures and retries: the org's Title flow would rewrite the written 'VP Marketing', so it is off.
    h = await harness(world(leadPeople(300, () => '2026-02-01T00:00:00.000Z')), { flows: false });
    const { items } = await drain<PersonRecord>(
      h.sf.pullChanges('lead', null, { signpost: SIGNPOST, fields: FIELDS }),
    );
    h.sandbox.setFaults({ recordFailureRate: 0.05, lockRate: 0.1, seed: 7 });
    const outcomes = await h.sf.write(
      'lead',
      items.map((r) => ({ id: r.id, fields: { Title: 'VP Marketing' } })),
    );
    expect(outcomes.map((o) => o.key)).toEqual(items.map((r) => r.id));
    const failed = outcomes.filter((o) => !o.ok);
    expect(failed.length).toBeGreaterThan(0);
    for (const f of failed) {
      if (f.ok) continue;
      expect(['FIELD_CUSTOM_VALIDATION_EXCEPTION', 'UNABLE_TO_LOCK_ROW']).toContain(f.failure.code);
      expect(f.failure.retryable).toBe(f.failure.code === 'UNABLE_TO_LOCK_ROW');
    }
    // Lock errors are retried: fewer lock failures remain than the ~10% first-pass rate.
    expect(failed.filter((f) => !f.ok && f.failure.code === 'UNABLE_TO_LOCK_ROW').length).toBeLessThan(10);
    expect(h.sf.usage().retries).toBeGreaterThan(0);
    for (const o of outcomes) {
      if (o.ok) expect(h.sandbox.store.get('Lead', o.id)?.['Title']).toBe('VP Marketing');
    }
  });

  it('token expiry mid-run: the pull continues after exactly one refresh (refresh-token flow, rotation stored)', async () => {
    h = await harness(
      world(
        leadPeople(1000, (i) => new Date(Date.parse('2026-02-01T00:00:00.000Z') + i * 1000).toISOString()),
      ),
      { maxQueryBatchSize: 200, rotateRefreshTokens: true },
      { auth: 'refresh-token' },
    );
    const pages = h.sf.pullChanges('lead', null, { signpost: SIGNPOST, fields: FIELDS });
    let read = 0;
    let n = 0;
    for await (const page of pages) {
      read += page.items.length;
      if (++n === 2) h.sandbox.expireAccessTokens();
    }
    expect(read).toBe(1000);
    expect(counted(h.sandbox, 'oauth.token')).toBe(2); // initial grant + one refresh
    expect(h.storedRefreshTokens).toHaveLength(2);
    // Ten concurrent calls after another expiry: still one refresh.
    h.sandbox.expireAccessTokens();
    await Promise.all(Array.from({ length: 10 }, () => h?.sf.check()));
    expect(counted(h.sandbox, 'oauth.token')).toBe(3);
    expect(h.logText()).not.toContain(h.storedRefreshTokens[1] ?? '<none>');
  });

  it('quota: past the budget share the connector stops before calling; an exhausted org answers REQUEST_LIMIT_EXCEEDED', async () => {
    h = await harness(world(leadPeople(5, () => '2026-02-01T00:00:00.000Z')), { dailyApiLimit: 1000 });
    await h.sf.check();
    h.sandbox.setDailyApiUsage(850);
    await h.sf.check(); // this response reports 851/1000: over 80%
    h.sandbox.resetStats();
    const err = await drain(h.sf.pullChanges('lead', null, { signpost: SIGNPOST, fields: FIELDS })).catch(
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ kind: 'rate_limited', code: 'SF_BUDGET_EXCEEDED' });
    expect(h.sandbox.stats().totalCalls).toBe(0);

    const h2 = await harness(
      world(leadPeople(5, () => '2026-02-01T00:00:00.000Z')),
      { dailyApiLimit: 1000 },
      { overrides: { dailyBudgetShare: 1 } },
    );
    try {
      await h2.sf.check();
      h2.sandbox.setDailyApiUsage(1000);
      const limited = await h2.sf
        .write('lead', [{ id: '00Q000000000000AAA', fields: { Title: 'x' } }])
        .catch((e: unknown) => e);
      expect(limited).toMatchObject({
        kind: 'rate_limited',
        code: 'REQUEST_LIMIT_EXCEEDED',
        retryAfterMs: 3_600_000,
      });
      // One rejected attempt, no resend loop.
      expect(counted(h2.sandbox, 'composite')).toBe(1);
    } finally {
      await h2.sandbox.close();
    }
  });

  it('deleted records come back deleted (queryAll) and converted leads name their Contact', async () => {
    h = await harness(world(leadPeople(3, () => '2026-02-01T00:00:00.000Z')));
    const { items, cursors } = await drain<PersonRecord>(
      h.sf.pullChanges('lead', null, { signpost: new Date(), fields: FIELDS }),
    );
    const [a, b] = items;
    h.sandbox.store.delete('Lead', a?.id ?? '');
    const { contactId } = h.sandbox.store.convertLead(b?.id ?? '');
    const changed = await drain<PersonRecord>(
      h.sf.pullChanges('lead', cursors.at(-1) ?? null, {
        signpost: new Date(Date.now() + 1000),
        fields: FIELDS,
      }),
    );
    const byId = new Map(changed.items.map((r) => [r.id, r]));
    expect(byId.get(a?.id ?? '')?.deleted).toBe(true);
    expect(byId.get(b?.id ?? '')?.convertedContactId).toBe(contactId);
    expect(byId.get(b?.id ?? '')?.deleted).toBe(false);
    const contacts = await drain<PersonRecord>(
      h.sf.pullChanges('contact', null, { signpost: new Date(Date.now() + 1000), fields: ['FirstName'] }),
    );
    expect(contacts.items.map((r) => r.id)).toContain(contactId);
  });
});
