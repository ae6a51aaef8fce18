/**
 * A webhook on `leadloop serve` without a queue (embedded state): answered at once, then the named contact
 * is synced in this process by a targeted run (read by id, no stream cursor moved), so a HubSpot change
 * reaches Salesforce in seconds instead of at the next scheduled run. Before, the person was only marked
 * dirty and waited up to a whole schedule interval.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSync } from '../../../src/sync/run-sync.ts';
import { cursors } from '../../e2e/world-probes.ts';
import { signedWebhook, startTestServer, type TestServer } from './http-helpers.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ sandboxes: { people: 60, seed: 21 } });
});
afterAll(async () => {
  await t?.close();
});

async function until(check: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('webhooks without a queue', () => {
  it('sync the named contact in this process, through to Salesforce, moving no cursor', async () => {
    await runSync(t.runtime, { kind: 'full' });
    const { hubspot, salesforce } = t.sb;
    const person = t.sb.dataset.people.find(
      (p) =>
        p.hubspot &&
        p.salesforceLead &&
        !p.salesforceLead.isConverted &&
        !p.salesforceContact &&
        salesforce.store.get('Lead', salesforce.store.leadIdForPersonKey(p.key) ?? '')?.['Title'] !== 'CEO',
    );
    const leadId = person && salesforce.store.leadIdForPersonKey(person.key);
    const contactId = person && hubspot.store.contactIdForPersonKey(person.key);
    if (!leadId || !contactId) throw new Error('world has no HubSpot contact with a Lead');
    hubspot.store.updateContact(contactId, { jobtitle: 'CEO' });
    const before = await cursors(t.runtime.store);

    const body = JSON.stringify([
      {
        eventId: 77_001,
        subscriptionId: 1,
        portalId: 1,
        appId: 1,
        occurredAt: Date.now(),
        subscriptionType: 'contact.propertyChange',
        attemptNumber: 0,
        objectId: Number(contactId),
        propertyName: 'jobtitle',
        propertyValue: 'CEO',
        changeSource: 'CRM_UI',
      },
    ]);
    const secret = t.runtime.config.connections.hubspot.webhookClientSecret ?? '';
    const res = await fetch(
      `${t.url}/webhooks/hubspot`,
      signedWebhook(`${t.url}/webhooks/hubspot`, body, secret),
    );
    expect(res.status).toBe(200);

    await until(() => salesforce.store.get('Lead', leadId)?.['Title'] === 'CEO', 10_000, 'the Lead title');
    expect(await cursors(t.runtime.store)).toEqual(before);
    const runs = await t.runtime.store.listRuns(3);
    expect(runs[0]?.kind).toBe('records');
  });
});
