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
