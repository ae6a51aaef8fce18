/**
 * An in-memory StateStore: the scratch layer of dry runs (see overlay-store.ts) and a fast double for
 * engine tests. It follows the same contract as the sqlite and redis stores (test/contract/state), with
 * the sqlite store's semantics where the contract leaves room: the ledger keeps the first write of an
 * activity, times order by their instant (not their spelling), a batch with an unparsable time changes
 * nothing. Links and person states are copied in and out; other documents are kept as given, so callers
 * must not mutate what they put or get.
 */
import type { Activity } from '../domain/activity.ts';
import type { CrmName } from '../domain/crm.ts';
import type { Opportunity } from '../domain/opportunity.ts';
import { compareFailures, compareRuns, epochMs, failureKey, sortOpportunities } from './state-codec.ts';
import { storedFailure, storedRun } from './stored-text.ts';
import {
  type AuditEntry,
  type RecordSnapshot,
  type RunSummary,
  type StateStore,
  type FailureRef,
  type WriteFailureEntry,
} from './types.ts';
import { linkFieldOf, refsOf, refKey, type PersonLink, type RecordRef } from '../domain/person-link.ts';

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Adds `value` to the set under `key`, creating it. */
function addTo(index: Map<string, Set<string>>, key: string, value: string): void {
  const set = index.get(key);
  if (set) set.add(value);
  else index.set(key, new Set([value]));
}

/** Removes `value` from the set under `key`, dropping the set once empty (no stale empty entries). */
function removeFrom(index: Map<string, Set<string>>, key: string, value: string): void {
  const set = index.get(key);
  if (set?.delete(value) && set.size === 0) index.delete(key);
}

interface StoredAudit {
  seq: number;
  at: number;
  entry: AuditEntry;
}

export class MemoryStore implements StateStore {
  readonly kind = 'memory' as const;
  private readonly cursors = new Map<string, string>();
  private readonly links = new Map<string, PersonLink>();
  /** `refKey` → person id holding that record id. */
  private readonly byRef = new Map<string, string>();
  private readonly byEmail = new Map<string, Set<string>>();
  private readonly dirty = new Set<string>();
  /** The dirty set in order, rebuilt lazily after a change so paging is a binary search. */
  private dirtySorted: string[] | null = null;
  private readonly snapshots = new Map<string, RecordSnapshot>();
  /** `${crm}:${sourceId}` → activity (with its parsed time). */
  private readonly activities = new Map<string, { at: number; activity: Activity }>();
  /** `${crm}:${recordId}` → ledger keys of that record. */
  private readonly activitiesByRecord = new Map<string, Set<string>>();
  private readonly opportunities = new Map<string, Opportunity>();
  private readonly oppsByContact = new Map<string, Set<string>>();
  /** Person state as JSON, exactly what the sqlite store keeps. */
  private readonly personStates = new Map<string, string>();
  private audit: StoredAudit[] = [];
  private auditSeq = 0;
  private readonly failures = new Map<string, WriteFailureEntry>();
  private readonly runs = new Map<string, RunSummary>();
  private readonly locks = new Map<string, { owner: string; expiresAt: number }>();

  async getCursor(key: string): Promise<string | null> {
    return this.cursors.get(key) ?? null;
  }
  async setCursor(key: string, value: string | null): Promise<void> {
    if (value === null) this.cursors.delete(key);
    else this.cursors.set(key, value);
  }
  async reserveCounter(key: string, count: number): Promise<number> {
    const first = Number(this.cursors.get(key) ?? '0');
    this.cursors.set(key, String(first + count));
    return first;
  }

