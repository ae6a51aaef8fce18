import { describe, expect, it } from 'vitest';
import { startPositions, encodeCursor } from '../../../connectors/salesforce/cursor.ts';
import { eventToActivity, taskToActivity } from '../../../connectors/salesforce/map.ts';
import {
  whoRelationFields,
  whoRelationToActivity,
} from '../../../connectors/salesforce/map-who-relations.ts';

const task = {
  attributes: { type: 'Task' },
  WhoId: '003A',
  Subject: 'Pricing call',
  TaskSubtype: 'Call',
  CallType: 'Outbound',
  ActivityDate: '2026-02-10',
  CreatedDate: '2026-02-10T09:30:00.000+0000',
};
const relation = (person: string | null, parent: Record<string, unknown> | null = task) => ({
  attributes: { type: 'TaskWhoRelation' },
  Id: '0RT1',
  SystemModstamp: '2026-02-10T09:30:00.000+0000',
  TaskId: '00T1',
  RelationId: person,
  Task: parent,
});
const fromTask = whoRelationToActivity('Task', taskToActivity);

describe('whoRelationToActivity', () => {
  it.each([
    ['a further Contact: the Task as its activity, keyed by task and person', relation('003B'), '00T1:003B'],
    ['the primary (RelationId = Task.WhoId): the Task stream counts it', relation('003A'), null],
    ['no person', relation(null), null],
    ['the Task not readable (no parent fields)', relation('003B', null), null],
    [
      'a Task with its WhoId cleared: every related person is a further one',
      relation('003B', { ...task, WhoId: null }),
      '00T1:003B',
    ],
  ])('%s', (_, row, sourceId) => {
    expect(fromTask(row)?.sourceId ?? null).toBe(sourceId);
  });

  it("keeps the parent's type, time and subject, on the related person", () => {
    expect(fromTask(relation('003B'))).toEqual({
      crm: 'salesforce',
      sourceId: '00T1:003B',
      recordId: '003B',
      type: 'call',
      occurredAt: '2026-02-10T09:30:00.000Z',
      name: 'Pricing call',
    });
  });

  it('reads EventWhoRelation through Event.*', () => {
    const fromEvent = whoRelationToActivity('Event', eventToActivity);
    const row = {
      Id: '0RE1',
      EventId: '00U1',
      RelationId: '003B',
      Event: { WhoId: '003A', Subject: 'Demo', StartDateTime: '2026-02-12T15:00:00.000+0000' },
    };
    expect(fromEvent(row)).toMatchObject({ sourceId: '00U1:003B', recordId: '003B', type: 'meeting' });
    expect(whoRelationFields('Event', ['WhoId', 'Subject'])).toEqual([
      'EventId',
      'RelationId',
      'Event.WhoId',
      'Event.Subject',
    ]);
  });
});

describe('startPositions with an inherited stream', () => {
  const task = { ts: '2026-02-10T09:30:00.000Z', id: '00T1' };
  it.each([
    ['a stream the cursor lacks starts where its parent stands', encodeCursor({ Task: task }), task],
    [
      'a stream the cursor holds keeps its own position',
      encodeCursor({ Task: task, TaskWhoRelation: null }),
      null,
    ],
    ['no cursor: from the start', null, null],
  ])('%s', (_, cursor, expected) => {
    expect(startPositions(cursor, {}).at('TaskWhoRelation', 'Task')).toEqual(expected);
  });

  it('a stream without a parent named reads its own position only', () => {
    expect(startPositions(encodeCursor({ Task: task }), {}).at('constructor')).toBeNull();
    expect(startPositions(encodeCursor({ Task: task }), {}).at('constructor', 'Task')).toEqual(task);
  });
});
