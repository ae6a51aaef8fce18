/**
 * Retrying failed writes: failures are grouped by CRM, object, code and permanence; a retry marks the
 * people behind them dirty and clears the entries; a create failure is traced to the record it was to be
 * created from; a rejected pull is left alone (the record must be fixed in its CRM).
 */
import { describe, expect, it } from 'vitest';
import { groupFailures } from '../../../src/health/failure-groups.ts';
import { retryFailures } from '../../../src/health/retry-failures.ts';
import { createMemoryStore } from '../../../src/state/memory/memory-store.ts';
import type { WriteFailureEntry } from '../../../src/state/types.ts';
import type { PersonLink } from '../../../src/domain/person-link.ts';

const AT = '2026-11-20T10:00:00.000Z';
const failure = (patch: Partial<WriteFailureEntry>): WriteFailureEntry => ({
  at: AT,
  runId: 'r1',
  crm: 'salesforce',
  object: 'lead',
  source: 'write',
  recordId: '00Q1',
  code: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
  message: 'Rating must be Hot',
  fields: ['Rating'],
  permanent: true,
  ...patch,
});
const link = (personId: string, patch: Partial<PersonLink>): PersonLink => ({
  personId,
  hubspotId: null,
  salesforceLeadId: null,
  salesforceContactId: null,
  email: null,
  updatedAt: AT,
  ...patch,
});

describe('failure groups', () => {
  it('groups by CRM, object, code and permanence, largest first', () => {
    const groups = groupFailures([
      failure({ recordId: '00Q1' }),
      failure({ recordId: '00Q2' }),
      failure({ recordId: '101', crm: 'hubspot', object: 'contact', code: 'INVALID_EMAIL' }),
      failure({ recordId: '00Q3', permanent: false, code: 'UNABLE_TO_LOCK_ROW' }),
    ]);
    expect(groups.map((g) => [g.key, g.count])).toEqual([
      ['salesforce:lead:FIELD_CUSTOM_VALIDATION_EXCEPTION:permanent', 2],
      ['hubspot:contact:INVALID_EMAIL:permanent', 1],
      ['salesforce:lead:UNABLE_TO_LOCK_ROW:retryable', 1],
    ]);
  });
});

describe('retrying failures', () => {
  it('marks the people dirty, clears their entries, traces creates, leaves rejected pulls', async () => {
    const store = createMemoryStore();
    await store.putLinks([link('p1', { salesforceLeadId: '00Q1' }), link('p2', { hubspotId: '202' })]);
    const all = [
      failure({ recordId: '00Q1' }),
      // A Lead that could not be created from HubSpot contact 202.
      failure({ source: 'create', recordId: '202', code: 'REQUIRED_FIELD_MISSING' }),
      failure({ source: 'pull', recordId: '00Q9', code: 'SCHEMA_REJECTED' }),
      failure({ recordId: '00Q404', code: 'ENTITY_IS_DELETED' }),
    ];
    await store.putFailures(all);
    const result = await retryFailures(store, all);
    expect(result).toEqual({ retried: 2, people: 2, skipped: 2 });
    expect(await store.listDirty(10)).toEqual(['p1', 'p2']);
    expect((await store.listFailures({ limit: 10 })).map((f) => `${f.source}:${f.recordId}`).sort()).toEqual([
      'pull:00Q9',
      'write:00Q404',
    ]);
  });

  it('clears a company write failure without a person to mark: the next account run plans it again', async () => {
    const store = createMemoryStore();
    const company = failure({ crm: 'hubspot', object: 'company', recordId: '20000000005' });
    await store.putFailures([company]);
    expect(await retryFailures(store, [company])).toEqual({ retried: 1, people: 0, skipped: 0 });
    expect(await store.listDirty(10)).toEqual([]);
    expect(await store.listFailures({ limit: 10 })).toEqual([]);
  });
});
