/** An error that is the client's answer: a status, a stable code, and optional per-field details. */
import type { z } from 'zod';
import { formatIssues } from '../config/format-issues.ts';
import { LeadloopError } from '../lib/errors.ts';

export interface FieldError {
  /** Path in the request or config, e.g. `fieldMappings[3].salesforce.lead`. */
  readonly path: string;
  readonly message: string;
  readonly level?: 'error' | 'warning';
}

export class HttpError extends LeadloopError {
  readonly status: number;
  readonly errors: readonly FieldError[];

  constructor(status: number, code: string, message: string, errors: readonly FieldError[] = []) {
    super(code, message, { status });
    this.status = status;
    this.errors = errors;
  }
}

/** `path: message` lines (the config loader's format) as structured field errors. */
export function toFieldErrors(lines: readonly string[]): FieldError[] {
  return lines.map((line) => {
    const at = line.indexOf(': ');
    return at < 0
      ? { path: '(root)', message: line }
      : { path: line.slice(0, at), message: line.slice(at + 2) };
  });
}

/** Validates a request body; unknown keys are rejected by the strict schemas the routes use. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const result = schema.safeParse(body ?? {}, { reportInput: true });
  if (!result.success) {
    throw new HttpError(
      400,
      'INVALID_BODY',
      'the request body is invalid',
      toFieldErrors(formatIssues(result.error.issues, { values: 'masked' })),
    );
  }
  return result.data;
}
