/**
 * The sandbox org's state: one table per sObject, standard picklist value sets, custom fields added
 * through Tooling, and an undo journal so `/composite` with `allOrNone` can roll back. Every change
 * goes through `insertRow` / `patchRow` / `softDelete`, which stamp SystemModstamp and LastModifiedDate.
 */
import { LeadloopError } from '../../../../src/lib/errors.ts';
import type { FieldDef, PicklistValueDef, SfValue } from '../catalog/field-def.ts';
import { accountDef, contactDef, leadDef, userDef } from '../catalog/objects-people.ts';
import {
  campaignDef,
  campaignMemberDef,
  eventDef,
  leadStatusDef,
  opportunityContactRoleDef,
  opportunityDef,
  taskDef,
} from '../catalog/objects-sales.ts';
import {
  fieldPermissionsDef,
  permissionSetAssignmentDef,
  permissionSetDef,
} from '../catalog/objects-permissions.ts';
import { eventWhoRelationDef, taskWhoRelationDef } from '../catalog/objects-who-relations.ts';
import { defaultValueSets } from '../catalog/value-sets.ts';
import { Prng } from '../../../sandbox/prng.ts';
import { IdAllocator } from '../ids.ts';
import { deriveFields } from './derive-fields.ts';
import { applyFieldAccess, PERMISSION_TABLES } from './field-access.ts';
import { SObjectTable, type Row } from './table.ts';
import { syncWhoRelations } from './who-relations.ts';

/**
 * Setup objects (permission sets and their grants) commit with the request that writes them: late commits
 * model bulk loads and flows on data records (assumed, see README "Late commits and whole seconds").
 */
const SETUP_OBJECTS: ReadonlySet<string> = new Set([
  'PermissionSet',
  'FieldPermissions',
  'PermissionSetAssignment',
]);

/** Salesforce's JSON datetime form: always UTC, milliseconds, `+0000` (fixed width, so it sorts). */
export function sfDateTime(d: Date): string {
  return d.toISOString().replace('Z', '+0000');
}

export interface CustomFieldEntry {
  id: string;
  table: string;
  field: FieldDef;
  /** Tooling `Metadata` as last written (label, type, length, valueSet, ...). */
  metadata: Record<string, unknown>;
  createdDate: string;
  lastModifiedDate: string;
  /** Made by an admin in Setup, which opens a new field to every profile: no grant needed. */
  openToAll?: boolean;
}

interface JournalEntry {
  table: SObjectTable;
  id: string;
  previous: Row | undefined;
  previousDeletedAt: string | undefined;
}

/**
 * Writes by others that commit after the stamp they carry (bulk loads, reps' saves, asynchronous
 * automation): `share` of the helpers' writes stay unseen for 1..`maxDelaySeconds` after their
 * SystemModstamp, readers seeing the row's previous version meanwhile. The integration user's REST
 * writes are never late: their transaction commits before the HTTP answer.
 */
export interface LateCommits {
  share: number;
  maxDelaySeconds: number;
  seed: number;
}

/**
 * The org's default: one write by others in 20 commits up to 10 s late. Singer's tap-salesforce re-reads
 * 10 s behind its bookmark for the same effect; leadloop's default lookback (300 s) covers it 30 times.
 */
export const DEFAULT_LATE_COMMITS: Omit<LateCommits, 'seed'> = { share: 0.05, maxDelaySeconds: 10 };

export interface StoreCoreOptions {
  clock: () => Date;
  integrationUsername: string;
  /** Null or absent: every write is seen at once. */
  lateCommits?: LateCommits | null;
  /** Tooling-created fields stay hidden until a permission set grants them (`field-access.ts`). */
  fieldLevelSecurity?: boolean;
  /** Shared Activities on (default): Tasks and Events keep TaskWhoRelation / EventWhoRelation rows. */
  sharedActivities?: boolean;
}

export class SalesforceStoreCore {
  readonly tables = new Map<string, SObjectTable>();
  readonly valueSets: Map<string, PicklistValueDef[]> = defaultValueSets();
  readonly valueSetIds = new Map<string, string>();
  readonly customFields = new Map<string, CustomFieldEntry>();
  readonly ids = new IdAllocator();
  readonly clock: () => Date;
  readonly integrationUsername: string;
  /** The API user every change is attributed to (CreatedById / LastModifiedById). */
  integrationUserId = '';
  readonly fieldLevelSecurity: boolean;
  private readonly byLowerName = new Map<string, SObjectTable>();
  private readonly byPrefix = new Map<string, SObjectTable>();
  private journal: JournalEntry[] | null = null;
  private readonly late: { options: LateCommits; prng: Prng } | null;
  /** Inside the integration user's REST request: its writes commit with it. */
  private apiRequests = 0;
  /** Inside one helper operation (a merge, a conversion): its writes share one commit time, drawn once. */
  private operation: { drawn: boolean; until: number | null } | null = null;

