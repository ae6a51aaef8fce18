/**
 * The HubSpot connector's writes on the sandbox, which refuses a whole batch update for one bad value:
 * a value the connector can tell is bad never goes out (the record fails alone, no call); one it cannot
 * tell is refused by HubSpot and the batch is split until that record stands alone, the rest written.
 */
import { describe, expect, it } from 'vitest';
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

describe('HubSpot connector: writes HubSpot refuses', () => {
  it('a bad email fails its record before the call; one only HubSpot refuses is isolated by splitting', async () => {
    await withSandbox({ dataset: dataset(people(4, stamp)) }, async (sb) => {
      const { hs } = sandboxConnector(sb);
      const ids = ['p0', 'p1', 'p2', 'p3'].map((k) => sb.store.contactIdForPersonKey(k) ?? '');
      // A local part over 64 characters: RFC-invalid, which the connector's check does not look at.
      const tooLong = `${'a'.repeat(65)}@example.com`;
      sb.resetStats();

      const outcomes = await hs.write('contact', [
        { id: ids[0] ?? '', fields: { firstname: 'Ann' } },
        { id: ids[1] ?? '', fields: { email: 'p1@example' } },
        { id: ids[2] ?? '', fields: { email: tooLong } },
        { id: ids[3] ?? '', fields: { firstname: 'Dee' } },
      ]);

      expect(outcomes.map((o) => (o.ok ? 'ok' : [o.failure.code, o.failure.fields]))).toEqual([
        'ok',
        ['INVALID_EMAIL', ['email']],
        ['VALIDATION_ERROR', ['email']],
        'ok',
      ]);
      expect(sb.store.getContact(ids[0] ?? '')?.properties.firstname).toBe('Ann');
      expect(sb.store.getContact(ids[3] ?? '')?.properties.firstname).toBe('Dee');
      expect(sb.store.getContact(ids[1] ?? '')?.properties.email).toBe('person1@example.com');
      // 3 records sent: the refused batch, then [p0, p2] refused, [p0], [p2] refused, [p3].
      expect(served(sb, 'contacts.batch.update')).toBe(5);
      expect(hs.usage().calls).toMatchObject({ 'batch-update': 1, 'batch-update-split': 4 });
    });
  });
});
