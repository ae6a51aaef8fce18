/**
 * The preview of a mapping set that adds a field plans the backfill: on a synced world, the candidate
 * mapping's field was never pulled, and the preview's dry run reads it (in its overlay) before planning.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSync } from '../../../src/sync/run-sync.ts';
import { startTestServer, type TestServer } from './http-helpers.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ sandboxes: { people: 60, seed: 11 } });
});
afterAll(async () => {
  await t?.close();
});

describe('preview of a new mapping', () => {
  it('plans the new field for every record that has a value, and writes nothing', async () => {
    const contacts = t.sb.dataset.people
      .map((p) => t.sb.hubspot.store.contactIdForPersonKey(p.key))
      .filter((id) => id !== undefined)
      .slice(0, 17);
    expect(contacts).toHaveLength(17);
    for (const [i, id] of contacts.entries())
      t.sb.hubspot.store.updateContact(id, { city: `Springfield ${i}` });
    await runSync(t.runtime, { kind: 'full' });
    await runSync(t.runtime, { kind: 'incremental' });

    const current = ((await (await t.admin('/api/mappings')).json()) as { fieldMappings: unknown[] })
      .fieldMappings;
    const city = {
      hubspot: 'city',
      salesforce: { lead: 'City', contact: 'MailingCity' },
      rule: 'always-hubspot',
    };
    const res = await t.admin('/api/mappings/preview', {
      method: 'POST',
      json: { fieldMappings: [...current, city], limit: 50 },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      planned: number;
      sample: { writes: { crm: string; id: string; field: string; to: unknown }[] }[];
    };
    const cityWrites = body.sample
      .flatMap((p) => p.writes)
      .filter((w) => w.field === 'City' || w.field === 'MailingCity');
    // People with a Salesforce record among the 17 get a write; nothing lands in the sandbox.
    expect(cityWrites.length).toBeGreaterThan(0);
    for (const w of cityWrites) {
      expect(String(w.to)).toMatch(/^Springfield \d+$/);
      const sobject = w.field === 'City' ? 'Lead' : 'Contact';
      expect(t.sb.salesforce.store.get(sobject, w.id)?.[w.field] ?? null).toBeNull();
    }
  });
});
