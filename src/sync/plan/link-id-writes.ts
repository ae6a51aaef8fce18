/** The stored-id writes of one person (link-ids.ts decides which), with the value each one replaces. */
import type { FieldValue } from '../../domain/person.ts';
import { linkIdWrites } from '../../link/link-ids.ts';
import { type RecordSnapshot } from '../../state/types.ts';
import type { PlannedWrite } from './planned-write.ts';
import { refKey, type PersonLink } from '../../domain/person-link.ts';

/** `records` are the person's own records as pulled; duplicates never carry the partner's id. */
export function plannedLinkIdWrites(
  link: PersonLink,
  records: readonly (RecordSnapshot | undefined)[],
  prefix: string,
): PlannedWrite[] {
  const current = new Map<string, Readonly<Record<string, FieldValue>>>();
  for (const s of records) if (s) current.set(refKey(s), s.fields);
  return linkIdWrites(link, current, prefix).map((w) => ({
    ...w,
    from: current.get(refKey(w))?.[w.field] ?? null,
    to: w.value,
    reason: 'link ids',
  }));
}
