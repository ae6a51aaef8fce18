/**
 * Redis unreachable at start: the redis state store, the BullMQ worker and the `leadloop worker`
 * process fail fast with one line naming what could not be reached (host:port, never the password), and
 * the process exits 1 instead of hanging in a reconnect loop (a supervisor's restart is the retry).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_CONFIG_PATH } from '../../connectors/sandbox/sandbox-config.ts';
import { LeadloopError } from '../../src/lib/errors.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { startWorker } from '../../src/queue/start-worker.ts';
import { openStateStore } from '../../src/state/open-store.ts';
import type { SyncPhases } from '../../src/queue/types.ts';

const bin = new URL('../../bin/leadloop.js', import.meta.url).pathname;
// A retry loop would run for minutes; starting the CLI alone takes about 4 s on 2 busy cores.
const FAIL_FAST_MS = 20_000;
const PASSWORD = 'do-not-print-me';
let dir = '';
let deadUrl = '';

/** A loopback port nobody listens on: bound once, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'leadloop-redis-down-'));
  deadUrl = `redis://:${PASSWORD}@127.0.0.1:${await closedPort()}`;
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function failure(run: () => Promise<unknown>): Promise<{ err: LeadloopError; ms: number }> {
  const started = Date.now();
  const err: unknown = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof LeadloopError)) throw new Error(`expected a LeadloopError, got ${String(err)}`);
  return { err, ms: Date.now() - started };
}

function runWorker(
  config: string,
  extra: string[],
): Promise<{ code: number | null; stderr: string; ms: number }> {
  const started = Date.now();
  const child = spawn(process.execPath, [bin, 'worker', '--config', config, '--no-schedules', ...extra], {
    env: { ...process.env, REDIS_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const killer = setTimeout(() => child.kill('SIGKILL'), FAIL_FAST_MS + 5_000);
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      clearTimeout(killer);
      resolve({ code, stderr, ms: Date.now() - started });
    }),
  );
}

describe('in process', () => {
  it('the redis state store refuses to open, naming host:port only', async () => {
    const { err, ms } = await failure(() => openStateStore({ type: 'redis', url: deadUrl }));
    expect(err.code).toBe('STATE_REDIS_UNREACHABLE');
    expect(err.message).toMatch(/^cannot connect to the redis state store at 127\.0\.0\.1:\d+: /);
    expect(err.message).not.toContain(PASSWORD);
    expect(ms).toBeLessThan(FAIL_FAST_MS);
  });

  it('a BullMQ worker refuses to start before taking any job', async () => {
    const phases = new Proxy({} as SyncPhases, {
      get: () => () => Promise.reject(new Error('no phase may run without Redis')),
    });
    const { err, ms } = await failure(() =>
      startWorker({ redisUrl: deadUrl, phases, logger: createLogger({ level: 'silent' }) }),
    );
    expect(err.code).toBe('QUEUE_REDIS_UNREACHABLE');
    expect(err.message).toMatch(/^cannot connect to Redis for the job queue at 127\.0\.0\.1:\d+: /);
    expect(err.message).not.toContain(PASSWORD);
    expect(ms).toBeLessThan(FAIL_FAST_MS);
  });
});

describe('leadloop worker', () => {
  it.each([
    ['redis state', 'STATE_REDIS_UNREACHABLE', true, []],
    ['sqlite state, --redis for the queue', 'QUEUE_REDIS_UNREACHABLE', false, ['--redis']],
  ] as const)('%s: exits 1 fast with one line naming Redis', async (name, code, redisState, flags) => {
    const example = await readFile(EXAMPLE_CONFIG_PATH, 'utf8');
    const state = redisState
      ? `state:\n  type: redis\n  url: "${deadUrl}"\n`
      : `state:\n  type: sqlite\n  path: ${join(dir, `${code}.sqlite`)}\n`;
    const config = join(dir, `${code}.yaml`);
    await writeFile(config, example.replace(/^state:\n(?: {2}.*\n)+/m, state));
    const result = await runWorker(config, flags.length > 0 ? [...flags, deadUrl] : []);
    expect(result.code, `${name}: ${result.stderr}`).toBe(1);
    expect(result.ms).toBeLessThan(FAIL_FAST_MS);
    const lines = result.stderr.split('\n').filter((l) => l.startsWith('leadloop: '));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(`^leadloop: ${code}: cannot connect to .* at 127\\.0\\.0\\.1:\\d+: `),
    );
    expect(result.stderr).not.toContain(PASSWORD);
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });
});
