/**
 * An in-memory StateStore: the scratch layer of dry runs (see overlay-store.ts) and a fast double for
 * engine tests. It follows the same contract as the sqlite and redis stores.
 */
import type { Activity } from '../domain/activity.ts';
import type { CrmName } from '../domain/crm.ts';
import type { Opportunity } from '../domain/opportunity.ts';
import {
  refKey,
  type AuditEntry,
  type PersonLink,
  type RecordRef,
  type RecordSnapshot,
  type RunSummary,
  type StateStore,
  type WriteFailureEntry,
} from './types.ts';

export function linkRefs(link: PersonLink): RecordRef[] {
  const refs: RecordRef[] = [];
  if (link.hubspotId) refs.push({ crm: 'hubspot', object: 'contact', id: link.hubspotId });
  if (link.salesforceLeadId) refs.push({ crm: 'salesforce', object: 'lead', id: link.salesforceLeadId });
  if (link.salesforceContactId)
    refs.push({ crm: 'salesforce', object: 'contact', id: link.salesforceContactId });
  return refs;
}

export class MemoryStore implements StateStore {
  readonly kind = 'sqlite' as const;
  private readonly cursors = new Map<string, string>();
  private readonly links = new Map<string, PersonLink>();
  private readonly byRef = new Map<string, string>();
  private readonly byEmail = new Map<string, Set<string>>();
  private readonly dirty = new Set<string>();
  private readonly snapshots = new Map<string, RecordSnapshot>();
  private readonly activities = new Map<string, Activity>();
  private readonly activitiesByRecord = new Map<string, Set<string>>();
  private readonly opportunities = new Map<string, Opportunity>();
  private readonly oppsByContact = new Map<string, Set<string>>();
  private readonly personStates = new Map<string, unknown>();
  private audit: AuditEntry[] = [];
  private readonly failures = new Map<string, WriteFailureEntry>();
  private readonly runs = new Map<string, RunSummary>();
  private readonly locks = new Map<string, { owner: string; until: number }>();

  async getCursor(key: string): Promise<string | null> {
    return this.cursors.get(key) ?? null;
  }
  async setCursor(key: string, value: string | null): Promise<void> {
    if (value === null) this.cursors.delete(key);
    else this.cursors.set(key, value);
  }

  async getLinksByRefs(refs: readonly RecordRef[]): Promise<Map<string, PersonLink>> {
    const out = new Map<string, PersonLink>();
    for (const ref of refs) {
      const personId = this.byRef.get(refKey(ref));
      const link = personId === undefined ? undefined : this.links.get(personId);
      if (link) out.set(refKey(ref), link);
    }
    return out;
  }
  async getLinksByEmails(emails: readonly string[]): Promise<Map<string, PersonLink[]>> {
    const out = new Map<string, PersonLink[]>();
    for (const email of emails) {
      const ids = this.byEmail.get(email);
      if (!ids) continue;
      out.set(
        email,
        [...ids].flatMap((id) => this.links.get(id) ?? []),
      );
    }
    return out;
  }
  async getLinksByPersonIds(personIds: readonly string[]): Promise<Map<string, PersonLink>> {
    const out = new Map<string, PersonLink>();
    for (const id of personIds) {
      const link = this.links.get(id);
      if (link) out.set(id, link);
    }
    return out;
  }
  async putLinks(links: readonly PersonLink[]): Promise<void> {
    for (const link of links) {
      this.unindex(link.personId);
      this.links.set(link.personId, link);
      for (const ref of linkRefs(link)) this.byRef.set(refKey(ref), link.personId);
      if (link.email) {
        const set = this.byEmail.get(link.email) ?? new Set<string>();
        set.add(link.personId);
        this.byEmail.set(link.email, set);
      }
    }
  }
  async deleteLinks(personIds: readonly string[]): Promise<void> {
    for (const id of personIds) {
      this.unindex(id);
      this.links.delete(id);
    }
  }
  private unindex(personId: string): void {
    const old = this.links.get(personId);
    if (!old) return;
    for (const ref of linkRefs(old))
      if (this.byRef.get(refKey(ref)) === personId) this.byRef.delete(refKey(ref));
    if (old.email) this.byEmail.get(old.email)?.delete(personId);
  }
  async *iterateLinks(batchSize: number): AsyncIterable<PersonLink[]> {
    const all = [...this.links.values()].sort((a, b) => (a.personId < b.personId ? -1 : 1));
    for (let i = 0; i < all.length; i += batchSize) yield all.slice(i, i + batchSize);
  }
  async countLinks(): Promise<number> {
    return this.links.size;
  }

