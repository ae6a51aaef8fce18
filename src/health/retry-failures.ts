/**
 * Retry failed writes now rather than wait for someone to touch the record: the people behind them are
 * marked dirty and their failure entries cleared, so the next run plans and sends those writes again (a
 * permanent failure that is still wrong simply comes back, with the CRM's message). Failures of records a
 * pull rejected (source `pull`) are not retried here: the record itself must be fixed in its CRM, and the
 * next pull that sees it change reads it again. A company write failure (account scoring) needs no
 * person: the next run plans it again from the company's values.
 */
import type { DirtyPort, FailurePort, FailureRef, LinkPort, WriteFailureEntry } from '../state/types.ts';
import { refKey, type RecordRef } from '../domain/person-link.ts';

/** The records a failure is about: its own, or for a create the record it was to be created from. */
function sourceRefs(f: WriteFailureEntry): RecordRef[] {
  if (f.object === 'company') return [];
  if (f.source !== 'create') return [{ crm: f.crm, object: f.object, id: f.recordId }];
  const id = f.recordId;
  return f.crm === 'salesforce'
    ? [{ crm: 'hubspot', object: 'contact', id }]
    : [
        { crm: 'salesforce', object: 'lead', id },
        { crm: 'salesforce', object: 'contact', id },
      ];
}

export interface RetryResult {
  readonly retried: number;
  readonly people: number;
  /** Rejected pulls and failures whose record no person holds any more: left as they are. */
  readonly skipped: number;
}

export async function retryFailures(
  store: LinkPort & DirtyPort & FailurePort,
  failures: readonly WriteFailureEntry[],
): Promise<RetryResult> {
  const retryable = failures.filter((f) => f.source !== 'pull');
  const links = await store.getLinksByRefs(retryable.flatMap(sourceRefs));
  const people = new Set<string>();
  const cleared: FailureRef[] = [];
  for (const f of retryable) {
    // Every account run plans its company writes afresh: clearing the entry is the whole retry.
    if (f.object === 'company') {
      cleared.push({ crm: f.crm, object: f.object, source: f.source, recordId: f.recordId });
      continue;
    }
    const person = sourceRefs(f)
      .map((r) => links.get(refKey(r)))
      .find((l) => l !== undefined);
    if (!person) continue;
    people.add(person.personId);
    cleared.push({ crm: f.crm, object: f.object, source: f.source, recordId: f.recordId });
  }
  // Dirty first: if clearing fails halfway, the people are still retried.
  await store.markDirty([...people]);
  await store.clearFailures(cleared);
  return { retried: cleared.length, people: people.size, skipped: failures.length - cleared.length };
}
