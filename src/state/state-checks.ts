/**
 * Precompiled checks for the two documents a sync reads by the thousand (snapshots, activities): the same
 * rules as their zod schemas, written as plain property tests, because a zod parse of a snapshot's field
 * record cost ~13 µs a row (a third of a chunk's load time). Each check accepts only what its schema
 * accepts; anything it refuses goes through the schema, which then names what is wrong (state-codec.ts).
 */
import { ActivityType, type Activity } from '../domain/activity.ts';
import { IsoTime } from '../domain/crm.ts';
import type { RecordSnapshot } from './types.ts';

const CRMS: ReadonlySet<unknown> = new Set(['hubspot', 'salesforce']);
const OBJECTS: ReadonlySet<unknown> = new Set(['contact', 'lead']);
const ACTIVITY_TYPES: ReadonlySet<unknown> = new Set(ActivityType.options);
const SNAPSHOT_KEYS = 6;
const ACTIVITY_KEYS: ReadonlySet<string> = new Set([
  'crm',
  'sourceId',
  'recordId',
  'type',
  'occurredAt',
  'name',
  'url',
  'tag',
  'campaign',
]);

type Doc = Record<string, unknown>;

const isDoc = (v: unknown): v is Doc => typeof v === 'object' && v !== null && !Array.isArray(v);
const isIdString = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const isTime = (v: unknown): boolean => typeof v === 'string' && IsoTime.safeParse(v).success;
const isNullishString = (v: unknown): boolean => v === undefined || v === null || typeof v === 'string';

function isFieldMap(v: unknown): boolean {
  if (!isDoc(v)) return false;
  for (const key in v) {
    const value = v[key];
    const t = typeof value;
    if (value !== null && t !== 'string' && t !== 'boolean' && !(t === 'number' && Number.isFinite(value)))
      return false;
  }
  return true;
}

export function isRecordSnapshot(v: unknown): v is RecordSnapshot {
  return (
    isDoc(v) &&
    Object.keys(v).length === SNAPSHOT_KEYS &&
    CRMS.has(v['crm']) &&
    OBJECTS.has(v['object']) &&
    isIdString(v['id']) &&
    isFieldMap(v['fields']) &&
    isTime(v['modifiedAt']) &&
    isTime(v['syncedAt'])
  );
}

export function isActivity(v: unknown): v is Activity {
  if (!isDoc(v)) return false;
  for (const key in v) if (!ACTIVITY_KEYS.has(key)) return false;
  return (
    CRMS.has(v['crm']) &&
    isIdString(v['sourceId']) &&
    isIdString(v['recordId']) &&
    ACTIVITY_TYPES.has(v['type']) &&
    isTime(v['occurredAt']) &&
    isNullishString(v['name']) &&
    isNullishString(v['url']) &&
    isNullishString(v['tag']) &&
    isNullishString(v['campaign'])
  );
}
