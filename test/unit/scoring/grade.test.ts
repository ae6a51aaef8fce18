import { describe, expect, it } from 'vitest';
import {
  cellOf,
  gradeFor,
  isMql,
  levelFor,
  lowerGrade,
  roundHalfAwayFromZero,
} from '../../../src/scoring/grade.ts';
import type { Grade, MatrixCell } from '../../../src/scoring/schema.ts';
import { scorePerson } from '../../../src/scoring/score-person.ts';
import { activity, buildModel, engagementRules, NOW, profileRules } from './fixtures.ts';

describe('roundHalfAwayFromZero', () => {
  it.each([
    [0, 0],
    [0.4999, 0],
    [0.5, 1],
    [1.5, 2],
    [2.5, 3],
    [2.4999999, 2],
    [-0.4, 0],
    [-0.5, -1],
    [-1.5, -2],
    [-2.5, -3],
    [-2.51, -3],
    [149.5, 150],
    [-149.5, -150],
  ])('%d → %d', (value, expected) => {
    expect(roundHalfAwayFromZero(value)).toBe(expected);
  });
});

describe('grades, levels, cells and the hand-off', () => {
  const model = buildModel();
  it.each<[number, Grade]>([
    [150, 'A'],
    [149, 'B'],
    [100, 'B'],
    [99, 'C'],
    [50, 'C'],
    [49, 'D'],
    [-40, 'D'],
  ])('profile %i is grade %s', (points, grade) => {
    expect(gradeFor(points, model.grades)).toBe(grade);
  });

  it.each([
    [100, '1'],
    [99, '2'],
    [60, '2'],
    [59, '3'],
    [25, '3'],
    [24, '4'],
    [-10, '4'],
  ])('engagement %i is level %s', (points, level) => {
    expect(levelFor(points, model.levels)).toBe(level);
  });

  it('builds the cell from grade and level, and picks the lower of two grades', () => {
    expect(cellOf('B', '2')).toBe('B2');
    expect(lowerGrade('A', 'C')).toBe('C');
    expect(lowerGrade('D', 'B')).toBe('D');
  });

  it.each<[MatrixCell, number, boolean]>([
    ['A1', 0, true],
    ['B1', 10, true],
    ['C1', 59, false],
    ['C1', 60, true],
    ['D4', 61, true],
    ['B2', 59, false],
  ])('cell %s with total %i → MQL %s (cells A1, A2, B1 or total ≥ 60)', (cell, total, mql) => {
    expect(isMql(model, cell, total)).toBe(mql);
  });

  it('uses only the cells when there is no threshold', () => {
    const cellsOnly = buildModel({ handoff: { mqlCells: ['A1'] } });
    expect(isMql(cellsOnly, 'D4', 1_000_000)).toBe(false);
    expect(isMql(cellsOnly, 'A1', 0)).toBe(true);
  });
});

describe('rounding happens before totals, grades, levels, cells and the hand-off', () => {
  const model = buildModel({
    ...profileRules([
      { name: 'Half', field: 'half', exists: true, points: 49.5 },
      { name: 'Tiny', field: 'tiny', exists: true, points: 0.4 },
    ]),
    ...engagementRules([{ name: 'Click', activity: 'email_click', points: 24.5 }]),
  });

  it('rounds 49.5 profile points up to 50 (grade C) and 24.5 engagement up to 25 (level 3)', () => {
    const score = scorePerson(
      model,
      { fields: { half: 'y' }, activities: [activity('email_click', 0)] },
      NOW,
    );
    expect(score).toMatchObject({
      profile: 50,
      engagement: 25,
      total: 75,
      grade: 'C',
      level: '3',
      cell: 'C3',
      mql: true,
    });
  });

  it('totals the rounded parts, not the raw sum', () => {
    // Raw 0.4 + 0.4 would round to 1 if summed first; rounded parts give 0 + 0.
    const tiny = buildModel({
      ...profileRules([{ name: 'Tiny', field: 'tiny', exists: true, points: 0.4 }]),
      ...engagementRules([{ name: 'Click', activity: 'email_click', points: 0.4 }]),
    });
    const score = scorePerson(tiny, { fields: { tiny: 'y' }, activities: [activity('email_click', 0)] }, NOW);
    expect([score.profile, score.engagement, score.total]).toEqual([0, 0, 0]);
  });

  it('rounds negative halves away from zero', () => {
    const negative = buildModel({
      ...profileRules([{ name: 'Neg', field: 'x', exists: true, points: -2.5 }]),
      ...engagementRules([{ name: 'Bounce', activity: 'email_bounce', points: -5 }]),
    });
    // -5 decayed over one half-life is exactly -2.5.
    const score = scorePerson(
      negative,
      { fields: { x: 1 }, activities: [activity('email_bounce', 30)] },
      NOW,
    );
    expect([score.profile, score.engagement, score.total]).toEqual([-3, -3, -6]);
  });
});
