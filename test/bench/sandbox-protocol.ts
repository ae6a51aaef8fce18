/** The JSON-line protocol between the benchmark and `sandbox-process.ts`. */
import type { RunningSandboxes } from '../../connectors/sandbox/start-sandboxes.ts';
import type { FullSyncCounts } from '../../src/lower-bounds/dataset-counts.ts';

export interface SamplePerson {
  readonly key: string;
  readonly hubspotId: string | null;
  /** The Salesforce record to touch: the Contact when there is one, else the open Lead. */
  readonly salesforce: { readonly object: 'Lead' | 'Contact'; readonly id: string } | null;
}

export interface ReadyLine {
  readonly ready: true;
  readonly connections: RunningSandboxes['connections'];
  readonly counts: FullSyncCounts;
  readonly sample: SamplePerson[];
  readonly generatedAt: string;
  /** A campaign the dataset's email events already use (mutations add opens without a new name lookup). */
  readonly emailCampaign: string;
  readonly loadMs: number;
}

export interface ChildStats {
  readonly hubspot: { totalCalls: number; byEndpoint: Record<string, number>; http429: number };
  readonly salesforce: {
    totalCalls: number;
    byEndpoint: Record<string, number>;
    http429: number;
    /** Each counted call, e.g. `POST /composite [GET /queryAll Lead; …] → 200` (sandbox `call-detail.ts`). */
    calls: string[];
  };
  readonly cpuMs: number;
  readonly rssMb: number;
  /** The most this process has held since it started (`process.resourceUsage().maxRSS`). */
  readonly peakRssMb: number;
}

/**
 * Salesforce streams the connector polls incrementally (the Opportunity roles have their own stream, and
 * Shared Activities' relation rows theirs).
 */
export const SALESFORCE_INCREMENTAL_STREAMS = [
  'Lead',
  'Contact',
  'Task',
  'Event',
  'CampaignMember',
  'TaskWhoRelation',
  'EventWhoRelation',
  'Opportunity',
  'OpportunityContactRole',
] as const;
