/**
 * One object type's records: id map, id-ordered array (list paging), the modified index (search), and
 * case-insensitive unique-value indexes (email, custom unique properties, upsert by `idProperty`).
 * Knows nothing about HTTP; values reaching it are already validated.
 */
import { ModifiedIndex } from './modified-index.ts';
import type { ObjectRow } from './object-row.ts';
import type { PropertyCatalog } from './property-catalog.ts';
import type { ObjectTypeName } from './property-types.ts';
import { SearchIndexLag } from './search-lag.ts';

export interface SimplePublicObject {
  id: string;
  properties: Record<string, string | null>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
  archivedAt?: string;
  associations?: Record<string, unknown>;
}

export interface ObjectStoreConfig {
  type: ObjectTypeName;
  catalog: PropertyCatalog;
  firstId: number;
  /** `createdate`/`lastmodifieddate` for contacts, `hs_createdate`/`hs_lastmodifieddate` for engagements. */
  createdProp: string;
  modifiedProp: string;
  /** Properties returned when a read names none. */
  defaultProps: readonly string[];
  /** Properties a unique index is always kept for (contacts: email). */
  indexedUnique: readonly string[];
}

export class ObjectStore {
  readonly config: ObjectStoreConfig;
  readonly rows = new Map<number, ObjectRow>();
  /** Every row in ascending id order; ids only grow, so appends keep it sorted. */
  readonly order: ObjectRow[] = [];
  readonly modified = new ModifiedIndex();
  /** What search still sees of recently changed rows (off until the sandbox sets it). */
  readonly searchLag = new SearchIndexLag();
  /** Merged-away ids → the id that answers for them now (record-merge.ts). */
  private readonly aliases = new Map<number, number>();
  private readonly unique = new Map<string, Map<string, number>>();
  private nextId: number;

  constructor(config: ObjectStoreConfig) {
    this.config = config;
    this.nextId = config.firstId;
    for (const name of config.indexedUnique) this.unique.set(name, new Map());
  }

  get type(): ObjectTypeName {
    return this.config.type;
  }

  get liveCount(): number {
    return this.modified.size;
  }

  get(id: string | number): ObjectRow | undefined {
    const n = typeof id === 'number' ? id : /^\d+$/.test(id) ? Number(id) : Number.NaN;
    return this.rows.get(n);
  }

  /** The stored or computed value of a property, as HubSpot returns it. */
  valueOf(row: ObjectRow, name: string): string | null {
    if (name === 'hs_object_id') return String(row.id);
    if (name === this.config.createdProp) return new Date(row.createdMs).toISOString();
    if (name === this.config.modifiedProp) return new Date(row.updatedMs).toISOString();
    return row.props[name] ?? null;
  }

  snapshot(row: ObjectRow, requested: readonly string[] | 'all' | undefined): SimplePublicObject {
    const names =
      requested === 'all'
        ? this.config.catalog.list().map((p) => p.name)
        : [
            ...(requested && requested.length > 0 ? requested : this.config.defaultProps),
            'hs_object_id',
            this.config.createdProp,
            this.config.modifiedProp,
          ];
    const properties: Record<string, string | null> = {};
    for (const name of names) if (this.config.catalog.get(name)) properties[name] = this.valueOf(row, name);
    const out: SimplePublicObject = {
      id: String(row.id),
      properties,
      createdAt: new Date(row.createdMs).toISOString(),
      updatedAt: new Date(row.updatedMs).toISOString(),
      archived: row.archivedMs !== null,
    };
    if (row.archivedMs !== null) out.archivedAt = new Date(row.archivedMs).toISOString();
    return out;
  }

  /**
   * Adds a row; `indexNow: false` during bulk load (call `finishLoad` after). Here and in the other
   * mutations `changeMs` is when the change happened: the search index lag runs from it.
   */
  insert(
    props: Record<string, string>,
    createdMs: number,
    updatedMs: number,
    changeMs: number,
    indexNow = true,
  ): ObjectRow {
    const row: ObjectRow = { id: this.nextId, createdMs, updatedMs, archivedMs: null, version: 0, props };
    this.nextId += 1;
    this.rows.set(row.id, row);
    this.order.push(row);
    for (const [name, index] of this.unique) {
      const value = props[name];
      if (value !== undefined && !index.has(value.toLowerCase())) index.set(value.toLowerCase(), row.id);
    }
    if (indexNow) {
      this.searchLag.beforeChange(row, changeMs, true);
      this.modified.changed(row, false);
    }
    return row;
  }

  finishLoad(): void {
    this.modified.load(this.order);
  }

