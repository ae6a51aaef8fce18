/**
 * Reads several keyset streams side by side (Task + Event + CampaignMember, or Opportunity +
 * OpportunityContactRole): every round packs each unfinished stream's next page into one `/composite`
 * call, and yields the rows with every stream's position so far, so the cursor resumes each stream on its own.
 * A first page the run already holds for a stream's exact SOQL (`beginPoll`, poll-round.ts) is not asked again.
 */
import { SyncError } from '../../src/lib/errors.ts';
import type { SalesforceClient } from './connection.ts';
import { compositeQueries, type QueryRead } from './composite-query.ts';
import { instancePath } from './instance-path.ts';
import { isoTime } from './map.ts';
import type { KeptPages } from './poll-round.ts';
import type { SfQueryResult, SfRecord } from './schemas.ts';
import type { KeysetPosition } from './soql.ts';

export interface StreamSpec {
  readonly key: string;
  readonly soql: string;
}

export interface StreamRound {
  readonly rows: ReadonlyMap<string, readonly SfRecord[]>;
  readonly positions: Readonly<Record<string, KeysetPosition | null>>;
}

export async function* readStreams(
  client: SalesforceClient,
  specs: readonly StreamSpec[],
  start: Readonly<Record<string, KeysetPosition | null>>,
  kept?: KeptPages,
): AsyncGenerator<StreamRound> {
  const positions: Record<string, KeysetPosition | null> = { ...start };
  let reads: QueryRead[] = specs.map((s) => ({ key: s.key, soql: s.soql }));
  let maxRounds = 1;
  for (let round = 0; reads.length > 0; round++) {
    if (round >= maxRounds)
      throw new SyncError('transient', 'SF_QUERY_RUNAWAY', 'composite stream read did not finish');
    const results = new Map<string, SfQueryResult>();
    const ask: QueryRead[] = [];
    for (const read of reads) {
      const page = round === 0 && 'soql' in read ? kept?.take(read.soql) : undefined;
      if (page) results.set(read.key, page);
      else ask.push(read);
    }
    if (ask.length > 0) for (const [k, v] of await compositeQueries(client, ask)) results.set(k, v);
    const rows = new Map<string, SfRecord[]>();
    const next: QueryRead[] = [];
    for (const [key, result] of results) {
      rows.set(key, result.records);
      const last = result.records.at(-1);
      const ts = last ? isoTime(last['SystemModstamp']) : null;
      if (last && ts) positions[key] = { ts, id: last.Id };
      if (!result.done && result.nextRecordsUrl) {
        const path = instancePath(result.nextRecordsUrl, client.conn.instanceUrl, 'nextRecordsUrl');
        next.push({ key, next: path });
      }
      // Bound the loop by the smallest batch Salesforce may choose (200 rows a page).
      if (round === 0) maxRounds = Math.max(maxRounds, Math.ceil(result.totalSize / 200) + 1);
    }
    yield { rows, positions: { ...positions } };
    reads = next;
  }
}
