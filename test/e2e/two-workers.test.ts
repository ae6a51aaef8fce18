/**
 * Issue 5's scale-out promise: two `leadloop worker` processes on one Redis share a full sync and leave
 * the CRMs exactly as one embedded run leaves an identical world. World A runs `runSync` in-process
 * (SQLite state); world B is synced by the two workers (Redis state, chunks of 20 people, so both take
 * work). Then both worlds' CRM states are compared record by record (crm-state.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { generateDataset } from '../../connectors/sandbox/generate.ts';
import { loadConfig } from '../../src/config/load.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { openRuntime } from '../../src/main/runtime.ts';
import { openStateStore } from '../../src/state/open-store.ts';
import type { RunSummary } from '../../src/state/types.ts';
import { runSync } from '../../src/sync/run-sync.ts';
import { startRedis, type TestRedis } from '../helpers/redis-server.ts';
import { SANDBOX_TEST_NOW, withSandboxes, type TestSandboxes } from '../helpers/sandboxes.ts';
import { diffCrmStates, readCrmState } from './crm-state.ts';
import { writeWorldConfig } from './world-config.ts';

const bin = new URL('../../bin/leadloop.js', import.meta.url).pathname;
const RUN_DEADLINE_MS = 60_000;
const EXIT_DEADLINE_MS = 15_000;

interface WorkerProcess {
  readonly child: ChildProcess;
  /** Parsed JSON log lines (pino on stderr). */
  readonly logs: Record<string, unknown>[];
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

function startWorkerProcess(configFile: string, extra: string[]): WorkerProcess {
  // The config's redis state URL is the queue's Redis too; an outer REDIS_URL must not win over it.
  const { REDIS_URL: _outer, ...env } = process.env;
  const child = spawn(
    process.execPath,
    [
      bin,
      'worker',
      '--config',
      configFile,
      '--concurrency',
      '2',
      '--chunk-size',
      '20',
      '--no-schedules',
      ...extra,
    ],
    { env: { ...env, LOG_FORMAT: 'json' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const logs: Record<string, unknown>[] = [];
  let text = '';
  let partial = '';
  child.stderr?.on('data', (d: Buffer) => {
    text += d.toString();
    const lines = (partial + d.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.startsWith('{')) continue;
      try {
        logs.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        // A line that is not a log record (the "waiting for jobs" banner) is kept in `text` only.
      }
    }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  });
  return { child, logs, stderr: () => text, exited };
}

async function until<T>(what: string, deadlineMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out after ${deadlineMs} ms waiting for ${what}`);
}

async function stop(worker: WorkerProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  worker.child.kill('SIGTERM');
  const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), EXIT_DEADLINE_MS));
  const result = await Promise.race([worker.exited, timeout]);
  if (result === 'timeout') throw new Error(`worker did not exit within ${EXIT_DEADLINE_MS} ms of SIGTERM`);
  return result;
}

it('two worker processes on one Redis reach the CRM state of one embedded run', async () => {
  const redis: TestRedis = await startRedis({ args: [] });
  cleanups.push(() => redis.stop());
  const dataset = generateDataset({ people: 240, seed: 23, now: SANDBOX_TEST_NOW });
  const [a, b]: [TestSandboxes, TestSandboxes] = await Promise.all([
    withSandboxes({ dataset }),
    withSandboxes({ dataset }),
  ]);
  cleanups.push(
    () => a.close(),
    () => b.close(),
  );
  const configA = join(a.dir, 'embedded.yaml');
  const configB = join(b.dir, 'workers.yaml');
  await writeWorldConfig(configA, a, { state: { type: 'sqlite', path: join(a.dir, 'state.sqlite') } });
  await writeWorldConfig(configB, b, { state: { type: 'redis', url: redis.url }, logLevel: 'debug' });

  // World B: the second worker is up first, so the run is shared the moment the first one enqueues it.
  const second = startWorkerProcess(configB, []);
  await until('the second worker to start', 20_000, async () => {
    if (second.child.exitCode !== null) throw new Error(`worker exited early:\n${second.stderr()}`);
    return second.stderr().includes('waiting for jobs') ? true : undefined;
  }).catch((err: Error) => {
    throw new Error(`${err.message}\n${second.stderr().slice(-3000)}`);
  });
  const first = startWorkerProcess(configB, ['--enqueue', 'full']);

  // World A meanwhile: the same full sync, embedded.
  const runtime = await openRuntime(await loadConfig(configA), { logger: createLogger({ level: 'silent' }) });
  cleanups.push(() => runtime.close());
  const embedded = await runSync(runtime, { kind: 'full' });
  expect(embedded.status).toBe('succeeded');

  const store = await openStateStore({ type: 'redis', url: redis.url });
  cleanups.push(() => store.close());
  const run = await until<RunSummary>('the workers’ run to finish', RUN_DEADLINE_MS, async () => {
    const [latest] = await store.listRuns(5);
    if (latest?.status === 'failed') throw new Error(`worker run failed: ${latest.error ?? '?'}`);
    return latest && (latest.status === 'succeeded' || latest.status === 'partial') ? latest : undefined;
  });
  expect(run.status).toBe('succeeded');
  expect(run.kind).toBe('full');
  expect(run.stats['failedChunks']).toBe(0);
  // The run summary adds up every process's phases: the same figures as the embedded run.
  const figures = (stats: Record<string, unknown>): Record<string, unknown> =>
    Object.fromEntries(
      Object.entries(stats).filter(([k]) =>
        /^(writes\.|creates\.|transitions\.|peopleProcessed$|recordsPulled$|activitiesNew$)/.test(k),
      ),
    );
  expect(figures(run.stats)).toEqual(figures(embedded.counters));
  expect(run.stats['peopleProcessed']).toBeGreaterThan(200);

  // Both processes really worked: each logged at least one processed chunk.
  const chunksOf = (w: WorkerProcess): number => w.logs.filter((l) => l['msg'] === 'chunk processed').length;
  const chunks = await until('the chunk logs', 5_000, async () => {
    const counts = [chunksOf(first), chunksOf(second)];
    return counts[0]! + counts[1]! >= 12 ? counts : undefined;
  });
  expect(chunks[0]).toBeGreaterThan(0);
  expect(chunks[1]).toBeGreaterThan(0);
  expect([...first.logs, ...second.logs].filter((l) => l['msg'] === 'job failed')).toEqual([]);

  const [stateA, stateB] = await Promise.all([readCrmState(a), readCrmState(b)]);
  expect(stateB.counts).toEqual(stateA.counts);
  expect(stateA.counts.leads).toBeGreaterThan(dataset.people.filter((p) => p.salesforceLead).length);
  expect(diffCrmStates(stateA, stateB)).toEqual([]);
  expect(Object.keys(stateA.records).length).toBeGreaterThan(200);

  const exits = await Promise.all([stop(first), stop(second)]);
  expect(exits).toEqual([
    { code: 0, signal: null },
    { code: 0, signal: null },
  ]);
}, 120_000);
