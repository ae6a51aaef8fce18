import { describe, expect, it } from 'vitest';
import type { PersonRecord } from '../../../src/domain/person.ts';
import type { RecordSnapshot } from '../../../src/state/types.ts';
import { splitStale } from '../../../src/sync/stale-records.ts';

const pulled = (modifiedAt: string, deleted = false): PersonRecord => ({
  crm: 'salesforce',
  object: 'lead',
  id: '00Q1',
  modifiedAt,
  fields: { Title: 'old' },
  deleted,
});
const held = (modifiedAt: string, syncedAt: string): Map<string, RecordSnapshot> =>
  new Map([
    [
      'salesforce:lead:00Q1',
      { crm: 'salesforce', object: 'lead', id: '00Q1', fields: { Title: 'new' }, modifiedAt, syncedAt },
    ],
  ]);
const T1 = '2026-12-01T10:00:00.000Z';
const T2 = '2026-12-01T10:00:05.000Z';
const LATER = '2026-12-01T11:00:00.000Z';

describe('splitStale', () => {
  it.each<[string, PersonRecord, Map<string, RecordSnapshot>, 'fresh' | 'stale']>([
    ['nothing held: fresh', pulled(T1), new Map(), 'fresh'],
    ['newer than the held version: fresh', pulled(T2), held(T1, LATER), 'fresh'],
    ['the same stamp (one whole second, two saves): fresh', pulled(T1), held(T1, LATER), 'fresh'],
    ['older than the held version: stale', pulled(T1), held(T2, LATER), 'stale'],
    ['a deletion is never stale', pulled(T1, true), held(T2, LATER), 'fresh'],
    [
      "older than a record leadloop created (its own clock's stamp): fresh",
      pulled(T1),
      held(T2, T2),
      'fresh',
    ],
  ])('%s', (_case, record, snapshots, expected) => {
    const split = splitStale([record], snapshots);
    expect(expected === 'fresh' ? split.fresh : split.stale).toEqual([record]);
    expect(expected === 'fresh' ? split.stale : split.fresh).toEqual([]);
  });
});
