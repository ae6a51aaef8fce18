/**
 * How long a dead process's hold on work lasts, from the environment. Not config: the default (a
 * 10-minute run lease) is right for production, and a shorter one makes a slow-but-alive process lose
 * its run to another. It exists so tests that SIGKILL leadloop processes see the recovery in seconds;
 * parsed once at start, a bad value names the variable and exits 2.
 *
 *   LEADLOOP_RUN_LOCK_TTL_MS  the run lease of `sync --once`: how soon a restart on another host may
 *                             take over a killed run's connection (on the same host a lease whose
 *                             process is gone is taken over at once: queue/run-lease.ts)
 *   LEADLOOP_JOB_LOCK_MS      BullMQ's job lock (`lockDuration`) and stalled-job check (`stalledInterval`)
 *                             of `leadloop worker`, both 30 s by default: how soon another worker runs a
 *                             job whose worker died. Too short, and a busy worker's job is run twice
 *                             (https://docs.bullmq.io/guide/jobs/stalled)
 */
import { z } from 'zod';
import { ConfigError } from '../lib/errors.ts';

const Millis = z.coerce.number().int().min(500).max(3_600_000);

const TimingEnv = z.object({
  LEADLOOP_RUN_LOCK_TTL_MS: Millis.optional(),
  LEADLOOP_JOB_LOCK_MS: Millis.optional(),
});

export interface Timings {
  readonly runLockTtlMs?: number;
  readonly jobLockMs?: number;
}

export function readTimings(env: NodeJS.ProcessEnv): Timings {
  const parsed = TimingEnv.safeParse({
    LEADLOOP_RUN_LOCK_TTL_MS: env['LEADLOOP_RUN_LOCK_TTL_MS'] || undefined,
    LEADLOOP_JOB_LOCK_MS: env['LEADLOOP_JOB_LOCK_MS'] || undefined,
  });
  if (!parsed.success)
    throw new ConfigError(
      parsed.error.issues.map(
        (issue) => `${issue.path.join('.')}: expected milliseconds from 500 to 3600000 (${issue.message})`,
      ),
    );
  const { LEADLOOP_RUN_LOCK_TTL_MS: runLockTtlMs, LEADLOOP_JOB_LOCK_MS: jobLockMs } = parsed.data;
  return {
    ...(runLockTtlMs !== undefined ? { runLockTtlMs } : {}),
    ...(jobLockMs !== undefined ? { jobLockMs } : {}),
  };
}
