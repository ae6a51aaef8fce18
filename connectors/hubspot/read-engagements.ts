/**
 * Sales engagements (meetings, calls, email replies): keyset search windows on `hs_lastmodifieddate`
 * (200 per call), then one associations v4 batch read per 1,000 engagements for their contacts
 * (https://developers.hubspot.com/docs/api-reference/crm-associations-v4/guide, batch read ≤ 1,000
 * inputs). No per-contact fan-out: a run with `a` changed engagements of one type costs
 * ⌈a/200⌉ searches + ⌈a/1000⌉ association reads.
 */
import type { Activity } from '../../src/domain/activity.ts';
import type { HubSpotApi } from './api.ts';
import type { SearchWindow } from './cursor.ts';
import { engagementToActivities } from './map.ts';
import { HsAssociationBatch, type HsObject } from './schemas.ts';
import { searchWindowStep } from './search-window.ts';

export const ENGAGEMENT_TYPES = ['calls', 'emails', 'meetings'] as const;
export type EngagementType = (typeof ENGAGEMENT_TYPES)[number];
export const ASSOCIATION_BATCH = 1000;
/** Search pages gathered before one association read: 5 × 200 = 1,000 inputs. */
const PAGES_PER_ASSOCIATION_READ = 5;

const PROPERTIES: Readonly<Record<EngagementType, readonly string[]>> = {
  meetings: [
    'hs_timestamp',
    'hs_lastmodifieddate',
    'hs_meeting_title',
    'hs_meeting_outcome',
    'hs_meeting_external_url',
  ],
  calls: ['hs_timestamp', 'hs_lastmodifieddate', 'hs_call_title', 'hs_call_status', 'hs_call_direction'],
  emails: ['hs_timestamp', 'hs_lastmodifieddate', 'hs_email_direction', 'hs_email_subject'],
};

export interface EngagementsStep {
  readonly items: Activity[];
  readonly window: SearchWindow;
  readonly done: boolean;
}

/** Up to 1,000 engagements of one type from the window, with their contacts. */
export async function readEngagementsStep(
  api: HubSpotApi,
  objectType: EngagementType,
  window: SearchWindow,
  lookbackMs: number,
): Promise<EngagementsStep> {
  const query = {
    objectType,
    modifiedProperty: 'hs_lastmodifieddate',
    properties: PROPERTIES[objectType],
    lookbackMs,
  };
  const gathered: HsObject[] = [];
  let current = window;
  let done = false;
  for (let i = 0; i < PAGES_PER_ASSOCIATION_READ && !done; i++) {
    const step = await searchWindowStep(api, query, current);
    gathered.push(...step.fresh);
    current = step.next;
    done = step.done;
  }
  const contacts = await readContactAssociations(
    api,
    objectType,
    gathered.map((o) => o.id),
  );
  const items = gathered.flatMap((o) => engagementToActivities(objectType, o, contacts.get(o.id) ?? []));
  return { items, window: current, done };
}

/** https://developers.hubspot.com/docs/api-reference/crm-associations-v4/batch/read */
async function readContactAssociations(
  api: HubSpotApi,
  objectType: string,
  ids: readonly string[],
): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (let i = 0; i < ids.length; i += ASSOCIATION_BATCH) {
    const { data } = await api.call(
      {
        family: 'associations',
        method: 'POST',
        path: `/crm/v4/associations/${objectType}/contacts/batch/read`,
        body: { inputs: ids.slice(i, i + ASSOCIATION_BATCH).map((id) => ({ id })) },
      },
      HsAssociationBatch,
    );
    for (const r of data.results)
      out.set(
        r.from.id,
        r.to.map((t) => t.toObjectId),
      );
  }
  return out;
}
