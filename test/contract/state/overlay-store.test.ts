/**
 * The dry-run overlay: the shared contract over an empty base, then what only an overlay has — writes
 * never reach the base, reads merge base and overlay — and the documented places where it differs from
 * the contract (pruning, locks, clear/close), asserted with a populated base.
 */
import { describe, expect, it } from 'vitest';
import type { Activity } from '../../../src/domain/activity.ts';
import type { Opportunity } from '../../../src/domain/opportunity.ts';
import { createMemoryStore } from '../../../src/state/memory/memory-store.ts';
import { createOverlayStore } from '../../../src/state/overlay/overlay-store.ts';
import type {
  AuditEntry,
  RecordSnapshot,
  RunSummary,
  StateStore,
  FailureRef,
  WriteFailureEntry,
} from '../../../src/state/types.ts';
import { link, runStateStoreContract } from './state-store.contract.ts';
import type { PersonLink, RecordRef } from '../../../src/domain/person-link.ts';

// Over an empty base every contract behaviour applies, including prune, locks and clear(): with nothing
// underneath, the overlay's own entries, leases and data are all there is. How those three differ over
// a populated base is pinned in 'overlay-specific behaviour' below.
runStateStoreContract('overlay over memory', async () => createOverlayStore(createMemoryStore()));

const T0 = Date.parse('2026-03-01T00:00:00.000Z');
const at = (minutes: number): string => new Date(T0 + minutes * 60_000).toISOString();

const hs = (id: string): RecordRef => ({ crm: 'hubspot', object: 'contact', id });
const lead = (id: string): RecordRef => ({ crm: 'salesforce', object: 'lead', id });
const leadFailure = (recordId: string): FailureRef => ({
  crm: 'salesforce',
  object: 'lead',
  source: 'write',
  recordId,
});

const activity = (sourceId: string, recordId: string, minute: number): Activity => ({
  crm: 'hubspot',
  sourceId,
  recordId,
  type: 'page_view',
  occurredAt: at(minute),
});
const snapshot = (id: string, score: number): RecordSnapshot => ({
  crm: 'salesforce',
  object: 'lead',
  id,
  fields: { Leadloop_Score__c: score },
  modifiedAt: at(1),
  syncedAt: at(2),
});
const opportunity = (id: string, contactIds: string[], minute: number): Opportunity => ({
  id,
  name: `Deal ${id}`,
  status: 'open',
  stageName: 'Prospecting',
  amount: null,
  createdAt: at(minute),
  closedAt: null,
  modifiedAt: at(minute),
  contactIds,
});
const audit = (minute: number, personId: string, field: string): AuditEntry => ({
  at: at(minute),
  runId: 'r',
  personId,
  crm: 'hubspot',
  object: 'contact',
  recordId: `hs-${personId}`,
  field,
  from: null,
  to: minute,
  reason: 'test',
});
const failure = (recordId: string, minute: number, permanent: boolean): WriteFailureEntry => ({
  at: at(minute),
  runId: 'r',
  crm: 'salesforce',
  object: 'lead',
  source: 'write',
  recordId,
  code: 'X',
  message: 'x',
  fields: [],
  permanent,
});
const run = (runId: string, minute: number): RunSummary => ({
  runId,
  kind: 'incremental',
  startedAt: at(minute),
  finishedAt: null,
  status: 'running',
  stats: {},
  error: null,
});

const P1 = link('p1', { hubspotId: 'h1', salesforceLeadId: '00Q1', email: 'old@example.com' });
const P3 = link('p3', { hubspotId: 'h3', email: 'dup@example.com' });
const P5 = link('p5', { salesforceLeadId: '00Q5', email: 'dup@example.com' });

