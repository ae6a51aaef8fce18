/**
 * SLA reminder Tasks for Lead owners: sObject Collections create, packed into `/composite` like every
 * other write (200 per collection). `WhoId` is the Lead, `OwnerId` the user reminded, `ActivityDate` the
 * SLA's due day; `Status` is left to the org's default (Tasks require one, and orgs rename the values).
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections_create.htm
 * https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_task.htm
 */
import type { ReminderTask } from '../../src/domain/sla-task.ts';
import type { WriteOutcome } from '../../src/domain/write.ts';
import type { SalesforceClient } from './connection.ts';
import { submitWrites } from './write-batcher.ts';

export async function createTasks(
  client: SalesforceClient,
  tasks: readonly ReminderTask[],
): Promise<WriteOutcome[]> {
  if (tasks.length === 0) return [];
  const outcomes = await submitWrites(
    client,
    [
      {
        method: 'POST',
        path: '/composite/sobjects',
        items: tasks.map((t) => ({
          key: t.key,
          record: {
            attributes: { type: 'Task' },
            WhoId: t.recordId,
            OwnerId: t.ownerId,
            Subject: t.subject,
            ActivityDate: t.dueDate,
            Description: t.description,
          },
        })),
      },
    ],
    { assignmentRules: false },
  );
  return tasks.map(
    (t) =>
      outcomes.get(t.key) ?? {
        ok: false,
        key: t.key,
        failure: {
          kind: 'transient',
          retryable: true,
          code: 'SF_NO_RESULT',
          message: 'no result returned for this task',
          fields: [],
        },
      },
  );
}
