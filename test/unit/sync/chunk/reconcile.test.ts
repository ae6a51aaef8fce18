import { describe, expect, it } from 'vitest';
import type { RecordFailure } from '../../../../src/domain/write.ts';
import type { AuditEntry, FailureRef, FailureSource, RecordSnapshot } from '../../../../src/state/types.ts';
import { dryRunCreateResults, dryRunWriteResults } from '../../../../src/sync/chunk/dry-run-outcomes.ts';
import { reconcile, type ChunkFacts, type Reconciliation } from '../../../../src/sync/chunk/reconcile.ts';
import type { CreateResult, RecordWriteResult } from '../../../../src/sync/execute-writes.ts';
import { emptyPersonState, type PersonState } from '../../../../src/sync/person-state.ts';
import type { PlannedCreate } from '../../../../src/sync/plan-creates.ts';
import { planPerson, type PersonInputs, type PersonPlan } from '../../../../src/sync/plan-person.ts';
import type { CounterName } from '../../../../src/sync/run-counters.ts';
import { exampleConfig, hubspot, inputs, lead, NOW, planSettings, write } from '../fixtures.ts';
import type { RecordRef } from '../../../../src/domain/person-link.ts';

const AT = NOW.toISOString();
const RUN = 'run_1';

// p1 is linked on both sides; its plan moves the two-way baseline from CTO to CEO.
const hs = hubspot('101', { email: 'ann@acme.example', leadloop_score: 40 });
const ld = lead('00Q1', { Email: 'ann@acme.example' });
const dup = lead('00Q2', { Email: 'ann@acme.example' });
const BEFORE = { hubspot: { jobtitle: 'CTO' }, salesforce: { Title: 'CTO' } };
const AFTER = { hubspot: { jobtitle: 'CEO' }, salesforce: { Title: 'CEO' } };
const p1: PersonInputs = inputs({
  personId: 'p1',
  hubspot: hs,
  lead: ld,
  duplicates: [dup],
  state: { ...emptyPersonState(), synced: BEFORE },
});
// p2 is in HubSpot only; its plan hands it off to Salesforce.
const p2: PersonInputs = inputs({ personId: 'p2', hubspot: hubspot('102', { email: 'bo@acme.example' }) });

const settings = planSettings(exampleConfig());
const planOf = (person: PersonInputs, over: Partial<PersonPlan>): PersonPlan => {
  const plan = planPerson(person, settings, NOW);
  return { ...plan, writes: [], creates: [], ...over };
};

const wScore = write(hs, 'leadloop_score', 40, 72, 'score');
const wGrade = write(hs, 'leadloop_grade', null, 'B', 'score');
const wLead = write(ld, 'Leadloop_Score__c', null, 72, 'score');
const wDup = write(dup, 'Leadloop_Score__c', null, 72, 'score');
const stateAfter: PersonState = { ...planOf(p1, {}).state, synced: AFTER };
const plan1 = planOf(p1, { writes: [wScore, wGrade, wLead, wDup], state: stateAfter });

const create: PlannedCreate = {
  crm: 'salesforce',
  object: 'lead',
  externalIdField: 'Leadloop_HubSpot_Id__c',
  externalId: '102',
  fields: { Email: 'bo@acme.example', LastName: '[not provided]', Leadloop_Score__c: 65 },
  reason: 'hand-off: MQL',
};
const plan2 = planOf(p2, { creates: [create] });

const landed = (snap: RecordSnapshot, fields: RecordWriteResult['fields']): RecordWriteResult => ({
  crm: snap.crm,
  object: snap.object,
  id: snap.id,
  fields,
});
const failure = (retryable: boolean, code: string): RecordFailure => ({
  kind: retryable ? 'transient' : 'record',
  retryable,
  code,
  message: `${code} message`,
  fields: retryable ? [] : ['Leadloop_Score__c'],
});
const failed = (snap: RecordSnapshot, f: RecordFailure): RecordWriteResult => ({
  ...landed(snap, {}),
  failure: f,
});
const audit = (w: typeof wScore, personId = 'p1'): AuditEntry => ({
  at: AT,
  runId: RUN,
  personId,
  crm: w.crm,
  object: w.object,
  recordId: w.id,
  field: w.field,
  from: w.from,
  to: w.to,
  reason: w.reason,
});
const failureEntry = (
  recordId: string,
  f: RecordFailure,
  object: 'lead' | 'contact' = 'lead',
  source: FailureSource = 'write',
) => ({
  at: AT,
  runId: RUN,
  crm: 'salesforce' as const,
  object,
  source,
  recordId,
  code: f.code,
  message: f.message,
  fields: f.fields,
  permanent: !f.retryable,
});
const synced = (s: PersonState['synced']) => ({ personId: 'p1', state: { ...stateAfter, synced: s } });
const plan2State = { personId: 'p2', state: plan2.state };
const counts = (entries: Partial<Record<CounterName, number>>) =>
  new Map(Object.entries(entries) as [CounterName, number][]);

