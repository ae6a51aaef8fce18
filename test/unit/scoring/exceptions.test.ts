import { describe, expect, it } from 'vitest';
import { scorePerson } from '../../../src/scoring/score-person.ts';
import type { ProfileInput } from '../../../src/scoring/types.ts';
import { activity, buildModel, engagementRules, NOW, profileRules } from './fixtures.ts';

const model = buildModel({
  ...profileRules([
    { name: 'C-level', field: 'jobtitle', matches: '\\bceo\\b', points: 150 },
    { name: 'Mid-size', field: 'n', between: [200, 5000], points: 30 },
  ]),
  ...engagementRules([{ name: 'Demo', activity: 'form_submission', points: 100 }]),
  disqualify: [
    { name: 'Junk name', when: { field: 'lastname', matches: '^(mouse|duck)$' }, reason: 'junk record' },
    {
      name: 'Test address',
      when: {
        any: [
          { field: 'email', matches: '^test@' },
          { field: 'email', matches: '@example\\.' },
        ],
      },
    },
    { name: 'Opted out', when: { field: 'hs_email_optout', equals: true }, reason: 'opt-out' },
  ],
  gradeCaps: [
    { name: 'Purchased list', when: { field: 'source', equals: 'OFFLINE_PURCHASED_LIST' }, maxGrade: 'C' },
    { name: 'No company', when: { field: 'company', exists: false }, maxGrade: 'B' },
  ],
  override: { scoreField: 'score_override', gradeField: 'grade_override' },
});

const hot = (fields: ProfileInput) => ({
  fields: { company: 'Acme', ...fields },
  activities: [activity('form_submission', 0)],
});

describe('disqualify rules dominate', () => {
  it.each<[string, ProfileInput, string, string]>([
    ['a junk name', { jobtitle: 'CEO', lastname: 'Mouse' }, 'Junk name', 'junk record'],
    ['a test address', { jobtitle: 'CEO', email: 'test@acme.com' }, 'Test address', 'Test address'],
    ['an example.com address', { jobtitle: 'CEO', email: 'a@example.org' }, 'Test address', 'Test address'],
    [
      'an opt-out flag as HubSpot sends it',
      { jobtitle: 'CEO', hs_email_optout: 'true' },
      'Opted out',
      'opt-out',
    ],
  ])('%s: never an MQL, whatever the score', (_label, fields, rule, reason) => {
    const score = scorePerson(model, hot(fields), NOW);
    expect(score.cell).toBe('A1');
    expect(score.mql).toBe(false);
    expect(score.disqualified).toEqual({ rule, reason });
    expect(score.explanation).toMatch(/^Disqualified: /);
  });

  it('still disqualifies with a manual score override', () => {
    const score = scorePerson(model, hot({ lastname: 'Duck', score_override: 500 }), NOW);
    expect(score.mql).toBe(false);
    expect(score.total).toBe(500);
  });

  it('leaves a clean record alone', () => {
    const score = scorePerson(model, hot({ jobtitle: 'CEO', lastname: 'Meyer' }), NOW);
    expect(score.disqualified).toBeUndefined();
    expect(score.mql).toBe(true);
    expect(Object.keys(score.toJSON())).not.toContain('disqualified');
  });
});

describe('grade caps', () => {
  it('caps a purchased-list A at C: the cell drops, the points stay', () => {
    const score = scorePerson(
      model,
      { fields: { jobtitle: 'CEO', source: 'OFFLINE_PURCHASED_LIST', company: 'A' }, activities: [] },
      NOW,
    );
    expect(score).toMatchObject({
      profile: 150,
      grade: 'C',
      cell: 'C4',
      cappedBy: 'Purchased list',
      mql: true,
    });
    // Still an MQL through the total (150 ≥ 60): a cap lowers the grade, not the points.
  });

  it('applies the lowest of several caps and never raises a grade', () => {
    const both = scorePerson(
      model,
      { fields: { jobtitle: 'CEO', source: 'OFFLINE_PURCHASED_LIST' }, activities: [] },
      NOW,
    );
    expect(both.grade).toBe('C');
    const low = scorePerson(
      model,
      { fields: { source: 'OFFLINE_PURCHASED_LIST', company: 'A' }, activities: [] },
      NOW,
    );
    expect(low.grade).toBe('D');
    expect(low.cappedBy).toBeUndefined();
  });
});

describe('manual overrides set in the CRM', () => {
  it('replaces the total (rounded) and keeps what the model said', () => {
    const score = scorePerson(
      model,
      { fields: { company: 'A', score_override: '72.5' }, activities: [] },
      NOW,
    );
    expect(score).toMatchObject({ total: 73, profile: 0, engagement: 0, mql: true });
    expect(score.overridden).toEqual({ total: { value: 73, model: 0 } });
    expect(score.explanation).toBe('D4 · override 73 · model 0 = profile 0 + engagement 0');
  });

  it('replaces the grade (any case), and so the cell and the hand-off', () => {
    const score = scorePerson(
      model,
      { fields: { company: 'A', grade_override: ' a ' }, activities: [activity('form_submission', 0)] },
      NOW,
    );
    expect(score).toMatchObject({
      grade: 'A',
      cell: 'A1',
      overridden: { grade: { value: 'A', model: 'D' } },
    });
    expect(score.explanation).toMatch(/^A1 \(grade override; model D\) · 100/);
  });

  it.each<[string, ProfileInput]>([
    ['an empty score field', { score_override: '' }],
    ['a null score field', { score_override: null }],
    ['text in the score field', { score_override: 'high' }],
    ['an unknown grade', { grade_override: 'E' }],
  ])('ignores %s', (_label, fields) => {
    const score = scorePerson(model, { fields: { company: 'A', ...fields }, activities: [] }, NOW);
    expect(score.overridden).toBeUndefined();
    expect(score.total).toBe(0);
  });
});
