import { describe, expect, it } from 'vitest';
import { backtest } from '../../../src/scoring/backtest.ts';
import type { BacktestRecord, Outcome } from '../../../src/scoring/backtest.ts';
import { formatBacktest } from '../../../src/scoring/format-backtest.ts';
import { scorePerson } from '../../../src/scoring/score-person.ts';
import { compileModel } from '../../../src/scoring/compile-model.ts';
import { activity, DAY_MS, engagementRules, NOW, profileRules, scoringConfig } from './fixtures.ts';

// Current: CEOs are A; engagement decides the rest. Candidate: IT managers count too, and a lower threshold.
const current = scoringConfig({
  modelVersion: 'current',
  ...profileRules([{ name: 'CEO', field: 'jobtitle', equals: 'CEO', points: 150 }]),
  ...engagementRules([{ name: 'Demo', activity: 'form_submission', points: 100 }]),
  disqualify: [{ name: 'Junk', when: { field: 'lastname', equals: 'Mouse' } }],
  handoff: { mqlCells: ['A1'], mqlThreshold: 200 },
});
const candidate = scoringConfig({
  ...current,
  modelVersion: 'candidate',
  profile: {
    ...current.profile,
    rules: [...current.profile.rules, { name: 'IT', field: 'jobtitle', equals: 'IT', points: 150 }],
  },
  handoff: { mqlCells: ['A1', 'A4'], mqlThreshold: 200 },
});

const record = (
  id: string,
  jobtitle: string,
  demo: boolean,
  outcome: Outcome,
  extra: Record<string, string> = {},
): BacktestRecord => ({
  id,
  fields: { jobtitle, ...extra },
  activities: demo ? [activity('form_submission', 0)] : [],
  outcome,
  scoredAt: NOW,
});

const records: BacktestRecord[] = [
  record('ceo-demo-won', 'CEO', true, 'won'), // A1 in both: MQL, good
  record('ceo-demo-recycled', 'CEO', true, 'recycled'), // A1 in both: MQL, bad
  record('ceo-quiet-sql', 'CEO', false, 'sql'), // A4: MQL only in candidate, good
  record('it-quiet-sql', 'IT', false, 'sql'), // D4 → A4: MQL only in candidate, good
  record('it-quiet-open', 'IT', false, 'open'), // D4 → A4: candidate MQL, unknown outcome
  record('junk', 'CEO', true, 'won', { lastname: 'Mouse' }), // disqualified in both
];

describe('backtest', () => {
  const report = backtest(records, current, candidate);

  it('counts records and conversion per cell, side by side', () => {
    expect(report.records).toBe(6);
    const cell = (stats: typeof report.current, name: string) => stats.cells.find((c) => c.cell === name);
    expect(cell(report.current, 'A1')).toEqual({
      cell: 'A1',
      count: 3,
      known: 3,
      good: 2,
      conversionRate: 2 / 3,
    });
    expect(cell(report.current, 'D4')).toEqual({
      cell: 'D4',
      count: 2,
      known: 1,
      good: 1,
      conversionRate: 1,
    });
    expect(cell(report.candidate, 'A4')).toEqual({
      cell: 'A4',
      count: 3,
      known: 2,
      good: 2,
      conversionRate: 1,
    });
    expect(cell(report.candidate, 'B2')).toEqual({
      cell: 'B2',
      count: 0,
      known: 0,
      good: 0,
      conversionRate: null,
    });
    expect(report.current.cells).toHaveLength(16);
  });

  it('measures precision and recall of MQL against SQL/Won, leaving open outcomes out', () => {
    // Good outcomes: ceo-demo-won, ceo-quiet-sql, it-quiet-sql, junk (won) = 4.
    expect(report.current).toMatchObject({
      mql: { count: 2, known: 2, good: 1 },
      precision: 0.5,
      recall: 0.25,
      disqualified: 1,
    });
    expect(report.candidate).toMatchObject({
      mql: { count: 5, known: 4, good: 3 },
      precision: 0.75,
      recall: 0.75,
    });
  });

  it('lists the leads that would change stage', () => {
    expect(report.changeCount).toBe(3);
    expect(report.changes.map((c) => c.id)).toEqual(['ceo-quiet-sql', 'it-quiet-sql', 'it-quiet-open']);
    expect(report.changes[1]).toEqual({
      id: 'it-quiet-sql',
      outcome: 'sql',
      current: { cell: 'D4', total: 0, stage: 'MIL' },
      candidate: { cell: 'A4', total: 150, stage: 'MQL' },
    });
    expect(backtest(records, current, candidate, { maxChanges: 1 })).toMatchObject({
      changeCount: 3,
      changes: [{ id: 'ceo-quiet-sql' }],
    });
  });

  it('scores each record with the production scorePerson at its own scoredAt, blind to later activity', () => {
    const later: BacktestRecord = {
      ...record('later', 'CEO', true, 'won'),
      scoredAt: new Date(NOW.getTime() - DAY_MS),
    };
    const one = backtest([later], current, current);
    expect(one.current.cells.find((c) => c.cell === 'A4')?.count).toBe(1);
    const direct = scorePerson(compileModel(current), later, later.scoredAt);
    expect(direct.cell).toBe('A4');
  });

  it('names unnamed records by position', () => {
    const { id: _id, ...anonymous } = record('x', 'IT', false, 'sql');
    expect(backtest([anonymous], current, candidate).changes[0]?.id).toBe('#0');
  });

  it('formats as a side-by-side table and as JSON', () => {
    const text = formatBacktest(report, 'text');
    expect(text).toContain('Backtest of 6 records: current model current vs candidate candidate');
    expect(text).toMatch(/A1\s+3\s+66\.7%\s+3\s+66\.7%/);
    expect(text).toMatch(/current\s+2 MQL\s+precision\s+50\.0%\s+recall\s+25\.0%\s+disqualified 1/);
    expect(text).toContain('it-quiet-sql: MIL D4 0 → MQL A4 150 (outcome sql)');
    expect(formatBacktest(report, 'text', 1)).toContain('... 2 more');
    expect(JSON.parse(formatBacktest(report, 'json'))).toEqual(JSON.parse(JSON.stringify(report)));
  });
});
