/** The engagement ledger and opportunity roles, with the sqlite ledger's semantics (first write wins). */
import type { Activity } from '../../domain/activity.ts';
import type { Opportunity } from '../../domain/opportunity.ts';
import { compareText, sortOpportunities } from '../ordering.ts';
import { epochMs } from '../state-codec.ts';
import type { LedgerPort } from '../types.ts';
import { addTo, removeFrom, type MemoryTables } from './tables.ts';

type LedgerTables = Pick<
  MemoryTables,
  'activities' | 'activitiesByRecord' | 'opportunities' | 'oppsByContact'
>;

export function memoryLedger(tables: LedgerTables): LedgerPort {
  const { activities, activitiesByRecord, opportunities, oppsByContact } = tables;
  return {
    /** A re-sent event keeps its original record and time. */
    async putActivities(given) {
      // Every time is parsed before anything is stored: a batch with a bad one changes nothing.
      const parsed = given.map((activity) => ({ at: epochMs(activity.occurredAt), activity }));
      let added = 0;
      for (const p of parsed) {
        const key = `${p.activity.crm}:${p.activity.sourceId}`;
        if (activities.has(key)) continue;
        activities.set(key, p);
        addTo(activitiesByRecord, `${p.activity.crm}:${p.activity.recordId}`, key);
        added++;
      }
      return added;
    },
    async getActivities(records) {
      const out = new Map<string, Activity[]>();
      for (const r of records) {
        const key = `${r.crm}:${r.recordId}`;
        const ids = activitiesByRecord.get(key);
        if (!ids || ids.size === 0) continue;
        const list = [...ids].flatMap((id) => activities.get(id) ?? []);
        list.sort((a, b) => a.at - b.at || compareText(a.activity.sourceId, b.activity.sourceId));
        out.set(
          key,
          list.map((p) => p.activity),
        );
      }
      return out;
    },
    async pruneActivities(before) {
      const cutoff = before.getTime();
      let removed = 0;
      for (const [key, p] of activities) {
        if (p.at >= cutoff) continue;
        activities.delete(key);
        removeFrom(activitiesByRecord, `${p.activity.crm}:${p.activity.recordId}`, key);
        removed++;
      }
      return removed;
    },
    async retainActivityCopies(people) {
      const listed = new Map(people.map((p) => [`${p.crm}:${p.activityId}`, new Set(p.recordIds)]));
      const dropped: Activity[] = [];
      if (listed.size === 0) return dropped;
      for (const [key, { activity }] of activities) {
        const cut = activity.sourceId.lastIndexOf(':');
        if (cut < 0 || activity.sourceId.slice(cut + 1) !== activity.recordId) continue;
        const keep = listed.get(`${activity.crm}:${activity.sourceId.slice(0, cut)}`);
        if (!keep || keep.has(activity.recordId)) continue;
        activities.delete(key);
        removeFrom(activitiesByRecord, `${activity.crm}:${activity.recordId}`, key);
        dropped.push(activity);
      }
      return dropped;
    },
    async removeActivities(removed) {
      const listed = new Set(removed.map((r) => `${r.crm}:${r.activityId}`));
      const dropped: Activity[] = [];
      if (listed.size === 0) return dropped;
      for (const [key, { activity }] of activities) {
        const cut = activity.sourceId.lastIndexOf(':');
        const own = listed.has(`${activity.crm}:${activity.sourceId}`);
        const copy =
          cut >= 0 &&
          activity.sourceId.slice(cut + 1) === activity.recordId &&
          listed.has(`${activity.crm}:${activity.sourceId.slice(0, cut)}`);
        if (!own && !copy) continue;
        activities.delete(key);
        removeFrom(activitiesByRecord, `${activity.crm}:${activity.recordId}`, key);
        dropped.push(activity);
      }
      return dropped;
    },
    /** Replaces each opportunity and its contact roles (roles are replaced, not merged). */
    async putOpportunities(given) {
      for (const o of given) epochMs(o.createdAt);
      for (const o of given) {
        const old = opportunities.get(o.id);
        for (const c of old?.contactIds ?? []) removeFrom(oppsByContact, c, o.id);
        opportunities.set(o.id, o);
        for (const c of o.contactIds) addTo(oppsByContact, c, o.id);
      }
    },
    async getOpportunitiesForContacts(contactIds) {
      const out = new Map<string, Opportunity[]>();
      for (const c of contactIds) {
        const ids = oppsByContact.get(c);
        if (!ids || ids.size === 0) continue;
        out.set(c, sortOpportunities([...ids].flatMap((id) => opportunities.get(id) ?? [])));
      }
      return out;
    },
  };
}
