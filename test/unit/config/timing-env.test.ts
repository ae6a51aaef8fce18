import { describe, expect, it } from 'vitest';
import { readTimings } from '../../../src/config/timing-env.ts';
import { ConfigError } from '../../../src/lib/errors.ts';

describe('readTimings', () => {
  it('leaves every timing to its production default when nothing is set', () => {
    expect(readTimings({})).toEqual({});
    expect(readTimings({ LEADLOOP_JOB_LOCK_MS: '' })).toEqual({});
  });

  it('reads the run lease and the BullMQ job lock in milliseconds', () => {
    expect(readTimings({ LEADLOOP_RUN_LOCK_TTL_MS: '1000', LEADLOOP_JOB_LOCK_MS: '2000' })).toEqual({
      runLockTtlMs: 1_000,
      jobLockMs: 2_000,
    });
  });

  it.each(['abc', '100', '1.5', '3600001'])(
    'refuses LEADLOOP_JOB_LOCK_MS=%s, naming the variable',
    (value) => {
      let caught: unknown;
      try {
        readTimings({ LEADLOOP_JOB_LOCK_MS: value });
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(ConfigError);
      expect((caught as Error).message).toMatch(
        /^LEADLOOP_JOB_LOCK_MS: expected milliseconds from 500 to 3600000/m,
      );
    },
  );
});
