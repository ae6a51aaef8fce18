/**
 * §B5 #9, the org's cap on concurrent long-running requests (25 calls of 20 s or more in production). Here
 * the cap is scaled down to 2 calls counted as long from their first millisecond, and every call is held
 * open 150 ms, so three parallel pulls (as several queue workers on one org make) always find the cap
 * full: the third call is refused with 403 REQUEST_LIMIT_EXCEEDED "ConcurrentPerOrgLongTxn" whatever the
 * machine's speed. The connection resends a refused call after a jittered backoff (its five resends
 * outlast the two pulls holding the slots), so every pull completes and reads each row once. The daily
 * `TotalRequests` limit, the same code, is never resent (`limit-policies.sandbox.test.ts`).
 */
import { afterEach, expect, it } from 'vitest';
import type { PersonRecord } from '../../src/domain/person.ts';
import {
  drain,
  harness,
  leadPeople,
  world,
  type Harness,
} from '../contract/salesforce-connector/sandbox-world.ts';

const SIGNPOST = new Date('2026-03-01T12:00:00.000Z');
const stamp = (i: number) => new Date(Date.parse('2026-02-01T00:00:00.000Z') + i * 1000).toISOString();
const PULLS = 3;
const ROWS = 600;

let h: Harness | undefined;
afterEach(async () => {
  await h?.sandbox.close();
  h = undefined;
});

it('parallel pulls past the cap are refused ConcurrentPerOrgLongTxn, backed off with jitter, and all complete', async () => {
  h = await harness(
    world(leadPeople(ROWS, stamp)),
    { maxQueryBatchSize: 200, longRequestLimit: { max: 2, longAfterMs: 0 }, faults: { latencyMs: 150 } },
    { retryBaseMs: 100 },
  );
  const sf = h.sf;
  const started = Date.now();
  const pulls = await Promise.all(
    Array.from({ length: PULLS }, () =>
      drain<PersonRecord>(
        sf.pullChanges('lead', null, { signpost: SIGNPOST, fields: ['FirstName', 'Title'] }),
      ),
    ),
  );
  const { refused, peakInFlight } = h.sandbox.longRequests();
  const retries = sf.usage().retries;
  process.stdout.write(
    `concurrent long requests: ${PULLS} parallel pulls, peak ${peakInFlight} in flight, ${refused} refused, ` +
      `${retries} resends, ${Date.now() - started} ms\n`,
  );
  for (const { items } of pulls) {
    expect(items).toHaveLength(ROWS);
    expect(new Set(items.map((r) => r.id)).size).toBe(ROWS);
  }
  expect(peakInFlight).toBe(2);
  expect(refused).toBeGreaterThan(0);
  // Each refusal is resent once (no storm of extra calls), and nothing else failed.
  expect(retries).toBe(refused);
  expect(h.logText()).toContain('ConcurrentPerOrgLongTxn');
});
