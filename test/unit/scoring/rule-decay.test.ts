/** Per-rule decay: a rule's `halfLifeDays` overrides the model's, `decay: none` keeps full points. */
import { describe, expect, it } from 'vitest';
import { engagementValue, scoreEngagement } from '../../../src/scoring/engagement.ts';
import { EngagementRule } from '../../../src/scoring/schema.ts';
import { scorePerson } from '../../../src/scoring/score-person.ts';
import type { ScoringActivity } from '../../../src/scoring/types.ts';
import { activity, buildModel, engagementRules, NOW } from './fixtures.ts';

type Rule = Parameters<typeof engagementRules>[0][number];
const now = NOW.getTime();

function both(rules: Rule[], activities: ScoringActivity[], halfLifeDays = 30) {
  const model = buildModel(engagementRules(rules, halfLifeDays));
  return {
    value: engagementValue(model, activities, now),
    detailed: scoreEngagement(model, activities, now),
  };
}

const click: Rule = { name: 'Click', activity: 'email_click', points: 10 };
const demo: Rule = { name: 'Demo request', activity: 'form_submission', form: 'Demo*', points: 40 };

describe('a rule half-life overrides the model half-life', () => {
  it.each([
    // [rule half-life, age in days, expected value of a 10-point click]
    [7, 7, 5],
    [7, 14, 2.5],
    [90, 90, 5],
    [90, 30, 10 * Math.pow(0.5, 30 / 90)],
  ])('halfLifeDays %i: a click %i days old is worth %d', (halfLife, age, expected) => {
    const { value, detailed } = both([{ ...click, halfLifeDays: halfLife }], [activity('email_click', age)]);
    expect(value).toBeCloseTo(expected, 12);
    expect(detailed.value).toBe(value);
    expect(detailed.contributions[0]?.decayed).toEqual([value]);
  });

  it('leaves the other rules on the model half-life, on the same activity', () => {
    const fast: Rule = { ...click, name: 'Click (fast)', halfLifeDays: 10 };
    const { value, detailed } = both([click, fast], [activity('email_click', 30)]);
    // 10 × 0.5^(30/30) + 10 × 0.5^(30/10) = 5 + 1.25
    expect(detailed.contributions.map((c) => c.value)).toEqual([5, 1.25]);
    expect(value).toBe(6.25);
  });
});

describe('decay: none', () => {
  it('keeps full points at any age, while a decaying rule on the same activity fades', () => {
    const forever: Rule = { ...demo, name: 'Demo (kept)', decay: 'none' };
    const demoForm = activity('form_submission', 120, { name: 'Demo request' });
    const { value, detailed } = both([forever, demo], [demoForm]);
    // 40 (no decay) + 40 × 0.5^(120/30) = 40 + 2.5
    expect(detailed.contributions.map((c) => c.value)).toEqual([40, 2.5]);
    expect(value).toBe(42.5);
  });

  it('with withinDays: full points inside the window, nothing outside it', () => {
    const recent: Rule = { ...demo, decay: 'none', withinDays: 30 };
    const inside = activity('form_submission', 29, { name: 'Demo request' });
    const outside = activity('form_submission', 31, { name: 'Demo request' });
    expect(both([recent], [inside]).value).toBe(40);
    expect(both([recent], [outside]).value).toBe(0);
    expect(both([recent], [inside, outside]).value).toBe(40);
  });

  it('still honours maxOccurrences and maxPoints', () => {
    const capped: Rule = { ...click, decay: 'none', maxOccurrences: 2, maxPoints: 15 };
    const clicks = [1, 50, 400].map((age) => activity('email_click', age));
    const { value, detailed } = both([capped], clicks);
    expect(detailed.contributions[0]).toMatchObject({
      uncapped: 20,
      value: 15,
      capped: true,
      decayed: [10, 10],
    });
    expect(value).toBe(15);
  });

  it('moves the level: a 120-day-old demo request keeps a person engaged', () => {
    const levels = { '1': 100, '2': 60, '3': 25 };
    const kept = buildModel({
      engagement: { halfLifeDays: 30, rules: [{ ...demo, decay: 'none' }], levels },
    });
    const fading = buildModel({ engagement: { halfLifeDays: 30, rules: [demo], levels } });
    const person = { fields: {}, activities: [activity('form_submission', 120, { name: 'Demo request' })] };
    expect(scorePerson(kept, person, NOW).engagement).toBe(40);
    expect(scorePerson(kept, person, NOW).level).toBe('3');
    expect(scorePerson(fading, person, NOW).engagement).toBe(3);
    expect(scorePerson(fading, person, NOW).level).toBe('4');
  });
});

describe('schema', () => {
  it('refuses a rule that both does not decay and has a half-life, naming the field', () => {
    const result = EngagementRule.safeParse({ ...click, decay: 'none', halfLifeDays: 7 });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => ({ path: i.path, message: i.message }))).toMatchInlineSnapshot(`
      [
        {
          "message": "a rule with \`decay: none\` does not fade: drop \`halfLifeDays\` or \`decay\`",
          "path": [
            "halfLifeDays",
          ],
        },
      ]
    `);
  });

  it.each([
    [{ ...click, halfLifeDays: 0 }, 'halfLifeDays'],
    [{ ...click, halfLifeDays: -3 }, 'halfLifeDays'],
    [{ ...click, decay: 'linear' }, 'decay'],
  ])('refuses %o at %s', (rule, path) => {
    const result = EngagementRule.safeParse(rule);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual([path]);
  });
});
