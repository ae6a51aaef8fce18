/**
 * Shared Activities in the sandbox org: every Task and Event keeps one TaskWhoRelation / EventWhoRelation
 * row per person it relates to. Saving an activity keeps the row of its `WhoId` (the primary person);
 * `relateWho` adds the others (a dataset's shared activities, or a test standing in for a rep adding
 * contacts). Rows are written in the activity's own transaction: same stamp, same commit. What is documented
 * and what is assumed: the sandbox README ("Shared Activities").
 */
import { LeadloopError } from '../../../../src/lib/errors.ts';
import type { SfValue } from '../catalog/field-def.ts';
import type { SalesforceStoreCore } from './store-core.ts';
import type { Row, SObjectTable } from './table.ts';

const RELATIONS: Readonly<Record<string, { table: string; parentField: string }>> = {
  Task: { table: 'TaskWhoRelation', parentField: 'TaskId' },
  Event: { table: 'EventWhoRelation', parentField: 'EventId' },
};

/** A Task or Event relates to one Lead or up to 50 Contacts. */
export const MAX_RELATED_CONTACTS = 50;

/** Relation row ids per activity id, per relation table. Only ever added to: readers check the row. */
const byActivity = new WeakMap<SObjectTable, Map<string, Set<string>>>();

interface Relations {
  readonly table: SObjectTable;
  readonly parentField: string;
}

function relationsOf(store: SalesforceStoreCore, activityTable: SObjectTable): Relations | null {
  const spec = RELATIONS[activityTable.def.name];
  const table = spec ? store.table(spec.table) : undefined;
  return spec && table ? { table, parentField: spec.parentField } : null;
}

function indexOf(table: SObjectTable): Map<string, Set<string>> {
  let index = byActivity.get(table);
  if (!index) {
    index = new Map();
    byActivity.set(table, index);
  }
  return index;
}

/** The activity's live relation rows. */
function liveRelations(rel: Relations, activityId: string): Row[] {
  const out: Row[] = [];
  for (const id of indexOf(rel.table).get(activityId) ?? []) {
    const row = rel.table.rows.get(id);
    if (row && row['IsDeleted'] !== true && row[rel.parentField] === activityId) out.push(row);
  }
  return out;
}

/**
 * One relation row. `withActivity`: written by the activity's own save (same stamp, same commit); else a
 * write of its own (a rep adding a contact later), stamped now and possibly committing late.
 */
function addRelation(
  store: SalesforceStoreCore,
  activityTable: SObjectTable,
  rel: Relations,
  activity: Row,
  whoId: string,
  withActivity: boolean,
): void {
  const person = store.tableOfId(whoId);
  const type = person?.def.name;
  if (type !== 'Contact' && type !== 'Lead') return;
  const activityId = activity['Id'] as string;
  const fields: Record<string, SfValue> = {
    AccountId: type === 'Contact' ? (person?.rows.get(whoId)?.['AccountId'] ?? null) : null,
    RelationId: whoId,
    [rel.parentField]: activityId,
    Type: type,
  };
  let id: string;
  if (withActivity) {
    id = store.allocateId(rel.table);
    const stamp = activity['SystemModstamp'] as string;
    store.putDerived(
      rel.table,
      {
        Id: id,
        ...fields,
        IsDeleted: false,
        CreatedDate: stamp,
        CreatedById: store.integrationUserId,
        LastModifiedDate: stamp,
        LastModifiedById: store.integrationUserId,
        SystemModstamp: stamp,
      },
      activityTable,
      activityId,
    );
  } else {
    id = store.insertRow(rel.table, fields)['Id'] as string;
  }
  const index = indexOf(rel.table);
  index.set(activityId, (index.get(activityId) ?? new Set<string>()).add(id));
}

/**
 * After a Task or Event is saved: a new `WhoId` gets its relation row, the one it replaced is deleted for
 * good (relation rows skip the recycle bin); deleting the activity sends its relation rows to the bin with it.
 */
