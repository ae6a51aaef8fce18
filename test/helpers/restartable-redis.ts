/**
 * A private `redis-server` a test can stop and start again on the same port and data directory, with the
 * append-only file fsynced on every write (`appendfsync always`), so what a client was told is written
 * survives a SIGKILL. For Redis restart, flush and flapping tests; `startRedis` (redis-server.ts) is the
 * one to use when Redis only has to be there.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, ping } from './redis-server.ts';

export interface RestartableRedis {
  readonly url: string;
  readonly port: number;
  /** The data directory holding the append-only file. */
  readonly dir: string;
  /** SIGTERM lets Redis finish its AOF and exit; SIGKILL is a crash. Resolves once the process is gone. */
  stop(signal: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /** Starts it again on the same port and directory; resolves when it answers PING after loading the AOF. */
  start(): Promise<void>;
  readonly running: boolean;
  /** Stops it (SIGKILL) and removes the directory. */
  close(): Promise<void>;
}

const READY_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 5_000;

export async function startRestartableRedis(): Promise<RestartableRedis> {
  if (spawnSync('redis-server', ['--version']).error)
    throw new Error('redis-server not found: install it (apt-get install redis-server)');
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'leadloop-redis-aof-'));
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--save',
    '',
    '--appendonly',
    'yes',
    '--appendfsync',
    'always',
  ];
  let child: ChildProcess | undefined;
  let output = '';

  const alive = (): boolean => child !== undefined && child.exitCode === null && child.signalCode === null;

  const start = async (): Promise<void> => {
    if (alive()) throw new Error(`redis on port ${port} is already running`);
    const proc = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    output = '';
    const keep = (d: Buffer): void => void (output = (output + d.toString()).slice(-2000));
    proc.stdout?.on('data', keep);
    proc.stderr?.on('data', keep);
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (!alive()) throw new Error(`redis-server exited (${proc.exitCode ?? proc.signalCode}): ${output}`);
      // PING answers -LOADING while the AOF is replayed, so PONG means the data is back.
      if (await ping(port)) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    proc.kill('SIGKILL');
    throw new Error(
      `redis-server did not answer on 127.0.0.1:${port} within ${READY_TIMEOUT_MS} ms: ${output}`,
    );
  };

  const stop = async (signal: 'SIGTERM' | 'SIGKILL'): Promise<void> => {
    const proc = child;
    if (!proc || !alive()) return;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.kill(signal);
    const timer = setTimeout(() => proc.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  };

  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    stop,
    start,
    get running() {
      return alive();
    },
    close: async () => {
      await stop('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    },
  };
}
