/**
 * planPerson with further scoring models (`scoring.models`): each model's fields are written on every
 * record (and created records), only when they differ from what the record holds; stages follow the primary.
 */
import { describe, expect, it } from 'vitest';
import type { LeadloopConfig } from '../../../src/config/schema.ts';
import type { Activity } from '../../../src/domain/activity.ts';
import type { FieldValue } from '../../../src/domain/person.ts';
import { ScoringConfig } from '../../../src/scoring/schema.ts';
import { fieldsToPull } from '../../../src/sync/fields-to-pull.ts';
import { planPerson, type PersonPlan } from '../../../src/sync/plan-person.ts';
import { exampleConfig, hubspot, inputs, lead, NOW, planSettings } from './fixtures.ts';

const EMAIL = 'ann@acme.example';

/** Scores country and demo requests only: far from the example's primary model. */
const emea = ScoringConfig.parse({
  modelVersion: 'emea-1',
  profile: {
    rules: [{ name: 'EMEA country', field: 'country', in: ['Germany', 'France'], points: 60 }],
    grades: { A: 60, B: 40, C: 20 },
  },
  engagement: {
    halfLifeDays: 14,
    rules: [{ name: 'Demo', activity: 'form_submission', points: 50, decay: 'none' }],
    levels: { '1': 50, '2': 30, '3': 10 },
  },
  handoff: { mqlCells: ['A1'] },
});

const withEmea = (c: LeadloopConfig): LeadloopConfig => ({
  ...c,
  scoring: { ...c.scoring, models: { emea } },
});
const config = exampleConfig(withEmea);
const demo: Activity = {
  crm: 'hubspot',
  sourceId: 'a1',
  recordId: '101',
  type: 'form_submission',
  occurredAt: new Date(NOW.getTime() - 200 * 86_400_000).toISOString(),
  name: 'Demo request',
};

const person = (hsFields: Record<string, FieldValue> = {}, sfFields: Record<string, FieldValue> = {}) =>
  inputs({
    hubspot: hubspot('101', { email: EMAIL, country: 'Germany', ...hsFields }),
    lead: lead('00Q1', { Email: EMAIL, Country: 'Germany', ...sfFields }),
    activities: [demo],
  });

const plan = (p = person(), c = config): PersonPlan => planPerson(p, planSettings(c), NOW);
const valuesOf = (p: PersonPlan, crm: string, pattern: RegExp): Record<string, FieldValue> =>
  Object.fromEntries(
    p.writes.filter((w) => w.crm === crm && pattern.test(w.field)).map((w) => [w.field, w.to]),
  );

describe('further scoring models in a person plan', () => {
  it('scores the model and writes its score set to both CRMs under its own names', () => {
    const p = plan();
    expect(p.models.map((m) => [m.name, m.score.profile, m.score.engagement, m.score.cell])).toEqual([
      ['emea', 60, 50, 'A1'],
    ]);
    const hs = valuesOf(p, 'hubspot', /^leadloop_emea_/);
    expect({ ...hs, leadloop_emea_explanation: typeof hs['leadloop_emea_explanation'] }).toEqual({
      leadloop_emea_score: 110,
      leadloop_emea_profile_score: 60,
      leadloop_emea_engagement_score: 50,
      leadloop_emea_grade: 'A',
      leadloop_emea_level: '1',
      leadloop_emea_cell: 'A1',
      leadloop_emea_explanation: 'string',
      leadloop_emea_model_version: 'emea-1',
    });
    expect(Object.keys(valuesOf(p, 'salesforce', /^Leadloop_Emea_/)).sort()).toEqual([
      'Leadloop_Emea_Cell__c',
      'Leadloop_Emea_Engagement_Score__c',
      'Leadloop_Emea_Explanation__c',
      'Leadloop_Emea_Grade__c',
      'Leadloop_Emea_Level__c',
      'Leadloop_Emea_Model_Version__c',
      'Leadloop_Emea_Profile_Score__c',
      'Leadloop_Emea_Score__c',
    ]);
    expect(p.writes.find((w) => w.field === 'leadloop_emea_score')?.reason).toBe('score (model emea)');
  });

  it('leaves the primary score, stage and hand-off exactly as without the model', () => {
    const without = plan(person(), exampleConfig());
    const withModel = plan();
    expect(withModel.score.total).toBe(without.score.total);
    expect(withModel.stage).toEqual(without.stage);
    expect(withModel.writes.filter((w) => !/_emea_|_Emea_/.test(w.field))).toEqual(without.writes);
    expect(without.models).toEqual([]);
  });

  it('writes nothing for the model when the records already hold its values', () => {
    const first = plan();
    const held = (crm: string) => valuesOf(first, crm, /_emea_|_Emea_/);
    const again = plan(person(held('hubspot'), held('salesforce')));
    expect(again.writes.filter((w) => /_emea_|_Emea_/.test(w.field))).toEqual([]);
  });

  it('rewrites only what moved; a stale explanation only with a score change, as for the primary', () => {
    const first = plan();
    const sf = valuesOf(first, 'salesforce', /_Emea_/);
    const hs = { ...valuesOf(first, 'hubspot', /_emea_/), leadloop_emea_explanation: 'older text' };
    const emeaWrites = (p: PersonPlan) =>
      p.writes.filter((w) => /_emea_|_Emea_/.test(w.field)).map((w) => w.field);
    expect(emeaWrites(plan(person(hs, sf)))).toEqual([]);
    const moved = plan(person({ ...hs, leadloop_emea_profile_score: 0, leadloop_emea_score: 50 }, sf));
    expect(emeaWrites(moved)).toEqual([
      'leadloop_emea_score',
      'leadloop_emea_profile_score',
      'leadloop_emea_explanation',
    ]);
  });

  it('puts the model fields on a hand-off create', () => {
    const hsOnly = inputs({
      hubspot: hubspot('101', { email: EMAIL, country: 'Germany', jobtitle: 'CEO' }),
      activities: [demo],
    });
    const all = exampleConfig((c) => ({
      ...withEmea(c),
      handoff: { ...c.handoff, createInSalesforce: 'all' },
    }));
    const [create] = plan(hsOnly, all).creates;
    expect(create?.fields).toMatchObject({ Leadloop_Emea_Score__c: 110, Leadloop_Emea_Cell__c: 'A1' });
  });

  it('reads the model fields back on every pull, so the diff sees what the CRM holds', () => {
    expect(fieldsToPull(config, 'hubspot', 'contact')).toContain('leadloop_emea_cell');
    expect(fieldsToPull(config, 'salesforce', 'lead')).toContain('Leadloop_Emea_Score__c');
    expect(fieldsToPull(exampleConfig(), 'hubspot', 'contact')).not.toContain('leadloop_emea_cell');
  });
});
