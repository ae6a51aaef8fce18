/**
 * Duplicate groups: people with more than one Salesforce record for their email (a primary and its
 * duplicates), so an admin can merge them in the CRM. Read from the state store, a batch of people at a
 * time (no CRM calls); `leadloop status`, `/api/status` and `leadloop report` list them.
 */
import { liveDuplicates } from '../link/link-duplicates.ts';
import { primarySalesforceRef } from '../link/link-ids.ts';
import type { FieldMapping } from '../mapping/schema.ts';
import { WELL_KNOWN } from '../sync/crm-fields.ts';
import { readPersonState } from '../sync/person-state.ts';
import type { StateStore } from '../state/types.ts';
import type { RecordRef } from '../domain/person-link.ts';

export interface DuplicateGroup {
  readonly personId: string;
  readonly email: string | null;
  readonly hubspotId: string | null;
  /** The record leadloop scores from and syncs with. */
  readonly primary: RecordRef | null;
  readonly duplicates: RecordRef[];
  /** Salesforce records in the group: the primary and its duplicates. */
  readonly count: number;
}

/** Every group, in person-id order. Scans all people: a report, not a hot path. */
export async function collectDuplicateGroups(
  store: StateStore,
  mappings: readonly FieldMapping[],
  batchSize = 2000,
): Promise<DuplicateGroup[]> {
  const groups: DuplicateGroup[] = [];
  for await (const links of store.iterateLinks(batchSize)) {
    const states = await store.getPersonStates(links.map((l) => l.personId));
    const listed = links.flatMap((link) => {
      const refs = readPersonState(states.get(link.personId)).duplicates;
      return refs.length > 0 ? [{ link, refs }] : [];
    });
    if (listed.length === 0) continue;
    const snapshots = await store.getSnapshots(listed.flatMap((l) => l.refs));
    for (const { link, refs } of listed) {
      const live = liveDuplicates(link, refs, snapshots, mappings, WELL_KNOWN.converted.field);
      if (live.length === 0) continue;
      const primary = primarySalesforceRef(link);
      groups.push({
        personId: link.personId,
        email: link.email,
        hubspotId: link.hubspotId,
        primary,
        duplicates: live.map((s) => ({ crm: s.crm, object: s.object, id: s.id })),
        count: live.length + (primary ? 1 : 0),
      });
    }
  }
  return groups;
}

const named = (r: RecordRef): string => `${r.object} ${r.id}`;

/** Text lines for `status` and `report`: the number of groups, then up to `limit` of them. */
export function formatDuplicateGroups(groups: readonly DuplicateGroup[], limit = groups.length): string[] {
  const lines = [
    `duplicate groups (one person, several Salesforce records; merge them in the CRM): ${groups.length}`,
  ];
  for (const g of groups.slice(0, limit)) {
    const primary = g.primary ? `primary ${named(g.primary)}` : 'no primary';
    const hubspot = g.hubspotId ? `, HubSpot contact ${g.hubspotId}` : '';
    lines.push(
      `  ${g.email ?? g.personId}: ${g.count} records, ${primary}${hubspot}; duplicates ${g.duplicates.map(named).join(', ')}`,
    );
  }
  if (groups.length > limit) lines.push(`  … and ${groups.length - limit} more (--json lists all)`);
  return lines;
}
