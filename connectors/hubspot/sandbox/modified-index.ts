/**
 * Records ordered by (last modified ms, id): the index behind `lastmodifieddate` sorts and keyset paging.
 * Updates append a new entry and leave the old one stale (version mismatch), so a write is O(1) when
 * its timestamp is the newest (the usual case) and the array is compacted lazily.
 */
import type { ObjectRow } from './object-row.ts';

export class ModifiedIndex {
  private ms: number[] = [];
  private ids: number[] = [];
  private rows: ObjectRow[] = [];
  private versions: number[] = [];
  private stale = 0;

  get size(): number {
    return this.rows.length - this.stale;
  }

  /** Bulk load: sorts once instead of inserting one by one. */
  load(rows: readonly ObjectRow[]): void {
    const live = rows.filter((r) => r.archivedMs === null);
    live.sort((a, b) => a.updatedMs - b.updatedMs || a.id - b.id);
    this.ms = live.map((r) => r.updatedMs);
    this.ids = live.map((r) => r.id);
    this.rows = live;
    this.versions = live.map((r) => r.version);
    this.stale = 0;
  }

  /** Call after `row.version` was bumped; archived rows leave the index. */
  changed(row: ObjectRow, hadEntry: boolean): void {
    if (hadEntry) this.stale += 1;
    if (row.archivedMs !== null) return;
    const last = this.ms.length - 1;
    const lastMs = this.ms[last];
    const after =
      lastMs === undefined ||
      row.updatedMs > lastMs ||
      (row.updatedMs === lastMs && row.id >= (this.ids[last] ?? 0));
    if (after) {
      this.ms.push(row.updatedMs);
      this.ids.push(row.id);
      this.rows.push(row);
      this.versions.push(row.version);
    } else {
      const at = this.lowerBound(row.updatedMs, row.id);
      this.ms.splice(at, 0, row.updatedMs);
      this.ids.splice(at, 0, row.id);
      this.rows.splice(at, 0, row);
      this.versions.splice(at, 0, row.version);
    }
    if (this.stale > 1024 && this.stale > this.size) this.compact();
  }

  /** Removes stale entries so positions equal live ranks (needed for O(log n) counting). */
  compact(): void {
    if (this.stale === 0) return;
    const rows: ObjectRow[] = [];
    for (let i = 0; i < this.rows.length; i += 1) {
      const row = this.at(i);
      if (row) rows.push(row);
    }
    this.rows = rows;
    this.ms = rows.map((r) => r.updatedMs);
    this.ids = rows.map((r) => r.id);
    this.versions = rows.map((r) => r.version);
    this.stale = 0;
  }

  /** First position whose key is >= (ms, id). */
  lowerBound(ms: number, id: number): number {
    let lo = 0;
    let hi = this.ms.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const m = this.ms[mid] ?? 0;
      if (m < ms || (m === ms && (this.ids[mid] ?? 0) < id)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  get length(): number {
    return this.rows.length;
  }

  /** The live row at a position, or undefined when the entry is stale. */
  at(position: number): ObjectRow | undefined {
    return this.isLive(position) ? this.rows[position] : undefined;
  }

  private isLive(i: number): boolean {
    const row = this.rows[i];
    return row !== undefined && row.version === this.versions[i] && row.archivedMs === null;
  }
}
