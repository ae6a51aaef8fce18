/**
 * Marketing email behaviour from the legacy Email Events API (opens, clicks, bounces, unsubscribes as
 * STATUSCHANGE), one stream per type, `startTimestamp`/`endTimestamp` window, `offset`/`hasMore` paging.
 * The API names the recipient by address only, so activities carry `recordId: 'email:<address>'` and the
 * engine resolves them through its links instead of one lookup call per recipient. An event carrying
 * `obsoletedBy` is superseded by the follow-on it names and is dropped; the follow-on counts.
 * https://developers.hubspot.com/docs/api-reference/legacy/email-analytics-v1/guide
 */
import { z } from 'zod';
import type { Activity } from '../../src/domain/activity.ts';
import { SyncError } from '../../src/lib/errors.ts';
import type { HubSpotApi } from './api.ts';
import { emailEventToActivity } from './map.ts';
import { HsEmailEventsPage } from './schemas.ts';

export const EMAIL_EVENT_TYPES = ['BOUNCE', 'CLICK', 'OPEN', 'STATUSCHANGE'] as const;
export const EMAIL_EVENTS_PAGE_SIZE = 1000;

const HsEmailCampaign = z.object({ id: z.union([z.number(), z.string()]), name: z.string().nullish() });

export interface EmailEventsStep {
  readonly items: Activity[];
  readonly offset: string | undefined;
}

/** Campaign names, one call per campaign per connector instance. */
export class CampaignNames {
  private readonly names = new Map<string, Promise<string | null>>();
  private readonly api: HubSpotApi;

  constructor(api: HubSpotApi) {
    this.api = api;
  }

  /** https://developers.hubspot.com/docs/api-reference/legacy/email-analytics-v1/guide (campaign data) */
  name(id: string): Promise<string | null> {
    let name = this.names.get(id);
    if (!name) {
      name = this.api
        .call(
          {
            family: 'email-campaigns',
            method: 'GET',
            path: `/email/public/v1/campaigns/${encodeURIComponent(id)}`,
          },
          HsEmailCampaign,
        )
        .then((r) => r.data.name ?? null)
        .catch((err: unknown) => {
          // A deleted campaign is no reason to stop: the activity keeps the campaign id instead.
          if (err instanceof SyncError && (err.kind === 'config' || err.kind === 'record')) return null;
          this.names.delete(id);
          throw err;
        });
      this.names.set(id, name);
    }
    return name;
  }
}

export async function readEmailEventsPage(
  api: HubSpotApi,
  campaigns: CampaignNames,
  eventType: string,
  lo: number,
  hi: number,
  offset: string | undefined,
): Promise<EmailEventsStep> {
  const { data } = await api.call(
    {
      family: 'email-events',
      method: 'GET',
      path: '/email/public/v1/events',
      qs: { eventType, startTimestamp: lo, endTimestamp: hi, limit: EMAIL_EVENTS_PAGE_SIZE, offset },
    },
    HsEmailEventsPage,
  );
  const items: Activity[] = [];
  for (const event of data.events) {
    // HubSpot superseded it with the event it names, which this stream reads too: counting both would
    // count one open or click twice. The follow-on comes later, so a window without it reads it next time.
    if (event.obsoletedBy) continue;
    const id = event.emailCampaignId;
    const name = id === null || id === undefined ? null : await campaigns.name(String(id));
    const activity = emailEventToActivity(event, name);
    if (activity) items.push(activity);
  }
  return { items, offset: data.hasMore === true && data.offset ? data.offset : undefined };
}
