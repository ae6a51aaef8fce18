/**
 * The lifecycle state machine: one pure step from the stored state and this run's evidence. Evidence is
 * weighed in a fixed order, strongest first; the first rule that applies decides (a rule whose target is the
 * current stage holds the person there). Sales feedback and conversion act once, when they change.
 *
 *   manual override > WON is final > won deal > disqualified score > open deal > lost deal >
 *   conversion > Lead Status feedback > requalification > score → MQL
 */
import type { Opportunity } from '../domain/opportunity.ts';
import type { StageKey, StagesConfig } from './schema.ts';
import { chooseSla, nextSlaAction, pickActiveOwner } from './sla-actions.ts';
import type { ChosenSla, OwnerDirectory, SlaFacts } from './sla-actions.ts';
import { slaStatus } from './sla.ts';
import { canMove, stageRank } from './stage-state.ts';
import type { SlaAction, SlaBreach, StageCause, StageState, StageTransition } from './stage-state.ts';

export interface StageEvidence {
  /** From `scorePerson`. */
  readonly score: {
    readonly mql: boolean;
    readonly disqualified?: { readonly rule: string; readonly reason: string };
  };
  /** Salesforce Lead Status, raw; undefined when the person has no Salesforce Lead. */
  readonly salesStatus?: string | null;
  /** The Salesforce Lead was converted. */
  readonly converted?: boolean;
  /** Opportunities with this person in a contact role. */
  readonly opportunities?: readonly Pick<Opportunity, 'id' | 'status' | 'closedAt' | 'modifiedAt'>[];
  /** A stage a user set in the override field; held while set. */
  readonly overrideStage?: StageKey | null;
  /**
   * The person's most recent behaviour (ISO). A recycled person becomes an MQL again only on behaviour
   * after the recycle: nurture first, not an instant bounce back to the sales rep who rejected them.
   */
  readonly lastActivityAt?: string | null;
  /** Round-robin position for an SLA re-route (the caller's persisted counter). */
  readonly reassignCounter?: number;
  /** What `stages.slaRules` test (cell, mapped fields); without it only `stages.sla` applies. */
  readonly slaFacts?: SlaFacts;
  /** The Salesforce Lead's owner now (reminded, rejecting, escalated from). */
  readonly owner?: string | null;
  /** Salesforce users known to the run: re-routes pass over inactive ones, escalation finds managers. */
  readonly owners?: OwnerDirectory;
  /** The Lead's `stages.rejectionReasonField` value (null when blank). */
  readonly rejectionReason?: string | null;
}

export interface StageDecision {
  readonly state: StageState;
  /** Set when the stage changed in this step. */
  readonly transition?: StageTransition;
  /** Set when this step found the current MQL past its SLA (once per MQL episode). */
  readonly slaBreach?: SlaBreach;
  /** The SLA enforcement step this run takes (a reminder, the re-route, the escalation), once each. */
  readonly slaAction?: SlaAction;
}

interface Target {
  readonly to: StageKey;
  readonly cause: StageCause;
  readonly detail?: string;
}

type Rule = (current: StageState, evidence: StageEvidence, config: StagesConfig) => Target | undefined;

const closedAtMs = (o: Pick<Opportunity, 'closedAt' | 'modifiedAt'>): number =>
  Date.parse(o.closedAt ?? o.modifiedAt);

const engagedSince = (e: StageEvidence, since: string): boolean =>
  e.lastActivityAt != null && Date.parse(e.lastActivityAt) > Date.parse(since);

const salesStatusChanged = (s: StageState, e: StageEvidence): boolean =>
  e.salesStatus !== undefined && e.salesStatus !== s.seen.salesStatus;

/** Decisive rules: when one applies, it decides, even if that means staying put. */
const DECISIVE: readonly Rule[] = [
  (_s, e) =>
    e.overrideStage ? { to: e.overrideStage, cause: 'override', detail: 'manual stage override' } : undefined,
  (s) => (s.stage === 'WON' ? { to: 'WON', cause: 'opportunity_won' } : undefined),
  (_s, e) => {
    const won = e.opportunities?.find((o) => o.status === 'won');
    return won ? { to: 'WON', cause: 'opportunity_won', detail: won.id } : undefined;
  },
  (_s, e) => {
    const d = e.score.disqualified;
    return d ? { to: 'DISQUALIFIED', cause: 'disqualified', detail: `${d.rule}: ${d.reason}` } : undefined;
  },
  (_s, e) => {
    const open = e.opportunities?.find((o) => o.status === 'open');
    return open ? { to: 'SQL', cause: 'opportunity_open', detail: open.id } : undefined;
  },
  (s, e, config) => {
    // A loss counts once: only if it closed after the person entered their current stage.
    const opportunities = e.opportunities ?? [];
    if (opportunities.length === 0 || opportunities.some((o) => o.status !== 'lost')) return undefined;
    // Already where a loss leads: not decisive, so sales feedback can still act.
    if (s.stage === config.lostOpportunity) return undefined;
    const latest = opportunities.reduce((a, b) => (closedAtMs(b) > closedAtMs(a) ? b : a));
    if (!(closedAtMs(latest) > Date.parse(s.since)) || stageRank(s.stage) < 0) return undefined;
    return { to: config.lostOpportunity, cause: 'opportunity_lost', detail: latest.id };
  },
];