  async markDirty(personIds: readonly string[]): Promise<void> {
    for (const id of personIds) this.dirty.add(id);
  }
  async listDirty(limit: number, afterPersonId?: string): Promise<string[]> {
    return [...this.dirty]
      .filter((id) => afterPersonId === undefined || id > afterPersonId)
      .sort()
      .slice(0, limit);
  }
  async clearDirty(personIds: readonly string[]): Promise<void> {
    for (const id of personIds) this.dirty.delete(id);
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

  async putActivities(activities: readonly Activity[]): Promise<number> {
    let added = 0;
    for (const a of activities) {
      const key = `${a.crm}:${a.sourceId}`;
      if (!this.activities.has(key)) added++;
      this.activities.set(key, a);
      const recordKey = `${a.crm}:${a.recordId}`;
      const set = this.activitiesByRecord.get(recordKey) ?? new Set<string>();
      set.add(key);
      this.activitiesByRecord.set(recordKey, set);
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
      if (ids)
        out.set(
          key,
          [...ids].flatMap((id) => this.activities.get(id) ?? []),
        );
    }
    return out;
  }
  async pruneActivities(before: Date): Promise<number> {
    let removed = 0;
    for (const [key, a] of this.activities) {
      if (Date.parse(a.occurredAt) < before.getTime()) {
        this.activities.delete(key);
        this.activitiesByRecord.get(`${a.crm}:${a.recordId}`)?.delete(key);
        removed++;
      }
    }
    return removed;
  }

  async putOpportunities(opportunities: readonly Opportunity[]): Promise<void> {
    for (const o of opportunities) {
      const old = this.opportunities.get(o.id);
      for (const c of old?.contactIds ?? []) this.oppsByContact.get(c)?.delete(o.id);
      this.opportunities.set(o.id, o);
      for (const c of o.contactIds) {
        const set = this.oppsByContact.get(c) ?? new Set<string>();
        set.add(o.id);
        this.oppsByContact.set(c, set);
      }
    }
  }
  async getOpportunitiesForContacts(contactIds: readonly string[]): Promise<Map<string, Opportunity[]>> {
    const out = new Map<string, Opportunity[]>();
    for (const c of contactIds) {
      const ids = this.oppsByContact.get(c);
      if (ids && ids.size > 0)
        out.set(
          c,
          [...ids].flatMap((id) => this.opportunities.get(id) ?? []),
        );
    }
    return out;
  }

  async getPersonStates(personIds: readonly string[]): Promise<Map<string, unknown>> {
    const out = new Map<string, unknown>();
    for (const id of personIds)
      if (this.personStates.has(id)) out.set(id, structuredClone(this.personStates.get(id)));
    return out;
  }
  async putPersonStates(states: readonly { personId: string; state: unknown }[]): Promise<void> {
    for (const s of states) this.personStates.set(s.personId, structuredClone(s.state));
  }

  async appendAudit(entries: readonly AuditEntry[]): Promise<void> {
    this.audit.push(...entries);
  }
  async listAudit(options: { limit: number; personId?: string }): Promise<AuditEntry[]> {
    return this.audit
      .filter((e) => options.personId === undefined || e.personId === options.personId)
      .slice(-options.limit)
      .reverse();
  }
  async pruneAudit(before: Date): Promise<number> {
    const keep = this.audit.filter((e) => Date.parse(e.at) >= before.getTime());
    const removed = this.audit.length - keep.length;
    this.audit = keep;
    return removed;
  }

  async putFailures(failures: readonly WriteFailureEntry[]): Promise<void> {
    for (const f of failures) this.failures.set(refKey({ crm: f.crm, object: f.object, id: f.recordId }), f);
  }
  async clearFailures(refs: readonly RecordRef[]): Promise<void> {
    for (const ref of refs) this.failures.delete(refKey(ref));
  }
  async listFailures(options: { limit: number; permanent?: boolean }): Promise<WriteFailureEntry[]> {
    return [...this.failures.values()]
      .filter((f) => options.permanent === undefined || f.permanent === options.permanent)
      .slice(0, options.limit);
  }

  async putRun(run: RunSummary): Promise<void> {
    this.runs.set(run.runId, run);
  }
  async listRuns(limit: number): Promise<RunSummary[]> {
    return [...this.runs.values()].sort((a, b) => (a.startedAt < b.startedAt ? 1 : -1)).slice(0, limit);
  }

  async acquireLock(name: string, owner: string, ttlMs: number): Promise<boolean> {
    const held = this.locks.get(name);
    if (held && held.until > Date.now() && held.owner !== owner) return false;
    this.locks.set(name, { owner, until: Date.now() + ttlMs });
    return true;
  }
  async renewLock(name: string, owner: string, ttlMs: number): Promise<boolean> {
    const held = this.locks.get(name);
    if (!held || held.owner !== owner) return false;
    held.until = Date.now() + ttlMs;
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
    this.audit = [];
  }
  async close(): Promise<void> {}
}