export function syncWhoRelations(
  store: SalesforceStoreCore,
  activityTable: SObjectTable,
  row: Row,
  previous: Row | undefined,
): void {
  const rel = relationsOf(store, activityTable);
  if (!rel) return;
  const activityId = row['Id'] as string;
  if (row['IsDeleted'] === true) {
    if (previous?.['IsDeleted'] === true) return;
    for (const r of liveRelations(rel, activityId)) {
      store.putDerived(
        rel.table,
        {
          ...r,
          IsDeleted: true,
          SystemModstamp: row['SystemModstamp'] ?? null,
          LastModifiedDate: row['SystemModstamp'] ?? null,
        },
        activityTable,
        activityId,
      );
      rel.table.deletedAt.set(r['Id'] as string, row['SystemModstamp'] as string);
    }
    return;
  }
  const before = typeof previous?.['WhoId'] === 'string' ? previous['WhoId'] : null;
  const after = typeof row['WhoId'] === 'string' ? row['WhoId'] : null;
  if (before === after && previous) return;
  const live = liveRelations(rel, activityId);
  if (before && before !== after) {
    for (const r of live) if (r['RelationId'] === before) store.purgeRow(rel.table, r['Id'] as string);
  }
  if (after && !live.some((r) => r['RelationId'] === after))
    addRelation(store, activityTable, rel, row, after, true);
}

/**
 * Relates one more Contact to a Task or Event, as a rep adding a contact to it does (the TaskRelation
 * insert): a Lead shares an activity with nobody, and 50 Contacts are the most. `withActivity`: the
 * relation was saved with the activity (a dataset's shared activity), so it carries the activity's stamp.
 */
export function relateWho(
  store: SalesforceStoreCore,
  sobject: string,
  activityId: string,
  contactId: string,
  options: { withActivity?: boolean } = {},
): void {
  const activityTable = store.mustTable(sobject);
  const rel = relationsOf(store, activityTable);
  if (!rel)
    throw new LeadloopError('SANDBOX_NO_SHARED_ACTIVITIES', `${sobject} has no who relations in this org`, {
      sobject,
    });
  const activity = activityTable.rows.get(activityId);
  if (!activity || activity['IsDeleted'] === true)
    throw new LeadloopError('SANDBOX_NOT_FOUND', `no live ${sobject} ${activityId}`, { activityId });
  if (store.tableOfId(contactId)?.def.name !== 'Contact')
    throw new LeadloopError('SANDBOX_NOT_A_CONTACT', `${contactId} is not a Contact`, { contactId });
  const live = liveRelations(rel, activityId);
  if (live.some((r) => r['Type'] === 'Lead'))
    throw new LeadloopError(
      'SANDBOX_LEAD_ACTIVITY',
      `${sobject} ${activityId} relates to a Lead, which it shares with nobody`,
      { activityId },
    );
  if (live.some((r) => r['RelationId'] === contactId)) return;
  if (live.length >= MAX_RELATED_CONTACTS)
    throw new LeadloopError(
      'SANDBOX_TOO_MANY_RELATIONS',
      `${sobject} ${activityId} already relates to 50 Contacts`,
      { activityId },
    );
  addRelation(store, activityTable, rel, activity, contactId, options.withActivity === true);
}

/**
 * Removes one person from a Task or Event (not its primary `WhoId`): the row is gone for good, no recycle bin.
 * `throughActivity`: a rep edits the activity's people and saves it (the Task's stamp moves); else the
 * relation row alone is deleted (an API `delete()` of the TaskRelation) and the activity's stamp stays.
 */
export function unrelateWho(
  store: SalesforceStoreCore,
  sobject: string,
  activityId: string,
  contactId: string,
  options: { throughActivity?: boolean } = {},
): void {
  const activityTable = store.mustTable(sobject);
  const rel = relationsOf(store, activityTable);
  if (!rel) return;
  if (activityTable.rows.get(activityId)?.['WhoId'] === contactId)
    throw new LeadloopError(
      'SANDBOX_PRIMARY_RELATION',
      `${contactId} is the primary WhoId of ${sobject} ${activityId}: change WhoId instead`,
      { activityId, contactId },
    );
  for (const r of liveRelations(rel, activityId))
    if (r['RelationId'] === contactId) store.purgeRow(rel.table, r['Id'] as string);
  if (options.throughActivity) store.patchRow(activityTable, activityId, {});
}
