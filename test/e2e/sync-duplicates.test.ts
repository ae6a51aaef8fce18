/**
 * One person per email, end to end on both sandbox CRMs (issue 12, "Identity"): Salesforce duplicates
 * (Lead + Lead, Lead + Contact, Contact + Contact) join their person instead of being handed off, carry
 * the primary's leadloop fields (`duplicates.writeScores`), and a HubSpot `409 ... Existing ID` on create
 * links to that contact. Engagement decay is slowed to a crawl (half-life 100,000 days) so runs seconds
 * apart cannot differ by a rounding step: "a second run writes nothing" is then exact.
 */
import { describe, expect, it, vi } from 'vitest';
import type { LeadloopConfig } from '../../src/config/schema.ts';
import type { FieldValue } from '../../src/domain/person.ts';
import { collectDuplicateGroups } from '../../src/report/duplicate-groups.ts';
import { asHubSpot, worldsPerTest, writeCounters, type EngineWorld } from './engine-world.ts';

const TIMEOUT = 120_000;
const open = worldsPerTest();

/** leadloop's own fields a duplicate carries (Salesforce names, the same on Lead and Contact). */
const OWN = [
  'Leadloop_Score__c',
  'Leadloop_Profile_Score__c',
  'Leadloop_Engagement_Score__c',
  'Leadloop_Grade__c',
  'Leadloop_Level__c',
  'Leadloop_Cell__c',
  'Leadloop_Stage__c',
  'Leadloop_MIL_Date__c',
  'Leadloop_Explanation__c',
  'Leadloop_Model_Version__c',
] as const;

const steady =
  (more: (c: LeadloopConfig) => LeadloopConfig = (c) => c) =>
  (c: LeadloopConfig): LeadloopConfig =>
    more({
      ...c,
      scoring: { ...c.scoring, engagement: { ...c.scoring.engagement, halfLifeDays: 100_000 } },
    });

const sobjectOf = (object: 'lead' | 'contact'): 'Lead' | 'Contact' =>
  object === 'lead' ? 'Lead' : 'Contact';

function ownFields(w: EngineWorld, object: 'lead' | 'contact', id: string): Record<string, string | null> {
  const row = w.salesforce(sobjectOf(object), id);
  return Object.fromEntries(OWN.map((f) => [f, asHubSpot((row[f] ?? null) as FieldValue)]));
}

async function permanentFailures(w: EngineWorld): Promise<string[]> {
  const failures = await w.rt.store.listFailures({ limit: 100, permanent: true });
  return failures.map((f) => `${f.crm}/${f.object}/${f.recordId} ${f.code}: ${f.message}`);
}

describe('a seeded sandbox world with duplicates', () => {
  it(
    'seed 7, 3,000 people: sync --once succeeds with zero permanent failures, one person per email, duplicates carry the primary’s fields; a second run writes nothing',
    async () => {
      // About duplicates: the org's Title flow would make the second run carry its rewrites once, so it is off.
      // Seed 7 because its world holds both kinds at this size (20 Salesforce duplicates, 4 beside a Contact;
      // small worlds vary: seed 23 holds 5, all Lead + Lead).
      const w = await open({ people: 3000, seed: 7, configure: steady(), salesforce: { flows: false } });
      const first = await w.run('incremental');
      expect(await permanentFailures(w)).toEqual([]);
      expect(first.status).toBe('succeeded');
      expect(first.counters['duplicatesJoined']).toBeGreaterThan(0);

      const groups = await collectDuplicateGroups(w.rt.store, w.rt.config.fieldMappings);
      expect(groups.length).toBeGreaterThanOrEqual(10);
      expect(groups.some((g) => g.primary?.object === 'contact')).toBe(true);
      expect(groups.some((g) => g.primary?.object === 'lead')).toBe(true);
      for (const g of groups) {
        if (!g.primary || !g.email) throw new Error(`group ${g.personId} has no primary or email`);
        // Only one person holds the email: the duplicates made none of their own.
        const holders = (await w.rt.store.getLinksByEmails([g.email])).get(g.email) ?? [];
        expect(holders.map((l) => l.personId)).toEqual([g.personId]);
        // No HubSpot contact was created for a duplicate: the person's one contact names the primary.
        const contact = w.sb.hubspot.store.findContactByEmail(g.email);
        if (g.hubspotId) expect(contact?.properties['leadloop_salesforce_id']).toBe(g.primary.id);
        const primary = ownFields(w, g.primary.object, g.primary.id);
        expect(primary['Leadloop_Score__c']).not.toBeNull();
        for (const d of g.duplicates) expect(ownFields(w, d.object, d.id), `${d.id}`).toEqual(primary);
      }

      const second = await w.run('incremental');
      expect(second.status).toBe('succeeded');
      expect(writeCounters(second)).toEqual({});
      expect(second.counters['creates.hubspot'] ?? 0).toBe(0);
      expect(second.counters['creates.salesforce'] ?? 0).toBe(0);
    },
    TIMEOUT,
  );
});

