/** Stage test fixtures: a config like the example's, states at a given stage, dated evidence. */
import type { StageEvidence } from '../../../src/stages/next-stage.ts';
import { StagesConfig } from '../../../src/stages/schema.ts';
import type { StageKey } from '../../../src/stages/schema.ts';
import type { StageCause, StageState } from '../../../src/stages/stage-state.ts';

export const T0 = new Date('2026-11-02T08:00:00.000Z'); // a Monday, 09:00 in Berlin
export const HOUR_MS = 3_600_000;
export const at = (hours: number): Date => new Date(T0.getTime() + hours * HOUR_MS);

export const config: StagesConfig = StagesConfig.parse({
  salesFeedback: {
    'Working - Contacted': 'SAL',
    'Closed - Converted': 'SQL',
    'Closed - Not Converted': 'RECYCLED',
    'Closed - Junk': 'DISQUALIFIED',
  },
  lostOpportunity: 'RECYCLED',
  sla: {
    acceptWithinHours: 24,
    businessHours: { timezone: 'Europe/Berlin', days: [1, 2, 3, 4, 5], startHour: 9, endHour: 17 },
    reassignTo: ['queue-a', 'user-b', 'user-c'],
  },
});

export interface StateOptions {
  readonly since?: Date;
  readonly cause?: StageCause;
  readonly salesStatus?: string | null;
  readonly converted?: boolean;
}

/** A person who entered `stage` at `since` (T0 by default) through `cause`. */
export function stateAt(stage: StageKey, options: StateOptions = {}): StageState {
  const since = (options.since ?? T0).toISOString();
  const created = new Date(T0.getTime() - 100 * HOUR_MS).toISOString();
  const history: StageState['history'] = [{ from: null, to: 'MIL', at: created, cause: 'created' }];
  if (stage !== 'MIL') history.push({ from: 'MIL', to: stage, at: since, cause: options.cause ?? 'score' });
  return {
    stage,
    since: stage === 'MIL' ? created : since,
    history,
    recycleCount: stage === 'RECYCLED' ? 1 : 0,
    mqlCount: stage === 'MQL' ? 1 : 0,
    seen: { salesStatus: options.salesStatus ?? null, converted: options.converted ?? false },
    slaBreaches: [],
  };
}

export const quiet: StageEvidence = { score: { mql: false } };
export const mql: StageEvidence = { score: { mql: true } };
export const junk: StageEvidence = {
  score: { mql: false, disqualified: { rule: 'Junk name', reason: 'junk record' } },
};

export function opportunity(
  id: string,
  status: 'open' | 'won' | 'lost',
  closedAt: Date | null = null,
): NonNullable<StageEvidence['opportunities']>[number] {
  return {
    id,
    status,
    closedAt: closedAt?.toISOString() ?? null,
    modifiedAt: (closedAt ?? T0).toISOString(),
  };
}
