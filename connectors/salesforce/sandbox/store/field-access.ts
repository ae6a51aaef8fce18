/**
 * Field-level security for custom fields created through Tooling: such a field exists (Tooling answers
 * for it, its name is taken) but the integration user cannot see it — absent from describe, unknown to
 * SOQL (`INVALID_FIELD`), refused on write — until a `FieldPermissions` row granting read on it sits in a
 * `PermissionSet` assigned to that user. Read without edit makes it visible but neither createable nor
 * updateable. Recomputed after every write to the three permission objects.
 * https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_fieldpermissions.htm
 */
import type { CustomFieldEntry, SalesforceStoreCore } from './store-core.ts';

export const PERMISSION_TABLES = new Set(['PermissionSet', 'FieldPermissions', 'PermissionSetAssignment']);

interface Access {
  read: boolean;
  edit: boolean;
}

/** `Lead.Score__c` (lower-cased) → the integration user's access, from live permission rows. */
function grantedAccess(store: SalesforceStoreCore): Map<string, Access> {
  const assigned = new Set<string>();
  for (const row of store.mustTable('PermissionSetAssignment').rows.values()) {
    if (row['IsDeleted'] !== true && row['AssigneeId'] === store.integrationUserId) {
      assigned.add(String(row['PermissionSetId']));
    }
  }
  const access = new Map<string, Access>();
  for (const row of store.mustTable('FieldPermissions').rows.values()) {
    if (row['IsDeleted'] === true || !assigned.has(String(row['ParentId']))) continue;
    const key = String(row['Field']).toLowerCase();
    const prior = access.get(key) ?? { read: false, edit: false };
    // Edit implies read, as the setup UI enforces.
    const edit = prior.edit || row['PermissionsEdit'] === true;
    access.set(key, { read: prior.read || edit || row['PermissionsRead'] === true, edit });
  }
  return access;
}

/** Shows or hides every Tooling-created field on its table to match the integration user's grants. */
export function applyFieldAccess(store: SalesforceStoreCore): void {
  if (!store.fieldLevelSecurity) return;
  const access = grantedAccess(store);
  for (const entry of store.customFields.values()) applyEntry(store, entry, access);
}

/** A newly created field starts hidden (unless FLS is off, or an existing grant already names it). */
export function applyNewField(store: SalesforceStoreCore, entry: CustomFieldEntry): void {
  if (!store.fieldLevelSecurity) {
    store.mustTable(entry.table).addField(entry.field);
    return;
  }
  applyEntry(store, entry, grantedAccess(store));
}

function applyEntry(store: SalesforceStoreCore, entry: CustomFieldEntry, access: Map<string, Access>): void {
  const table = store.mustTable(entry.table);
  const granted = entry.openToAll
    ? { read: true, edit: true }
    : access.get(`${entry.table}.${entry.field.name}`.toLowerCase());
  const shown = table.field(entry.field.name) !== undefined;
  if (granted?.read) {
    entry.field.createable = granted.edit && !entry.field.calculated;
    entry.field.updateable = granted.edit && !entry.field.calculated;
    if (!shown) table.addField(entry.field);
  } else if (shown) {
    table.removeField(entry.field.name);
  }
}
