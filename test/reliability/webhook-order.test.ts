/**
 * Out-of-order and duplicated webhooks, as a burst: 20 contacts each changed twice, then 1,000 events about
 * them (10,000 with LEADLOOP_CAMPAIGN=full) delivered shuffled (older changes after newer ones), with a
 * quarter of them HubSpot redeliveries of an eventId already sent, in signed bodies of 1,000. A webhook only names the contact; the targeted run
 * reads its current state, so the newest value wins whatever the order, each person is synced once for
 * the burst (the embedded runner folds the deliveries into one run), and replays are acknowledged unprocessed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecordsRunner, type RecordsRunner } from '../../src/http/records-runner.ts';
import { runSync } from '../../src/sync/run-sync.ts';
import { signedWebhook, startTestServer, type TestServer } from '../contract/http/http-helpers.ts';
import { Prng } from '../../connectors/sandbox/prng.ts';

const CONTACTS = 20;
const EVENTS = process.env['LEADLOOP_CAMPAIGN'] === 'full' ? 10_000 : 1_000;
const PER_BODY = 1_000;

let runner: RecordsRunner | undefined;
const records: RecordsRunner = {
  submit: (refs) => runner?.submit(refs),
  idle: async () => runner?.idle(),
};

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ sandboxes: { people: 60 }, app: { records } });
  // Settles long enough for the whole burst to arrive before the targeted run starts.
  runner = createRecordsRunner(t.runtime, t.runtime.logger, { settleMs: 1_500 });
});
afterAll(async () => {
  await t?.close();
});

describe('a burst of out-of-order and duplicated webhooks', () => {
  it('syncs each person once for the burst, and the newest value wins', async () => {
    await runSync(t.runtime, { kind: 'full' });
    const people = t.sb.dataset.people
      .filter((p) => p.hubspot && p.salesforceLead && !p.salesforceLead.isConverted)
      .slice(0, CONTACTS);
    expect(people).toHaveLength(CONTACTS);
    const ids = people.map((p) => {
      const id = t.sb.hubspot.store.contactIdForPersonKey(p.key);
      if (!id) throw new Error(`no HubSpot contact for ${p.key}`);
      return id;
    });
    ids.forEach((id, i) => {
      t.sb.hubspot.store.updateContact(id, { jobtitle: `Older title ${i}` });
      t.sb.hubspot.store.updateContact(id, { jobtitle: `Newest title ${i}` });
    });

    const seeded = new Prng(5);
    const random = (): number => seeded.next();
    const events: Record<string, unknown>[] = [];
    let replays = 0;
    for (let n = 0; n < EVENTS; n++) {
      const i = Math.floor(random() * CONTACTS);
      const replayOf = n > 0 && random() < 0.25 ? events[Math.floor(random() * events.length)] : undefined;
      if (replayOf) replays++;
      events.push(
        replayOf ?? {
          eventId: 50_000 + n,
          subscriptionId: 1,
          portalId: 1,
          appId: 1,
          // Older changes are announced with older times; the shuffle below delivers them in any order.
          occurredAt: Date.now() - Math.floor(random() * 600_000),
          subscriptionType: 'contact.propertyChange',
          attemptNumber: replayOf ? 1 : 0,
          objectId: Number(ids[i]),
          propertyName: 'jobtitle',
          propertyValue: random() < 0.5 ? `Older title ${i}` : `Newest title ${i}`,
        },
      );
    }
    for (let n = events.length - 1; n > 0; n--) {
      const k = Math.floor(random() * (n + 1));
      [events[n], events[k]] = [events[k] ?? {}, events[n] ?? {}];
    }

    const url = `${t.url}/webhooks/hubspot`;
    const secret = t.runtime.config.connections.hubspot.webhookClientSecret ?? '';
    let duplicates = 0;
    for (let b = 0; b < EVENTS / PER_BODY; b++) {
      const body = JSON.stringify(events.slice(b * PER_BODY, (b + 1) * PER_BODY));
      const res = await fetch(url, signedWebhook(url, body, secret));
      expect(res.status).toBe(200);
      duplicates += ((await res.json()) as { duplicates: number }).duplicates;
    }
    await runner?.idle();

    expect(duplicates).toBeGreaterThanOrEqual(replays);
    const targeted = (await t.runtime.store.listRuns(50)).filter((r) => r.kind === 'records');
    expect(targeted).toHaveLength(1);
    expect(targeted[0]?.stats).toMatchObject({
      peopleProcessed: CONTACTS,
      'writes.salesforce.Title': CONTACTS,
    });
    for (const [i, p] of people.entries()) {
      const leadId = t.sb.salesforce.store.leadIdForPersonKey(p.key) ?? '';
      expect(t.sb.salesforce.store.get('Lead', leadId)?.['Title']).toBe(`Newest title ${i}`);
    }
    process.stdout.write(
      `webhook burst: ${EVENTS} events (${replays} redeliveries, ${duplicates} acknowledged as duplicates) for ${CONTACTS} contacts: 1 targeted run, ${CONTACTS} people synced once, newest value everywhere\n`,
    );
  }, 120_000);
});
