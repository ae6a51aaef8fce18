/**
 * Which Salesforce object records a dataset activity: meetings are Events, campaign touches and
 * marketing responses CampaignMembers, the rest (calls, emails, other tasks) Tasks.
 */
import type { SandboxActivity } from './dataset.ts';

const RESPONSE_TYPES: ReadonlySet<string> = new Set([
  'campaign_response',
  'webinar',
  'form_submission',
  'content_download',
]);

export type SalesforceActivityObject = 'Task' | 'Event' | 'CampaignMember';

export function salesforceActivityObject(
  a: Pick<SandboxActivity, 'type' | 'campaign'>,
): SalesforceActivityObject {
  if (a.type === 'meeting') return 'Event';
  if (RESPONSE_TYPES.has(a.type) || a.campaign) return 'CampaignMember';
  return 'Task';
}

/** Whether a CampaignMember for this activity has responded (else it was only sent). */
export const isResponse = (type: string): boolean => RESPONSE_TYPES.has(type);