  /** Applies validated changes; returns the names whose value actually changed (and bumps the row only then). */
  applyChanges(
    row: ObjectRow,
    changes: Record<string, string | null>,
    atMs: number,
    changeMs: number,
  ): string[] {
    const changed: string[] = [];
    for (const [name, value] of Object.entries(changes)) {
      const before = row.props[name] ?? null;
      if (before === value) continue;
      if (changed.length === 0) this.searchLag.beforeChange(row, changeMs);
      const index = this.unique.get(name);
      if (index) {
        if (before !== null && index.get(before.toLowerCase()) === row.id) index.delete(before.toLowerCase());
        if (value !== null && !index.has(value.toLowerCase())) index.set(value.toLowerCase(), row.id);
      }
      if (value === null) delete row.props[name];
      else row.props[name] = value;
      changed.push(name);
    }
    if (changed.length > 0) this.touch(row, atMs, changeMs);
    return changed;
  }

  /** Marks a row modified (rollup changes, associations) without property edits by the caller. */
  touch(row: ObjectRow, atMs: number, changeMs: number): void {
    this.searchLag.beforeChange(row, changeMs);
    row.updatedMs = Math.max(row.updatedMs, atMs);
    row.version += 1;
    this.modified.changed(row, true);
  }

  archive(row: ObjectRow, atMs: number, changeMs: number): void {
    if (row.archivedMs !== null) return;
    this.searchLag.beforeChange(row, changeMs);
    row.archivedMs = atMs;
    for (const [name, index] of this.unique) {
      const value = row.props[name];
      if (value !== undefined && index.get(value.toLowerCase()) === row.id) index.delete(value.toLowerCase());
    }
    this.touch(row, atMs, changeMs);
  }

  /**
   * Removes a row for good (a GDPR delete, or the losing side of a merge): gone from reads, lists, search
   * and the archive. `survivor` makes reads by the old id answer with that row instead.
   */
  purge(row: ObjectRow, atMs: number, survivor?: ObjectRow): void {
    if (!this.rows.has(row.id)) return;
    this.rows.delete(row.id);
    this.searchLag.forget(row.id);
    const at = this.orderPosition(row.id);
    if (this.order[at] === row) this.order.splice(at, 1);
    for (const [name, index] of this.unique) {
      const value = row.props[name];
      if (value === undefined || index.get(value.toLowerCase()) !== row.id) continue;
      if (survivor) index.set(value.toLowerCase(), survivor.id);
      else index.delete(value.toLowerCase());
    }
    // Out of the modified index: a stale entry from now on (its version moved, it reads as archived).
    const hadEntry = row.archivedMs === null;
    row.archivedMs = row.archivedMs ?? atMs;
    row.version += 1;
    this.modified.changed(row, hadEntry);
    for (const [from, to] of this.aliases) if (to === row.id && survivor) this.aliases.set(from, survivor.id);
    if (survivor) this.aliases.set(row.id, survivor.id);
  }

  /** The live row a merged-away id now reads as, if any. */
  mergedInto(id: string | number): ObjectRow | undefined {
    const n = typeof id === 'number' ? id : /^\d+$/.test(id) ? Number(id) : Number.NaN;
    const to = this.aliases.get(n);
    return to === undefined ? undefined : this.rows.get(to);
  }

  /** Live row holding `value` in a unique property (case-insensitive), building the index on first use. */
  findByUnique(name: string, value: string): ObjectRow | undefined {
    let index = this.unique.get(name);
    if (!index) {
      index = new Map();
      for (const row of this.order) {
        const v = row.props[name];
        if (row.archivedMs === null && v !== undefined && !index.has(v.toLowerCase()))
          index.set(v.toLowerCase(), row.id);
      }
      this.unique.set(name, index);
    }
    const id = index.get(value.toLowerCase());
    return id === undefined ? undefined : this.rows.get(id);
  }

  /** Position of the first row with id >= `id` in `order`. */
  orderPosition(id: number): number {
    let lo = 0;
    let hi = this.order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.order[mid]?.id ?? 0) < id) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** A page of the list endpoint: rows from id `afterId` on, and the id the next page starts at. */
  listPage(
    afterId: number,
    limit: number,
    archived: boolean,
  ): { rows: ObjectRow[]; nextId: number | undefined } {
    const rows: ObjectRow[] = [];
    for (let i = this.orderPosition(afterId); i < this.order.length; i += 1) {
      const row = this.order[i];
      if (!row || (row.archivedMs !== null) !== archived) continue;
      if (rows.length === limit) return { rows, nextId: row.id };
      rows.push(row);
    }
    return { rows, nextId: undefined };
  }
}
