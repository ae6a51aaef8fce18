import { describe, expect, it } from 'vitest';
import { decayPreview } from '../../../src/scoring/decay-preview.ts';
import { formatDecayPreview } from '../../../src/scoring/format-decay-preview.ts';
import { activity, engagementRules, NOW, scoringConfig } from './fixtures.ts';

// Half-life 30 days; levels 1 >= 100, 2 >= 60, 3 >= 25; an MQL needs a total of 60 (or cell A1).
const config = scoringConfig({
  modelVersion: 'decay-1',
  ...engagementRules([
    { name: 'Demo', activity: 'form_submission', points: 100 },
    { name: 'Open', activity: 'email_open', points: 10, withinDays: 30 },
  ]),
});

const people = [
  // 100 today -> 50 -> 25 -> 12.5 (13): level 1, 3, 3, 4.
  { fields: {}, activities: [activity('form_submission', 0)] },
  // 50 today -> 25 -> 12.5 (13) -> 6.25 (6): level 3, 3, 4, 4.
  { fields: {}, activities: [activity('form_submission', 30)] },
  // 3 opens: 30 today, 15 at 30 days (still inside withinDays), then outside the window: 3, 4, 4, 4.
  { fields: {}, activities: [0, 0, 0].map(() => activity('email_open', 0)) },
  // No behaviour: level 4 throughout.
  { fields: {}, activities: [] },
];

describe('decayPreview', () => {
  const preview = decayPreview(people, config, NOW);

  it('counts people per level at now and 30, 60, 90 days on with no new behaviour', () => {
    expect(preview.people).toBe(4);
    expect(preview.horizons.map((h) => [h.days, h.levels])).toEqual([
      [0, { '1': 1, '2': 0, '3': 2, '4': 1 }],
      [30, { '1': 0, '2': 0, '3': 2, '4': 2 }],
      [60, { '1': 0, '2': 0, '3': 1, '4': 3 }],
      [90, { '1': 0, '2': 0, '3': 0, '4': 4 }],
    ]);
  });

  it('counts who falls a level and who stays an MQL', () => {
    expect(preview.horizons.map((h) => h.droppedLevel)).toEqual([0, 2, 3, 3]);
    expect(preview.horizons.map((h) => h.mql)).toEqual([1, 0, 0, 0]);
    expect(preview.horizons[1]?.at).toBe('2026-12-01T00:00:00.000Z');
  });

  it('prints a table with shares, and JSON', () => {
    expect(formatDecayPreview(preview, 'text')).toMatchInlineSnapshot(`
      "Decay preview of 4 people under decay-1: engagement levels with no new behaviour

        after          level 1       level 2       level 3       level 4     MQL  level down
        today         1  25.0%      0   0.0%      2  50.0%      1  25.0%       1           0
        30 days       0   0.0%      0   0.0%      2  50.0%      2  50.0%       0           2
        60 days       0   0.0%      0   0.0%      1  25.0%      3  75.0%       0           3
        90 days       0   0.0%      0   0.0%      0   0.0%      4 100.0%       0           3
      "
    `);
    expect(JSON.parse(formatDecayPreview(preview, 'json'))).toEqual(preview);
  });
});