describe.each(['all', 'primary'] as const)('duplicates.writeScores: %s', (writeScores) => {
  it(
    'Lead + Lead, Lead + Contact, Contact + Contact, Lead beside Contact: one person each, no create, no failure',
    async () => {
      const w = await open({
        configure: steady((c) => ({
          ...c,
          // Every Salesforce-only person would be handed to HubSpot: a duplicate person would fail there.
          handoff: { ...c.handoff, createInHubSpot: 'all' },
          duplicates: { writeScores },
        })),
      });
      await w.run('full');
      const [a, c] = w.people('HL-');
      const [b] = w.people('H-C');
      if (!a?.email || !b?.email || !c?.email) throw new Error('world lacks the people this test needs');
      const linkA = await w.linkOf(w.hubspotId(a));
      const linkB = await w.linkOf(w.hubspotId(b));
      const linkC = await w.linkOf(w.hubspotId(c));
      const sf = w.sb.salesforce.store;
      const newLead = (email: string, last: string) =>
        sf.create('Lead', {
          LastName: last,
          Company: 'Entered again',
          Email: email,
          Status: 'Open - Not Contacted',
        });
      const newContact = (email: string, last: string) =>
        sf.create('Contact', { LastName: last, Email: email });
      const leadA2 = newLead(a.email.toUpperCase(), a.lastName); // Lead + Lead (another letter case)
      const contactB2 = newContact(b.email, b.lastName); // Contact + Contact
      const leadB3 = newLead(` ${b.email} `, b.lastName); // Lead beside a Contact
      const contactC2 = newContact(c.email, c.lastName); // Lead + Contact: the Contact becomes the primary
      const people = await w.rt.store.countLinks();

      const run = await w.run('incremental');
      expect(await permanentFailures(w)).toEqual([]);
      expect(run.status).toBe('succeeded');
      expect(run.counters['creates.hubspot'] ?? 0).toBe(0);
      expect(await w.rt.store.countLinks()).toBe(people);

      const after = await Promise.all([linkA, linkB, linkC].map((l) => w.linkOf(l.hubspotId ?? '')));
      expect(after.map((l) => [l.personId, l.salesforceLeadId, l.salesforceContactId])).toEqual([
        [linkA.personId, linkA.salesforceLeadId, null],
        [linkB.personId, null, linkB.salesforceContactId],
        [linkC.personId, null, contactC2],
      ]);
      expect(w.hubspot(w.hubspotId(c))['leadloop_salesforce_id']).toBe(contactC2);
      const duplicatesOf = async (personId: string) =>
        (await w.stateOf(personId)).duplicates.map((d) => d.id);
      expect(await duplicatesOf(linkA.personId)).toEqual([leadA2]);
      expect((await duplicatesOf(linkB.personId)).sort()).toEqual([contactB2, leadB3].sort());
      expect(await duplicatesOf(linkC.personId)).toEqual([linkC.salesforceLeadId]);

      const cases: [string, 'lead' | 'contact', string, 'lead' | 'contact'][] = [
        [linkA.salesforceLeadId ?? '', 'lead', leadA2, 'lead'],
        [linkB.salesforceContactId ?? '', 'contact', contactB2, 'contact'],
        [linkB.salesforceContactId ?? '', 'contact', leadB3, 'lead'],
        [contactC2, 'contact', linkC.salesforceLeadId ?? '', 'lead'],
      ];
      for (const [primaryId, primaryObject, dupId, dupObject] of cases) {
        const primary = ownFields(w, primaryObject, primaryId);
        expect(primary['Leadloop_Score__c'], primaryId).not.toBeNull();
        const duplicate = ownFields(w, dupObject, dupId);
        if (writeScores === 'all') expect(duplicate, dupId).toEqual(primary);
        else if (dupId !== linkC.salesforceLeadId)
          // New duplicates are never written; the displaced Lead keeps what it held as the primary.
          expect(
            Object.values(duplicate).every((v) => v === null),
            dupId,
          ).toBe(true);
      }

      const again = await w.run('incremental');
      expect(writeCounters(again)).toEqual({});
      expect(again.counters['creates.hubspot'] ?? 0).toBe(0);
    },
    TIMEOUT,
  );
});

