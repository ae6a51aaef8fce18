/**
 * A copy-on-write view of a store for `sync --dry-run`: reads see the real state plus what the dry
 * run itself would have written; writes stay in memory and vanish with the run. So a dry run plans
 * exactly what a real run would write, and leaves cursors, links and history untouched.
 */
import type { Activity } from '../domain/activity.ts';
import type { CrmName } from '../domain/crm.ts';
import type { Opportunity } from '../domain/opportunity.ts';
import { MemoryStore } from './memory-store.ts';
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

export class OverlayStore implements StateStore {
  readonly kind;
  private readonly top = new MemoryStore();
  private readonly touchedLinks = new Set<string>();
  private readonly deletedLinks = new Set<string>();
  private readonly cleared = new Set<string>();
  private readonly base: StateStore;

  constructor(base: StateStore) {
    this.base = base;
    this.kind = base.kind;
  }

  async getCursor(key: string): Promise<string | null> {
    return (await this.top.getCursor(key)) ?? this.base.getCursor(key);
  }
  async setCursor(key: string, value: string | null): Promise<void> {
    await this.top.setCursor(key, value);
  }

  /** Base links, minus the people this run re-linked or deleted (the overlay's version wins). */
  private visible(link: PersonLink | undefined): PersonLink | undefined {
    if (!link || this.deletedLinks.has(link.personId) || this.touchedLinks.has(link.personId))
      return undefined;
    return link;
  }
  async getLinksByRefs(refs: readonly RecordRef[]): Promise<Map<string, PersonLink>> {
    const out = await this.top.getLinksByRefs(refs);
    const rest = refs.filter((r) => !out.has(refKey(r)));
    for (const [key, link] of await this.base.getLinksByRefs(rest)) {
      const v = this.visible(link);
      if (v) out.set(key, v);
    }
    return out;
  }
  async getLinksByEmails(emails: readonly string[]): Promise<Map<string, PersonLink[]>> {
    const top = await this.top.getLinksByEmails(emails);
    const base = await this.base.getLinksByEmails(emails);
    const out = new Map<string, PersonLink[]>();
    for (const email of emails) {
      const merged = [
        ...(top.get(email) ?? []),
        ...(base.get(email) ?? []).flatMap((l) => this.visible(l) ?? []),
      ];
      if (merged.length > 0) out.set(email, merged);
    }
    return out;
  }
  async getLinksByPersonIds(personIds: readonly string[]): Promise<Map<string, PersonLink>> {
    const out = await this.top.getLinksByPersonIds(personIds);
    const rest = personIds.filter((id) => !out.has(id) && !this.deletedLinks.has(id));
    for (const [id, link] of await this.base.getLinksByPersonIds(rest)) out.set(id, link);
    return out;
  }
  async putLinks(links: readonly PersonLink[]): Promise<void> {
    for (const l of links) {
      this.touchedLinks.add(l.personId);
      this.deletedLinks.delete(l.personId);
    }
    await this.top.putLinks(links);
  }
  async deleteLinks(personIds: readonly string[]): Promise<void> {
    for (const id of personIds) this.deletedLinks.add(id);
    await this.top.deleteLinks(personIds);
  }
  async *iterateLinks(batchSize: number): AsyncIterable<PersonLink[]> {
    for await (const batch of this.base.iterateLinks(batchSize)) {
      const visible = batch.flatMap((l) => this.visible(l) ?? []);
      if (visible.length > 0) yield visible;
    }
    yield* this.top.iterateLinks(batchSize);
  }
  async countLinks(): Promise<number> {
    let n = 0;
    for await (const batch of this.iterateLinks(1000)) n += batch.length;
    return n;
  }

  async markDirty(personIds: readonly string[]): Promise<void> {
    for (const id of personIds) this.cleared.delete(id);
    await this.top.markDirty(personIds);
  }
  async listDirty(limit: number, afterPersonId?: string): Promise<string[]> {
    const fromBase = (await this.base.listDirty(limit + this.cleared.size, afterPersonId)).filter(
      (id) => !this.cleared.has(id),
    );
    const merged = new Set([...fromBase, ...(await this.top.listDirty(limit, afterPersonId))]);
    return [...merged].sort().slice(0, limit);
  }
  async clearDirty(personIds: readonly string[]): Promise<void> {
    for (const id of personIds) this.cleared.add(id);
    await this.top.clearDirty(personIds);
  }
  async countDirty(): Promise<number> {
    return (await this.listDirty(Number.MAX_SAFE_INTEGER)).length;
  }

