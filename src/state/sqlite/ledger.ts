import { activityCopyId, type Activity } from '../../domain/activity.ts';
import type { Opportunity } from '../../domain/opportunity.ts';
import { sortOpportunities } from '../ordering.ts';
import { decode, epochMs } from '../state-codec.ts';
import type { LedgerPort } from '../types.ts';
import { readByKeys, text } from './rows.ts';
import type { SqliteHandle } from './tx.ts';

/** Appends `item` to the list under `key`, creating it. */
function push<T>(out: Map<string, T[]>, key: string, item: T): void {
  const list = out.get(key);
  if (list) list.push(item);
  else out.set(key, [item]);
}

export function sqliteLedger({ db, tx }: SqliteHandle): LedgerPort {
  // First write wins: the ledger is keyed on the source CRM's own event id.
  const putActivity = db.prepare(
    'INSERT OR IGNORE INTO activities (crm, source_id, record_id, occurred_at, doc) VALUES (?, ?, ?, ?, ?)',
  );
  const getActivities = db.prepare(
    `SELECT j.key AS k, a.doc FROM json_each(?) j
     JOIN activities a ON a.crm = j.value->>0 AND a.record_id = j.value->>1
     ORDER BY j.key, a.occurred_at, a.source_id`,
  );
  const pruneActivities = db.prepare('DELETE FROM activities WHERE occurred_at < ?');
  // Copies `<activityId>:<recordId>` sort between `<activityId>:` and `<activityId>;` (';' follows ':').
  const activityCopies = db.prepare(
    'SELECT source_id, record_id, doc FROM activities WHERE crm = ? AND source_id > ? AND source_id < ?',
  );
  const deleteActivity = db.prepare('DELETE FROM activities WHERE crm = ? AND source_id = ?');
  const getActivity = db.prepare('SELECT doc FROM activities WHERE crm = ? AND source_id = ?');
  const putOpportunity = db.prepare(
    'INSERT INTO opportunities (id, doc) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET doc = excluded.doc',
  );
  const clearRoles = db.prepare('DELETE FROM opportunity_contacts WHERE opportunity_id = ?');
  const putRole = db.prepare(
    'INSERT OR IGNORE INTO opportunity_contacts (contact_id, opportunity_id) VALUES (?, ?)',
  );
  const getOpportunities = db.prepare(
    `SELECT j.key AS k, o.id, o.doc FROM json_each(?) j
     JOIN opportunity_contacts c ON c.contact_id = j.value JOIN opportunities o ON o.id = c.opportunity_id`,
  );

  return {
    async putActivities(activities) {
      if (activities.length === 0) return 0;
      return tx(() => {
        let added = 0;
        for (const a of activities) {
          const res = putActivity.run(
            a.crm,
            a.sourceId,
            a.recordId,
            epochMs(a.occurredAt),
            JSON.stringify(a),
          );
          added += Number(res.changes);
        }
        return added;
      });
    },
    async getActivities(records) {
      const out = new Map<string, Activity[]>();
      readByKeys(
        [...new Map(records.map((r) => [`${r.crm}:${r.recordId}`, r]))],
        ([, r]) => [r.crm, r.recordId],
        getActivities,
        ([key], row) => push(out, key, decode.activity(key, text(row, 'doc'))),
      );
      return out;
    },
    async pruneActivities(before) {
      return Number(pruneActivities.run(before.getTime()).changes);
    },
    async retainActivityCopies(people) {
      if (people.length === 0) return [];
      return tx(() => {
        const dropped: Activity[] = [];
        for (const p of people) {
          const keep = new Set(p.recordIds);
          for (const row of activityCopies.all(p.crm, `${p.activityId}:`, `${p.activityId};`)) {
            const sourceId = text(row, 'source_id');
            const recordId = text(row, 'record_id');
            if (keep.has(recordId) || sourceId !== activityCopyId(p.activityId, recordId)) continue;
            dropped.push(decode.activity(`${p.crm}:${sourceId}`, text(row, 'doc')));
            deleteActivity.run(p.crm, sourceId);
          }
        }
        return dropped;
      });
    },
    async removeActivities(removed) {
      if (removed.length === 0) return [];
      return tx(() => {
        const dropped: Activity[] = [];
        for (const r of removed) {
          const own = getActivity.get(r.crm, r.activityId);
          const rows = activityCopies.all(r.crm, `${r.activityId}:`, `${r.activityId};`);
          for (const row of own ? [own, ...rows] : rows) {
            const a = decode.activity(`${r.crm}:${r.activityId}`, text(row, 'doc'));
            if (a.sourceId !== r.activityId && a.sourceId !== activityCopyId(r.activityId, a.recordId))
              continue;
            dropped.push(a);
            deleteActivity.run(r.crm, a.sourceId);
          }
        }
        return dropped;
      });
    },
    async putOpportunities(opportunities) {
      if (opportunities.length === 0) return;
      tx(() => {
        for (const o of opportunities) {
          putOpportunity.run(o.id, JSON.stringify(o));
          clearRoles.run(o.id);
          for (const c of new Set(o.contactIds)) putRole.run(c, o.id);
        }
      });
    },
    async getOpportunitiesForContacts(contactIds) {
      const out = new Map<string, Opportunity[]>();
      readByKeys(
        [...new Set(contactIds)],
        (id) => id,
        getOpportunities,
        (id, row) => push(out, id, decode.opportunity(text(row, 'id'), text(row, 'doc'))),
      );
      for (const list of out.values()) sortOpportunities(list);
      return out;
    },
  };
}
