import { z } from 'zod';
import { CrmName, IsoTime } from './crm.ts';
import type { Page } from './person.ts';

/** Behaviour kinds the engagement score can reward or penalise. */
export const ActivityType = z.enum([
  'form_submission',
  'page_view',
  'email_open',
  'email_click',
  'email_bounce',
  'unsubscribe',
  'content_download',
  'webinar',
  'meeting',
  'call',
  'email_reply',
  'campaign_response',
  'custom',
]);
export type ActivityType = z.infer<typeof ActivityType>;

/**
 * One behaviour event, normalised from whichever CRM recorded it. `recordId` is the id of the person
 * record in `crm` (HubSpot contact id, Salesforce Lead/Contact id) or, when the source API only names
 * the person by email (HubSpot marketing email events), `email:<normalised address>`; the sync engine
 * resolves those through its links instead of spending an API call per recipient.
 */
export const Activity = z.strictObject({
  crm: CrmName,
  /** Stable id in the source CRM; with `crm` it is the dedupe key of the engagement ledger. */
  sourceId: z.string().min(1),
  recordId: z.string().min(1),
  type: ActivityType,
  occurredAt: IsoTime,
  /** Form name, meeting title, email subject, custom event name. */
  name: z.string().nullish(),
  url: z.string().nullish(),
  /** Content tag (e.g. whitepaper, product-flyer). */
  tag: z.string().nullish(),
  campaign: z.string().nullish(),
  /**
   * The CRM itself flagged the event as not a person's doing: HubSpot's `filteredEvent` on email events
   * (privacy-proxy opens such as Apple Mail Privacy Protection, link scanners' clicks). Not scored unless
   * `scoring.engagement.includeFilteredEmailEvents`.
   */
  filtered: z.boolean().nullish(),
});
export type Activity = z.infer<typeof Activity>;

/**
 * Everyone a CRM now relates one shared activity to (Salesforce Shared Activities: a Task's or Event's
 * TaskWhoRelation / EventWhoRelation rows), listed in full. The ledger's copies of it for other people,
 * keyed `<activityId>:<recordId>`, are no longer theirs.
 */
export const ActivityPeople = z.strictObject({
  crm: CrmName,
  activityId: z.string().min(1),
  recordIds: z.array(z.string().min(1)),
});
export type ActivityPeople = z.infer<typeof ActivityPeople>;

/**
 * An activity the CRM deleted (a Salesforce Task or Event in the recycle bin): its own ledger entry and
 * every person's copy of it (`<activityId>:<recordId>`) no longer count.
 */
export const RemovedActivity = z.strictObject({ crm: CrmName, activityId: z.string().min(1) });
export type RemovedActivity = z.infer<typeof RemovedActivity>;

/** A shared activity's copy for one person: its ledger `sourceId`. */
export function activityCopyId(activityId: string, recordId: string): string {
  return `${activityId}:${recordId}`;
}

/**
 * A page of activities; `people` lists, in full, who the CRM now relates some shared activities to;
 * `removed` names activities deleted in the CRM since the cursor.
 */
export interface ActivityPage extends Page<Activity> {
  readonly people?: readonly ActivityPeople[];
  readonly removed?: readonly RemovedActivity[];
}
