import { describe, expect, it } from 'vitest';
import type { Opportunity } from '../../../src/domain/opportunity.ts';
import type { StageState } from '../../../src/stages/stage-state.ts';
import { outcomeMoment } from '../../../src/sync/outcome-moment.ts';
import type { OutcomeInputs } from '../../../src/sync/outcome-moment.ts';
import { NOW, lead } from './fixtures.ts';

/** One run synced everything: MIL, MQL and the outcome all carry the run's time. */
const RUN = '2026-11-01T12:00:00.000Z';
const MQL_AT = '2026-10-20T00:00:00.000Z';

function stage(
  to: StageState['stage'],
  steps: readonly { to: StageState['stage']; at: string }[],
): StageState {
  let from: StageState['stage'] | null = null;
  const history = steps.map((s) => {
    const t = { from, to: s.to, at: s.at, cause: 'score' as const };
    from = s.to;
    return t;
  });
  return {
    stage: to,
    since: steps.at(-1)?.at ?? RUN,
    history,
    recycleCount: 0,
    mqlCount: 0,
    seen: { salesStatus: null, converted: false },
    slaBreaches: [],
  };
}

const opportunity = (createdAt: string): Opportunity => ({
  id: `006-${createdAt}`,
  name: 'deal',
  status: 'open',
  stageName: 'Prospecting',
  amount: null,
  createdAt,
  modifiedAt: RUN,
  contactIds: ['003A'],
});

const person = (
  parts: Partial<OutcomeInputs> & { stage: StageState | null; conversionAt?: string },
): OutcomeInputs => ({
  lead: parts.lead,
  opportunities: parts.opportunities ?? [],
  state: {
    stage: parts.stage,
    ...(parts.conversionAt
      ? { conversion: { leadId: '00Q1', contactId: '003A', at: parts.conversionAt } }
      : {}),
  },
});

const atRun = (to: StageState['stage']) =>
  stage(to, [
    { to: 'MIL', at: RUN },
    { to, at: RUN },
  ]);

describe('outcomeMoment', () => {
  it.each<[string, OutcomeInputs, string]>([
    ['no stage yet: everything so far', person({ stage: null }), NOW.toISOString()],
    ['an open MIL: everything so far', person({ stage: atRun('MIL') }), NOW.toISOString()],
    [
      'an open MQL: up to the hand-off',
      person({
        stage: stage('MQL', [
          { to: 'MIL', at: RUN },
          { to: 'MQL', at: MQL_AT },
        ]),
      }),
      MQL_AT,
    ],
    [
      'SQL by conversion, all stamped by one run: the conversion',
      person({ stage: atRun('SQL'), conversionAt: '2026-09-15T10:00:00.000Z' }),
      '2026-09-15T10:00:00.000Z',
    ],
    [
      'WON: the first deal with the person, not the run',
      person({
        stage: atRun('WON'),
        opportunities: [opportunity('2026-09-20T00:00:00.000Z'), opportunity('2026-08-01T00:00:00.000Z')],
      }),
      '2026-08-01T00:00:00.000Z',
    ],
    [
      'a hand-off before the outcome comes first',
      person({
        stage: stage('SQL', [
          { to: 'MIL', at: RUN },
          { to: 'MQL', at: MQL_AT },
          { to: 'SQL', at: RUN },
        ]),
        opportunities: [opportunity('2026-10-25T00:00:00.000Z')],
      }),
      MQL_AT,
    ],
    [
      'RECYCLED by Lead Status: the Lead’s last change, as positives are cut at theirs',
      person({ stage: atRun('RECYCLED'), lead: { ...lead('00Q1'), modifiedAt: '2026-09-30T00:00:00.000Z' } }),
      '2026-09-30T00:00:00.000Z',
    ],
    [
      'no dated sales event: the entry into the stage',
      person({
        stage: stage('SQL', [
          { to: 'MIL', at: '2026-09-01T00:00:00.000Z' },
          { to: 'SQL', at: RUN },
        ]),
      }),
      RUN,
    ],
  ])('%s', (_case, inputs, expected) => {
    expect(outcomeMoment(inputs, NOW).toISOString()).toBe(expected);
  });
});
