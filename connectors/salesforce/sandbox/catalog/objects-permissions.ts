/**
 * The setup objects that grant field-level security: a `PermissionSet`, its `FieldPermissions` rows (one per
 * field, `Field` = 'Lead.Score__c'), and `PermissionSetAssignment` rows tying a set to a user.
 * https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_permissionset.htm
 * https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_fieldpermissions.htm
 * https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_permissionsetassignment.htm
 */
import { F, sobject, type SObjectDef } from './field-def.ts';

export const PERMISSION_SET_PREFIX = '0PS';
export const FIELD_PERMISSIONS_PREFIX = '01k';
export const PERMISSION_SET_ASSIGNMENT_PREFIX = '0Pa';

export function permissionSetDef(): SObjectDef {
  return sobject('PermissionSet', 'Permission Set', 'Permission Sets', PERMISSION_SET_PREFIX, [
    F.text('Name', 'Name', 80, { nillable: false, unique: true }),
    F.text('Label', 'Label', 80, { nillable: false }),
    F.textarea('Description', 'Description', 255),
  ]);
}

export function fieldPermissionsDef(): SObjectDef {
  return sobject('FieldPermissions', 'Field Permissions', 'Field Permissions', FIELD_PERMISSIONS_PREFIX, [
    F.ref('ParentId', 'Parent ID', ['PermissionSet'], 'Parent', { nillable: false }),
    F.text('SobjectType', 'Sobject Type Name', 40, { nillable: false }),
    F.text('Field', 'Field Name', 80, { nillable: false }),
    F.bool('PermissionsRead', 'Read Access'),
    F.bool('PermissionsEdit', 'Edit Access'),
  ]);
}

export function permissionSetAssignmentDef(): SObjectDef {
  return sobject(
    'PermissionSetAssignment',
    'Permission Set Assignment',
    'Permission Set Assignments',
    PERMISSION_SET_ASSIGNMENT_PREFIX,
    [
      F.ref('AssigneeId', 'Assignee ID', ['User'], 'Assignee', { nillable: false }),
      F.ref('PermissionSetId', 'Permission Set ID', ['PermissionSet'], 'PermissionSet', { nillable: false }),
    ],
  );
}
