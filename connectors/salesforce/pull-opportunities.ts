/**
 * `pullOpportunities`: Opportunity rows (with their OpportunityContactRoles as a child subquery) changed
 * since the cursor, plus Opportunities whose contact roles changed without touching the Opportunity itself
 * (a role added to an open deal is the SQL evidence). Both keyset queries share one `/composite` call.
 * A pull from a cursor re-reads `lookbackMs` behind each stream for late commits (lookback.ts), dropping
 * the rows it had read there. A stream whose query answers `QUERY_TIMEOUT` is read in narrower
 * SystemModstamp windows, as the activity streams are (stream-reader.ts, query-window.ts).
 * https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_opportunitycontactrole.htm
 */
import type { Logger } from '../../src/lib/logger.ts';
import type { Opportunity } from '../../src/domain/opportunity.ts';
import type { Page } from '../../src/domain/person.ts';
import type { PullOptions } from '../types.ts';
import type { SalesforceClient } from './connection.ts';
import { encodeCursor } from './cursor.ts';
import { toOpportunity } from './map.ts';
import { queryPages } from './query-pages.ts';
import { idIn, keysetQuery, selectList, type KeysetPosition } from './soql.ts';
import type { KeptPages } from './poll-round.ts';
import { readStreams, windowedSpec, type StreamSpec } from './stream-reader.ts';
import { streamStarts } from './stream-starts.ts';

const OPPORTUNITY_FIELDS = ['Name', 'StageName', 'Amount', 'IsClosed', 'IsWon', 'CloseDate', 'CreatedDate'];
const ROLES_SUBQUERY = '(SELECT ContactId FROM OpportunityContactRoles)';
/** Ids per `Id IN (...)` lookup: keeps the URI far below the 16 KB request-line limit. */
const ID_CHUNK = 200;

function opportunitySelect(where: string): string {
  return `SELECT ${selectList(['Id', 'SystemModstamp', ...OPPORTUNITY_FIELDS])}, ${ROLES_SUBQUERY} FROM Opportunity WHERE ${where}`;
}

/** An Opportunity keyset query with its contact roles (spliced in: keysetQuery validates identifiers, not subqueries). */
function opportunityKeyset(after: KeysetPosition | null, upper: Date): string {
  const soql = keysetQuery({ object: 'Opportunity', fields: OPPORTUNITY_FIELDS, after, signpost: upper });
  return soql.replace(' FROM Opportunity WHERE', `, ${ROLES_SUBQUERY} FROM Opportunity WHERE`);
}

function roleKeyset(after: KeysetPosition | null, upper: Date): string {
  return keysetQuery({ object: 'OpportunityContactRole', fields: ['OpportunityId'], after, signpost: upper });
}

/**
 * The Opportunity and contact-role first queries from `cursor`: what the pull sends and `beginPoll` prefetches.
 * Each carries its window, so a `QUERY_TIMEOUT` on a large org's scan narrows it (stream-reader.ts).
 */
export function opportunitySpecs(cursor: string | null, options: PullOptions, lookbackMs: number) {
  const starts = streamStarts(cursor, options, lookbackMs, [
    { object: 'Opportunity' },
    { object: 'OpportunityContactRole' },
  ]);
  const streams = [
    { object: 'Opportunity', soql: opportunityKeyset },
    { object: 'OpportunityContactRole', soql: roleKeyset },
  ];
  const specs: StreamSpec[] = streams.map(({ object, soql }) => {
    const after = starts.query[object] ?? null;
    const sizeMs = starts.windows[object];
    return windowedSpec(object, {
      object,
      after,
      signpost: options.signpost,
      soql,
      ...(sizeMs === undefined ? {} : { sizeMs }),
    });
  });
  return { specs, ...starts };
}

export async function* pullOpportunities(
  client: SalesforceClient,
  logger: Logger,
  cursor: string | null,
  options: PullOptions,
  lookbackMs: number,
  kept?: KeptPages,
): AsyncGenerator<Page<Opportunity>> {
  const { specs, start, lookback, unreadable } = opportunitySpecs(cursor, options, lookbackMs);
  if (unreadable) logger.warn('unreadable Salesforce opportunity cursor: pulling everything again');
  for await (const round of readStreams(client, specs, start, kept, lookback, logger)) {
    const byId = new Map<string, Opportunity>();
    for (const r of round.rows.get('Opportunity') ?? []) byId.set(r.Id, toOpportunity(r));
    const touched = new Set<string>();
    for (const r of round.rows.get('OpportunityContactRole') ?? []) {
      const id = r['OpportunityId'];
      if (typeof id === 'string' && !byId.has(id)) touched.add(id);
    }
    // A pull from the beginning reads every Opportunity up to the signpost with its roles as child rows
    // (one stamped later waits for the next pull, which reads it by its own stamp): a role's deal needs no
    // lookup then, only incremental pulls, where a role can change without its deal.
    const ids = start['Opportunity'] === null ? [] : [...touched];
    for (let i = 0; i < ids.length; i += ID_CHUNK) {
      for await (const page of queryPages(client, opportunitySelect(idIn('Id', ids.slice(i, i + ID_CHUNK))), {
        all: false,
      })) {
        for (const r of page.records) byId.set(r.Id, toOpportunity(r));
      }
    }
    const moved = [...round.rows.values()].some((rows) => rows.length > 0);
    if (moved)
      yield { items: [...byId.values()], cursor: encodeCursor(round.positions, round.seen, round.windows) };
  }
}
