/**
 * Where each stream of a multi-stream pull (activities, opportunities) starts. `start` is the cursor's
 * position, which the read never moves back behind; `query` is where its SOQL begins, `lookbackMs` earlier
 * when resuming from a cursor, so rows committed late behind the position are read (lookback.ts); `lookback`
 * carries the keys the previous pull read in that overlap, to drop. `--since` and full pulls are not rewound.
 */
import type { PullOptions } from '../types.ts';
import { decodeSeen, decodeWindows, startPositions } from './cursor.ts';
import { rewind } from './lookback.ts';
import type { KeysetPosition } from './soql.ts';
import type { StreamLookback } from './stream-reader.ts';

export interface StreamStarts {
  readonly start: Readonly<Record<string, KeysetPosition | null>>;
  readonly query: Readonly<Record<string, KeysetPosition | null>>;
  readonly lookback: StreamLookback;
  /** Window sizes streams resumed from the cursor had narrowed to on QUERY_TIMEOUT: their first query is that wide. */
  readonly windows: Readonly<Record<string, number>>;
  readonly unreadable: boolean;
}

export function streamStarts(
  cursor: string | null,
  options: PullOptions,
  lookbackMs: number,
  streams: readonly { readonly object: string; readonly parent?: string }[],
): StreamStarts {
  const positions = startPositions(cursor, options);
  const start: Record<string, KeysetPosition | null> = {};
  const query: Record<string, KeysetPosition | null> = {};
  const seen: Record<string, readonly string[]> = {};
  const windows: Record<string, number> = {};
  const stored = decodeWindows(cursor);
  for (const s of streams) {
    const at = positions.at(s.object, s.parent);
    start[s.object] = at;
    // A stream the cursor does not name starts at its parent's position without an overlap: it never read
    // there, so it has no keys to drop, and re-reading would return its parent's old rows once more.
    const inherited = s.parent !== undefined && positions.at(s.object) === null;
    const fromCursor = at !== null && !options.since && !inherited;
    query[s.object] = fromCursor ? rewind(at, lookbackMs) : at;
    if (fromCursor) seen[s.object] = decodeSeen(cursor, s.object);
    const size = stored[s.object];
    if (fromCursor && size !== undefined) windows[s.object] = size;
  }
  return { start, query, lookback: { ms: lookbackMs, seen }, windows, unreadable: positions.unreadable };
}
