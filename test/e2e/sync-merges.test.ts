/**
 * Merges and permanent deletes, end to end on both sandbox CRMs (issue 12, "Identity"). A HubSpot merge
 * re-links the merged-away contact's person to the survivor (found through `hs_merged_object_ids` on a pull,
 * or through a read by id that answers with the survivor); a Salesforce merge moves the link to the master
 * (`MasterRecordId` on the deleted loser); a GDPR-deleted HubSpot contact, found by the write HubSpot
 * refuses, is unlinked and never recreated. Nothing is created again, nothing is left as a failure, and a
 * second run writes nothing. Engagement decay is slowed to a crawl so runs seconds apart score alike.
 */
import { describe, expect, it } from 'vitest';
import type { LeadloopConfig } from '../../src/config/schema.ts';
import { createSyncPhases } from '../../src/sync/phases.ts';
import { worldsPerTest, writeCounters, type EngineWorld, type Person } from './engine-world.ts';

const TIMEOUT = 120_000;
const open = worldsPerTest();

const steady =
  (handoff: Partial<LeadloopConfig['handoff']> = {}) =>
  (c: LeadloopConfig): LeadloopConfig => ({
    ...c,
    scoring: { ...c.scoring, engagement: { ...c.scoring.engagement, halfLifeDays: 100_000 } },
    handoff: { ...c.handoff, ...handoff },
  });

/** Every HubSpot-only person would get a Lead, every Salesforce-only one a contact: a lost link shows. */
const handOffEveryone = steady({ createInSalesforce: 'all', createInHubSpot: 'all' });

async function permanentFailures(w: EngineWorld): Promise<string[]> {
  const failures = await w.rt.store.listFailures({ limit: 100, permanent: true });
  return failures.map((f) => `${f.crm}/${f.object}/${f.recordId} ${f.code}: ${f.message}`);
}

function created(run: Awaited<ReturnType<EngineWorld['run']>>): [number, number] {
  return [run.counters['creates.hubspot'] ?? 0, run.counters['creates.salesforce'] ?? 0];
}

function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`world lacks ${what}`);
  return value;
}

/** A second contact for `p` (a new address, as a form sign-up would make one), created after the last run. */
function newContactFor(w: EngineWorld, p: Person): string {
  return w.sb.hubspot.store.createContact({
    email: `${p.key}.second@example.net`,
    firstname: p.firstName ?? 'Second',
    lastname: p.lastName,
  }).id;
}

