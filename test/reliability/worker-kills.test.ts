/**
 * §B5 #1, a `leadloop worker` SIGKILLed mid-chunk: two real worker processes share a full sync on one
 * Redis; worker 1 is killed at a seeded API call while it holds a `process` job. Nothing hands that job
 * back: BullMQ's stalled-job check in worker 2 finds its lock expired and queues it again, worker 2 runs
 * it and the run commits. The run lease needs no takeover: its owner is the run id, which the surviving
 * worker's jobs renew and the commit re-acquires. The CRMs then equal a reference world synced once by
 * `leadloop sync --once --full`, record by record (crm-state.ts): nobody duplicated or lost.
 * The second case kills the coordinator itself during its pull; a worker started after the death
 * finds the stalled sync job and re-acquires the dead process's lease at once, as the same run.
 * `LEADLOOP_JOB_LOCK_MS` shortens BullMQ's 30-s lock and check so the recovery takes seconds.
 */
import { afterAll, expect, it } from 'vitest';
import { Prng } from '../../connectors/sandbox/prng.ts';
import type { RunSummary } from '../../src/state/types.ts';
import { diffCrmStates, readCrmState } from '../e2e/crm-state.ts';
import { callsSeen } from '../helpers/cli-process.ts';
import type { TestRedis } from '../helpers/redis-server.ts';
import {
  chunksInHand,
  waitForRun,
  setupWorkerWorlds,
  startWorkerProcess,
  until,
  type WorkerProcess,
  type WorkerWorlds,
} from '../helpers/worker-process.ts';

const SEED = 1_515;
/** BullMQ's lock and stalled check; long enough that a worker busy on two shared cores keeps its locks. */
const JOB_LOCK_MS = 2_000;
const RUN_DEADLINE_MS = 60_000;

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

function startWorker(config: string, extra: string[]): WorkerProcess {
  return startWorkerProcess(cleanups, config, ['--concurrency', '2', '--chunk-size', '20', ...extra], {
    LEADLOOP_JOB_LOCK_MS: String(JOB_LOCK_MS),
  });
}

const setup = (seed: number): Promise<WorkerWorlds> => setupWorkerWorlds(cleanups, seed);
const finishedRun = (redis: TestRedis): Promise<RunSummary> => waitForRun(cleanups, redis, RUN_DEADLINE_MS);

async function expectSameCrms(w: WorkerWorlds): Promise<void> {
  const [want, got] = await Promise.all([readCrmState(w.reference), readCrmState(w.workers)]);
  expect(got.counts).toEqual(want.counts);
  expect(diffCrmStates(want, got)).toEqual([]);
  expect(Object.keys(want.records).length).toBeGreaterThan(150);
}

const STALLED_LOG = 'job stalled: its worker stopped renewing the lock; queued to run again';

it('a worker SIGKILLed mid-chunk: the other worker runs the stalled job, the run commits, the CRMs equal a clean run', async () => {
  const w = await setup(SEED);
  const { workers: killed, workersConfig, stalled, completed } = w;
  const second = startWorker(workersConfig, []);
  await until('worker 2 to start', 20_000, async () => {
    if (second.cli.child.exitCode !== null) throw new Error(`worker 2 exited:\n${second.cli.output()}`);
    return second.cli.output().includes('waiting for jobs') ? true : undefined;
  });
  const first = startWorker(workersConfig, ['--enqueue', 'full']);

  // The kill: at a seeded call counted from worker 1's first chunk, at a moment it holds a chunk.
  const atCall = new Prng(SEED).between(1, 12);
  const from = await until('worker 1 to start a chunk', RUN_DEADLINE_MS, async () => {
    if (first.cli.child.exitCode !== null) throw new Error(`worker 1 exited:\n${first.cli.output()}`);
    return chunksInHand(first).length > 0 ? callsSeen(killed) : undefined;
  });
  const inHand = await until('worker 1 mid-chunk at the kill call', RUN_DEADLINE_MS, async () => {
    const open = chunksInHand(first);
    return callsSeen(killed) - from >= atCall && open.length > 0 ? open : undefined;
  });
  first.cli.child.kill('SIGKILL');
  const exit = await first.cli.exited;
  expect(exit.signal).toBe('SIGKILL');

  const run = await finishedRun(w.redis);
  process.stdout.write(
    `worker kills: killed at call ${atCall} after worker 1's first chunk, holding ${inHand.join(', ')}; ` +
      `stalled ${stalled.join(', ')}; run ${run.status} in ${JSON.stringify(run.stats['peopleProcessed'])} people\n`,
  );
  expect(run.status).toBe('succeeded');
  expect(run.stats['failedChunks']).toBe(0);
  // Worker 1's chunks, and only those, were found stalled by worker 2 (the only one alive), which ran
  // them to the end. (A chunk whose end worker 1 logged just before the kill may have completed there.)
  expect(stalled.length).toBeGreaterThan(0);
  expect(inHand).toEqual(expect.arrayContaining(stalled));
  for (const jobId of inHand) expect(completed.has(jobId)).toBe(true);
  const logged = second.logs.filter((l) => l['msg'] === STALLED_LOG).map((l) => String(l['jobId']));
  expect(logged.sort()).toEqual([...stalled].sort());
  expect(second.logs.filter((l) => l['msg'] === 'job failed')).toEqual([]);

  await expectSameCrms(w);

  second.cli.child.kill('SIGTERM');
  expect(await second.cli.exited).toEqual({ code: 0, signal: null });
}, 120_000);

it('a worker SIGKILLed while it pulls as the run coordinator: a worker started after it runs the stalled sync job under the same run lease', async () => {
  const w = await setup(SEED + 1);
  const { workers: killed, workersConfig, stalled, completed } = w;
  // Alone, worker 1 takes the sync job it enqueues: it coordinates the run and holds its lease.
  const from = callsSeen(killed);
  const first = startWorker(workersConfig, ['--enqueue', 'full']);
  const atCall = new Prng(SEED + 1).between(1, 4);
  await until('worker 1 at the kill call of its pull', RUN_DEADLINE_MS, async () => {
    if (first.cli.child.exitCode !== null) throw new Error(`worker 1 exited:\n${first.cli.output()}`);
    return callsSeen(killed) - from >= atCall ? true : undefined;
  });
  first.cli.child.kill('SIGKILL');
  expect((await first.cli.exited).signal).toBe('SIGKILL');
  const syncJobs = first.logs.filter((l) => l['msg'] === 'pulled; chunks queued');
  expect(syncJobs, 'the kill landed after the pull').toEqual([]);

  // The dead coordinator's lease is still held (10 minutes): its owner is the run id, which the
  // recovered sync job computes again from the job, so re-acquiring it is immediate.
  const second = startWorker(workersConfig, []);
  const run = await finishedRun(w.redis);
  const recovered = second.logs.filter((l) => l['msg'] === STALLED_LOG).map((l) => String(l['jobId']));
  process.stdout.write(
    `worker kills: coordinator killed at pull call ${atCall}; stalled ${stalled.join(', ')}; run ${run.status}\n`,
  );
  expect(run.status).toBe('succeeded');
  expect(run.stats['failedChunks']).toBe(0);
  expect(recovered).toHaveLength(1);
  expect(stalled).toEqual(recovered);
  expect(completed.has(recovered[0] as string)).toBe(true);
  expect(second.logs.filter((l) => l['msg'] === 'job failed')).toEqual([]);
  await expectSameCrms(w);

  second.cli.child.kill('SIGTERM');
  expect(await second.cli.exited).toEqual({ code: 0, signal: null });
}, 120_000);