/** The empty decision: each case below spells out everything it adds. */
const nothing: Reconciliation = {
  snapshots: [],
  links: [],
  personStates: [],
  audit: [],
  failures: [],
  clearFailures: [],
  clearDirty: [],
  followUp: [],
  existing: [],
  gone: [],
  counts: new Map(),
  written: 0,
  failed: 0,
};

const lock = failure(true, 'UNABLE_TO_LOCK_ROW');
const rule = failure(false, 'FIELD_CUSTOM_VALIDATION_EXCEPTION');
const hsLanded = landed(hs, { leadloop_score: 72, leadloop_grade: 'B' });
const ldLanded = landed(ld, { Leadloop_Score__c: 72 });
const dupLanded = landed(dup, { Leadloop_Score__c: 72 });
const after = (snap: RecordSnapshot, r: RecordWriteResult): RecordSnapshot => ({
  ...snap,
  fields: { ...snap.fields, ...r.fields },
  syncedAt: AT,
});
const recordRef = (snap: RecordSnapshot): RecordRef => ({ crm: snap.crm, object: snap.object, id: snap.id });
const ref = (snap: RecordSnapshot): FailureRef => ({
  crm: snap.crm,
  object: snap.object,
  source: 'write',
  recordId: snap.id,
});
const hsCounts = {
  'writes.hubspot.leadloop_score': 1,
  'writes.hubspot.leadloop_grade': 1,
  'recordsWritten.hubspot': 1,
} as const;
const oneSalesforceRecord = {
  'writes.salesforce.Leadloop_Score__c': 1,
  'recordsWritten.salesforce': 1,
} as const;
const createKey: FailureRef = { crm: 'salesforce', object: 'lead', source: 'create', recordId: '102' };
const createdLink = { ...p2.link, salesforceLeadId: '00Q9', updatedAt: AT };
const createdSnapshot: RecordSnapshot = {
  crm: 'salesforce',
  object: 'lead',
  id: '00Q9',
  fields: { ...create.fields, Leadloop_HubSpot_Id__c: '102' },
  modifiedAt: AT,
  syncedAt: AT,
};
const createdAudit: AuditEntry = {
  at: AT,
  runId: RUN,
  personId: 'p2',
  crm: 'salesforce',
  object: 'lead',
  recordId: '00Q9',
  field: '(created)',
  from: null,
  to: '102',
  reason: 'hand-off: MQL',
};

