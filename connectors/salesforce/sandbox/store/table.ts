/**
 * One sObject's rows: by id for lookups, and an order by (SystemModstamp, Id) for the incremental reads
 * leadloop makes (`WHERE SystemModstamp > :x ORDER BY SystemModstamp, Id`). Rows are replaced, never
 * mutated, so the undo journal can keep the previous object; the order is repaired lazily from the set
 * of touched ids (a merge, O(n)), so a burst of writes costs one rebuild at the next read.
 *
 * `rows` holds each row's newest version, what the org's own writes build on. A write that commits late
 * (the store's `lateCommits`) is held in `pending` until its commit: till then queries and by-Id reads see
 * the version committed before it (`committed`), and the modstamp order indexes that version.
 */
import type { FieldDef, SObjectDef, SfValue } from '../catalog/field-def.ts';

export type Row = Readonly<Record<string, SfValue>>;

/** A write not committed yet: readers see `before` (nothing for a new row) until `until`. */
interface PendingCommit {
  until: number;
  before: Row | undefined;
}

function compareStamp(a: Row, b: Row): number {
  const sa = a['SystemModstamp'] as string;
  const sb = b['SystemModstamp'] as string;
  if (sa !== sb) return sa < sb ? -1 : 1;
  const ia = a['Id'] as string;
  const ib = b['Id'] as string;
  return ia < ib ? -1 : ia > ib ? 1 : 0;
}

export class SObjectTable {
  readonly def: SObjectDef;
  readonly rows = new Map<string, Row>();
  /** Deletion timestamps of soft-deleted rows (recycle bin), for `sobjects/X/deleted`. */
  readonly deletedAt = new Map<string, string>();
  /** When rows deleted for good (a relation row deleted directly, no recycle bin) went: only `getDeleted` lists them. */
  readonly purgedAt = new Map<string, string>();
  private readonly byLowerName = new Map<string, FieldDef>();
  private order: Row[] = [];
  private readonly touched = new Set<string>();
  /** Writes that commit late, by row id (ms of the store's clock). */
  private readonly pending = new Map<string, PendingCommit>();
  private readonly nowMs: () => number;

  constructor(def: SObjectDef, nowMs: () => number = () => Date.now()) {
    this.def = def;
    this.nowMs = nowMs;
    for (const f of def.fields) this.byLowerName.set(f.name.toLowerCase(), f);
  }

  /** Case-insensitive field lookup, like the API's. */
  field(name: string): FieldDef | undefined {
    return this.byLowerName.get(name.toLowerCase());
  }

  /** The relationship (e.g. `Owner`, `ConvertedContact`) with its reference field. */
  relationship(name: string): FieldDef | undefined {
    const lower = name.toLowerCase();
    return this.def.fields.find((f) => f.relationshipName?.toLowerCase() === lower);
  }

  addField(def: FieldDef): void {
    this.def.fields.push(def);
    this.byLowerName.set(def.name.toLowerCase(), def);
  }

  /** Hides a field again (field-level security revoked); row values stay, as the org keeps them. */
  removeField(name: string): void {
    const lower = name.toLowerCase();
    this.def.fields = this.def.fields.filter((f) => f.name.toLowerCase() !== lower);
    this.byLowerName.delete(lower);
  }

  put(row: Row): void {
    this.rows.set(row['Id'] as string, row);
    this.touched.add(row['Id'] as string);
  }

  /** Drops a row entirely: a rolled-back create, or a relation row deleted (they skip the recycle bin). */
  forget(id: string): void {
    this.rows.delete(id);
    this.deletedAt.delete(id);
    this.pending.delete(id);
    this.touched.add(id);
  }

  /** The row's newest write stays unseen until `until`; readers keep seeing `before` till then. */
  holdBack(id: string, until: number, before: Row | undefined): void {
    this.pending.set(id, { until, before });
    this.touched.add(id);
  }

  /** When `id`'s newest write commits (ms), or undefined when it has. */
  pendingUntil(id: string): number | undefined {
    this.settle();
    return this.pending.get(id)?.until;
  }

  /** Commits `id`'s pending write now: a further write to the row waits on its lock until it has. */
  commitNow(id: string): void {
    if (this.pending.delete(id)) this.touched.add(id);
  }

  /** The version of a row that reads see now: the last committed one. */
  committed(id: string): Row | undefined {
    this.settle();
    const p = this.pending.get(id);
    return p ? p.before : this.rows.get(id);
  }

  /** Every row as reads see it now, in no order. */
  *committedRows(): IterableIterator<Row> {
    this.settle();
    for (const [id, row] of this.rows) {
      const p = this.pending.get(id);
      const seen = p ? p.before : row;
      if (seen) yield seen;
    }
  }

  /** Lands the pending writes whose commit time has come. */
  private settle(): void {
    if (this.pending.size === 0) return;
    const now = this.nowMs();
    for (const [id, p] of this.pending) {
      if (p.until > now) continue;
      this.pending.delete(id);
      this.touched.add(id);
    }
  }

  /** Committed rows in (SystemModstamp, Id) order, deleted ones included. */
  ordered(): readonly Row[] {
    this.settle();
    if (this.touched.size === 0) return this.order;
    // Decorate-sort: one string key per row is much cheaper than two property reads per comparison.
    const keyed: Array<{ key: string; row: Row }> = [];
    for (const id of this.touched) {
      const p = this.pending.get(id);
      const row = p ? p.before : this.rows.get(id);
      if (row) keyed.push({ key: `${row['SystemModstamp'] as string}\u0000${id}`, row });
    }
    keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const fresh = keyed.map((k) => k.row);
    const kept = this.order.filter((r) => !this.touched.has(r['Id'] as string));
    this.touched.clear();
    this.order = merge(kept, fresh);
    return this.order;
  }

  /** Index of the first ordered row whose SystemModstamp is > (or >= when `inclusive`) `stamp`. */
  lowerBound(stamp: string, inclusive: boolean): number {
    const rows = this.ordered();
    let lo = 0;
    let hi = rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const s = (rows[mid] as Row)['SystemModstamp'] as string;
      if (inclusive ? s < stamp : s <= stamp) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

function merge(a: Row[], b: Row[]): Row[] {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  // The common case: every touched row is newer than the rest, so it is an append.
  if (compareStamp(a[a.length - 1] as Row, b[0] as Row) <= 0) {
    for (const r of b) a.push(r);
    return a;
  }
  const out: Row[] = new Array<Row>(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) {
    out[k++] = compareStamp(a[i] as Row, b[j] as Row) <= 0 ? (a[i++] as Row) : (b[j++] as Row);
  }
  while (i < a.length) out[k++] = a[i++] as Row;
  while (j < b.length) out[k++] = b[j++] as Row;
  return out;
}