  async getLinksByRefs(refs: readonly RecordRef[]): Promise<Map<string, PersonLink>> {
    const out = new Map<string, PersonLink>();
    for (const ref of refs) {
      const personId = this.byRef.get(refKey(ref));
      const link = personId === undefined ? undefined : this.links.get(personId);
      if (link) out.set(refKey(ref), { ...link });
    }
    return out;
  }
  async getLinksByEmails(emails: readonly string[]): Promise<Map<string, PersonLink[]>> {
    const out = new Map<string, PersonLink[]>();
    for (const email of emails) {
      const ids = this.byEmail.get(email);
      if (!ids || ids.size === 0) continue;
      out.set(
        email,
        [...ids].sort(compare).flatMap((id) => {
          const link = this.links.get(id);
          return link ? [{ ...link }] : [];
        }),
      );
    }
    return out;
  }
  async getLinksByPersonIds(personIds: readonly string[]): Promise<Map<string, PersonLink>> {
    const out = new Map<string, PersonLink>();
    for (const id of personIds) {
      const link = this.links.get(id);
      if (link) out.set(id, { ...link });
    }
    return out;
  }
  async putLinks(links: readonly PersonLink[]): Promise<void> {
    for (const given of links) {
      const link = { ...given };
      this.unindex(link.personId);
      for (const ref of refsOf(link)) {
        const key = refKey(ref);
        const holder = this.byRef.get(key);
        if (holder !== undefined && holder !== link.personId) this.release(holder, ref);
        this.byRef.set(key, link.personId);
      }
      if (link.email !== null) addTo(this.byEmail, link.email, link.personId);
      this.links.set(link.personId, link);
    }
  }
  /** Clears a record id on the person who held it before another person claimed it. */
  private release(holder: string, ref: RecordRef): void {
    const field = linkFieldOf(ref);
    const link = this.links.get(holder);
    if (field === null || !link) return;
    this.links.set(holder, { ...link, [field]: null });
  }
  async deleteLinks(personIds: readonly string[]): Promise<void> {
    for (const id of personIds) {
      this.unindex(id);
      this.links.delete(id);
    }
  }
  /** Drops every index entry of a person's current link. */
  private unindex(personId: string): void {
    const old = this.links.get(personId);
    if (!old) return;
    for (const ref of refsOf(old))
      if (this.byRef.get(refKey(ref)) === personId) this.byRef.delete(refKey(ref));
    if (old.email !== null) removeFrom(this.byEmail, old.email, personId);
  }
  async *iterateLinks(batchSize: number): AsyncIterable<PersonLink[]> {
    const ids = [...this.links.keys()].sort(compare);
    for (let i = 0; i < ids.length; i += batchSize) {
      const batch = ids.slice(i, i + batchSize).flatMap((id) => {
        const link = this.links.get(id);
        return link ? [{ ...link }] : [];
      });
      if (batch.length > 0) yield batch;
    }
  }
  async countLinks(): Promise<number> {
    return this.links.size;
  }