  constructor(options: StoreCoreOptions) {
    this.clock = options.clock;
    this.integrationUsername = options.integrationUsername;
    this.fieldLevelSecurity = options.fieldLevelSecurity ?? false;
    const late = options.lateCommits ?? null;
    this.late = late ? { options: late, prng: new Prng(late.seed) } : null;
    const defs = [
      leadDef(),
      contactDef(),
      accountDef(),
      userDef(),
      opportunityDef(),
      opportunityContactRoleDef(),
      taskDef(),
      eventDef(),
      campaignDef(),
      campaignMemberDef(),
      leadStatusDef(),
      permissionSetDef(),
      fieldPermissionsDef(),
      permissionSetAssignmentDef(),
      ...(options.sharedActivities === false ? [] : [taskWhoRelationDef(), eventWhoRelationDef()]),
    ];
    for (const def of defs) {
      const table = new SObjectTable(def, () => this.clock().getTime());
      this.tables.set(def.name, table);
      this.byLowerName.set(def.name.toLowerCase(), table);
      this.byPrefix.set(def.keyPrefix, table);
    }
    for (const name of this.valueSets.keys()) this.valueSetIds.set(name, this.ids.allocate('0Ps'));
  }

  /** With late commits on, stamps have whole seconds, as SystemModstamp has in a real org. */
  now(): string {
    const d = this.clock();
    return sfDateTime(this.late ? new Date(Math.floor(d.getTime() / 1000) * 1000) : d);
  }

  /** Runs the integration user's REST writes: read-your-writes, they commit before the answer. */
  inApiRequest<T>(fn: () => T): T {
    this.apiRequests++;
    try {
      return fn();
    } finally {
      this.apiRequests--;
    }
  }

  /** Runs one helper operation as one transaction: all its writes commit at the same time. */
  protected asOneCommit<T>(fn: () => T): T {
    if (this.operation) return fn();
    this.operation = { drawn: false, until: null };
    try {
      return fn();
    } finally {
      this.operation = null;
    }
  }

  /**
   * Holds this write back from readers by the seeded draw, `before` showing meanwhile. Dataset loads
   * (backdated, they are the past), the API user's writes and setup objects are never late.
   */
  private maybeLate(table: SObjectTable, id: string, stamp: string, before: Row | undefined): void {
    if (!this.late || this.apiRequests > 0 || SETUP_OBJECTS.has(table.def.name)) return;
    const until = this.drawCommitTime(Date.parse(stamp.replace('+0000', 'Z')));
    if (until !== null) table.holdBack(id, until, before);
  }

  private drawCommitTime(stampMs: number): number | null {
    const late = this.late as { options: LateCommits; prng: Prng };
    if (this.operation?.drawn) return this.operation.until;
    const { share, maxDelaySeconds } = late.options;
    const until = late.prng.chance(share) ? stampMs + late.prng.between(1, maxDelaySeconds) * 1000 : null;
    if (this.operation) this.operation = { drawn: true, until };
    return until;
  }

  /** Case-insensitive sObject lookup, like the API's. */
  table(name: string): SObjectTable | undefined {
    return this.byLowerName.get(name.toLowerCase());
  }

  mustTable(name: string): SObjectTable {
    const t = this.table(name);
    if (!t) throw new LeadloopError('SANDBOX_UNKNOWN_SOBJECT', `unknown sObject ${name}`, { sobject: name });
    return t;
  }

  /** The table an id belongs to, from its key prefix. */
  tableOfId(id: string): SObjectTable | undefined {
    return this.byPrefix.get(id.slice(0, 3));
  }

  /** Picklist entries of a field: its standard value set, or its own (custom) values. */
  picklistEntries(field: FieldDef): PicklistValueDef[] {
    if (field.valueSet) return this.valueSets.get(field.valueSet) ?? [];
    return field.picklistValues ?? [];
  }

  allocateId(table: SObjectTable): string {
    let id = this.ids.allocate(table.def.keyPrefix);
    while (table.rows.has(id)) id = this.ids.allocate(table.def.keyPrefix);
    return id;
  }

