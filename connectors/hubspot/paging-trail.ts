/**
 * The paging cursors one stream has been handed. HubSpot's `after` / `offset` tokens are opaque, so a
 * server that hands back one it already gave would be followed until the page cap (a million pages):
 * the read stops at the first repeat instead, with the object and the cursor in the error.
 */
import { SyncError } from '../../src/lib/errors.ts';

/** A cursor is an opaque token, not a secret; only so much of it goes into the message. */
const SHOWN = 80;

export function pagingLoopError(object: string, cursor: string): SyncError {
  const shown = cursor.length > SHOWN ? `${cursor.slice(0, SHOWN)}…` : cursor;
  return new SyncError(
    'transient',
    'HUBSPOT_PAGING_LOOP',
    `HubSpot handed back the paging cursor "${shown}" twice while reading ${object}; the read stops instead of looping`,
    { object, cursor: shown },
  );
}

export class PagingTrail {
  private readonly object: string;
  private readonly seen = new Set<string>();

  /** `start`: the cursor the stream resumes from (a checkpoint), which counts as already followed. */
  constructor(object: string, start?: string) {
    this.object = object;
    if (start !== undefined) this.seen.add(start);
  }

  /** Records the next cursor a page handed back; throws `HUBSPOT_PAGING_LOOP` when it came before. */
  next(cursor: string | undefined): void {
    if (cursor === undefined) return;
    if (this.seen.has(cursor)) throw pagingLoopError(this.object, cursor);
    this.seen.add(cursor);
  }
}
