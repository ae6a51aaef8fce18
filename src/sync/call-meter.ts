/**
 * A run's API calls, counted where its phases run. Under BullMQ a run's pull, chunks and commit execute
 * in different processes, each with its own connectors, so no process sees the whole run: every phase
 * adds the calls its process made while it ran to the stored summary (run-stats.ts), and the sums are the
 * run's calls whichever worker did what. An in-process run goes through the same phases, so both modes
 * record the same figures.
 *
 * One meter per set of connectors (one per process). A worker runs several chunk jobs at once, so a phase
 * takes what was made since the meter's previous take, not since its own start (which would count the
 * overlap twice). Calls made while no phase ran (identity binding at start, admin reads) belong to no run
 * and are dropped.
 */
import type { ApiUsage, CrmConnector } from '../../connectors/types.ts';
import type { CrmName } from '../domain/crm.ts';
import { CRMS } from './context.ts';
import type { CounterName, CounterValues } from './run-counters.ts';

/** Calls per CRM and endpoint family, as `usage().calls` reports them. */
export type CallSnapshot = Readonly<Record<CrmName, Readonly<Record<string, number>>>>;

/**
 * Counters for the calls made between two snapshots: `apiCalls.<crm>` (every CRM, 0 included, as the
 * run summary always showed) and `apiCalls.<crm>.<family>` for each family that was called.
 */
export function callCounters(before: CallSnapshot, after: CallSnapshot): CounterValues {
  const out: Partial<Record<CounterName, number>> = {};
  for (const crm of CRMS) {
    let total = 0;
    for (const [family, n] of Object.entries(after[crm])) {
      const made = n - (before[crm][family] ?? 0);
      if (made <= 0) continue;
      out[`apiCalls.${crm}.${family}`] = made;
      total += made;
    }
    out[`apiCalls.${crm}`] = total;
  }
  return out;
}

/** The daily quota each CRM last reported (left and size), for the run summary's quota chart. */
export function quotaCounters(usages: readonly ApiUsage[]): CounterValues {
  const out: Partial<Record<CounterName, number>> = {};
  for (const { crm, quota } of usages) {
    if (quota.dailyLimit === undefined || quota.dailyUsed === undefined) continue;
    out[`quotaLeft.${crm}`] = Math.max(0, quota.dailyLimit - quota.dailyUsed);
    out[`quotaLimit.${crm}`] = quota.dailyLimit;
  }
  return out;
}

export interface CallMeter {
  /** A phase starts: when none was running, calls made since the last take are dropped. */
  begin(): void;
  /** A phase ended: the calls made since the previous take (this phase's, and any overlapping phase's). */
  end(): CounterValues;
}

type Connectors = Readonly<Record<CrmName, Pick<CrmConnector, 'usage'>>>;

const snapshot = (connectors: Connectors): CallSnapshot => ({
  hubspot: { ...connectors.hubspot.usage().calls },
  salesforce: { ...connectors.salesforce.usage().calls },
});

export function createCallMeter(connectors: Connectors): CallMeter {
  let inFlight = 0;
  let taken = snapshot(connectors);
  return {
    begin() {
      if (inFlight === 0) taken = snapshot(connectors);
      inFlight += 1;
    },
    end() {
      inFlight = Math.max(0, inFlight - 1);
      const now = snapshot(connectors);
      const counters = callCounters(taken, now);
      taken = now;
      return counters;
    },
  };
}

// Keyed by the connectors object, which every context of a process shares (runSync's per-run context
// copies the reference): phases built over and over (records runs, dry runs) share one meter.
const meters = new WeakMap<Connectors, CallMeter>();

export function callMeterFor(connectors: Connectors): CallMeter {
  let meter = meters.get(connectors);
  if (!meter) {
    meter = createCallMeter(connectors);
    meters.set(connectors, meter);
  }
  return meter;
}
