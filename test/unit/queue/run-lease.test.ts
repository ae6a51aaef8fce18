import { spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/lib/logger.ts';
import { acquireRunLease, deadHolder, leaseOwner } from '../../../src/queue/run-lease.ts';
import { RUN_LOCK } from '../../../src/queue/types.ts';
import { createMemoryStore } from '../../../src/state/memory/memory-store.ts';

const logger = createLogger({ level: 'silent' });
const children: ReturnType<typeof spawn>[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
});

/** A process that ran on this host and is gone: its pid is free (until the kernel reuses it). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  const pid = child.pid;
  if (pid === undefined) throw new Error('no child pid');
  await new Promise((resolve) => child.once('exit', resolve));
  return pid;
}

function livePid(): number {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
  children.push(child);
  if (child.pid === undefined) throw new Error('no child pid');
  return child.pid;
}

describe('deadHolder: is the lease holder a process of this host that is gone', () => {
  it.each([
    ['a dead pid of this host', 'run_1@web-1:4242', false, { runId: 'run_1', pid: 4242 }],
    ['a live pid', 'run_1@web-1:4242', true, null],
    ['another host', 'run_1@web-2:4242', false, null],
    ['a BullMQ flow (bare run id)', 'run_1', false, null],
    ['an owner of another kind', 'state-reset-17', false, null],
  ])('%s', (_what, owner, exists, want) => {
    expect(deadHolder(owner, 'web-1', () => exists)).toEqual(want);
  });

  it('never judges its own process dead', () => {
    expect(deadHolder(leaseOwner('run_1', 'web-1'), 'web-1', () => false)).toBeNull();
  });
});

describe('acquireRunLease', () => {
  it('takes over at once a lease whose holder process on this host is gone', async () => {
    const store = createMemoryStore();
    const stale = leaseOwner('run_killed', hostname(), await deadPid());
    expect(await store.acquireLock(RUN_LOCK, stale, 600_000)).toBe(true);

    const held = await acquireRunLease(store, 'run_next', logger);

    expect(held).not.toBeNull();
    expect(await store.lockOwner(RUN_LOCK)).toBe(leaseOwner('run_next'));
    await held?.release();
    expect(await store.lockOwner(RUN_LOCK)).toBeNull();
  });

  it('waits for a live holder, a holder on another host and a flow', async () => {
    const store = createMemoryStore();
    for (const owner of [leaseOwner('run_live', hostname(), livePid()), 'run_1@elsewhere:1', 'run_flow']) {
      expect(await store.acquireLock(RUN_LOCK, owner, 600_000)).toBe(true);
      expect(await acquireRunLease(store, 'run_next', logger)).toBeNull();
      expect(await store.lockOwner(RUN_LOCK)).toBe(owner);
      await store.releaseLock(RUN_LOCK, owner);
    }
  });
});
