/**
 * Webhooks v3 delivery: contact changes matching active subscriptions are batched (≤ 100 events per
 * POST) to the app's target URL, signed with `X-HubSpot-Signature-v3` (HMAC-SHA256 over method + URL +
 * body + timestamp, base64, client secret as key:
 * https://developers.hubspot.com/docs/apps/developer-platform/build-apps/authentication/request-validation),
 * and retried on non-2xx, errors or 5 s timeouts a bounded number of times with growing delays.
 */
import { createHmac } from 'node:crypto';
import type { Logger } from '../../../src/lib/logger.ts';
import type { ChangeEvent } from './hubspot-store.ts';

export interface WebhookSettings {
  targetUrl: string;
  throttling: { maxConcurrentRequests: number; period?: string };
  createdAt: string;
  updatedAt?: string;
}

export interface WebhookSubscription {
  id: string;
  eventType: string;
  propertyName?: string;
  active: boolean;
  createdAt: string;
  updatedAt?: string;
}

export interface WebhookOptions {
  portalId: number;
  appId: number;
  clientSecret: string;
  /** Total attempts per batch (HubSpot: up to 10 over 24 h; the sandbox compresses the schedule). */
  maxAttempts: number;
  retryDelayMs: number;
  /** How long changes gather before a batch is sent. */
  batchDelayMs: number;
  logger: Logger;
}

export interface DeliveryStats {
  batchesDelivered: number;
  eventsDelivered: number;
  failedAttempts: number;
  droppedBatches: number;
}

const BATCH_MAX = 100;
const TIMEOUT_MS = 5_000;

export function signV3(
  clientSecret: string,
  method: string,
  url: string,
  body: string,
  timestamp: number,
): string {
  return createHmac('sha256', clientSecret).update(`${method}${url}${body}${timestamp}`).digest('base64');
}

export class WebhookDispatcher {
  settings: WebhookSettings | undefined;
  readonly subscriptions = new Map<string, WebhookSubscription>();
  readonly stats: DeliveryStats = {
    batchesDelivered: 0,
    eventsDelivered: 0,
    failedAttempts: 0,
    droppedBatches: 0,
  };
  private readonly options: WebhookOptions;
  private queue: Array<Record<string, unknown>> = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private inFlight = 0;
  private nextEventId = 1;
  private nextSubscriptionId = 1;
  private idleWaiters: Array<() => void> = [];
  private closed = false;

  constructor(options: WebhookOptions) {
    this.options = options;
  }

  subscribe(
    eventType: string,
    propertyName: string | undefined,
    active: boolean,
    nowIso: string,
  ): WebhookSubscription {
    const sub: WebhookSubscription = {
      id: String(this.nextSubscriptionId++),
      eventType,
      active,
      createdAt: nowIso,
      updatedAt: nowIso,
    };
    if (propertyName) sub.propertyName = propertyName;
    this.subscriptions.set(sub.id, sub);
    return sub;
  }

  /** Store listener: turns contact changes into queued webhook events. */
  onChanges(changes: readonly ChangeEvent[]): void {
    if (this.closed || !this.settings) return;
    for (const change of changes) {
      if (change.objectType !== 'contacts') continue;
      const subscriptionType = `contact.${change.kind}`;
      for (const sub of this.subscriptions.values()) {
        if (!sub.active || sub.eventType !== subscriptionType) continue;
        if (change.kind === 'propertyChange' && sub.propertyName !== change.propertyName) continue;
        const event: Record<string, unknown> = {
          eventId: this.nextEventId++,
          subscriptionId: Number(sub.id),
          portalId: this.options.portalId,
          appId: this.options.appId,
          occurredAt: change.occurredAtMs,
          subscriptionType,
          attemptNumber: 0,
          objectId: change.objectId,
          changeSource: change.changeSource,
        };
        if (change.sourceId) event.sourceId = change.sourceId;
        if (change.kind === 'creation') event.changeFlag = 'CREATED';
        if (change.kind === 'deletion') event.changeFlag = 'DELETED';
        if (change.kind === 'propertyChange') {
          event.propertyName = change.propertyName;
          event.propertyValue = change.propertyValue ?? '';
        }
        this.queue.push(event);
      }
    }
    if (this.queue.length > 0) this.later(() => this.pump(), this.options.batchDelayMs);
  }

  /** Resolves once nothing is queued, in flight or waiting for a retry (for tests and graceful close). */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.queue = [];
    this.settle();
  }

  private isIdle(): boolean {
    return this.queue.length === 0 && this.inFlight === 0 && this.timers.size === 0;
  }

  private settle(): void {
    if (!this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  private later(fn: () => void, ms: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
      this.settle();
    }, ms);
    this.timers.add(timer);
  }

  private pump(): void {
    const limit = this.settings?.throttling.maxConcurrentRequests ?? 10;
    while (!this.closed && this.queue.length > 0 && this.inFlight < limit) {
      const batch = this.queue.splice(0, BATCH_MAX);
      void this.deliver(batch, 0);
    }
  }

  private async deliver(batch: Array<Record<string, unknown>>, attempt: number): Promise<void> {
    const target = this.settings?.targetUrl;
    if (!target || this.closed) return;
    this.inFlight += 1;
    const body = JSON.stringify(batch.map((e) => ({ ...e, attemptNumber: attempt })));
    const timestamp = Date.now();
    let ok = false;
    try {
      const res = await fetch(target, {
        method: 'POST',
        body,
        signal: AbortSignal.timeout(TIMEOUT_MS),
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'HubSpot Connect 2.0 (http://dev.hubspot.com/) (leadloop sandbox)',
          'X-HubSpot-Signature-v3': signV3(this.options.clientSecret, 'POST', target, body, timestamp),
          'X-HubSpot-Signature-Version': 'v3',
          'X-HubSpot-Request-Timestamp': String(timestamp),
          'X-HubSpot-Timeout-Millis': String(TIMEOUT_MS),
        },
      });
      await res.arrayBuffer();
      ok = res.ok;
    } catch (err) {
      this.options.logger.debug({ err, target, attempt }, 'webhook delivery failed');
    }
    this.inFlight -= 1;
    if (ok) {
      this.stats.batchesDelivered += 1;
      this.stats.eventsDelivered += batch.length;
    } else if (attempt + 1 < this.options.maxAttempts && !this.closed) {
      this.stats.failedAttempts += 1;
      this.later(() => void this.deliver(batch, attempt + 1), this.options.retryDelayMs * 2 ** attempt);
    } else {
      this.stats.failedAttempts += 1;
      this.stats.droppedBatches += 1;
    }
    this.pump();
    this.settle();
  }
}
