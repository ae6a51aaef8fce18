/**
 * HubSpot webhooks: signature v3 over method + full URL + raw body + timestamp, 5-minute replay window,
 * eventId deduplication, fast ack with a targeted sync handed to the queue; and a real delivery from the
 * HubSpot sandbox's dispatcher (its own signer) landing in the app.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SyncRecordRef } from '../../../src/queue/types.ts';
import type { RunKind } from '../../../src/domain/run-kind.ts';
import { signedWebhook, startTestServer, type TestServer } from './http-helpers.ts';

const enqueued: SyncRecordRef[][] = [];
let failEnqueue = false;
const enqueue = {
  enqueueSync: async (_kind: RunKind) => 'job-sync',
  enqueueRecords: async (refs: readonly SyncRecordRef[]) => {
    if (failEnqueue) throw new Error('redis down');
    enqueued.push([...refs]);
    return `job-${enqueued.length}`;
  },
};

let t: TestServer;
let secret: string;
beforeAll(async () => {
  t = await startTestServer({
    app: { enqueue },
    sandboxes: { hubspot: { webhooks: { retryDelayMs: 20, maxAttempts: 2, batchDelayMs: 5 } } },
  });
  secret = t.runtime.config.connections.hubspot.webhookClientSecret ?? '';
  expect(secret).not.toBe('');
});
afterAll(async () => {
  await t?.close();
});
beforeEach(() => {
  enqueued.length = 0;
  failEnqueue = false;
});

let nextEventId = 1000;
const event = (objectId: number, extra: Record<string, unknown> = {}) => ({
  eventId: nextEventId++,
  subscriptionId: 1,
  portalId: 1,
  appId: 1,
  occurredAt: Date.now(),
  subscriptionType: 'contact.propertyChange',
  attemptNumber: 0,
  objectId,
  propertyName: 'hs_lead_status',
  propertyValue: 'OPEN',
  changeSource: 'CRM_UI',
  ...extra,
});

const signed = (body: string, options: { at?: number; key?: string; url?: string } = {}): RequestInit =>
  signedWebhook(options.url ?? `${t.url}/webhooks/hubspot`, body, options.key ?? secret, options.at);

const post = (init: RequestInit) => fetch(`${t.url}/webhooks/hubspot`, init);

describe('POST /webhooks/hubspot', () => {
  it('accepts a valid signature, acks fast and hands the contact ids to the queue once each', async () => {
    const body = JSON.stringify([
      event(101),
      event(102),
      event(101),
      event(7, { subscriptionType: 'deal.creation' }),
    ]);
    const res = await post(signed(body));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: 4, duplicates: 0, records: 2, rejected: 0 });
    expect(enqueued).toEqual([
      [
        { crm: 'hubspot', object: 'contact', id: '101' },
        { crm: 'hubspot', object: 'contact', id: '102' },
      ],
    ]);
  });

  it('rejects a tampered body, a wrong secret, a missing signature and a stale or future timestamp with 401', async () => {
    const body = JSON.stringify([event(201)]);
    const tampered = signed(body);
    expect((await post({ ...tampered, body: body.replace('201', '202') })).status).toBe(401);
    expect((await post(signed(body, { key: `${secret}x` }))).status).toBe(401);
    expect((await post(signed(body, { url: `${t.url}/webhooks/other` }))).status).toBe(401);
    expect(
      (await post({ method: 'POST', headers: { 'Content-Type': 'application/json' }, body })).status,
    ).toBe(401);
    const stale = await post(signed(body, { at: Date.now() - 6 * 60_000 }));
    expect(stale.status).toBe(401);
    expect(await stale.json()).toMatchObject({ reason: 'stale' });
    expect((await post(signed(body, { at: Date.now() + 6 * 60_000 }))).status).toBe(401);
    expect(enqueued).toEqual([]);
  });

  it('acks a replayed eventId without processing it twice', async () => {
    const body = JSON.stringify([event(301)]);
    expect((await post(signed(body))).status).toBe(200);
    const replay = await post(signed(body));
    expect(replay.status).toBe(200);
    expect(await replay.json()).toEqual({ received: 1, duplicates: 1, records: 0, rejected: 0 });
    expect(enqueued).toHaveLength(1);
  });

  it('answers 503 when the queue is down, and processes HubSpot’s redelivery', async () => {
    const body = JSON.stringify([event(401)]);
    failEnqueue = true;
    expect((await post(signed(body))).status).toBe(503);
    failEnqueue = false;
    expect((await post(signed(body))).status).toBe(200);
    expect(enqueued).toEqual([[{ crm: 'hubspot', object: 'contact', id: '401' }]]);
  });

  it('rejects a signed body that is not a list of events with 400', async () => {
    expect((await post(signed('{"not":"a list"}'))).status).toBe(400);
  });

  it('receives a real delivery signed by the HubSpot sandbox', async () => {
    const { hubspot } = t.sb;
    const headers = { Authorization: `Bearer ${hubspot.accessToken}`, 'Content-Type': 'application/json' };
    const hooks = `${hubspot.baseUrl}/webhooks/v3/${hubspot.appId}`;
    const devKey = `hapikey=${hubspot.developerApiKey}`;
    const settings = await fetch(`${hooks}/settings?${devKey}`, {
      method: 'PUT',
      headers,
      body: JSON.stringify({
        targetUrl: `${t.url}/webhooks/hubspot`,
        throttling: { maxConcurrentRequests: 10 },
      }),
    });
    expect(settings.ok).toBe(true);
    const sub = await fetch(`${hooks}/subscriptions?${devKey}`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ eventType: 'contact.propertyChange', propertyName: 'jobtitle', active: true }),
    });
    expect(sub.ok).toBe(true);
    const person = t.sb.dataset.people.find((p) => p.hubspot !== undefined);
    const contactId = person && hubspot.store.contactIdForPersonKey(person.key);
    expect(contactId).toBeDefined();
    hubspot.store.updateContact(String(contactId), { jobtitle: 'Head of Webhooks' });
    await hubspot.webhooksIdle();
    expect(hubspot.webhookStats()).toMatchObject({ failedAttempts: 0, droppedBatches: 0 });
    expect(enqueued.flat()).toContainEqual({ crm: 'hubspot', object: 'contact', id: String(contactId) });
  });
});
