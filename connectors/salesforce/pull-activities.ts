/**
 * `pullActivities`: Task (calls, emails), Event (meetings) and responded CampaignMember rows changed since
 * the cursor, normalised to `Activity` with `recordId` = the Lead/Contact id, and the Shared Activities
 * relations (TaskWhoRelation, EventWhoRelation), so a Task related to three Contacts counts for all three
 * (map-who-relations.ts). The five keyset queries go out in one `/composite` call per round (1 API call
 * instead of 5, the most one composite holds; limits A5 ⌈q/5⌉). A pull from a cursor re-reads `lookbackMs`
 * behind each stream's position for late commits, as Lead and Contact pulls do (lookback.ts); the rows it
 * had read there are dropped, so the overlap adds neither writes nor engagement twice. A stream whose
 * query times out (`QUERY_TIMEOUT`, an unselective scan of a large Task table) is read in narrower
 * SystemModstamp windows (stream-reader.ts), each stream's position still only at rows it was given.
 * Each Task and Event row also lists its people in full (`TaskWhoRelations` subquery): a page's `people`,
 * so the engine drops the copy of someone taken off it. A relation row deleted alone leaves no trace an
 * incremental query shows (sandbox README, Shared Activities); a full pull re-reads every Task and Event.
 * Task and Event rows are read through queryAll deleted ones included: a deleted Task (in the recycle bin,
 * `IsDeleted`, stamped when deleted) is a page's `removed`, so its points leave the ledger with its copies.
 * Objects: https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_task.htm
 */
import { SyncError } from '../../src/lib/errors.ts';
import type { Logger } from '../../src/lib/logger.ts';
import type { Activity, ActivityPage, ActivityPeople, RemovedActivity } from '../../src/domain/activity.ts';
import type { PullOptions } from '../types.ts';
import type { SalesforceClient } from './connection.ts';
import { encodeCursor } from './cursor.ts';
import { campaignMemberToActivity, eventToActivity, taskToActivity } from './map.ts';
import {
  activityPeople,
  whoRelationFields,
  whoRelationsSubquery,
  whoRelationToActivity,
  type ActivityParent,
} from './map-who-relations.ts';
import type { SfRecord } from './schemas.ts';
import { keysetQuery, type KeysetPosition } from './soql.ts';
import type { KeptPages } from './poll-round.ts';
import { readStreams, windowedSpec, type StreamSpec } from './stream-reader.ts';
import { streamStarts } from './stream-starts.ts';

interface ActivityStream {
  readonly object: string;
  readonly fields: readonly string[];
  readonly where: string;
  readonly map: (r: SfRecord) => Activity | null;
  /**
   * A relation stream: exists only in orgs with Shared Activities, and a cursor written before it existed
   * starts it where its parent stream stands (relation rows carry their activity's stamp or a later one), so
   * an upgrade does not re-read all history; shared activities older than that need a `--full` pull.
   */
  readonly parent?: string;
  /** An activity with Shared Activities' people: its rows list them all (`whoRelationsSubquery`). */
  readonly people?: ActivityParent;
  /** Deleted rows are read too (`IsDeleted`): each a removed activity. */
  readonly deletions?: true;
}

const TASK_FIELDS = ['WhoId', 'Subject', 'TaskSubtype', 'CallType', 'ActivityDate', 'CreatedDate'];
const EVENT_FIELDS = ['WhoId', 'Subject', 'StartDateTime', 'ActivityDateTime', 'CreatedDate'];

