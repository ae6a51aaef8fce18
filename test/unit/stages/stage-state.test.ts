import { describe, expect, it } from 'vitest';
import { nextStage } from '../../../src/stages/next-stage.ts';
import type { StageEvidence } from '../../../src/stages/next-stage.ts';
import {
  canMove,
  initialStageState,
  parseStageKey,
  stageDates,
  StageState,
} from '../../../src/stages/stage-state.ts';
import { at, config, mql, quiet, stateAt, T0 } from './fixtures.ts';

const NOW = at(1);

describe('parseStageKey (manual stage override field)', () => {
  it.each([
    ['SQL', 'SQL'],
    [' mql ', 'MQL'],
    ['Recycled', 'RECYCLED'],
    ['', null],
    ['Hot', null],
    [null, null],
    [3, null],
  ])('%j → %s', (value, expected) => {
    expect(parseStageKey(value)).toBe(expected);
  });
});

describe('canMove', () => {
  it.each([
    ['MIL', 'MQL', true],
    ['MIL', 'SQL', true],
    ['SAL', 'MQL', false],
    ['SQL', 'SAL', false],
    ['SQL', 'RECYCLED', true],
    ['MQL', 'DISQUALIFIED', true],
    ['RECYCLED', 'MQL', true],
    ['DISQUALIFIED', 'MIL', true],
    ['WON', 'RECYCLED', false],
    ['WON', 'DISQUALIFIED', false],
    ['MQL', 'MQL', false],
  ] as const)('%s → %s: %s', (from, to, allowed) => {
    expect(canMove(from, to)).toBe(allowed);
  });
});

describe('stage state bookkeeping', () => {
  it('starts every person at MIL with a dated creation entry, and validates as stored', () => {
    const state = initialStageState(T0);
    expect(state).toEqual({
      stage: 'MIL',
      since: T0.toISOString(),
      history: [{ from: null, to: 'MIL', at: T0.toISOString(), cause: 'created' }],
      recycleCount: 0,
      mqlCount: 0,
      seen: { salesStatus: null, converted: false },
      slaBreaches: [],
    });
    expect(StageState.parse(state)).toEqual(state);
  });

  it('counts recycles and MQL re-entries, remembers what sales said, and dates each stage', () => {
    let state = initialStageState(T0);
    const steps: [StageEvidence, number][] = [
      [mql, 1],
      [{ ...mql, salesStatus: 'Closed - Not Converted' }, 2],
      [{ ...mql, salesStatus: 'Closed - Not Converted', lastActivityAt: at(3).toISOString() }, 3],
      [{ ...mql, salesStatus: 'Working - Contacted' }, 4],
      [{ ...mql, salesStatus: 'Closed - Not Converted' }, 5],
      [{ ...mql, lastActivityAt: at(6).toISOString() }, 6],
    ];
    for (const [evidence, hour] of steps) state = nextStage(state, evidence, config, at(hour)).state;
    expect(state.history.map((t) => t.to)).toEqual([
      'MIL',
      'MQL',
      'RECYCLED',
      'MQL',
      'SAL',
      'RECYCLED',
      'MQL',
    ]);
    expect(state).toMatchObject({
      stage: 'MQL',
      recycleCount: 2,
      mqlCount: 3,
      seen: { salesStatus: 'Closed - Not Converted' },
    });
    expect(stageDates(state.history)).toEqual({
      MIL: T0.toISOString(),
      MQL: at(6).toISOString(),
      RECYCLED: at(5).toISOString(),
      SAL: at(4).toISOString(),
    });
  });

  it('keeps the last Lead Status when the person has no Salesforce lead this run', () => {
    const state = stateAt('SAL', { salesStatus: 'Working - Contacted' });
    expect(nextStage(state, quiet, config, NOW).state.seen.salesStatus).toBe('Working - Contacted');
    expect(nextStage(state, { ...quiet, salesStatus: null }, config, NOW).state.seen.salesStatus).toBeNull();
  });

  it('does not mutate the state it was given', () => {
    const state = stateAt('MQL');
    const copy = structuredClone(state);
    nextStage(state, { ...quiet, salesStatus: 'Closed - Not Converted' }, config, NOW);
    expect(state).toEqual(copy);
  });
});