/** A base store with some of everything. */
async function populatedBase(): Promise<StateStore> {
  const base = createMemoryStore();
  await base.setCursor('hubspot:contact', 'c-base');
  await base.setCursor('salesforce:lead', 's-base');
  await base.putLinks([P1, P3, P5]);
  await base.markDirty(['p1', 'p3', 'p5']);
  await base.putSnapshots([snapshot('00Q1', 10), snapshot('00Q5', 50)]);
  await base.putActivities([activity('e1', 'h1', 10), activity('e3', 'h1', 30)]);
  await base.putOpportunities([opportunity('006A', ['0031', '0032'], 5)]);
  await base.putPersonStates([{ personId: 'p1', state: { stage: 'MIL' } }]);
  await base.appendAudit([audit(1, 'p1', 'score'), audit(3, 'p3', 'score')]);
  await base.putFailures([failure('00Q1', 1, false), failure('00Q5', 2, true)]);
  await base.putRun(run('r1', 1));
  return base;
}

const REFS = [hs('h1'), hs('h2'), hs('h3'), hs('h9'), lead('00Q1'), lead('00Q5')];
const PEOPLE = ['p1', 'p2', 'p3', 'p4', 'p5'];
const EMAILS = ['old@example.com', 'new@example.com', 'dup@example.com'];

/** Everything readable from a store about the fixtures above. */
async function dump(s: StateStore): Promise<unknown> {
  const links: PersonLink[] = [];
  for await (const batch of s.iterateLinks(2)) links.push(...batch);
  return {
    cursors: [await s.getCursor('hubspot:contact'), await s.getCursor('salesforce:lead')],
    links,
    countLinks: await s.countLinks(),
    byRef: await s.getLinksByRefs(REFS),
    byEmail: await s.getLinksByEmails(EMAILS),
    byPerson: await s.getLinksByPersonIds(PEOPLE),
    dirty: await s.listDirty(100),
    countDirty: await s.countDirty(),
    snapshots: await s.getSnapshots([lead('00Q1'), lead('00Q2'), lead('00Q5')]),
    activities: await s.getActivities([
      { crm: 'hubspot', recordId: 'h1' },
      { crm: 'hubspot', recordId: 'h2' },
    ]),
    opportunities: await s.getOpportunitiesForContacts(['0031', '0032', '0033']),
    states: await s.getPersonStates(PEOPLE),
    audit: await s.listAudit({ limit: 100 }),
    failures: await s.listFailures({ limit: 100 }),
    runs: await s.listRuns(100),
  };
}

const READS = new Set([
  'kind',
  'getCursor',
  'getLinksByRefs',
  'getLinksByEmails',
  'getLinksByPersonIds',
  'iterateLinks',
  'countLinks',
  'listDirty',
  'countDirty',
  'getSnapshots',
  'getActivities',
  'getOpportunitiesForContacts',
  'getPersonStates',
  'listAudit',
  'listFailures',
  'listRuns',
]);

