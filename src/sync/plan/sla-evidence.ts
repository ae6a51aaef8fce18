/**
 * The part of the stage step's evidence that SLA enforcement and rejection reasons read: what SLA rules
 * test, the Lead's owner, the users known this run, and the rejection reason. Keys stay absent when no
 * config asks for them, so a config without SLA rules or a reason field weighs exactly what it did.
 */
import type { LeadloopConfig } from '../../config/schema.ts';
import type { FieldValue } from '../../domain/person.ts';
import type { Score } from '../../scoring/types.ts';
import type { StageEvidence } from '../../stages/next-stage.ts';
import type { OwnerDirectory } from '../../stages/sla-actions.ts';
import { WELL_KNOWN } from '../crm-fields.ts';
import type { PersonInputs } from '../plan-person.ts';

const text = (v: FieldValue | undefined): string | null =>
  typeof v === 'string' && v.trim() !== '' ? v : typeof v === 'number' ? String(v) : null;

export function slaEvidence(
  inputs: Pick<PersonInputs, 'lead'>,
  canonical: Readonly<Record<string, FieldValue>>,
  score: Pick<Score, 'cell'>,
  config: Pick<LeadloopConfig, 'stages'>,
  owners: OwnerDirectory | undefined,
): Partial<StageEvidence> {
  const stages = config.stages;
  const lead = inputs.lead;
  const enforcing = stages.sla !== undefined || (stages.slaRules?.length ?? 0) > 0;
  return {
    ...((stages.slaRules?.length ?? 0) > 0 ? { slaFacts: { cell: score.cell, fields: canonical } } : {}),
    ...(lead && (enforcing || stages.rejectionReasonField !== undefined)
      ? { owner: text(lead.fields[WELL_KNOWN.owner.field]) }
      : {}),
    ...(owners === undefined ? {} : { owners }),
    ...(lead && stages.rejectionReasonField !== undefined
      ? { rejectionReason: text(lead.fields[stages.rejectionReasonField]) }
      : {}),
  };
}
