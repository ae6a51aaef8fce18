/**
 * Whether the portal serves Events v3 at all. It needs an Enterprise hub ("Requires one of the following
 * products or higher: Marketing Hub - Enterprise, …", https://developers.hubspot.com/docs/api/analytics/events);
 * below, it answers 403. That is a capability of the portal, not a failure: the activities pull goes on with
 * the streams every tier has (email events, engagements) and the connector reports the Events stream, and
 * the activity types only it carries, as unavailable.
 */
import type { ActivityType } from '../../src/domain/activity.ts';
import type { UnavailableStream } from '../../src/domain/unavailable-stream.ts';
import { SyncError } from '../../src/lib/errors.ts';
import type { HubSpotApi } from './api.ts';
import { readEventTypes } from './read-events.ts';
import { readForms, type HubSpotForm } from './read-form-submissions.ts';

/**
 * What only Events v3 carries: page views and the custom behavioural events. Form submissions it carries
 * too, but a portal without it still has them through the Forms API (`read-form-submissions.ts`).
 */
export const EVENTS_ONLY_ACTIVITY_TYPES: readonly ActivityType[] = [
  'campaign_response',
  'content_download',
  'custom',
  'page_view',
  'webinar',
];

/** Any 403 from Events: HubSpot documents no body for a missing product, so the status alone decides. */
export function isForbidden(err: unknown): err is SyncError {
  return err instanceof SyncError && err.context['status'] === 403;
}

export class EventsAccess {
  private types: Promise<string[]> | undefined;
  private refused: string | undefined;
  private readonly api: HubSpotApi;

  constructor(api: HubSpotApi) {
    this.api = api;
  }

  /** The portal's behaviour event types; none when Events answers 403. Read once per connector. */
  eventTypes(): Promise<string[]> {
    this.types ??= readEventTypes(this.api).catch((err: unknown) => {
      if (isForbidden(err)) {
        this.refuse(err);
        return [];
      }
      this.types = undefined;
      throw err;
    });
    return this.types;
  }

  /**
   * Forms whose submissions the Forms API must serve: the portal's forms when Events is refused, else none
   * (Events carries them, by contact id). Read per pull, so a new form is read from its first submission.
   */
  async forms(): Promise<HubSpotForm[]> {
    await this.eventTypes();
    return this.refused === undefined ? [] : readForms(this.api);
  }

  /** Events answered 403 (also mid-pull, should the portal lose the product while leadloop runs). */
  refuse(err: SyncError): void {
    const category = err.context['category'];
    this.refused = `Events v3 answered 403${typeof category === 'string' ? ` ${category}` : ''} (it needs an Enterprise hub)`;
  }

  /** Probes Events once (the cached event-types read), so `config validate --online` can ask before any sync. */
  async unavailable(): Promise<UnavailableStream[]> {
    await this.eventTypes();
    if (this.refused === undefined) return [];
    return [
      {
        crm: 'hubspot',
        stream: 'events',
        activityTypes: [...EVENTS_ONLY_ACTIVITY_TYPES],
        reason: this.refused,
      },
    ];
  }
}