describe('reconcile: what a chunk persists from the CRMs’ answers', () => {
  it.each<[string, PersonPlan[], RecordWriteResult[], CreateResult[], Partial<ChunkFacts>, Reconciliation]>([
    [
      'writes landed: snapshots take the written values, one audit entry per field, the person is clean',
      [plan1],
      [hsLanded, ldLanded, dupLanded],
      [],
      {},
      {
        ...nothing,
        snapshots: [after(hs, hsLanded), after(ld, ldLanded), after(dup, dupLanded)],
        personStates: [synced(AFTER)],
        audit: [audit(wScore), audit(wGrade), audit(wLead), audit(wDup)],
        clearFailures: [ref(hs), ref(ld), ref(dup)],
        clearDirty: ['p1'],
        counts: counts({
          ...hsCounts,
          'writes.salesforce.Leadloop_Score__c': 2,
          'recordsWritten.salesforce': 2,
        }),
        written: 3,
      },
    ],
    [
      'a retryable write failure: recorded, that side keeps its old baseline, the person stays dirty',
      [plan1],
      [hsLanded, failed(ld, lock), dupLanded],
      [],
      {},
      {
        ...nothing,
        snapshots: [after(hs, hsLanded), after(dup, dupLanded)],
        personStates: [synced({ hubspot: AFTER.hubspot, salesforce: BEFORE.salesforce })],
        audit: [audit(wScore), audit(wGrade), audit(wDup)],
        failures: [failureEntry('00Q1', lock)],
        clearFailures: [ref(hs), ref(dup)],
        clearDirty: [],
        counts: counts({ ...hsCounts, ...oneSalesforceRecord, writesRetryable: 1 }),
        written: 2,
        failed: 1,
      },
    ],
    [
      'a permanent write failure: recorded with its code, baseline kept, the person let go',
      [plan1],
      [failed(hs, rule), ldLanded],
      [],
      {},
      {
        ...nothing,
        snapshots: [after(ld, ldLanded)],
        personStates: [synced({ hubspot: BEFORE.hubspot, salesforce: AFTER.salesforce })],
        audit: [audit(wLead)],
        failures: [{ ...failureEntry('101', rule, 'contact'), crm: 'hubspot' }],
        clearFailures: [ref(ld)],
        clearDirty: ['p1'],
        counts: counts({ ...oneSalesforceRecord, writesFailedPermanently: 1 }),
        written: 1,
        failed: 1,
      },
    ],
    [
      'a write to a record the CRM no longer holds: no failure, baseline kept, handed to settling, the person clean',
      [plan1],
      [{ ...failed(hs, failure(false, 'OBJECT_NOT_FOUND')), gone: true }, ldLanded],
      [],
      {},
      {
        ...nothing,
        snapshots: [after(ld, ldLanded)],
        personStates: [synced({ hubspot: BEFORE.hubspot, salesforce: AFTER.salesforce })],
        audit: [audit(wLead)],
        clearFailures: [ref(hs), ref(ld)],
        clearDirty: ['p1'],
        gone: [{ ref: recordRef(hs), personId: 'p1', failure: failure(false, 'OBJECT_NOT_FOUND') }],
        counts: counts({ ...oneSalesforceRecord, writesToGoneRecords: 1 }),
        written: 1,
      },
    ],
    [
      'a failed duplicate is not one of the person’s sides: both baselines move',
      [plan1],
      [hsLanded, ldLanded, failed(dup, lock)],
      [],
      {},
      {
        ...nothing,
        snapshots: [after(hs, hsLanded), after(ld, ldLanded)],
        personStates: [synced(AFTER)],
        audit: [audit(wScore), audit(wGrade), audit(wLead)],
        failures: [failureEntry('00Q2', lock)],
        clearFailures: [ref(hs), ref(ld)],
        clearDirty: [],
        counts: counts({ ...hsCounts, ...oneSalesforceRecord, writesRetryable: 1 }),
        written: 2,
        failed: 1,
      },
    ],
    [
      'a create landed: the new id is linked, its snapshot and audit kept, an old failure cleared, one more pass',
      [plan2],
      [],
      [{ create, id: '00Q9' }],
      {},
      {
        ...nothing,
        snapshots: [createdSnapshot],
        links: [createdLink],
        personStates: [plan2State],
        audit: [createdAudit],
        clearFailures: [createKey],
        clearDirty: ['p2'],
        followUp: ['p2'],
        counts: counts({ 'creates.salesforce': 1 }),
      },
    ],
    [
      'a create failed retryably: recorded under its external id, the person stays dirty',
      [plan2],
      [],
      [{ create, failure: lock }],
      {},
      {
        ...nothing,
        personStates: [plan2State],
        failures: [failureEntry('102', lock, 'lead', 'create')],
        counts: counts({ createsFailed: 1 }),
        failed: 1,
      },
    ],
    [
      'a create refused for good: recorded permanent, the person let go',
      [plan2],
      [],
      [{ create, failure: rule }],
      {},
      {
        ...nothing,
        personStates: [plan2State],
        failures: [failureEntry('102', rule, 'lead', 'create')],
        clearDirty: ['p2'],
        counts: counts({ createsFailed: 1 }),
        failed: 1,
      },
    ],
    [
      'a create with no answer at all is tried again, with nothing recorded',
      [plan2],
      [],
      [{ create }],
      {},
      { ...nothing, personStates: [plan2State], counts: counts({ createsFailed: 1 }) },
    ],
    [
      'a create answered by an existing record: handed to settling, no failure, the person clean',
      [plan2],
      [],
      [
        {
          create,
          failure: failure(false, 'DUPLICATES_DETECTED'),
          existing: { object: 'contact', id: '003E' },
        },
      ],
      {},
      {
        ...nothing,
        personStates: [plan2State],
        clearDirty: ['p2'],
        existing: [
          {
            personId: 'p2',
            create,
            existing: { object: 'contact', id: '003E' },
            answer: 'DUPLICATES_DETECTED: DUPLICATES_DETECTED message',
          },
        ],
      },
    ],
    [
      'an existing record named without a failure reads as "exists"',
      [plan2],
      [],
      [{ create, existing: { object: 'lead', id: '00Q7' } }],
      {},
      {
        ...nothing,
        personStates: [plan2State],
        clearDirty: ['p2'],
        existing: [{ personId: 'p2', create, existing: { object: 'lead', id: '00Q7' }, answer: 'exists' }],
      },
    ],
    [
      'a create that belongs to no plan of the chunk is ignored',
      [plan1],
      [],
      [{ create: { ...create }, id: '00Q9' }],
      {},
      { ...nothing, personStates: [synced(AFTER)], clearDirty: ['p1'] },
    ],
    [
      'orphans (no link left) are cleared with the chunk',
      [plan2],
      [],
      [],
      { orphans: ['gone-1', 'gone-2'] },
      { ...nothing, personStates: [plan2State], clearDirty: ['p2', 'gone-1', 'gone-2'] },
    ],
  ])('%s', (_case, plans, writeResults, createResults, facts, expected) => {
    const chunk: ChunkFacts = { runId: RUN, at: AT, dryRun: false, inputs: [p1, p2], orphans: [], ...facts };
    expect(reconcile(plans, writeResults, createResults, chunk)).toEqual(expected);
  });

  it('a dry run: everything lands as planned under stand-in ids, and no follow-up pass is asked for', () => {
    const plans = [planOf(p1, { writes: [wScore, wGrade], state: stateAfter }), plan2];
    const writeResults = dryRunWriteResults(plans.flatMap((p) => p.writes));
    const createResults = dryRunCreateResults([create]);
    expect(writeResults).toEqual([hsLanded]);
    const chunk: ChunkFacts = { runId: RUN, at: AT, dryRun: true, inputs: [p1, p2], orphans: [] };
    expect(reconcile(plans, writeResults, createResults, chunk)).toEqual({
      ...nothing,
      snapshots: [after(hs, hsLanded), { ...createdSnapshot, id: 'dry-run:102' }],
      links: [{ ...createdLink, salesforceLeadId: 'dry-run:102' }],
      personStates: [synced(AFTER), plan2State],
      audit: [audit(wScore), audit(wGrade), { ...createdAudit, recordId: 'dry-run:102' }],
      clearFailures: [ref(hs), createKey],
      clearDirty: ['p1', 'p2'],
      followUp: [],
      counts: counts({ ...hsCounts, 'creates.salesforce': 1 }),
      written: 1,
    });
  });
});

