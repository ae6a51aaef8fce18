/**
 * One person, start to finish, without I/O: map fields, score, move the stage, and diff what each CRM
 * should hold against what it holds now. The same function serves `sync`, `--dry-run`, `explain` and
 * the admin preview, so what they show is what a run writes. Each kind of write is planned by its own
 * pure part in `plan/`; this file only decides which records each part applies to.
 */
import type { LeadloopConfig } from '../config/schema.ts';
import type { Activity } from '../domain/activity.ts';
import type { Opportunity } from '../domain/opportunity.ts';
import { liveDuplicates } from '../link/link-duplicates.ts';
import { canonicalFields } from '../mapping/canonical.ts';
import type { PersonSides } from '../mapping/person-sides.ts';
import { planMappedFields, type MappedFieldPlan } from '../mapping/plan-mapped-fields.ts';
import type { SideChange } from '../mapping/sync-rules.ts';
import { syncedAfter } from '../mapping/synced-after.ts';
import type { MappingTargets } from '../mapping/targets.ts';
import type { CompiledModel } from '../scoring/compile-model.ts';
import { scorePerson } from '../scoring/score-person.ts';
import type { Score, ScoringPerson } from '../scoring/types.ts';
import { nextStage, type StageDecision } from '../stages/next-stage.ts';
import { chooseSlaByName, type OwnerDirectory } from '../stages/sla-actions.ts';
import type { ReminderTask } from '../domain/sla-task.ts';
import { initialStageState } from '../stages/stage-state.ts';
import { type RecordSnapshot } from '../state/types.ts';
import { WELL_KNOWN } from './crm-fields.ts';
import { compileSecondaryModels } from '../scoring/compile-models.ts';
import { modelValues, ownValues } from './own-values.ts';
import { modelFieldWrites, type ModelValues } from './plan/model-field-writes.ts';
import type { OrgRewrite, PersonState } from './person-state.ts';
import { planCreates, type PlannedCreate } from './plan-creates.ts';
import { lifecycleStageChange } from './plan/lifecycle-stage.ts';
import { plannedLinkIdWrites } from './plan/link-id-writes.ts';
import { createPlaceholders, mappedFieldWrites } from './plan/mapped-field-writes.ts';
import { settleOrgRewrites } from './plan/org-rewrites.ts';
import { ownFieldWrites } from './plan/own-field-writes.ts';
import type { PlannedWrite } from './plan/planned-write.ts';
import { slaEvidence } from './plan/sla-evidence.ts';
import { slaReminderTask } from './plan/sla-reminder.ts';
import { slaEscalationWrites, slaRerouteWrites } from './plan/sla-reroute.ts';
import { stageEvidence } from './plan/stage-evidence.ts';
import { refKey, type PersonLink, type RecordRef } from '../domain/person-link.ts';
import { nextShadowEntry, type ShadowRun } from '../models/shadow-entry.ts';

export type { PlannedWrite } from './plan/planned-write.ts';

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
  /** Salesforce users, read only when a plan takes an SLA step: inactive ones are passed over. */
  readonly owners?: OwnerDirectory;
  /**
   * During a budgeted rescore, the model being replaced: people who still carry its score and have not
   * been released to `rescoreTo` keep being scored with it, so only released people get the new one.
   */
  readonly previous?: { readonly model: CompiledModel; readonly rescoreTo: string };
  /** A shadowed candidate model: scored beside the live one into the person state, never written. */
  readonly candidate?: { readonly model: CompiledModel; readonly run: ShadowRun };
}

export interface PersonPlan {
  readonly personId: string;
  readonly score: Score;
  readonly stage: StageDecision;
  readonly state: PersonState;
  readonly writes: PlannedWrite[];
  readonly creates: PlannedCreate[];
  /** SLA reminder Tasks (at most one, once per MQL episode). */
  readonly tasks: ReminderTask[];
  readonly mapped: MappedFieldPlan;
  /** A HubSpot lifecycle stage change that would move backwards: reported, never written. */
  readonly blocked: string[];
  /** Mapped fields whose value the org rewrote on save, accepted this time instead of written again. */
  readonly rewrittenByOrg: OrgRewrite[];
  /** The further scoring models' scores (`scoring.models`), in config order: written, never staged. */
  readonly models: readonly ModelScore[];
}

export interface ModelScore extends ModelValues {
  readonly score: Score;
}

const refOf = (s: RecordSnapshot): RecordRef => ({ crm: s.crm, object: s.object, id: s.id });