  /** Creates a row with the org's defaults; `at` backdates it (dataset load), else it is stamped now. */
  insertRow(
    table: SObjectTable,
    fields: Record<string, SfValue>,
    at?: { createdAt: string; modifiedAt: string; id?: string },
  ): Row {
    const id = at?.id ?? this.allocateId(table);
    const created = at?.createdAt ?? this.now();
    const modified = at?.modifiedAt ?? created;
    const row: Record<string, SfValue> = { Id: id };
    for (const f of table.def.fields) {
      if (f.type === 'boolean') row[f.name] = f.defaultValue === true;
      else if (f.defaultedOnCreate && f.type === 'picklist') {
        row[f.name] = this.picklistEntries(f).find((v) => v.default)?.valueName ?? null;
      }
    }
    if (table.field('OwnerId')) row['OwnerId'] = this.integrationUserId;
    Object.assign(row, fields);
    row['Id'] = id;
    row['IsDeleted'] = false;
    row['CreatedDate'] = created;
    row['CreatedById'] = this.integrationUserId;
    row['LastModifiedDate'] = modified;
    row['LastModifiedById'] = this.integrationUserId;
    row['SystemModstamp'] = modified;
    deriveFields(this, table, row, undefined);
    this.record(table, id);
    table.put(row);
    if (!at) this.maybeLate(table, id, modified, undefined);
    this.grantsChanged(table);
    syncWhoRelations(this, table, row, undefined);
    return row;
  }

  /** Applies changes to a row and stamps it; returns the new row. */
  patchRow(table: SObjectTable, id: string, changes: Record<string, SfValue>): Row {
    // A save waits on the row's lock, so a pending commit of the row lands first.
    table.commitNow(id);
    const previous = table.rows.get(id);
    if (!previous) throw new LeadloopError('SANDBOX_NOT_FOUND', `no ${table.def.name} ${id}`, { id });
    const now = this.now();
    const row: Record<string, SfValue> = { ...previous, ...changes };
    row['LastModifiedDate'] = now;
    row['LastModifiedById'] = this.integrationUserId;
    row['SystemModstamp'] = now;
    deriveFields(this, table, row, previous);
    this.record(table, id);
    table.put(row);
    this.maybeLate(table, id, now, previous);
    this.grantsChanged(table);
    syncWhoRelations(this, table, row, previous);
    return row;
  }

  /**
   * Moves a row to the recycle bin: IsDeleted, still visible to queryAll and getDeleted. `also` sets
   * fields in the same step (a merge's `MasterRecordId`).
   */
  softDelete(table: SObjectTable, id: string, also: Record<string, SfValue> = {}): void {
    table.commitNow(id);
    const previous = table.rows.get(id);
    if (!previous) throw new LeadloopError('SANDBOX_NOT_FOUND', `no ${table.def.name} ${id}`, { id });
    const now = this.now();
    this.record(table, id);
    const row = { ...previous, ...also, IsDeleted: true, SystemModstamp: now, LastModifiedDate: now };
    table.put(row);
    table.deletedAt.set(id, now);
    this.maybeLate(table, id, now, previous);
    this.grantsChanged(table);
    syncWhoRelations(this, table, row, previous);
  }

  /**
   * Writes a row that another row's save derives (a who relation of a Task), in that save's transaction:
   * journaled, and committing when the source row does.
   */
  putDerived(table: SObjectTable, row: Row, source: SObjectTable, sourceId: string): void {
    const id = row['Id'] as string;
    table.commitNow(id);
    const before = table.rows.get(id);
    this.record(table, id);
    table.put(row);
    const until = source.pendingUntil(sourceId);
    if (until !== undefined) table.holdBack(id, until, before);
  }

  /** Deletes a row for good, past the recycle bin (relation rows: neither query nor queryAll finds them). */
  purgeRow(table: SObjectTable, id: string): void {
    this.record(table, id);
    table.forget(id);
    table.purgedAt.set(id, this.now());
  }

  /** A write to a permission object may show or hide custom fields. */
  private grantsChanged(table: SObjectTable): void {
    if (PERMISSION_TABLES.has(table.def.name)) applyFieldAccess(this);
  }

  /** Starts recording changes so they can be rolled back (composite `allOrNone`). */
  begin(): void {
    this.journal = [];
  }

  commit(): void {
    this.journal = null;
  }

  rollback(): void {
    const entries = this.journal ?? [];
    this.journal = null;
    for (let i = entries.length - 1; i >= 0; i--) {
      const e = entries[i] as JournalEntry;
      if (e.previous) {
        e.table.put(e.previous);
        e.table.purgedAt.delete(e.id);
      } else e.table.forget(e.id);
      if (e.previousDeletedAt === undefined) e.table.deletedAt.delete(e.id);
      else e.table.deletedAt.set(e.id, e.previousDeletedAt);
    }
    if (entries.some((e) => PERMISSION_TABLES.has(e.table.def.name))) applyFieldAccess(this);
  }

  private record(table: SObjectTable, id: string): void {
    if (!this.journal) return;
    this.journal.push({
      table,
      id,
      previous: table.rows.get(id),
      previousDeletedAt: table.deletedAt.get(id),
    });
  }
}
