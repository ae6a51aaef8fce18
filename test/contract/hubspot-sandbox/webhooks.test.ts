/** Webhooks v3: settings and subscriptions through @hubspot/api-client, signed batched delivery, retries. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, Signature } from '@hubspot/api-client';
import type { SubscriptionCreateRequest } from '@hubspot/api-client/lib/codegen/webhooks/index.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  startHubSpotSandbox,
  type RunningHubSpotSandbox,
} from '../../../connectors/hubspot/sandbox/index.ts';
import { tinyDataset } from '../../helpers/tiny-dataset.ts';

interface Delivery {
  headers: Record<string, string | string[] | undefined>;
  body: string;
  events: Array<Record<string, unknown>>;
}

let sandbox: RunningHubSpotSandbox;
let client: Client;
let receiver: Server;
let targetUrl: string;
const deliveries: Delivery[] = [];
let failNext = 0;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (failNext > 0) {
        failNext -= 1;
        res.writeHead(500).end();
        return;
      }
      const body = Buffer.concat(chunks).toString('utf8');
      deliveries.push({
        headers: req.headers,
        body,
        events: JSON.parse(body) as Array<Record<string, unknown>>,
      });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  targetUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/hubspot?source=sandbox`;
  sandbox = await startHubSpotSandbox({
    dataset: tinyDataset({ people: 150 }),
    webhooks: { retryDelayMs: 20, maxAttempts: 3 },
  });
  client = new Client({
    accessToken: sandbox.accessToken,
    developerApiKey: sandbox.developerApiKey,
    basePath: sandbox.baseUrl,
    numberOfApiCallRetries: 0,
  });
  await client.webhooks.settingsApi.configure(sandbox.appId, {
    targetUrl,
    throttling: { maxConcurrentRequests: 10 },
  });
  for (const sub of [
    { eventType: 'contact.propertyChange', propertyName: 'hs_lead_status', active: true },
    { eventType: 'contact.creation', active: true },
    { eventType: 'contact.deletion', active: true },
  ]) {
    await client.webhooks.subscriptionsApi.create(sandbox.appId, sub as SubscriptionCreateRequest);
  }
});
afterAll(async () => {
  await sandbox.close();
  await new Promise((resolve) => receiver.close(resolve));
});
beforeEach(() => {
  deliveries.length = 0;
});

describe('webhook management', () => {
  it('reads back settings and subscriptions', async () => {
    expect((await client.webhooks.settingsApi.getAll(sandbox.appId)).targetUrl).toBe(targetUrl);
    const subs = await client.webhooks.subscriptionsApi.getAll(sandbox.appId);
    expect(subs.results.map((s) => s.eventType).sort()).toEqual([
      'contact.creation',
      'contact.deletion',
      'contact.propertyChange',
    ]);
  });

  it('refuses the webhooks API without a developer key or token', async () => {
    const res = await fetch(`${sandbox.baseUrl}/webhooks/v3/${sandbox.appId}/settings`);
    expect(res.status).toBe(401);
  });
});

describe('delivery', () => {
  it('signs each batch with a valid X-HubSpot-Signature-v3 and attributes API writes to the integration', async () => {
    await client.crm.contacts.batchApi.update({
      inputs: [{ id: '101', properties: { hs_lead_status: 'OPEN' } }],
    });
    await sandbox.webhooksIdle();
    expect(deliveries).toHaveLength(1);
    const [delivery] = deliveries;
    const timestamp = Number(delivery?.headers['x-hubspot-request-timestamp']);
    expect(delivery?.headers['x-hubspot-signature-version']).toBe('v3');
    const valid = Signature.isValid({
      signature: String(delivery?.headers['x-hubspot-signature-v3']),
      clientSecret: sandbox.clientSecret,
      requestBody: delivery?.body ?? '',
      url: targetUrl,
      method: 'POST',
      signatureVersion: 'v3',
      timestamp,
    });
    expect(valid).toBe(true);
    expect(delivery?.events).toEqual([
      expect.objectContaining({
        subscriptionType: 'contact.propertyChange',
        objectId: 101,
        propertyName: 'hs_lead_status',
        propertyValue: 'OPEN',
        changeSource: 'INTEGRATION',
        sourceId: String(sandbox.appId),
        portalId: sandbox.portalId,
        appId: sandbox.appId,
        attemptNumber: 0,
      }),
    ]);
  });

  it('sends creation, UI changes and deletion, and batches at most 100 events per request', async () => {
    const created = sandbox.store.createContact({ email: 'hook@example.com', hs_lead_status: 'NEW' });
    sandbox.store.archiveContact(created.id);
    const inputs = (start: number) =>
      Array.from({ length: 75 }, (_, i) => ({
        id: String(start + i),
        properties: { hs_lead_status: 'CONNECTED' },
      }));
    await client.crm.contacts.batchApi.update({ inputs: inputs(101) });
    await client.crm.contacts.batchApi.update({ inputs: inputs(176) });
    await sandbox.webhooksIdle();
    const events = deliveries.flatMap((d) => d.events);
    expect(Math.max(...deliveries.map((d) => d.events.length))).toBeLessThanOrEqual(100);
    expect(
      events
        .filter((e) => e.objectId === Number(created.id))
        .map((e) => [e.subscriptionType, e.changeSource]),
    ).toEqual([
      ['contact.creation', 'CRM_UI'],
      ['contact.propertyChange', 'CRM_UI'],
      ['contact.deletion', 'CRM_UI'],
    ]);
    expect(events.filter((e) => e.propertyValue === 'CONNECTED')).toHaveLength(150);
  });

  it('retries a failed batch with a higher attemptNumber', async () => {
    failNext = 1;
    sandbox.store.updateContact('101', { hs_lead_status: 'BAD_TIMING' });
    await sandbox.webhooksIdle();
    expect(deliveries.map((d) => d.events[0]?.attemptNumber)).toEqual([1]);
    expect(sandbox.webhookStats()).toMatchObject({ failedAttempts: 1 });
  });
});
