import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../../../src/state/memory/memory-store.ts';
import type { FailureSource, WriteFailureEntry } from '../../../../src/state/types.ts';
import { persistChunk } from '../../../../src/sync/chunk/persist-chunk.ts';
import type { Reconciliation } from '../../../../src/sync/chunk/reconcile.ts';
import { emptyPersonState } from '../../../../src/sync/person-state.ts';
import { hubspot, lead, link, NOW } from '../fixtures.ts';

const AT = NOW.toISOString();
const failure = (
  recordId: string,
  permanent: boolean,
  source: FailureSource = 'write',
): WriteFailureEntry => ({
  at: AT,
  runId: 'run_1',
  crm: 'salesforce',
  object: 'lead',
  source,
  recordId,
  code: permanent ? 'FIELD_CUSTOM_VALIDATION_EXCEPTION' : 'UNABLE_TO_LOCK_ROW',
  message: 'm',
  fields: [],
  permanent,
});

describe('persistChunk', () => {
  it('stores every part of the decision and nothing else', async () => {
    const store = createMemoryStore();
    await store.markDirty(['p1', 'p2', 'p3']);
    await store.putFailures([failure('101', false, 'create')]);
    const written = { ...hubspot('101', { leadloop_score: 72 }), syncedAt: AT };
    const created = { ...lead('00Q9', { Leadloop_HubSpot_Id__c: '101' }), modifiedAt: AT, syncedAt: AT };
    const state = { ...emptyPersonState(), synced: { hubspot: { jobtitle: 'CEO' }, salesforce: {} } };
    const newLink = { ...link('p1', { hubspotId: '101', salesforceLeadId: '00Q9' }), updatedAt: AT };
    const audit = {
      at: AT,
      runId: 'run_1',
      personId: 'p1',
      crm: 'hubspot' as const,
      object: 'contact' as const,
      recordId: '101',
      field: 'leadloop_score',
      from: null,
      to: 72,
      reason: 'score',
    };
    const decision: Reconciliation = {
      snapshots: [written, created],
      links: [newLink],
      personStates: [{ personId: 'p1', state }],
      audit: [audit],
      failures: [failure('00Q3', true)],
      clearFailures: [{ crm: 'salesforce', object: 'lead', source: 'create', recordId: '101' }],
      clearDirty: ['p1', 'p3'],
      followUp: ['p1'],
      existing: [],
      gone: [],
      counts: new Map(),
      written: 1,
      failed: 1,
    };

    await persistChunk(store, decision);

    const snapshots = await store.getSnapshots([written, created]);
    expect([...snapshots.values()]).toEqual([written, created]);
    expect([...(await store.getLinksByPersonIds(['p1'])).values()]).toEqual([newLink]);
    expect((await store.getPersonStates(['p1'])).get('p1')).toEqual(state);
    expect(await store.listAudit({ limit: 10 })).toEqual([audit]);
    expect(await store.listFailures({ limit: 10 })).toEqual([failure('00Q3', true)]);
    // The follow-up pass is marked by the caller, after settling: persisting leaves p2 alone too.
    expect(await store.listDirty(10)).toEqual(['p2']);
  });
});
