/**
 * Reads several keyset streams side by side (Task + Event + CampaignMember, or Opportunity +
 * OpportunityContactRole): every round packs each unfinished stream's next page into one `/composite`
 * call, and yields the rows with every stream's position so far, so the cursor resumes each stream on its own.
 * A first page the run already holds for a stream's exact SOQL (`beginPoll`, poll-round.ts) is not asked again.
 * Specs may start behind the cursor (the lookback, lookback.ts): rows the previous pull read there, named
 * `id@ts#content` in `seen`, are dropped, and a stream's position never moves back behind where it started.
 */
import { SyncError } from '../../src/lib/errors.ts';
import type { SalesforceClient } from './connection.ts';
import { compositeQueries, type QueryRead } from './composite-query.ts';
import { instancePath } from './instance-path.ts';
import { isoTime } from './map.ts';
import type { KeptPages } from './poll-round.ts';
import type { SfQueryResult, SfRecord } from './schemas.ts';
import { seenMatcher, tailKeys, type ReadVersion } from './lookback.ts';
import type { KeysetPosition } from './soql.ts';

export interface StreamSpec {
  readonly key: string;
  readonly soql: string;
}

export interface StreamRound {
  /** New rows per stream: those of the overlap the previous pull read are left out. */
  readonly rows: ReadonlyMap<string, readonly SfRecord[]>;
  readonly positions: Readonly<Record<string, KeysetPosition | null>>;
  /** Per stream, the `id@ts#content` keys read within the lookback of its position, for the cursor. */
  readonly seen: Readonly<Record<string, readonly string[]>>;
}

/** The overlap a resumed read re-reads: how far behind its start each spec's SOQL begins, and what was read there. */
export interface StreamLookback {
  readonly ms: number;
  readonly seen: Readonly<Record<string, readonly string[]>>;
}

function later(a: KeysetPosition | null | undefined, b: KeysetPosition): KeysetPosition {
  if (!a) return b;
  return b.ts > a.ts || (b.ts === a.ts && b.id > a.id) ? b : a;
}

function rowKey(row: SfRecord): ReadVersion {
  return { id: row.Id, modifiedAt: isoTime(row['SystemModstamp']) ?? '', content: row };
}

export async function* readStreams(
  client: SalesforceClient,
  specs: readonly StreamSpec[],
  start: Readonly<Record<string, KeysetPosition | null>>,
  kept?: KeptPages,
  lookback: StreamLookback = { ms: 0, seen: {} },
): AsyncGenerator<StreamRound> {
  const positions: Record<string, KeysetPosition | null> = { ...start };
  const seen: Record<string, readonly string[]> = { ...lookback.seen };
  const dropped = new Map(Object.entries(lookback.seen).map(([k, keys]) => [k, seenMatcher(keys)]));
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
    if (ask.length > 0) {
      // Through `kept`, a round shares its call with other streams' next pages and takes those read ahead.
      const answers = kept ? await kept.next(client, ask) : await compositeQueries(client, ask);
      for (const [k, v] of answers) results.set(k, v);
    }
    const rows = new Map<string, SfRecord[]>();
    const next: QueryRead[] = [];
    for (const [key, result] of results) {
      const known = dropped.get(key);
      const read = result.records.map(rowKey);
      rows.set(key, known ? result.records.filter((r) => !known(rowKey(r))) : result.records);
      const last = result.records.at(-1);
      const ts = last ? isoTime(last['SystemModstamp']) : null;
      // A page of the overlap lies behind the cursor: it must not move the position back.
      if (last && ts) positions[key] = later(positions[key], { ts, id: last.Id });
      const at = positions[key];
      if (lookback.ms > 0 && at) seen[key] = tailKeys(seen[key] ?? [], read, at.ts, lookback.ms);
      if (!result.done && result.nextRecordsUrl) {
        const path = instancePath(result.nextRecordsUrl, client.conn.instanceUrl, 'nextRecordsUrl');
        next.push({ key, next: path });
      }
      // Bound the loop by the smallest batch Salesforce may choose (200 rows a page).
      if (round === 0) maxRounds = Math.max(maxRounds, Math.ceil(result.totalSize / 200) + 1);
    }
    yield { rows, positions: { ...positions }, seen: { ...seen } };
    reads = next;
  }
}
