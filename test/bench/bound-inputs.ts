/**
 * Lower-bound inputs per scenario, counted independently of leadloop where possible: full-sync rows from
 * the dataset, changed rows from the sandboxes (`changed-since`) and the bench's own mutations. Only W
 * (records whose values differ) comes from the run, because the diff is what decides it.
 */
import { HUBSPOT_STREAMS, type FullSyncCounts } from '../../src/lower-bounds/dataset-counts.ts';
import type { LabelsBoundInput, SyncBoundInput } from '../../src/lower-bounds/lower-bound.ts';
import { fullInput, salesforceRecords, writes } from '../../src/lower-bounds/full-sync-bound.ts';
import type { RunReport } from '../../src/sync/run-sync.ts';
import type { LabelPlan, PlanItem } from '../../src/terminology/plan-labels.ts';
import type { Mutations } from './mutate.ts';
import type { ChangedSince } from './sandbox-child.ts';
import { SALESFORCE_INCREMENTAL_STREAMS } from './sandbox-protocol.ts';

/**
 * Incremental and rescore: contacts and engagements changed since the previous run's signpost minus the
 * search lookback (HubSpot search `total`), events and email events the bench added, Salesforce rows
 * stamped after that signpost minus `lookbackSeconds` (a pull that catches late commits must re-read that
 * window). Metadata is cached, except on a run due a fresh describe (`described`: rescore, and the hourly
 * drift check of incremental runs), which reads each person object once.
 */
export { fullInput };

export function incrementalInput(
  kind: RunReport['kind'],
  changed: ChangedSince,
  mutations: Mutations | undefined,
  report: RunReport,
  counts: FullSyncCounts,
  described: boolean,
): SyncBoundInput {
  return {
    scenario: kind === 'rescore' ? 'rescore' : 'incremental',
    hubspot: {
      contacts: changed.hubspot['contacts'] ?? 0,
      streams: HUBSPOT_STREAMS.map((s) => ({
        ...s,
        records:
          s.family === 'engagements'
            ? (changed.hubspot[s.name] ?? 0)
            : (mutations?.hubspotStreams[s.name] ?? 0),
      })),
      writes: writes(report, 'hubspot', counts.hubspotContacts),
      metadataCalls: described ? 1 : 0,
    },
    salesforce: {
      streams: SALESFORCE_INCREMENTAL_STREAMS.map((name) => ({ name, rows: changed.salesforce[name] ?? 0 })),
      writes: writes(report, 'salesforce', salesforceRecords(counts)),
      metadataCalls: described ? 2 : 0,
    },
  };
}

const relabelled = (items: readonly PlanItem[]): number =>
  new Set(
    items
      .filter((i) => i.kind === 'field-label' || i.kind === 'option-label')
      .map((i) => `${i.object}.${i.field}`),
  ).size;
const created = (items: readonly PlanItem[]): number => items.filter((i) => i.kind === 'create-field').length;

export function labelsInput(plan: LabelPlan): LabelsBoundInput {
  return {
    scenario: 'labels',
    hubspot: {
      describedObjects: 1,
      fieldsToRelabel: relabelled(plan.hubspot),
      fieldsToCreate: created(plan.hubspot),
    },
    salesforce: {
      describedObjects: 2,
      fieldsToRelabel: relabelled(plan.salesforce),
      fieldsToCreate: created(plan.salesforce),
    },
  };
}
