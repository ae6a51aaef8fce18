/** `POST /api/sync`: enqueue (or, embedded, start) a sync run; rate-limited and deduplicated. */
import type { RequestHandler } from 'express';
import { z } from 'zod';
import { RunKind } from '../domain/run-kind.ts';
import type { AppDeps } from './app-deps.ts';
import { parseBody } from './http-error.ts';

export const SyncBody = z.strictObject({ kind: RunKind.default('incremental') });

export function postSync(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    const { kind } = parseBody(SyncBody, req.body);
    const outcome = await deps.trigger.trigger(kind);
    if (outcome.status === 'rate-limited') {
      res.status(429).set('Retry-After', String(Math.ceil(outcome.retryAfterMs / 1000)));
      res.json({
        error: 'RATE_LIMITED',
        message: 'a sync was triggered moments ago',
        retryAfterMs: outcome.retryAfterMs,
      });
      return;
    }
    res.status(202).json({ kind, ...outcome });
  };
}
