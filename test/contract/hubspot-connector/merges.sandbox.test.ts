/**
 * The HubSpot connector on merged and GDPR-deleted contacts (sandbox): a pull yields the survivor with the
 * merged-away ids (`mergedIds`, from `hs_merged_object_ids`, which every pull asks for) and never the
 * merged-away contact; `readRecords` counts a merged-away id as found (its survivor answers); a write to a
 * contact HubSpot no longer holds comes back `gone`, and a GDPR-deleted one is simply not found.
 */
import { describe, expect, it } from 'vitest';
import { collect } from './helpers.ts';
import { dataset, people, sandboxConnector, withSandbox, loopbackOnly, stamp } from './sandbox-helpers.ts';

loopbackOnly();

const FIELDS = ['firstname', 'lastname'];

describe('HubSpot connector: merged contacts', () => {
  it('an incremental pull yields the survivor naming the merged-away id, and nothing for that id', async () => {
    await withSandbox({ dataset: dataset(people(5, stamp)) }, async (sb) => {
      const { hs } = sandboxConnector(sb);
      const full = await collect(hs.pullChanges('contact', null, { signpost: new Date(), fields: FIELDS }));
      const [primary, secondary] = ['p0', 'p1'].map((k) => sb.store.contactIdForPersonKey(k) ?? '');
      sb.store.mergeContacts(primary ?? '', secondary ?? '');

      const next = await collect(
        hs.pullChanges('contact', full.cursors.at(-1) ?? null, {
          signpost: new Date(Date.now() + 1000),
          fields: FIELDS,
        }),
      );

      expect(next.items.map((r) => [r.id, r.deleted, r.mergedIds])).toEqual([[primary, false, [secondary]]]);
      expect(next.items[0]?.fields['hs_merged_object_ids']).toBe(secondary);
      const again = await collect(hs.pullChanges('contact', null, { signpost: new Date(), fields: FIELDS }));
      expect(again.items.map((r) => r.id)).not.toContain(secondary);
    });
  });

  it('readRecords: a merged-away id is answered by its survivor and is not "not found"', async () => {
    await withSandbox({ dataset: dataset(people(3, stamp)) }, async (sb) => {
      const { hs } = sandboxConnector(sb);
      const [primary, secondary] = ['p0', 'p1'].map((k) => sb.store.contactIdForPersonKey(k) ?? '');
      sb.store.mergeContacts(primary ?? '', secondary ?? '');

      const result = await hs.readRecords('contact', [secondary ?? '', primary ?? ''], { fields: FIELDS });

      expect(result.records.map((r) => [r.id, r.mergedIds])).toEqual([[primary, [secondary]]]);
      expect(result.notFound).toEqual([]);
    });
  });

  it('a write to a merged-away or GDPR-deleted contact comes back gone (207 OBJECT_NOT_FOUND), the rest lands', async () => {
    await withSandbox({ dataset: dataset(people(4, stamp)) }, async (sb) => {
      const { hs } = sandboxConnector(sb);
      const [kept, primary, merged, deleted] = ['p0', 'p1', 'p2', 'p3'].map(
        (k) => sb.store.contactIdForPersonKey(k) ?? '',
      );
      sb.store.mergeContacts(primary ?? '', merged ?? '');
      sb.store.gdprDeleteContact(deleted ?? '');

      const outcomes = await hs.write(
        'contact',
        [kept, merged, deleted].map((id) => ({ id: id ?? '', fields: { lastname: 'Written' } })),
      );

      expect(outcomes.map((o) => [o.key, o.ok, o.ok ? false : (o.gone ?? false)])).toEqual([
        [kept, true, false],
        [merged, false, true],
        [deleted, false, true],
      ]);
      const read = await hs.readRecords('contact', [deleted ?? ''], { fields: FIELDS });
      expect(read).toMatchObject({ records: [], notFound: [deleted] });
      const pulled = await collect(hs.pullChanges('contact', null, { signpost: new Date(), fields: FIELDS }));
      expect(pulled.items.map((r) => r.id)).not.toContain(deleted);
    });
  });
});
