/**
 * pino, JSON by default and readable on a TTY. Secrets are redacted by configuration, not by
 * discipline: tokens, Authorization headers, client secrets and private keys never reach the sink. Three
 * layers, cheapest first: pino's fixed `redact` paths; a bounded walk censoring secret-named keys at any
 * depth (censor-keys.ts); and one scrub of each serialized line for registered secret values and secret
 * shapes in free text (scrub-text.ts), which also catches what an SDK echoes inside a message.
 */
import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { censorSecretKeys } from './censor-keys.ts';
import { resolvePrettyTarget } from './pretty-target.ts';
import { scrubJsonLine, scrubText } from './scrub-text.ts';

export type { Logger } from 'pino';
export { registerSecrets } from './secret-registry.ts';

/** Paths are case-sensitive; Node lower-cases incoming header names. */
export const REDACT_PATHS = [
  'accessToken',
  'refreshToken',
  'access_token',
  'refresh_token',
  'clientSecret',
  'client_secret',
  'privateKey',
  'privateKeyPem',
  'password',
  'assertion',
  'adminToken',
  'token',
  '*.accessToken',
  '*.refreshToken',
  '*.access_token',
  '*.refresh_token',
  '*.clientSecret',
  '*.client_secret',
  '*.privateKey',
  '*.privateKeyPem',
  '*.password',
  '*.token',
  '*.adminToken',
  '*.*.accessToken',
  '*.*.clientSecret',
  '*.*.privateKey',
  '*.*.refreshToken',
  'headers.authorization',
  'headers.Authorization',
  '*.headers.authorization',
  '*.headers.Authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  'err.headers.authorization',
  'err.config.headers.Authorization',
  'err.request._header',
];

/**
 * Scrubs free text (error messages, bodies): registered secret values, bearer tokens, Salesforce session
 * ids, PEM keys, and secret `key=value` / `"key":"value"` pairs.
 */
export function scrubSecrets(text: string): string {
  return scrubText(text);
}

/**
 * Error serializer that keeps what helps (type, code, message, status, CRM context) and drops request
 * internals where SDKs keep credentials (axios `config.headers`, `request._header`, fetch options).
 */
export function serializeError(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: scrubSecrets(String(err)) };
  const e = err as Error & Record<string, unknown>;
  const out: Record<string, unknown> = { type: e.name, message: scrubSecrets(e.message) };
  for (const key of ['code', 'kind', 'errorCode', 'statusCode', 'status', 'retryAfterMs'] as const) {
    if (e[key] !== undefined && typeof e[key] !== 'object') out[key] = e[key];
  }
  if (e['context'] && typeof e['context'] === 'object') out['context'] = censorSecretKeys(e['context']);
  if (e.stack) out['stack'] = scrubSecrets(e.stack);
  if (e.cause) out['cause'] = serializeError(e.cause);
  return out;
}

export interface CreateLoggerOptions {
  level?: string;
  /** Force pretty (TTY) output on or off; default: pretty when stdout is a TTY. */
  pretty?: boolean;
  destination?: DestinationStream;
}

export function createLogger(options: CreateLoggerOptions = {}): Logger {
  const base: LoggerOptions = {
    level: options.level ?? process.env['LOG_LEVEL'] ?? 'info',
    base: { app: 'leadloop' },
    redact: { paths: REDACT_PATHS, censor: '[Redacted]' },
    serializers: { err: serializeError, error: serializeError },
    formatters: { log: censorSecretKeys, bindings: censorSecretKeys },
    hooks: { streamWrite: scrubJsonLine },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  if (options.destination) return pino(base, options.destination);
  // Logs go to stderr: stdout carries command results (JSON, reports) that scripts read.
  const pretty = options.pretty ?? (process.stderr.isTTY === true && process.env['LOG_FORMAT'] !== 'json');
  // Without pino-pretty installed (a production install), TTY output is JSON like everywhere else.
  const prettyTarget = pretty ? resolvePrettyTarget() : undefined;
  if (prettyTarget !== undefined) {
    return pino({
      ...base,
      transport: {
        target: prettyTarget,
        options: {
          destination: 2,
          colorize: true,
          translateTime: 'SYS:HH:MM:ss',
          ignore: 'pid,hostname,app',
        },
      },
    });
  }
  return pino(base, pino.destination({ dest: 2, sync: true }));
}
