/**
 * The one behaviour suite every `StateStore` passes, one block per port (src/state/types.ts), run over
 * every backend (memory, sqlite in memory and on a WAL file, redis, the dry-run overlay). Each test gets a
 * fresh, empty store from the factory and closes it afterwards; the backend test files only supply it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Activity } from '../../../src/domain/activity.ts';
import type { Opportunity } from '../../../src/domain/opportunity.ts';
import type {
  AuditEntry,
  FailureSource,
  RecordSnapshot,
  StateStore,
  WriteFailureEntry,
} from '../../../src/state/types.ts';
import type { PersonLink } from '../../../src/domain/person-link.ts';
import { dirtyChunks, type DirtyChunkLimit } from '../../../src/sync/dirty-chunks.ts';

export type StoreFactory = () => Promise<StateStore>;

const T0 = Date.parse('2026-03-01T00:00:00.000Z');
const at = (minutes: number): string => new Date(T0 + minutes * 60_000).toISOString();
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export const link = (personId: string, patch: Partial<PersonLink> = {}): PersonLink => ({
  personId,
  hubspotId: null,
  salesforceLeadId: null,
  salesforceContactId: null,
  email: null,
  updatedAt: at(0),
  ...patch,
});

const activity = (
  sourceId: string,
  recordId: string,
  minute: number,
  patch: Partial<Activity> = {},
): Activity => ({
  crm: 'hubspot',
  sourceId,
  recordId,
  type: 'page_view',
  occurredAt: at(minute),
  url: `https://example.com/${sourceId}`,
  ...patch,
});

const opportunity = (id: string, contactIds: string[], minute = 0): Opportunity => ({
  id,
  name: `Deal ${id}`,
  status: 'open',
  stageName: 'Prospecting',
  amount: 1000,
  createdAt: at(minute),
  closedAt: null,
  modifiedAt: at(minute),
  contactIds,
});

const audit = (minute: number, personId: string | null, field: string): AuditEntry => ({
  at: at(minute),
  runId: 'run-1',
  personId,
  crm: 'hubspot',
  object: 'contact',
  recordId: `hs-${personId ?? 'none'}`,
  field,
  from: null,
  to: minute,
  reason: 'score changed',
});

const failure = (
  recordId: string,
  minute: number,
  permanent: boolean,
  code = 'VALIDATION_ERROR',
): WriteFailureEntry => ({
  at: at(minute),
  runId: 'run-1',
  crm: 'salesforce',
  object: 'lead',
  source: 'write',
  recordId,
  code,
  message: `${code} on ${recordId}`,
  fields: ['Leadloop_Score__c'],
  permanent,
});

export function runStateStoreContract(name: string, factory: StoreFactory): void {
  describe(`StateStore contract: ${name}`, () => {
    const open: StateStore[] = [];
    const fresh = async (): Promise<StateStore> => {
      const store = await factory();
      open.push(store);
      return store;
    };
    afterEach(async () => {
      for (const store of open.splice(0)) await store.close();
    });

    describe('CursorPort: cursors and counters', () => {
      it('stores, overwrites and deletes cursors', async () => {
        const s = await fresh();
        expect(await s.getCursor('hubspot:contact')).toBeNull();
        await s.setCursor('hubspot:contact', 'c1');
        await s.setCursor('hubspot:contact', 'c2');
        await s.setCursor('salesforce:lead', '2026-01-01T00:00:00.000Z');
        expect(await s.getCursor('hubspot:contact')).toBe('c2');
        expect(await s.getCursor('salesforce:lead')).toBe('2026-01-01T00:00:00.000Z');
        await s.setCursor('hubspot:contact', null);
        expect(await s.getCursor('hubspot:contact')).toBeNull();
      });

      it('reserves counter blocks atomically: concurrent reservations never share a number', async () => {
        const s = await fresh();
        expect(await s.reserveCounter('leadloop:round-robin', 2)).toBe(0);
        const firsts = await Promise.all(
          Array.from({ length: 20 }, (_, i) => s.reserveCounter('leadloop:round-robin', 1 + (i % 3))),
        );
        const handedOut = firsts.flatMap((first, i) =>
          Array.from({ length: 1 + (i % 3) }, (_, k) => first + k),
        );
        expect(new Set(handedOut).size).toBe(handedOut.length);
        expect(Math.min(...handedOut)).toBe(2);
        expect(await s.getCursor('leadloop:round-robin')).toBe(String(2 + handedOut.length));
        // A counter kept by an older version as a plain cursor string continues from its value.
        await s.setCursor('legacy', '41');
        expect(await s.reserveCounter('legacy', 1)).toBe(41);
        expect(await s.reserveCounter('legacy', 1)).toBe(42);
      });
    });

    describe('LinkPort: links and their indexes', () => {
      it('iterates nothing with a batch size of 0 or less', async () => {
        const s = await fresh();
        await s.putLinks([link('p1'), link('p2')]);
        for (const size of [0, -1]) {
          const batches: PersonLink[][] = [];
          for await (const batch of s.iterateLinks(size)) batches.push(batch);
          expect(batches).toEqual([]);
        }
      });

      it('finds links by every record id, person id and email', async () => {
        const s = await fresh();
        const p1 = link('p1', { hubspotId: 'h1', salesforceLeadId: '00Q1', email: 'ann@example.com' });
        const p2 = link('p2', { hubspotId: 'h2', salesforceContactId: '0031', email: 'bob@example.com' });
        await s.putLinks([p1, p2]);
        const byRef = await s.getLinksByRefs([
          { crm: 'hubspot', object: 'contact', id: 'h1' },
          { crm: 'salesforce', object: 'lead', id: '00Q1' },
          { crm: 'salesforce', object: 'contact', id: '0031' },
          { crm: 'salesforce', object: 'contact', id: 'missing' },
          { crm: 'hubspot', object: 'lead', id: 'h1' },
        ]);
        expect([...byRef.keys()].sort()).toEqual([
          'hubspot:contact:h1',
          'salesforce:contact:0031',
          'salesforce:lead:00Q1',
        ]);
        expect(byRef.get('hubspot:contact:h1')).toEqual(p1);
        expect(byRef.get('salesforce:contact:0031')).toEqual(p2);
        expect(await s.getLinksByPersonIds(['p2', 'nobody'])).toEqual(new Map([['p2', p2]]));
        expect(await s.getLinksByEmails(['ann@example.com'])).toEqual(new Map([['ann@example.com', [p1]]]));
        expect(await s.countLinks()).toBe(2);
      });

      it('keeps every index consistent when a link is re-keyed', async () => {
        const s = await fresh();
        await s.putLinks([
          link('p1', { hubspotId: 'h1', salesforceLeadId: '00Q1', email: 'old@example.com' }),
        ]);
        const moved = link('p1', {
          hubspotId: 'h9',
          salesforceContactId: '0039',
          email: 'new@example.com',
          updatedAt: at(5),
        });
        await s.putLinks([moved]);
        const refs = await s.getLinksByRefs([
          { crm: 'hubspot', object: 'contact', id: 'h1' },
          { crm: 'salesforce', object: 'lead', id: '00Q1' },
          { crm: 'hubspot', object: 'contact', id: 'h9' },
          { crm: 'salesforce', object: 'contact', id: '0039' },
        ]);
        expect([...refs.keys()].sort()).toEqual(['hubspot:contact:h9', 'salesforce:contact:0039']);
        expect(await s.getLinksByEmails(['old@example.com'])).toEqual(new Map());
        expect(await s.getLinksByEmails(['new@example.com'])).toEqual(
          new Map([['new@example.com', [moved]]]),
        );
        expect(await s.countLinks()).toBe(1);
      });

      it('moves a record id to the person who claims it last, clearing it on the previous holder', async () => {
        const s = await fresh();
        await s.putLinks([link('p1', { hubspotId: 'h1', salesforceLeadId: '00Q1' })]);
        await s.putLinks([link('p2', { hubspotId: 'h1' })]);
        const byRef = await s.getLinksByRefs([{ crm: 'hubspot', object: 'contact', id: 'h1' }]);
        expect(byRef.get('hubspot:contact:h1')?.personId).toBe('p2');
        const p1 = (await s.getLinksByPersonIds(['p1'])).get('p1');
        expect(p1).toMatchObject({ hubspotId: null, salesforceLeadId: '00Q1' });
        // Within one batch the later link wins too.
        await s.putLinks([
          link('p3', { salesforceLeadId: '00Q1' }),
          link('p4', { salesforceLeadId: '00Q1' }),
        ]);
        const lead = await s.getLinksByRefs([{ crm: 'salesforce', object: 'lead', id: '00Q1' }]);
        expect(lead.get('salesforce:lead:00Q1')?.personId).toBe('p4');
        const all = await s.getLinksByPersonIds(['p1', 'p3']);
        expect(all.get('p1')?.salesforceLeadId).toBeNull();
        expect(all.get('p3')?.salesforceLeadId).toBeNull();
      });

      it('returns every person sharing an email, ordered by person id', async () => {
        const s = await fresh();
        await s.putLinks([
          link('p3', { hubspotId: 'h3', email: 'dup@example.com' }),
          link('p1', { salesforceLeadId: '00Q1', email: 'dup@example.com' }),
          link('p2', { email: 'solo@example.com' }),
        ]);
        const found = await s.getLinksByEmails(['dup@example.com', 'solo@example.com', 'none@example.com']);
        expect(found.get('dup@example.com')?.map((l) => l.personId)).toEqual(['p1', 'p3']);
        expect(found.get('solo@example.com')?.map((l) => l.personId)).toEqual(['p2']);
        expect(found.has('none@example.com')).toBe(false);
      });

      it('deletes links with all their index entries', async () => {
        const s = await fresh();
        await s.putLinks([
          link('p1', { hubspotId: 'h1', salesforceContactId: '0031', email: 'a@example.com' }),
        ]);
        await s.deleteLinks(['p1', 'never-existed']);
        expect(await s.countLinks()).toBe(0);
        expect(await s.getLinksByRefs([{ crm: 'hubspot', object: 'contact', id: 'h1' }])).toEqual(new Map());
        expect(await s.getLinksByEmails(['a@example.com'])).toEqual(new Map());
        await s.putLinks([link('p2', { hubspotId: 'h1' })]);
        expect((await s.getLinksByRefs([{ crm: 'hubspot', object: 'contact', id: 'h1' }])).size).toBe(1);
      });

      it('iterates all links in person-id batches', async () => {
        const s = await fresh();
        const ids = Array.from({ length: 25 }, (_, i) => `p${String(i).padStart(3, '0')}`);
        await s.putLinks([...ids].reverse().map((id) => link(id, { hubspotId: `h-${id}` })));
        const batches: string[][] = [];
        for await (const batch of s.iterateLinks(10)) batches.push(batch.map((l) => l.personId));
        expect(batches.map((b) => b.length)).toEqual([10, 10, 5]);
        expect(batches.flat()).toEqual(ids);
      });
    });

    describe('DirtyPort: the dirty set', () => {
      it('lists nothing with a limit of 0 or less', async () => {
        const s = await fresh();
        await s.markDirty(['a', 'b']);
        for (const limit of [0, -1]) {
          expect(await s.listDirty(limit)).toEqual([]);
          expect(await s.listDirty(limit, 'a')).toEqual([]);
        }
      });

      it('pages the dirty set in a stable order', async () => {
        const s = await fresh();
        await s.markDirty(['c', 'a', 'e', 'b']);
        await s.markDirty(['d', 'a']);
        expect(await s.countDirty()).toBe(5);
        expect(await s.listDirty(2)).toEqual(['a', 'b']);
        expect(await s.listDirty(2, 'b')).toEqual(['c', 'd']);
        expect(await s.listDirty(2, 'd')).toEqual(['e']);
        expect(await s.listDirty(2, 'e')).toEqual([]);
        await s.clearDirty(['a', 'c', 'zz']);
        expect(await s.listDirty(10)).toEqual(['b', 'd', 'e']);
        expect(await s.countDirty()).toBe(3);
      });

      it('is read a range at a time, one bounded page per chunk (dirtyChunks, what a process job reads)', async () => {
        const s = await fresh();
        const ids = Array.from({ length: 12 }, (_, i) => `p${String(i).padStart(3, '0')}`);
        await s.markDirty([...ids].reverse());
        const asked: number[] = [];
        const counted = {
          listDirty: (limit: number, after?: string) => (asked.push(limit), s.listDirty(limit, after)),
        };
        const read = async (limit: DirtyChunkLimit = {}): Promise<string[][]> => {
          const out: string[][] = [];
          for await (const chunk of dirtyChunks(counted, 5, limit)) out.push(chunk);
          return out;
        };
        expect(await read()).toEqual([ids.slice(0, 5), ids.slice(5, 10), ids.slice(10)]);
        expect(await read({ range: { after: 'p002', through: 'p009' } })).toEqual([
          ids.slice(3, 8),
          ids.slice(8, 10),
        ]);
        expect(await read({ range: { after: null, through: 'p001' } })).toEqual([['p000', 'p001']]);
        expect(await read({ range: { after: 'p011', through: 'p999' } })).toEqual([]);
        expect(await read({ maxPeople: 7 })).toEqual([ids.slice(0, 5), ids.slice(5, 7)]);
        expect(Math.max(...asked)).toBe(5);

        // Lazily: the store is asked for the next page only once the caller is done with the chunk, so
        // what it cleared is gone and what it marked inside the range is found.
        asked.length = 0;
        const chunks = dirtyChunks(counted, 3, { range: { after: null, through: 'p005' } });
        const first = await chunks.next();
        expect(first.value).toEqual(['p000', 'p001', 'p002']);
        expect(asked).toEqual([3]);
        await s.clearDirty(['p003', 'p004']);
        await s.markDirty(['p0045']);
        const rest: string[][] = [];
        for await (const chunk of chunks) rest.push(chunk);
        expect(rest).toEqual([['p0045', 'p005']]);
      });
    });

    describe('SnapshotPort: record snapshots', () => {
      it('stores, replaces and deletes snapshots by record ref', async () => {
        const s = await fresh();
        const snap = (id: string, score: number): RecordSnapshot => ({
          crm: 'salesforce',
          object: 'lead',
          id,
          fields: {
            Email: `${id}@example.com`,
            Leadloop_Score__c: score,
            HasOptedOutOfEmail: false,
            Title: null,
          },
          modifiedAt: at(1),
          syncedAt: at(2),
        });
        await s.putSnapshots([snap('00Q1', 10), snap('00Q2', 20)]);
        await s.putSnapshots([snap('00Q1', 15)]);
        const got = await s.getSnapshots([
          { crm: 'salesforce', object: 'lead', id: '00Q1' },
          { crm: 'salesforce', object: 'contact', id: '00Q1' },
        ]);
        expect(got).toEqual(new Map([['salesforce:lead:00Q1', snap('00Q1', 15)]]));
        await s.deleteSnapshots([{ crm: 'salesforce', object: 'lead', id: '00Q1' }]);
        const after = await s.getSnapshots([
          { crm: 'salesforce', object: 'lead', id: '00Q1' },
          { crm: 'salesforce', object: 'lead', id: '00Q2' },
        ]);
        expect([...after.keys()]).toEqual(['salesforce:lead:00Q2']);
      });
    });

    describe('LedgerPort: activities and opportunities', () => {
      it('deduplicates the activity ledger, counts new entries and prunes old ones', async () => {
        const s = await fresh();
        const a1 = activity('e1', 'h1', 30);
        const a2 = activity('e2', 'h1', 10, { type: 'form_submission', name: 'Demo request' });
        const a3 = activity('e1', '00Q1', 20, { crm: 'salesforce', type: 'campaign_response' });
        expect(await s.putActivities([a1, a2, a3])).toBe(3);
        expect(await s.putActivities([a1, activity('e2', 'h1', 99), activity('e4', 'h2', 40)])).toBe(1);
        expect(await s.putActivities([activity('e5', 'h2', 50), activity('e5', 'h2', 50)])).toBe(1);
        const got = await s.getActivities([
          { crm: 'hubspot', recordId: 'h1' },
          { crm: 'salesforce', recordId: '00Q1' },
          { crm: 'hubspot', recordId: '00Q1' },
        ]);
        expect([...got.keys()].sort()).toEqual(['hubspot:h1', 'salesforce:00Q1']);
        expect(got.get('hubspot:h1')).toEqual([a2, a1]);
        expect(got.get('salesforce:00Q1')).toEqual([a3]);
        expect(await s.pruneActivities(new Date(at(25)))).toBe(2);
        const left = await s.getActivities([
          { crm: 'hubspot', recordId: 'h1' },
          { crm: 'salesforce', recordId: '00Q1' },
          { crm: 'hubspot', recordId: 'h2' },
        ]);
        expect(left.get('hubspot:h1')).toEqual([a1]);
        expect(left.has('salesforce:00Q1')).toBe(false);
        expect(left.get('hubspot:h2')?.map((a) => a.sourceId)).toEqual(['e4', 'e5']);
      });

      it("drops a shared activity's copies for the people it no longer lists, and nothing else", async () => {
        const s = await fresh();
        const sf = { crm: 'salesforce' as const, type: 'call' as const };
        const own = activity('00T1', '0031', 10, sf);
        const copy2 = activity('00T1:0032', '0032', 10, sf);
        const copy3 = activity('00T1:0033', '0033', 10, sf);
        const other = activity('00T2:0032', '0032', 12, sf);
        // Another CRM's id shaped alike, and an id that only starts like one of 00T1's copies.
        const hubspot = activity('00T1:0032', '0032', 10, { type: 'call' });
        const longer = activity('00T10:0032', '0032', 11, sf);
        await s.putActivities([own, copy2, copy3, other, hubspot, longer]);
        const dropped = await s.retainActivityCopies([
          { crm: 'salesforce', activityId: '00T1', recordIds: ['0031', '0033'] },
        ]);
        expect(dropped).toEqual([copy2]);
        const left = await s.getActivities([
          { crm: 'salesforce', recordId: '0031' },
          { crm: 'salesforce', recordId: '0032' },
          { crm: 'salesforce', recordId: '0033' },
          { crm: 'hubspot', recordId: '0032' },
        ]);
        expect(left.get('salesforce:0031')).toEqual([own]);
        expect(left.get('salesforce:0032')?.map((a) => a.sourceId)).toEqual(['00T10:0032', '00T2:0032']);
        expect(left.get('salesforce:0033')).toEqual([copy3]);
        expect(left.get('hubspot:0032')).toEqual([hubspot]);
        // Listing nobody drops every copy; the activity's own entry stays, and a second call drops nothing.
        expect(
          await s.retainActivityCopies([{ crm: 'salesforce', activityId: '00T1', recordIds: [] }]),
        ).toEqual([copy3]);
        expect(
          await s.retainActivityCopies([{ crm: 'salesforce', activityId: '00T1', recordIds: [] }]),
        ).toEqual([]);
        expect(
          (await s.getActivities([{ crm: 'salesforce', recordId: '0031' }])).get('salesforce:0031'),
        ).toEqual([own]);
      });

      it("removes a deleted activity's own entry and every copy of it, and nothing else", async () => {
        const s = await fresh();
        const sf = { crm: 'salesforce' as const, type: 'call' as const };
        const own = activity('00T1', '0031', 10, sf);
        const copy2 = activity('00T1:0032', '0032', 10, sf);
        const other = activity('00T2', '0032', 12, sf);
        const hubspot = activity('00T1', '0031', 10, { type: 'call' });
        const longer = activity('00T10:0032', '0032', 11, sf);
        await s.putActivities([own, copy2, other, hubspot, longer]);
        const dropped = await s.removeActivities([
          { crm: 'salesforce', activityId: '00T1' },
          { crm: 'salesforce', activityId: '00T9' },
        ]);
        expect(dropped.map((a) => a.sourceId).sort()).toEqual(['00T1', '00T1:0032']);
        const left = await s.getActivities([
          { crm: 'salesforce', recordId: '0031' },
          { crm: 'salesforce', recordId: '0032' },
          { crm: 'hubspot', recordId: '0031' },
        ]);
        expect(left.has('salesforce:0031')).toBe(false);
        expect(left.get('salesforce:0032')?.map((a) => a.sourceId)).toEqual(['00T10:0032', '00T2']);
        expect(left.get('hubspot:0031')).toEqual([hubspot]);
        expect(await s.removeActivities([{ crm: 'salesforce', activityId: '00T1' }])).toEqual([]);
        expect(await s.removeActivities([])).toEqual([]);
      });

      it('finds opportunities by contact role and follows role changes', async () => {
        const s = await fresh();
        await s.putOpportunities([
          opportunity('006A', ['0031', '0032'], 5),
          opportunity('006B', ['0031'], 1),
        ]);
        let got = await s.getOpportunitiesForContacts(['0031', '0032', '0039']);
        expect(got.get('0031')?.map((o) => o.id)).toEqual(['006B', '006A']);
        expect(got.get('0032')?.map((o) => o.id)).toEqual(['006A']);
        expect(got.has('0039')).toBe(false);
        const won = { ...opportunity('006A', ['0032', '0033'], 5), status: 'won' as const, closedAt: at(9) };
        await s.putOpportunities([won]);
        got = await s.getOpportunitiesForContacts(['0031', '0032', '0033']);
        expect(got.get('0031')?.map((o) => o.id)).toEqual(['006B']);
        expect(got.get('0032')).toEqual([won]);
        expect(got.get('0033')).toEqual([won]);
      });
    });

    describe('PersonStatePort: engine state per person', () => {
      it('round-trips person state JSON and overwrites it', async () => {
        const s = await fresh();
        const state = {
          stage: 'MQL',
          history: [
            { stage: 'MIL', at: at(0) },
            { stage: 'MQL', at: at(3) },
          ],
          sla: { dueAt: at(60), breached: false },
          lastScore: { total: 72.5, cell: 'A2' },
        };
        await s.putPersonStates([
          { personId: 'p1', state },
          { personId: 'p2', state: { stage: 'MIL' } },
        ]);
        await s.putPersonStates([{ personId: 'p2', state: { stage: 'SAL', note: null } }]);
        const got = await s.getPersonStates(['p1', 'p2', 'p3']);
        expect(got).toEqual(
          new Map<string, unknown>([
            ['p1', state],
            ['p2', { stage: 'SAL', note: null }],
          ]),
        );
      });
    });

    describe('AuditPort: the audit log', () => {
      it('lists nothing with a limit of 0 or less', async () => {
        const s = await fresh();
        await s.appendAudit([audit(1, 'p1', 'score')]);
        for (const limit of [0, -1]) {
          expect(await s.listAudit({ limit })).toEqual([]);
          expect(await s.listAudit({ limit, personId: 'p1' })).toEqual([]);
        }
      });

      it('lists audit entries newest first, filters by person, limits and prunes', async () => {
        const s = await fresh();
        await s.appendAudit([audit(1, 'p1', 'score'), audit(3, 'p2', 'score'), audit(2, 'p1', 'stage')]);
        await s.appendAudit([audit(3, 'p1', 'grade'), audit(0, null, 'label')]);
        const all = await s.listAudit({ limit: 10 });
        expect(all.map((e) => `${e.personId}:${e.field}`)).toEqual([
          'p1:grade',
          'p2:score',
          'p1:stage',
          'p1:score',
          'null:label',
        ]);
        expect(all[0]).toEqual(audit(3, 'p1', 'grade'));
        expect((await s.listAudit({ limit: 2 })).map((e) => e.field)).toEqual(['grade', 'score']);
        expect((await s.listAudit({ limit: 10, personId: 'p1' })).map((e) => e.field)).toEqual([
          'grade',
          'stage',
          'score',
        ]);
        expect(await s.pruneAudit(new Date(at(2)))).toBe(2);
        expect((await s.listAudit({ limit: 10 })).map((e) => e.field)).toEqual(['grade', 'score', 'stage']);
        expect((await s.listAudit({ limit: 10, personId: 'p1' })).map((e) => e.field)).toEqual([
          'grade',
          'stage',
        ]);
      });
    });

    describe('FailurePort: write failures', () => {
      it('lists nothing with a limit of 0 or less', async () => {
        const s = await fresh();
        await s.putFailures([failure('00Q1', 1, true)]);
        for (const limit of [0, -1]) {
          expect(await s.listFailures({ limit })).toEqual([]);
          expect(await s.listFailures({ limit, permanent: true })).toEqual([]);
        }
      });

      it('replaces, clears and filters write failures', async () => {
        const s = await fresh();
        await s.putFailures([failure('00Q1', 1, false, 'UNABLE_TO_LOCK_ROW'), failure('00Q2', 2, true)]);
        await s.putFailures([
          failure('00Q1', 3, true, 'FIELD_CUSTOM_VALIDATION_EXCEPTION'),
          failure('00Q3', 0, false),
        ]);
        const all = await s.listFailures({ limit: 10 });
        expect(all.map((f) => `${f.recordId}:${f.code}`)).toEqual([
          '00Q1:FIELD_CUSTOM_VALIDATION_EXCEPTION',
          '00Q2:VALIDATION_ERROR',
          '00Q3:VALIDATION_ERROR',
        ]);
        expect(all[0]).toEqual(failure('00Q1', 3, true, 'FIELD_CUSTOM_VALIDATION_EXCEPTION'));
        expect((await s.listFailures({ limit: 10, permanent: true })).map((f) => f.recordId)).toEqual([
          '00Q1',
          '00Q2',
        ]);
        expect((await s.listFailures({ limit: 10, permanent: false })).map((f) => f.recordId)).toEqual([
          '00Q3',
        ]);
        expect((await s.listFailures({ limit: 1 })).map((f) => f.recordId)).toEqual(['00Q1']);
        await s.clearFailures([
          { crm: 'salesforce', object: 'lead', source: 'write', recordId: '00Q1' },
          { crm: 'salesforce', object: 'contact', source: 'write', recordId: '00Q2' },
        ]);
        expect((await s.listFailures({ limit: 10 })).map((f) => f.recordId)).toEqual(['00Q2', '00Q3']);
        expect(await s.listFailures({ limit: 10, permanent: true })).toHaveLength(1);
      });

      it('keeps a write, a create and a pull failure of one record apart, in one order', async () => {
        const s = await fresh();
        const of = (source: FailureSource, minute: number): WriteFailureEntry => ({
          ...failure('00Q7', minute, false),
          source,
        });
        await s.putFailures([of('write', 1), of('create', 1), of('pull', 1), of('write', 2)]);
        expect((await s.listFailures({ limit: 10 })).map((f) => `${f.source}@${f.at}`)).toEqual([
          `write@${at(2)}`,
          `pull@${at(1)}`,
          `create@${at(1)}`,
        ]);
        await s.clearFailures([{ crm: 'salesforce', object: 'lead', source: 'create', recordId: '00Q7' }]);
        expect((await s.listFailures({ limit: 10 })).map((f) => f.source)).toEqual(['write', 'pull']);
      });
    });

    describe('RunPort: run summaries', () => {
      it('lists nothing with a limit of 0 or less', async () => {
        const s = await fresh();
        await s.putRun({
          runId: 'r1',
          kind: 'incremental',
          startedAt: at(1),
          finishedAt: null,
          status: 'running',
          stats: {},
          error: null,
        });
        for (const limit of [0, -1]) expect(await s.listRuns(limit)).toEqual([]);
      });

      it('upserts runs and lists them newest first', async () => {
        const s = await fresh();
        const run = (runId: string, minute: number) => ({
          runId,
          kind: 'incremental',
          startedAt: at(minute),
          finishedAt: null,
          status: 'running' as const,
          stats: {},
          error: null,
        });
        await s.putRun(run('r1', 1));
        await s.putRun(run('r2', 2));
        await s.putRun(run('r0', 0));
        const done = {
          ...run('r1', 1),
          finishedAt: at(4),
          status: 'partial' as const,
          stats: { pulled: 10, writes: { hubspot: 2 } },
        };
        await s.putRun(done);
        expect((await s.listRuns(10)).map((r) => r.runId)).toEqual(['r2', 'r1', 'r0']);
        expect((await s.listRuns(2))[1]).toEqual(done);
      });

      it('updates a stored run in place and never re-creates one it does not hold', async () => {
        const s = await fresh();
        const run = {
          runId: 'r1',
          kind: 'incremental',
          startedAt: at(1),
          finishedAt: null,
          status: 'running' as const,
          stats: { pulled: 1 },
          error: null,
        };
        expect(await s.updateRun(run)).toBe(false);
        expect(await s.listRuns(10)).toEqual([]);
        await s.putRun(run);
        const counted = { ...run, stats: { pulled: 1, 'apiCalls.hubspot': 3 } };
        expect(await s.updateRun(counted)).toBe(true);
        expect(await s.listRuns(10)).toEqual([counted]);
        // A late counter write after the state was cleared (or the Redis flushed) leaves it empty.
        await s.clear();
        expect(await s.updateRun({ ...counted, stats: { 'apiCalls.hubspot': 4 } })).toBe(false);
        expect(await s.listRuns(10)).toEqual([]);
      });
    });

    describe('LeasePort: the run lease', () => {
      it('holds a lock exclusively, renews and releases it by owner only', async () => {
        const s = await fresh();
        expect(await s.acquireLock('sync', 'w1', 10_000)).toBe(true);
        expect(await s.acquireLock('sync', 'w2', 10_000)).toBe(false);
        expect(await s.acquireLock('other', 'w2', 10_000)).toBe(true);
        expect(await s.acquireLock('sync', 'w1', 10_000)).toBe(true);
        expect(await s.renewLock('sync', 'w2', 10_000)).toBe(false);
        expect(await s.renewLock('sync', 'w1', 10_000)).toBe(true);
        await s.releaseLock('sync', 'w2');
        expect(await s.acquireLock('sync', 'w2', 10_000)).toBe(false);
        await s.releaseLock('sync', 'w1');
        expect(await s.acquireLock('sync', 'w2', 10_000)).toBe(true);
      });

      it('names the holder of a live lease and hands it over only from that holder', async () => {
        const s = await fresh();
        expect(await s.lockOwner('sync')).toBeNull();
        expect(await s.acquireLock('sync', 'w1', 10_000)).toBe(true);
        expect(await s.lockOwner('sync')).toBe('w1');
        expect(await s.takeOverLock('sync', 'w2', 'w3', 10_000)).toBe(false);
        expect(await s.lockOwner('sync')).toBe('w1');
        expect(await s.takeOverLock('sync', 'w1', 'w3', 10_000)).toBe(true);
        expect(await s.lockOwner('sync')).toBe('w3');
        expect(await s.renewLock('sync', 'w1', 10_000)).toBe(false);
        expect(await s.acquireLock('sync', 'w1', 10_000)).toBe(false);
        await s.releaseLock('sync', 'w3');
        expect(await s.lockOwner('sync')).toBeNull();
        expect(await s.acquireLock('sync', 'w4', 100)).toBe(true);
        await sleep(150);
        expect(await s.lockOwner('sync')).toBeNull();
      });

      it('lets a lock expire when its holder stops renewing, and keeps it while renewed', async () => {
        const s = await fresh();
        expect(await s.acquireLock('sync', 'w1', 150)).toBe(true);
        await sleep(90);
        expect(await s.renewLock('sync', 'w1', 150)).toBe(true);
        await sleep(90);
        expect(await s.acquireLock('sync', 'w2', 150)).toBe(false);
        await sleep(150);
        expect(await s.renewLock('sync', 'w1', 150)).toBe(false);
        expect(await s.acquireLock('sync', 'w2', 5_000)).toBe(true);
        await s.releaseLock('sync', 'w1');
        expect(await s.acquireLock('sync', 'w1', 5_000)).toBe(false);
      });
    });

    describe('the whole store', () => {
      it('clear() forgets everything', async () => {
        const s = await fresh();
        await s.setCursor('k', 'v');
        await s.putLinks([link('p1', { hubspotId: 'h1', email: 'a@example.com' })]);
        await s.markDirty(['p1']);
        await s.putActivities([activity('e1', 'h1', 1)]);
        await s.putOpportunities([opportunity('006A', ['0031'])]);
        await s.putPersonStates([{ personId: 'p1', state: { stage: 'MIL' } }]);
        await s.appendAudit([audit(1, 'p1', 'score')]);
        await s.putFailures([failure('00Q1', 1, true)]);
        await s.acquireLock('sync', 'w1', 60_000);
        await s.clear();
        expect(await s.getCursor('k')).toBeNull();
        expect(await s.countLinks()).toBe(0);
        expect(await s.getLinksByEmails(['a@example.com'])).toEqual(new Map());
        expect(await s.getLinksByRefs([{ crm: 'hubspot', object: 'contact', id: 'h1' }])).toEqual(new Map());
        expect(await s.countDirty()).toBe(0);
        expect(await s.getActivities([{ crm: 'hubspot', recordId: 'h1' }])).toEqual(new Map());
        expect(await s.putActivities([activity('e1', 'h1', 1)])).toBe(1);
        expect(await s.getOpportunitiesForContacts(['0031'])).toEqual(new Map());
        expect(await s.getPersonStates(['p1'])).toEqual(new Map());
        expect(await s.listAudit({ limit: 10 })).toEqual([]);
        expect(await s.listFailures({ limit: 10 })).toEqual([]);
        expect(await s.listRuns(10)).toEqual([]);
        expect(await s.acquireLock('sync', 'w2', 1000)).toBe(true);
      });

      it('handles batches of thousands in one call', async () => {
        const s = await fresh();
        const n = 5_000;
        const links = Array.from({ length: n }, (_, i) =>
          link(`p${i}`, { hubspotId: `h${i}`, email: `u${i % 100}@example.com` }),
        );
        await s.putLinks(links);
        await s.markDirty(links.map((l) => l.personId));
        expect(await s.putActivities(links.map((l, i) => activity(`e${i}`, `h${i}`, i % 60)))).toBe(n);
        expect(await s.countLinks()).toBe(n);
        expect(await s.countDirty()).toBe(n);
        expect((await s.getLinksByEmails(['u7@example.com'])).get('u7@example.com')).toHaveLength(n / 100);
        const refs = links
          .slice(0, 500)
          .map((l) => ({ crm: 'hubspot' as const, object: 'contact' as const, id: l.hubspotId ?? '' }));
        expect((await s.getLinksByRefs(refs)).size).toBe(500);
      });
    });
  });
}
