/**
 * Stores what a pull returned and marks the people it touches dirty. Nothing here decides a value:
 * records become snapshots and links, activities enter the engagement ledger, opportunities the
 * pipeline table. Durable before the cursor moves, so a crash between pull and write loses nothing.
 */
import {
  activityCopyId,
  type Activity,
  type ActivityPeople,
  type RemovedActivity,
} from '../domain/activity.ts';
import { rememberExcluded } from './excluded-records.ts';
import type { CrmName } from '../domain/crm.ts';
import type { Opportunity } from '../domain/opportunity.ts';
import type { PersonRecord, RejectedRecord } from '../domain/person.ts';
import { linkLookups, linkRecords, type LinkResult } from '../link/link.ts';
import type { SyncContext } from './context.ts';
import { mergeDuplicates } from '../link/link-duplicates.ts';
import { mergesOf } from '../link/link-merges.ts';
import { readPersonState, type PersonState } from './person-state.ts';
import type { RunCounters } from './run-counters.ts';
import { splitStale } from './stale-records.ts';
import type { PersonLink, RecordRef } from '../domain/person-link.ts';
import type { FailureRef, FailureSource } from '../state/types.ts';

const EMAIL_PREFIX = 'email:';

/** Stores the records, links them and marks their people dirty; answers those people's ids. */
export async function ingestRecords(
  ctx: SyncContext,
  pulled: readonly PersonRecord[],
  counters: RunCounters,
): Promise<string[]> {
  if (pulled.length === 0) return [];
  const held = await ctx.store.getSnapshots(pulled.filter((r) => !r.deleted));
  const { fresh: records, stale } = splitStale(pulled, held);
  if (stale.length > 0) {
    counters.add('recordsStale', stale.length);
    ctx.logger.debug(
      {
        records: stale.slice(0, 5).map((r) => `${r.crm}/${r.object}/${r.id}@${r.modifiedAt}`),
        count: stale.length,
      },
      'pulled records older than the versions held: kept the newer ones',
    );
  }
  if (records.length === 0) return [];
  const now = ctx.clock();
  const lookups = linkLookups(records, {
    mappings: ctx.config.fieldMappings,
    prefix: ctx.config.fields.prefix,
  });
  const [byRef, byEmail] = await Promise.all([
    ctx.store.getLinksByRefs(lookups.refs),
    ctx.store.getLinksByEmails(lookups.emails),
  ]);
  const result = linkRecords(
    records,
    { byRef, byEmail },
    { now, mappings: ctx.config.fieldMappings, prefix: ctx.config.fields.prefix, newId: newPersonId },
  );

  const live = records.filter((r) => !r.deleted);
  // Merged-away HubSpot contacts never come back deleted: only their survivor names them.
  const mergedAway = mergesOf(live).map((m) => m.from);
  const gone = [
    ...records.filter((r) => r.deleted).map((r) => ({ crm: r.crm, object: r.object, id: r.id })),
    ...mergedAway,
  ];
  await ctx.store.putSnapshots(
    live.map((r) => ({
      crm: r.crm,
      object: r.object,
      id: r.id,
      fields: r.fields,
      modifiedAt: r.modifiedAt,
      syncedAt: now.toISOString(),
    })),
  );
  if (gone.length > 0) await ctx.store.deleteSnapshots(gone);
  if (result.links.length > 0) await ctx.store.putLinks(result.links);
  // A record rejected by an earlier pull that now reads cleanly is no longer a failure.
  const resolved = [
    ...resolvedCreates(result.links),
    ...live.map((r) => failureRef(r, 'pull')),
    // A write to a merged-away record failed before the merge was seen: that failure is over.
    ...mergedAway.map((r) => failureRef(r, 'write')),
  ];
  if (resolved.length > 0) await ctx.store.clearFailures(resolved);
  if (result.unlinked.length > 0) await ctx.store.deleteLinks(result.unlinked);
  if (result.detached.length > 0) await recordTombstones(ctx, result.detached);
  await rememberExcluded(ctx, records);
  if (result.duplicates.length > 0 || result.merged.length > 0) await recordDuplicates(ctx, result);
  if (result.conversions.length > 0) await recordConversions(ctx, result.conversions);
  await ctx.store.markDirty(result.affectedPersonIds);

  counters.add('recordsPulled', pulled.length);
  counters.add('recordsDeleted', gone.length - mergedAway.length);
  counters.add('linksChanged', result.links.length);
  counters.add('duplicatesJoined', result.duplicates.length);
  counters.add('recordsMerged', result.recordMerges.length);
  for (const m of result.recordMerges)
    ctx.logger.info(
      { personId: m.personId, merged: m.from, into: m.into },
      'record merged into another in its CRM: the person moved to the survivor',
    );
  for (const d of result.duplicates)
    ctx.logger.info(
      { personId: d.personId, duplicate: d.ref, email: d.email },
      'record shares a person’s email: joined as a duplicate (merge them in the CRM)',
    );
  for (const a of result.ambiguities) {
    counters.add('linkAmbiguities', 1);
    ctx.logger.warn(
      { ambiguity: a },
      a.kind === 'merged-into-another-person'
        ? 'record merged into one another person holds, and the two cannot be one: kept apart (merge their records in the other CRM too)'
        : 'several records could be this person; resolved by the link rule',
    );
  }
  return result.affectedPersonIds;
}

