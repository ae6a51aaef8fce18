import { describe, expect, it } from 'vitest';
import { ScoringConfig } from '../../../src/scoring/schema.ts';
import type { ScoringConfigInput } from '../../../src/scoring/schema.ts';
import { StagesConfig } from '../../../src/stages/schema.ts';
import { exampleScoring, exampleStages } from './fixtures.ts';

const base: ScoringConfigInput = {
  modelVersion: 'v1',
  profile: { rules: [], grades: { A: 150, B: 100, C: 50 } },
  engagement: { halfLifeDays: 30, rules: [], levels: { '1': 100, '2': 60, '3': 25 } },
  handoff: { mqlCells: ['A1'], mqlThreshold: 60 },
};

function messages(input: unknown): string[] {
  const result = ScoringConfig.safeParse(input);
  if (result.success) return [];
  return result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

const withProfileRule = (rule: Record<string, unknown>): unknown => ({
  ...base,
  profile: { ...base.profile, rules: [rule] },
});
const withEngagementRule = (rule: Record<string, unknown>): unknown => ({
  ...base,
  engagement: { ...base.engagement, rules: [rule] },
});

describe('scoring schema', () => {
  it('accepts the example model in config/leadloop.example.yaml', () => {
    const config = exampleScoring();
    expect(config.modelVersion).toBe('2026-11-a');
    expect(config.profile.rules.length).toBeGreaterThan(5);
    expect(exampleStages().salesFeedback['Working - Contacted']).toBe('SAL');
  });

  it.each([
    ['inline equals', { name: 'r', field: 'f', equals: 'x', points: 1 }],
    ['in', { name: 'r', field: 'f', in: ['a', 2, true], points: 1 }],
    ['matches', { name: 'r', field: 'f', matches: '\\bceo\\b', points: 1 }],
    ['between', { name: 'r', field: 'f', between: [1, 2], points: 1 }],
    ['gte and lte form one range', { name: 'r', field: 'f', gte: 1, lte: 5, points: 1 }],
    ['exists with not', { name: 'r', field: 'f', exists: true, not: true, points: -1 }],
    [
      'when with all/any',
      {
        name: 'r',
        when: { all: [{ field: 'a', exists: true }, { any: [{ field: 'b', equals: 1 }] }] },
        points: 1,
      },
    ],
    ['group', { name: 'r', field: 'f', equals: 'x', points: 1, group: 'title' }],
  ])('accepts a profile rule: %s', (_label, rule) => {
    expect(messages(withProfileRule(rule))).toEqual([]);
  });

  it.each([
    ['a typo in a key', { name: 'r', field: 'f', equals: 'x', pointz: 1 }, 'Unrecognized key: "pointz"'],
    ['two operators', { name: 'r', field: 'f', equals: 'x', matches: 'y', points: 1 }, 'exactly one of'],
    ['no operator', { name: 'r', field: 'f', points: 1 }, 'exactly one of'],
    ['no field', { name: 'r', equals: 'x', points: 1 }, 'needs `field:`'],
    ['a bad regex', { name: 'r', field: 'f', matches: '(', points: 1 }, 'not a valid regular expression'],
    ['a reversed range', { name: 'r', field: 'f', between: [5, 1], points: 1 }, 'min <= max'],
    [
      'when and field together',
      { name: 'r', field: 'f', when: { field: 'f', exists: true }, points: 1 },
      'not both',
    ],
    ['a typo inside when', { name: 'r', when: { field: 'f', equal: 1 }, points: 1 }, ''],
  ])('rejects a profile rule with %s', (_label, rule, message) => {
    const problems = messages(withProfileRule(rule));
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.join('\n')).toContain(message);
  });

  it.each([
    [
      'a typo',
      { name: 'e', activity: 'page_view', points: 1, maxPointz: 3 },
      'Unrecognized key: "maxPointz"',
    ],
    ['an unknown activity type', { name: 'e', activity: 'tweet', points: 1 }, 'activity'],
    [
      'a zero maxOccurrences',
      { name: 'e', activity: 'page_view', points: 1, maxOccurrences: 0 },
      'maxOccurrences',
    ],
    ['a negative maxPoints', { name: 'e', activity: 'page_view', points: 1, maxPoints: -5 }, 'maxPoints'],
  ])('rejects an engagement rule with %s', (_label, rule, message) => {
    expect(messages(withEngagementRule(rule)).join('\n')).toContain(message);
  });

  it('rejects duplicate rule names, because explanations are keyed by them', () => {
    const rule = { name: 'Same', field: 'f', exists: true, points: 1 };
    const input = { ...base, profile: { ...base.profile, rules: [rule, rule] } };
    expect(messages(input)).toEqual(['profile.rules.1.name: duplicate rule name "Same"']);
  });

  it('rejects grades and levels out of order', () => {
    const input = {
      ...base,
      profile: { ...base.profile, grades: { A: 50, B: 100, C: 10 } },
      engagement: { ...base.engagement, levels: { '1': 10, '2': 60, '3': 25 } },
    };
    expect(messages(input)).toEqual([
      'profile.grades.B: grade B (100) is above A (50)',
      'engagement.levels.2: level 2 (60) is above 1 (10)',
    ]);
  });

  it('rejects unknown matrix cells and unknown keys in exceptions', () => {
    expect(messages({ ...base, handoff: { mqlCells: ['E1'] } }).join('\n')).toContain('handoff.mqlCells.0');
    expect(
      messages({
        ...base,
        gradeCaps: [{ name: 'c', when: { field: 'f', exists: true }, maxGrade: 'C', x: 1 }],
      }),
    ).toEqual(['gradeCaps.0: Unrecognized key: "x"']);
  });
});

describe('stages schema', () => {
  it('defaults business hours when spelled out partially, and accepts `true`', () => {
    const parsed = StagesConfig.parse({
      sla: { acceptWithinHours: 8, businessHours: { timezone: 'Europe/Berlin' } },
    });
    expect(parsed.sla?.businessHours).toEqual({
      timezone: 'Europe/Berlin',
      days: [1, 2, 3, 4, 5],
      startHour: 9,
      endHour: 17,
    });
    expect(StagesConfig.parse({ sla: { acceptWithinHours: 8, businessHours: true } }).lostOpportunity).toBe(
      'RECYCLED',
    );
  });

  it.each([
    ['end before start', { timezone: 'UTC', startHour: 17, endHour: 9 }, 'endHour must be after startHour'],
    ['an unknown zone', { timezone: 'Mars/Olympus' }, 'not a known IANA time zone'],
    ['no working days', { days: [] }, 'days'],
  ])('rejects business hours with %s', (_label, businessHours, message) => {
    const result = StagesConfig.safeParse({ sla: { acceptWithinHours: 8, businessHours } });
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain(message);
  });

  it('rejects an unknown stage in the sales feedback map', () => {
    expect(StagesConfig.safeParse({ salesFeedback: { Working: 'ACCEPTED' } }).success).toBe(false);
  });
});
