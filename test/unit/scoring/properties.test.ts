/** Invariants of the scoring model over generated models, people and activity histories (fast-check). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileModel } from '../../../src/scoring/compile-model.ts';
import { engagementValue, scoreEngagement } from '../../../src/scoring/engagement.ts';
import { profileValue, scoreProfile } from '../../../src/scoring/profile.ts';
import { roundHalfAwayFromZero } from '../../../src/scoring/grade.ts';
import type { EngagementRule, ProfileRule, ScoringConfig } from '../../../src/scoring/schema.ts';
import { scorePerson } from '../../../src/scoring/score-person.ts';
import type { ScoringActivity } from '../../../src/scoring/types.ts';
import { DAY_MS, NOW, scoringConfig } from './fixtures.ts';

const TYPES = ['page_view', 'email_click', 'form_submission', 'webinar'] as const;
const FIELDS = ['jobtitle', 'industry', 'n'] as const;

const profileRule = (i: number): fc.Arbitrary<ProfileRule> =>
  fc
    .oneof(
      fc.record({ field: fc.constantFrom(...FIELDS), equals: fc.constantFrom('ceo', 'it', 'x') }),
      fc.record({ field: fc.constantFrom(...FIELDS), matches: fc.constantFrom('e', '^c', 'o$') }),
      fc.record({
        field: fc.constant('n'),
        between: fc.tuple(fc.integer({ max: 50 }), fc.integer({ min: 50 })),
      }),
      fc.record({ field: fc.constantFrom(...FIELDS), exists: fc.boolean(), not: fc.boolean() }),
    )
    .chain((test) =>
      fc
        .record({
          name: fc.constant(`p${i}`),
          points: fc.integer({ min: -50, max: 100 }),
          group: fc.option(fc.constantFrom('g1', 'g2'), { nil: undefined }),
        })
        .map((rest) => ({ ...test, ...rest }) as ProfileRule),
    );

const engagementRule = (i: number, positiveOnly: boolean): fc.Arbitrary<EngagementRule> =>
  fc
    .record({
      name: fc.constant(`e${i}`),
      activity: fc.constantFrom(...TYPES),
      points: positiveOnly
        ? fc.double({ min: 0, max: 100, noNaN: true })
        : fc.double({ min: -50, max: 100, noNaN: true }),
      maxPoints: fc.option(fc.integer({ min: 1, max: 80 }), { nil: undefined }),
      maxOccurrences: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
      withinDays: fc.option(fc.integer({ min: 1, max: 200 }), { nil: undefined }),
      tag: fc.option(fc.constantFrom('whitepaper', 'flyer'), { nil: undefined }),
      halfLifeDays: fc.option(fc.integer({ min: 1, max: 120 }), { nil: undefined }),
      decay: fc.option(fc.constant('none' as const), { nil: undefined }),
    })
    // A rule that does not fade has no half-life of its own (the schema refuses both).
    .map((r) => (r.decay === 'none' ? { ...r, halfLifeDays: undefined } : r))
    .map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) as EngagementRule);

const config = (positiveOnly = false): fc.Arbitrary<ScoringConfig> =>
  fc
    .tuple(
      fc
        .integer({ min: 0, max: 5 })
        .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => profileRule(i)))),
      fc
        .integer({ min: 0, max: 5 })
        .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => engagementRule(i, positiveOnly)))),
      fc.integer({ min: 1, max: 120 }),
    )
    .map(([profile, engagement, halfLifeDays]) =>
      scoringConfig({
        profile: { rules: profile, grades: { A: 150, B: 100, C: 50 } },
        engagement: { halfLifeDays, rules: engagement, levels: { '1': 100, '2': 60, '3': 25 } },
        disqualify: [{ name: 'Junk', when: { field: 'dq', equals: 'yes' }, reason: 'junk' }],
      }),
    );

const activities = fc.array(
  fc.record({
    type: fc.constantFrom(...TYPES),
    ageDays: fc.double({ min: 0, max: 400, noNaN: true }),
    tag: fc.constantFrom('whitepaper', 'flyer', null),
  }),
  { maxLength: 25 },
);
const toActivities = (
  items: { type: ScoringActivity['type']; ageDays: number; tag: string | null }[],
): ScoringActivity[] =>
  items.map((a) => ({ type: a.type, occurredAtMs: NOW.getTime() - a.ageDays * DAY_MS, tag: a.tag }));

const fields = fc.record({
  jobtitle: fc.constantFrom('CEO', 'it manager', 'Engineer', null),
  industry: fc.constantFrom('x', 'Retail', ''),
  n: fc.oneof(fc.integer({ min: 0, max: 100 }), fc.constant(null)),
  dq: fc.constantFrom('no', 'YES', 'yes', null),
});

describe('scoring invariants', () => {
  it('is deterministic: the same model, person and time give the same score', () => {
    fc.assert(
      fc.property(config(), fields, activities, (cfg, f, acts) => {
        const person = { fields: f, activities: toActivities(acts) };
        const a = scorePerson(compileModel(cfg), person, NOW);
        const b = scorePerson(compileModel(cfg), person, NOW);
        expect(JSON.parse(JSON.stringify(b))).toEqual(JSON.parse(JSON.stringify(a)));
      }),
      { numRuns: 300 },
    );
  });

  it('decays monotonically: with positive rules, a later `now` never raises the engagement score', () => {
    fc.assert(
      fc.property(
        config(true),
        activities,
        fc.double({ min: 0, max: 400, noNaN: true }),
        (cfg, acts, laterDays) => {
          const model = compileModel(cfg);
          const list = toActivities(acts);
          const now = NOW.getTime();
          const before = scoreEngagement(model, list, now).value;
          const after = scoreEngagement(model, list, now + laterDays * DAY_MS).value;
          expect(after).toBeLessThanOrEqual(before + 1e-9);
          const later = new Date(now + laterDays * DAY_MS);
          const p = { fields: {}, activities: list };
          expect(scorePerson(model, p, later).engagement).toBeLessThanOrEqual(
            scorePerson(model, p, NOW).engagement,
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('lets disqualification dominate: a disqualified person is never an MQL', () => {
    fc.assert(
      fc.property(config(), fields, activities, (cfg, f, acts) => {
        const score = scorePerson(
          compileModel(cfg),
          { fields: { ...f, dq: 'Yes' }, activities: toActivities(acts) },
          NOW,
        );
        expect(score.mql).toBe(false);
        expect(score.disqualified).toEqual({ rule: 'Junk', reason: 'junk' });
      }),
      { numRuns: 300 },
    );
  });

  it('explains itself: contributions sum to the scores, rounded at the end', () => {
    fc.assert(
      fc.property(config(), fields, activities, (cfg, f, acts) => {
        const score = scorePerson(compileModel(cfg), { fields: f, activities: toActivities(acts) }, NOW);
        let profile = 0;
        let engagement = 0;
        for (const c of score.contributions) {
          if (c.kind === 'profile') profile += c.points;
          else engagement += c.value;
        }
        expect(roundHalfAwayFromZero(profile)).toBe(score.profile);
        expect(roundHalfAwayFromZero(engagement)).toBe(score.engagement);
        expect(score.total).toBe(score.profile + score.engagement);
        expect(score.explanation.length).toBeLessThanOrEqual(255);
      }),
      { numRuns: 300 },
    );
  });

  it('computes the same numbers on the fast path (numbers only) as with contributions', () => {
    fc.assert(
      fc.property(config(), fields, activities, (cfg, f, acts) => {
        const model = compileModel(cfg);
        const list = toActivities(acts);
        expect(engagementValue(model, list, NOW.getTime())).toBe(
          scoreEngagement(model, list, NOW.getTime()).value,
        );
        expect(profileValue(model, f)).toBe(scoreProfile(model, f).value);
        const lazy = scorePerson(model, { fields: f, activities: list }, NOW);
        const eager = scorePerson(model, { fields: f, activities: list }, NOW, { details: true });
        expect(eager.toJSON()).toEqual(lazy.toJSON());
      }),
      { numRuns: 300 },
    );
  });

  it('does not depend on the order activities arrive in', () => {
    fc.assert(
      fc.property(config(), activities, (cfg, acts) => {
        const model = compileModel(cfg);
        const list = toActivities(acts);
        const forward = scoreEngagement(model, list, NOW.getTime()).value;
        const backward = scoreEngagement(model, [...list].reverse(), NOW.getTime()).value;
        expect(backward).toBeCloseTo(forward, 9);
      }),
      { numRuns: 300 },
    );
  });
});
