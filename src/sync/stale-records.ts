/**
 * A pulled record older than the snapshot already held: a page read before a newer version was stored by
 * another reader (a webhook's targeted run beside the scheduled pull, a look-back re-read). Storing it would
 * put old values back, and the next plan would write them to the other CRM. Pure.
 *
 * Only CRM stamps are compared. A snapshot leadloop created itself carries leadloop's clock
 * (`modifiedAt === syncedAt`), which may run ahead of the CRM's: it never makes a pull stale. Equal stamps
 * are not stale: Salesforce stamps whole seconds, so two saves in one second share one.
 */
import type { PersonRecord } from '../domain/person.ts';
import { refKey } from '../domain/person-link.ts';
import type { RecordSnapshot } from '../state/types.ts';

export interface StaleSplit {
  readonly fresh: PersonRecord[];
  readonly stale: PersonRecord[];
}

export function splitStale(
  records: readonly PersonRecord[],
  held: ReadonlyMap<string, RecordSnapshot>,
): StaleSplit {
  const split: StaleSplit = { fresh: [], stale: [] };
  for (const r of records) {
    const snap = held.get(refKey(r));
    const older =
      !r.deleted &&
      snap !== undefined &&
      snap.modifiedAt !== snap.syncedAt &&
      Date.parse(r.modifiedAt) < Date.parse(snap.modifiedAt);
    (older ? split.stale : split.fresh).push(r);
  }
  return split;
}
