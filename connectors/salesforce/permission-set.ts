/**
 * `grantFieldAccess`: custom fields created through Tooling are hidden from the integration user by
 * field-level security, so provisioning keeps a "leadloop Integration" permission set with read and edit
 * on every leadloop field and assigns it to that user. Idempotent: rows that already grant are left alone.
 * https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_permissionset.htm
 * https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_fieldpermissions.htm
 * https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_permissionsetassignment.htm
 */
import { SyncError } from '../../src/lib/errors.ts';
import { COLLECTION_SIZE } from './collections.ts';
import type { SalesforceClient } from './connection.ts';
import { SfCreateResult, SfQueryResult, SfSaveResult } from './schemas.ts';
import { soqlIdentifier } from './soql.ts';
import { parseAnswer } from './parse-answer.ts';

export const PERMISSION_SET_NAME = 'Leadloop_Integration';
const PERMISSION_SET_LABEL = 'leadloop Integration';
const DESCRIPTION = 'Read and edit on the fields leadloop provisions; managed by leadloop.';

/** One field to grant: `Lead` + `Leadloop_Score__c`. */
export interface FieldRef {
  readonly object: string;
  readonly field: string;
}

async function query(client: SalesforceClient, soql: string): Promise<Array<Record<string, unknown>>> {
  const raw = await client.request({ method: 'GET', path: `/query?q=${encodeURIComponent(soql)}` });
  return parseAnswer(SfQueryResult, raw, `the query ${soql.slice(0, 60)}`).records;
}

const quoted = (id: string): string => `'${id.replace(/[^A-Za-z0-9]/g, '')}'`;

/**
 * The permission set's id and the integration user's id. leadloop creates the set, so its `CreatedById`
 * names the session's user: that spares an identity call, and a found set needs no write.
 */
async function upsertPermissionSet(client: SalesforceClient): Promise<{ setId: string; userId: string }> {
  const find = () =>
    query(client, `SELECT Id, CreatedById FROM PermissionSet WHERE Name = '${PERMISSION_SET_NAME}'`);
  let found = await find();
  if (found.length === 0) {
    const created = await client.request({
      method: 'POST',
      path: '/sobjects/PermissionSet',
      body: { Name: PERMISSION_SET_NAME, Label: PERMISSION_SET_LABEL, Description: DESCRIPTION },
    });
    SfCreateResult.parse(created);
    found = await find();
  }
  const setId = found[0]?.['Id'];
  const userId = found[0]?.['CreatedById'];
  if (typeof setId !== 'string' || typeof userId !== 'string')
    throw new SyncError(
      'config',
      'SF_PERMISSION_SET_UNREADABLE',
      'Salesforce answered no permission set row',
      {
        permissionSet: PERMISSION_SET_NAME,
      },
    );
  return { setId, userId };
}

/** FieldPermissions rows to create or widen so every field has read and edit (pure). */
export function missingGrants(
  setId: string,
  fields: readonly FieldRef[],
  existing: ReadonlyArray<Record<string, unknown>>,
): { creates: Record<string, unknown>[]; updates: Record<string, unknown>[] } {
  const byField = new Map(existing.map((r) => [String(r['Field']).toLowerCase(), r]));
  const creates: Record<string, unknown>[] = [];
  const updates: Record<string, unknown>[] = [];
  const seen = new Set<string>();
  for (const { object, field } of fields) {
    const name = `${soqlIdentifier(object)}.${soqlIdentifier(field)}`;
    if (seen.has(name.toLowerCase())) continue;
    seen.add(name.toLowerCase());
    const row = byField.get(name.toLowerCase());
    const grant = { attributes: { type: 'FieldPermissions' }, PermissionsRead: true, PermissionsEdit: true };
    if (!row) creates.push({ ...grant, ParentId: setId, SobjectType: object, Field: name });
    else if (row['PermissionsRead'] !== true || row['PermissionsEdit'] !== true)
      updates.push({ ...grant, Id: row['Id'] });
  }
  return { creates, updates };
}

async function saveAll(
  client: SalesforceClient,
  method: 'POST' | 'PATCH',
  records: readonly Record<string, unknown>[],
): Promise<void> {
  for (let i = 0; i < records.length; i += COLLECTION_SIZE) {
    const chunk = records.slice(i, i + COLLECTION_SIZE);
    const raw = await client.request({
      method,
      path: '/composite/sobjects',
      body: { allOrNone: false, records: chunk },
      idempotent: method === 'PATCH',
    });
    const results = parseAnswer(SfSaveResult.array(), raw, `${method} /composite/sobjects`);
    results.forEach((r, j) => {
      if (r.success) return;
      const field = String(chunk[j]?.['Field'] ?? chunk[j]?.['Id']);
      const first = r.errors?.[0];
      throw new SyncError(
        'config',
        first?.statusCode ?? 'SF_FIELD_PERMISSION_REFUSED',
        `Salesforce refused field access for ${field} in permission set ${PERMISSION_SET_NAME}: ${first?.message ?? 'no reason given'}`,
        { field, permissionSet: PERMISSION_SET_NAME },
      );
    });
  }
}

/**
 * What the admin must give the integration user for provisioning to grant itself access: editing permission
 * sets needs "Manage Profiles and Permission Sets", assigning one needs "Assign Permission Sets".
 * https://help.salesforce.com/s/articleView?id=sf.perm_sets_assigning.htm
 */
export const PERMISSION_SET_RIGHTS = 'Manage Profiles and Permission Sets and Assign Permission Sets';

export async function grantFieldAccess(client: SalesforceClient, fields: readonly FieldRef[]): Promise<void> {
  if (fields.length === 0) return;
  try {
    await grant(client, fields);
  } catch (err) {
    if (err instanceof SyncError && err.code.startsWith('INSUFFICIENT_ACCESS')) {
      throw new SyncError(
        'config',
        'SF_PERMISSION_SET_DENIED',
        `Salesforce refused to set up the "${PERMISSION_SET_LABEL}" permission set that lets leadloop read its own fields: ` +
          `give the integration user the ${PERMISSION_SET_RIGHTS} permissions (Setup > Users > its profile or a permission set), ` +
          `or assign that permission set to it by hand`,
        { permissionSet: PERMISSION_SET_NAME, refused: err.code },
        { cause: err },
      );
    }
    throw err;
  }
}

async function grant(client: SalesforceClient, fields: readonly FieldRef[]): Promise<void> {
  const { setId, userId } = await upsertPermissionSet(client);
  const existing = await query(
    client,
    `SELECT Id, Field, PermissionsRead, PermissionsEdit FROM FieldPermissions WHERE ParentId = ${quoted(setId)}`,
  );
  const { creates, updates } = missingGrants(setId, fields, existing);
  await saveAll(client, 'POST', creates);
  await saveAll(client, 'PATCH', updates);
  const assigned = await query(
    client,
    `SELECT Id FROM PermissionSetAssignment WHERE PermissionSetId = ${quoted(setId)} AND AssigneeId = ${quoted(userId)}`,
  );
  if (assigned.length > 0) return;
  await client.request({
    method: 'POST',
    path: '/sobjects/PermissionSetAssignment',
    body: { AssigneeId: userId, PermissionSetId: setId },
  });
}
