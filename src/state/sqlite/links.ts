/**
 * The `links` table: one row per person, a unique index per record id and an index on email, so every
 * lookup the linker makes is one index probe.
 *
 * A record id belongs to at most one person. A put that gives person B an id person A holds moves it:
 * A's column is cleared in the same transaction (the redis store does the same), so no index ever
 * answers with a stale owner and the unique indexes never reject a re-link.
 */
import type { SQLOutputValue, StatementSync } from 'node:sqlite';
import type { LinkPort } from '../types.ts';
import { readByKeys, text, textOrNull } from './rows.ts';
import type { SqliteHandle } from './tx.ts';
import { linkFieldOf, type LinkIdField, refKey, type PersonLink } from '../../domain/person-link.ts';

const COLUMN: Record<LinkIdField, string> = {
  hubspotId: 'hubspot_id',
  salesforceLeadId: 'salesforce_lead_id',
  salesforceContactId: 'salesforce_contact_id',
};
const SELECT =
  'SELECT person_id, hubspot_id, salesforce_lead_id, salesforce_contact_id, email, updated_at FROM links';
/** Batched reads (`readByKeys`): the same columns for every key of a JSON array parameter. */
const SELECT_KEYED = `SELECT j.key AS k, l.person_id, l.hubspot_id, l.salesforce_lead_id,
  l.salesforce_contact_id, l.email, l.updated_at FROM json_each(?) j`;

function toLink(row: Record<string, SQLOutputValue>): PersonLink {
  return {
    personId: text(row, 'person_id'),
    hubspotId: textOrNull(row, 'hubspot_id'),
    salesforceLeadId: textOrNull(row, 'salesforce_lead_id'),
    salesforceContactId: textOrNull(row, 'salesforce_contact_id'),
    email: textOrNull(row, 'email'),
    updatedAt: text(row, 'updated_at'),
  };
}

export function sqliteLinks({ db, tx }: SqliteHandle): LinkPort {
  const perField = (make: (column: string) => StatementSync): Record<LinkIdField, StatementSync> => ({
    hubspotId: make(COLUMN.hubspotId),
    salesforceLeadId: make(COLUMN.salesforceLeadId),
    salesforceContactId: make(COLUMN.salesforceContactId),
  });
  const byId = perField((col) => db.prepare(`${SELECT_KEYED} JOIN links l ON l.${col} = j.value`));
  const release = perField((col) =>
    db.prepare(`UPDATE links SET ${col} = NULL WHERE ${col} = ? AND person_id <> ?`),
  );
  const byPerson = db.prepare(`${SELECT_KEYED} JOIN links l ON l.person_id = j.value`);
  const byEmail = db.prepare(`${SELECT_KEYED} JOIN links l ON l.email = j.value ORDER BY j.key, l.person_id`);
  const upsert = db.prepare(
    `INSERT INTO links (person_id, hubspot_id, salesforce_lead_id, salesforce_contact_id, email, updated_at)
     VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (person_id) DO UPDATE SET hubspot_id = excluded.hubspot_id,
       salesforce_lead_id = excluded.salesforce_lead_id, salesforce_contact_id = excluded.salesforce_contact_id,
       email = excluded.email, updated_at = excluded.updated_at`,
  );
  const remove = db.prepare('DELETE FROM links WHERE person_id = ?');
  const page = db.prepare(`${SELECT} WHERE person_id > ? ORDER BY person_id LIMIT ?`);
  const count = db.prepare('SELECT count(*) AS n FROM links');

  return {
    async getLinksByRefs(refs) {
      const out = new Map<string, PersonLink>();
      const ids = new Map<LinkIdField, Map<string, string>>();
      for (const ref of refs) {
        const field = linkFieldOf(ref);
        if (field === null) continue;
        const forField = ids.get(field) ?? new Map<string, string>();
        forField.set(ref.id, refKey(ref));
        ids.set(field, forField);
      }
      for (const [field, forField] of ids)
        readByKeys(
          [...forField],
          ([id]) => id,
          byId[field],
          ([, key], row) => out.set(key, toLink(row)),
        );
      return out;
    },
    async getLinksByEmails(emails) {
      const out = new Map<string, PersonLink[]>();
      readByKeys(
        [...new Set(emails)],
        (email) => email,
        byEmail,
        (email, row) => {
          const list = out.get(email);
          if (list) list.push(toLink(row));
          else out.set(email, [toLink(row)]);
        },
      );
      return out;
    },
    async getLinksByPersonIds(personIds) {
      const out = new Map<string, PersonLink>();
      readByKeys(
        [...new Set(personIds)],
        (id) => id,
        byPerson,
        (id, row) => out.set(id, toLink(row)),
      );
      return out;
    },
    async putLinks(links) {
      if (links.length === 0) return;
      tx(() => {
        for (const l of links) {
          if (l.hubspotId !== null) release.hubspotId.run(l.hubspotId, l.personId);
          if (l.salesforceLeadId !== null) release.salesforceLeadId.run(l.salesforceLeadId, l.personId);
          if (l.salesforceContactId !== null)
            release.salesforceContactId.run(l.salesforceContactId, l.personId);
          upsert.run(
            l.personId,
            l.hubspotId,
            l.salesforceLeadId,
            l.salesforceContactId,
            l.email,
            l.updatedAt,
          );
        }
      });
    },
    async deleteLinks(personIds) {
      if (personIds.length > 0) tx(() => personIds.forEach((id) => remove.run(id)));
    },
    async *iterateLinks(batchSize) {
      // LIMIT -1 would mean "no limit" to SQLite; the contract yields nothing.
      if (batchSize <= 0) return;
      for (let after = ''; ;) {
        const batch = page.all(after, batchSize).map(toLink);
        if (batch.length === 0) return;
        yield batch;
        const last = batch.at(-1);
        if (last === undefined || batch.length < batchSize) return;
        after = last.personId;
      }
    },
    async countLinks() {
      return Number(count.get()?.['n'] ?? 0);
    },
  };
}
