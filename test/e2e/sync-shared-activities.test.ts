/**
 * Salesforce Shared Activities end to end: a meeting related to several Contacts (EventWhoRelation rows)
 * counts in the engagement score of every one of them, its primary `WhoId` once; a Contact a rep adds to
 * the meeting later gets it on the next incremental run. Seed 7's world holds three shared meetings.
 */
import { describe, expect, it } from 'vitest';
import type { SandboxActivity } from '../../connectors/sandbox/dataset.ts';
import { worldsPerTest, type EngineWorld } from './engine-world.ts';

const TIMEOUT = 120_000;
const open = worldsPerTest();

function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`world lacks ${what}`);
  return value;
}

const contactOf = (w: EngineWorld, key: string): string =>
  must(w.sb.salesforce.store.contactIdForPersonKey(key), `the Contact of ${key}`);

/** The Event the sandbox made of a dataset meeting: its WhoId and start. */
function eventOf(w: EngineWorld, meeting: SandboxActivity): string {
  const who = contactOf(w, meeting.personKey);
  const at = Date.parse(meeting.occurredAt);
  const row = [...w.sb.salesforce.store.mustTable('Event').rows.values()].find(
    (r) => r['WhoId'] === who && Date.parse(String(r['StartDateTime']).replace('+0000', 'Z')) === at,
  );
  return must(row?.['Id'] as string | undefined, `the Event of ${meeting.key}`);
}

/** When the person's "Meeting" rule counted meetings (ms), from the engine's own plan. */
async function meetingTimes(w: EngineWorld, contactId: string): Promise<readonly number[]> {
  const plan = await w.plan(await w.linkOf(contactId));
  const rule = plan.score.contributions.find((c) => c.kind === 'engagement' && c.rule === 'Meeting');
  return rule?.kind === 'engagement' ? rule.occurredAtMs : [];
}

async function ledgerIds(w: EngineWorld, contactId: string): Promise<string[]> {
  const held = await w.rt.store.getActivities([{ crm: 'salesforce', recordId: contactId }]);
  return (held.get(`salesforce:${contactId}`) ?? []).map((a) => a.sourceId);
}

describe('Salesforce Shared Activities', () => {
  it(
    'a meeting related to several Contacts scores for each of them, the primary once; a Contact added later scores it after the next incremental run',
    async () => {
      const w = await open();
      const shared = w.sb.dataset.activities.filter(
        (a) => a.crm === 'salesforce' && a.type === 'meeting' && (a.relatedPersonKeys?.length ?? 0) > 0,
      );
      expect(shared.length).toBeGreaterThan(0);
      const run = await w.run('full');
      expect(run.status).toBe('succeeded');

      for (const meeting of shared) {
        const eventId = eventOf(w, meeting);
        const at = Date.parse(meeting.occurredAt);
        const primary = contactOf(w, meeting.personKey);
        expect(await meetingTimes(w, primary)).toContain(at);
        const primaryLedger = await ledgerIds(w, primary);
        expect(primaryLedger).toContain(eventId);
        expect(primaryLedger).not.toContain(`${eventId}:${primary}`);
        for (const key of meeting.relatedPersonKeys ?? []) {
          const contactId = contactOf(w, key);
          expect(await ledgerIds(w, contactId)).toContain(`${eventId}:${contactId}`);
          expect(await meetingTimes(w, contactId)).toContain(at);
        }
      }

      // A rep adds one more Contact to the first shared meeting.
      const meeting = must(shared[0], 'a shared meeting');
      const eventId = eventOf(w, meeting);
      const related = new Set(
        [meeting.personKey, ...(meeting.relatedPersonKeys ?? [])].map((k) => contactOf(w, k)),
      );
      const newcomer = must(
        [...w.sb.salesforce.store.mustTable('Contact').rows.keys()].find((id) => !related.has(id)),
        'another Contact',
      );
      expect(await meetingTimes(w, newcomer)).not.toContain(Date.parse(meeting.occurredAt));
      w.sb.salesforce.store.relateWho('Event', eventId, newcomer);

      const next = await w.run('incremental');

      expect(next.status).toBe('succeeded');
      expect(await ledgerIds(w, newcomer)).toContain(`${eventId}:${newcomer}`);
      expect(await meetingTimes(w, newcomer)).toContain(Date.parse(meeting.occurredAt));
    },
    TIMEOUT,
  );
});

