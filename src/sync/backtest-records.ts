/**
 * History for `leadloop backtest` and `model suggest`: every linked person with the values scoring reads,
 * their behaviour before the hand-off or the outcome, whichever came first (outcome-moment.ts), and the
 * outcome sales reached.
 * `currentPeople` gives everyone as they stand now (all behaviour so far), for the decay preview.
 */
import { canonicalFields } from '../mapping/canonical.ts';
import type { MappingTargets } from '../mapping/targets.ts';
import type { BacktestRecord, Outcome } from '../scoring/backtest.ts';
import type { ScoringPerson } from '../scoring/types.ts';
import type { StageKey } from '../stages/schema.ts';
import type { SyncContext } from './context.ts';
import { loadInputs } from './load-inputs.ts';
import { outcomeMoment } from './outcome-moment.ts';
import type { PersonInputs } from './plan-person.ts';

const OUTCOME: Readonly<Record<StageKey, Outcome>> = {
  MIL: 'open',
  MQL: 'open',
  SAL: 'open',
  SQL: 'sql',
  WON: 'won',
  RECYCLED: 'recycled',
  DISQUALIFIED: 'disqualified',
};

/** The values scoring reads for a person, whichever CRM holds them. */
function scoringFields(
  ctx: SyncContext,
  i: PersonInputs,
  targets: readonly (MappingTargets | undefined)[],
): ScoringPerson['fields'] {
  const sf = i.contact ?? i.lead;
  return canonicalFields(
    {
      hubspot: i.hubspot && { fields: i.hubspot.fields, modifiedAt: i.hubspot.modifiedAt },
      salesforce: sf && { object: sf.object, fields: sf.fields, modifiedAt: sf.modifiedAt },
    },
    ctx.config.fieldMappings,
    targets,
  );
}

export async function* backtestRecords(
  ctx: SyncContext,
  targets: readonly (MappingTargets | undefined)[],
  batchSize = 1000,
): AsyncIterable<BacktestRecord> {
  const now = ctx.clock();
  for await (const links of ctx.store.iterateLinks(batchSize)) {
    const { inputs } = await loadInputs(
      ctx.store,
      links.map((l) => l.personId),
    );
    for (const i of inputs) {
      const stage = i.state.stage;
      if (!stage) continue;
      const scoredAt = outcomeMoment(i, now);
      const fields = scoringFields(ctx, i, targets);
      // Only behaviour before the hand-off or the outcome: the model is judged on what it could have known.
      const activities = i.activities.filter((a) => Date.parse(a.occurredAt) < scoredAt.getTime());
      yield { id: i.link.personId, fields, activities, outcome: OUTCOME[stage.stage], scoredAt };
    }
  }
}

/** Every linked person now: fields and all the behaviour recorded so far. */
export async function* currentPeople(
  ctx: SyncContext,
  targets: readonly (MappingTargets | undefined)[],
  batchSize = 1000,
): AsyncIterable<ScoringPerson & { readonly id: string }> {
  for await (const links of ctx.store.iterateLinks(batchSize)) {
    const { inputs } = await loadInputs(
      ctx.store,
      links.map((l) => l.personId),
    );
    for (const i of inputs) {
      yield { id: i.link.personId, fields: scoringFields(ctx, i, targets), activities: i.activities };
    }
  }
}
