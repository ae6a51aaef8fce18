/**
 * What leadloop asks a CRM to do for the SLA besides field writes: a reminder task on the person's record
 * for its owner, and the CRM's users (who is active, who manages whom) the re-route and escalation need.
 */
import { z } from 'zod';

export const ReminderTask = z.strictObject({
  /** Outcome key: the person and the MQL episode (one reminder per episode). */
  key: z.string().min(1),
  /** The record the task is about (Salesforce `WhoId`: the Lead). */
  recordId: z.string().min(1),
  ownerId: z.string().min(1),
  subject: z.string().min(1).max(255),
  /** Calendar date the task is due (the SLA's due day), `YYYY-MM-DD`. */
  dueDate: z.iso.date(),
  description: z.string(),
});
export type ReminderTask = z.infer<typeof ReminderTask>;

export interface CrmUser {
  readonly id: string;
  readonly active: boolean;
  readonly managerId: string | null;
}
