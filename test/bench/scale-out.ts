/**
 * Scale-out (`--workers 1,2,4`): the first full sync at one size, run by N `leadloop worker` processes
 * sharing one Redis (`state.type: redis`), one job at a time each, chunks of `chunkSize` people. Each
 * worker count gets a fresh world (sandboxes in their own process, as in run-size.ts) and a fresh Redis.
 * Measured: wall time from the enqueue to the drained queue, each worker's CPU time and peak RSS (from
 * /proc, between its "waiting for jobs" line and the end), the sandboxes' CPU, and the API calls both as
 * the sandboxes counted them and as the run summary recorded them (summed over the workers' phases).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { parseDocument } from 'yaml';
import { writeSandboxConfig } from '../../connectors/sandbox/sandbox-config.ts';
import type { CrmName } from '../../src/domain/crm.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { queueNameFor } from '../../src/queue/queue-settings.ts';
import { createSyncProducer } from '../../src/queue/sync-producer.ts';
import { openStateStore } from '../../src/state/open-store.ts';
import type { RunSummary } from '../../src/state/types.ts';
import { startRedis } from '../helpers/redis-server.ts';
import { procUsage, type ProcUsage } from './proc-usage.ts';
import { SandboxChild } from './sandbox-child.ts';

const BIN = new URL('../../bin/leadloop.js', import.meta.url).pathname;
/** The heap cap of the container image and `npm run bench` (Dockerfile NODE_OPTIONS). */
const HEAP_FLAGS = ['--max-old-space-size=256', '--max-semi-space-size=16'];
const READY_MS = 60_000;
const RUN_MS = 30 * 60_000;
const CRMS: readonly CrmName[] = ['hubspot', 'salesforce'];

export interface ScaleOutOptions {
  readonly size: string;
  readonly people: number;
  readonly seed: number;
  readonly logDir: string;
  readonly workers: readonly number[];
  readonly chunkSize: number;
  readonly onNote?: (line: string) => void;
  readonly onRow?: (row: ScaleOutRow) => void;
}

export interface ScaleOutRow {
  readonly size: string;
  readonly workers: number;
  readonly chunkSize: number;
  readonly status: RunSummary['status'];
  readonly peopleProcessed: number;
  readonly wallMs: number;
  readonly workerCpuMs: readonly number[];
  readonly workerPeakRssMb: readonly number[];
  readonly sandboxCpuMs: number;
  /** redis-server's CPU time (`INFO cpu`): the state store and the queue of every worker. */
  readonly redisCpuMs: number;
  /** Counted by the sandboxes while the run went on. */
  readonly calls: Readonly<Record<CrmName, number>>;
  /** `apiCalls.<crm>` in the stored run summary. */
  readonly recorded: Readonly<Record<CrmName, number>>;
  /** The sandboxes' calls per endpoint, to say where calls differ between worker counts. */
  readonly endpoints: Readonly<Record<CrmName, Readonly<Record<string, number>>>>;
}

/** used_cpu_user + used_cpu_sys of the server, in ms. */
async function redisCpuMs(client: Redis): Promise<number> {
  const info = await client.info('cpu');
  const field = (name: string): number =>
    Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? NaN);
  return (field('used_cpu_user') + field('used_cpu_sys')) * 1000;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(what: string, ms: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await sleep(200);
  }
  throw new Error(`scale-out: timed out after ${ms} ms waiting for ${what}`);
}

interface WorkerProc {
  readonly child: ChildProcess;
  readonly ready: Promise<void>;
  readonly exited: Promise<void>;
}