  async markDirty(personIds: readonly string[]): Promise<void> {
    for (const id of personIds) {
      if (this.dirty.has(id)) continue;
      this.dirty.add(id);
      this.dirtySorted = null;
    }
  }
  async listDirty(limit: number, afterPersonId?: string): Promise<string[]> {
    if (limit <= 0) return [];
    this.dirtySorted ??= [...this.dirty].sort(compare);
    const sorted = this.dirtySorted;
    let lo = 0;
    if (afterPersonId !== undefined) {
      // First index whose id is greater than `afterPersonId`.
      let hi = sorted.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((sorted[mid] ?? '') <= afterPersonId) lo = mid + 1;
        else hi = mid;
      }
    }
    return sorted.slice(lo, lo + Math.max(0, limit));
  }
  async clearDirty(personIds: readonly string[]): Promise<void> {
    for (const id of personIds) if (this.dirty.delete(id)) this.dirtySorted = null;
  }
  async countDirty(): Promise<number> {
    return this.dirty.size;
  }

  async getSnapshots(refs: readonly RecordRef[]): Promise<Map<string, RecordSnapshot>> {
    const out = new Map<string, RecordSnapshot>();
    for (const ref of refs) {
      const s = this.snapshots.get(refKey(ref));
      if (s) out.set(refKey(ref), s);
    }
    return out;
  }
  async putSnapshots(snapshots: readonly RecordSnapshot[]): Promise<void> {
    for (const s of snapshots) this.snapshots.set(refKey(s), s);
  }
  async deleteSnapshots(refs: readonly RecordRef[]): Promise<void> {
    for (const ref of refs) this.snapshots.delete(refKey(ref));
  }

  /** First write wins, as in the sqlite ledger: a re-sent event keeps its original record and time. */
  async putActivities(activities: readonly Activity[]): Promise<number> {
    const parsed = activities.map((a) => ({ at: epochMs(a.occurredAt), activity: a }));
    let added = 0;
    for (const p of parsed) {
      const key = `${p.activity.crm}:${p.activity.sourceId}`;
      if (this.activities.has(key)) continue;
      this.activities.set(key, p);
      addTo(this.activitiesByRecord, `${p.activity.crm}:${p.activity.recordId}`, key);
      added++;
    }
    return added;
  }
  async getActivities(
    records: readonly { crm: CrmName; recordId: string }[],
  ): Promise<Map<string, Activity[]>> {
    const out = new Map<string, Activity[]>();
    for (const r of records) {
      const key = `${r.crm}:${r.recordId}`;
      const ids = this.activitiesByRecord.get(key);
      if (!ids || ids.size === 0) continue;
      const list = [...ids].flatMap((id) => this.activities.get(id) ?? []);
      list.sort((a, b) => a.at - b.at || compare(a.activity.sourceId, b.activity.sourceId));
      out.set(
        key,
        list.map((p) => p.activity),
      );
    }
    return out;
  }
  async pruneActivities(before: Date): Promise<number> {
    const cutoff = before.getTime();
    let removed = 0;
    for (const [key, p] of this.activities) {
      if (p.at >= cutoff) continue;
      this.activities.delete(key);
      removeFrom(this.activitiesByRecord, `${p.activity.crm}:${p.activity.recordId}`, key);
      removed++;
    }
    return removed;
  }

  /** Replaces each opportunity and its contact roles (roles are replaced, not merged). */
  async putOpportunities(opportunities: readonly Opportunity[]): Promise<void> {
    for (const o of opportunities) epochMs(o.createdAt);
    for (const o of opportunities) {
      const old = this.opportunities.get(o.id);
      for (const c of old?.contactIds ?? []) removeFrom(this.oppsByContact, c, o.id);
      this.opportunities.set(o.id, o);
      for (const c of o.contactIds) addTo(this.oppsByContact, c, o.id);
    }
  }
  async getOpportunitiesForContacts(contactIds: readonly string[]): Promise<Map<string, Opportunity[]>> {
    const out = new Map<string, Opportunity[]>();
    for (const c of contactIds) {
      const ids = this.oppsByContact.get(c);
      if (!ids || ids.size === 0) continue;
      out.set(c, sortOpportunities([...ids].flatMap((id) => this.opportunities.get(id) ?? [])));
    }
    return out;
  }

  async getPersonStates(personIds: readonly string[]): Promise<Map<string, unknown>> {
    const out = new Map<string, unknown>();
    for (const id of personIds) {
      const json = this.personStates.get(id);
      if (json !== undefined) out.set(id, JSON.parse(json));
    }
    return out;
  }
  async putPersonStates(states: readonly { personId: string; state: unknown }[]): Promise<void> {
    const encoded = states.map((s) => [s.personId, JSON.stringify(s.state) ?? 'null'] as const);
    for (const [id, json] of encoded) this.personStates.set(id, json);
  }

  async appendAudit(entries: readonly AuditEntry[]): Promise<void> {
    const parsed = entries.map((entry) => ({ at: epochMs(entry.at), entry }));
    for (const p of parsed) this.audit.push({ seq: ++this.auditSeq, ...p });
  }
  /** Newest `at` first; ties newest-appended first. */
  async listAudit(options: { limit: number; personId?: string }): Promise<AuditEntry[]> {
    if (options.limit <= 0) return [];
    return this.audit
      .filter((e) => options.personId === undefined || e.entry.personId === options.personId)
      .sort((a, b) => b.at - a.at || b.seq - a.seq)
      .slice(0, Math.max(0, options.limit))
      .map((e) => e.entry);
  }
  async pruneAudit(before: Date): Promise<number> {
    const cutoff = before.getTime();
    const keep = this.audit.filter((e) => e.at >= cutoff);
    const removed = this.audit.length - keep.length;
    this.audit = keep;
    return removed;
  }

  async putFailures(failures: readonly WriteFailureEntry[]): Promise<void> {
    for (const f of failures) epochMs(f.at);
    for (const f of failures.map(storedFailure)) this.failures.set(failureKey(f), f);
  }
  async clearFailures(refs: readonly FailureRef[]): Promise<void> {
    for (const ref of refs) this.failures.delete(failureKey(ref));
  }
  async listFailures(options: { limit: number; permanent?: boolean }): Promise<WriteFailureEntry[]> {
    if (options.limit <= 0) return [];
    return [...this.failures.values()]
      .filter((f) => options.permanent === undefined || f.permanent === options.permanent)
      .sort(compareFailures)
      .slice(0, Math.max(0, options.limit));
  }

  async putRun(run: RunSummary): Promise<void> {
    epochMs(run.startedAt);
    this.runs.set(run.runId, storedRun(run));
  }
  async listRuns(limit: number): Promise<RunSummary[]> {
    if (limit <= 0) return [];
    return [...this.runs.values()].sort(compareRuns).slice(0, Math.max(0, limit));
  }

  /** Taken when free, expired, or already ours (re-acquiring extends the lease). */
  async acquireLock(name: string, owner: string, ttlMs: number): Promise<boolean> {
    const now = Date.now();
    const held = this.locks.get(name);
    if (held && held.expiresAt > now && held.owner !== owner) return false;
    this.locks.set(name, { owner, expiresAt: now + ttlMs });
    return true;
  }
  /** Extends the lease only while the owner still holds it: false once it expired. */
  async renewLock(name: string, owner: string, ttlMs: number): Promise<boolean> {
    const now = Date.now();
    const held = this.locks.get(name);
    if (!held || held.owner !== owner || held.expiresAt <= now) return false;
    held.expiresAt = now + ttlMs;
    return true;
  }
  async releaseLock(name: string, owner: string): Promise<void> {
    if (this.locks.get(name)?.owner === owner) this.locks.delete(name);
  }

  async clear(): Promise<void> {
    for (const m of [
      this.cursors,
      this.links,
      this.byRef,
      this.byEmail,
      this.snapshots,
      this.activities,
      this.activitiesByRecord,
      this.opportunities,
      this.oppsByContact,
      this.personStates,
      this.failures,
      this.runs,
      this.locks,
    ])
      m.clear();
    this.dirty.clear();
    this.dirtySorted = null;
    this.audit = [];
  }
  async close(): Promise<void> {}
}
