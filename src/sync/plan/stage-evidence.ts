/** What the stage step weighs for one person this run, read from the records, the score and the ledger. */
import type { LeadloopConfig } from '../../config/schema.ts';
import type { Activity } from '../../domain/activity.ts';
import type { FieldValue } from '../../domain/person.ts';
import type { Score } from '../../scoring/types.ts';
import type { StageEvidence } from '../../stages/next-stage.ts';
import { StageKey } from '../../stages/schema.ts';
import { WELL_KNOWN } from '../crm-fields.ts';
import type { PersonInputs } from '../plan-person.ts';

/** By time, not ledger order: activities arrive per CRM and per stream. */
function latestActivity(activities: readonly Activity[]): string | null {
  let latest: string | null = null;
  let latestMs = -Infinity;
  for (const a of activities) {
    const ms = Date.parse(a.occurredAt);
    if (ms > latestMs) {
      latestMs = ms;
      latest = a.occurredAt;
    }
  }
  return latest;
}

/** Users type the override in any case; anything that is not a stage key means "no override". */
function overrideStageOf(value: FieldValue | undefined): StageKey | null {
  const parsed = StageKey.safeParse(typeof value === 'string' ? value.toUpperCase() : null);
  return parsed.success ? parsed.data : null;
}

/**
 * `roundRobin` is the caller's reserved turn of the owner rotation: it picks the owner of an SLA re-route.
 * Sales status is absent (not null) without a Lead, so the stage step keeps the status it saw last.
 */
export function stageEvidence(
  inputs: Pick<PersonInputs, 'link' | 'lead' | 'activities' | 'opportunities'> & {
    readonly state: Pick<PersonInputs['state'], 'conversion'>;
  },
  canonical: Readonly<Record<string, FieldValue>>,
  score: Score,
  config: Pick<LeadloopConfig, 'scoring'>,
  roundRobin: number,
): StageEvidence {
  const salesStatus = inputs.lead?.fields[WELL_KNOWN.salesStatus.field];
  const overrideField = config.scoring.override.stageField;
  return {
    score,
    ...(inputs.lead ? { salesStatus: typeof salesStatus === 'string' ? salesStatus : null } : {}),
    converted:
      inputs.lead?.fields[WELL_KNOWN.converted.field] === true ||
      Boolean(inputs.link.salesforceContactId && inputs.link.salesforceLeadId) ||
      // Linking moved the person from the converted Lead to its Contact: the Lead is no longer here.
      inputs.state.conversion !== undefined,
    opportunities: inputs.opportunities,
    overrideStage: overrideStageOf(overrideField ? canonical[overrideField] : null),
    reassignCounter: roundRobin,
    lastActivityAt: latestActivity(inputs.activities),
  };
}
