/**
 * A copy-on-write view of a store for `sync --dry-run`: reads see the real state plus what the dry
 * run itself would have written; writes stay in memory and vanish with the run. So a dry run plans
 * exactly what a real run would write, and leaves cursors, links and history untouched.
 *
 * The overlay's writes live in a MemoryStore (`top`); what they hide of the base is tracked beside it
 * (deleted cursors and snapshots, cleared dirty marks and failures, people and opportunities whose
 * overlay version replaces the base one). Where it differs from the StateStore contract:
 * - `pruneActivities` / `pruneAudit` drop only the overlay's own entries and count only those; the base
 *   history stays visible (a pruned entry no longer moves any score, and a dry run deletes nothing).
 * - Locks are the overlay's own and never reach the base: a dry run neither takes nor blocks the real
 *   run's lease (run-sync does not lock dry runs at all).
 * - `clear()` empties the view — the base is hidden from then on, not wiped — and `close()` drops the
 *   overlay; the base store belongs to the caller and stays open.
 * - `putActivities` dedupes against the base ledger of the same records only (the interface has no
 *   lookup by source id), so an event the base holds under another record id counts as new here.
 */
import type { Activity } from '../domain/activity.ts';
import type { CrmName } from '../domain/crm.ts';
import type { Opportunity } from '../domain/opportunity.ts';
import { createMemoryStore } from './memory/memory-store.ts';
import { compareFailures, compareRuns, sortOpportunities } from './ordering.ts';
import { epochMs, failureKey } from './state-codec.ts';
import {
  type AuditEntry,
  type RecordSnapshot,
  type RunSummary,
  type StateStore,
  type FailureRef,
  type WriteFailureEntry,
} from './types.ts';
import { refsOf, refKey, type PersonLink, type RecordRef } from '../domain/person-link.ts';

const PAGE = 10_000;
const activityKey = (a: Activity): string => `${a.crm}:${a.sourceId}`;

export class OverlayStore implements StateStore {
  readonly kind: StateStore['kind'];
  /** The real store; replaced by an empty stand-in once `clear()` hides it. Never written. */
  private base: StateStore;
  private readonly top = createMemoryStore();
  /** Cursors the overlay set; null hides the base cursor. */
  private readonly cursors = new Map<string, string | null>();
  /** People whose base link is hidden: the overlay re-linked them (its version wins) or deleted them. */
  private readonly shadowedLinks = new Set<string>();
  private readonly clearedDirty = new Set<string>();
  private readonly deletedSnapshots = new Set<string>();
  /** Opportunities the overlay rewrote: their base version and roles are hidden. */
  private readonly shadowedOpps = new Set<string>();
  /** Failure keys the overlay replaced or cleared. */
  private readonly shadowedFailures = new Set<string>();
  private readonly shadowedRuns = new Set<string>();

  constructor(base: StateStore) {
    this.base = base;
    this.kind = base.kind;
  }

