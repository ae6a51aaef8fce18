import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatPoints, isoDay, limitLength } from '../../../src/scoring/explain.ts';
import { scorePerson } from '../../../src/scoring/score-person.ts';
import { activity, buildModel, engagementRules, NOW, profileRules } from './fixtures.ts';

const model = buildModel({
  ...profileRules([
    { name: 'C-level title', field: 'jobtitle', matches: '\\bceo\\b', points: 100 },
    { name: 'Target industry', field: 'industry', in: ['Manufacturing'], points: 20 },
    { name: 'Mid-size company', field: 'numberofemployees', between: [200, 5000], points: 30 },
  ]),
  ...engagementRules([
    { name: 'Demo request', activity: 'form_submission', form: 'Request a demo', points: 50 },
    { name: 'Email click', activity: 'email_click', points: 5, maxPoints: 25 },
  ]),
});

const person = {
  fields: { jobtitle: 'CEO', industry: 'manufacturing', numberofemployees: 300 },
  activities: [
    activity('form_submission', 37, { name: 'Request a demo' }),
    activity('email_click', 2),
    activity('email_click', 9),
  ],
};

describe('explanation text', () => {
  it('reads cell · total = profile (largest first) + engagement (decayed, with count and last date)', () => {
    const score = scorePerson(model, person, NOW);
    expect(score.explanation).toBe(
      'A3 · 180 = profile 150 (C-level title +100, Mid-size company +30, Target industry +20) + ' +
        'engagement 30 (Demo request +21.3 2026-09-25, Email click +8.8 ×2 2026-10-30)',
    );
  });

  it('is cut to the configured length with an ellipsis', () => {
    const short = buildModel(
      {
        ...profileRules([{ name: 'C-level title', field: 'jobtitle', matches: 'ceo', points: 100 }]),
      },
      { explanationLength: 40 },
    );
    const text = scorePerson(short, person, NOW).explanation;
    expect(text).toHaveLength(40);
    expect(text).toBe('B4 · 100 = profile 100 (C-level title +…');
    expect(limitLength('short', 10)).toBe('short');
  });

  it('cuts in UTF-16 units without leaving half an emoji before the ellipsis', () => {
    // 'ab' + two units of 🚀: a cut at 3 units would keep the rocket's first half.
    expect(limitLength('ab🚀 launch', 4)).toBe('ab…');
    expect(limitLength('ab🚀 launch', 5)).toBe('ab🚀…');
    const cut = limitLength(`C-level ${'🚀'.repeat(20)}`, 24);
    expect(cut.isWellFormed()).toBe(true);
    expect(cut.length).toBeLessThanOrEqual(24);
  });

  it('shows an empty model plainly', () => {
    expect(scorePerson(buildModel(), { fields: {}, activities: [] }, NOW).explanation).toBe(
      'D4 · 0 = profile 0 + engagement 0',
    );
  });

  it('is built once, on first read, and serialises with the score', () => {
    const score = scorePerson(model, person, NOW);
    expect(score.explanation).toBe(score.explanation);
    expect(JSON.parse(JSON.stringify(score)).explanation).toBe(score.explanation);
  });

  it.each([
    [100, '+100'],
    [21.34, '+21.3'],
    [21.35, '+21.4'],
    [-20, '-20'],
    [-0.05, '-0.1'],
    [0.04, '+0'],
    [0, '+0'],
  ])('formats %d points as %s', (value, text) => {
    expect(formatPoints(value)).toBe(text);
  });

  it('formats days exactly like toISOString, across eras and leap years', () => {
    fc.assert(
      fc.property(fc.integer({ min: -2_000_000_000_000, max: 8_000_000_000_000 }), (ms) => {
        expect(isoDay(ms)).toBe(new Date(ms).toISOString().slice(0, 10));
      }),
      { numRuns: 2000 },
    );
    expect(isoDay(Date.UTC(2024, 1, 29, 23, 59))).toBe('2024-02-29');
  });
});

describe('contributions as data', () => {
  it('lists rule, points, decayed value and activity times, summing to the unrounded scores', () => {
    const score = scorePerson(model, person, NOW);
    const profile = score.contributions.filter((c) => c.kind === 'profile');
    const engagement = score.contributions.filter((c) => c.kind === 'engagement');
    expect(profile.map((c) => c.rule)).toEqual(['C-level title', 'Target industry', 'Mid-size company']);
    expect(engagement.map((c) => c.rule)).toEqual(['Demo request', 'Email click']);
    const engagementSum = engagement.reduce((sum, c) => sum + c.value, 0);
    expect(engagementSum).toBeCloseTo(50 * 0.5 ** (37 / 30) + 5 * 0.5 ** (2 / 30) + 5 * 0.5 ** (9 / 30), 12);
    expect(Math.round(engagementSum)).toBe(score.engagement);
    expect(engagement[1]).toMatchObject({
      points: 5,
      occurredAtMs: [NOW.getTime() - 2 * 86_400_000, NOW.getTime() - 9 * 86_400_000],
    });
  });
});
