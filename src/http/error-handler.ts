/** The last middleware: every error becomes a JSON answer with a stable code; unexpected ones are logged. */
import type { ErrorRequestHandler } from 'express';
import { ConfigError, LeadloopError, SyncError } from '../lib/errors.ts';
import type { Logger } from '../lib/logger.ts';
import { HttpError, toFieldErrors } from './http-error.ts';

/** body-parser's errors carry `status` and `type` (`entity.too.large`, `entity.parse.failed`). */
function bodyParserStatus(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null || !('type' in err) || !('status' in err)) return undefined;
  return typeof err.status === 'number' && typeof err.type === 'string' && err.type.startsWith('entity.')
    ? err.status
    : undefined;
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    if (err instanceof HttpError) {
      res.status(err.status).json({ error: err.code, message: err.message, errors: err.errors });
      return;
    }
    if (err instanceof ConfigError) {
      res.status(400).json({
        error: err.code,
        message: 'the configuration is invalid',
        errors: toFieldErrors(err.problems),
      });
      return;
    }
    const parserStatus = bodyParserStatus(err);
    if (parserStatus !== undefined) {
      res.status(parserStatus).json({
        error: parserStatus === 413 ? 'BODY_TOO_LARGE' : 'INVALID_BODY',
        message: err instanceof Error ? err.message : 'invalid body',
      });
      return;
    }
    if (err instanceof SyncError) {
      logger.warn({ err, path: req.path }, 'CRM call failed while serving a request');
      res
        .status(err.kind === 'rate_limited' ? 503 : 502)
        .json({ error: err.code, kind: err.kind, message: err.message });
      return;
    }
    if (err instanceof LeadloopError && err.code === 'RUN_IN_PROGRESS') {
      res.status(409).json({ error: err.code, message: err.message });
      return;
    }
    logger.error({ err, path: req.path }, 'request failed');
    res.status(500).json({ error: 'INTERNAL', message: 'internal error (see the server log)' });
  };
}
