/** An MQL left unaccepted past its SLA is handed to the next owner in the rotation, on the Lead only. */
import type { SlaBreach } from '../../stages/stage-state.ts';
import type { RecordSnapshot } from '../../state/types.ts';
import { WELL_KNOWN } from '../crm-fields.ts';
import type { PlannedWrite } from './planned-write.ts';

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
