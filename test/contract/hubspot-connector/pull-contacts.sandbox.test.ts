import { describe, expect, it } from 'vitest';
import { collect } from './helpers.ts';
import {
  dataset,
  people,
  sandboxConnector,
  served,
  withSandbox,
  loopbackOnly,
  stamp,
} from './sandbox-helpers.ts';

loopbackOnly();

describe('contacts against the sandbox', () => {
  it('a full pull pages to the end with the minimum ⌈N/100⌉ list calls, counted by the sandbox', async () => {
    const n = 1234;
    await withSandbox({ dataset: dataset(people(n, stamp)) }, async (sb) => {
      const { hs } = sandboxConnector(sb);
      sb.resetStats();
      const { items } = await collect(
        hs.pullChanges('contact', null, { signpost: new Date(), fields: ['firstname'] }),
      );
      expect(new Set(items.map((r) => r.id)).size).toBe(n);
      expect(items.every((r) => r.fields['firstname']?.toString().startsWith('First'))).toBe(true);
      expect(served(sb, 'contacts.list')).toBe(Math.ceil(n / 100));
      expect(sb.stats().totalCalls).toBe(Math.ceil(n / 100));
      expect(hs.usage().calls).toEqual({ list: Math.ceil(n / 100) });
    });
  });

  it('an incremental pull of N changed records costs ⌈N/200⌉ searches (plus one archived sweep)', async () => {
    await withSandbox({ dataset: dataset(people(3000, stamp)) }, async (sb) => {
      const { hs } = sandboxConnector(sb);
      const first = await collect(hs.pullChanges('contact', null, { signpost: new Date() }));
      const cursor = first.cursors.at(-1) ?? null;
      const changed = 1001;
      for (let i = 0; i < changed; i++) {
        const id = sb.store.contactIdForPersonKey(`p${i}`) ?? '';
        sb.store.updateContact(id, { jobtitle: `Title ${i}` });
      }
      sb.resetStats();
      const { items } = await collect(
        hs.pullChanges('contact', cursor, { signpost: new Date(Date.now() + 1000), fields: ['jobtitle'] }),
      );
      expect(items.filter((r) => !r.deleted)).toHaveLength(changed);
      expect(served(sb, 'contacts.search')).toBe(Math.ceil(changed / 200));
      expect(served(sb, 'contacts.list')).toBe(1);
      expect(sb.stats().http429 + sb.stats().errors4xx).toBe(0);
    });
  });

  it('reads 25,000 contacts sharing one lastmodifieddate exactly once, with no 400 past 10,000', async () => {
    const same = '2026-02-15T08:00:00.000Z';
    await withSandbox({ dataset: dataset(people(25_000, () => same)) }, async (sb) => {
      // The sandbox runs without limits here; at the real 5 searches/s this read takes 25 s.
      const { hs } = sandboxConnector(sb, { limits: { searchPerSecond: 100 } });
      const cursor = Buffer.from(
        JSON.stringify({ v: 1, phase: 'done', hi: Date.parse(same) - 60_000, seen: [] }),
      ).toString('base64url');
      sb.resetStats();
      const ids = new Map<string, number>();
      for await (const page of hs.pullChanges('contact', cursor, { signpost: new Date() })) {
        for (const r of page.items) ids.set(r.id, (ids.get(r.id) ?? 0) + 1);
      }
      expect(ids.size).toBe(25_000);
      expect([...ids.values()].every((count) => count === 1)).toBe(true);
      expect(served(sb, 'contacts.search')).toBe(125);
      expect(sb.stats().errors4xx).toBe(0);
    });
  }, 120_000);
});
