/**
 * HubSpot companies for account scoring, read through the connector from the sandbox: without a cursor
 * every live company by the list endpoint; from a cursor only the companies changed since, by one CRM
 * search window on `hs_lastmodifieddate`, and an archived one (from the `archived=true` list) as removed;
 * a cursor resumes where the last read ended; `full` lists all again. The search index lag is on in the last test: a change answered late is read by the next run's
 * overlap, once.
 */
import { describe, expect, it } from 'vitest';
import { drainCompanyPages } from '../../helpers/drain-company-pages.ts';
import { dataset, loopbackOnly, sandboxConnector, served, withSandbox } from './sandbox-helpers.ts';

loopbackOnly();

const FIELDS = ['name', 'domain', 'industry', 'numberofemployees'];

describe('HubSpot companies on the sandbox', () => {
  it('reads every company without a cursor, then only the changed ones; the cursor resumes', async () => {
    let nowMs = Date.parse('2026-03-02T09:00:00.000Z');
    const clock = (): Date => new Date(nowMs);
    await withSandbox({ dataset: dataset([]), clock }, async (sb) => {
      const ids = Array.from(
        { length: 250 },
        (_, i) => sb.store.createCompany({ name: `Company ${i}`, domain: `c${i}.example` }).id,
      );
      const { hs } = sandboxConnector(sb, {}, { clock });
      const companies = hs.companies;
      if (!companies) throw new Error('no company source');
      const read = async (cursor: string | null, full = false) => {
        nowMs += 60_000;
        sb.resetStats();
        return drainCompanyPages(companies.readChanged(FIELDS, cursor, { signpost: clock(), full }));
      };
      const all = await read(null);
      expect(all.complete).toBe(true);
      expect(new Set(all.ids)).toEqual(new Set(ids));
      expect(served(sb, 'companies.list')).toBe(3);

      const quiet = await read(all.cursor);
      expect(quiet.ids).toEqual([]);
      nowMs += 1_000;
      sb.store.updateCompany(ids[7] ?? '', { numberofemployees: 900 });
      sb.store.updateCompany(ids[200] ?? '', { name: 'Renamed Company' });
      const changed = await read(quiet.cursor);
      expect(changed.complete).toBe(false);
      expect(changed.ids.sort()).toEqual([ids[7], ids[200]].sort());
      expect(served(sb, 'companies.search')).toBe(1);
      // The one list call is the sweep of archived companies, not a read of every company.
      expect(served(sb, 'companies.list')).toBe(1);

      const resumed = await read(changed.cursor);
      expect(resumed.ids).toEqual([]);
      expect(resumed.removed).toEqual([]);
      nowMs += 1_000;
      sb.store.archiveCompany(ids[11] ?? '');
      const archived = await read(resumed.cursor);
      expect(archived.ids).toEqual([]);
      expect(archived.removed).toEqual([ids[11]]);
      expect(served(sb, 'companies.list')).toBe(1);
      expect((await read(archived.cursor)).removed).toEqual([]);
      const again = await read(archived.cursor, true);
      expect(again.complete).toBe(true);
      expect(again.ids).toHaveLength(249);
    });
  });

  it('an edit the search index answers late is read by the next overlap, once', async () => {
    let nowMs = Date.parse('2026-03-02T09:00:00.000Z');
    const clock = (): Date => new Date(nowMs);
    await withSandbox({ dataset: dataset([]), clock, searchLag: 30_000 }, async (sb) => {
      const ids = Array.from({ length: 5 }, (_, i) => sb.store.createCompany({ name: `Co ${i}` }).id);
      nowMs += 3_600_000;
      const { hs } = sandboxConnector(sb, { searchLookbackSeconds: 600 }, { clock });
      const companies = hs.companies;
      if (!companies) throw new Error('no company source');
      const read = (cursor: string | null) =>
        drainCompanyPages(companies.readChanged(FIELDS, cursor, { signpost: clock() }));
      const first = await read(null);
      expect(first.ids).toHaveLength(5);
      sb.store.updateCompany(ids[2] ?? '', { numberofemployees: 42 });
      nowMs += 10_000;
      // Not indexed yet: the search still answers the company as it was, outside the window.
      expect((await read(first.cursor)).ids).toEqual([]);
      const lagged = await read(first.cursor);
      nowMs += 60_000;
      const late = await read(lagged.cursor);
      expect(late.ids).toEqual([ids[2]]);
      nowMs += 60_000;
      expect((await read(late.cursor)).ids).toEqual([]);
    });
  });
});
