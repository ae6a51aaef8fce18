/**
 * `pullActivities`: Task (calls, emails), Event (meetings) and responded CampaignMember rows changed since
 * the cursor, normalised to `Activity` with `recordId` = the Lead/Contact id. The three keyset queries go
 * out in one `/composite` call per round (1 API call instead of 3; limits A5 ⌈q/5⌉).
 * Objects: https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_task.htm
 */
import type { Logger } from '../../src/lib/logger.ts';
import type { Activity } from '../../src/domain/activity.ts';
import type { Page } from '../../src/domain/person.ts';
import type { PullOptions } from '../types.ts';
import type { SalesforceClient } from './connection.ts';
import { encodeCursor, startPositions } from './cursor.ts';
import { campaignMemberToActivity, eventToActivity, taskToActivity } from './map.ts';
import type { SfRecord } from './schemas.ts';
import { keysetQuery } from './soql.ts';
import type { KeptPages } from './poll-round.ts';
import { readStreams, type StreamSpec } from './stream-reader.ts';

interface ActivityStream {
  readonly object: string;
  readonly fields: readonly string[];
  readonly where: string;
  readonly map: (r: SfRecord) => Activity | null;
}

const STREAMS: readonly ActivityStream[] = [
  {
    object: 'Task',
    fields: ['WhoId', 'Subject', 'TaskSubtype', 'CallType', 'ActivityDate', 'CreatedDate'],
    where: 'WhoId != null AND IsDeleted = false',
    map: taskToActivity,
  },
  {
    object: 'Event',
    fields: ['WhoId', 'Subject', 'StartDateTime', 'ActivityDateTime', 'CreatedDate'],
    where: 'WhoId != null AND IsDeleted = false',
    map: eventToActivity,
  },
  {
    object: 'CampaignMember',
    fields: [
      'LeadId',
      'ContactId',
      'HasResponded',
      'FirstRespondedDate',
      'CreatedDate',
      'Campaign.Name',
      'Campaign.Type',
    ],
    where: 'HasResponded = true AND IsDeleted = false',
    map: campaignMemberToActivity,
  },
];

/** Each activity stream's first query from `cursor`: what `pullActivities` sends and `beginPoll` prefetches. */
export function activitySpecs(cursor: string | null, options: PullOptions) {
  const positions = startPositions(cursor, options);
  const start = Object.fromEntries(STREAMS.map((s) => [s.object, positions.at(s.object)]));
  const specs: StreamSpec[] = STREAMS.map((s) => ({
    key: s.object,
    soql: keysetQuery({
      object: s.object,
      fields: s.fields,
      after: start[s.object] ?? null,
      signpost: options.signpost,
      where: s.where,
    }),
  }));
  return { specs, start, unreadable: positions.unreadable };
}

export async function* pullActivities(
  client: SalesforceClient,
  logger: Logger,
  cursor: string | null,
  options: PullOptions,
  kept?: KeptPages,
): AsyncGenerator<Page<Activity>> {
  const { specs, start, unreadable } = activitySpecs(cursor, options);
  if (unreadable) logger.warn('unreadable Salesforce activity cursor: pulling everything again');
  for await (const round of readStreams(client, specs, start, kept)) {
    const items: Activity[] = [];
    for (const stream of STREAMS) {
      for (const r of round.rows.get(stream.object) ?? []) {
        const activity = stream.map(r);
        if (activity) items.push(activity);
      }
    }
    const moved = [...round.rows.values()].some((rows) => rows.length > 0);
    if (moved) yield { items, cursor: encodeCursor(round.positions) };
  }
}
