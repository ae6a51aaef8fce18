/**
 * One person, start to finish, without I/O: map fields, score, move the stage, and diff what each CRM
 * should hold against what it holds now. The same function serves `sync`, `--dry-run`, `explain` and
 * the admin preview, so what they show is what a run writes.
 */
import type { LeadloopConfig } from '../config/schema.ts';
import type { Activity } from '../domain/activity.ts';
import type { CrmName, PersonObject } from '../domain/crm.ts';
import type { Opportunity } from '../domain/opportunity.ts';
import type { FieldValue } from '../domain/person.ts';
import { liveDuplicates } from '../link/link-duplicates.ts';
import { linkIdWrites } from '../link/link-ids.ts';
import { canonicalFields } from '../mapping/canonical.ts';
import { OWN_FIELD_KEYS, ownFieldName } from '../mapping/own-fields.ts';
import type { PersonSides } from '../mapping/person-sides.ts';
import { planMappedFields, type MappedFieldPlan } from '../mapping/plan-mapped-fields.ts';
import { syncedAfter } from '../mapping/synced-after.ts';
import type { MappingTargets } from '../mapping/targets.ts';
import { sameValue } from '../mapping/values.ts';
import type { CompiledModel } from '../scoring/compile-model.ts';
import { scorePerson } from '../scoring/score-person.ts';
import type { Score } from '../scoring/types.ts';
import { nextStage, type StageDecision } from '../stages/next-stage.ts';
import { StageKey } from '../stages/schema.ts';
import { initialStageState } from '../stages/stage-state.ts';
import { refKey, type PersonLink, type RecordRef, type RecordSnapshot } from '../state/types.ts';
import { HUBSPOT_LIFECYCLE_ORDER, REQUIRED_ON_CREATE, WELL_KNOWN } from './crm-fields.ts';
import { ownValues } from './own-values.ts';
import type { PersonState } from './person-state.ts';
import { planCreates, type PlannedCreate } from './plan-creates.ts';

export interface PlannedWrite {
  readonly crm: CrmName;
  readonly object: PersonObject;
  readonly id: string;
  readonly field: string;
  readonly from: FieldValue;
  readonly to: FieldValue;
  readonly reason: string;
}

export interface PersonInputs {
  readonly link: PersonLink;
  readonly hubspot: RecordSnapshot | undefined;
  readonly lead: RecordSnapshot | undefined;
  readonly contact: RecordSnapshot | undefined;
  /** Snapshots of the Salesforce records `state.duplicates` lists (those still there). */
  readonly duplicates: readonly RecordSnapshot[];
  readonly activities: readonly Activity[];
  readonly opportunities: readonly Opportunity[];
  readonly state: PersonState;
}

export interface PlanSettings {
  readonly config: LeadloopConfig;
  readonly model: CompiledModel;
  readonly targets: readonly (MappingTargets | undefined)[];
  /** Round-robin position for SLA re-routes and hand-off owners (persisted by the caller). */
  readonly roundRobin: number;
}

export interface PersonPlan {
  readonly personId: string;
  readonly score: Score;
  readonly stage: StageDecision;
  readonly state: PersonState;
  readonly writes: PlannedWrite[];
  readonly creates: PlannedCreate[];
  readonly mapped: MappedFieldPlan;
  /** A HubSpot lifecycle stage change that would move backwards: reported, never written. */
  readonly blocked: string[];
}

function latestActivity(activities: readonly Activity[]): string | null {
  let latest: string | null = null;
  let latestMs = -Infinity;
  for (const a of activities) {
    const ms = Date.parse(a.occurredAt);
    if (ms > latestMs) {
      latestMs = ms;
      latest = a.occurredAt;
    }
  }
  return latest;
}

function isPlaceholder(value: FieldValue, config: LeadloopConfig): boolean {
  if (typeof value !== 'string') return false;
  const placeholders = new Set([
    config.handoff.defaultCompany,
    ...Object.values(REQUIRED_ON_CREATE.salesforce.lead ?? {}),
  ]);
  return placeholders.has(value);
}

