import type { Activity } from '../../domain/activity.ts';
import type { Opportunity } from '../../domain/opportunity.ts';
import { compareActivities, sortOpportunities } from '../ordering.ts';
import type { LedgerPort } from '../types.ts';
import type { OverlayView } from './view.ts';

const activityKey = (a: Activity): string => `${a.crm}:${a.sourceId}`;

export function overlayLedger(v: OverlayView): LedgerPort {
  return {
    /** Counts as new only what neither the base ledger (of the same records) nor the overlay holds. */
    async putActivities(activities) {
      if (activities.length === 0) return 0;
      const records = new Map(activities.map((a) => [`${a.crm}:${a.recordId}`, a]));
      const known = new Set<string>();
      const base = await v.base.getActivities(
        [...records.values()].map((a) => ({ crm: a.crm, recordId: a.recordId })),
      );
      for (const list of base.values()) for (const a of list) known.add(activityKey(a));
      return v.top.putActivities(activities.filter((a) => !known.has(activityKey(a))));
    },
    async getActivities(records) {
      const [top, base] = await Promise.all([v.top.getActivities(records), v.base.getActivities(records)]);
      for (const [key, list] of top) {
        const seen = new Set((base.get(key) ?? []).map(activityKey));
        const merged = [...(base.get(key) ?? []), ...list.filter((a) => !seen.has(activityKey(a)))];
        base.set(key, merged.sort(compareActivities));
      }
      return base;
    },
    /** Drops the overlay's own entries only; the base ledger stays as it is (see overlay-store.ts). */
    pruneActivities(before) {
      return v.top.pruneActivities(before);
    },
    /** Drops the overlay's own copies only, as `pruneActivities` does: the base ledger stays as it is. */
    retainActivityCopies(people) {
      return v.top.retainActivityCopies(people);
    },
    /** Drops the overlay's own entries only, as `retainActivityCopies` does. */
    removeActivities(removed) {
      return v.top.removeActivities(removed);
    },
    async putOpportunities(opportunities) {
      for (const o of opportunities) v.shadowedOpps.add(o.id);
      await v.top.putOpportunities(opportunities);
    },
    async getOpportunitiesForContacts(contactIds) {
      const [top, base] = await Promise.all([
        v.top.getOpportunitiesForContacts(contactIds),
        v.base.getOpportunitiesForContacts(contactIds),
      ]);
      const out = new Map<string, Opportunity[]>();
      for (const contact of contactIds) {
        const merged = [
          ...(top.get(contact) ?? []),
          ...(base.get(contact) ?? []).filter((o) => !v.shadowedOpps.has(o.id)),
        ];
        if (merged.length > 0) out.set(contact, sortOpportunities(merged));
      }
      return out;
    },
  };
}
