import { describe, expect, it } from 'vitest';
import { nextStage } from '../../../src/stages/next-stage.ts';
import type { StageEvidence } from '../../../src/stages/next-stage.ts';
import { StagesConfig } from '../../../src/stages/schema.ts';
import type { StageKey } from '../../../src/stages/schema.ts';
import type { StageCause } from '../../../src/stages/stage-state.ts';
import { at, config, junk, mql, opportunity, quiet, stateAt } from './fixtures.ts';
import type { StateOptions } from './fixtures.ts';

const NOW = at(1);
const lost = (hoursAfterT0: number) => [opportunity('006-lost', 'lost', at(hoursAfterT0))];

type Row = [string, StageKey, StateOptions, StageEvidence, StageKey, StageCause | null, string?];

describe('nextStage: every transition', () => {
  it.each<Row>([
    // The score
    ['score → MQL', 'MIL', {}, mql, 'MQL', 'score'],
    ['no score, no move', 'MIL', {}, quiet, 'MIL', null],
    [
      'recycled, re-engaged: MQL again',
      'RECYCLED',
      { cause: 'sales_feedback' },
      { ...mql, lastActivityAt: NOW.toISOString() },
      'MQL',
      'score',
    ],
    [
      'recycled, no new behaviour: keeps nurturing',
      'RECYCLED',
      { cause: 'sales_feedback' },
      mql,
      'RECYCLED',
      null,
    ],
    ['never back from SAL to MQL', 'SAL', {}, mql, 'SAL', null],
    ['a falling score never demotes an MQL', 'MQL', {}, quiet, 'MQL', null],
    // Sales feedback (Salesforce Lead Status), acting when it changes
    [
      'accepted → SAL',
      'MQL',
      {},
      { ...mql, salesStatus: 'Working - Contacted' },
      'SAL',
      'sales_feedback',
      'Working - Contacted',
    ],
    [
      'accepted straight from MIL',
      'MIL',
      {},
      { ...quiet, salesStatus: 'Working - Contacted' },
      'SAL',
      'sales_feedback',
    ],
    [
      'rejected → RECYCLED with the reason',
      'MQL',
      {},
      { ...quiet, salesStatus: 'Closed - Not Converted' },
      'RECYCLED',
      'sales_feedback',
      'Closed - Not Converted',
    ],
    [
      'a status seen before does nothing',
      'MQL',
      { salesStatus: 'Closed - Not Converted' },
      { ...mql, salesStatus: 'Closed - Not Converted' },
      'MQL',
      null,
    ],
    [
      'an unmapped status does nothing',
      'MQL',
      {},
      { ...mql, salesStatus: 'Open - Not Contacted' },
      'MQL',
      null,
    ],
    [
      'feedback never moves backwards',
      'SQL',
      {},
      { ...quiet, salesStatus: 'Working - Contacted' },
      'SQL',
      null,
    ],
    [
      'sales marks junk → DISQUALIFIED',
      'SAL',
      {},
      { ...quiet, salesStatus: 'Closed - Junk' },
      'DISQUALIFIED',
      'sales_feedback',
    ],
    [
      'sales changes its mind',
      'DISQUALIFIED',
      { cause: 'sales_feedback', salesStatus: 'Closed - Junk' },
      { ...mql, salesStatus: 'Working - Contacted' },
      'SAL',
      'sales_feedback',
    ],
    [
      'a sales disqualification holds against the score',
      'DISQUALIFIED',
      { cause: 'sales_feedback', salesStatus: 'Closed - Junk' },
      { ...mql, salesStatus: 'Closed - Junk' },
      'DISQUALIFIED',
      null,
    ],
    // Conversion and opportunities
    ['conversion → SQL', 'SAL', {}, { ...mql, converted: true }, 'SQL', 'conversion'],
    [
      'a conversion acts once',
      'RECYCLED',
      { converted: true, cause: 'opportunity_lost' },
      { ...quiet, converted: true },
      'RECYCLED',
      null,
    ],
    [
      'open opportunity → SQL',
      'MQL',
      {},
      { ...mql, opportunities: [opportunity('006-open', 'open')] },
      'SQL',
      'opportunity_open',
      '006-open',
    ],
    [
      'open opportunity brings back a recycled person',
      'RECYCLED',
      { cause: 'sales_feedback' },
      { ...quiet, opportunities: [opportunity('006-open', 'open')] },
      'SQL',
      'opportunity_open',
    ],
    [
      'an open opportunity outweighs a rejection',
      'SQL',
      {},
      { ...quiet, salesStatus: 'Closed - Not Converted', opportunities: [opportunity('006-open', 'open')] },
      'SQL',
      null,
    ],
    [
      'won opportunity → WON',
      'SQL',
      {},
      { ...quiet, opportunities: [opportunity('006-open', 'open'), opportunity('006-won', 'won', at(1))] },
      'WON',
      'opportunity_won',
      '006-won',
    ],
    [
      'won straight from MIL',
      'MIL',
      {},
      { ...quiet, opportunities: [opportunity('006-won', 'won', at(1))] },
      'WON',
      'opportunity_won',
    ],
    [
      'all lost after entering SQL → RECYCLED',
      'SQL',
      {},
      { ...quiet, opportunities: lost(0.5) },
      'RECYCLED',
      'opportunity_lost',
      '006-lost',
    ],
    [
      'a loss from before the current stage is old news',
      'SQL',
      {},
      { ...quiet, opportunities: lost(-1) },
      'SQL',
      null,
    ],
    [
      'an old loss does not block a return to MQL',
      'RECYCLED',
      { cause: 'opportunity_lost' },
      { ...mql, opportunities: lost(-1), lastActivityAt: NOW.toISOString() },
      'MQL',
      'score',
    ],
    // WON is final
    ['WON ignores disqualification', 'WON', {}, junk, 'WON', null],
    ['WON ignores rejection', 'WON', {}, { ...quiet, salesStatus: 'Closed - Not Converted' }, 'WON', null],
    // Disqualification dominates everything but WON
    ['disqualified from MQL', 'MQL', {}, junk, 'DISQUALIFIED', 'disqualified', 'Junk name: junk record'],
    [
      'disqualified even with an open opportunity',
      'SQL',
      {},
      { ...junk, opportunities: [opportunity('006-open', 'open')] },
      'DISQUALIFIED',
      'disqualified',
    ],
    [
      'requalified straight to MQL when the data is fixed',
      'DISQUALIFIED',
      { cause: 'disqualified' },
      mql,
      'MQL',
      'requalified',
    ],
    ['requalified to MIL', 'DISQUALIFIED', { cause: 'disqualified' }, quiet, 'MIL', 'requalified'],
    ['still junk, still disqualified', 'DISQUALIFIED', { cause: 'disqualified' }, junk, 'DISQUALIFIED', null],
    // Manual override
    ['a manual stage moves even backwards', 'SQL', {}, { ...quiet, overrideStage: 'MQL' }, 'MQL', 'override'],
    [
      'a manual stage holds against feedback',
      'MQL',
      { cause: 'override' },
      { ...quiet, overrideStage: 'MQL', salesStatus: 'Working - Contacted' },
      'MQL',
      null,
    ],
  ])('%s: %s → %s', (_label, stage, options, evidence, expected, cause, detail) => {
    const decision = nextStage(stateAt(stage, options), evidence, config, NOW);
    expect(decision.state.stage).toBe(expected);
    if (cause === null) {
      expect(decision.transition).toBeUndefined();
      return;
    }
    expect(decision.transition).toMatchObject({ from: stage, to: expected, at: NOW.toISOString(), cause });
    if (detail !== undefined) expect(decision.transition?.detail).toBe(detail);
    expect(decision.state.since).toBe(NOW.toISOString());
    expect(decision.state.history.at(-1)).toEqual(decision.transition);
  });

  it('sends a loss to the configured stage', () => {
    const keepSql = StagesConfig.parse({ ...config, lostOpportunity: 'SQL' });
    const fromSal = nextStage(stateAt('SAL'), { ...quiet, opportunities: lost(0.5) }, keepSql, NOW);
    expect(fromSal.transition).toMatchObject({ to: 'SQL', cause: 'opportunity_lost' });
    // Already SQL: a loss is not decisive, so a rejection can still recycle.
    const rejected = nextStage(
      stateAt('SQL'),
      { ...quiet, opportunities: lost(0.5), salesStatus: 'Closed - Not Converted' },
      keepSql,
      NOW,
    );
    expect(rejected.state.stage).toBe('RECYCLED');
  });
});
