/**
 * Sales engagements (meetings, calls, email replies): keyset search windows on `hs_lastmodifieddate`
 * (200 per call), then one associations v4 batch read per 1,000 engagements for their contacts
 * (https://developers.hubspot.com/docs/api-reference/crm-associations-v4/guide, batch read ≤ 1,000
 * inputs). No per-contact fan-out: a run with `a` changed engagements of one type costs
 * ⌈a/200⌉ searches + ⌈a/1000⌉ association reads.
 */
import type { Activity } from '../../src/domain/activity.ts';
import { SyncError } from '../../src/lib/errors.ts';
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
export async function readContactAssociations(
  api: HubSpotApi,
  objectType: string,
  ids: readonly string[],
): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  // An object with more associations than one page (a meeting with a long attendee list) answers with
  // `paging.next.after`; its next page is asked for in a later batch as `{ id, after }`.
  let pending: { id: string; after?: string }[] = ids.map((id) => ({ id }));
  const seen = new Set<string>();
  while (pending.length > 0) {
    const next: { id: string; after: string }[] = [];
    for (let i = 0; i < pending.length; i += ASSOCIATION_BATCH) {
      const { data } = await api.call(
        {
          family: 'associations',
          method: 'POST',
          path: `/crm/v4/associations/${objectType}/contacts/batch/read`,
          body: { inputs: pending.slice(i, i + ASSOCIATION_BATCH) },
        },
        HsAssociationBatch,
      );
      for (const r of data.results) {
        out.set(r.from.id, [...(out.get(r.from.id) ?? []), ...r.to.map((t) => t.toObjectId)]);
        const after = r.paging?.next?.after;
        if (!after) continue;
        const key = `${r.from.id}\u0000${after}`;
        if (seen.has(key))
          throw new SyncError(
            'transient',
            'HUBSPOT_PAGING_LOOP',
            `HubSpot repeated the associations cursor ${after} for ${objectType} ${r.from.id}`,
            { object: objectType, id: r.from.id, cursor: after },
          );
        seen.add(key);
        next.push({ id: r.from.id, after });
      }
    }
    pending = next;
  }
  return out;
}
