/**
 * `POST /webhooks/hubspot`: HubSpot webhook deliveries (a JSON array of ≤ 100 events). The raw body is
 * checked against `X-HubSpot-Signature-v3` (401 when missing, stale or wrong), redelivered `eventId`s are
 * acknowledged without being processed again, and the changed contacts are handed to the queue as a
 * targeted sync. HubSpot waits 5 s for the answer before retrying, so the handler only enqueues.
 * https://developers.hubspot.com/docs/api-reference/webhooks-webhooks-v3/guide
 */
import type { RequestHandler } from 'express';
import { z } from 'zod';
import type { SyncRecordRef } from '../queue/types.ts';
import type { AppDeps } from './app-deps.ts';
import { checkSignatureV3 } from './hubspot-signature.ts';

/** Vendor shape, parsed loosely: only what a targeted sync needs. HubSpot's object ids are numeric. */
const HsWebhookEvent = z.looseObject({
  eventId: z.union([z.number(), z.string().min(1).max(100)]),
  subscriptionType: z.string().max(200),
  objectId: z.union([z.number().int().nonnegative(), z.string().regex(/^\d{1,30}$/)]).nullish(),
  occurredAt: z.number().nullish(),
  attemptNumber: z.number().nullish(),
});
type HsWebhookEvent = z.infer<typeof HsWebhookEvent>;
/** HubSpot sends at most 100 events a request; the cap leaves room and bounds the work of one request. */
const HsWebhookBatch = z.array(z.unknown()).max(1000);

interface RejectedEvent {
  readonly index: number;
  readonly problem: string;
}

/**
 * The events of a delivery one by one: a malformed event is rejected alone (named by its index), so one bad
 * event cannot make HubSpot redeliver, and finally drop, the good ones beside it.
 */
function readEvents(items: readonly unknown[]): { events: HsWebhookEvent[]; rejected: RejectedEvent[] } {
  const events: HsWebhookEvent[] = [];
  const rejected: RejectedEvent[] = [];
  items.forEach((item, index) => {
    const parsed = HsWebhookEvent.safeParse(item);
    if (parsed.success) events.push(parsed.data);
    else {
      const issue = parsed.error.issues[0];
      rejected.push({
        index,
        problem: `${issue?.path.join('.') || '(event)'}: ${issue?.message ?? 'invalid'}`,
      });
    }
  });
  return { events, rejected };
}

/** Leave time for HubSpot's 5 s budget: an enqueue slower than this is answered 503 (HubSpot retries). */
const ENQUEUE_TIMEOUT_MS = 3_000;

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`enqueue took longer than ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export function postHubSpotWebhook(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    const secret = deps.runtime.config.connections.hubspot.webhookClientSecret;
    const log = deps.logger.child({ route: 'webhooks/hubspot' });
    if (secret === undefined) {
      log.error('webhook received but connections.hubspot.webhookClientSecret is not configured');
      res.status(401).json({ error: 'unauthorized' });
      return;
    }
    const body = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
    const base = deps.publicUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;
    const check = checkSignatureV3({
      secret,
      method: req.method,
      url: `${base.replace(/\/$/, '')}${req.originalUrl}`,
      body,
      signature: req.get('x-hubspot-signature-v3'),
      timestamp: req.get('x-hubspot-request-timestamp'),
      now: deps.runtime.clock(),
    });
    if (!check.ok) {
      log.warn({ reason: check.reason }, 'webhook rejected: signature check failed');
      res.status(401).json({ error: 'unauthorized', reason: check.reason });
      return;
    }
    let items: unknown[];
    try {
      items = HsWebhookBatch.parse(JSON.parse(body));
    } catch {
      res
        .status(400)
        .json({ error: 'INVALID_BODY', message: 'expected a JSON array of at most 1,000 webhook events' });
      return;
    }
    const { events, rejected } = readEvents(items);
    if (rejected.length > 0)
      log.warn(
        { rejected: rejected.slice(0, 10), count: rejected.length, events: items.length },
        'webhook events rejected: not HubSpot webhook events (the rest of the delivery is processed)',
      );
    const fresh = new Set(deps.dedupe.claim(events.map((e) => String(e.eventId))));
    const refs = new Map<string, SyncRecordRef>();
    for (const e of events) {
      if (!fresh.has(String(e.eventId)) || !e.subscriptionType.startsWith('contact.') || e.objectId == null)
        continue;
      const id = String(e.objectId);
      refs.set(id, { crm: 'hubspot', object: 'contact', id });
    }
    try {
      if (refs.size > 0) await withTimeout(handOff(deps, [...refs.values()]), ENQUEUE_TIMEOUT_MS);
    } catch (err) {
      deps.dedupe.release([...fresh]);
      log.error(
        { err, records: refs.size },
        'webhook accepted but the targeted sync could not be queued; HubSpot will retry',
      );
      res.status(503).json({ error: 'UNAVAILABLE', message: 'could not queue the sync; retry later' });
      return;
    }
    const answer = {
      received: items.length,
      duplicates: events.length - fresh.size,
      records: refs.size,
      rejected: rejected.length,
    };
    log.info(answer, 'webhook accepted');
    res.status(200).json(answer);
  };
}

/**
 * With a queue: a targeted records job. Embedded (no queue): linked people are marked dirty (durable, so
 * nothing is lost if this process stops) and a targeted sync runs here after the answer; contacts not
 * linked yet are read by it too, and found by the next incremental pull anyway.
 */
async function handOff(deps: AppDeps, refs: SyncRecordRef[]): Promise<void> {
  if (deps.enqueue) {
    await deps.enqueue.enqueueRecords(refs);
    return;
  }
  const links = await deps.runtime.store.getLinksByRefs(refs);
  const people = [...new Set([...links.values()].map((l) => l.personId))];
  if (people.length > 0) await deps.runtime.store.markDirty(people);
  deps.records?.submit(refs);
}
