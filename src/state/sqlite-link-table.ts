/**
 * The `links` table: one row per person, a unique index per record id and an index on email, so every
 * lookup the linker makes is one index probe. Callers wrap writes in a transaction.
 *
 * A record id belongs to at most one person. A put that gives person B an id person A holds moves it:
 * A's column is cleared in the same transaction (the redis store does the same), so no index ever
 * answers with a stale owner and the unique indexes never reject a re-link.
 */
import type { DatabaseSync, SQLOutputValue, StatementSync } from 'node:sqlite';
import { readByKeys, text, textOrNull } from './sqlite-statements.ts';
import {
  linkFieldOf,
  type LinkIdField,
  refKey,
  type PersonLink,
  type RecordRef,
} from '../domain/person-link.ts';

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

export class SqliteLinkTable {
  readonly #byId: Record<LinkIdField, StatementSync>;
  readonly #release: Record<LinkIdField, StatementSync>;
  readonly #byPerson: StatementSync;
  readonly #byEmail: StatementSync;
  readonly #upsert: StatementSync;
  readonly #delete: StatementSync;
  readonly #page: StatementSync;
  readonly #count: StatementSync;

  constructor(db: DatabaseSync) {
    const perField = (make: (column: string) => StatementSync): Record<LinkIdField, StatementSync> => ({
      hubspotId: make(COLUMN.hubspotId),
      salesforceLeadId: make(COLUMN.salesforceLeadId),
      salesforceContactId: make(COLUMN.salesforceContactId),
    });
    this.#byId = perField((col) => db.prepare(`${SELECT_KEYED} JOIN links l ON l.${col} = j.value`));
    this.#release = perField((col) =>
      db.prepare(`UPDATE links SET ${col} = NULL WHERE ${col} = ? AND person_id <> ?`),
    );
    this.#byPerson = db.prepare(`${SELECT_KEYED} JOIN links l ON l.person_id = j.value`);
    this.#byEmail = db.prepare(
      `${SELECT_KEYED} JOIN links l ON l.email = j.value ORDER BY j.key, l.person_id`,
    );
    this.#upsert = db.prepare(
      `INSERT INTO links (person_id, hubspot_id, salesforce_lead_id, salesforce_contact_id, email, updated_at)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (person_id) DO UPDATE SET hubspot_id = excluded.hubspot_id,
         salesforce_lead_id = excluded.salesforce_lead_id, salesforce_contact_id = excluded.salesforce_contact_id,
         email = excluded.email, updated_at = excluded.updated_at`,
    );
    this.#delete = db.prepare('DELETE FROM links WHERE person_id = ?');
    this.#page = db.prepare(`${SELECT} WHERE person_id > ? ORDER BY person_id LIMIT ?`);
    this.#count = db.prepare('SELECT count(*) AS n FROM links');
  }

  byRefs(refs: readonly RecordRef[]): Map<string, PersonLink> {
    const out = new Map<string, PersonLink>();
    const perField = new Map<LinkIdField, Map<string, string>>();
    for (const ref of refs) {
      const field = linkFieldOf(ref);
      if (field === null) continue;
      const ids = perField.get(field) ?? new Map<string, string>();
      ids.set(ref.id, refKey(ref));
      perField.set(field, ids);
    }
    for (const [field, ids] of perField)
      readByKeys(
        [...ids],
        ([id]) => id,
        this.#byId[field],
        ([, key], row) => out.set(key, toLink(row)),
      );
    return out;
  }

  byEmails(emails: readonly string[]): Map<string, PersonLink[]> {
    const out = new Map<string, PersonLink[]>();
    readByKeys(
      [...new Set(emails)],
      (email) => email,
      this.#byEmail,
      (email, row) => {
        const list = out.get(email);
        if (list) list.push(toLink(row));
        else out.set(email, [toLink(row)]);
      },
    );
    return out;
  }

  byPersonIds(personIds: readonly string[]): Map<string, PersonLink> {
    const out = new Map<string, PersonLink>();
    readByKeys(
      [...new Set(personIds)],
      (id) => id,
      this.#byPerson,
      (id, row) => out.set(id, toLink(row)),
    );
    return out;
  }

  put(links: readonly PersonLink[]): void {
    for (const l of links) {
      if (l.hubspotId !== null) this.#release.hubspotId.run(l.hubspotId, l.personId);
      if (l.salesforceLeadId !== null) this.#release.salesforceLeadId.run(l.salesforceLeadId, l.personId);
      if (l.salesforceContactId !== null)
        this.#release.salesforceContactId.run(l.salesforceContactId, l.personId);
      this.#upsert.run(
        l.personId,
        l.hubspotId,
        l.salesforceLeadId,
        l.salesforceContactId,
        l.email,
        l.updatedAt,
      );
    }
  }

  delete(personIds: readonly string[]): void {
    for (const id of personIds) this.#delete.run(id);
  }

  page(afterPersonId: string, limit: number): PersonLink[] {
    return this.#page.all(afterPersonId, limit).map(toLink);
  }

  count(): number {
    return Number(this.#count.get()?.['n'] ?? 0);
  }
}
