/**
 * Reads several keyset streams side by side (Task + Event + CampaignMember, or Opportunity +
 * OpportunityContactRole): every round packs each unfinished stream's next page into one `/composite`
 * call, and yields the rows with every stream's position so far, so the cursor resumes each stream on its own.
 * A first page the run already holds for a stream's exact SOQL (`beginPoll`, poll-round.ts) is not asked again.
 * Specs may start behind the cursor (the lookback, lookback.ts): rows the previous pull read there, named
 * `id@ts#content` in `seen`, are dropped, and a stream's position never moves back behind where it started.
 * A stream with a `window` whose query answers `QUERY_TIMEOUT` is narrowed into SystemModstamp windows as
 * the record pull is (query-window.ts): its next query ends earlier, the other streams read on meanwhile.
 * The size it ends on is in every round (`windows`) for the cursor, so the next run starts that narrow
 * rather than meeting the same timeouts again, and widens step by step from there.
 */
import { SyncError } from '../../src/lib/errors.ts';
import type { Logger } from '../../src/lib/logger.ts';
import type { SalesforceClient } from './connection.ts';
import { compositeQueriesSettled, type QueryRead } from './composite-query.ts';
import { instancePath } from './instance-path.ts';
import { isoTime } from './map.ts';
import type { KeptPages } from './poll-round.ts';
import {
  afterTimeout,
  afterWindow,
  initialWindow,
  NARROWEST_WINDOW_MS,
  rememberedSize,
  windowEnd,
  windowTimeoutError,
  type WindowState,
} from './query-window.ts';
import type { SfQueryResult, SfRecord } from './schemas.ts';
import { seenMatcher, tailKeys, type ReadVersion } from './lookback.ts';
import type { KeysetPosition } from './soql.ts';
import { isQueryTimeout, oldestStampMs } from './windowed-pages.ts';

/** How a stream's keyset query is rebuilt over a narrower SystemModstamp window. */
export interface StreamWindow {
  /** The object queried: named in the error and asked for its oldest stamp. */
  readonly object: string;
  /** Where the spec's SOQL starts (behind the cursor's position by the lookback). */
  readonly after: KeysetPosition | null;
  readonly signpost: Date;
  /** The stream's SOQL from `after` up to `upper`, inclusive. */
  readonly soql: (after: KeysetPosition | null, upper: Date) => string;
  /** The window size a previous run narrowed to (from the cursor); applies when resuming from `after`. */
  readonly sizeMs?: number;
}

export interface StreamSpec {
  readonly key: string;
  readonly soql: string;
  /** Without it a `QUERY_TIMEOUT` stops the read. */
  readonly window?: StreamWindow;
}