describe('reconcile: rewrites the org made of leadloop’s values', () => {
  const rewriteOn = (snap: RecordSnapshot, wrote: string, held: string) => ({
    crm: snap.crm,
    object: snap.object,
    id: snap.id,
    field: snap.crm === 'hubspot' ? 'jobtitle' : 'Title',
    wrote,
    held,
  });
  const earlier = [rewriteOn(hs, 'VP', 'Vice President'), rewriteOn(ld, 'VP', 'Vice President')];
  const planned = [rewriteOn(hs, 'CEO', 'Chief Executive'), rewriteOn(ld, 'CEO', 'Chief Executive')];
  const person: PersonInputs = { ...p1, state: { ...p1.state, orgRewrites: earlier } };
  const plan = planOf(person, { writes: [wScore, wLead], state: { ...stateAfter, orgRewrites: planned } });
  const facts: ChunkFacts = { runId: RUN, at: AT, dryRun: false, inputs: [person], orphans: [] };

  it('a record whose write failed keeps the rewrites it had; the other takes the plan’s', () => {
    const decision = reconcile(
      [plan],
      [landed(hs, { leadloop_score: 72 }), failed(ld, failure(true, 'UNABLE_TO_LOCK_ROW'))],
      [],
      facts,
    );
    expect(decision.personStates[0]?.state.orgRewrites).toEqual([planned[0], earlier[1]]);
  });

  it('every write landed: the plan’s rewrites', () => {
    const decision = reconcile(
      [plan],
      [landed(hs, { leadloop_score: 72 }), landed(ld, { Leadloop_Score__c: 72 })],
      [],
      facts,
    );
    expect(decision.personStates[0]?.state.orgRewrites).toEqual(planned);
  });
});
