/**
 * The sync engine end to end on both sandbox CRMs (issue 5, "Done when"): full sync, no-op incremental
 * runs, new behaviour → MQL → hand-off, sales feedback, converted and deleted records. Expected values
 * come from the engine's own `planPerson` (via `explain`), and every assertion reads the sandbox CRMs.
 * The sync rules of the field mappings are in sync-mappings.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { asHubSpot, worldsPerTest, writeCounters } from './engine-world.ts';
import {
  addHotBehaviour,
  hubspotOnlyInStage,
  leadsWithHubSpotId,
  linkedInStage,
  writeFingerprint,
} from './world-probes.ts';

const TIMEOUT = 60_000;
const open = worldsPerTest();

/** HubSpot property → Salesforce field of leadloop's score and stage fields. */
const OWN = [
  ['leadloop_score', 'Leadloop_Score__c'],
  ['leadloop_profile_score', 'Leadloop_Profile_Score__c'],
  ['leadloop_engagement_score', 'Leadloop_Engagement_Score__c'],
  ['leadloop_grade', 'Leadloop_Grade__c'],
  ['leadloop_level', 'Leadloop_Level__c'],
  ['leadloop_cell', 'Leadloop_Cell__c'],
  ['leadloop_stage', 'Leadloop_Stage__c'],
  ['leadloop_explanation', 'Leadloop_Explanation__c'],
  ['leadloop_model_version', 'Leadloop_Model_Version__c'],
] as const;

describe('full sync', () => {
  it(
    'writes scores, grades, cells and stages to both CRMs, as planned by the engine',
    async () => {
      const w = await open();
      const [ceo, ...others] = w.people('HL-');
      if (!ceo) throw new Error('world has no HubSpot + Lead person');
      const ceoId = w.hubspotId(ceo);
      w.sb.hubspot.store.updateContact(ceoId, { jobtitle: 'CEO' });

      const report = await w.run('full');
      expect(report.status).toBe('succeeded');
      expect(report.counters['recordsPulled']).toBeGreaterThan(w.sb.dataset.people.length);
      expect(report.counters['peopleProcessed']).toBeGreaterThanOrEqual(w.sb.dataset.people.length - 10);
      expect(report.counters['writes.hubspot.leadloop_score']).toBeGreaterThan(50);
      expect(report.counters['writes.salesforce.Leadloop_Score__c']).toBeGreaterThan(50);

      // The CEO title (set in HubSpot, the newer side) reached the Lead and earned the C-level points.
      const ceoLink = await w.linkOf(ceoId);
      const ceoPlan = await w.plan(ceoLink);
      expect(ceoPlan.score.contributions).toContainEqual(
        expect.objectContaining({ kind: 'profile', rule: 'C-level title', points: 100 }),
      );
      expect(w.salesforce('Lead', w.leadId(ceo))['Title']).toBe('CEO');
      expect(w.hubspot(ceoId)['leadloop_explanation']).toContain('C-level title +100');

      // Both CRMs hold exactly what the engine plans now, so nothing is left to write.
      for (const p of [ceo, ...others.slice(0, 12), ...w.people('H-C').slice(0, 6)]) {
        const hubspotId = w.hubspotId(p);
        const link = await w.linkOf(hubspotId);
        const sfId = link.salesforceContactId ?? link.salesforceLeadId;
        const sfObject = link.salesforceContactId ? 'Contact' : 'Lead';
        if (!sfId) throw new Error(`${p.key} is not linked to Salesforce`);
        const plan = await w.plan(link);
        expect(plan.writes, `${p.key} still has planned writes`).toEqual([]);
        const expected = {
          leadloop_score: plan.score.total,
          leadloop_profile_score: plan.score.profile,
          leadloop_engagement_score: plan.score.engagement,
          leadloop_grade: plan.score.grade,
          leadloop_level: plan.score.level,
          leadloop_cell: plan.score.cell,
          leadloop_stage: plan.stage.state.stage,
          leadloop_explanation: plan.score.explanation,
          leadloop_model_version: plan.score.modelVersion,
        };
        const hs = w.hubspot(hubspotId);
        const sf = w.salesforce(sfObject, sfId);
        for (const [hsName, sfName] of OWN) {
          expect(hs[hsName], `${p.key} HubSpot ${hsName}`).toBe(asHubSpot(expected[hsName]));
          expect(asHubSpot(sf[sfName] as string | number | null), `${p.key} Salesforce ${sfName}`).toBe(
            asHubSpot(expected[hsName]),
          );
        }
        expect(hs['leadloop_salesforce_id']).toBe(sfId);
        expect(sf['Leadloop_HubSpot_Id__c']).toBe(hubspotId);
      }
    },
    TIMEOUT,
  );
});

