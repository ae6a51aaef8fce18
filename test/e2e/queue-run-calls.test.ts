/**
 * A BullMQ run records its API calls as an in-process run does: two `leadloop worker` processes share a
 * full sync (the pull on one, chunks of 20 people on both, the commit on either), then an incremental
 * one after an edit. Each run's `apiCalls.<crm>` in the stored summary equals what the sandboxes counted
 * while that run went on (their counters reset once both workers are idle), and the per-family counters
 * add up to it. Calls a worker makes outside a run (identity binding at start) belong to no run.
 */
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { generateDataset } from '../../connectors/sandbox/generate.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { createSyncProducer } from '../../src/queue/sync-producer.ts';
import type { RunKind } from '../../src/domain/run-kind.ts';
import { openStateStore } from '../../src/state/open-store.ts';
import type { RunSummary } from '../../src/state/types.ts';
import { startRedis } from '../helpers/redis-server.ts';
import { SANDBOX_TEST_NOW, withSandboxes } from '../helpers/sandboxes.ts';
import { startWorkerProcess, until, type Cleanup, type WorkerProcess } from '../helpers/worker-process.ts';
import { writeWorldConfig } from './world-config.ts';

const RUN_DEADLINE_MS = 60_000;

const cleanups: Cleanup[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

const committedRuns = (workers: readonly WorkerProcess[]): number =>
  workers.flatMap((w) => w.logs).filter((l) => l['msg'] === 'run committed').length;

const chunkLogs = (w: WorkerProcess): number => w.logs.filter((l) => l['msg'] === 'chunk processed').length;

/** `apiCalls.<crm>.<family>` of one CRM, summed. */
const familySum = (stats: RunSummary['stats'], crm: string): number =>
  Object.entries(stats)
    .filter(([k]) => k.startsWith(`apiCalls.${crm}.`))
    .reduce((sum, [, v]) => sum + Number(v), 0);

it('a run shared by two workers records the calls the sandboxes counted for it', async () => {
  const redis = await startRedis({ args: [] });
  cleanups.push(() => redis.stop());
  const sb = await withSandboxes({
    dataset: generateDataset({ people: 160, seed: 31, now: SANDBOX_TEST_NOW }),
  });
  cleanups.push(() => sb.close());
  const config = join(sb.dir, 'workers.yaml');
  await writeWorldConfig(config, sb, { state: { type: 'redis', url: redis.url }, logLevel: 'debug' });

  const args = ['--concurrency', '2', '--chunk-size', '20'];
  const workers = [startWorkerProcess(cleanups, config, args), startWorkerProcess(cleanups, config, args)];
  for (const w of workers)
    await until('a worker to start', 20_000, async () => {
      if (w.cli.child.exitCode !== null) throw new Error(`worker exited early:\n${w.cli.output()}`);
      return w.cli.output().includes('waiting for jobs') ? true : undefined;
    });

  const store = await openStateStore({ type: 'redis', url: redis.url });
  cleanups.push(() => store.close());
  const producer = createSyncProducer({ redisUrl: redis.url, logger: createLogger({ level: 'silent' }) });
  cleanups.push(() => producer.close());

  // One run at a time, from idle workers to the commit job's end (the summary's last update is made
  // after the commit phase returns, so a "succeeded" status alone could be read a moment early).
  const run = async (
    kind: RunKind,
  ): Promise<{ summary: RunSummary; hubspot: number; salesforce: number }> => {
    sb.hubspot.resetStats();
    sb.salesforce.resetStats();
    const committedBefore = committedRuns(workers);
    await producer.enqueueSync(kind, 'test');
    await until('the run to commit', RUN_DEADLINE_MS, async () =>
      committedRuns(workers) > committedBefore ? true : undefined,
    );
    const [summary] = await store.listRuns(1);
    if (!summary) throw new Error('no run recorded');
    return { summary, hubspot: sb.hubspot.stats().totalCalls, salesforce: sb.salesforce.stats().totalCalls };
  };

  const full = await run('full');
  expect(full.summary.kind).toBe('full');
  expect(full.summary.status).toBe('succeeded');
  // Both workers took chunks, so the calls really came from several processes.
  expect(workers.map(chunkLogs).every((n) => n > 0)).toBe(true);
  expect(full.hubspot).toBeGreaterThan(20);
  expect(full.salesforce).toBeGreaterThan(5);
  expect({
    hubspot: full.summary.stats['apiCalls.hubspot'],
    salesforce: full.summary.stats['apiCalls.salesforce'],
  }).toEqual({ hubspot: full.hubspot, salesforce: full.salesforce });
  expect(familySum(full.summary.stats, 'hubspot')).toBe(full.hubspot);
  expect(familySum(full.summary.stats, 'salesforce')).toBe(full.salesforce);

  // The next run counts only its own calls, whichever worker made the previous run's.
  const id = sb.dataset.people
    .map((p) => sb.hubspot.store.contactIdForPersonKey(p.key))
    .find((found) => found !== undefined);
  if (id === undefined) throw new Error('dataset has no HubSpot contact');
  sb.hubspot.store.updateContact(id, { jobtitle: 'Chief Revenue Officer' });
  const incremental = await run('incremental');
  expect(incremental.summary.runId).not.toBe(full.summary.runId);
  expect(incremental.summary.status).toBe('succeeded');
  expect({
    hubspot: incremental.summary.stats['apiCalls.hubspot'],
    salesforce: incremental.summary.stats['apiCalls.salesforce'],
  }).toEqual({ hubspot: incremental.hubspot, salesforce: incremental.salesforce });
  expect(incremental.hubspot).toBeLessThan(full.hubspot);
}, 150_000);
