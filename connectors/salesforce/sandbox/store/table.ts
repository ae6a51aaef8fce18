/**
 * One sObject's rows: by id for lookups, and an order by (SystemModstamp, Id) for the incremental reads
 * leadloop makes (`WHERE SystemModstamp > :x ORDER BY SystemModstamp, Id`). Rows are replaced, never
 * mutated, so the undo journal can keep the previous object; the order is repaired lazily from the set
 * of touched ids (a merge, O(n)), so a burst of writes costs one rebuild at the next read.
 */
import type { FieldDef, SObjectDef, SfValue } from '../catalog/field-def.ts';

export type Row = Readonly<Record<string, SfValue>>;

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
  private readonly byLowerName = new Map<string, FieldDef>();
  private order: Row[] = [];
  private readonly touched = new Set<string>();
  /** Rows written by a late commit: invisible to queries until this time (ms of the store's clock). */
  readonly lateUntil = new Map<string, number>();
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
    this.touched.add(id);
  }

  /** False while the row's write has yet to commit (see the store's `lateCommits`). */
  visible(row: Row): boolean {
    if (this.lateUntil.size === 0) return true;
    const until = this.lateUntil.get(row['Id'] as string);
    if (until === undefined) return true;
    if (until > this.nowMs()) return false;
    this.lateUntil.delete(row['Id'] as string);
    return true;
  }

  /** Rows in (SystemModstamp, Id) order, deleted ones included. */
  ordered(): readonly Row[] {
    if (this.touched.size === 0) return this.order;
    // Decorate-sort: one string key per row is much cheaper than two property reads per comparison.
    const keyed: Array<{ key: string; row: Row }> = [];
    for (const id of this.touched) {
      const row = this.rows.get(id);
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
