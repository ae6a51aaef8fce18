/** The reminder an SLA step asks for: a Task on the Lead for its owner, due on the SLA's deadline day. */
import type { ReminderTask } from '../../domain/sla-task.ts';
import type { SlaAction } from '../../stages/stage-state.ts';
import type { RecordSnapshot } from '../../state/types.ts';

/**
 * Only a Lead's owner is reminded (a Contact is past the hand-off, a HubSpot-only MQL has no Salesforce
 * owner), and only a user: a Lead waiting in a queue has nobody to own the Task, so the step is recorded
 * and notified but creates none.
 */
export function slaReminderTask(
  personId: string,
  action: SlaAction | undefined,
  lead: RecordSnapshot | undefined,
  isUser: (id: string) => boolean,
): ReminderTask | undefined {
  if (action?.kind !== 'remind' || !lead || action.owner === null || !isUser(action.owner)) return undefined;
  const deadline = action.deadline ?? action.dueAt;
  return {
    key: `${personId}:${action.mqlAt}`,
    recordId: lead.id,
    ownerId: action.owner,
    subject: 'Accept or reject this MQL (leadloop SLA)',
    dueDate: deadline.slice(0, 10),
    description: `MQL since ${action.mqlAt}; the ${action.sla} SLA re-routes it after ${deadline} unless its Lead Status shows it was accepted or rejected.`,
  };
}