describe('HubSpot merges', () => {
  it(
    'a contact merged into a new contact: its person moves to the survivor and writes there; nothing created, no failure; a second run writes nothing',
    async () => {
      const w = await open({ configure: handOffEveryone });
      await w.run('full');
      const person = must(w.people('HL-')[0], 'a HubSpot + Lead person');
      const [merged, leadId] = [w.hubspotId(person), w.leadId(person)];
      const before = await w.linkOf(merged);
      const survivor = newContactFor(w, person);
      w.sb.hubspot.store.mergeContacts(survivor, merged);
      const [people, leads] = [await w.rt.store.countLinks(), w.sb.salesforce.store.count('Lead')];

      const run = await w.run('incremental');

      expect(await permanentFailures(w)).toEqual([]);
      expect(run.status).toBe('succeeded');
      expect(run.counters['recordsMerged']).toBe(1);
      expect(created(run)).toEqual([0, 0]);
      expect(w.sb.salesforce.store.count('Lead')).toBe(leads);
      expect(await w.rt.store.countLinks()).toBe(people);
      expect(await w.linkOf(survivor)).toMatchObject({
        personId: before.personId,
        hubspotId: survivor,
        salesforceLeadId: leadId,
      });
      expect(w.salesforce('Lead', leadId)['Leadloop_HubSpot_Id__c']).toBe(survivor);
      expect(w.salesforce('Lead', leadId)['Email']).toBe(`${person.key}.second@example.net`);
      expect(w.hubspot(survivor)['leadloop_salesforce_id']).toBe(leadId);
      expect(w.hubspot(survivor)['leadloop_score']).toBe(
        String(w.salesforce('Lead', leadId)['Leadloop_Score__c']),
      );
      expect((await w.stateOf(before.personId)).tombstones).toEqual([]);

      const again = await w.run('incremental');
      expect(writeCounters(again)).toEqual({});
      expect(created(again)).toEqual([0, 0]);
    },
    TIMEOUT,
  );

  it(
    'the primary belongs to another person: the two become one, the Lead moves to the primary, written both ways',
    async () => {
      const w = await open({ configure: steady() });
      await w.run('full');
      const hubspotOnly = [];
      for (const p of w.people('H--'))
        if ((await w.linkOf(w.hubspotId(p))).salesforceLeadId === null) hubspotOnly.push(p);
      const primary = must(hubspotOnly[0], 'a person left in HubSpot only');
      const other = must(w.people('HL-')[0], 'a HubSpot + Lead person');
      const [primaryId, mergedId, leadId] = [w.hubspotId(primary), w.hubspotId(other), w.leadId(other)];
      const keeper = await w.linkOf(primaryId);
      w.sb.hubspot.store.mergeContacts(primaryId, mergedId);
      const people = await w.rt.store.countLinks();

      const run = await w.run('incremental');

      expect(await permanentFailures(w)).toEqual([]);
      expect(run.status).toBe('succeeded');
      expect(created(run)).toEqual([0, 0]);
      expect(await w.rt.store.countLinks()).toBe(people - 1);
      expect(await w.linkOf(leadId)).toMatchObject({ personId: keeper.personId, hubspotId: primaryId });
      expect(w.hubspot(primaryId)['leadloop_salesforce_id']).toBe(leadId);
      expect(w.salesforce('Lead', leadId)['Leadloop_HubSpot_Id__c']).toBe(primaryId);

      const again = await w.run('incremental');
      expect(writeCounters(again)).toEqual({});
      expect(created(again)).toEqual([0, 0]);
    },
    TIMEOUT,
  );

  it(
    'a merge that mints a new id (HubSpot’s newer merges): the primary’s person takes it; a merged-away person with a Lead of its own is kept apart until Salesforce merges too',
    async () => {
      const w = await open({ configure: handOffEveryone });
      await w.run('full');
      const [a, b] = w.people('HL-');
      const withLead = must(a, 'a HubSpot + Lead person');
      // A second contact, handed off to Salesforce as a Lead of its own by the next run.
      const second = newContactFor(w, must(b, 'a second person'));
      await w.run('incremental');
      const apart = await w.linkOf(second);
      const handedOff = must(apart.salesforceLeadId ?? undefined, 'the hand-off Lead');
      const leadId = w.leadId(withLead);
      const keeper = await w.linkOf(leadId);
      const merged = w.sb.hubspot.store.mergeContacts(w.hubspotId(withLead), second, { newId: true });
      const people = await w.rt.store.countLinks();

      const run = await w.run('incremental');

      expect(await permanentFailures(w)).toEqual([]);
      expect(created(run)).toEqual([0, 0]);
      expect(run.counters['recordsMerged']).toBe(1);
      expect(await w.linkOf(merged.id)).toMatchObject({
        personId: keeper.personId,
        salesforceLeadId: leadId,
      });
      expect(w.salesforce('Lead', leadId)['Leadloop_HubSpot_Id__c']).toBe(merged.id);
      // Two Leads for one HubSpot contact under two emails: the second keeps its Lead, never a contact again.
      expect(await w.linkOf(handedOff)).toMatchObject({ personId: apart.personId, hubspotId: null });
      expect((await w.stateOf(apart.personId)).tombstones).toEqual([{ crm: 'hubspot', object: 'contact' }]);
      expect(await w.rt.store.countLinks()).toBe(people);
      const again = await w.run('incremental');
      expect(writeCounters(again)).toEqual({});
      expect(created(again)).toEqual([0, 0]);

      // Sales merges the two Leads: the people become one.
      w.sb.salesforce.store.merge('Lead', leadId, [handedOff]);
      const last = await w.run('incremental');
      expect(created(last)).toEqual([0, 0]);
      expect(await w.rt.store.countLinks()).toBe(people - 1);
      expect((await w.rt.store.getLinksByPersonIds([apart.personId])).size).toBe(0);
      expect(await permanentFailures(w)).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    'a webhook for the merged-away contact (a targeted run) re-links too: its read by id answers with the survivor',
    async () => {
      const w = await open({ configure: handOffEveryone });
      await w.run('full');
      const person = must(w.people('HL-')[0], 'a HubSpot + Lead person');
      const [merged, leadId] = [w.hubspotId(person), w.leadId(person)];
      const before = await w.linkOf(merged);
      const survivor = newContactFor(w, person);
      w.sb.hubspot.store.mergeContacts(survivor, merged);

      const outcome = await createSyncPhases(w.rt).syncRecords({
        runId: 'records-merged-away',
        refs: [{ crm: 'hubspot', object: 'contact', id: merged }],
      });

      expect(outcome.failed).toBe(0);
      expect(await w.linkOf(leadId)).toMatchObject({ personId: before.personId, hubspotId: survivor });
      expect((await w.stateOf(before.personId)).tombstones).toEqual([]);
      expect(w.salesforce('Lead', leadId)['Leadloop_HubSpot_Id__c']).toBe(survivor);
      const next = await w.run('incremental');
      expect(created(next)).toEqual([0, 0]);
      expect(await permanentFailures(w)).toEqual([]);
    },
    TIMEOUT,
  );
});

describe.each([
  ['Lead', 'HL-', 'lead'],
  ['Contact', 'H-C', 'contact'],
] as const)('Salesforce merges (%s)', (sobject, presence, object) => {
  it(
    `the linked ${sobject} merged into another person’s ${sobject}: the link moves to the master, the people become one`,
    async () => {
      const w = await open({ configure: steady() });
      await w.run('full');
      const person = must(w.people(presence)[0], `a HubSpot + ${sobject} person`);
      const hubspotId = w.hubspotId(person);
      const before = await w.linkOf(hubspotId);
      const loser = must(
        (object === 'lead' ? before.salesforceLeadId : before.salesforceContactId) ?? undefined,
        'a record',
      );
      // Sales typed the person in again under another address: a Salesforce-only person of its own.
      const fields = { LastName: person.lastName, Email: `${person.key}.sales@example.net` };
      const master = w.sb.salesforce.store.create(
        sobject,
        sobject === 'Lead' ? { ...fields, Company: 'Entered again', Status: 'Open - Not Contacted' } : fields,
      );
      await w.run('incremental');
      const masterPerson = await w.linkOf(master);
      expect(masterPerson.personId).not.toBe(before.personId);
      const people = await w.rt.store.countLinks();

      w.sb.salesforce.store.merge(sobject, master, [loser]);
      const run = await w.run('incremental');

      expect(await permanentFailures(w)).toEqual([]);
      expect(run.status).toBe('succeeded');
      expect(created(run)).toEqual([0, 0]);
      expect(await w.rt.store.countLinks()).toBe(people - 1);
      const after = await w.linkOf(hubspotId);
      expect(after.personId).toBe(before.personId);
      expect(object === 'lead' ? after.salesforceLeadId : after.salesforceContactId).toBe(master);
      expect((await w.stateOf(before.personId)).tombstones).toEqual([]);
      expect(w.salesforce(sobject, master)['Leadloop_HubSpot_Id__c']).toBe(hubspotId);
      expect(w.hubspot(hubspotId)['leadloop_salesforce_id']).toBe(master);
      expect(String(w.salesforce(sobject, master)['Leadloop_Score__c'])).toBe(
        w.hubspot(hubspotId)['leadloop_score'],
      );

      const again = await w.run('incremental');
      expect(writeCounters(again)).toEqual({});
      expect(created(again)).toEqual([0, 0]);
    },
    TIMEOUT,
  );
});

describe('GDPR delete in HubSpot', () => {
  it(
    'found by the write HubSpot refuses: unlinked, tombstoned, never recreated, no failure left; a second run writes nothing',
    async () => {
      const w = await open({ configure: handOffEveryone });
      await w.run('full');
      const person = must(w.people('HL-')[0], 'a HubSpot + Lead person');
      const [hubspotId, leadId] = [w.hubspotId(person), w.leadId(person)];
      const { personId } = await w.linkOf(leadId);
      w.sb.hubspot.store.gdprDeleteContact(hubspotId);
      // Sales edits the Lead: the run plans the title for HubSpot, and HubSpot no longer has the contact.
      w.sb.salesforce.store.update('Lead', leadId, { Title: 'Chief Erasure Officer' });
      const contacts = w.sb.hubspot.store.contactCount();

      const run = await w.run('incremental');

      expect(await permanentFailures(w)).toEqual([]);
      expect(run.status).toBe('succeeded');
      expect(run.counters['writesToGoneRecords']).toBe(1);
      expect(created(run)).toEqual([0, 0]);
      expect(await w.linkOf(leadId)).toMatchObject({ personId, hubspotId: null, salesforceLeadId: leadId });
      expect((await w.stateOf(personId)).tombstones).toEqual([{ crm: 'hubspot', object: 'contact' }]);
      expect(w.sb.hubspot.store.contactCount()).toBe(contacts);
      expect(w.sb.hubspot.store.findContactByEmail(person.email ?? '')).toBeUndefined();

      const again = await w.run('incremental');
      expect(writeCounters(again)).toEqual({});
      expect(created(again)).toEqual([0, 0]);
      expect(await w.rt.store.listFailures({ limit: 10 })).toEqual([]);
    },
    TIMEOUT,
  );
});
