/** An MQL left unaccepted past its SLA is handed to the next owner in the rotation, on the Lead only. */
import type { SlaAction, SlaBreach } from '../../stages/stage-state.ts';
import type { RecordSnapshot } from '../../state/types.ts';
import { WELL_KNOWN } from '../crm-fields.ts';
import { diffWrite, type PlannedWrite } from './planned-write.ts';

/**
 * `breach` is the one the stage step found in this run (once per MQL episode), its owner already picked
 * from the round-robin counter. A Contact is past the hand-off and a HubSpot-only MQL has no Salesforce
 * owner, so only a Lead is re-routed; without a `reassignTo` list the breach is only reported.
 */
export function slaRerouteWrites(
  breach: SlaBreach | undefined,
  lead: RecordSnapshot | undefined,
): PlannedWrite[] {
  if (!breach?.reassignedTo || !lead) return [];
  return [
    {
      crm: 'salesforce',
      object: 'lead',
      id: lead.id,
      field: WELL_KNOWN.owner.field,
      from: lead.fields[WELL_KNOWN.owner.field] ?? null,
      to: breach.reassignedTo,
      reason: `SLA breached (due ${breach.dueAt})`,
    },
  ];
}

/**
 * A second breach: `field` (OwnerId, or a manager field) on the Lead takes the escalation's target; no
 * write when there is none (the owner has no manager) — the step is still recorded and reported.
 */
export function slaEscalationWrites(
  action: SlaAction | undefined,
  lead: RecordSnapshot | undefined,
  field: string | undefined,
): PlannedWrite[] {
  if (action?.kind !== 'escalate' || !action.owner || !lead || field === undefined) return [];
  return diffWrite(lead, field, action.owner, `SLA breached twice (due ${action.dueAt}): escalated`);
}
