/**
 * Lower-bound inputs per scenario, counted independently of leadloop where possible: full-sync rows from
 * the dataset, changed rows from the sandboxes (`changed-since`) and the bench's own mutations. Only W
 * (records whose values differ) comes from the run, because the diff is what decides it.
 */
import type { CrmName } from '../../src/domain/crm.ts';
import { HUBSPOT_STREAMS, type FullSyncCounts } from '../../src/metrics/dataset-counts.ts';
import {
  hubSpotMetadataCalls,
  salesforceMetadataCalls,
  type LabelsBoundInput,
  type SyncBoundInput,
} from '../../src/metrics/lower-bound.ts';
import type { RunReport } from '../../src/sync/run-sync.ts';
import type { LabelPlan, PlanItem } from '../../src/terminology/plan-labels.ts';
import type { Mutations } from './mutate.ts';
import type { ChangedSince } from './sandbox-child.ts';
import { SALESFORCE_INCREMENTAL_STREAMS } from './sandbox-protocol.ts';

const n = (report: RunReport, key: string): number => report.counters[key] ?? 0;

/** W: records written or created, each counted once (a record written twice in one run is one write). */
function writes(report: RunReport, crm: CrmName, existing: number): number {
  const created = n(report, `creates.${crm}`);
  return Math.min(n(report, `recordsWritten.${crm}`) + created, existing + created);
}

function salesforceRecords(counts: FullSyncCounts): number {
  return counts.salesforceStreams
    .filter((s) => s.name === 'Lead' || s.name === 'Contact')
    .reduce((sum, s) => sum + s.rows, 0);
}

export function fullInput(counts: FullSyncCounts, report: RunReport): SyncBoundInput {
  const provisioned = (crm: CrmName): number => report.provisioned.filter((p) => p.crm === crm).length;
  return {
    scenario: 'full',
    hubspot: {
      contacts: counts.hubspotContacts,
      streams: counts.hubspotStreams,
      writes: writes(report, 'hubspot', counts.hubspotContacts),
      metadataCalls: hubSpotMetadataCalls({
        describes: 1,
        eventTypeLookups: 1,
        campaignLookups: counts.emailCampaigns,
        fieldsToCreate: provisioned('hubspot'),
      }),
    },
    salesforce: {
      streams: counts.salesforceStreams,
      writes: writes(report, 'salesforce', salesforceRecords(counts)),
      metadataCalls: salesforceMetadataCalls({
        tokens: 1,
        describes: 2,
        fieldsToCreate: provisioned('salesforce'),
      }),
    },
  };
}

/**
 * Incremental and rescore: contacts and engagements changed since the previous run's signpost (HubSpot
 * search `total`), events and email events the bench added, Salesforce rows with a newer SystemModstamp.
 * Metadata is cached by then (c_0 = 0).
 */
export function incrementalInput(
  kind: RunReport['kind'],
  changed: ChangedSince,
  mutations: Mutations | undefined,
  report: RunReport,
  counts: FullSyncCounts,
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
      metadataCalls: 0,
    },
    salesforce: {
      streams: SALESFORCE_INCREMENTAL_STREAMS.map((name) => ({ name, rows: changed.salesforce[name] ?? 0 })),
      writes: writes(report, 'salesforce', salesforceRecords(counts)),
      metadataCalls: 0,
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