function startWorker(config: string, chunkSize: number, logFile: string): WorkerProc {
  const { REDIS_URL: _outer, ...env } = process.env;
  const child = spawn(
    process.execPath,
    [
      ...HEAP_FLAGS,
      BIN,
      'worker',
      '--config',
      config,
      '--no-schedules',
      '--concurrency',
      '1',
      '--chunk-size',
      String(chunkSize),
    ],
    { env: { ...env, LOG_FORMAT: 'json' }, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const log = createWriteStream(logFile, { flags: 'a' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = new Promise<void>((resolve, reject) => {
    let seen = '';
    child.stderr?.on('data', (d: Buffer) => {
      log.write(d);
      if (seen.length < 10_000) seen += d.toString();
      if (seen.includes('waiting for jobs')) resolve();
    });
    void exited.then(() => reject(new Error(`worker exited before it was ready (see ${logFile})`)));
  });
  void exited.then(() => log.end());
  return { child, ready, exited };
}

async function stopWorker(w: WorkerProc): Promise<void> {
  if (w.child.exitCode !== null || w.child.signalCode !== null) return;
  w.child.kill('SIGTERM');
  const timer = setTimeout(() => w.child.kill('SIGKILL'), 30_000);
  await w.exited;
  clearTimeout(timer);
}

/** The sandbox config with Redis state, leadloop's HubSpot limiter opened up (as run-size.ts) and warn logs. */
async function writeWorkerConfig(file: string, child: SandboxChild, redisUrl: string): Promise<void> {
  await writeSandboxConfig(file, { connections: child.ready.connections });
  const doc = parseDocument(await readFile(file, 'utf8'));
  doc.setIn(['state'], doc.createNode({ type: 'redis', url: redisUrl }));
  for (const [key, value] of [
    ['tenSecondMax', 1e9],
    ['dailyMax', 1e12],
    ['searchPerSecond', 1e6],
  ] as const)
    doc.setIn(['connections', 'hubspot', 'limits', key], value);
  doc.setIn(['log', 'level'], 'warn');
  await writeFile(file, doc.toString({ lineWidth: 0 }), { encoding: 'utf8', mode: 0o600 });
}

async function oneCount(options: ScaleOutOptions, count: number): Promise<ScaleOutRow> {
  const dir = await mkdtemp(join(tmpdir(), `leadloop-scale-${options.size}-${count}-`));
  const child = await SandboxChild.start({
    people: options.people,
    seed: options.seed,
    logFile: join(options.logDir, `sandbox-scale-${options.size}-${count}.log`),
    timeoutMs: 30 * 60_000,
  });
  const redis = await startRedis({ args: [] });
  const workers: WorkerProc[] = [];
  const store = await openStateStore({ type: 'redis', url: redis.url });
  const producer = createSyncProducer({ redisUrl: redis.url, logger: createLogger({ level: 'silent' }) });
  const queue = new Queue(queueNameFor('default'), { connection: { url: redis.url } });
  const admin = new Redis(redis.url);
  try {
    const config = join(dir, 'workers.yaml');
    await writeWorkerConfig(config, child, redis.url);
    for (let i = 0; i < count; i++)
      workers.push(
        startWorker(
          config,
          options.chunkSize,
          join(options.logDir, `worker-${options.size}-${count}-${i}.log`),
        ),
      );
    await Promise.race([Promise.all(workers.map((w) => w.ready)), sleep(READY_MS)]);
    const pids = workers.map((w) => w.child.pid ?? -1);
    const before: ProcUsage[] = pids.map(procUsage);
    await child.resetStats();
    const sandboxBefore = (await child.stats()).cpuMs;
    const redisBefore = await redisCpuMs(admin);
    const started = performance.now();
    await producer.enqueueSync('full', 'bench');
    // The run's summary says it ended; its commit job ends just after (the last counters go in first).
    await until('the run to end', RUN_MS, async () => {
      const [run] = await store.listRuns(1);
      return run && run.status !== 'running' ? run : undefined;
    });
    await until('the queue to drain', RUN_MS, async () => {
      const counts = await queue.getJobCounts(
        'active',
        'waiting',
        'delayed',
        'waiting-children',
        'prioritized',
      );
      return Object.values(counts).every((n) => n === 0) ? true : undefined;
    });
    const wallMs = performance.now() - started;
    const after = pids.map(procUsage);
    const stats = await child.stats();
    const [run] = await store.listRuns(1);
    if (!run) throw new Error('scale-out: no run recorded');
    const stat = (key: string): number => Number(run.stats[key] ?? 0);
    const row: ScaleOutRow = {
      size: options.size,
      workers: count,
      chunkSize: options.chunkSize,
      status: run.status,
      peopleProcessed: stat('peopleProcessed'),
      wallMs,
      workerCpuMs: after.map((a, i) => a.cpuMs - (before[i]?.cpuMs ?? 0)),
      workerPeakRssMb: after.map((a) => a.peakRssMb),
      sandboxCpuMs: stats.cpuMs - sandboxBefore,
      redisCpuMs: (await redisCpuMs(admin)) - redisBefore,
      calls: { hubspot: stats.hubspot.totalCalls, salesforce: stats.salesforce.totalCalls },
      endpoints: { hubspot: stats.hubspot.byEndpoint, salesforce: stats.salesforce.byEndpoint },
      recorded: { hubspot: stat('apiCalls.hubspot'), salesforce: stat('apiCalls.salesforce') },
    };
    options.onRow?.(row);
    return row;
  } finally {
    await Promise.all(workers.map(stopWorker));
    await Promise.allSettled([queue.close(), producer.close(), store.close(), admin.quit()]);
    await redis.stop();
    await child.close();
    await rm(dir, { recursive: true, force: true });
  }
}

export async function runScaleOut(options: ScaleOutOptions): Promise<ScaleOutRow[]> {
  const rows: ScaleOutRow[] = [];
  for (const count of options.workers) rows.push(await oneCount(options, count));
  return rows;
}

const int = (n: number): string => Math.round(n).toLocaleString('en-US');
const sec = (ms: number): string => (ms / 1000).toFixed(1);

export const SCALE_OUT_HEADER = [
  '| size | workers | chunk | status | wall s | speed-up | CPU s per worker | CPU s all workers | peak RSS MB per worker | sandbox CPU s | redis CPU s | calls HubSpot / Salesforce (sandbox) | recorded by the run |',
  '|---|--:|--:|---|--:|--:|---|--:|---|--:|--:|--:|--:|',
].join('\n');

/** One table row; `base` is the first row (the speed-up is its wall time over this one's). */
export function formatScaleOutRow(row: ScaleOutRow, base: ScaleOutRow | undefined): string {
  const speedUp = base ? (base.wallMs / row.wallMs).toFixed(2) : '1.00';
  const total = row.workerCpuMs.reduce((a, b) => a + b, 0);
  return `| ${row.size} | ${row.workers} | ${int(row.chunkSize)} | ${row.status} | ${sec(row.wallMs)} | ${speedUp}× | ${row.workerCpuMs.map(sec).join(' / ')} | ${sec(total)} | ${row.workerPeakRssMb.map(int).join(' / ')} | ${sec(row.sandboxCpuMs)} | ${sec(row.redisCpuMs)} | ${int(row.calls.hubspot)} / ${int(row.calls.salesforce)} | ${int(row.recorded.hubspot)} / ${int(row.recorded.salesforce)} |`;
}

/** Whether calls stayed the same across worker counts and the summaries recorded what the sandboxes counted. */
export function scaleOutChecks(rows: readonly ScaleOutRow[]): string[] {
  const first = rows[0];
  if (!first) return [];
  const same = rows.every((r) => CRMS.every((crm) => r.calls[crm] === first.calls[crm]));
  const recorded = rows.every((r) => CRMS.every((crm) => r.calls[crm] === r.recorded[crm]));
  const mark = (ok: boolean): string => (ok ? '✓' : '✗');
  const moved = rows.slice(1).flatMap((r) => {
    const diff = endpointDiff(first, r);
    return diff.length > 0 ? [`  ${r.workers} workers against ${first.workers}: ${diff.join(', ')}`] : [];
  });
  return [
    `${mark(same)} calls unchanged across worker counts${same ? '' : `: ${rows.map((r) => `${r.workers}: ${r.calls.hubspot} / ${r.calls.salesforce}`).join(', ')}`}`,
    ...moved,
    `${mark(recorded)} each run's summary records the calls the sandboxes counted (apiCalls.<crm>, summed over the workers)`,
  ];
}

/** Endpoints whose call count differs between two rows, e.g. `salesforce describe +2`. */
export function endpointDiff(base: ScaleOutRow, row: ScaleOutRow): string[] {
  return CRMS.flatMap((crm) => {
    const names = [
      ...new Set([...Object.keys(base.endpoints[crm]), ...Object.keys(row.endpoints[crm])]),
    ].sort();
    return names.flatMap((name) => {
      const by = (row.endpoints[crm][name] ?? 0) - (base.endpoints[crm][name] ?? 0);
      return by === 0 ? [] : [`${crm} ${name} ${by > 0 ? '+' : ''}${by}`];
    });
  });
}