const STREAMS: readonly ActivityStream[] = [
  {
    object: 'Task',
    fields: [...TASK_FIELDS, 'IsDeleted'],
    where: 'WhoId != null',
    map: taskToActivity,
    people: 'Task',
    deletions: true,
  },
  {
    object: 'Event',
    fields: [...EVENT_FIELDS, 'IsDeleted'],
    where: 'WhoId != null',
    map: eventToActivity,
    people: 'Event',
    deletions: true,
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
  {
    object: 'TaskWhoRelation',
    fields: whoRelationFields('Task', TASK_FIELDS),
    where: 'IsDeleted = false',
    map: whoRelationToActivity('Task', taskToActivity),
    parent: 'Task',
  },
  {
    object: 'EventWhoRelation',
    fields: whoRelationFields('Event', EVENT_FIELDS),
    where: 'IsDeleted = false',
    map: whoRelationToActivity('Event', eventToActivity),
    parent: 'Event',
  },
];

/** Clients of orgs found without Shared Activities (the relation objects answered `INVALID_TYPE`). */
const withoutSharedActivities = new WeakSet<SalesforceClient>();

function isMissingRelationObject(err: unknown): boolean {
  const key = err instanceof SyncError ? err.context['key'] : undefined;
  return (
    err instanceof SyncError &&
    err.code === 'INVALID_TYPE' &&
    STREAMS.some((s) => (s.parent !== undefined || s.people !== undefined) && s.object === key)
  );
}

/**
 * The stream's keyset SOQL; with Shared Activities a Task / Event also selects its people. The subquery
 * is spliced into the select list, as keysetQuery validates identifiers, not subqueries.
 */
function streamQuery(
  s: ActivityStream,
  sharedActivities: boolean,
  after: KeysetPosition | null,
  upper: Date,
) {
  const soql = keysetQuery({ object: s.object, fields: s.fields, after, signpost: upper, where: s.where });
  if (!sharedActivities || s.people === undefined) return soql;
  return soql.replace(
    ` FROM ${s.object} WHERE`,
    `, ${whoRelationsSubquery(s.people)} FROM ${s.object} WHERE`,
  );
}

/** Each activity stream's first query from `cursor`: what `pullActivities` sends and `beginPoll` prefetches. */
export function activitySpecs(
  cursor: string | null,
  options: PullOptions,
  lookbackMs: number,
  sharedActivities = true,
) {
  const streams = STREAMS.filter((s) => sharedActivities || s.parent === undefined);
  const starts = streamStarts(cursor, options, lookbackMs, streams);
  const specs: StreamSpec[] = streams.map((s) => {
    const soql = (after: KeysetPosition | null, upper: Date) =>
      streamQuery(s, sharedActivities, after, upper);
    const after = starts.query[s.object] ?? null;
    const sizeMs = starts.windows[s.object];
    return windowedSpec(s.object, {
      object: s.object,
      after,
      signpost: options.signpost,
      soql,
      ...(sizeMs === undefined ? {} : { sizeMs }),
    });
  });
  return { streams, specs, ...starts };
}

export async function* pullActivities(
  client: SalesforceClient,
  logger: Logger,
  cursor: string | null,
  options: PullOptions,
  lookbackMs: number,
  kept?: KeptPages,
): AsyncGenerator<ActivityPage> {
  const shared = !withoutSharedActivities.has(client);
  const { streams, specs, start, lookback, unreadable } = activitySpecs(cursor, options, lookbackMs, shared);
  if (unreadable) logger.warn('unreadable Salesforce activity cursor: pulling everything again');
  let rounds = 0;
  try {
    for await (const round of readStreams(client, specs, start, kept, lookback, logger)) {
      rounds++;
      const items: Activity[] = [];
      const people: ActivityPeople[] = [];
      const removed: RemovedActivity[] = [];
      for (const stream of streams) {
        for (const r of round.rows.get(stream.object) ?? []) {
          if (stream.deletions && r['IsDeleted'] === true) {
            removed.push({ crm: 'salesforce', activityId: r.Id });
            continue;
          }
          const activity = stream.map(r);
          if (activity) items.push(activity);
          const listed = stream.people && activityPeople(stream.people, r);
          if (listed) people.push(listed);
        }
      }
      const moved = [...round.rows.values()].some((rows) => rows.length > 0);
      if (moved)
        yield { items, cursor: encodeCursor(round.positions, round.seen, round.windows), people, removed };
    }
  } catch (err) {
    // An org that never enabled Shared Activities has no relation objects: its activities count for WhoId.
    if (!shared || rounds > 0 || !isMissingRelationObject(err)) throw err;
    withoutSharedActivities.add(client);
    logger.info('Salesforce org without Shared Activities: each Task and Event counts for its WhoId only');
    yield* pullActivities(client, logger, cursor, options, lookbackMs, kept);
  }
}