/** Opportunistic rules: the first whose move is allowed wins; otherwise the next is tried. */
const OPPORTUNISTIC: readonly Rule[] = [
  (s, e) => (e.converted === true && !s.seen.converted ? { to: 'SQL', cause: 'conversion' } : undefined),
  (s, e, config) => {
    if (!salesStatusChanged(s, e) || e.salesStatus == null) return undefined;
    const to = config.salesFeedback[e.salesStatus];
    return to ? { to, cause: 'sales_feedback', detail: e.salesStatus } : undefined;
  },
  (s, e) => {
    const last = s.history.at(-1);
    if (s.stage !== 'DISQUALIFIED' || last?.cause !== 'disqualified') return undefined;
    return { to: e.score.mql ? 'MQL' : 'MIL', cause: 'requalified' };
  },
  (s, e) => (e.score.mql && s.stage === 'MIL' ? { to: 'MQL', cause: 'score' } : undefined),
  (s, e) =>
    e.score.mql && s.stage === 'RECYCLED' && engagedSince(e, s.since)
      ? { to: 'MQL', cause: 'score', detail: 're-engaged after recycling' }
      : undefined,
];

function chooseTarget(
  current: StageState,
  evidence: StageEvidence,
  config: StagesConfig,
): Target | undefined {
  for (const rule of DECISIVE) {
    const target = rule(current, evidence, config);
    if (target === undefined) continue;
    const manual = target.cause === 'override' && target.to !== current.stage;
    return manual || canMove(current.stage, target.to) ? target : undefined;
  }
  for (const rule of OPPORTUNISTIC) {
    const target = rule(current, evidence, config);
    if (target !== undefined && canMove(current.stage, target.to)) return target;
  }
  return undefined;
}

function checkSla(
  state: StageState,
  evidence: StageEvidence,
  chosen: ChosenSla | undefined,
  now: Date,
): SlaBreach | undefined {
  if (state.stage !== 'MQL' || chosen === undefined) return undefined;
  if (state.slaBreaches.some((b) => b.mqlAt === state.since)) return undefined;
  const status = slaStatus(new Date(state.since), null, chosen.sla, now);
  if (status.status !== 'breached') return undefined;
  return {
    mqlAt: state.since,
    dueAt: status.dueAt.toISOString(),
    detectedAt: now.toISOString(),
    reassignedTo: pickActiveOwner(chosen.sla.reassignTo, evidence.reassignCounter ?? 0, evidence.owners),
  };
}

/** A rejection by sales carries its reason and the rejecting owner when a reason field is configured. */
function withRejection(
  transition: StageTransition,
  evidence: StageEvidence,
  config: StagesConfig,
): StageTransition {
  if (config.rejectionReasonField === undefined) return transition;
  if (transition.cause !== 'sales_feedback' || transition.to !== 'RECYCLED') return transition;
  const reason = evidence.rejectionReason?.trim() ? evidence.rejectionReason.trim() : null;
  return { ...transition, rejection: { reason, owner: evidence.owner ?? null } };
}

export function nextStage(
  current: StageState,
  evidence: StageEvidence,
  config: StagesConfig,
  now: Date,
): StageDecision {
  const target = chooseTarget(current, evidence, config);
  let state: StageState = {
    ...current,
    seen: {
      salesStatus: evidence.salesStatus === undefined ? current.seen.salesStatus : evidence.salesStatus,
      converted: current.seen.converted || evidence.converted === true,
    },
  };
  let transition: StageTransition | undefined;
  if (target !== undefined) {
    const at = now.toISOString();
    transition = { from: current.stage, to: target.to, at, cause: target.cause };
    if (target.detail !== undefined) transition = { ...transition, detail: target.detail };
    transition = withRejection(transition, evidence, config);
    state = {
      ...state,
      stage: target.to,
      since: at,
      history: [...current.history, transition],
      recycleCount: current.recycleCount + (target.to === 'RECYCLED' ? 1 : 0),
      mqlCount: current.mqlCount + (target.to === 'MQL' ? 1 : 0),
    };
  }
  const chosen = chooseSla(config, evidence.slaFacts);
  const slaBreach = checkSla(state, evidence, chosen, now);
  if (slaBreach !== undefined) state = { ...state, slaBreaches: [...state.slaBreaches, slaBreach] };
  const slaAction = nextSlaAction(
    { state, chosen, owner: evidence.owner ?? null, owners: evidence.owners, breach: slaBreach },
    now,
  );
  if (slaAction !== undefined) state = { ...state, slaActions: [...(state.slaActions ?? []), slaAction] };
  return {
    state,
    ...(transition === undefined ? {} : { transition }),
    ...(slaBreach === undefined ? {} : { slaBreach }),
    ...(slaAction === undefined ? {} : { slaAction }),
  };
}
