/**
 * Salesforce Accounts for account scoring, read through the connector from the sandbox: without a
 * cursor every Account; from a cursor only those stamped since (the keyset pull on SystemModstamp, its
 * lookback re-read dropped), a deleted one named as removed; a cursor resumes where the last read ended;
 * `full` reads them all again.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { drainCompanyPages } from '../../helpers/drain-company-pages.ts';
import { harness, world, type Harness } from './sandbox-world.ts';

const FIELDS = ['Name', 'Website', 'Industry', 'NumberOfEmployees'];

let h: Harness | undefined;
afterEach(async () => {
  await h?.sandbox.close();
  h = undefined;
});

const accountReads = (x: Harness): string[] =>
  x.sandbox.stats().calls.filter((c) => / Account\b/.test(c) && !c.includes('describe'));

describe('Salesforce Accounts on the sandbox', () => {
  it('reads every Account without a cursor, then only the changed and deleted ones; the cursor resumes', async () => {
    let nowMs = Date.parse('2026-03-02T09:00:00.000Z');
    const clock = (): Date => new Date(nowMs);
    h = await harness(world([]), { clock }, { clock, lookbackMs: 300_000 });
    const x = h;
    const ids = Array.from({ length: 30 }, (_, i) => {
      nowMs += 1_000;
      return x.sandbox.store.create('Account', { Name: `Account ${i}`, Website: `https://a${i}.example` });
    });
    const companies = x.sf.companies;
    if (!companies) throw new Error('no company source');
    const read = async (cursor: string | null, full = false) => {
      nowMs += 60_000;
      x.sandbox.resetStats();
      return drainCompanyPages(companies.readChanged(FIELDS, cursor, { signpost: clock(), full }));
    };
    const all = await read(null);
    expect(all.complete).toBe(true);
    expect(new Set(all.ids)).toEqual(new Set(ids));

    const quiet = await read(all.cursor);
    expect(quiet.ids).toEqual([]);
    nowMs += 1_000;
    x.sandbox.store.update('Account', ids[4] ?? '', { NumberOfEmployees: 900 });
    x.sandbox.store.delete('Account', ids[9] ?? '');
    const changed = await read(quiet.cursor);
    expect(changed.complete).toBe(false);
    expect(changed.ids).toEqual([ids[4]]);
    expect(changed.removed).toEqual([ids[9]]);
    // One keyset query: the lookback's re-read shares it and is dropped, not answered twice.
    expect(accountReads(x)).toEqual(['GET /queryAll Account → 200']);

    const resumed = await read(changed.cursor);
    expect(resumed.ids).toEqual([]);
    expect(resumed.removed).toEqual([]);
    const again = await read(resumed.cursor, true);
    expect(again.complete).toBe(true);
    expect(again.ids).toHaveLength(29);
  });
});
