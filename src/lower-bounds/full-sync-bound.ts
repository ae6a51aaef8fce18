/**
 * The full-sync lower bound of a finished run: rows from the dataset the sandboxes serve, W (records
 * whose values differed) from the run itself. Shared by the benchmarks and the demo summary.
 */
import type { CrmName } from '../domain/crm.ts';
import type { CounterName } from '../sync/run-counters.ts';
import type { RunReport } from '../sync/run-sync.ts';
import type { FullSyncCounts } from './dataset-counts.ts';
import { hubSpotMetadataCalls, salesforceMetadataCalls, type SyncBoundInput } from './lower-bound.ts';

const n = (report: RunReport, key: CounterName): number => report.counters[key] ?? 0;

/** W: records written or created, each counted once (a record written twice in one run is one write). */
export function writes(report: RunReport, crm: CrmName, existing: number): number {
  const created = n(report, `creates.${crm}`);
  return Math.min(n(report, `recordsWritten.${crm}`) + created, existing + created);
}

export function salesforceRecords(counts: FullSyncCounts): number {
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
