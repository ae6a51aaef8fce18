import { describe, expect, it } from 'vitest';
import { nextShadowEntry } from '../../../src/models/shadow-entry.ts';
import type { Score } from '../../../src/scoring/types.ts';

const score = (total: number, cell: Score['cell'], mql: boolean): Score =>
  ({ total, cell, mql }) as Partial<Score> as Score;
const run = { candidateVersion: 'v2', since: '2026-12-01T00:00:00.000Z' };
const DAY1 = new Date('2026-12-01T01:00:00.000Z');
const DAY2 = new Date('2026-12-02T01:00:00.000Z');

describe('shadow entry', () => {
  it('takes the first scoring as the start and keeps it, updating the latest', () => {
    const first = nextShadowEntry(
      undefined,
      run,
      { live: score(50, 'C3', false), candidate: score(120, 'B2', true) },
      'MIL',
      DAY1,
    );
    expect(first.start).toEqual({
      at: DAY1.toISOString(),
      stage: 'MIL',
      live: { total: 50, cell: 'C3', mql: false },
      candidate: { total: 120, cell: 'B2', mql: true },
    });
    const second = nextShadowEntry(
      first,
      run,
      { live: score(60, 'C3', false), candidate: score(200, 'A1', true) },
      'SQL',
      DAY2,
    );
    expect(second.start).toEqual(first.start);
    expect(second.latest).toEqual({
      at: DAY2.toISOString(),
      live: { total: 60, cell: 'C3', mql: false },
      candidate: { total: 200, cell: 'A1', mql: true },
    });
  });

  it('starts over for another candidate or a new registration of the same one', () => {
    const first = nextShadowEntry(
      undefined,
      run,
      { live: score(50, 'C3', false), candidate: score(120, 'B2', true) },
      'MIL',
      DAY1,
    );
    const again = nextShadowEntry(
      first,
      { ...run, since: DAY2.toISOString() },
      { live: score(50, 'C3', false), candidate: score(1, 'D4', false) },
      'SAL',
      DAY2,
    );
    expect(again.start).toMatchObject({ stage: 'SAL', at: DAY2.toISOString() });
    const other = nextShadowEntry(
      first,
      { ...run, candidateVersion: 'v3' },
      { live: score(50, 'C3', false), candidate: score(1, 'D4', false) },
      'SAL',
      DAY2,
    );
    expect(other).toMatchObject({ candidateVersion: 'v3', start: { stage: 'SAL' } });
  });
});