  async getCursor(key: string): Promise<string | null> {
    const mine = this.cursors.get(key);
    return mine !== undefined ? mine : this.base.getCursor(key);
  }
  async setCursor(key: string, value: string | null): Promise<void> {
    this.cursors.set(key, value);
  }
  /** A dry run reserves from the base's value without moving it: the real run hands out the same numbers. */
  reserveCounter(key: string, count: number): Promise<number> {
    // Chained: a reservation reads the base only once the one before it has written the overlay.
    const next = this.#counters.then(async () => {
      const first = Number((await this.getCursor(key)) ?? '0');
      this.cursors.set(key, String(first + count));
      return first;
    });
    this.#counters = next.catch(() => undefined);
    return next;
  }
  #counters: Promise<unknown> = Promise.resolve();

  private visible(link: PersonLink): boolean {
    return !this.shadowedLinks.has(link.personId);
  }
  async getLinksByRefs(refs: readonly RecordRef[]): Promise<Map<string, PersonLink>> {
    const out = await this.top.getLinksByRefs(refs);
    const rest = refs.filter((r) => !out.has(refKey(r)));
    if (rest.length === 0) return out;
    for (const [key, link] of await this.base.getLinksByRefs(rest))
      if (this.visible(link)) out.set(key, link);
    return out;
  }
  async getLinksByEmails(emails: readonly string[]): Promise<Map<string, PersonLink[]>> {
    const [top, base] = await Promise.all([
      this.top.getLinksByEmails(emails),
      this.base.getLinksByEmails(emails),
    ]);
    const out = new Map<string, PersonLink[]>();
    for (const email of emails) {
      const merged = [...(top.get(email) ?? []), ...(base.get(email) ?? []).filter((l) => this.visible(l))];
      if (merged.length > 0)
        out.set(
          email,
          merged.sort((a, b) => (a.personId < b.personId ? -1 : a.personId > b.personId ? 1 : 0)),
        );
    }
    return out;
  }
  async getLinksByPersonIds(personIds: readonly string[]): Promise<Map<string, PersonLink>> {
    const out = await this.top.getLinksByPersonIds(personIds);
    const rest = personIds.filter((id) => !out.has(id) && !this.shadowedLinks.has(id));
    if (rest.length === 0) return out;
    for (const [id, link] of await this.base.getLinksByPersonIds(rest)) out.set(id, link);
    return out;
  }
  /**
   * A base person holding a record id this batch claims is copied into the overlay first, so the
   * overlay clears the id on them exactly as the base store would.
   */
  async putLinks(links: readonly PersonLink[]): Promise<void> {
    if (links.length === 0) return;
    const holders = new Map<string, PersonLink>();
    for (const holder of (await this.getLinksByRefs(links.flatMap(refsOf))).values())
      if (!this.shadowedLinks.has(holder.personId)) holders.set(holder.personId, holder);
    for (const id of holders.keys()) this.shadowedLinks.add(id);
    await this.top.putLinks([...holders.values()]);
    for (const l of links) this.shadowedLinks.add(l.personId);
    await this.top.putLinks(links);
  }
  async deleteLinks(personIds: readonly string[]): Promise<void> {
    for (const id of personIds) this.shadowedLinks.add(id);
    await this.top.deleteLinks(personIds);
  }
  /** Base and overlay links merged in one person-id order, in full batches. */
  async *iterateLinks(batchSize: number): AsyncIterable<PersonLink[]> {
    if (batchSize <= 0) return;
    const size = batchSize;
    const mine: PersonLink[] = [];
    for await (const batch of this.top.iterateLinks(PAGE)) mine.push(...batch);
    let i = 0;
    let buffer: PersonLink[] = [];
    for await (const batch of this.base.iterateLinks(size)) {
      for (const link of batch) {
        if (!this.visible(link)) continue;
        for (let next = mine[i]; next !== undefined && next.personId < link.personId; next = mine[++i])
          buffer.push(next);
        buffer.push(link);
      }
      while (buffer.length >= size) {
        yield buffer.slice(0, size);
        buffer = buffer.slice(size);
      }
    }
    buffer.push(...mine.slice(i));
    for (let start = 0; start < buffer.length; start += size) yield buffer.slice(start, start + size);
  }
  async countLinks(): Promise<number> {
    const hidden =
      this.shadowedLinks.size === 0 ? 0 : (await this.base.getLinksByPersonIds([...this.shadowedLinks])).size;
    return (await this.base.countLinks()) - hidden + (await this.top.countLinks());
  }

  async markDirty(personIds: readonly string[]): Promise<void> {
    for (const id of personIds) this.clearedDirty.delete(id);
    await this.top.markDirty(personIds);
  }
  /** Up to `limit` base ids after `after` that the overlay did not clear, paging past cleared ones. */
  private async baseDirty(limit: number, after: string | undefined): Promise<string[]> {
    const out: string[] = [];
    let cursor = after;
    for (;;) {
      const page = await this.base.listDirty(limit, cursor);
      for (const id of page) if (!this.clearedDirty.has(id)) out.push(id);
      const last = page.at(-1);
      if (out.length >= limit || page.length < limit || last === undefined) return out;
      cursor = last;
    }
  }
  async listDirty(limit: number, afterPersonId?: string): Promise<string[]> {
    if (limit <= 0) return [];
    const [base, top] = await Promise.all([
      this.baseDirty(limit, afterPersonId),
      this.top.listDirty(limit, afterPersonId),
    ]);
    return [...new Set([...base, ...top])].sort().slice(0, limit);
  }
  async clearDirty(personIds: readonly string[]): Promise<void> {
    for (const id of personIds) this.clearedDirty.add(id);
    await this.top.clearDirty(personIds);
  }
  async countDirty(): Promise<number> {
    const mine = new Set(await this.top.listDirty(Number.MAX_SAFE_INTEGER));
    let n = mine.size;
    let cursor: string | undefined;
    for (;;) {
      const page = await this.base.listDirty(PAGE, cursor);
      for (const id of page) if (!this.clearedDirty.has(id) && !mine.has(id)) n++;
      cursor = page.at(-1);
      if (page.length < PAGE || cursor === undefined) return n;
    }
  }

  async getSnapshots(refs: readonly RecordRef[]): Promise<Map<string, RecordSnapshot>> {
    const out = await this.top.getSnapshots(refs);
    const rest = refs.filter((r) => !out.has(refKey(r)) && !this.deletedSnapshots.has(refKey(r)));
    if (rest.length === 0) return out;
    for (const [k, v] of await this.base.getSnapshots(rest)) out.set(k, v);
    return out;
  }
  async putSnapshots(snapshots: readonly RecordSnapshot[]): Promise<void> {
    for (const s of snapshots) this.deletedSnapshots.delete(refKey(s));
    await this.top.putSnapshots(snapshots);
  }
  async deleteSnapshots(refs: readonly RecordRef[]): Promise<void> {
    for (const r of refs) this.deletedSnapshots.add(refKey(r));
    await this.top.deleteSnapshots(refs);
  }

  /** Counts as new only what neither the base ledger (of the same records) nor the overlay holds. */
  async putActivities(activities: readonly Activity[]): Promise<number> {
    if (activities.length === 0) return 0;
    const records = new Map(activities.map((a) => [`${a.crm}:${a.recordId}`, a]));
    const known = new Set<string>();
    const base = await this.base.getActivities(
      [...records.values()].map((a) => ({ crm: a.crm, recordId: a.recordId })),
    );
    for (const list of base.values()) for (const a of list) known.add(activityKey(a));
    return this.top.putActivities(activities.filter((a) => !known.has(activityKey(a))));
  }
  async getActivities(
    records: readonly { crm: CrmName; recordId: string }[],
  ): Promise<Map<string, Activity[]>> {
    const [top, base] = await Promise.all([
      this.top.getActivities(records),
      this.base.getActivities(records),
    ]);
    for (const [key, list] of top) {
      const seen = new Set((base.get(key) ?? []).map(activityKey));
      const merged = [...(base.get(key) ?? []), ...list.filter((a) => !seen.has(activityKey(a)))];
      merged.sort(
        (a, b) =>
          epochMs(a.occurredAt) - epochMs(b.occurredAt) ||
          (a.sourceId < b.sourceId ? -1 : a.sourceId > b.sourceId ? 1 : 0),
      );
      base.set(key, merged);
    }
    return base;
  }
  /** Drops the overlay's own entries only; the base ledger stays as it is (see the file comment). */
  async pruneActivities(before: Date): Promise<number> {
    return this.top.pruneActivities(before);
  }

  async putOpportunities(opportunities: readonly Opportunity[]): Promise<void> {
    for (const o of opportunities) this.shadowedOpps.add(o.id);
    await this.top.putOpportunities(opportunities);
  }
  async getOpportunitiesForContacts(contactIds: readonly string[]): Promise<Map<string, Opportunity[]>> {
    const [top, base] = await Promise.all([
      this.top.getOpportunitiesForContacts(contactIds),
      this.base.getOpportunitiesForContacts(contactIds),
    ]);
    const out = new Map<string, Opportunity[]>();
    for (const contact of contactIds) {
      const merged = [
        ...(top.get(contact) ?? []),
        ...(base.get(contact) ?? []).filter((o) => !this.shadowedOpps.has(o.id)),
      ];
      if (merged.length > 0) out.set(contact, sortOpportunities(merged));
    }
    return out;
  }

  async getPersonStates(personIds: readonly string[]): Promise<Map<string, unknown>> {
    const out = await this.top.getPersonStates(personIds);
    const rest = personIds.filter((id) => !out.has(id));
    if (rest.length === 0) return out;
    for (const [k, v] of await this.base.getPersonStates(rest)) out.set(k, v);
    return out;
  }
  async putPersonStates(states: readonly { personId: string; state: unknown }[]): Promise<void> {
    await this.top.putPersonStates(states);
  }

  async appendAudit(entries: readonly AuditEntry[]): Promise<void> {
    await this.top.appendAudit(entries);
  }
  /** Base and overlay entries merged; at equal `at` the overlay's come first (they were appended last). */
  async listAudit(options: { limit: number; personId?: string }): Promise<AuditEntry[]> {
    const [top, base] = await Promise.all([this.top.listAudit(options), this.base.listAudit(options)]);
    // Both lists are in order already and the sort is stable, so ties keep overlay-before-base.
    return [...top, ...base]
      .sort((a, b) => epochMs(b.at) - epochMs(a.at))
      .slice(0, Math.max(0, options.limit));
  }
  /** Drops the overlay's own entries only; the base history stays as it is (see the file comment). */
  async pruneAudit(before: Date): Promise<number> {
    return this.top.pruneAudit(before);
  }

  async putFailures(failures: readonly WriteFailureEntry[]): Promise<void> {
    for (const f of failures) this.shadowedFailures.add(failureKey(f));
    await this.top.putFailures(failures);
  }
  async clearFailures(refs: readonly FailureRef[]): Promise<void> {
    for (const r of refs) this.shadowedFailures.add(failureKey(r));
    await this.top.clearFailures(refs);
  }
  async listFailures(options: { limit: number; permanent?: boolean }): Promise<WriteFailureEntry[]> {
    const [top, base] = await Promise.all([
      this.top.listFailures(options),
      this.base.listFailures({ ...options, limit: options.limit + this.shadowedFailures.size }),
    ]);
    return [...top, ...base.filter((f) => !this.shadowedFailures.has(failureKey(f)))]
      .sort(compareFailures)
      .slice(0, Math.max(0, options.limit));
  }

  async putRun(run: RunSummary): Promise<void> {
    this.shadowedRuns.add(run.runId);
    await this.top.putRun(run);
  }
  async listRuns(limit: number): Promise<RunSummary[]> {
    const [top, base] = await Promise.all([
      this.top.listRuns(limit),
      this.base.listRuns(limit + this.shadowedRuns.size),
    ]);
    return [...top, ...base.filter((r) => !this.shadowedRuns.has(r.runId))]
      .sort(compareRuns)
      .slice(0, Math.max(0, limit));
  }

  /** The overlay's own lease (see the file comment). */
  acquireLock(name: string, owner: string, ttlMs: number): Promise<boolean> {
    return this.top.acquireLock(name, owner, ttlMs);
  }
  renewLock(name: string, owner: string, ttlMs: number): Promise<boolean> {
    return this.top.renewLock(name, owner, ttlMs);
  }
  releaseLock(name: string, owner: string): Promise<void> {
    return this.top.releaseLock(name, owner);
  }

  /** Empties the view: drops the overlay's writes and hides the base from now on, without touching it. */
  async clear(): Promise<void> {
    await this.top.clear();
    for (const set of [
      this.shadowedLinks,
      this.clearedDirty,
      this.deletedSnapshots,
      this.shadowedOpps,
      this.shadowedFailures,
      this.shadowedRuns,
    ])
      set.clear();
    this.cursors.clear();
    this.base = createMemoryStore();
  }
  /** Drops the overlay; the base store belongs to the caller and is neither cleared nor closed. */
  async close(): Promise<void> {
    await this.clear();
  }
}