/** Wraps a store so any call of a method that is not a read fails the test. */
function readOnly(store: StateStore): StateStore {
  return new Proxy(store, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof prop === 'string' && !READS.has(prop) && typeof value === 'function')
        throw new Error(`the overlay called ${prop} on its base store`);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

describe('overlay writes never reach the base store', () => {
  it('leaves the base unchanged and only ever reads it', async () => {
    const base = await populatedBase();
    const before = await dump(base);
    const o = createOverlayStore(readOnly(base));

    await o.setCursor('hubspot:contact', 'c-dry');
    await o.setCursor('salesforce:lead', null);
    await o.putLinks([
      link('p1', { hubspotId: 'h9', email: 'new@example.com' }),
      link('p2', { salesforceLeadId: '00Q5', email: 'dup@example.com' }),
    ]);
    await o.deleteLinks(['p3']);
    await o.markDirty(['p2', 'p4']);
    await o.clearDirty(['p1', 'p5']);
    await o.putSnapshots([snapshot('00Q1', 11), snapshot('00Q2', 20)]);
    await o.deleteSnapshots([lead('00Q5')]);
    expect(await o.putActivities([activity('e2', 'h1', 20), activity('e9', 'h2', 1)])).toBe(2);
    await o.putOpportunities([opportunity('006A', ['0033'], 5)]);
    await o.putPersonStates([
      { personId: 'p1', state: { stage: 'MQL' } },
      { personId: 'p2', state: { stage: 'MIL' } },
    ]);
    await o.appendAudit([audit(2, 'p2', 'score')]);
    await o.putFailures([failure('00Q9', 3, true)]);
    await o.clearFailures([leadFailure('00Q1')]);
    await o.putRun(run('r2', 2));
    expect(await o.pruneActivities(new Date(at(100)))).toBe(2);
    expect(await o.pruneAudit(new Date(at(100)))).toBe(1);
    expect(await o.acquireLock('sync', 'dry', 1000)).toBe(true);
    const view = await dump(o);
    await o.clear();
    await o.close();

    expect(await dump(base)).toEqual(before);
    expect(view).not.toEqual(before);
    // The base is untouched and still usable by its owner.
    expect(await base.acquireLock('sync', 'real', 1000)).toBe(true);
  });

  it('does not write through when the same people are touched repeatedly', async () => {
    const base = await populatedBase();
    const before = await dump(base);
    const o = createOverlayStore(base);
    for (let i = 0; i < 3; i++) {
      await o.putLinks([link('p1', { hubspotId: `h${i}`, email: `p1-${i}@example.com` })]);
      await o.markDirty(['p1']);
      await o.clearDirty(['p1']);
      await o.putPersonStates([{ personId: 'p1', state: { n: i } }]);
      await o.putSnapshots([snapshot('00Q1', i)]);
    }
    expect(await dump(base)).toEqual(before);
  });
});

describe('overlay reads merge base and overlay', () => {
  it('hides a base link re-keyed in the overlay under its old record ids and email', async () => {
    const base = await populatedBase();
    const o = createOverlayStore(base);
    const moved = link('p1', { hubspotId: 'h9', email: 'new@example.com', updatedAt: at(5) });
    await o.putLinks([moved]);

    const refs = await o.getLinksByRefs([hs('h1'), lead('00Q1'), hs('h9'), hs('h3')]);
    expect([...refs.keys()].sort()).toEqual(['hubspot:contact:h3', 'hubspot:contact:h9']);
    expect(refs.get('hubspot:contact:h9')).toEqual(moved);
    expect(refs.get('hubspot:contact:h3')).toEqual(P3);
    expect(await o.getLinksByEmails(['old@example.com'])).toEqual(new Map());
    expect(await o.getLinksByEmails(['new@example.com'])).toEqual(new Map([['new@example.com', [moved]]]));
    expect(await o.getLinksByPersonIds(['p1', 'p3'])).toEqual(
      new Map([
        ['p1', moved],
        ['p3', P3],
      ]),
    );
    expect(await o.countLinks()).toBe(3);
    // The base still answers with the old link.
    expect((await base.getLinksByRefs([hs('h1')])).get('hubspot:contact:h1')).toEqual(P1);
    expect(await base.getLinksByEmails(['new@example.com'])).toEqual(new Map());
  });

  it('clears a record id on the base person who held it when an overlay person claims it', async () => {
    const base = await populatedBase();
    const o = createOverlayStore(base);
    await o.putLinks([link('p2', { hubspotId: 'h1' })]);
    const byRef = await o.getLinksByRefs([hs('h1'), lead('00Q1')]);
    expect(byRef.get('hubspot:contact:h1')?.personId).toBe('p2');
    expect(byRef.get('salesforce:lead:00Q1')).toEqual({ ...P1, hubspotId: null });
    expect((await o.getLinksByPersonIds(['p1'])).get('p1')).toEqual({ ...P1, hubspotId: null });
    expect(await o.getLinksByEmails(['old@example.com'])).toEqual(
      new Map([['old@example.com', [{ ...P1, hubspotId: null }]]]),
    );
    expect(await o.countLinks()).toBe(4);
    expect((await base.getLinksByPersonIds(['p1'])).get('p1')).toEqual(P1);
  });

  it('merges people sharing an email across base and overlay in person-id order, minus deletions', async () => {
    const base = await populatedBase();
    const o = createOverlayStore(base);
    await o.putLinks([link('p4', { email: 'dup@example.com' }), link('p0', { email: 'dup@example.com' })]);
    let dup = await o.getLinksByEmails(['dup@example.com']);
    expect(dup.get('dup@example.com')?.map((l) => l.personId)).toEqual(['p0', 'p3', 'p4', 'p5']);
    await o.deleteLinks(['p3', 'p4']);
    dup = await o.getLinksByEmails(['dup@example.com']);
    expect(dup.get('dup@example.com')?.map((l) => l.personId)).toEqual(['p0', 'p5']);
    expect(await o.getLinksByRefs([hs('h3')])).toEqual(new Map());
    expect(await o.getLinksByPersonIds(['p3', 'p4'])).toEqual(new Map());
    expect(await o.countLinks()).toBe(3);
    // Re-linking a deleted base person brings them back with the overlay's version.
    await o.putLinks([link('p3', { hubspotId: 'h33' })]);
    expect((await o.getLinksByRefs([hs('h33'), hs('h3')])).size).toBe(1);
    expect(await o.countLinks()).toBe(4);
  });

  it('iterates base and overlay links in one person-id order, in full batches', async () => {
    const base = createMemoryStore();
    await base.putLinks(['a', 'c', 'e', 'g', 'i', 'k'].map((id) => link(id)));
    const o = createOverlayStore(base);
    await o.putLinks(['b', 'd', 'f', 'c', 'l'].map((id) => link(id, { email: `${id}@example.com` })));
    await o.deleteLinks(['g']);
    const batches: PersonLink[][] = [];
    for await (const batch of o.iterateLinks(3)) batches.push(batch);
    expect(batches.map((b) => b.map((l) => l.personId).join(''))).toEqual(['abc', 'def', 'ikl']);
    expect(batches[0]?.[2]?.email).toBe('c@example.com');
    expect(await o.countLinks()).toBe(9);
  });

  it('overrides and deletes cursors without touching the base', async () => {
    const base = await populatedBase();
    const o = createOverlayStore(base);
    expect(await o.getCursor('hubspot:contact')).toBe('c-base');
    await o.setCursor('hubspot:contact', 'c-dry');
    await o.setCursor('salesforce:lead', null);
    expect(await o.getCursor('hubspot:contact')).toBe('c-dry');
    expect(await o.getCursor('salesforce:lead')).toBeNull();
    expect(await base.getCursor('salesforce:lead')).toBe('s-base');
  });

  it('pages the base and overlay dirty sets together, minus what the overlay cleared', async () => {
    const base = createMemoryStore();
    await base.markDirty(['a', 'b', 'c', 'd', 'e', 'f']);
    const o = createOverlayStore(base);
    await o.clearDirty(['a', 'b', 'c', 'e']);
    await o.markDirty(['bb', 'z', 'e']);
    expect(await o.countDirty()).toBe(5);
    expect(await o.listDirty(2)).toEqual(['bb', 'd']);
    expect(await o.listDirty(2, 'd')).toEqual(['e', 'f']);
    expect(await o.listDirty(2, 'f')).toEqual(['z']);
    expect(await o.listDirty(10)).toEqual(['bb', 'd', 'e', 'f', 'z']);
    expect(await base.listDirty(10)).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
  });

  it('overrides and hides snapshots and person states', async () => {
    const base = await populatedBase();
    const o = createOverlayStore(base);
    await o.putSnapshots([snapshot('00Q1', 11), snapshot('00Q2', 20)]);
    await o.deleteSnapshots([lead('00Q5')]);
    expect(await o.getSnapshots([lead('00Q1'), lead('00Q2'), lead('00Q5')])).toEqual(
      new Map([
        ['salesforce:lead:00Q1', snapshot('00Q1', 11)],
        ['salesforce:lead:00Q2', snapshot('00Q2', 20)],
      ]),
    );
    await o.putSnapshots([snapshot('00Q5', 55)]);
    expect((await o.getSnapshots([lead('00Q5')])).get('salesforce:lead:00Q5')).toEqual(snapshot('00Q5', 55));
    await o.putPersonStates([{ personId: 'p2', state: { stage: 'SAL' } }]);
    expect(await o.getPersonStates(['p1', 'p2'])).toEqual(
      new Map<string, unknown>([
        ['p1', { stage: 'MIL' }],
        ['p2', { stage: 'SAL' }],
      ]),
    );
    await o.putPersonStates([{ personId: 'p1', state: { stage: 'MQL' } }]);
    expect((await o.getPersonStates(['p1'])).get('p1')).toEqual({ stage: 'MQL' });
    expect((await base.getPersonStates(['p1'])).get('p1')).toEqual({ stage: 'MIL' });
  });

  it('merges the activity ledger oldest first and counts only events the base does not hold', async () => {
    const base = await populatedBase();
    const o = createOverlayStore(base);
    expect(await o.putActivities([activity('e1', 'h1', 99), activity('e2', 'h1', 20)])).toBe(1);
    expect(await o.putActivities([activity('e2', 'h1', 20)])).toBe(0);
    const got = await o.getActivities([
      { crm: 'hubspot', recordId: 'h1' },
      { crm: 'hubspot', recordId: 'h2' },
    ]);
    expect(got.get('hubspot:h1')).toEqual([
      activity('e1', 'h1', 10),
      activity('e2', 'h1', 20),
      activity('e3', 'h1', 30),
    ]);
    expect(got.has('hubspot:h2')).toBe(false);
  });

  it('follows opportunity role changes made in the overlay', async () => {
    const base = await populatedBase();
    const o = createOverlayStore(base);
    const moved = opportunity('006A', ['0032', '0033'], 5);
    await o.putOpportunities([moved, opportunity('006B', ['0032'], 1)]);
    const got = await o.getOpportunitiesForContacts(['0031', '0032', '0033']);
    expect(got.has('0031')).toBe(false);
    expect(got.get('0032')?.map((x) => x.id)).toEqual(['006B', '006A']);
    expect(got.get('0033')).toEqual([moved]);
    expect((await base.getOpportunitiesForContacts(['0031'])).get('0031')?.map((x) => x.id)).toEqual([
      '006A',
    ]);
  });

  it('merges audit, failures and runs in the store orders', async () => {
    const base = await populatedBase();
    const o = createOverlayStore(base);
    await o.appendAudit([audit(3, 'p1', 'grade'), audit(2, 'p1', 'stage')]);
    expect((await o.listAudit({ limit: 10 })).map((e) => `${e.personId}:${e.field}`)).toEqual([
      'p1:grade',
      'p3:score',
      'p1:stage',
      'p1:score',
    ]);
    expect((await o.listAudit({ limit: 2, personId: 'p1' })).map((e) => e.field)).toEqual(['grade', 'stage']);

    await o.putFailures([failure('00Q5', 0, false), failure('00Q7', 3, true)]);
    await o.clearFailures([leadFailure('00Q1')]);
    expect((await o.listFailures({ limit: 10 })).map((f) => `${f.recordId}:${f.permanent}`)).toEqual([
      '00Q7:true',
      '00Q5:false',
    ]);
    expect((await o.listFailures({ limit: 10, permanent: true })).map((f) => f.recordId)).toEqual(['00Q7']);
    await o.putFailures([failure('00Q1', 5, true)]);
    expect((await o.listFailures({ limit: 1 })).map((f) => f.recordId)).toEqual(['00Q1']);

    await o.putRun(run('r0', 0));
    await o.putRun(run('r2', 2));
    await o.putRun({ ...run('r1', 1), status: 'succeeded' });
    const runs = await o.listRuns(10);
    expect(runs.map((r) => `${r.runId}:${r.status}`)).toEqual(['r2:running', 'r1:succeeded', 'r0:running']);
    expect((await base.listRuns(10)).map((r) => r.status)).toEqual(['running']);
  });
});

describe('overlay-specific behaviour (where the contract cannot apply over a populated base)', () => {
  it('prunes only its own activities and audit entries; base history stays visible and uncounted', async () => {
    // The contract's prune counts and removes everything older than the cutoff. A dry run deletes no
    // history, so over a base the overlay prunes (and counts) only what it appended itself.
    const base = await populatedBase();
    const o = createOverlayStore(base);
    await o.putActivities([activity('e2', 'h1', 20), activity('e7', 'h1', 70)]);
    await o.appendAudit([audit(2, 'p2', 'score'), audit(9, 'p2', 'grade')]);
    expect(await o.pruneActivities(new Date(at(50)))).toBe(1);
    expect((await o.getActivities([{ crm: 'hubspot', recordId: 'h1' }])).get('hubspot:h1')).toEqual([
      activity('e1', 'h1', 10),
      activity('e3', 'h1', 30),
      activity('e7', 'h1', 70),
    ]);
    expect(await o.pruneAudit(new Date(at(5)))).toBe(1);
    expect((await o.listAudit({ limit: 10 })).map((e) => `${e.personId}:${e.field}`)).toEqual([
      'p2:grade',
      'p3:score',
      'p1:score',
    ]);
    expect((await base.getActivities([{ crm: 'hubspot', recordId: 'h1' }])).get('hubspot:h1')).toHaveLength(
      2,
    );
    expect(await base.listAudit({ limit: 10 })).toHaveLength(2);
  });

  it('holds its own leases: it neither takes nor is blocked by the base store’s lock', async () => {
    // The contract's lock tests pass over any base because the lease lives in the overlay; here the
    // base's lease and the overlay's are shown to be independent.
    const base = createMemoryStore();
    expect(await base.acquireLock('sync', 'real', 10_000)).toBe(true);
    const o = createOverlayStore(base);
    expect(await o.acquireLock('sync', 'dry', 10_000)).toBe(true);
    expect(await o.acquireLock('sync', 'other', 10_000)).toBe(false);
    expect(await base.renewLock('sync', 'real', 10_000)).toBe(true);
    expect(await base.acquireLock('sync', 'dry', 10_000)).toBe(false);
    await o.releaseLock('sync', 'real');
    expect(await o.acquireLock('sync', 'other', 10_000)).toBe(false);
    expect(await base.renewLock('sync', 'real', 10_000)).toBe(true);
  });

  it('clear() empties the view by hiding the base, which keeps all its data', async () => {
    // The contract's clear() forgets everything; an overlay cannot wipe its base, so it hides it.
    const base = await populatedBase();
    const before = await dump(base);
    const o = createOverlayStore(base);
    await o.putLinks([link('p2', { hubspotId: 'h1' })]);
    await o.clear();
    expect(await dump(o)).toEqual(await dump(createMemoryStore()));
    await o.putLinks([link('p9', { hubspotId: 'h1' })]);
    expect(await o.countLinks()).toBe(1);
    expect(await o.getLinksByEmails(['dup@example.com'])).toEqual(new Map());
    expect(await dump(base)).toEqual(before);
  });

  it('close() drops the overlay and leaves the base open', async () => {
    const base = await populatedBase();
    const before = await dump(base);
    const o = createOverlayStore(base);
    await o.putLinks([link('p9', { hubspotId: 'h9' })]);
    await o.close();
    expect(await dump(base)).toEqual(before);
    await base.putLinks([link('p9', { hubspotId: 'h9' })]);
    expect(await base.countLinks()).toBe(4);
  });
});