function failureRef(r: RecordRef, source: FailureSource): FailureRef {
  return { crm: r.crm, object: r.object, source, recordId: r.id };
}

/**
 * Records a connector rejected (values failing its schema): each is logged as an error naming the record
 * and recorded as a permanent failure that `leadloop status` lists, until a later pull reads it cleanly.
 * The rest of the page was ingested as usual, and the cursor moves on: a poison record is not retried in a
 * loop, it waits for someone to fix it in the CRM (which re-reads it through its new modification stamp).
 */
export async function ingestRejected(
  ctx: SyncContext,
  runId: string,
  rejected: readonly RejectedRecord[],
  counters: RunCounters,
): Promise<void> {
  if (rejected.length === 0) return;
  const at = ctx.clock().toISOString();
  for (const r of rejected)
    ctx.logger.error(
      { crm: r.crm, object: r.object, recordId: r.id, reason: r.reason },
      'record rejected: it does not match the CRM schema; the rest of its page was synced',
    );
  await ctx.store.putFailures(
    rejected.map((r) => ({
      at,
      runId,
      crm: r.crm,
      object: r.object,
      source: 'pull',
      recordId: r.id,
      code: 'INVALID_RECORD',
      message: r.reason,
      fields: [],
      permanent: true,
    })),
  );
  counters.add('recordsRejected', rejected.length);
}

/**
 * A create whose answer was lost stays recorded as a retryable create failure keyed by the record it was
 * created from (chunk/reconcile.ts). When the record it made is pulled and linked by that id, nothing is created again,
 * so the failure is resolved here: otherwise `leadloop status` would list it forever.
 */
function resolvedCreates(links: readonly PersonLink[]): FailureRef[] {
  const refs: FailureRef[] = [];
  for (const link of links) {
    const salesforceIds = [link.salesforceLeadId, link.salesforceContactId].filter(
      (id): id is string => typeof id === 'string' && id !== '',
    );
    if (!link.hubspotId || salesforceIds.length === 0) continue;
    refs.push({ crm: 'salesforce', object: 'lead', source: 'create', recordId: link.hubspotId });
    for (const id of salesforceIds)
      refs.push({ crm: 'hubspot', object: 'contact', source: 'create', recordId: id });
  }
  return refs;
}

/**
 * Duplicates are remembered on their person (only linking finds them, by email), and a person merged into
 * another hands its duplicates over. A hand-off create that failed for a record that is now a duplicate
 * (a create failure keyed by that record) is resolved: nothing will create it again.
 */
async function recordDuplicates(ctx: SyncContext, result: LinkResult): Promise<void> {
  const links = new Map(result.links.map((l) => [l.personId, l]));
  const into = [
    ...new Set([...result.duplicates.map((d) => d.personId), ...result.merged.map((m) => m.into)]),
  ];
  const from = result.merged.map((m) => m.from);
  const [states, stored] = await Promise.all([
    ctx.store.getPersonStates([...into, ...from]),
    ctx.store.getLinksByPersonIds(into.filter((id) => !links.has(id))),
  ]);
  const updated: { personId: string; state: PersonState }[] = [];
  for (const personId of into) {
    const link = links.get(personId) ?? stored.get(personId);
    if (!link) continue;
    const state = readPersonState(states.get(personId));
    const moved = result.merged
      .filter((m) => m.into === personId)
      .flatMap((m) => readPersonState(states.get(m.from)).duplicates);
    const joined = result.duplicates.filter((d) => d.personId === personId).map((d) => d.ref);
    const duplicates = mergeDuplicates(link, state.duplicates, moved, joined);
    if (JSON.stringify(duplicates) !== JSON.stringify(state.duplicates))
      updated.push({ personId, state: { ...state, duplicates } });
  }
  if (updated.length > 0) await ctx.store.putPersonStates(updated);
  const resolved = result.duplicates.map((d): FailureRef => ({
    crm: 'hubspot',
    object: 'contact',
    source: 'create',
    recordId: d.ref.id,
  }));
  if (resolved.length > 0) await ctx.store.clearFailures(resolved);
}

/** A side deleted in its CRM is remembered, so a hand-off never recreates it. */
async function recordTombstones(ctx: SyncContext, detached: LinkResult['detached']): Promise<void> {
  const states = await ctx.store.getPersonStates(detached.map((d) => d.personId));
  const updated = detached.map(({ personId, ref }) => {
    const state = readPersonState(states.get(personId));
    const tombstones = state.tombstones.some((t) => t.crm === ref.crm && t.object === ref.object)
      ? state.tombstones
      : [...state.tombstones, { crm: ref.crm, object: ref.object }];
    return { personId, state: { ...state, tombstones } };
  });
  await ctx.store.putPersonStates(updated);
}

