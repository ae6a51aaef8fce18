import type { FailureKind } from '../domain/write.ts';

/**
 * Base of every error leadloop throws on purpose: a stable `code` to branch and alert on, and the
 * context that says what was wrong and where (never secrets).
 */
export class LeadloopError extends Error {
  readonly code: string;
  readonly context: Readonly<Record<string, unknown>>;

  constructor(code: string, message: string, context: Record<string, unknown> = {}, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.context = context;
  }
}

/** The configuration file is invalid; `problems` holds one line per problem, each naming its path. */
export class ConfigError extends LeadloopError {
  readonly problems: readonly string[];

  constructor(problems: readonly string[], context: Record<string, unknown> = {}) {
    super('CONFIG_INVALID', problems.join('\n'), context);
    this.problems = problems;
  }
}

/**
 * A failure talking to a CRM, classified once at the connector edge. The queue decides
 * retry semantics from `kind` alone; `retryAfterMs` carries the server's hint when it gave one.
 */
export class SyncError extends LeadloopError {
  readonly kind: FailureKind;
  readonly retryAfterMs: number | undefined;

  constructor(
    kind: FailureKind,
    code: string,
    message: string,
    context: Record<string, unknown> = {},
    options?: ErrorOptions & { retryAfterMs?: number },
  ) {
    super(code, message, context, options);
    this.kind = kind;
    this.retryAfterMs = options?.retryAfterMs;
  }

  get retryable(): boolean {
    return this.kind === 'rate_limited' || this.kind === 'transient';
  }
}

/** Exhaustiveness guard for switches over closed unions. */
export function assertNever(value: never, what = 'value'): never {
  throw new LeadloopError('UNREACHABLE', `unexpected ${what}: ${JSON.stringify(value)}`);
}
