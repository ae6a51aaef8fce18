/**
 * Opaque cursors: base64url JSON of one keyset position per stream (`{ v: 1, streams: { Lead: {ts, id} } }`).
 * A cursor that does not decode means "start over" (style rule 7: an unreadable checkpoint is a full
 * resync, never a crash); the caller logs it.
 */
import { z } from 'zod';
import type { KeysetPosition } from './soql.ts';

const Position = z.object({ ts: z.iso.datetime({ offset: true }), id: z.string().min(1) });
const CursorBody = z.object({ v: z.literal(1), streams: z.record(z.string(), Position.nullable()) });

export type StreamPositions = Readonly<Record<string, KeysetPosition | null>>;

export function encodeCursor(streams: StreamPositions): string {
  return Buffer.from(JSON.stringify({ v: 1, streams }), 'utf8').toString('base64url');
}

/** Positions per stream, or `null` when there is no cursor or it cannot be read. */
export function decodeCursor(cursor: string | null): StreamPositions | null {
  if (!cursor) return null;
  try {
    const parsed = CursorBody.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data.streams : null;
  } catch {
    return null;
  }
}

/**
 * Where each stream starts: `since` (``leadloop sync --since``) overrides the cursor for every stream;
 * `full` starts from the beginning; otherwise the decoded cursor. `unreadable` tells the caller to log.
 */
export function startPositions(
  cursor: string | null,
  options: { full?: boolean; since?: Date },
): { at: (stream: string) => KeysetPosition | null; unreadable: boolean } {
  if (options.since) {
    const from: KeysetPosition = { ts: options.since.toISOString(), id: '' };
    return { at: () => from, unreadable: false };
  }
  const positions = options.full ? null : decodeCursor(cursor);
  return {
    at: (stream) => positions?.[stream] ?? null,
    unreadable: Boolean(cursor && !options.full && !positions),
  };
}
