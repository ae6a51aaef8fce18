/**
 * leadloop's own facts kept beside the stream cursors (the model version scores were computed with, when
 * field metadata was last read, the last drift check, the fields each stream was pulled with). Each entry
 * is declared once, next to the concept it belongs to, with its key and a zod schema: it is written as
 * JSON and read back checked, so a value some other version wrote, or a hand-edited row, reads as absent
 * instead of as a wrong value.
 */
import type { z } from 'zod';
import type { CursorPort } from './types.ts';

type MetaStore = Pick<CursorPort, 'getCursor' | 'setCursor'>;

export interface MetaEntry<T> {
  readonly key: string;
  /** The stored value, or null when there is none or it does not match the schema. */
  read(store: MetaStore): Promise<T | null>;
  write(store: MetaStore, value: T): Promise<void>;
}

export interface MetaOptions<T> {
  /** Reads a value stored in an older, non-JSON form (so an upgrade does not forget it). */
  readonly legacy?: (raw: string) => T | undefined;
}

/** Every meta key starts with `leadloop:`, which no stream cursor (`<crm>:<stream>`) does. */
export function defineMeta<S extends z.ZodType>(
  key: string,
  schema: S,
  options: MetaOptions<z.output<S>> = {},
): MetaEntry<z.output<S>> {
  const fullKey = `leadloop:${key}`;
  return {
    key: fullKey,
    async read(store) {
      const raw = await store.getCursor(fullKey);
      if (raw === null) return null;
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch {
        json = undefined;
      }
      const parsed = schema.safeParse(json);
      if (parsed.success) return parsed.data;
      const legacy = options.legacy?.(raw);
      return legacy === undefined ? null : legacy;
    },
    async write(store, value) {
      await store.setCursor(fullKey, JSON.stringify(schema.parse(value)));
    },
  };
}
