/**
 * A Salesforce Task deleted in the org stops counting: the incremental activity pull reads Tasks through
 * queryAll, deleted ones included, and the deleted row takes the Task's points (and every copy of a
 * shared Task) out of the ledger, so the people it counted for are rescored lower.
 */
import { describe, expect, it } from 'vitest';
import { worldsPerTest, type EngineWorld } from './engine-world.ts';

const TIMEOUT = 120_000;
const open = worldsPerTest();

/** The example model scores no calls; this rule makes a logged call worth points. */
const CALL_RULE = { name: 'Logged call', activity: 'call' as const, points: 20 };

async function engagementOf(w: EngineWorld, recordId: string): Promise<number> {
  return (await w.plan(await w.linkOf(recordId))).score.engagement;
}

async function ledgerIds(w: EngineWorld, recordId: string): Promise<string[]> {
  const held = await w.rt.store.getActivities([{ crm: 'salesforce', recordId }]);
  return (held.get(`salesforce:${recordId}`) ?? []).map((a) => a.sourceId);
}

describe('Salesforce activities deleted in the org', () => {
  it(
    "a Lead's logged call deleted in Salesforce leaves the ledger on the next incremental run and lowers the Lead's engagement; the other call stays",
    async () => {
      const w = await open({
        configure: (c) => ({
          ...c,
          scoring: {
            ...c.scoring,
            engagement: { ...c.scoring.engagement, rules: [...c.scoring.engagement.rules, CALL_RULE] },
          },
        }),
      });
      const person = w.people('-L-')[0];
      if (!person) throw new Error('the world holds no Lead-only person');
      const leadId = w.leadId(person);
      const store = w.sb.salesforce.store;
      const kept = store.addTask({ whoId: leadId, subject: 'Intro call', taskSubtype: 'Call' });
      const doomed = store.addTask({ whoId: leadId, subject: 'Follow-up call', taskSubtype: 'Call' });
      expect((await w.run('full')).status).toBe('succeeded');
      expect(await ledgerIds(w, leadId)).toEqual(expect.arrayContaining([kept, doomed]));
      const before = await engagementOf(w, leadId);

      store.delete('Task', doomed);
      const next = await w.run('incremental');

      expect(next.status).toBe('succeeded');
      expect(next.counters['activitiesDeleted']).toBe(1);
      const left = await ledgerIds(w, leadId);
      expect(left).toContain(kept);
      expect(left).not.toContain(doomed);
      expect(await engagementOf(w, leadId)).toBeLessThan(before);
      // The deletion was read once: the next run finds nothing more to remove.
      const quiet = await w.run('incremental');
      expect(quiet.counters['activitiesDeleted'] ?? 0).toBe(0);
    },
    TIMEOUT,
  );
});
