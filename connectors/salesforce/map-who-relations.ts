/**
 * Shared Activities: one Task or Event relates to up to 50 Contacts (or one Lead), each a TaskWhoRelation /
 * EventWhoRelation row; `WhoId` names only the primary one. A relation row becomes the activity for its
 * person, keyed `<activity id>:<person id>` so every person's copy is its own ledger entry. The primary
 * person's row is skipped: the Task / Event stream already yields that one, keyed by the activity id.
 * https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_taskwhorelation.htm
 * https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_eventwhorelation.htm
 */
import { z } from 'zod';
import type { Activity, ActivityPeople } from '../../src/domain/activity.ts';
import type { SfRecord } from './schemas.ts';

export type ActivityParent = 'Task' | 'Event';

/** The parent activity's fields, read through the relation's `Task.` / `Event.` relationship. */
const SfParentActivity = z.looseObject({ WhoId: z.string().nullish() });

const Person = z.string().nullish();
const TaskRelation = z.looseObject({ RelationId: Person, TaskId: Person, Task: SfParentActivity.nullish() });
const EventRelation = z.looseObject({
  RelationId: Person,
  EventId: Person,
  Event: SfParentActivity.nullish(),
});

interface Relation {
  readonly activityId: string | null | undefined;
  readonly person: string | null | undefined;
  readonly activity: z.infer<typeof SfParentActivity> | null | undefined;
}

function parseRelation(parent: ActivityParent, r: SfRecord): Relation | null {
  if (parent === 'Task') {
    const row = TaskRelation.safeParse(r);
    return row.success
      ? { activityId: row.data.TaskId, person: row.data.RelationId, activity: row.data.Task }
      : null;
  }
  const row = EventRelation.safeParse(r);
  return row.success
    ? { activityId: row.data.EventId, person: row.data.RelationId, activity: row.data.Event }
    : null;
}

/** What a relation stream selects: the relation, and `fields` of its parent for the mapping. */
export function whoRelationFields(parent: ActivityParent, fields: readonly string[]): string[] {
  return [`${parent}Id`, 'RelationId', ...fields.map((f) => `${parent}.${f}`)];
}

/** Maps relation rows with the parent's own mapping (`taskToActivity`, `eventToActivity`). */
export function whoRelationToActivity(
  parent: ActivityParent,
  toActivity: (r: SfRecord) => Activity | null,
): (r: SfRecord) => Activity | null {
  return (r) => {
    const { activityId, person, activity } = parseRelation(parent, r) ?? {};
    if (!activityId || !person || !activity || activity.WhoId === person) return null;
    const mapped = toActivity({ ...activity, Id: activityId, WhoId: person });
    return mapped && { ...mapped, sourceId: `${activityId}:${person}` };
  };
}

/**
 * The child subquery a Task / Event stream selects: its people in full, every time the activity is read
 * (the object page reads a task's people through `TaskWhoRelations` this way).
 */
export function whoRelationsSubquery(parent: ActivityParent): string {
  return `(SELECT RelationId FROM ${parent}WhoRelations)`;
}

const ChildRelations = z
  .looseObject({
    done: z.boolean().nullish(),
    records: z.array(z.looseObject({ RelationId: z.string().nullish() })),
  })
  .nullish();

/**
 * Everyone an activity row's relation subquery names (none: a null subquery). Null when the row did not
 * select it or the answer is cut short (`done: false`, never for 50 people): nothing to conclude then.
 */
export function activityPeople(parent: ActivityParent, r: SfRecord): ActivityPeople | null {
  const field = `${parent}WhoRelations`;
  if (!(field in r)) return null;
  const rows = ChildRelations.safeParse(r[field]);
  if (!rows.success || rows.data?.done === false) return null;
  const recordIds = (rows.data?.records ?? []).flatMap((x) => (x.RelationId ? [x.RelationId] : []));
  return { crm: 'salesforce', activityId: r.Id, recordIds };
}