export interface StreamRound {
  /** New rows per stream: those of the overlap the previous pull read are left out. */
  readonly rows: ReadonlyMap<string, readonly SfRecord[]>;
  readonly positions: Readonly<Record<string, KeysetPosition | null>>;
  /** Per stream, the `id@ts#content` keys read within the lookback of its position, for the cursor. */
  readonly seen: Readonly<Record<string, readonly string[]>>;
  /** Per stream that has narrowed (this run or a previous one), the window size to resume with. */
  readonly windows: Readonly<Record<string, number>>;
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

/** A windowed stream's progress: where its next query starts, the window it reads, the rows read there. */
interface WindowedStream {
  readonly spec: StreamWindow;
  readAt: KeysetPosition | null;
  state: WindowState;
  endMs: number;
  rows: number;
}

function firstWindow(spec: StreamWindow): { state: WindowState; endMs: number } {
  const coveredMs = spec.after ? Date.parse(spec.after.ts) : null;
  const signpostMs = spec.signpost.getTime();
  // A full pull has nothing to resume: it sends one query over everything and narrows only if that times out.
  if (coveredMs === null || spec.sizeMs === undefined)
    return { state: initialWindow(coveredMs), endMs: signpostMs };
  return {
    state: initialWindow(coveredMs, spec.sizeMs),
    endMs: windowEnd(coveredMs, signpostMs, spec.sizeMs),
  };
}

/** A stream read in windows: its first query already as narrow as the remembered size says. */
export function windowedSpec(key: string, window: StreamWindow): StreamSpec {
  return { key, soql: window.soql(window.after, new Date(firstWindow(window).endMs)), window };
}

function windowedStream(spec: StreamWindow): WindowedStream {
  return { spec, readAt: spec.after, ...firstWindow(spec), rows: 0 };
}

/** The query after `w`'s window timed out: the same or a narrower window, or the stop naming the stream. */
async function narrowAfterTimeout(
  client: SalesforceClient,
  key: string,
  w: WindowedStream,
  err: SyncError,
  logger: Logger | undefined,
): Promise<QueryRead> {
  let coveredMs = w.state.coveredMs;
  if (coveredMs === null) {
    const oldest = await oldestStampMs(client, w.spec);
    if (oldest === null) throw err;
    coveredMs = oldest - NARROWEST_WINDOW_MS;
  }
  const step = afterTimeout(w.state, coveredMs, w.endMs);
  if ('exhausted' in step) throw windowTimeoutError(key, coveredMs, w.endMs, step.exhausted.timeouts, err);
  const from = new Date(coveredMs).toISOString();
  const to = new Date(w.endMs).toISOString();
  w.state = step.state;
  w.endMs = windowEnd(coveredMs, w.spec.signpost.getTime(), w.state.sizeMs);
  w.rows = 0;
  logger?.info({ stream: key, from, to, windowMs: w.state.sizeMs }, 'QUERY_TIMEOUT: narrowing the window');
  return { key, soql: w.spec.soql(w.readAt, new Date(w.endMs)) };
}

export async function* readStreams(
  client: SalesforceClient,
  specs: readonly StreamSpec[],
  start: Readonly<Record<string, KeysetPosition | null>>,
  kept?: KeptPages,
  lookback: StreamLookback = { ms: 0, seen: {} },
  logger?: Logger,
): AsyncGenerator<StreamRound> {
  const positions: Record<string, KeysetPosition | null> = { ...start };
  const seen: Record<string, readonly string[]> = { ...lookback.seen };
  const dropped = new Map(Object.entries(lookback.seen).map(([k, keys]) => [k, seenMatcher(keys)]));
  const windowed = new Map<string, WindowedStream>();
  const windows: Record<string, number> = {};
  for (const s of specs) {
    if (!s.window) continue;
    const w = windowedStream(s.window);
    windowed.set(s.key, w);
    if (w.state.sizeMs !== undefined) windows[s.key] = w.state.sizeMs;
  }
  let reads: QueryRead[] = specs.map((s) => ({ key: s.key, soql: s.soql }));
  let maxRounds = 1;
  for (let round = 0; reads.length > 0; round++) {
    if (round >= maxRounds)
      throw new SyncError('transient', 'SF_QUERY_RUNAWAY', 'composite stream read did not finish');
    const results = new Map<string, SfQueryResult | SyncError>();
    const ask: QueryRead[] = [];
    for (const read of reads) {
      const page = 'soql' in read ? kept?.take(read.soql) : undefined;
      if (page) results.set(read.key, page);
      else ask.push(read);
    }
    if (ask.length > 0) {
      // Through `kept`, a round shares its call with other streams' next pages and takes those read ahead.
      const answers = kept ? await kept.nextSettled(client, ask) : await compositeQueriesSettled(client, ask);
      for (const [k, v] of answers) results.set(k, v);
    }
    const rows = new Map<string, SfRecord[]>();
    const next: QueryRead[] = [];
    const fresh = new Set(reads.filter((r) => 'soql' in r).map((r) => r.key));
    for (const [key, result] of results) {
      const w = windowed.get(key);
      if (result instanceof SyncError) {
        // Only a window's first page narrows: a timeout on queryMore leaves the window half read.
        if (!w || !fresh.has(key) || !isQueryTimeout(result)) throw result;
        next.push(await narrowAfterTimeout(client, key, w, result, logger));
        if (w.state.sizeMs !== undefined) windows[key] = w.state.sizeMs;
        maxRounds = Math.max(maxRounds, round + 2);
        continue;
      }
      const known = dropped.get(key);
      const read = result.records.map(rowKey);
      rows.set(key, known ? result.records.filter((r) => !known(rowKey(r))) : result.records);
      const last = result.records.at(-1);
      const ts = last ? isoTime(last['SystemModstamp']) : null;
      // A page of the overlap lies behind the cursor: it must not move the position back.
      if (last && ts) positions[key] = later(positions[key], { ts, id: last.Id });
      if (w) {
        w.rows += result.records.length;
        if (last && ts) w.readAt = { ts, id: last.Id };
      }
      const at = positions[key];
      if (lookback.ms > 0 && at) seen[key] = tailKeys(seen[key] ?? [], read, at.ts, lookback.ms);
      // Bound the loop by the smallest batch Salesforce may choose (200 rows a page).
      if (fresh.has(key)) maxRounds = Math.max(maxRounds, round + Math.ceil(result.totalSize / 200) + 1);
      if (!result.done && result.nextRecordsUrl) {
        const path = instancePath(result.nextRecordsUrl, client.conn.instanceUrl, 'nextRecordsUrl');
        next.push({ key, next: path });
        continue;
      }
      const after = w ? afterWindow(w.state, w.endMs, w.spec.signpost.getTime(), w.rows) : null;
      if (w && after && after.coveredMs !== null) {
        w.state = after;
        w.endMs = windowEnd(after.coveredMs, w.spec.signpost.getTime(), after.sizeMs);
        w.rows = 0;
        next.push({ key, soql: w.spec.soql(w.readAt, new Date(w.endMs)) });
        maxRounds = Math.max(maxRounds, round + 2);
        if (after.sizeMs !== undefined) windows[key] = after.sizeMs;
      } else if (w) {
        const size = rememberedSize(w.state, w.rows);
        if (size === undefined) delete windows[key];
        else windows[key] = size;
      }
    }
    yield { rows, positions: { ...positions }, seen: { ...seen }, windows: { ...windows } };
    reads = next;
  }
}