/** A conversion is remembered on its person: the Lead has left the link, and the stage step acts on it once. */
async function recordConversions(ctx: SyncContext, conversions: LinkResult['conversions']): Promise<void> {
  const states = await ctx.store.getPersonStates(conversions.map((c) => c.personId));
  const updated = conversions.flatMap(({ personId, leadId, contactId, at }) => {
    const state = readPersonState(states.get(personId));
    // The converted Lead is read again by every full pull: only a new conversion changes the state.
    if (state.conversion?.leadId === leadId) return [];
    return [{ personId, state: { ...state, conversion: { leadId, contactId, at } } }];
  });
  if (updated.length > 0) await ctx.store.putPersonStates(updated);
}

/** The people an activity belongs to, found by record id in its CRM or by email. */
async function peopleForActivities(ctx: SyncContext, activities: readonly Activity[]): Promise<string[]> {
  const refs: RecordRef[] = [];
  const emails: string[] = [];
  for (const a of activities) {
    if (a.recordId.startsWith(EMAIL_PREFIX)) emails.push(a.recordId.slice(EMAIL_PREFIX.length));
    else
      for (const object of ctx.connectors[a.crm].objects) refs.push({ crm: a.crm, object, id: a.recordId });
  }
  const [byRef, byEmail] = await Promise.all([
    ctx.store.getLinksByRefs(refs),
    ctx.store.getLinksByEmails([...new Set(emails)]),
  ]);
  const ids = new Set<string>();
  for (const link of byRef.values()) ids.add(link.personId);
  for (const list of byEmail.values()) for (const link of list) ids.add(link.personId);
  return [...ids];
}

export async function ingestActivities(
  ctx: SyncContext,
  activities: readonly Activity[],
  counters: RunCounters,
): Promise<void> {
  if (activities.length === 0) return;
  const added = await ctx.store.putActivities(activities);
  await ctx.store.markDirty(await peopleForActivities(ctx, activities));
  counters.add('activitiesPulled', activities.length);
  counters.add('activitiesNew', added);
}

/**
 * Shared activities the CRM listed in full: a copy for someone it no longer names leaves the ledger, and
 * that person is rescored (their engagement goes down). A copy among this batch's `items` stays: its
 * relation row may have been read after the activity's list (pages of several rounds are merged).
 */
export async function reconcileActivityPeople(
  ctx: SyncContext,
  people: readonly ActivityPeople[],
  items: readonly Activity[],
  counters: RunCounters,
): Promise<void> {
  if (people.length === 0) return;
  const fresh = new Map<string, string[]>();
  for (const a of items) {
    const cut = a.sourceId.lastIndexOf(':');
    if (cut < 0 || a.sourceId !== activityCopyId(a.sourceId.slice(0, cut), a.recordId)) continue;
    const key = `${a.crm}:${a.sourceId.slice(0, cut)}`;
    fresh.set(key, [...(fresh.get(key) ?? []), a.recordId]);
  }
  const kept = people.map((p) => ({
    ...p,
    recordIds: [...p.recordIds, ...(fresh.get(`${p.crm}:${p.activityId}`) ?? [])],
  }));
  const dropped = await ctx.store.retainActivityCopies(kept);
  if (dropped.length === 0) return;
  await ctx.store.markDirty(await peopleForActivities(ctx, dropped));
  counters.add('activitiesUnshared', dropped.length);
}

/**
 * Activities the CRM deleted: their entries and copies leave the ledger and the people they counted for
 * are rescored. One the same batch holds alive (undeleted and read again later in the pull) stays.
 */
export async function removeActivities(
  ctx: SyncContext,
  removed: readonly RemovedActivity[],
  items: readonly Activity[],
  counters: RunCounters,
): Promise<void> {
  if (removed.length === 0) return;
  const alive = new Set(items.map((a) => `${a.crm}:${a.sourceId}`));
  const gone = removed.filter((r) => !alive.has(`${r.crm}:${r.activityId}`));
  const dropped = await ctx.store.removeActivities(gone);
  if (dropped.length === 0) return;
  await ctx.store.markDirty(await peopleForActivities(ctx, dropped));
  counters.add('activitiesDeleted', dropped.length);
}

export async function ingestOpportunities(
  ctx: SyncContext,
  crm: CrmName,
  opportunities: readonly Opportunity[],
  counters: RunCounters,
): Promise<void> {
  if (opportunities.length === 0) return;
  await ctx.store.putOpportunities(opportunities);
  const refs: RecordRef[] = opportunities.flatMap((o) =>
    o.contactIds.map((id) => ({ crm, object: 'contact' as const, id })),
  );
  const links = await ctx.store.getLinksByRefs(refs);
  await ctx.store.markDirty([...new Set([...links.values()].map((l: PersonLink) => l.personId))]);
  counters.add('opportunitiesPulled', opportunities.length);
}

function newPersonId(): string {
  return `p_${crypto.randomUUID()}`;
}