export function planPerson(inputs: PersonInputs, settings: PlanSettings, now: Date): PersonPlan {
  const { config, targets } = settings;
  const { previous } = settings;
  const model =
    previous &&
    inputs.state.lastScore?.modelVersion === previous.model.modelVersion &&
    inputs.state.rescoreTo !== previous.rescoreTo
      ? previous.model
      : settings.model;
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
  const stage = nextStage(
    inputs.state.stage ?? initialStageState(now),
    {
      ...stageEvidence(inputs, canonical, score, config, settings.roundRobin),
      ...slaEvidence(inputs, canonical, score, config, settings.owners),
    },
    config.stages,
    now,
  );
  const own = ownValues(score, stage.state, config.fields.explanationLength);
  const models = scoreFurtherModels(config, { fields: canonical, activities: inputs.activities }, now);
  const shadow = settings.candidate
    ? nextShadowEntry(
        inputs.state.shadow,
        settings.candidate.run,
        {
          live: score,
          candidate: scorePerson(
            settings.candidate.model,
            { fields: canonical, activities: inputs.activities },
            now,
          ),
        },
        stage.state.stage,
        now,
      )
    : inputs.state.shadow;
  const stageReason = stage.transition ? `stage ${stage.transition.to} (${stage.transition.cause})` : 'score';

  const duplicates = liveDuplicates(
    inputs.link,
    inputs.state.duplicates,
    new Map(inputs.duplicates.map((d) => [refKey(refOf(d)), d])),
    config.fieldMappings,
    WELL_KNOWN.converted.field,
  );
  const records: { snap: RecordSnapshot; changes: Readonly<Record<string, SideChange>> }[] = [];
  if (inputs.hubspot) records.push({ snap: inputs.hubspot, changes: mapped.hubspot });
  if (primarySf) records.push({ snap: primarySf, changes: mapped.salesforce });
  // Duplicates get leadloop's own fields only (mapped fields sync with the primary record alone).
  if (config.duplicates.writeScores === 'all')
    for (const snap of duplicates) records.push({ snap, changes: {} });

  const placeholders = createPlaceholders(config);
  const lifecycle = lifecycleStageChange(
    inputs.hubspot,
    stage.state.stage,
    config.fields.hubspotLifecycleStage,
    stageReason,
  );
  const rewrites = settleOrgRewrites(
    records.flatMap(({ snap, changes }) => mappedFieldWrites(snap, changes, placeholders)),
    (w) => (w.crm === 'hubspot' ? inputs.state.synced.hubspot : inputs.state.synced.salesforce)[w.field],
    inputs.state.orgRewrites,
  );
  const mappedWritesOf = (snap: RecordSnapshot): PlannedWrite[] =>
    rewrites.writes.filter((w) => w.crm === snap.crm && w.id === snap.id);
  const writes: PlannedWrite[] = [
    ...records.flatMap(({ snap }) => [
      ...ownFieldWrites(snap, own, prefix, stageReason),
      ...models.flatMap((m) => modelFieldWrites(snap, m, prefix)),
      ...mappedWritesOf(snap),
    ]),
    ...plannedLinkIdWrites(inputs.link, [inputs.hubspot, inputs.lead, inputs.contact], prefix),
    ...slaRerouteWrites(stage.slaBreach, inputs.lead),
    ...slaEscalationWrites(stage.slaAction, inputs.lead, escalationField(config, stage.slaAction)),
    ...(lifecycle.kind === 'write' ? [lifecycle.write] : []),
  ];
  const blocked = lifecycle.kind === 'blocked' ? [lifecycle.message] : [];
  // An accepted rewrite is no change: the baseline keeps the org's value, and previews show no write.
  const written = withoutAccepted(mapped, rewrites.accepted);

  const creates = planCreates(inputs, {
    config,
    targets,
    own,
    models,
    stage: stage.state.stage,
    roundRobin: settings.roundRobin,
  });
  // A user is an id the run's directory lists; without one (no step needing it yet) no Task is planned.
  const task = slaReminderTask(
    inputs.link.personId,
    stage.slaAction,
    inputs.lead,
    (id) => settings.owners?.has(id) === true,
  );

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
    synced: syncedAfter(sides, written, config.fieldMappings),
    // Duplicates that were deleted, converted, changed email or took the primary's place drop out.
    duplicates: duplicates.map(refOf),
    orgRewrites: rewrites.remembered,
    shadow,
  };

  return {
    personId: inputs.link.personId,
    score,
    stage,
    state,
    writes,
    creates,
    tasks: task ? [task] : [],
    mapped: written,
    blocked,
    rewrittenByOrg: rewrites.accepted,
    models,
  };
}

/** Each further model scores the same fields and activities as the primary; stages never read them. */
function scoreFurtherModels(config: LeadloopConfig, person: ScoringPerson, now: Date): ModelScore[] {
  const length = config.fields.explanationLength;
  return compileSecondaryModels(config.scoring, { explanationLength: length }).map(({ name, model }) => {
    const score = scorePerson(model, person, now);
    return { name, score, values: modelValues(score, length) };
  });
}

/** The Lead field an escalation writes, from the SLA the step was taken under. */
function escalationField(config: LeadloopConfig, action: StageDecision['slaAction']): string | undefined {
  if (action?.kind !== 'escalate') return undefined;
  return chooseSlaByName(config.stages, action.sla)?.escalate?.field;
}

function withoutAccepted(mapped: MappedFieldPlan, accepted: readonly OrgRewrite[]): MappedFieldPlan {
  if (accepted.length === 0) return mapped;
  const drop = (side: 'hubspot' | 'salesforce'): Record<string, SideChange> => {
    const fields = new Set(accepted.filter((r) => r.crm === side).map((r) => r.field));
    return Object.fromEntries(Object.entries(mapped[side]).filter(([field]) => !fields.has(field)));
  };
  return { ...mapped, hubspot: drop('hubspot'), salesforce: drop('salesforce') };
}
