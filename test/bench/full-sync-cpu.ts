/**
 * CPU time per record of one first full sync, the figure to profile and to compare before and after a
 * change: `node [--cpu-prof --cpu-prof-dir=DIR] test/bench/full-sync-cpu.ts [--people N] [--state sqlite|redis]`.
 * Same world and config as `run-size.ts` (seed 42, limits off, sandboxes in their own process), but only
 * scenario 1 and its echo, so a profile of this process is leadloop's full sync and nothing else. On a
 * shared machine wall time is noise; leadloop's own CPU time (user + system) per 1,000 records is not.
 * With `--state redis` a private redis-server holds the state; its CPU (`INFO cpu`) is printed apart.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import pino from 'pino';
import { buildSandboxConfig } from '../../connectors/sandbox/sandbox-config.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { openRuntime } from '../../src/main/runtime.ts';
import { runSync, type RunReport } from '../../src/sync/run-sync.ts';
import { startRedis, type TestRedis } from '../helpers/redis-server.ts';
import { measure } from './measure.ts';
import { threadCpuMs } from './proc-usage.ts';
import { limitsOff, POLL_MS } from './run-size.ts';
import { SandboxChild } from './sandbox-child.ts';

const { values } = parseArgs({
  options: {
    people: { type: 'string', default: '10000' },
    seed: { type: 'string', default: '42' },
    state: { type: 'string', default: 'sqlite' },
    echo: { type: 'boolean', default: false },
    'log-dir': { type: 'string', default: join(tmpdir(), 'leadloop-bench-logs') },
  },
});
if (values.state !== 'sqlite' && values.state !== 'redis')
  throw new Error(`--state takes sqlite or redis, got "${values.state}"`);

const out = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

async function redisCpuMs(client: Redis): Promise<number> {
  const info = await client.info('cpu');
  const field = (name: string): number => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? 0);
  return (field('used_cpu_sys') + field('used_cpu_user')) * 1000;
}

const records = (report: RunReport): number =>
  (report.counters.recordsPulled ?? 0) +
  (report.counters.activitiesPulled ?? 0) +
  (report.counters.opportunitiesPulled ?? 0);

const people = Number(values.people);
const dir = await mkdtemp(join(tmpdir(), 'leadloop-cpu-'));
const child = await SandboxChild.start({
  people,
  seed: Number(values.seed),
  logFile: join(values['log-dir'], 'sandbox-cpu.log'),
  timeoutMs: 30 * 60_000,
});
let redis: TestRedis | undefined;
let admin: Redis | undefined;
try {
  let offset = 0;
  const clock = (): Date => new Date(Date.now() + offset);
  const base = limitsOff(await buildSandboxConfig(child.ready.connections, join(dir, 'state.sqlite')));
  if (values.state === 'redis') {
    redis = await startRedis({ args: [] });
    admin = new Redis(redis.url);
  }
  const config = redis ? { ...base, state: { type: 'redis' as const, url: redis.url } } : base;
  const logger = createLogger({
    level: 'warn',
    destination: pino.destination({ dest: join(values['log-dir'], 'leadloop-cpu.log'), sync: false }),
  });
  const runtime = await openRuntime(config, { logger, clock });
  try {
    const runs: [string, RunReport['kind']][] = [['full sync', 'full']];
    if (values.echo) runs.push(['echo of 1', 'incremental']);
    for (const [name, kind] of runs) {
      await child.advance(POLL_MS);
      offset += POLL_MS;
      const sandboxBefore = (await child.stats()).cpuMs;
      const redisBefore = admin ? await redisCpuMs(admin) : 0;
      const threadsBefore = threadCpuMs();
      const run = await measure(() => runSync(runtime, { kind }));
      const threads = threadCpuMs();
      const sandboxMs = (await child.stats()).cpuMs - sandboxBefore;
      const redisMs = admin ? (await redisCpuMs(admin)) - redisBefore : 0;
      const n = records(run.value);
      // ms per record is s per 1,000 records.
      const perK = (ms: number): string => (ms / n).toFixed(3);
      out(
        `${name} (${people} people, ${values.state}): status ${run.value.status}, ${n} records, ` +
          `leadloop CPU ${(run.cpuMs / 1000).toFixed(2)} s = ${perK(run.cpuMs)} s per 1k records, ` +
          `sandbox ${(sandboxMs / 1000).toFixed(2)} s` +
          (admin ? `, redis-server ${(redisMs / 1000).toFixed(2)} s = ${perK(redisMs)} s per 1k` : '') +
          `, wall ${(run.wallMs / 1000).toFixed(1)} s (${Math.round(n / (run.wallMs / 1000))} records/s), ` +
          `peak RSS ${run.peakRssMb.toFixed(0)} MB, load average ${loadavg()[0]?.toFixed(1)}`,
      );
      // V8's helper threads do concurrent and parallel GC (and compile): their share is the allocation cost.
      const byThread = [...threads].map(
        ([name, ms]) => `${name} ${((ms - (threadsBefore.get(name) ?? 0)) / 1000).toFixed(2)} s`,
      );
      out(`  CPU by thread: ${byThread.join(', ')}`);
    }
  } finally {
    await runtime.close();
    logger.flush();
  }
} finally {
  await admin?.quit();
  await redis?.stop();
  await child.close();
  await rm(dir, { recursive: true, force: true });
}
