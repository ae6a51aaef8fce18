/**
 * Targeted runs (`syncRecords`, what a webhook's records job runs) on both sandbox CRMs: only the named
 * record and its person's records in the other CRM are read (by id), only that person is processed, and
 * no stream cursor moves; a record gone from its CRM is handled as the pull handles a deletion.
 */
import { describe, expect, it } from 'vitest';
import type { CrmName } from '../../src/domain/crm.ts';
import { createSyncPhases } from '../../src/sync/phases.ts';
import { findRun } from '../../src/sync/run-stats.ts';
import { worldsPerTest, writeCounters, type EngineWorld } from './engine-world.ts';
import { cursors } from './world-probes.ts';

const TIMEOUT = 60_000;
const open = worldsPerTest();

/** Calls each connector made since `before`, by endpoint family. */
function callsSince(w: EngineWorld, before: Record<CrmName, Readonly<Record<string, number>>>) {
  const since = (crm: CrmName) =>
    Object.fromEntries(
      Object.entries(w.rt.connectors[crm].usage().calls)
        .map(([family, n]) => [family, n - (before[crm][family] ?? 0)] as const)
        .filter(([, n]) => n !== 0),
    );
  return { hubspot: since('hubspot'), salesforce: since('salesforce') };
}

const callsNow = (w: EngineWorld) => ({
  hubspot: { ...w.rt.connectors.hubspot.usage().calls },
  salesforce: { ...w.rt.connectors.salesforce.usage().calls },
});

describe('targeted records run', () => {
  it(
    'writes a HubSpot change through to the Lead, reading and processing only that person, moving no cursor',
    async () => {
      const w = await open();
      await w.run('full');
      const [named, other] = w.people('HL-').filter((p) => w.hubspot(w.hubspotId(p))['jobtitle'] !== 'CEO');
      if (!named || !other) throw new Error('world has too few HubSpot + Lead people');
      const namedId = w.hubspotId(named);
      w.sb.hubspot.store.updateContact(namedId, { jobtitle: 'CEO' });
      // Changed too, but not named by the webhook: left for the scheduled run.
      w.sb.hubspot.store.updateContact(w.hubspotId(other), { jobtitle: 'Head of Elsewhere' });
      const cursorsBefore = await cursors(w.rt.store);
      const before = callsNow(w);

      const runId = 'records-e2e-change';
      const outcome = await createSyncPhases(w.rt).syncRecords({
        runId,
        refs: [{ crm: 'hubspot', object: 'contact', id: namedId }],
      });

      expect(outcome.people).toBe(1);
      expect(w.salesforce('Lead', w.leadId(named))['Title']).toBe('CEO');
      expect(w.salesforce('Lead', w.leadId(other))['Title']).not.toBe('Head of Elsewhere');
      // One batch read of the contact, one composite read of its Lead; then the writes (the CEO title
      // moves the score, so HubSpot is written too).
      expect(callsSince(w, before)).toEqual({
        hubspot: { 'batch-read': 1, 'batch-update': 1 },
        salesforce: { composite: 2 },
      });
      expect(await cursors(w.rt.store)).toEqual(cursorsBefore);
      const run = await findRun(w.rt.store, runId);
      expect(run).toMatchObject({ kind: 'records', status: 'succeeded' });
      expect(run?.stats).toMatchObject({
        peopleProcessed: 1,
        recordsPulled: 2,
        'writes.salesforce.Title': 1,
      });

      // The scheduled run reads the named contact again and finds nothing left to write for it.
      const next = await w.run('incremental');
      expect(w.salesforce('Lead', w.leadId(other))['Title']).toBe('Head of Elsewhere');
      expect(writeCounters(next)['writes.salesforce.Title']).toBe(1);
      expect((await w.plan(await w.linkOf(namedId))).writes).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    'handles a contact deleted in HubSpot as a deletion: unlinked, remembered, never recreated',
    async () => {
      const w = await open();
      await w.run('full');
      const [person] = w.people('HL-');
      if (!person) throw new Error('world has no HubSpot + Lead person');
      const hubspotId = w.hubspotId(person);
      const leadId = w.leadId(person);
      w.sb.hubspot.store.archiveContact(hubspotId);
      const cursorsBefore = await cursors(w.rt.store);
      const before = callsNow(w);

      const runId = 'records-e2e-deleted';
      const outcome = await createSyncPhases(w.rt).syncRecords({
        runId,
        refs: [{ crm: 'hubspot', object: 'contact', id: hubspotId }],
      });

      expect(outcome.people).toBe(1);
      const link = await w.linkOf(leadId);
      expect(link).toMatchObject({ hubspotId: null, salesforceLeadId: leadId });
      expect((await w.stateOf(link.personId)).tombstones).toContainEqual({
        crm: 'hubspot',
        object: 'contact',
      });
      const calls = callsSince(w, before);
      expect(calls.hubspot).toEqual({ 'batch-read': 1 });
      expect(calls.salesforce['composite']).toBeGreaterThanOrEqual(1);
      expect(await cursors(w.rt.store)).toEqual(cursorsBefore);
      expect((await findRun(w.rt.store, runId))?.stats).toMatchObject({
        recordsDeleted: 1,
        peopleProcessed: 1,
      });

      const next = await w.run('incremental');
      expect(next.counters['creates.hubspot'] ?? 0).toBe(0);
      expect((await w.linkOf(leadId)).hubspotId).toBeNull();
    },
    TIMEOUT,
  );

  it(
    'leaves hand-offs to the scheduled run, which links a Lead made meanwhile instead of creating a second',
    async () => {
      const w = await open({
        configure: (c) => ({ ...c, handoff: { ...c.handoff, createInSalesforce: 'all' } }),
      });
      await w.run('full');
      const email = 'dana.meanwhile@example.org';
      const twin = w.sb.hubspot.store.createContact({ email, firstname: 'Dana', lastname: 'Meanwhile' });
      // Typed into Salesforce by sales since the last run: no state knows this Lead yet.
      const leadId = w.sb.salesforce.store.create('Lead', {
        FirstName: 'Dana',
        LastName: 'Meanwhile',
        Email: email,
        Company: 'Meanwhile Ltd',
        Status: 'Open - Not Contacted',
      });
      const alone = w.sb.hubspot.store.createContact({
        email: 'sam.alone@example.org',
        firstname: 'Sam',
        lastname: 'Alone',
      });

      const outcome = await createSyncPhases(w.rt).syncRecords({
        runId: 'records-e2e-handoff',
        refs: [twin.id, alone.id].map((id) => ({ crm: 'hubspot' as const, object: 'contact' as const, id })),
      });

      expect(outcome.people).toBe(2);
      expect(leadsWithEmail(w, email)).toEqual([leadId]);
      expect(leadsWithEmail(w, 'sam.alone@example.org')).toEqual([]);
      const next = await w.run('incremental');
      expect(next.counters['creates.salesforce']).toBe(1);
      expect(leadsWithEmail(w, email)).toEqual([leadId]);
      expect((await w.linkOf(twin.id)).salesforceLeadId).toBe(leadId);
      expect(leadsWithEmail(w, 'sam.alone@example.org')).toHaveLength(1);
    },
    TIMEOUT,
  );
});

/** Live Leads with this email. */
function leadsWithEmail(w: EngineWorld, email: string): string[] {
  const rows = w.sb.salesforce.store.tables.get('Lead')?.rows ?? new Map();
  return [...rows.values()]
    .filter((r) => r['IsDeleted'] !== true && String(r['Email']).toLowerCase() === email)
    .map((r) => String(r['Id']));
}
