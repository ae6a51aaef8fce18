/** One stored CRM record. System dates are numbers (cheap at 1M rows); other properties are strings. */
export interface ObjectRow {
  id: number;
  createdMs: number;
  updatedMs: number;
  archivedMs: number | null;
  /** Bumped on every change; index entries carrying an older version are stale. */
  version: number;
  /** Only non-empty values are stored; absent means null. */
  props: Record<string, string>;
}
