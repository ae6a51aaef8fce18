/**
 * Behaviour a CRM account cannot serve, as a warning: the streams it lacks and the engagement rules that can
 * therefore never match. Pure; the run records what the connectors reported as run counters
 * (`unavailable.<crm>.<stream>.<activity type>`), so status, the console and metrics read it from the state
 * store without calling the CRM.
 */
import type { ActivityType } from '../domain/activity.ts';
import { ActivityType as ActivityTypes } from '../domain/activity.ts';
import { CrmName } from '../domain/crm.ts';
import type { UnavailableStream } from '../domain/unavailable-stream.ts';
import { secondaryModels } from '../scoring/models-schema.ts';
import type { SecondaryModels } from '../scoring/models-schema.ts';
import type { EngagementRule, ScoringConfig } from '../scoring/schema.ts';

/** One model's engagement rules; `model` null for the primary, whose rule names are printed bare. */
export interface RuleSet {
  readonly model: string | null;
  readonly rules: readonly EngagementRule[];
}

/**
 * Every model a run scores: the primary, each of `scoring.models`, and the shadowed candidate (by its
 * version). A rule that can never match is as wrong in a further model or a candidate as in the primary.
 */
export function engagementRuleSets(
  scoring: ScoringConfig & { readonly models?: SecondaryModels },
  candidate?: ScoringConfig | null,
): RuleSet[] {
  return [
    { model: null, rules: scoring.engagement.rules },
    ...secondaryModels(scoring).map((m) => ({ model: m.name, rules: m.config.engagement.rules })),
    ...(candidate && candidate.modelVersion !== scoring.modelVersion
      ? [{ model: `candidate ${candidate.modelVersion}`, rules: candidate.engagement.rules }]
      : []),
  ];
}

export interface BehaviourWarning {
  readonly crm: CrmName;
  readonly streams: readonly string[];
  readonly activityTypes: readonly ActivityType[];
  /** Names of the engagement rules on those activity types (`model: rule` outside the primary): they can never match. */
  readonly rules: readonly string[];
}

const PREFIX = 'unavailable.';

/** Counter names recording the streams (a stream with no activity type of its own records `-`). */
export function unavailableCounterNames(
  streams: readonly UnavailableStream[],
): Array<`unavailable.${CrmName}.${string}`> {
  return streams.flatMap((s) =>
    (s.activityTypes.length > 0 ? s.activityTypes : ['-']).map(
      (t) => `unavailable.${s.crm}.${s.stream}.${t}` as const,
    ),
  );
}

/** The unavailable streams a run recorded in its counters (reasons are not kept there). */
export function unavailableFromStats(stats: Readonly<Record<string, unknown>>): UnavailableStream[] {
  const byKey = new Map<string, UnavailableStream>();
  for (const [key, value] of Object.entries(stats)) {
    if (!key.startsWith(PREFIX) || typeof value !== 'number' || value <= 0) continue;
    const [crm, stream, type] = key.slice(PREFIX.length).split('.');
    const crmName = CrmName.safeParse(crm);
    if (!crmName.success || !stream || type === undefined) continue;
    const id = `${crmName.data}.${stream}`;
    const entry = byKey.get(id) ?? { crm: crmName.data, stream, activityTypes: [], reason: '' };
    const activity = ActivityTypes.safeParse(type);
    byKey.set(
      id,
      activity.success ? { ...entry, activityTypes: [...entry.activityTypes, activity.data] } : entry,
    );
  }
  return [...byKey.values()];
}

export function behaviourWarnings(
  unavailable: readonly UnavailableStream[],
  sets: readonly RuleSet[],
): BehaviourWarning[] {
  const crms = [...new Set(unavailable.map((s) => s.crm))].sort();
  return crms.map((crm) => {
    const mine = unavailable.filter((s) => s.crm === crm);
    const types = [...new Set(mine.flatMap((s) => s.activityTypes))].sort();
    return {
      crm,
      streams: [...new Set(mine.map((s) => s.stream))].sort(),
      activityTypes: types,
      rules: sets.flatMap((set) =>
        set.rules
          .filter((r) => types.includes(r.activity))
          .map((r) => (set.model === null ? r.name : `${set.model}: ${r.name}`)),
      ),
    };
  });
}

const CRM_LABEL: Record<CrmName, string> = { hubspot: 'HubSpot', salesforce: 'Salesforce' };

export function formatBehaviourWarning(w: BehaviourWarning): string {
  const rules =
    w.rules.length > 0
      ? `engagement rules that can never match: ${w.rules.join(', ')}`
      : 'no engagement rule depends on them';
  return (
    `${CRM_LABEL[w.crm]} behaviour streams unavailable on this account: ${w.streams.join(', ')} ` +
    `(no ${w.activityTypes.join(', ')} activities); ${rules}`
  );
}

/**
 * The warnings of the newest run that pulled (succeeded or partial; kind `records` reads no behaviour), from
 * runs listed newest first. None before such a run.
 */
export function warningsOfLastPull(
  runs: readonly {
    readonly kind: string;
    readonly status: string;
    readonly stats: Readonly<Record<string, unknown>>;
  }[],
  sets: readonly RuleSet[],
): BehaviourWarning[] {
  const last = runs.find((r) => r.kind !== 'records' && (r.status === 'succeeded' || r.status === 'partial'));
  return last ? behaviourWarnings(unavailableFromStats(last.stats), sets) : [];
}