/** A shared Task of the world: its id, its primary Contact and one further Contact it relates to. */
function sharedTasks(w: EngineWorld): { taskId: string; primary: string; other: string }[] {
  const tasks = w.sb.salesforce.store.mustTable('Task').rows;
  const out: { taskId: string; primary: string; other: string }[] = [];
  for (const r of w.sb.salesforce.store.mustTable('TaskWhoRelation').rows.values()) {
    const task = tasks.get(r['TaskId'] as string);
    if (!task || task['WhoId'] === r['RelationId'] || r['Type'] !== 'Contact') continue;
    out.push({
      taskId: task['Id'] as string,
      primary: task['WhoId'] as string,
      other: r['RelationId'] as string,
    });
  }
  return out;
}

/** The person's engagement score. */
async function engagementOf(w: EngineWorld, contactId: string) {
  const plan = await w.plan(await w.linkOf(contactId));
  return { engagement: plan.score.engagement };
}

describe('Salesforce Shared Activities: a person taken off an activity', () => {
  it(
    'a Contact taken off a shared Task or meeting stops counting it after the next incremental run (the activity is saved), the others keep it; one whose relation row alone is deleted, after the next full run',
    async () => {
      const w = await open();
      expect((await w.run('full')).status).toBe('succeeded');
      const [edited, deleted] = sharedTasks(w).filter(
        (t, i, all) => all.findIndex((u) => u.taskId === t.taskId) === i,
      );
      if (!edited || !deleted) throw new Error('the world holds fewer than two shared Tasks');
      expect(await ledgerIds(w, edited.other)).toContain(`${edited.taskId}:${edited.other}`);
      // Meetings score in the example model (calls do not): the engagement of the one taken off drops.
      const meeting = must(
        w.sb.dataset.activities.find(
          (a) => a.crm === 'salesforce' && a.type === 'meeting' && (a.relatedPersonKeys?.length ?? 0) > 0,
        ),
        'a shared meeting',
      );
      const eventId = eventOf(w, meeting);
      const at = Date.parse(meeting.occurredAt);
      const [leaving] = (meeting.relatedPersonKeys ?? []).map((k) => contactOf(w, k));
      const stays = [meeting.personKey, ...(meeting.relatedPersonKeys ?? []).slice(1)].map((k) =>
        contactOf(w, k),
      );
      if (!leaving) throw new Error('the meeting relates to nobody else');
      const before = await engagementOf(w, leaving);
      expect(await meetingTimes(w, leaving)).toContain(at);

      // A rep edits each activity's people and saves it.
      w.sb.salesforce.store.unrelateWho('Task', edited.taskId, edited.other, { throughActivity: true });
      w.sb.salesforce.store.unrelateWho('Event', eventId, leaving, { throughActivity: true });
      const next = await w.run('incremental');
      expect(next.status).toBe('succeeded');

      expect(await ledgerIds(w, edited.other)).not.toContain(`${edited.taskId}:${edited.other}`);
      expect(await ledgerIds(w, edited.primary)).toContain(edited.taskId);
      expect(await ledgerIds(w, leaving)).not.toContain(`${eventId}:${leaving}`);
      expect(await meetingTimes(w, leaving)).not.toContain(at);
      expect((await engagementOf(w, leaving)).engagement).toBeLessThan(before.engagement);
      for (const contactId of stays) expect(await meetingTimes(w, contactId)).toContain(at);

      // The TaskRelation row deleted through the API: the Task's stamp stays, so only a full pull sees it.
      w.sb.salesforce.store.unrelateWho('Task', deleted.taskId, deleted.other);
      expect((await w.run('incremental')).status).toBe('succeeded');
      expect(await ledgerIds(w, deleted.other)).toContain(`${deleted.taskId}:${deleted.other}`);
      expect((await w.run('full')).status).toBe('succeeded');
      expect(await ledgerIds(w, deleted.other)).not.toContain(`${deleted.taskId}:${deleted.other}`);
      expect(await ledgerIds(w, deleted.primary)).toContain(deleted.taskId);
    },
    TIMEOUT,
  );
});
