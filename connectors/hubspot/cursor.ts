/**
 * Opaque cursors: base64url JSON, validated with zod on the way back in. An unreadable cursor means a
 * full pull, never a crash (style rule 7). Only the caller advances them, after the page's work.
 */
import { z } from 'zod';

/**
 * Keyset window over a search: records with `lo ≤ modified ≤ hi`, read in `hs_object_id` order after
 * `afterId`. `seen` holds `id@ms` of records read in the window's lookback tail, so the next window's
 * overlap drops them; `prevSeen` is the previous window's.
 */
export const SearchWindow = z.object({
  lo: z.number(),
  hi: z.number(),
  afterId: z.string().optional(),
  seen: z.array(z.string()).default([]),
  prevSeen: z.array(z.string()).default([]),
});
export type SearchWindow = z.infer<typeof SearchWindow>;

export const ContactsCursor = z.discriminatedUnion('phase', [
  /** Full pull through the list endpoint; `hi` is its signpost; `archivedFrom` set on a re-sync. */
  z.object({
    v: z.literal(1),
    phase: z.literal('list'),
    after: z.string().optional(),
    hi: z.number(),
    seen: z.array(z.string()).default([]),
    archivedFrom: z.number().optional(),
  }),
  z.object({ v: z.literal(1), phase: z.literal('window'), window: SearchWindow }),
  /** Sweep of archived contacts with `lo ≤ archivedAt ≤ hi`. */
  z.object({
    v: z.literal(1),
    phase: z.literal('archived'),
    after: z.string().optional(),
    lo: z.number(),
    hi: z.number(),
    seen: z.array(z.string()).default([]),
  }),
  /** Everything up to `hi` is read. */
  z.object({
    v: z.literal(1),
    phase: z.literal('done'),
    hi: z.number(),
    seen: z.array(z.string()).default([]),
  }),
]);
export type ContactsCursor = z.infer<typeof ContactsCursor>;

export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

/** The decoded cursor, or null when absent or unreadable (the caller then pulls everything). */
export function decodeCursor<S extends z.ZodType>(schema: S, cursor: string | null): z.infer<S> | null {
  if (cursor === null || cursor === '') return null;
  try {
    const parsed = schema.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Bound on the lookback dedupe set: past it duplicates can reach the caller, whose writes are diffs. */
export const MAX_SEEN = 1000;

export function seenKey(id: string, ms: number): string {
  return `${id}@${ms}`;
}

/** The newest modified time read per id, from `id@ms` keys. */
export function latestSeen(keys: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const key of keys) {
    const at = key.lastIndexOf('@');
    const id = key.slice(0, at);
    const ms = Number(key.slice(at + 1));
    if (!((out.get(id) ?? Number.NEGATIVE_INFINITY) >= ms)) out.set(id, ms);
  }
  return out;
}
