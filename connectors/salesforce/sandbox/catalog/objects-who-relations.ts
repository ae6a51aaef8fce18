/**
 * Shared Activities: `TaskWhoRelation` and `EventWhoRelation`, one row per person (a Lead, or up to 50
 * Contacts) a Task or Event relates to, the primary `WhoId` included. Read-only views of TaskRelation /
 * EventRelation: describe, query and retrieve only (API v29.0+); the org must have Shared Activities on.
 * https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_taskwhorelation.htm
 * https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_eventwhorelation.htm
 * Fields: https://developer.salesforce.com/docs/platform/field-reference/references/field-reference/salesforce-field-reference-taskwhorelation.html
 */
import { F, sobject, type SObjectDef } from './field-def.ts';

/** Key prefixes of TaskRelation / EventRelation, whose rows these objects show. */
export const TASK_WHO_RELATION_PREFIX = '0RT';
export const EVENT_WHO_RELATION_PREFIX = '0RE';

const READ_ONLY = { createable: false, updateable: false };
const VIEW_ONLY = { createable: false, updateable: false, deletable: false };

function whoRelationDef(name: string, parent: 'Task' | 'Event', prefix: string): SObjectDef {
  return sobject(
    name,
    `${parent} Who Relation`,
    `${parent} Who Relations`,
    prefix,
    [
      F.ref('AccountId', 'Account ID', ['Account'], 'Account', READ_ONLY),
      F.ref('RelationId', 'Relation ID', ['Contact', 'Lead'], 'Relation', READ_ONLY),
      F.ref(`${parent}Id`, `${parent} ID`, [parent], parent, READ_ONLY),
      F.text('Type', 'Type', 50, READ_ONLY),
    ],
    [],
    VIEW_ONLY,
  );
}

export const taskWhoRelationDef = (): SObjectDef =>
  whoRelationDef('TaskWhoRelation', 'Task', TASK_WHO_RELATION_PREFIX);

export const eventWhoRelationDef = (): SObjectDef =>
  whoRelationDef('EventWhoRelation', 'Event', EVENT_WHO_RELATION_PREFIX);
