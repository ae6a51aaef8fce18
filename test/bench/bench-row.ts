/**
 * One benchmark row per (size, scenario, CRM), the projections under real tiers, and the targets the
 * issue sets, so `run.ts` and `--json` print the same figures.
 */
import type { CrmName } from '../../src/domain/crm.ts';

export interface BenchRow {
  readonly size: string;
  readonly scenario: string;
  readonly crm: CrmName;
  /** Counted by the sandbox (its `stats()`), not by leadloop. */
  readonly apiCalls: number;
  readonly lowerBound: number;
  readonly ratio: number;
  /** CRM records pulled (people, activities, opportunities) per wall second; rescore adds people re-scored. */
  readonly recordsPerSec: number;
  readonly records: number;
  readonly peopleProcessed: number;
  readonly wallMs: number;
  /** Wall time this CRM's calls need at the tier's allowed rate (HubSpot Professional, Salesforce Enterprise). */
  readonly projectedSec: number;
  /** Share of the tier's daily allocation. */
  readonly dailyShare: number;
  /** The leadloop process (this one), sampled every 50 ms during the scenario. */
  readonly peakRssMb: number;
  /** The sandboxes' own process since it started (its `maxRSS`): they hold the whole world in memory. */
  readonly sandboxPeakRssMb: number;
  readonly http429: number;
  readonly cpuMsLeadloop: number;
  readonly cpuMsSandbox: number;
  readonly byEndpoint: Record<string, number>;
  /** Salesforce: what each call did, subrequests included (the sandbox's call log); `--calls` prints them. */
  readonly calls?: readonly string[];
  readonly explain: Record<string, string>;
}

/** HubSpot Professional, private app: 190 requests / 10 s, search 5 / s, 625,000 / day (limits A1.1). */
export const HUBSPOT_PRO = { perSecond: 19, searchPerSecond: 5, daily: 625_000 } as const;
/** Salesforce Enterprise with 50 licenses: 100,000 + 50 × 1,000 calls / rolling 24 h (limits A2). */
export const SALESFORCE_ENTERPRISE = { daily: 150_000 } as const;

export const TARGETS = {
  ratio: 1.15,
  noOpCallsPerObject: 2,
  fullCallsPerPerson: 0.1,
  recordsPerSec: 20_000,
  peakRssMbAtL: 512,
  /** Peak RSS flat with the number of people: M and L within 10 % of each other. */
  peakRssGrowth: 1.1,
} as const;

/** Objects each CRM polls: HubSpot contacts + 13 behaviour streams; Salesforce 9 SOQL streams. */
export const POLLED_OBJECTS: Readonly<Record<CrmName, number>> = { hubspot: 14, salesforce: 9 };

const isSearch = (endpoint: string): boolean => endpoint.endsWith('.search');

/**
 * HubSpot: the run is sequential, so search calls (5/s) and the rest (19/s) add up.
 * Salesforce has no burst limit: the projection spreads the calls at the daily allocation's average rate.
 */
export function projectSeconds(crm: CrmName, byEndpoint: Record<string, number>): number {
  let search = 0;
  let other = 0;
  for (const [endpoint, n] of Object.entries(byEndpoint)) {
    if (isSearch(endpoint)) search += n;
    else other += n;
  }
  if (crm === 'hubspot') return other / HUBSPOT_PRO.perSecond + search / HUBSPOT_PRO.searchPerSecond;
  return (search + other) / (SALESFORCE_ENTERPRISE.daily / 86_400);
}

export function dailyShare(crm: CrmName, calls: number): number {
  return calls / (crm === 'hubspot' ? HUBSPOT_PRO.daily : SALESFORCE_ENTERPRISE.daily);
}