  async getSnapshots(refs: readonly RecordRef[]): Promise<Map<string, RecordSnapshot>> {
    const out = await this.top.getSnapshots(refs);
    const rest = refs.filter((r) => !out.has(refKey(r)));
    for (const [k, v] of await this.base.getSnapshots(rest)) out.set(k, v);
    return out;
  }
  async putSnapshots(snapshots: readonly RecordSnapshot[]): Promise<void> {
    await this.top.putSnapshots(snapshots);
  }
  async deleteSnapshots(refs: readonly RecordRef[]): Promise<void> {
    await this.top.deleteSnapshots(refs);
  }

  async putActivities(activities: readonly Activity[]): Promise<number> {
    return this.top.putActivities(activities);
  }
  async getActivities(
    records: readonly { crm: CrmName; recordId: string }[],
  ): Promise<Map<string, Activity[]>> {
    const [top, base] = await Promise.all([
      this.top.getActivities(records),
      this.base.getActivities(records),
    ]);
    for (const [key, list] of top) {
      const seen = new Set((base.get(key) ?? []).map((a) => `${a.crm}:${a.sourceId}`));
      base.set(key, [...(base.get(key) ?? []), ...list.filter((a) => !seen.has(`${a.crm}:${a.sourceId}`))]);
    }
    return base;
  }
  async pruneActivities(): Promise<number> {
    return 0;
  }

  async putOpportunities(opportunities: readonly Opportunity[]): Promise<void> {
    await this.top.putOpportunities(opportunities);
  }
  async getOpportunitiesForContacts(contactIds: readonly string[]): Promise<Map<string, Opportunity[]>> {
    const [top, base] = await Promise.all([
      this.top.getOpportunitiesForContacts(contactIds),
      this.base.getOpportunitiesForContacts(contactIds),
    ]);
    for (const [contact, list] of top) {
      const ids = new Set(list.map((o) => o.id));
      base.set(contact, [...list, ...(base.get(contact) ?? []).filter((o) => !ids.has(o.id))]);
    }
    return base;
  }

  async getPersonStates(personIds: readonly string[]): Promise<Map<string, unknown>> {
    const out = await this.top.getPersonStates(personIds);
    const rest = personIds.filter((id) => !out.has(id));
    for (const [k, v] of await this.base.getPersonStates(rest)) out.set(k, v);
    return out;
  }
  async putPersonStates(states: readonly { personId: string; state: unknown }[]): Promise<void> {
    await this.top.putPersonStates(states);
  }

  async appendAudit(entries: readonly AuditEntry[]): Promise<void> {
    await this.top.appendAudit(entries);
  }
  async listAudit(options: { limit: number; personId?: string }): Promise<AuditEntry[]> {
    return this.base.listAudit(options);
  }
  async pruneAudit(): Promise<number> {
    return 0;
  }
  async putFailures(failures: readonly WriteFailureEntry[]): Promise<void> {
    await this.top.putFailures(failures);
  }
  async clearFailures(refs: readonly RecordRef[]): Promise<void> {
    await this.top.clearFailures(refs);
  }
  async listFailures(options: { limit: number; permanent?: boolean }): Promise<WriteFailureEntry[]> {
    return this.base.listFailures(options);
  }
  async putRun(run: RunSummary): Promise<void> {
    await this.top.putRun(run);
  }
  async listRuns(limit: number): Promise<RunSummary[]> {
    return this.base.listRuns(limit);
  }
  acquireLock(name: string, owner: string, ttlMs: number): Promise<boolean> {
    return this.base.acquireLock(name, owner, ttlMs);
  }
  renewLock(name: string, owner: string, ttlMs: number): Promise<boolean> {
    return this.base.renewLock(name, owner, ttlMs);
  }
  releaseLock(name: string, owner: string): Promise<void> {
    return this.base.releaseLock(name, owner);
  }
  async clear(): Promise<void> {
    await this.top.clear();
  }
  /** The base store belongs to the caller; only the overlay is dropped. */
  async close(): Promise<void> {
    await this.top.clear();
  }
}
