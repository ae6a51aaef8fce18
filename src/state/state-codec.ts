/**
 * JSON in and out of both stores. What we read back is parsed with the same zod schemas that define the
 * types, so a corrupted or hand-edited row fails loudly with its key instead of leaking a wrong shape.
 * Snapshots and activities, read by the thousand per chunk, pass a precompiled check of the same rules
 * first (state-checks.ts); only a row it refuses is parsed by the schema, which names the problem.
 */
import { z } from 'zod';
import { Activity } from '../domain/activity.ts';
import type { FailureRef } from './types.ts';
import { Opportunity } from '../domain/opportunity.ts';
import { LeadloopError } from '../lib/errors.ts';
import { isActivity, isRecordSnapshot } from './state-checks.ts';
import { AuditEntry, RecordSnapshot, RunSummary, WriteFailureEntry } from './types.ts';
import { PersonLink } from '../domain/person-link.ts';

/** Parses one stored JSON document with `schema`; throws `STATE_CORRUPT` naming what and its key. */
export function decodeWith<T>(
  schema: z.ZodType<T>,
  what: string,
  key: string,
  json: string,
  check?: (raw: unknown) => raw is T,
): T {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (err) {
    throw new LeadloopError(
      'STATE_CORRUPT',
      `stored ${what} ${key} is not JSON`,
      { what, key },
      { cause: err },
    );
  }
  if (check?.(raw)) return raw;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new LeadloopError(
      'STATE_CORRUPT',
      `stored ${what} ${key} is invalid: ${z.prettifyError(parsed.error)}`,
      {
        what,
        key,
      },
    );
  }
  return parsed.data;
}

/** Parsers for every stored document; each throws a `STATE_CORRUPT` error naming the key. */
export const decode = {
  link: (key: string, json: string): PersonLink => decodeWith(PersonLink, 'link', key, json),
  snapshot: (key: string, json: string): RecordSnapshot =>
    decodeWith(RecordSnapshot, 'snapshot', key, json, isRecordSnapshot),
  activity: (key: string, json: string): Activity => decodeWith(Activity, 'activity', key, json, isActivity),
  opportunity: (key: string, json: string): Opportunity => decodeWith(Opportunity, 'opportunity', key, json),
  audit: (key: string, json: string): AuditEntry => decodeWith(AuditEntry, 'audit entry', key, json),
  failure: (key: string, json: string): WriteFailureEntry => decodeWith(StoredFailure, 'failure', key, json),
  run: (key: string, json: string): RunSummary => decodeWith(RunSummary, 'run', key, json),
  state: (key: string, json: string): unknown => decodeWith(z.unknown(), 'person state', key, json),
};

export const failureKey = (r: FailureRef): string => `${r.crm}:${r.object}:${r.source}:${r.recordId}`;

/**
 * The key an entry had before failures carried a source (its kind was an id prefix, `create:` or
 * `pulled:`): stores written by older versions still hold entries under it, so writes and clears remove
 * that key too and nothing is listed twice or forever.
 */
export function legacyFailureKey(r: FailureRef): string {
  // Mapping failures came after the source column: they never had another key.
  if (r.source === 'mapping') return failureKey(r);
  const prefix = r.source === 'write' ? '' : LEGACY_PREFIX[r.source];
  return `${r.crm}:${r.object}:${prefix}${r.recordId}`;
}

const LEGACY_PREFIX = { create: 'create:', pull: 'pulled:' } as const;

/** An entry stored before the source column: its kind is read back from the id prefix. */
const StoredFailure = z.preprocess((raw) => {
  if (typeof raw !== 'object' || raw === null || 'source' in raw) return raw;
  const entry = raw as Record<string, unknown>;
  const id = typeof entry['recordId'] === 'string' ? entry['recordId'] : '';
  for (const [source, prefix] of Object.entries(LEGACY_PREFIX))
    if (id.startsWith(prefix)) return { ...entry, source, recordId: id.slice(prefix.length) };
  return { ...entry, source: 'write' };
}, WriteFailureEntry);

/** ISO time → epoch ms, for sorted indexes; an unparsable time is a bug upstream (schemas validate it). */
export function epochMs(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new LeadloopError('STATE_BAD_TIME', `not an ISO time: ${iso}`, { iso });
  return ms;
}
