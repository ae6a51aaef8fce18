/**
 * Webhook payload campaign: seeded deliveries to `POST /webhooks/hubspot`, each mixing valid contact events
 * with malformed ones (wrong types, missing fields, unknown subscriptions, huge and unicode strings, junk
 * values), some not a list, truncated or over the size cap, some with a bad signature or a replayed
 * timestamp, and one of 1,000 events. The generator knows which events are valid, so the answer is checked
 * against it: 200 with exactly the valid new contacts queued and the rest counted as rejected; 400 for a body
 * that is not a list; 401 for a failed signature; 413 over the cap; never a 500. CI runs 150 deliveries,
 * `npm run test:reliability` 1,000.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncRecordRef } from '../../src/queue/types.ts';
import { signedWebhook, startTestServer, type TestServer } from '../contract/http/http-helpers.ts';
import { Prng } from '../../connectors/sandbox/prng.ts';

const FULL = process.env['LEADLOOP_CAMPAIGN'] === 'full';
const DELIVERIES = FULL ? 1_000 : 150;

const queued: SyncRecordRef[][] = [];
const enqueue = {
  enqueueSync: async () => 'job-sync',
  enqueueRecords: async (refs: readonly SyncRecordRef[]) => {
    queued.push([...refs]);
    return `job-${queued.length}`;
  },
};

type Expect =
  | { readonly status: 200; readonly contacts: readonly string[]; readonly rejected: number }
  | { readonly status: 400 | 401 | 413 };

interface Delivery {
  readonly what: string;
  readonly body: string;
  readonly sign: 'good' | 'bad' | 'stale';
  readonly expect: Expect;
}

let eventIds = 1;

function validEvent(random: () => number): { event: Record<string, unknown>; contact: string | null } {
  const objectId = 1 + Math.floor(random() * 500);
  const type =
    random() < 0.8 ? 'contact.propertyChange' : random() < 0.5 ? 'deal.creation' : 'company.creation';
  return {
    event: {
      eventId: eventIds++,
      subscriptionId: 1,
      portalId: 1,
      appId: 1,
      occurredAt: Date.now() - Math.floor(random() * 60_000),
      subscriptionType: type,
      attemptNumber: 0,
      objectId: random() < 0.5 ? objectId : String(objectId),
      propertyName: 'email',
      propertyValue: random() < 0.3 ? '💥\u0000'.repeat(50) : 'ann@acme.example',
    },
    contact: type.startsWith('contact.') ? String(objectId) : null,
  };
}

const MALFORMED: readonly ((random: () => number) => unknown)[] = [
  () => null,
  () => 42,
  () => 'contact.creation',
  () => [],
  () => ({}),
  () => ({ eventId: eventIds++, objectId: 5 }),
  () => ({ eventId: eventIds++, subscriptionType: 7, objectId: 5 }),
  () => ({ eventId: eventIds++, subscriptionType: 'contact.creation', objectId: 'DROP TABLE' }),
  () => ({ eventId: eventIds++, subscriptionType: 'contact.creation', objectId: -3 }),
  () => ({ eventId: eventIds++, subscriptionType: 'contact.creation', objectId: 1.5 }),
  () => ({ eventId: { nested: true }, subscriptionType: 'contact.creation', objectId: 5 }),
  () => ({ eventId: eventIds++, subscriptionType: 'x'.repeat(10_000), objectId: 5 }),
  () => ({ eventId: '', subscriptionType: 'contact.creation', objectId: 5 }),
  (random) => ({
    eventId: eventIds++,
    subscriptionType: 'contact.creation',
    objectId: 9,
    occurredAt: random() < 0.5 ? 'yesterday' : {},
  }),
];

function delivery(random: () => number, n: number): Delivery {
  const roll = random();
  if (n === 0) {
    const events = Array.from({ length: 1_000 }, () => validEvent(random));
    return {
      what: '1,000 valid events in one body',
      body: JSON.stringify(events.map((e) => e.event)),
      sign: 'good',
      expect: { status: 200, contacts: events.flatMap((e) => (e.contact ? [e.contact] : [])), rejected: 0 },
    };
  }
  if (roll < 0.08)
    return {
      what: 'not a list',
      body: JSON.stringify({ events: [] }),
      sign: 'good',
      expect: { status: 400 },
    };
  if (roll < 0.14) {
    const text = JSON.stringify([validEvent(random).event, validEvent(random).event]);
    return {
      what: 'truncated JSON',
      body: text.slice(0, Math.floor(random() * (text.length - 1))),
      sign: 'good',
      expect: { status: 400 },
    };
  }
  if (roll < 0.18)
    return {
      what: '1,001 events',
      body: JSON.stringify(Array.from({ length: 1_001 }, () => validEvent(random).event)),
      sign: 'good',
      expect: { status: 400 },
    };
  if (roll < 0.21)
    return {
      what: 'over 1 MB',
      body: JSON.stringify([{ ...validEvent(random).event, propertyValue: 'x'.repeat(1_100_000) }]),
      sign: 'good',
      expect: { status: 413 },
    };
  const items: unknown[] = [];
  const contacts: string[] = [];
  let rejected = 0;
  const count = 1 + Math.floor(random() * 30);
  for (let i = 0; i < count; i++) {
    if (random() < 0.3) {
      const make = MALFORMED[Math.floor(random() * MALFORMED.length)];
      items.push(make ? make(random) : null);
      rejected++;
    } else {
      const e = validEvent(random);
      items.push(e.event);
      if (e.contact) contacts.push(e.contact);
    }
  }
  const body = JSON.stringify(items);
  if (roll < 0.27) return { what: 'bad signature', body, sign: 'bad', expect: { status: 401 } };
  if (roll < 0.31)
    return { what: 'replayed timestamp (10 min old)', body, sign: 'stale', expect: { status: 401 } };
  return {
    what: `${count} events, ${rejected} malformed`,
    body,
    sign: 'good',
    expect: { status: 200, contacts, rejected },
  };
}

let t: TestServer;
let secret: string;
beforeAll(async () => {
  t = await startTestServer({ app: { enqueue } });
  secret = t.runtime.config.connections.hubspot.webhookClientSecret ?? '';
  expect(secret).not.toBe('');
});
afterAll(async () => {
  await t?.close();
});

describe(`webhook payloads: ${DELIVERIES} seeded deliveries`, () => {
  it('each is answered as its content deserves, never with a 500, and queues exactly the valid contacts', async () => {
    const seeded = new Prng(23);
    const random = (): number => seeded.next();
    const url = `${t.url}/webhooks/hubspot`;
    const tally = new Map<number, number>();
    for (let n = 0; n < DELIVERIES; n++) {
      const d = delivery(random, n);
      const at = d.sign === 'stale' ? Date.now() - 10 * 60_000 : Date.now();
      const init = signedWebhook(url, d.body, d.sign === 'bad' ? `${secret}-wrong` : secret, at);
      queued.length = 0;
      const res = await fetch(url, init);
      tally.set(res.status, (tally.get(res.status) ?? 0) + 1);
      const answer: unknown = await res.json().catch(() => null);
      expect({ n, what: d.what, status: res.status }).toEqual({ n, what: d.what, status: d.expect.status });
      if (d.expect.status !== 200) {
        expect(queued).toEqual([]);
        continue;
      }
      const unique = [...new Set(d.expect.contacts)];
      expect(answer).toMatchObject({ rejected: d.expect.rejected, records: unique.length });
      expect(
        queued
          .flat()
          .map((r) => r.id)
          .sort(),
      ).toEqual(unique.sort());
    }
    const summary = [...tally.entries()]
      .sort(([a], [b]) => a - b)
      .map(([s, c]) => `${c}×${s}`)
      .join(', ');
    process.stdout.write(`webhook payloads: ${DELIVERIES} deliveries: ${summary}; 0 answered 500\n`);
    expect(tally.get(500) ?? 0).toBe(0);
  }, 180_000);
});
