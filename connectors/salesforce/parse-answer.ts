/**
 * Every Salesforce answer passes its schema here, so a spoilt one becomes a `SyncError` that names the call
 * and what was wrong instead of a bare ZodError. jsforce hands back a body it could not parse as JSON
 * (an HTML error page with status 200, a cut-off answer) as a string: that is a transient fault of the
 * exchange, worth another try; JSON of the wrong shape is not (the API changed, or a field is missing).
 */
import type { z } from 'zod';
import { SyncError } from '../../src/lib/errors.ts';

/** Only so much of a body that is not JSON goes into the message (it may be a whole web page). */
const SHOWN = 80;

export function describeIssues(error: z.ZodError): string {
  const shown = error.issues
    .slice(0, 3)
    .map((i) => `${i.path.length ? i.path.join('.') : '(the answer)'}: ${i.message}`);
  const more = error.issues.length > 3 ? ` (and ${error.issues.length - 3} more)` : '';
  return `${shown.join('; ')}${more}`;
}

/** `call` names the request, e.g. `GET /limits` or `the query for Lead`. */
export function parseAnswer<S extends z.ZodType>(schema: S, raw: unknown, call: string): z.infer<S> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  if (typeof raw === 'string') {
    const shown = raw.length > SHOWN ? `${raw.slice(0, SHOWN)}…` : raw;
    throw new SyncError(
      'transient',
      'SF_NON_JSON',
      `Salesforce ${call} answered something that is not JSON: ${JSON.stringify(shown)}`,
      { call, length: raw.length },
    );
  }
  throw new SyncError(
    'config',
    'SF_UNEXPECTED_RESPONSE',
    `Salesforce ${call} answered an unexpected shape: ${describeIssues(parsed.error)}`,
    { call, issues: parsed.error.issues.slice(0, 3) },
  );
}
