/**
 * The call pipeline every HubSpot request goes through: token → limiter → one exchange → headers →
 * parse (zod) or classify → bounded retry. The only place that waits, counts and logs calls.
 */
import type { Client } from '@hubspot/api-client';
import type { z } from 'zod';
import type { ApiUsage } from '../types.ts';
import { SyncError } from '../../src/lib/errors.ts';
import { scrubSecrets, type Logger } from '../../src/lib/logger.ts';
import type { TokenSource } from './auth.ts';
import { sendOnce, type HubSpotRequest, type HubSpotResponse } from './client.ts';
import {
  answerLost,
  badShape,
  HubSpotHttpError,
  isNetworkError,
  isUnsentNetworkError,
  NonJsonBody,
  nonJsonSuccess,
  rateLimitPolicy,
  toSyncError,
} from './errors.ts';
import type { HubSpotRateLimiter } from './rate-limiter.ts';
import { decideRetry, isIdempotent, MAX_ATTEMPTS, parseRetryAfter } from './retry.ts';
import type { ServerClock } from '../../src/lib/server-clock.ts';
import { HsErrorBody } from './schemas.ts';
import type { UsageCounter } from './usage.ts';

export interface ApiDeps {
  client: Client;
  tokens: () => TokenSource;
  limiter: HubSpotRateLimiter;
  usage: UsageCounter;
  logger: Logger;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  /** Learns HubSpot's clock from each answer's `Date` header. */
  serverClock?: ServerClock;
}

export interface ApiResult<T> {
  readonly status: number;
  readonly data: T;
}

export interface HubSpotApi {
  call<S extends z.ZodType>(req: HubSpotRequest, schema: S): Promise<ApiResult<z.infer<S>>>;
  usage(): ApiUsage;
}

export function createHubSpotApi(deps: ApiDeps): HubSpotApi {
  const { limiter, usage, logger } = deps;

  const exchange = async (req: HubSpotRequest, token: string | undefined): Promise<HubSpotResponse> => {
    const sent = await limiter.acquire(req.kind ?? 'standard');
    usage.call(req.family);
    logger.debug({ method: req.method, path: req.path, family: req.family }, 'hubspot request');
    try {
      return await sendOnce(deps.client, req, token);
    } finally {
      await limiter.answered(sent);
    }
  };

  const toHttpError = (req: HubSpotRequest, res: HubSpotResponse): HubSpotHttpError => {
    const parsed = HsErrorBody.safeParse(res.body);
    const body =
      res.body instanceof NonJsonBody
        ? { message: res.body.describe(), category: 'NON_JSON_ANSWER' }
        : parsed.success
          ? parsed.data
          : { message: scrubSecrets(JSON.stringify(res.body)).slice(0, 500) };
    const retryAfter = parseRetryAfter(res.headers.get('retry-after'), deps.now());
    const err = new HubSpotHttpError(res.status, body, req.method, req.path, retryAfter);
    logger.warn(
      {
        status: res.status,
        method: req.method,
        path: req.path,
        body: scrubSecrets(
          res.body instanceof NonJsonBody ? res.body.describe() : JSON.stringify(res.body),
        ).slice(0, 2000),
      },
      'hubspot api error',
    );
    return err;
  };

  async function call<S extends z.ZodType>(req: HubSpotRequest, schema: S): Promise<ApiResult<z.infer<S>>> {
    let reauthorised = false;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS + 1; attempt++) {
      const tokens = req.auth === false ? undefined : deps.tokens();
      const token = tokens ? await tokens.get() : undefined;
      let failure: unknown;
      try {
        const sentMs = deps.serverClock?.localNow() ?? 0;
        const res = await exchange(req, token);
        await limiter.observe(res.headers);
        deps.serverClock?.observe(res.headers.get('date'), sentMs);
        if (res.status >= 200 && res.status < 300) {
          if (res.body instanceof NonJsonBody)
            throw nonJsonSuccess(res.status, res.body, req.method, req.path);
          const parsed = schema.safeParse(res.body);
          if (!parsed.success) throw badShape(parsed.error, req.method, req.path);
          return { status: res.status, data: parsed.data };
        }
        failure = toHttpError(req, res);
      } catch (err) {
        if (err instanceof SyncError) throw err;
        failure = err;
      }
      if (failure instanceof HubSpotHttpError && failure.status === 429) {
        usage.http429();
        const policy = rateLimitPolicy(failure);
        if (policy === 'daily') {
          const wait = failure.retryAfterMs ?? limiter.msToDailyReset(deps.now());
          await limiter.dailyExhausted(wait);
          throw toSyncError(failure, wait);
        }
      }
      // An OAuth token can be revoked before its expiry: refresh once, replay once.
      if (
        failure instanceof HubSpotHttpError &&
        failure.status === 401 &&
        tokens?.refreshable &&
        token &&
        !reauthorised
      ) {
        reauthorised = true;
        tokens.invalidate(token);
        usage.retry();
        continue;
      }
      const idempotent = isIdempotent(req);
      const decision = decideRetry(failure, attempt, deps.random(), idempotent);
      if (!decision.retry) {
        if (!idempotent && isNetworkError(failure) && !isUnsentNetworkError(failure))
          throw answerLost(failure, req.method, req.path);
        throw toSyncError(failure, decision.retryAfterMs);
      }
      usage.retry();
      logger.debug(
        { method: req.method, path: req.path, delayMs: decision.delayMs, reason: decision.reason },
        'hubspot retry',
      );
      if (failure instanceof HubSpotHttpError && failure.status === 429)
        await limiter.pauseFor(decision.delayMs);
      else await deps.sleep(decision.delayMs);
    }
    throw new SyncError(
      'transient',
      'HUBSPOT_RETRIES_EXHAUSTED',
      `HubSpot ${req.method} ${req.path} kept failing`,
    );
  }

  return { call, usage: () => usage.snapshot(limiter.quota()) };
}
