/**
 * Real `leadloop worker` processes for fault tests, and the two worlds they are judged by: one synced to
 * its end by `leadloop sync --once --full` on SQLite (the reference), one left to the workers on Redis.
 * Each worker's JSON log lines are parsed as they arrive, so a test can wait for "chunk started" and
 * act while the job is in hand.
 */
import { join } from 'node:path';
import { QueueEvents } from 'bullmq';
import { generateDataset } from '../../connectors/sandbox/generate.ts';
import { queueNameFor } from '../../src/queue/queue-settings.ts';
import { openStateStore } from '../../src/state/open-store.ts';
import type { RunSummary } from '../../src/state/types.ts';
import { writeWorldConfig } from '../e2e/world-config.ts';
import { startCli, type CliProcess } from './cli-process.ts';
import { startRedis, type TestRedis } from './redis-server.ts';
import { SANDBOX_TEST_NOW, withSandboxes, type TestSandboxes } from './sandboxes.ts';

export type Cleanup = () => Promise<void>;

export interface WorkerProcess {
  readonly cli: CliProcess;
  /** Parsed JSON log lines (pino). */
  readonly logs: Record<string, unknown>[];
}

export function startWorkerProcess(
  cleanups: Cleanup[],
  config: string,
  args: readonly string[],
  env: Record<string, string> = {},
): WorkerProcess {
  const cli = startCli(['worker', '--config', config, '--no-schedules', ...args], env);
  const logs: Record<string, unknown>[] = [];
  let partial = '';
  cli.child.stderr?.on('data', (d: Buffer) => {
    const lines = (partial + d.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.startsWith('{')) continue;
      try {
        logs.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        // Not a log record; kept in the process output only.
      }
    }
  });
  cleanups.push(async () => {
    if (cli.child.exitCode === null && cli.child.signalCode === null) cli.child.kill('SIGKILL');
    await cli.exited;
  });
  return { cli, logs };
}

/** Polls `probe` until it returns a value; throws naming `what` after `deadlineMs`. */
export async function until<T>(
  what: string,
  deadlineMs: number,
  probe: () => Promise<T | undefined>,
  everyMs = 1,
): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  throw new Error(`timed out after ${deadlineMs} ms waiting for ${what}`);
}

/** The `process` jobs a worker has started and not (yet) logged as done. */
export function chunksInHand(w: WorkerProcess): string[] {
  const started = new Set<string>();
  for (const l of w.logs) {
    if (l['msg'] === 'chunk started') started.add(String(l['jobId']));
    if (l['msg'] === 'chunk processed') started.delete(String(l['jobId']));
  }
  return [...started];
}

export interface WorkerWorlds {
  readonly reference: TestSandboxes;
  readonly workers: TestSandboxes;
  readonly workersConfig: string;
  readonly redis: TestRedis;
  /** Job ids of BullMQ's 'stalled' events, and of completed jobs, as a QueueEvents listener saw them. */
  readonly stalled: string[];
  readonly completed: Set<string>;
}

/** The reference world synced to its end by `sync --once --full`; the other one left to the workers. */
export async function setupWorkerWorlds(
  cleanups: Cleanup[],
  seed: number,
  people = 200,
): Promise<WorkerWorlds> {
  const redis: TestRedis = await startRedis({ args: [] });
  cleanups.push(() => redis.stop());
  const dataset = generateDataset({ people, seed, now: SANDBOX_TEST_NOW });
  const [reference, workers] = await Promise.all([withSandboxes({ dataset }), withSandboxes({ dataset })]);
  cleanups.push(
    () => reference.close(),
    () => workers.close(),
  );
  const referenceConfig = join(reference.dir, 'reference.yaml');
  const workersConfig = join(workers.dir, 'workers.yaml');
  await writeWorldConfig(referenceConfig, reference, {
    state: { type: 'sqlite', path: join(reference.dir, 'state.sqlite') },
    logLevel: 'warn',
  });
  await writeWorldConfig(workersConfig, workers, {
    state: { type: 'redis', url: redis.url },
    logLevel: 'debug',
  });

  const clean = startCli(['sync', '--once', '--full', '--config', referenceConfig]);
  cleanups.push(async () => {
    if (clean.child.exitCode === null) clean.child.kill('SIGKILL');
    await clean.exited;
  });
  const cleanExit = await clean.exited;
  if (cleanExit.code !== 0)
    throw new Error(`reference sync: ${JSON.stringify(cleanExit)}\n${clean.output()}`);

  const events = new QueueEvents(queueNameFor('default'), { connection: { url: redis.url } });
  cleanups.push(() => events.close());
  await events.waitUntilReady();
  const stalled: string[] = [];
  const completed = new Set<string>();
  events.on('stalled', ({ jobId }) => stalled.push(jobId));
  events.on('completed', ({ jobId }) => completed.add(jobId));

  return { reference, workers, workersConfig, redis, stalled, completed };
}

/** The latest run in the workers' Redis state once it is no longer running (a failed run throws). */
export async function waitForRun(
  cleanups: Cleanup[],
  redis: TestRedis,
  deadlineMs: number,
): Promise<RunSummary> {
  const store = await openStateStore({ type: 'redis', url: redis.url });
  cleanups.push(() => store.close());
  return until<RunSummary>(
    'the run to finish',
    deadlineMs,
    async () => {
      const [latest] = await store.listRuns(5);
      if (latest?.status === 'failed') throw new Error(`run failed: ${latest.error ?? '?'}`);
      return latest && latest.status !== 'running' ? latest : undefined;
    },
    100,
  );
}