const DAY = 86_400_000;

describe('a create the CRM answers with an existing record', () => {
  it(
    'HubSpot 409 "Existing ID" on a hand-off: linked to that contact and written there, not a failure',
    async () => {
      const w = await open({
        configure: steady((c) => ({ ...c, handoff: { ...c.handoff, createInHubSpot: 'all' } })),
      });
      await w.run('full');
      // A contact leadloop has not read (imported with an old modification date, before the cursor)...
      const contact = w.sb.hubspot.store.createContact(
        { email: 'late.arrival@example.com', firstname: 'Late', lastname: 'Arrival' },
        new Date(Date.now() - 30 * DAY),
      );
      // ...and a new Salesforce Lead with its email: the hand-off create meets HubSpot's email key.
      const leadId = w.sb.salesforce.store.create('Lead', {
        LastName: 'Arrival',
        Company: 'Late Ltd',
        Email: 'Late.Arrival@example.com',
        Status: 'Open - Not Contacted',
      });

      const run = await w.run('incremental');
      expect(await permanentFailures(w)).toEqual([]);
      expect(run.status).toBe('succeeded');
      expect(run.counters['createsLinkedToExisting']).toBe(1);
      expect(run.counters['creates.hubspot'] ?? 0).toBe(0);
      expect((await w.linkOf(leadId)).hubspotId).toBe(contact.id);
      const hs = w.hubspot(contact.id);
      const lead = ownFields(w, 'lead', leadId);
      expect(hs['leadloop_salesforce_id']).toBe(leadId);
      expect(hs['leadloop_score']).toBe(lead['Leadloop_Score__c']);
      expect(hs['leadloop_cell']).toBe(lead['Leadloop_Cell__c']);
      expect(hs['leadloop_stage']).toBe(lead['Leadloop_Stage__c']);
      expect(w.sb.hubspot.store.findContactByEmail('late.arrival@example.com')?.id).toBe(contact.id);

      // The next run reads the contact back (our write moved it) and completes the link on the Lead.
      const next = await w.run('incremental');
      expect(next.counters['creates.hubspot'] ?? 0).toBe(0);
      expect(w.salesforce('Lead', leadId)['Leadloop_HubSpot_Id__c']).toBe(contact.id);
      const last = await w.run('incremental');
      expect(writeCounters(last)).toEqual({});
      expect(await permanentFailures(w)).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    'a 409 naming a contact another person holds merges the Salesforce-only person into it as a duplicate',
    async () => {
      const w = await open({
        configure: steady((c) => ({ ...c, handoff: { ...c.handoff, createInHubSpot: 'all' } })),
      });
      await w.run('full');
      const [a] = w.people('HL-');
      if (!a) throw new Error('world has no HubSpot + Lead person');
      const holder = await w.linkOf(w.hubspotId(a));
      const people = await w.rt.store.countLinks();
      // Sales enters the person again with a new address: a Salesforce-only person, handed to HubSpot...
      const email = 'second.address@mapleworks.io';
      const leadId = w.sb.salesforce.store.create('Lead', {
        LastName: a.lastName,
        Company: 'Entered again',
        Email: email,
        Status: 'Open - Not Contacted',
      });
      // ...while marketing gives the holder's contact that address, after the pull and before the create.
      const create = w.rt.connectors.hubspot.create.bind(w.rt.connectors.hubspot);
      vi.spyOn(w.rt.connectors.hubspot, 'create').mockImplementation(async (object, creates) => {
        w.sb.hubspot.store.updateContact(w.hubspotId(a), { email });
        return create(object, creates);
      });

      const run = await w.run('incremental');
      expect(await permanentFailures(w)).toEqual([]);
      expect(run.status).toBe('succeeded');
      expect(run.counters['createsMerged']).toBe(1);
      expect(run.counters['creates.hubspot'] ?? 0).toBe(0);
      expect(await w.rt.store.countLinks()).toBe(people);
      const lead = { crm: 'salesforce', object: 'lead', id: leadId } as const;
      expect((await w.rt.store.getLinksByRefs([lead])).size).toBe(0);
      const survivor = await w.linkOf(w.hubspotId(a));
      expect(survivor).toMatchObject({
        personId: holder.personId,
        salesforceLeadId: holder.salesforceLeadId,
        email,
      });
      expect((await w.stateOf(holder.personId)).duplicates).toEqual([lead]);
      expect(ownFields(w, 'lead', leadId)).toEqual(ownFields(w, 'lead', holder.salesforceLeadId ?? ''));
    },
    TIMEOUT,
  );
});
