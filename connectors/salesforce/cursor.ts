/**
 * Opaque cursors: base64url JSON of one keyset position per stream (`{ v: 1, streams: { Lead: {ts, id} } }`).
 * A cursor that does not decode means "start over" (style rule 7: an unreadable checkpoint is a full
 * resync, never a crash); the caller logs it.
 */
import { z } from 'zod';
import type { KeysetPosition } from './soql.ts';

const Position = z.object({ ts: z.iso.datetime({ offset: true }), id: z.string().min(1) });
/** `seen`: per stream, `id@ts#content` of the records read in the lookback tail, so the next overlap drops them. */
const CursorBody = z.object({
  v: z.literal(1),
  streams: z.record(z.string(), Position.nullable()),
  seen: z.record(z.string(), z.array(z.string())).optional(),
  /** `windows`: per stream, the SystemModstamp window size (ms) it had narrowed to on QUERY_TIMEOUT (query-window.ts). */
  windows: z.record(z.string(), z.number().int().positive()).optional(),
});

export type StreamPositions = Readonly<Record<string, KeysetPosition | null>>;
export type StreamSeen = Readonly<Record<string, readonly string[]>>;
export type StreamWindows = Readonly<Record<string, number>>;

export function encodeCursor(streams: StreamPositions, seen?: StreamSeen, windows?: StreamWindows): string {
  const body = {
    v: 1,
    streams,
    ...(seen ? { seen } : {}),
    ...(windows && Object.keys(windows).length > 0 ? { windows } : {}),
  };
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
}

function decodeBody(cursor: string | null) {
  if (!cursor) return null;
  try {
    const parsed = CursorBody.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The window sizes the streams had narrowed to; empty when none did or the cursor is unreadable. */
export function decodeWindows(cursor: string | null): StreamWindows {
  return decodeBody(cursor)?.windows ?? {};
}

/** The lookback tail's `id@ts#content` keys of one stream; empty when there are none or the cursor is unreadable. */
export function decodeSeen(cursor: string | null, stream: string): readonly string[] {
  return decodeBody(cursor)?.seen?.[stream] ?? [];
}

/** Positions per stream, or `null` when there is no cursor or it cannot be read. */
export function decodeCursor(cursor: string | null): StreamPositions | null {
  return decodeBody(cursor)?.streams ?? null;
}

/**
 * Where each stream starts: `since` (``leadloop sync --since``) overrides the cursor for every stream;
 * `full` starts from the beginning; otherwise the decoded cursor. `unreadable` tells the caller to log.
 * `inherit`: a stream the cursor does not name (added after it was written) starts where that stream
 * stands, so adding a stream does not re-read its whole history on upgrade.
 */
export function startPositions(
  cursor: string | null,
  options: { full?: boolean; since?: Date },
): { at: (stream: string, inherit?: string) => KeysetPosition | null; unreadable: boolean } {
  if (options.since) {
    const from: KeysetPosition = { ts: options.since.toISOString(), id: '' };
    return { at: () => from, unreadable: false };
  }
  const positions = options.full ? null : decodeCursor(cursor);
  return {
    at: (stream, inherit) => {
      if (!positions) return null;
      const own = Object.hasOwn(positions, stream) ? stream : inherit;
      return own && Object.hasOwn(positions, own) ? (positions[own] ?? null) : null;
    },
    unreadable: Boolean(cursor && !options.full && !positions),
  };
}
