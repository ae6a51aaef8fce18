/**
 * A host clock minutes off HubSpot's loses nothing: the connector learns HubSpot's time from the `Date`
 * header and cuts each window there. The sandbox's `clock` is HubSpot's; the connector and its signposts
 * run on the host's. No lookback here, so the cutoff alone has to be right.
 */
import { describe, expect, it } from 'vitest';
import { collect } from './helpers.ts';
import { dataset, people, sandboxConnector, withSandbox, loopbackOnly, stamp } from './sandbox-helpers.ts';

loopbackOnly();

const FIVE_MINUTES = 5 * 60_000;
describe.each([
  ['ahead of', FIVE_MINUTES],
  ['behind', -FIVE_MINUTES],
])('host clock 5 minutes %s HubSpot', (_, hostAheadMs) => {
  it('an edit made between two runs is read by the next one, once', async () => {
    // Both clocks stand still but for the steps below: a run and an edit each take a few seconds.
    let hostMs = Date.parse('2026-03-02T09:00:00.000Z');
    const host = (): Date => new Date(hostMs);
    const hubspot = (): Date => new Date(hostMs - hostAheadMs);
    await withSandbox({ dataset: dataset(people(30, stamp)), clock: hubspot }, async (sb) => {
      const { hs } = sandboxConnector(sb, {}, { clock: host });
      const pull = async (cursor: string | null) => {
        hostMs += 3_000;
        const r = await collect(hs.pullChanges('contact', cursor, { signpost: host() }));
        hostMs += 3_000;
        return { ids: r.items.map((i) => i.id), cursor: r.cursors.at(-1) ?? null };
      };
      await hs.account();
      const full = await pull(null);
      expect(full.ids).toHaveLength(30);
      const quiet = await pull(full.cursor);
      expect(quiet.ids).toEqual([]);
      const id = sb.store.contactIdForPersonKey('p4') ?? '';
      sb.store.updateContact(id, { jobtitle: 'Head of RevOps' });
      const next = await pull(quiet.cursor);
      expect(next.ids).toEqual([id]);
      expect((await pull(next.cursor)).ids).toEqual([]);
    });
  });
});