/** The own fields whose change means "the score changed" (and so the explanation is rewritten). */
const SCORE_KEYS = [
  'score',
  'profileScore',
  'engagementScore',
  'grade',
  'level',
  'cell',
  'modelVersion',
] as const;

const isBlankValue = (v: FieldValue | undefined): boolean => v === undefined || v === null || v === '';

const refOf = (s: RecordSnapshot): RecordRef => ({ crm: s.crm, object: s.object, id: s.id });

export function planPerson(inputs: PersonInputs, settings: PlanSettings, now: Date): PersonPlan {
  const { config, model, targets } = settings;
  const prefix = config.fields.prefix;
  const primarySf = inputs.contact ?? inputs.lead;
  const sides: PersonSides = {
    hubspot: inputs.hubspot && {
      fields: inputs.hubspot.fields,
      modifiedAt: inputs.hubspot.modifiedAt,
      synced: inputs.state.synced.hubspot,
    },
    salesforce: primarySf && {
      object: primarySf.object,
      fields: primarySf.fields,
      modifiedAt: primarySf.modifiedAt,
      synced: inputs.state.synced.salesforce,
    },
  };
  const mapped = planMappedFields(sides, config.fieldMappings, targets);
  const canonical = canonicalFields(sides, config.fieldMappings, targets);
  const score = scorePerson(model, { fields: canonical, activities: inputs.activities }, now);

  const salesStatusRaw = inputs.lead?.fields[WELL_KNOWN.salesStatus.field];
  const overrideField = config.scoring.override.stageField;
  const overrideRaw = overrideField ? canonical[overrideField] : null;
  const overrideStage = StageKey.safeParse(
    typeof overrideRaw === 'string' ? overrideRaw.toUpperCase() : null,
  );
  const stage = nextStage(
    inputs.state.stage ?? initialStageState(now),
    {
      score,
      ...(inputs.lead ? { salesStatus: typeof salesStatusRaw === 'string' ? salesStatusRaw : null } : {}),
      converted:
        inputs.lead?.fields[WELL_KNOWN.converted.field] === true ||
        Boolean(inputs.link.salesforceContactId && inputs.link.salesforceLeadId),
      opportunities: inputs.opportunities,
      overrideStage: overrideStage.success ? overrideStage.data : null,
      reassignCounter: settings.roundRobin,
      lastActivityAt: latestActivity(inputs.activities),
    },
    config.stages,
    now,
  );

  const writes: PlannedWrite[] = [];
  const blocked: string[] = [];
  const own = ownValues(score, stage.state, config.fields.explanationLength);
  const stageReason = stage.transition ? `stage ${stage.transition.to} (${stage.transition.cause})` : 'score';
  const targetsOfSide: {
    snap: RecordSnapshot;
    mappedChanges: Record<string, { value: FieldValue; reason: string }>;
  }[] = [];
  if (inputs.hubspot) targetsOfSide.push({ snap: inputs.hubspot, mappedChanges: mapped.hubspot });
  if (primarySf) targetsOfSide.push({ snap: primarySf, mappedChanges: mapped.salesforce });
  // Duplicates get leadloop's own fields only (mapped fields sync with the primary record alone).
  const duplicates = liveDuplicates(
    inputs.link,
    inputs.state.duplicates,
    new Map(inputs.duplicates.map((d) => [refKey(refOf(d)), d])),
    config.fieldMappings,
    WELL_KNOWN.converted.field,
  );
  if (config.duplicates.writeScores === 'all')
    for (const snap of duplicates) targetsOfSide.push({ snap, mappedChanges: {} });

  for (const { snap, mappedChanges } of targetsOfSide) {
    const diff = (field: string, to: FieldValue, reason: string): void => {
      const from = snap.fields[field] ?? null;
      if (!sameValue(from, to))
        writes.push({ crm: snap.crm, object: snap.object, id: snap.id, field, from, to, reason });
    };
    // Decay moves the explanation's decimals every night; rewriting it alone would touch every engaged
    // lead nightly. It is written with a score change (or when missing), so it never disagrees for long.
    const scoreMoved = SCORE_KEYS.some(
      (key) => !sameValue(snap.fields[ownFieldName(snap.crm, key, prefix)] ?? null, own[key] ?? null),
    );
    for (const key of OWN_FIELD_KEYS) {
      if (!(key in own)) continue;
      const field = ownFieldName(snap.crm, key, prefix);
      if (key === 'explanation' && !scoreMoved && !isBlankValue(snap.fields[field])) continue;
      diff(field, own[key] ?? null, key === 'stage' || key.endsWith('Date') ? stageReason : 'score');
    }
    for (const [field, change] of Object.entries(mappedChanges)) {
      // Placeholders Salesforce forced on a created Lead (Company, LastName) mean "unknown": never spread them.
      if (isPlaceholder(change.value, config)) continue;
      diff(field, change.value, `mapping ${change.reason}`);
    }
  }

  // Both sides carry each other's id, so the link survives email changes and a lost state store.
  const current = new Map<string, Readonly<Record<string, FieldValue>>>();
  for (const s of [inputs.hubspot, inputs.lead, inputs.contact])
    if (s) current.set(refKey(refOf(s)), s.fields);
  for (const w of linkIdWrites(inputs.link, current, prefix)) {
    writes.push({ ...w, from: current.get(refKey(w))?.[w.field] ?? null, to: w.value, reason: 'link ids' });
  }

  // SLA breach: re-route the Lead once, to the configured queue/user.
  const reassignedTo = stage.slaBreach?.reassignedTo;
  if (reassignedTo && inputs.lead) {
    writes.push({
      crm: 'salesforce',
      object: 'lead',
      id: inputs.lead.id,
      field: WELL_KNOWN.owner.field,
      from: inputs.lead.fields[WELL_KNOWN.owner.field] ?? null,
      to: reassignedTo,
      reason: `SLA breached (due ${stage.slaBreach?.dueAt})`,
    });
  }

  // HubSpot's own lifecycle stage only through the explicit map, and only forwards.
  const lifecycleMap = config.fields.hubspotLifecycleStage;
  const lifecycleTarget = lifecycleMap?.[stage.state.stage];
  if (inputs.hubspot && lifecycleTarget) {
    const from = inputs.hubspot.fields[WELL_KNOWN.lifecycleStage.field] ?? null;
    const rank = (v: FieldValue): number =>
      HUBSPOT_LIFECYCLE_ORDER.indexOf(String(v) as (typeof HUBSPOT_LIFECYCLE_ORDER)[number]);
    if (!sameValue(from, lifecycleTarget)) {
      if (from !== null && rank(lifecycleTarget) !== -1 && rank(from) > rank(lifecycleTarget)) {
        blocked.push(`lifecyclestage ${String(from)} → ${lifecycleTarget}: HubSpot only moves it forward`);
      } else {
        writes.push({
          crm: 'hubspot',
          object: 'contact',
          id: inputs.hubspot.id,
          field: WELL_KNOWN.lifecycleStage.field,
          from,
          to: lifecycleTarget,
          reason: stageReason,
        });
      }
    }
  }

  const creates = planCreates(inputs, {
    config,
    targets,
    own,
    stage: stage.state.stage,
    roundRobin: settings.roundRobin,
  });

  const state: PersonState = {
    ...inputs.state,
    stage: stage.state,
    lastScore: {
      total: score.total,
      cell: score.cell,
      modelVersion: score.modelVersion,
      at: now.toISOString(),
    },
    // The baseline for next run's two-way decisions, per side: what each record holds once these writes land.
    synced: syncedAfter(sides, mapped, config.fieldMappings),
    // Duplicates that were deleted, converted, changed email or took the primary's place drop out.
    duplicates: duplicates.map(refOf),
  };

  return { personId: inputs.link.personId, score, stage, state, writes, creates, mapped, blocked };
}
