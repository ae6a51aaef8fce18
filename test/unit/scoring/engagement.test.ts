import { describe, expect, it } from 'vitest';
import { scoreEngagement } from '../../../src/scoring/engagement.ts';
import type { ScoringActivity } from '../../../src/scoring/types.ts';
import { activity, buildModel, DAY_MS, daysAgo, engagementRules, NOW } from './fixtures.ts';

type Rule = Parameters<typeof engagementRules>[0][number];
const now = NOW.getTime();

function engagement(rules: Rule[], activities: ScoringActivity[], halfLifeDays = 30): number {
  return scoreEngagement(buildModel(engagementRules(rules, halfLifeDays)), activities, now).value;
}

const click: Rule = { name: 'Click', activity: 'email_click', points: 10 };

describe('decay: points × 0.5^(ageDays / halfLifeDays), measured from the run start', () => {
  it.each([
    [0, 10],
    [30, 5],
    [60, 2.5],
    [90, 1.25],
    [15, 10 * Math.SQRT1_2],
  ])('a 10-point activity %i days old is worth %d', (age, expected) => {
    expect(engagement([click], [activity('email_click', age)])).toBeCloseTo(expected, 12);
  });

  it('halves exactly at one half-life, whatever the half-life', () => {
    for (const halfLife of [1, 7, 30, 45.5, 365]) {
      expect(engagement([click], [activity('email_click', halfLife)], halfLife)).toBe(5);
    }
  });

  it('ignores activities after `now` and activities with an unreadable time', () => {
    const future = activity('email_click', -1);
    const unreadable: ScoringActivity = { type: 'email_click', occurredAt: 'yesterday' };
    const timeless: ScoringActivity = { type: 'email_click' };
    expect(engagement([click], [future, unreadable, timeless])).toBe(0);
  });

  it('prefers a precomputed occurredAtMs over parsing occurredAt', () => {
    const a: ScoringActivity = {
      type: 'email_click',
      occurredAt: daysAgo(0),
      occurredAtMs: now - 30 * DAY_MS,
    };
    expect(engagement([click], [a])).toBe(5);
  });
});

describe('caps and windows', () => {
  it('maxPoints caps the decayed sum of a rule', () => {
    const rule: Rule = { name: 'Pricing', activity: 'page_view', points: 15, maxPoints: 45 };
    const views = [0, 0, 0, 0, 0].map((d) => activity('page_view', d));
    expect(engagement([rule], views)).toBe(45);
    // Decayed below the cap: 4 views a half-life ago are worth 30, not capped.
    expect(
      engagement(
        [rule],
        [30, 30, 30, 30].map((d) => activity('page_view', d)),
      ),
    ).toBe(30);
  });

  it('maxPoints bounds the size of a negative rule too', () => {
    const rule: Rule = { name: 'Careers', activity: 'page_view', points: -10, maxPoints: 15 };
    expect(
      engagement(
        [rule],
        [0, 0, 0].map((d) => activity('page_view', d)),
      ),
    ).toBe(-15);
  });

  it('maxOccurrences keeps the most recent occurrences', () => {
    const rule: Rule = { name: 'Webinar', activity: 'webinar', points: 20, maxOccurrences: 2 };
    const result = scoreEngagement(
      buildModel(engagementRules([rule])),
      [60, 0, 30, 90].map((d) => activity('webinar', d)),
      now,
    );
    expect(result.value).toBe(20 + 10);
    expect(result.contributions[0]?.occurredAtMs).toEqual([now, now - 30 * DAY_MS]);
  });

  it('maxOccurrences applies before maxPoints', () => {
    const rule: Rule = { name: 'W', activity: 'webinar', points: 20, maxOccurrences: 3, maxPoints: 50 };
    expect(
      engagement(
        [rule],
        [0, 0, 0, 0].map((d) => activity('webinar', d)),
      ),
    ).toBe(50);
    const contribution = scoreEngagement(
      buildModel(engagementRules([rule])),
      [0, 0, 0, 0].map((d) => activity('webinar', d)),
      now,
    ).contributions[0];
    expect(contribution).toMatchObject({ value: 50, uncapped: 60, capped: true });
  });

  it('withinDays ignores older activities (the boundary day counts)', () => {
    const rule: Rule = { name: 'Open', activity: 'email_open', points: 1, withinDays: 30 };
    expect(engagement([rule], [activity('email_open', 30), activity('email_open', 30.001)])).toBe(0.5);
  });
});

