/** Invariants of the lifecycle over generated evidence sequences (fast-check). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextStage } from '../../../src/stages/next-stage.ts';
import type { StageEvidence } from '../../../src/stages/next-stage.ts';
import { initialStageState, isOffTrack, stageRank } from '../../../src/stages/stage-state.ts';
import type { StageState } from '../../../src/stages/stage-state.ts';
import { config, HOUR_MS, opportunity, T0 } from './fixtures.ts';

interface Step {
  readonly hours: number;
  readonly mql: boolean;
  readonly disqualified: boolean;
  readonly salesStatus: string | null | undefined;
  readonly converted: boolean;
  readonly opportunities: 'none' | 'open' | 'won' | 'lost' | 'open+lost';
}

const step: fc.Arbitrary<Step> = fc.record({
  hours: fc.double({ min: 0.01, max: 200, noNaN: true }),
  mql: fc.boolean(),
  disqualified: fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
  salesStatus: fc.constantFrom(
    undefined,
    null,
    'Open - Not Contacted',
    'Working - Contacted',
    'Closed - Converted',
    'Closed - Not Converted',
    'Closed - Junk',
  ),
  converted: fc.boolean(),
  opportunities: fc.constantFrom('none', 'none', 'none', 'open', 'won', 'lost', 'open+lost'),
});

function evidence(s: Step, now: Date): StageEvidence {
  const lostAt = new Date(now.getTime() - HOUR_MS / 2);
  const opportunities = {
    none: [],
    open: [opportunity('o1', 'open')],
    won: [opportunity('o1', 'won', now)],
    lost: [opportunity('o1', 'lost', lostAt)],
    'open+lost': [opportunity('o1', 'open'), opportunity('o2', 'lost', lostAt)],
  }[s.opportunities];
  return {
    score: s.disqualified ? { mql: false, disqualified: { rule: 'Junk', reason: 'junk' } } : { mql: s.mql },
    ...(s.salesStatus === undefined ? {} : { salesStatus: s.salesStatus }),
    converted: s.converted,
    opportunities,
    reassignCounter: 0,
  };
}

function run(
  steps: readonly Step[],
  check: (before: StageState, after: StageState, s: Step) => void,
): StageState {
  let state = initialStageState(T0);
  let time = T0.getTime();
  for (const s of steps) {
    time += s.hours * HOUR_MS;
    const after = nextStage(state, evidence(s, new Date(time)), config, new Date(time)).state;
    check(state, after, s);
    state = after;
  }
  return state;
}

const sequences = fc.array(step, { minLength: 1, maxLength: 30 });

describe('lifecycle invariants', () => {
  it('never goes backwards except through RECYCLED / DISQUALIFIED, and never leaves WON', () => {
    fc.assert(
      fc.property(sequences, (steps) => {
        run(steps, (before, after) => {
          if (before.stage === 'WON') expect(after.stage).toBe('WON');
          if (before.stage === after.stage) return;
          const allowed =
            isOffTrack(before.stage) ||
            isOffTrack(after.stage) ||
            stageRank(after.stage) > stageRank(before.stage);
          expect(allowed, `${before.stage} → ${after.stage}`).toBe(true);
        });
      }),
      { numRuns: 400 },
    );
  });

  it('lets disqualification dominate: a disqualified score leaves the person DISQUALIFIED unless WON', () => {
    fc.assert(
      fc.property(sequences, (steps) => {
        run(steps, (before, after, s) => {
          if (!s.disqualified) return;
          const won = before.stage === 'WON' || s.opportunities === 'won';
          expect(after.stage).toBe(won ? 'WON' : 'DISQUALIFIED');
        });
      }),
      { numRuns: 400 },
    );
  });

  it('keeps the history, counters and stage dates consistent', () => {
    fc.assert(
      fc.property(sequences, (steps) => {
        const state = run(steps, (before, after) => {
          expect(after.history.length - before.history.length).toBe(before.stage === after.stage ? 0 : 1);
        });
        const last = state.history.at(-1);
        expect(last?.to).toBe(state.stage);
        expect(last?.at).toBe(state.since);
        expect(state.recycleCount).toBe(state.history.filter((t) => t.to === 'RECYCLED').length);
        expect(state.mqlCount).toBe(state.history.filter((t) => t.to === 'MQL').length);
        for (let i = 1; i < state.history.length; i++) {
          const prev = state.history[i - 1];
          const current = state.history[i];
          expect(current?.from).toBe(prev?.to);
          expect(Date.parse(current?.at ?? '')).toBeGreaterThanOrEqual(Date.parse(prev?.at ?? ''));
        }
      }),
      { numRuns: 400 },
    );
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(sequences, (steps) => {
        expect(run(steps, () => undefined)).toEqual(run(steps, () => undefined));
      }),
      { numRuns: 200 },
    );
  });
});
