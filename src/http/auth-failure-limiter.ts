/**
 * Brute-force brake for the admin token: failed bearer checks and failed logins are counted per client
 * address and overall (rate-limiter-flexible, in memory: one `serve` process holds the admin surface).
 * Once a limit is reached, every attempt from that address (or from anyone, for the overall limit) is
 * answered 429 until the window has passed, the right token included, so a lucky guess during a lockout
 * learns nothing; the window then ends on its own, so the owner is never locked out for good.
 */
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

export interface AuthFailureLimits {
  /** Failures allowed per client address per window (default 10). */
  readonly perAddress: number;
  /** Failures allowed from all addresses together per window (default 100). */
  readonly overall: number;
  /** Window length in seconds (default 60). */
  readonly windowSeconds: number;
}

export const DEFAULT_AUTH_FAILURE_LIMITS: AuthFailureLimits = {
  perAddress: 10,
  overall: 100,
  windowSeconds: 60,
};

export interface AuthFailureLimiter {
  /** Milliseconds until `address` may try again; 0 when it may try now. */
  lockedFor(address: string): Promise<number>;
  /** Counts one failure from `address`; the wait it now faces (0 while under both limits). */
  recordFailure(address: string): Promise<number>;
}

const OVERALL_KEY = '*';

export function createAuthFailureLimiter(
  limits: AuthFailureLimits = DEFAULT_AUTH_FAILURE_LIMITS,
): AuthFailureLimiter {
  const perAddress = new RateLimiterMemory({
    keyPrefix: 'auth-address',
    points: limits.perAddress,
    duration: limits.windowSeconds,
  });
  const overall = new RateLimiterMemory({
    keyPrefix: 'auth-overall',
    points: limits.overall,
    duration: limits.windowSeconds,
  });

  const wait = async (limiter: RateLimiterMemory, key: string, points: number): Promise<number> => {
    const res = await limiter.get(key);
    return res !== null && res.consumedPoints >= points ? Math.max(1, res.msBeforeNext) : 0;
  };

  const consume = async (limiter: RateLimiterMemory, key: string): Promise<number> => {
    try {
      const res = await limiter.consume(key);
      return res.remainingPoints === 0 ? Math.max(1, res.msBeforeNext) : 0;
    } catch (rejected) {
      // rate-limiter-flexible rejects with the RateLimiterRes itself once the points are spent.
      if (rejected instanceof RateLimiterRes) return Math.max(1, rejected.msBeforeNext);
      throw rejected;
    }
  };

  return {
    async lockedFor(address) {
      const [a, o] = await Promise.all([
        wait(perAddress, address, limits.perAddress),
        wait(overall, OVERALL_KEY, limits.overall),
      ]);
      return Math.max(a, o);
    },
    async recordFailure(address) {
      const [a, o] = await Promise.all([consume(perAddress, address), consume(overall, OVERALL_KEY)]);
      return Math.max(a, o);
    },
  };
}