describe('incremental sync', () => {
  it(
    'writes nothing on a second and a third run without CRM changes (no ping-pong)',
    async () => {
      // About leadloop's own writes re-entering: the org's Title flow, which rewrites Titles on those writes
      // and so changes the CRM once, is off (its settling is in sync-org-flows.test.ts).
      const w = await open({ salesforce: { flows: false } });
      const full = await w.run('full');
      expect(Object.keys(writeCounters(full)).length).toBeGreaterThan(10);
      for (const round of [2, 3]) {
        const before = writeFingerprint(w);
        const report = await w.run('incremental');
        expect(report.status, `run ${round}`).toBe('succeeded');
        expect(writeCounters(report), `run ${round}`).toEqual({});
        expect(report.counters['creates.hubspot'] ?? 0, `run ${round}`).toBe(0);
        expect(report.counters['creates.salesforce'] ?? 0, `run ${round}`).toBe(0);
        expect(writeFingerprint(w) === before, `run ${round} changed a CRM`).toBe(true);
      }
    },
    TIMEOUT,
  );

  it(
    'new HubSpot behaviour raises the engagement score, makes an MQL and hands them to Salesforce once',
    async () => {
      const w = await open();
      await w.run('full');
      const [hubspotId] = await hubspotOnlyInStage(w, 'MIL');
      if (!hubspotId) throw new Error('world has no HubSpot-only MIL person');
      const email = w.hubspot(hubspotId)['email'];
      const before = Number(w.hubspot(hubspotId)['leadloop_engagement_score']);
      expect(leadsWithHubSpotId(w, hubspotId)).toEqual([]);

      addHotBehaviour(w, hubspotId);
      const report = await w.run('incremental');
      expect(report.counters['activitiesNew']).toBe(3);
      expect(report.counters['transitions.MQL']).toBe(1);
      expect(report.counters['creates.salesforce']).toBe(1);
      const hs = w.hubspot(hubspotId);
      expect(Number(hs['leadloop_engagement_score'])).toBeGreaterThanOrEqual(before + 100);
      expect(hs['leadloop_stage']).toBe('MQL');

      const [leadId, ...duplicates] = leadsWithHubSpotId(w, hubspotId);
      expect(duplicates).toEqual([]);
      if (!leadId) throw new Error('no Lead was created');
      const lead = w.salesforce('Lead', leadId);
      expect(lead['Email']).toBe(email);
      expect(lead['Leadloop_Stage__c']).toBe('MQL');
      expect(lead['Leadloop_Score__c']).toBe(Number(hs['leadloop_score']));
      // Both sides carry each other's id after the same run.
      expect(hs['leadloop_salesforce_id']).toBe(leadId);
      expect((await w.linkOf(hubspotId)).salesforceLeadId).toBe(leadId);

      for (const round of [2, 3]) {
        const again = await w.run('incremental');
        expect(again.counters['creates.salesforce'] ?? 0, `run ${round}`).toBe(0);
        expect(writeCounters(again), `run ${round}`).toEqual({});
        expect(leadsWithHubSpotId(w, hubspotId)).toEqual([leadId]);
      }
    },
    TIMEOUT,
  );
});

