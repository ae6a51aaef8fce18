import { z } from 'zod';
import { ActivityType } from './activity.ts';
import { CrmName } from './crm.ts';

/**
 * A behaviour stream the CRM account cannot serve (a product its plan lacks, a scope the token lacks).
 * A capability, not a failure: the run goes on without it, and the activity types only it carries can
 * never reach the engagement score, which leadloop reports rather than scoring them as silently zero.
 */
export const UnavailableStream = z.strictObject({
  crm: CrmName,
  /** The connector's stream name, e.g. HubSpot `events` (Events v3). */
  stream: z.string().regex(/^[a-z0-9_-]+$/),
  /** Activity types no other stream of this CRM carries. */
  activityTypes: z.array(ActivityType),
  /** Why, as the CRM answered (status, category). */
  reason: z.string(),
});
export type UnavailableStream = z.infer<typeof UnavailableStream>;