describe('filters: case-insensitive exact match, globs with *', () => {
  const a = (
    extra: Partial<ScoringActivity>,
    type: ScoringActivity['type'] = 'form_submission',
  ): ScoringActivity => activity(type, 0, extra);
  it.each<[string, Rule, ScoringActivity, number]>([
    [
      'form name',
      { name: 'r', activity: 'form_submission', form: 'Request a demo', points: 50 },
      a({ name: 'REQUEST A DEMO' }),
      50,
    ],
    [
      'other form',
      { name: 'r', activity: 'form_submission', form: 'Request a demo', points: 50 },
      a({ name: 'Newsletter' }),
      0,
    ],
    [
      'form without name',
      { name: 'r', activity: 'form_submission', form: 'Request a demo', points: 50 },
      a({}),
      0,
    ],
    [
      'form glob',
      { name: 'r', activity: 'form_submission', form: 'Request*', points: 50 },
      a({ name: 'request a quote' }),
      50,
    ],
    [
      'url glob',
      { name: 'r', activity: 'page_view', url: '*/pricing*', points: 15 },
      a({ url: 'https://x.io/Pricing?a=1' }, 'page_view'),
      15,
    ],
    [
      'url glob matches inside the path',
      { name: 'r', activity: 'page_view', url: '*/pricing*', points: 15 },
      a({ url: 'https://x.io/blog/pricing-tips' }, 'page_view'),
      15,
    ],
    [
      'url glob anchored',
      { name: 'r', activity: 'page_view', url: 'https://x.io/*', points: 15 },
      a({ url: 'http://x.io/a' }, 'page_view'),
      0,
    ],
    [
      'url ? wildcard',
      { name: 'r', activity: 'page_view', url: '*/v?/docs', points: 15 },
      a({ url: 'https://x.io/v2/docs' }, 'page_view'),
      15,
    ],
    [
      'url dots are literal',
      { name: 'r', activity: 'page_view', url: '*x.io/docs', points: 15 },
      a({ url: 'https://xxio/docs' }, 'page_view'),
      0,
    ],
    [
      'tag',
      { name: 'r', activity: 'content_download', tag: 'whitepaper', points: 10 },
      a({ tag: 'Whitepaper' }, 'content_download'),
      10,
    ],
    [
      'campaign',
      { name: 'r', activity: 'campaign_response', campaign: 'Hannover Messe', points: 30 },
      a({ campaign: 'hannover messe' }, 'campaign_response'),
      30,
    ],
    [
      'eventName',
      { name: 'r', activity: 'custom', eventName: 'trial_started', points: 40 },
      a({ name: 'Trial_Started' }, 'custom'),
      40,
    ],
    [
      'non-ASCII text',
      { name: 'r', activity: 'form_submission', form: 'Anfrage Größe', points: 5 },
      a({ name: 'ANFRAGE GRÖSSE' }),
      0,
    ],
    [
      'non-ASCII, same letters',
      { name: 'r', activity: 'form_submission', form: 'Anfrage Größe', points: 5 },
      a({ name: 'ANFRAGE GRÖßE' }),
      5,
    ],
    ['type must match', { name: 'r', activity: 'page_view', points: 5 }, a({}), 0],
  ])('%s', (_label, rule, act, expected) => {
    expect(engagement([rule], [act])).toBe(expected);
  });

  it('all filters of a rule must hold', () => {
    const rule: Rule = {
      name: 'r',
      activity: 'content_download',
      tag: 'whitepaper',
      campaign: 'Q4',
      points: 10,
    };
    expect(engagement([rule], [activity('content_download', 0, { tag: 'whitepaper', campaign: 'q4' })])).toBe(
      10,
    );
    expect(engagement([rule], [activity('content_download', 0, { tag: 'whitepaper', campaign: 'Q3' })])).toBe(
      0,
    );
  });
});

describe('rules and activities', () => {
  it('counts an activity for every rule it matches, and keeps rules in config order', () => {
    const rules: Rule[] = [
      { name: 'Any page', activity: 'page_view', points: 1 },
      { name: 'Pricing', activity: 'page_view', url: '*/pricing*', points: 15 },
    ];
    const result = scoreEngagement(
      buildModel(engagementRules(rules)),
      [activity('page_view', 0, { url: 'https://a/pricing' })],
      now,
    );
    expect(result.value).toBe(16);
    expect(result.contributions.map((c) => [c.rule, c.value])).toEqual([
      ['Any page', 1],
      ['Pricing', 15],
    ]);
  });

  it('records points, decayed values and dates for the explanation', () => {
    const result = scoreEngagement(
      buildModel(engagementRules([click])),
      [activity('email_click', 30), activity('email_click', 0)],
      now,
    );
    expect(result.contributions).toEqual([
      {
        kind: 'engagement',
        rule: 'Click',
        points: 10,
        value: 15,
        uncapped: 15,
        capped: false,
        occurredAtMs: [now - 30 * DAY_MS, now],
        decayed: [5, 10],
      },
    ]);
  });

  it('lets negative behaviour lower the score', () => {
    const rules: Rule[] = [click, { name: 'Unsubscribed', activity: 'unsubscribe', points: -50 }];
    expect(engagement(rules, [activity('email_click', 0), activity('unsubscribe', 30)])).toBe(-15);
  });
});