describe('sales feedback and converted records', () => {
  it(
    'Lead Status moves MQLs to SAL or RECYCLED, conversion to SQL on the Contact, a won deal to WON',
    async () => {
      const w = await open();
      await w.run('full');
      const mqls = await linkedInStage(w, 'MQL');
      const [accepted, rejected, converted, won] = mqls;
      if (!accepted || !rejected || !converted || !won) throw new Error(`only ${mqls.length} MQL Leads`);
      const sf = w.sb.salesforce.store;
      sf.setLeadStatus(accepted.leadId, 'Working - Contacted');
      sf.setLeadStatus(rejected.leadId, 'Closed - Not Converted');
      const conversion = sf.convertLead(converted.leadId, { opportunity: { stageName: 'Prospecting' } });
      const winning = sf.convertLead(won.leadId, { opportunity: { stageName: 'Prospecting' } });
      if (!winning.opportunityId) throw new Error('conversion made no opportunity');
      sf.setOpportunityStage(winning.opportunityId, 'Closed Won');

      const report = await w.run('incremental');
      expect(report.status).toBe('succeeded');
      const expectations = [
        [accepted, 'SAL'],
        [rejected, 'RECYCLED'],
        [converted, 'SQL'],
        [won, 'WON'],
      ] as const;
      for (const [p, stage] of expectations) {
        expect(w.hubspot(p.hubspotId)['leadloop_stage'], p.hubspotId).toBe(stage);
        expect(report.counters[`transitions.${stage}`], stage).toBeGreaterThanOrEqual(1);
      }
      expect(w.salesforce('Lead', accepted.leadId)['Leadloop_Stage__c']).toBe('SAL');
      expect(w.salesforce('Lead', rejected.leadId)['Leadloop_Stage__c']).toBe('RECYCLED');

      // A converted Lead's person follows the new Contact: linked, scored and staged there.
      for (const [p, { contactId }, stage] of [
        [converted, conversion, 'SQL'],
        [won, winning, 'WON'],
      ] as const) {
        const link = await w.linkOf(p.hubspotId);
        expect(link.salesforceContactId).toBe(contactId);
        const contact = w.salesforce('Contact', contactId);
        expect(contact['Leadloop_Stage__c']).toBe(stage);
        expect(contact['Leadloop_HubSpot_Id__c']).toBe(p.hubspotId);
        expect(w.hubspot(p.hubspotId)['leadloop_salesforce_id']).toBe(contactId);
      }

      const quiet = await w.run('incremental');
      expect(writeCounters(quiet)).toEqual({});
    },
    TIMEOUT,
  );

  it(
    'a conversion alone, without an opportunity, makes the person SQL on the Contact',
    async () => {
      const w = await open();
      await w.run('full');
      const [person] = await linkedInStage(w, 'MQL');
      if (!person) throw new Error('world has no MQL with a Lead');
      const { contactId, opportunityId } = w.sb.salesforce.store.convertLead(person.leadId);
      expect(opportunityId).toBeNull();

      const report = await w.run('incremental');
      expect(report.status).toBe('succeeded');
      const link = await w.linkOf(person.hubspotId);
      expect(link).toMatchObject({ salesforceLeadId: null, salesforceContactId: contactId });
      const state = await w.stateOf(link.personId);
      expect(state.stage?.stage).toBe('SQL');
      expect(state.stage?.history.at(-1)).toMatchObject({ from: 'MQL', to: 'SQL', cause: 'conversion' });
      expect(w.salesforce('Contact', contactId)['Leadloop_Stage__c']).toBe('SQL');
      expect(w.hubspot(person.hubspotId)['leadloop_stage']).toBe('SQL');

      // Acted on once: the converted Lead read again changes nothing.
      const quiet = await w.run('full');
      expect(writeCounters(quiet)).toEqual({});
      expect(
        (await w.stateOf(link.personId)).stage?.history.filter((t) => t.cause === 'conversion'),
      ).toHaveLength(1);
    },
    TIMEOUT,
  );

  it(
    'a deleted Salesforce Lead is unlinked and never recreated by the hand-off',
    async () => {
      const w = await open();
      await w.run('full');
      const [person] = await linkedInStage(w, 'MQL');
      if (!person) throw new Error('world has no MQL with a Lead');
      const { hubspotId, leadId } = person;
      w.sb.salesforce.store.delete('Lead', leadId);
      // New behaviour keeps them an MQL: exactly the person a hand-off would create a Lead for.
      addHotBehaviour(w, hubspotId);

      for (const round of [1, 2, 3]) {
        const report = await w.run('incremental');
        expect(report.counters['creates.salesforce'] ?? 0, `run ${round}`).toBe(0);
        expect(leadsWithHubSpotId(w, hubspotId), `run ${round}`).toEqual([]);
      }
      const link = await w.linkOf(hubspotId);
      expect(link.salesforceLeadId).toBeNull();
      expect((await w.stateOf(link.personId)).tombstones).toContainEqual({
        crm: 'salesforce',
        object: 'lead',
      });
      expect(w.hubspot(hubspotId)['leadloop_stage']).toBe('MQL');
    },
    TIMEOUT,
  );
});
