/**
 * §B5 #2, SIGTERM while a `leadloop worker` holds many jobs. A worker running 20 jobs at once is sent
 * SIGTERM while it holds 20 chunk jobs of a full sync (HubSpot answering slowly, so they are all in
 * flight at once):
 * - with room in its grace period it takes no new job, finishes all 20, exits 0, and a worker started
 *   afterwards runs the rest; nothing is found stalled;
 * - with a grace period shorter than the jobs, it exits 0 at the deadline, naming the jobs it hands
 *   back; BullMQ's stalled-job check in the next worker runs exactly those again.
 * Both runs commit with no failed chunk and leave the CRMs equal to a never-interrupted full sync.
 */
import { afterAll, expect, it } from 'vitest';
import { diffCrmStates, readCrmState } from '../e2e/crm-state.ts';
import {
  chunksInHand,
  setupWorkerWorlds,
  startWorkerProcess,
  until,
  waitForRun,
  type WorkerProcess,
  type WorkerWorlds,
} from '../helpers/worker-process.ts';

const JOBS = 20;
/** BullMQ's lock and stalled check, shortened so handed-back jobs are found in seconds. */
const JOB_LOCK_MS = 2_000;
const DEADLINE_MS = 90_000;

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

function startWorker(w: WorkerWorlds, args: string[]): WorkerProcess {
  // 200 people in chunks of 8: more chunks than the worker runs at once, so some wait in the queue.
  return startWorkerProcess(
    cleanups,
    w.workersConfig,
    ['--concurrency', String(JOBS), '--chunk-size', '8', ...args],
    { LEADLOOP_JOB_LOCK_MS: String(JOB_LOCK_MS) },
  );
}

/** Starts the full run on `first` and waits until it holds `JOBS` chunk jobs with HubSpot slowed down. */
async function twentyInHand(w: WorkerWorlds, first: WorkerProcess, latencyMs: number): Promise<string[]> {
  await until('the first chunk', DEADLINE_MS, async () => {
    if (first.cli.child.exitCode !== null) throw new Error(`worker exited:\n${first.cli.output()}`);
    return chunksInHand(first).length > 0 ? true : undefined;
  });
  // Slow from here on: each chunk's writes then take seconds, so the worker fills all its slots.
  w.workers.hubspot.setFaults({ latencyMs });
  return until(`${JOBS} chunks in hand`, DEADLINE_MS, async () => {
    const open = chunksInHand(first);
    return open.length >= JOBS ? open : undefined;
  });
}

async function expectSameCrms(w: WorkerWorlds): Promise<void> {
  const [want, got] = await Promise.all([readCrmState(w.reference), readCrmState(w.workers)]);
  expect(got.counts).toEqual(want.counts);
  expect(diffCrmStates(want, got)).toEqual([]);
  expect(Object.keys(want.records).length).toBeGreaterThan(150);
}

const started = (w: WorkerProcess): string[] =>
  w.logs.filter((l) => l['msg'] === 'chunk started').map((l) => String(l['jobId']));
const processed = (w: WorkerProcess): string[] =>
  w.logs.filter((l) => l['msg'] === 'chunk processed').map((l) => String(l['jobId']));

it(`SIGTERM with ${JOBS} chunk jobs in hand: all ${JOBS} finish, no new one starts, exit 0; the next worker finishes the run`, async () => {
  const w = await setupWorkerWorlds(cleanups, 2_001);
  const first = startWorker(w, ['--enqueue', 'full', '--grace', '60']);
  const inHand = await twentyInHand(w, first, 1_500);
  const startedBefore = started(first).length;
  const at = Date.now();
  first.cli.child.kill('SIGTERM');
  const exit = await first.cli.exited;
  const tookMs = Date.now() - at;
  w.workers.hubspot.setFaults(null);

  expect(exit).toEqual({ code: 0, signal: null });
  expect(started(first)).toHaveLength(startedBefore);
  expect(processed(first)).toEqual(expect.arrayContaining(inHand));
  expect(chunksInHand(first)).toEqual([]);
  const closing = first.logs.find((l) => String(l['msg']).startsWith('shutting down: taking no new job'));
  expect(closing?.['jobsInHand']).toBeGreaterThanOrEqual(JOBS);

  const second = startWorker(w, []);
  const run = await waitForRun(cleanups, w.redis, DEADLINE_MS);
  process.stdout.write(
    `worker shutdown: SIGTERM with ${inHand.length} chunks in hand, all finished, exit after ${tookMs} ms; ` +
      `the next worker ran ${started(second).length} more chunks; stalled: ${w.stalled.length}\n`,
  );
  expect(run.status).toBe('succeeded');
  expect(run.stats['failedChunks']).toBe(0);
  expect(w.stalled).toEqual([]);
  expect(started(second).length).toBeGreaterThan(0);
  await expectSameCrms(w);
  second.cli.child.kill('SIGTERM');
  expect(await second.cli.exited).toEqual({ code: 0, signal: null });
}, 240_000);

it('SIGTERM with a grace period shorter than the jobs: exit 0 at the deadline, the jobs in hand are run again by the next worker', async () => {
  const w = await setupWorkerWorlds(cleanups, 2_002);
  const first = startWorker(w, ['--enqueue', 'full', '--grace', '1']);
  const inHand = await twentyInHand(w, first, 8_000);
  const at = Date.now();
  first.cli.child.kill('SIGTERM');
  const exit = await first.cli.exited;
  const tookMs = Date.now() - at;
  w.workers.hubspot.setFaults(null);

  expect(exit).toEqual({ code: 0, signal: null });
  // Well before the 8-s calls in flight could end: the deadline, not the jobs, ended the process.
  expect(tookMs).toBeLessThan(7_000);
  const handed = first.logs.find((l) => String(l['msg']).startsWith('grace period over'));
  const handedBack = (handed?.['jobIds'] ?? []) as string[];
  expect(handedBack.length).toBeGreaterThanOrEqual(JOBS);
  expect(handedBack).toEqual(expect.arrayContaining(inHand));

  const second = startWorker(w, []);
  const run = await waitForRun(cleanups, w.redis, DEADLINE_MS);
  process.stdout.write(
    `worker shutdown: grace 1 s with ${inHand.length} chunks in hand: exit after ${tookMs} ms, ` +
      `${handedBack.length} handed back, ${w.stalled.length} found stalled and run again\n`,
  );
  expect(run.status).toBe('succeeded');
  expect(run.stats['failedChunks']).toBe(0);
  // What the first worker handed back is what the second one's stalled check found, and it completed.
  const chunkJobsHanded = handedBack.filter((id) => inHand.includes(id));
  expect(w.stalled).toEqual(expect.arrayContaining(chunkJobsHanded));
  for (const id of handedBack) expect(w.completed.has(id)).toBe(true);
  await expectSameCrms(w);
  second.cli.child.kill('SIGTERM');
  expect(await second.cli.exited).toEqual({ code: 0, signal: null });
}, 240_000);
