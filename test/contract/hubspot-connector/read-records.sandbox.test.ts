/**
 * `readRecords` on the HubSpot sandbox: contacts by id through batch read, 100 ids a call; the records a
 * pull yields for them; archived and missing ids (207 `OBJECT_NOT_FOUND`) reported not found.
 */
import { describe, expect, it } from 'vitest';
import type { PersonRecord } from '../../../src/domain/person.ts';
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

const FIELDS = ['firstname', 'lastname', 'jobtitle'];

describe('HubSpot readRecords', () => {
  it('reads 250 contacts by id in ⌈250/100⌉ batch reads, as a pull would yield them', async () => {
    await withSandbox({ dataset: dataset(people(300, stamp)) }, async (sb) => {
      const { hs } = sandboxConnector(sb);
      const ids = Array.from({ length: 250 }, (_, i) => sb.store.contactIdForPersonKey(`p${i}`) ?? '');
      const pulled = await collect(hs.pullChanges('contact', null, { signpost: new Date(), fields: FIELDS }));
      sb.resetStats();

      const result = await hs.readRecords('contact', [...ids, ids[0] ?? ''], { fields: FIELDS });

      expect(served(sb, 'contacts.batch.read')).toBe(3);
      expect(sb.stats().totalCalls).toBe(3);
      expect(hs.usage().calls['batch-read']).toBe(3);
      const byId = (records: readonly PersonRecord[]) =>
        new Map(records.filter((r) => ids.includes(r.id)).map((r) => [r.id, r]));
      expect(result.records).toHaveLength(250);
      expect(byId(result.records)).toEqual(byId(pulled.items));
      expect(result.notFound).toEqual([]);
    });
  });

  it('reports archived and unknown ids as not found (207 OBJECT_NOT_FOUND), and reads the rest', async () => {
    await withSandbox({ dataset: dataset(people(3, stamp)) }, async (sb) => {
      const { hs } = sandboxConnector(sb);
      const [kept, archived] = [0, 1].map((i) => sb.store.contactIdForPersonKey(`p${i}`) ?? '');
      sb.store.archiveContact(archived ?? '');
      sb.resetStats();

      const result = await hs.readRecords('contact', [kept ?? '', archived ?? '', '999999'], {
        fields: FIELDS,
      });

      expect(result.records.map((r) => [r.id, r.deleted])).toEqual([[kept, false]]);
      expect(result.records[0]?.fields).toMatchObject({ firstname: 'First0', email: 'person0@example.com' });
      expect(result.notFound).toEqual([archived, '999999']);
      expect(served(sb, 'contacts.batch.read')).toBe(1);
      expect(sb.stats().errors4xx).toBe(0);
    });
  });
});
