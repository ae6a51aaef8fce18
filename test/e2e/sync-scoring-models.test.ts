/**
 * Two named scoring models on the sandboxes: the primary (under `scoring:`) and `emea`
 * (`scoring.models.emea`). A first run provisions the emea fields on HubSpot contacts and Salesforce
 * Leads and Contacts, labelled from the glossary, and writes both sets; what the CRMs hold is read back
 * through the sandboxes and compared with the engine's own plan. Later runs without a CRM change write
 * nothing, a rescore included (it re-plans everyone against the stored snapshots). Decay is slowed to a
 * crawl so runs seconds apart cannot differ by a rounding step.
 */
import { describe, expect, it } from 'vitest';
import type { LeadloopConfig } from '../../src/config/schema.ts';
import { MODEL_FIELD_KEYS, modelFieldName } from '../../src/mapping/model-fields.ts';
import { ScoringConfig } from '../../src/scoring/schema.ts';
import { HALF_LIFE_STABLE, timeStable } from './crm-state.ts';
import { asHubSpot, worldsPerTest, writeCounters, type EngineWorld } from './engine-world.ts';

const TIMEOUT = 120_000;
const open = worldsPerTest();

/** The primary's rules with other weights and its own version: scores that differ from the primary's. */
function emeaModel(primary: LeadloopConfig['scoring']): ScoringConfig {
  return ScoringConfig.parse({
    modelVersion: 'emea-2026-12',
    profile: {
      rules: primary.profile.rules.map((r) => ({ ...r, points: r.points * 2 })),
      grades: { A: 200, B: 120, C: 60 },
    },
    engagement: {
      ...primary.engagement,
      halfLifeDays: HALF_LIFE_STABLE,
      rules: primary.engagement.rules.map((r) => {
        const { withinDays: _dropped, ...rest } = r;
        return { ...rest, points: r.points + 5 };
      }),
    },
    handoff: { mqlCells: ['A1'] },
  });
}

const twoModels = (c: LeadloopConfig): LeadloopConfig => {
  const stable = timeStable(c);
  return { ...stable, scoring: { ...stable.scoring, models: { emea: emeaModel(stable.scoring) } } };
};

const sfField = (key: (typeof MODEL_FIELD_KEYS)[number]) => modelFieldName('salesforce', 'emea', key);
const hsField = (key: (typeof MODEL_FIELD_KEYS)[number]) => modelFieldName('hubspot', 'emea', key);

async function expectCrmsHoldPlans(w: EngineWorld, count: number): Promise<number> {
  let differing = 0;
  for (const person of w.people('HL-').slice(0, count)) {
    const hubspotId = w.hubspotId(person);
    const plan = await w.plan(await w.linkOf(hubspotId));
    const [emea] = plan.models;
    if (!emea) throw new Error('no emea score in the plan');
    expect(plan.writes, `remaining writes of ${person.key}`).toEqual([]);
    const hs = w.hubspot(hubspotId);
    const lead = w.salesforce('Lead', w.leadId(person));
    expect(hs['leadloop_score']).toBe(asHubSpot(plan.score.total));
    expect(hs[hsField('score')]).toBe(asHubSpot(emea.score.total));
    expect(hs[hsField('cell')]).toBe(emea.score.cell);
    expect(hs[hsField('modelVersion')]).toBe('emea-2026-12');
    expect(lead['Leadloop_Score__c']).toBe(plan.score.total);
    expect(lead[sfField('score')]).toBe(emea.score.total);
    expect(lead[sfField('profileScore')]).toBe(emea.score.profile);
    expect(lead[sfField('engagementScore')]).toBe(emea.score.engagement);
    expect(lead[sfField('grade')]).toBe(emea.score.grade);
    expect(lead[sfField('level')]).toBe(emea.score.level);
    expect(lead[sfField('explanation')]).toBe(hs[hsField('explanation')]);
    if (emea.score.total !== plan.score.total) differing++;
  }
  return differing;
}

describe('two scoring models', () => {
  it(
    'provisions and writes both sets of fields on both CRMs; later runs without a change write nothing',
    async () => {
      const w = await open({ people: 80, seed: 11, configure: twoModels, salesforce: { flows: false } });
      const first = await w.run('full');
      expect(first.status).toBe('succeeded');

      const provisioned = first.provisioned.map((p) => `${p.crm} ${p.object} ${p.field}`);
      for (const key of MODEL_FIELD_KEYS) {
        expect(provisioned).toContain(`hubspot contacts ${hsField(key)}`);
        expect(provisioned).toContain(`salesforce Lead ${sfField(key)}`);
        expect(provisioned).toContain(`salesforce Contact ${sfField(key)}`);
      }
      // Labelled from the glossary like the primary's (`terminology.fields.score: Lead Score`).
      const property = w.sb.hubspot.store.listProperties().find((p) => p.name === hsField('score'));
      expect(property?.label).toBe('Lead Score (Emea)');
      const counters = writeCounters(first);
      expect(counters[`writes.hubspot.${hsField('score')}`]).toBeGreaterThan(20);
      expect(counters[`writes.salesforce.${sfField('score')}`]).toBeGreaterThan(20);
      expect(counters['writes.hubspot.leadloop_score']).toBeGreaterThan(20);

      // Read back through the sandboxes: both sets hold what the engine plans, and they are not copies.
      expect(await expectCrmsHoldPlans(w, 12)).toBeGreaterThan(0);
      const [contactPerson] = w.people('H-C');
      if (!contactPerson) throw new Error('world has no HubSpot + Contact person');
      const contactLink = await w.linkOf(w.hubspotId(contactPerson));
      const contactPlan = await w.plan(contactLink);
      const contact = w.salesforce('Contact', contactLink.salesforceContactId ?? '');
      expect(contact[sfField('cell')]).toBe(contactPlan.models[0]?.score.cell);
      expect(contact[sfField('score')]).toBe(contactPlan.models[0]?.score.total);

      for (const kind of ['incremental', 'rescore'] as const) {
        const again = await w.run(kind);
        expect(again.status, kind).toBe('succeeded');
        expect(again.provisioned, kind).toEqual([]);
        expect(writeCounters(again), kind).toEqual({});
      }
    },
    TIMEOUT,
  );

  it(
    'a new version of the further model alone rescores everyone and rewrites only its fields',
    async () => {
      const w = await open({ people: 40, seed: 11, configure: twoModels, salesforce: { flows: false } });
      await w.run('full');
      // Settles the echo of the first run's writes (an incremental re-reads the records it wrote).
      expect(writeCounters(await w.run('incremental'))).toEqual({});
      await w.reconfigure((c) => {
        const emea = c.scoring.models?.['emea'];
        if (!emea) throw new Error('no emea model');
        return {
          ...c,
          scoring: { ...c.scoring, models: { emea: { ...emea, modelVersion: 'emea-2027-01' } } },
        };
      });
      const report = await w.run('incremental');
      const fields = Object.keys(writeCounters(report)).map((k) => k.split('.').slice(2).join('.'));
      expect(new Set(fields)).toEqual(new Set([hsField('modelVersion'), sfField('modelVersion')]));
      const [person] = w.people('HL-');
      if (!person) throw new Error('world has no HubSpot + Lead person');
      expect(w.hubspot(w.hubspotId(person))[hsField('modelVersion')]).toBe('emea-2027-01');
      expect(w.salesforce('Lead', w.leadId(person))[sfField('modelVersion')]).toBe('emea-2027-01');
    },
    TIMEOUT,
  );
});
