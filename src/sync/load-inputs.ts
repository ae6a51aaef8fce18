/** Reads everything `planPerson` needs for a chunk of people, in a handful of batch queries. */
import type { Activity } from '../domain/activity.ts';
import { normaliseEmail } from '../link/normalise-email.ts';
import { type RecordSnapshot, type StateStore } from '../state/types.ts';
import { CRMS } from './context.ts';
import { readPersonState } from './person-state.ts';
import type { PersonInputs } from './plan-person.ts';
import { refsOf, refKey, type PersonLink } from '../domain/person-link.ts';

export interface LoadedChunk {
  readonly inputs: PersonInputs[];
  /** Dirty ids with no link left (their records were deleted): nothing to write, just clear them. */
  readonly orphans: string[];
  /** People whose stored state could not be read; they start fresh and the run says so. */
  readonly unreadableState: string[];
}

/** How activities named only by email are keyed in the ledger (see `Activity.recordId`). */
const emailKey = (email: string): string => `email:${normaliseEmail(email) ?? email}`;

export async function loadInputs(store: StateStore, personIds: readonly string[]): Promise<LoadedChunk> {
  const links = await store.getLinksByPersonIds(personIds);
  const orphans = personIds.filter((id) => !links.has(id));
  const all: PersonLink[] = [...links.values()];
  const refs = all.flatMap(refsOf);
  const activityKeys = all.flatMap((l) => [
    ...refsOf(l).map((r) => ({ crm: r.crm, recordId: r.id })),
    ...(l.email ? CRMS.map((crm) => ({ crm, recordId: emailKey(l.email ?? '') })) : []),
  ]);
  const contactIds = all.flatMap((l) => (l.salesforceContactId ? [l.salesforceContactId] : []));
  const [snapshots, activities, opportunities, states] = await Promise.all([
    store.getSnapshots(refs),
    store.getActivities(activityKeys),
    store.getOpportunitiesForContacts(contactIds),
    store.getPersonStates(all.map((l) => l.personId)),
  ]);
  // Duplicates are listed in the person state, so their snapshots come in a second read (only when any).
  const parsed = new Map(all.map((l) => [l.personId, readPersonState(states.get(l.personId))]));
  const duplicateRefs = [...parsed.values()].flatMap((state) => state.duplicates);
  const duplicateSnapshots =
    duplicateRefs.length > 0 ? await store.getSnapshots(duplicateRefs) : new Map<string, RecordSnapshot>();
  const unreadableState: string[] = [];
  const inputs = all.map((link): PersonInputs => {
    const ownActivities: Activity[] = [];
    const seen = new Set<string>();
    for (const key of [
      ...refsOf(link).map((r) => `${r.crm}:${r.id}`),
      ...(link.email ? CRMS.map((crm) => `${crm}:${emailKey(link.email ?? '')}`) : []),
    ]) {
      for (const a of activities.get(key) ?? []) {
        const id = `${a.crm}:${a.sourceId}`;
        if (!seen.has(id)) {
          seen.add(id);
          ownActivities.push(a);
        }
      }
    }
    const raw = states.get(link.personId);
    const state = parsed.get(link.personId) ?? readPersonState(raw);
    if (raw !== undefined && state.stage === null && (raw as { stage?: unknown } | null)?.stage)
      unreadableState.push(link.personId);
    const snap = (crm: 'hubspot' | 'salesforce', object: 'contact' | 'lead', id: string | null) =>
      id === null ? undefined : snapshots.get(refKey({ crm, object, id }));
    return {
      link,
      hubspot: snap('hubspot', 'contact', link.hubspotId),
      lead: snap('salesforce', 'lead', link.salesforceLeadId),
      contact: snap('salesforce', 'contact', link.salesforceContactId),
      duplicates: state.duplicates.flatMap((r) => duplicateSnapshots.get(refKey(r)) ?? []),
      activities: ownActivities,
      opportunities: link.salesforceContactId ? (opportunities.get(link.salesforceContactId) ?? []) : [],
      state,
    };
  });
  return { inputs, orphans, unreadableState };
}
