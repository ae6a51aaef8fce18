/**
 * What the in-memory store holds, one table per concern. The ports (one module each beside this) share
 * these tables by reference; `clear()` empties every table in place so the ports keep working after it.
 */
import type { Activity } from '../../domain/activity.ts';
import type { Opportunity } from '../../domain/opportunity.ts';
import type { PersonLink } from '../../domain/person-link.ts';
import { compareText } from '../ordering.ts';
import type { AuditEntry, RecordSnapshot, RunSummary, WriteFailureEntry } from '../types.ts';

/** Adds `value` to the set under `key`, creating it. */
export function addTo(index: Map<string, Set<string>>, key: string, value: string): void {
  const set = index.get(key);
  if (set) set.add(value);
  else index.set(key, new Set([value]));
}

/** Removes `value` from the set under `key`, dropping the set once empty (no stale empty entries). */
export function removeFrom(index: Map<string, Set<string>>, key: string, value: string): void {
  const set = index.get(key);
  if (set?.delete(value) && set.size === 0) index.delete(key);
}

/** A set of ids with its sorted order rebuilt lazily after a change, so paging is a binary search. */
export class SortedIds {
  readonly #ids = new Set<string>();
  #sorted: string[] | null = null;

  get size(): number {
    return this.#ids.size;
  }
  add(id: string): void {
    if (this.#ids.has(id)) return;
    this.#ids.add(id);
    this.#sorted = null;
  }
  delete(id: string): void {
    if (this.#ids.delete(id)) this.#sorted = null;
  }
  sorted(): readonly string[] {
    this.#sorted ??= [...this.#ids].sort(compareText);
    return this.#sorted;
  }
  clear(): void {
    this.#ids.clear();
    this.#sorted = null;
  }
}

export interface StoredAudit {
  seq: number;
  at: number;
  entry: AuditEntry;
}

/** The audit log in append order; `seq` breaks ties between entries of the same instant. */
export class AuditTable {
  entries: StoredAudit[] = [];
  seq = 0;
  clear(): void {
    this.entries = [];
    this.seq = 0;
  }
}

/** A type, not an interface, so `clearTables` can walk it as a record of tables. */
export type MemoryTables = {
  readonly cursors: Map<string, string>;
  readonly links: Map<string, PersonLink>;
  /** `refKey` → person id holding that record id. */
  readonly byRef: Map<string, string>;
  readonly byEmail: Map<string, Set<string>>;
  readonly dirty: SortedIds;
  readonly snapshots: Map<string, RecordSnapshot>;
  /** `${crm}:${sourceId}` → activity (with its parsed time). */
  readonly activities: Map<string, { at: number; activity: Activity }>;
  /** `${crm}:${recordId}` → ledger keys of that record. */
  readonly activitiesByRecord: Map<string, Set<string>>;
  readonly opportunities: Map<string, Opportunity>;
  readonly oppsByContact: Map<string, Set<string>>;
  /** Person state as JSON, exactly what the sqlite store keeps. */
  readonly personStates: Map<string, string>;
  readonly audit: AuditTable;
  readonly failures: Map<string, WriteFailureEntry>;
  readonly runs: Map<string, RunSummary>;
  readonly locks: Map<string, { owner: string; expiresAt: number }>;
};

export function memoryTables(): MemoryTables {
  return {
    cursors: new Map(),
    links: new Map(),
    byRef: new Map(),
    byEmail: new Map(),
    dirty: new SortedIds(),
    snapshots: new Map(),
    activities: new Map(),
    activitiesByRecord: new Map(),
    opportunities: new Map(),
    oppsByContact: new Map(),
    personStates: new Map(),
    audit: new AuditTable(),
    failures: new Map(),
    runs: new Map(),
    locks: new Map(),
  };
}

export function clearTables(tables: MemoryTables): void {
  for (const table of Object.values<{ clear(): void }>(tables)) table.clear();
}
