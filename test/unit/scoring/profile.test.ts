import { describe, expect, it } from 'vitest';
import { scoreProfile } from '../../../src/scoring/profile.ts';
import type { ProfileInput } from '../../../src/scoring/types.ts';
import { buildModel, profileRules } from './fixtures.ts';

type Rule = Parameters<typeof profileRules>[0][number];

function points(rule: Rule, fields: ProfileInput): number {
  return scoreProfile(buildModel(profileRules([rule])), fields).value;
}

describe('profile rules: one operator at a time (10 points when the rule matches)', () => {
  const r = (test: Record<string, unknown>): Rule => ({ name: 'r', points: 10, ...test }) as Rule;
  it.each<[string, Rule, ProfileInput, number]>([
    [
      'equals text, any case',
      r({ field: 'industry', equals: 'Manufacturing' }),
      { industry: 'MANUFACTURING' },
      10,
    ],
    ['equals text, other text', r({ field: 'industry', equals: 'Manufacturing' }), { industry: 'Retail' }, 0],
    ['equals number vs numeric string', r({ field: 'n', equals: 250 }), { n: '250' }, 10],
    ['equals number vs number', r({ field: 'n', equals: 250 }), { n: 250 }, 10],
    ['equals boolean vs "true"', r({ field: 'optin', equals: true }), { optin: 'true' }, 10],
    ['equals boolean vs false', r({ field: 'optin', equals: true }), { optin: false }, 0],
    ['equals on a missing field', r({ field: 'industry', equals: 'x' }), {}, 0],
    ['in, any case', r({ field: 'country', in: ['Germany', 'Austria'] }), { country: 'austria' }, 10],
    ['in, not listed', r({ field: 'country', in: ['Germany', 'Austria'] }), { country: 'France' }, 0],
    ['in with numbers', r({ field: 'n', in: [1, 2, 3] }), { n: '2' }, 10],
    [
      'matches, case-insensitive',
      r({ field: 'jobtitle', matches: '\\bceo\\b' }),
      { jobtitle: 'Founder & CEO' },
      10,
    ],
    ['matches, word boundary', r({ field: 'jobtitle', matches: '\\bceo\\b' }), { jobtitle: 'CEOffice' }, 0],
    ['matches a number', r({ field: 'n', matches: '^5' }), { n: 500 }, 10],
    ['matches null', r({ field: 'jobtitle', matches: '.*' }), { jobtitle: null }, 0],
    ['between, inclusive low', r({ field: 'n', between: [200, 5000] }), { n: 200 }, 10],
    ['between, inclusive high', r({ field: 'n', between: [200, 5000] }), { n: '5000' }, 10],
    ['between, below', r({ field: 'n', between: [200, 5000] }), { n: 199 }, 0],
    ['between, text', r({ field: 'n', between: [200, 5000] }), { n: 'many' }, 0],
    ['gte', r({ field: 'n', gte: 5001 }), { n: 5001 }, 10],
    ['gte, below', r({ field: 'n', gte: 5001 }), { n: 5000 }, 0],
    ['lte', r({ field: 'n', lte: 10 }), { n: 10 }, 10],
    ['lte, empty string is not zero', r({ field: 'n', lte: 10 }), { n: '' }, 0],
    ['exists true', r({ field: 'phone', exists: true }), { phone: '+49 1' }, 10],
    ['exists true, empty string', r({ field: 'phone', exists: true }), { phone: '' }, 0],
    ['exists false, missing', r({ field: 'phone', exists: false }), {}, 10],
    ['exists false, present', r({ field: 'phone', exists: false }), { phone: 'x' }, 0],
    ['not equals', r({ field: 'country', equals: 'Germany', not: true }), { country: 'France' }, 10],
    ['not equals, missing field', r({ field: 'country', equals: 'Germany', not: true }), {}, 10],
    ['not matches', r({ field: 'email', matches: '@gmail\\.', not: true }), { email: 'a@gmail.com' }, 0],
  ])('%s', (_label, rule, fields, expected) => {
    expect(points(rule, fields)).toBe(expected);
  });
});

describe('profile rules: combinations', () => {
  const all: Rule = {
    name: 'Target account',
    points: 40,
    when: {
      all: [
        { field: 'industry', equals: 'Manufacturing' },
        {
          any: [
            { field: 'n', gte: 1000 },
            { field: 'tier', equals: 'A' },
          ],
        },
      ],
    },
  };
  it.each<[ProfileInput, number]>([
    [{ industry: 'Manufacturing', n: 2000 }, 40],
    [{ industry: 'Manufacturing', n: 10, tier: 'a' }, 40],
    [{ industry: 'Manufacturing', n: 10, tier: 'B' }, 0],
    [{ industry: 'Retail', n: 2000 }, 0],
  ])('all/any over %j → %i', (fields, expected) => {
    expect(points(all, fields)).toBe(expected);
  });

  it('adds every matching rule, positive and negative', () => {
    const model = buildModel(
      profileRules([
        { name: 'C-level', field: 'jobtitle', matches: '\\bceo\\b', points: 100 },
        { name: 'Target industry', field: 'industry', in: ['Manufacturing'], points: 20 },
        { name: 'Free mail', field: 'email', matches: '@gmail\\.', points: -20 },
      ]),
    );
    const result = scoreProfile(model, { jobtitle: 'CEO', industry: 'Manufacturing', email: 'x@gmail.com' });
    expect(result.value).toBe(100);
    expect(result.contributions.map((c) => [c.rule, c.points])).toEqual([
      ['C-level', 100],
      ['Target industry', 20],
      ['Free mail', -20],
    ]);
  });

  it('counts a group once, through its best match, so one field cannot count twice', () => {
    const model = buildModel(
      profileRules([
        { name: 'IT manager', field: 'jobtitle', matches: 'it manager', points: 10, group: 'title' },
        { name: 'C-level', field: 'jobtitle', matches: '\\bceo\\b', points: 100, group: 'title' },
        { name: 'Student', field: 'jobtitle', matches: 'student', points: -30, group: 'title' },
        { name: 'Mid-size', field: 'n', between: [200, 5000], points: 30, group: 'size' },
        { name: 'Any size', field: 'n', exists: true, points: 5, group: 'size' },
      ]),
    );
    const both = scoreProfile(model, { jobtitle: 'CEO and IT manager', n: 300 });
    expect(both.value).toBe(130);
    expect(both.contributions).toEqual([
      { kind: 'profile', rule: 'C-level', points: 100, group: 'title' },
      { kind: 'profile', rule: 'Mid-size', points: 30, group: 'size' },
    ]);
    expect(scoreProfile(model, { jobtitle: 'Student IT manager' }).value).toBe(10);
    expect(scoreProfile(model, { jobtitle: 'student' }).value).toBe(-30);
  });

  it('breaks a tie inside a group by config order', () => {
    const model = buildModel(
      profileRules([
        { name: 'First', field: 'a', exists: true, points: 10, group: 'g' },
        { name: 'Second', field: 'a', exists: true, points: 10, group: 'g' },
      ]),
    );
    expect(scoreProfile(model, { a: 'x' }).contributions.map((c) => c.rule)).toEqual(['First']);
  });

  it('scores nothing for an empty person', () => {
    const model = buildModel(profileRules([{ name: 'r', field: 'a', equals: 'x', points: 5 }]));
    expect(scoreProfile(model, {})).toEqual({ value: 0, contributions: [] });
  });
});
