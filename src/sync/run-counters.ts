/**
 * Named counters a run reports (pulled, linked, written ...): one place, so every phase adds to the same
 * summary, and typed names, so a renamed counter breaks the code and tests that read it instead of quietly
 * reading 0.
 */
import type { CrmName } from '../domain/crm.ts';
import type { HiddenFieldCounter } from '../health/hidden-fields.ts';
import type { StageKey } from '../stages/schema.ts';

export const COUNTER_NAMES = [
  // pull and ingest
  'recordsPulled',
  'recordsDeleted',
  'recordsRejected',
  'recordsStale',
  'activitiesPulled',
  'activitiesNew',
  'activitiesUnshared',
  'activitiesDeleted',
  'opportunitiesPulled',
  'backfilledStreams',
  // linking
  'linksChanged',
  'linkAmbiguities',
  'duplicatesJoined',
  'recordsMerged',
  // planning
  'peopleProcessed',
  'plannedWrites',
  'plannedCreates',
  'slaBreaches',
  'mappingConflicts',
  'mappingWarnings',
  'mappingErrors',
  'blockedLifecycle',
  // outcomes
  'writesRetryable',
  'writesFailedPermanently',
  'createsFailed',
  'createsMerged',
  'createsLinkedToExisting',
  'writesToGoneRecords',
  // commit
  'failedChunks',
  'labelDrift',
  'auditPruned',
] as const;

export type CounterName =
  | (typeof COUNTER_NAMES)[number]
  | `writes.${CrmName}.${string}`
  | `recordsWritten.${CrmName}`
  | `creates.${CrmName}`
  | `transitions.${StageKey}`
  | `apiCalls.${CrmName}`
  /** Calls per endpoint family (`usage().calls`: `search`, `batch-update`, `query`, `composite` ...). */
  | `apiCalls.${CrmName}.${string}`
  /** The CRM's daily quota left and its size as last reported, added once when the run ends. */
  | `quotaLeft.${CrmName}`
  | `quotaLimit.${CrmName}`
  /** Fields (`<object>.<field>`) whose value the org rewrote on save, accepted (health/org-rewrites.ts). */
  | `rewrittenByOrg.${CrmName}.${string}`
  /** A Salesforce field (`<object>.<field>`) skipped for the run: hidden by field-level security, or unverifiable (health/hidden-fields.ts). */
  | HiddenFieldCounter
  /** Records whose value for a field the integration user cannot see was held back this run (`<object>.<field>`). */
  | `heldBack.${CrmName}.${string}`
  /** SLA enforcement: steps taken (`remind` / `reroute` / `escalate`), Tasks created or failed, notes sent or failed. */
  | `sla.${'due' | 'remind' | 'reroute' | 'escalate' | 'tasksCreated' | 'tasksFailed' | 'notified' | 'notifyFailed'}`
  /** A behaviour stream the account cannot serve, per activity type only it carries (health/behaviour-warnings.ts). */
  | `unavailable.${CrmName}.${string}`
  /** A published model's budgeted rescore: people released this run, and still waiting after it (models/rescore-queue.ts). */
  | `rescore.${'released' | 'waiting'}`
  /** Account scoring (src/accounts): accounts scored, people placed in one, field writes planned, landed, records refused. */
  | `accounts.${'scored' | 'people' | 'plannedWrites' | 'writes' | 'writeFailures'}`
  /** Per CRM: companies read this run (changed ones; every one on a complete read), forgotten as deleted, records written. */
  | `accounts.${'companiesRead' | 'companiesRemoved' | 'companiesWritten'}.${CrmName}`;

/** A run's counters as reported: only counters that were added appear. */
export type CounterValues = { readonly [K in CounterName]?: number };

export class RunCounters {
  private readonly values = new Map<CounterName, number>();

  add(name: CounterName, by = 1): void {
    this.values.set(name, (this.values.get(name) ?? 0) + by);
  }

  get(name: CounterName): number {
    return this.values.get(name) ?? 0;
  }

  toJSON(): CounterValues {
    return Object.fromEntries([...this.values.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }
}
