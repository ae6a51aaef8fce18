/**
 * The dirty set read a chunk at a time, in person-id order: what a run (or one `process` job, given its
 * range) works through. Each chunk is read from the store only when the caller asks for the next one, so
 * however many people are dirty, one chunk of ids is held.
 */
import type { DirtyRange } from '../queue/types.ts';
import { compareText } from '../state/ordering.ts';
import type { DirtyPort } from '../state/types.ts';

export interface DirtyChunkLimit {
  /** Stop after this many people (admin preview samples). */
  readonly maxPeople?: number;
  /** Only the ids inside this slice of the dirty set. */
  readonly range?: DirtyRange;
}

export async function* dirtyChunks(
  store: Pick<DirtyPort, 'listDirty'>,
  chunkSize: number,
  limit: DirtyChunkLimit = {},
): AsyncGenerator<string[], void, undefined> {
  let after = limit.range?.after ?? undefined;
  const through = limit.range?.through;
  let listed = 0;
  for (;;) {
    const size = Math.min(chunkSize, (limit.maxPeople ?? Number.POSITIVE_INFINITY) - listed);
    if (size <= 0) return;
    const page = await store.listDirty(size, after);
    // `compareText` is the order every backend pages in, so the range ends where the listing would.
    const ids = through === undefined ? page : page.filter((id) => compareText(id, through) <= 0);
    if (ids.length === 0) return;
    listed += ids.length;
    after = ids.at(-1);
    yield ids;
    // The page ran past the range's end: nothing after it belongs to this range.
    if (ids.length < page.length) return;
  }
}
