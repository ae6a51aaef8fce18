/**
 * Batch throughput of the state stores: `node test/bench/state-store.bench.ts [rows] [batch] [sqlite|redis|both]`.
 * sqlite runs on a WAL file in a temp dir; redis on REDIS_URL or a private redis-server.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { Activity } from '../../src/domain/activity.ts';
import { createRedisStore } from '../../src/state/redis/redis-store.ts';
import { openSqliteStore } from '../../src/state/sqlite/sqlite-store.ts';
import type { RecordSnapshot, StateStore } from '../../src/state/types.ts';
import { startRedis } from '../helpers/redis-server.ts';
import type { PersonLink } from '../../src/domain/person-link.ts';

const rows = Number(process.argv[2] ?? 100_000);
const batch = Number(process.argv[3] ?? 1_000);
const only = process.argv[4] ?? 'both';
const now = '2026-03-01T00:00:00.000Z';

const links: PersonLink[] = Array.from({ length: rows }, (_, i) => ({
  personId: `p${i}`,
  hubspotId: `${100000 + i}`,
  salesforceLeadId: i % 2 === 0 ? `00Q${i}` : null,
  salesforceContactId: i % 2 === 1 ? `003${i}` : null,
  email: `user${i}@example.com`,
  updatedAt: now,
}));
const snapshots: RecordSnapshot[] = links.map((l) => ({
  crm: 'hubspot',
  object: 'contact',
  id: l.hubspotId ?? '',
  fields: {
    email: l.email,
    firstname: 'Ann',
    lastname: 'Example',
    jobtitle: 'CTO',
    leadloop_score: 42,
    hs_lead_status: 'OPEN',
  },
  modifiedAt: now,
  syncedAt: now,
}));
const activities: Activity[] = links.map((l, i) => ({
  crm: 'hubspot',
  sourceId: `ev${i}`,
  recordId: l.hubspotId ?? '',
  type: 'page_view',
  occurredAt: new Date(Date.parse(now) - i * 1000).toISOString(),
  url: `https://example.com/pricing?i=${i}`,
}));

async function time(
  label: string,
  store: StateStore,
  run: (s: StateStore) => Promise<unknown>,
): Promise<void> {
  const started = performance.now();
  await run(store);
  const ms = performance.now() - started;
  console.log(
    `${store.kind.padEnd(6)} ${label.padEnd(14)} ${rows} rows in ${ms.toFixed(0).padStart(6)} ms = ${Math.round((rows / ms) * 1000).toLocaleString('en')} rows/s`,
  );
}

async function inBatches<T>(items: readonly T[], put: (part: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += batch) await put(items.slice(i, i + batch));
}

async function bench(store: StateStore): Promise<void> {
  await time('putLinks', store, (s) => inBatches(links, (p) => s.putLinks(p)));
  await time('putSnapshots', store, (s) => inBatches(snapshots, (p) => s.putSnapshots(p)));
  await time('putActivities', store, (s) => inBatches(activities, (p) => s.putActivities(p)));
  await time('getLinksByRefs', store, (s) =>
    inBatches(links, (p) =>
      s.getLinksByRefs(p.map((l) => ({ crm: 'hubspot', object: 'contact', id: l.hubspotId ?? '' }))),
    ),
  );
  await time('markDirty', store, (s) => inBatches(links, (p) => s.markDirty(p.map((l) => l.personId))));
}

console.log(`state store bench: ${rows} rows, batches of ${batch}`);
if (only !== 'redis') {
  const dir = mkdtempSync(join(tmpdir(), 'leadloop-bench-'));
  const sqlite = openSqliteStore(join(dir, 'state.sqlite'));
  await bench(sqlite);
  await sqlite.close();
  rmSync(dir, { recursive: true, force: true });
}

if (only !== 'sqlite') {
  const server = await startRedis();
  const client = new Redis(server.url);
  const redisStore = createRedisStore(client, { keyPrefix: 'bench:{state}:' });
  await redisStore.clear();
  await bench(redisStore);
  await redisStore.clear();
  await client.quit();
  await server.stop();
}
