/**
 * The sqlite audit log. A run appends one entry per written field, ~15 per record on a full sync, so
 * consecutive entries of the same write (same time, run, person and record) share one row: the row's
 * header holds what they share and `items` holds `[field, from, to, reason]` per entry. Reads expand the
 * rows back into entries in the order the contract defines (newest `at` first, then newest appended).
 */
import { z } from 'zod';
import { CrmName, IsoTime, PersonObject } from '../../domain/crm.ts';
import { FieldValue } from '../../domain/person.ts';
import { decodeWith, epochMs } from '../state-codec.ts';
import type { AuditEntry, AuditPort } from '../types.ts';
import type { SqliteHandle } from './tx.ts';

const AuditGroup = z.strictObject({
  at: IsoTime,
  runId: z.string(),
  crm: CrmName,
  object: PersonObject,
  recordId: z.string(),
  items: z.array(z.tuple([z.string(), FieldValue, FieldValue, z.string()])).min(1),
});
type AuditGroup = z.infer<typeof AuditGroup>;

const sameWrite = (a: AuditEntry, b: AuditEntry): boolean =>
  a.at === b.at &&
  a.runId === b.runId &&
  a.personId === b.personId &&
  a.crm === b.crm &&
  a.object === b.object &&
  a.recordId === b.recordId;

/** One row's group of entries, checked like every stored document (a bad row fails naming its seq). */
const decodeGroup = (seq: unknown, json: string): AuditGroup =>
  decodeWith(AuditGroup, 'audit row', String(seq), json);

export function sqliteAudit({ db, tx }: SqliteHandle): AuditPort {
  const append = db.prepare('INSERT INTO audit (at, person_id, n, doc) VALUES (?, ?, ?, ?)');
  const list = db.prepare('SELECT seq, person_id, doc FROM audit ORDER BY at DESC, seq DESC');
  const listForPerson = db.prepare(
    'SELECT seq, person_id, doc FROM audit WHERE person_id = ? ORDER BY at DESC, seq DESC',
  );
  const count = db.prepare('SELECT coalesce(sum(n), 0) AS n FROM audit WHERE at < ?');
  const prune = db.prepare('DELETE FROM audit WHERE at < ?');

  const appendGroups = (entries: readonly AuditEntry[]): void => {
    for (let start = 0; start < entries.length;) {
      const first = entries[start] as AuditEntry;
      let end = start + 1;
      while (end < entries.length && sameWrite(first, entries[end] as AuditEntry)) end++;
      const group: AuditGroup = {
        at: first.at,
        runId: first.runId,
        crm: first.crm,
        object: first.object,
        recordId: first.recordId,
        items: entries.slice(start, end).map((e) => [e.field, e.from, e.to, e.reason]),
      };
      append.run(epochMs(first.at), first.personId, end - start, JSON.stringify(group));
      start = end;
    }
  };

  return {
    async appendAudit(entries) {
      if (entries.length > 0) tx(() => appendGroups(entries));
    },
    /** Rows are read lazily, newest first, until `limit` entries are out. */
    async listAudit(options) {
      const out: AuditEntry[] = [];
      if (options.limit <= 0) return out;
      const rows = options.personId === undefined ? list.iterate() : listForPerson.iterate(options.personId);
      for (const row of rows) {
        const personId = row['person_id'];
        const { items, ...shared } = decodeGroup(row['seq'], String(row['doc']));
        for (let i = items.length - 1; i >= 0; i--) {
          const [field, from, to, reason] = items[i] as AuditGroup['items'][number];
          out.push({
            ...shared,
            personId: typeof personId === 'string' ? personId : null,
            field,
            from,
            to,
            reason,
          });
          if (out.length >= options.limit) return out;
        }
      }
      return out;
    },
    /** Drops rows with `at < before`; returns how many entries they held. */
    async pruneAudit(before) {
      return tx(() => {
        const n = Number(count.get(before.getTime())?.['n'] ?? 0);
        if (n > 0) prune.run(before.getTime());
        return n;
      });
    },
  };
}
