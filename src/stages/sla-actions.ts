/**
 * SLA enforcement, decided without I/O: which SLA applies to a person (the first matching rule, else
 * `stages.sla`), and which step an unaccepted MQL is due for now — a reminder Task at `remindAtPercent`
 * of the window, the re-route at the first breach, the escalation when the re-routed owner lets a whole
 * window pass too. Each step is taken at most once per MQL episode (the state records it), so a run
 * repeated at the same moment takes none.
 */
import type { SlaConfig, SlaRule, StagesConfig } from './schema.ts';
import { slaDueAt } from './sla.ts';
import type { SlaAction, SlaBreach, StageState } from './stage-state.ts';

/** A Salesforce user as the SLA sees it; ids not in the directory (queues) count as active. */
export interface OwnerInfo {
  readonly active: boolean;
  readonly managerId: string | null;
}
export type OwnerDirectory = ReadonlyMap<string, OwnerInfo>;

/** What an SLA rule can test: the person's cell and canonical mapped-field values. */
export interface SlaFacts {
  readonly cell: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

export interface ChosenSla {
  /** The rule's name; `default` for `stages.sla`. */
  readonly name: string;
  readonly sla: SlaConfig;
}

const norm = (v: unknown): string => (typeof v === 'string' ? v.trim().toLowerCase() : String(v));

function matches(rule: SlaRule, facts: SlaFacts): boolean {
  const { cells, fields } = rule.when;
  if (cells !== undefined && !cells.includes(facts.cell)) return false;
  for (const c of fields ?? []) {
    const value = facts.fields[c.field];
    if (value === null || value === undefined || !c.in.some((v) => norm(v) === norm(value))) return false;
  }
  return true;
}

export function chooseSla(config: StagesConfig, facts: SlaFacts | undefined): ChosenSla | undefined {
  if (facts !== undefined)
    for (const rule of config.slaRules ?? [])
      if (matches(rule, facts)) return { name: rule.name, sla: rule.sla };
  return config.sla === undefined ? undefined : { name: 'default', sla: config.sla };
}

/** The SLA a recorded step named (`default`: `stages.sla`); undefined once the config dropped it. */
export function chooseSlaByName(config: StagesConfig, name: string): SlaConfig | undefined {
  if (name === 'default') return config.sla;
  return config.slaRules?.find((r) => r.name === name)?.sla;
}

/**
 * The owner for the `counter`-th re-route, round-robin, passing over users the directory knows as
 * inactive (a leaver still listed): null when the list is empty or everyone on it is inactive.
 */
export function pickActiveOwner(
  list: readonly string[],
  counter: number,
  owners: OwnerDirectory | undefined,
): string | null {
  const n = list.length;
  const start = ((Math.trunc(counter) % n) + n) % n;
  for (let k = 0; k < n; k++) {
    const id = list[(start + k) % n];
    if (id !== undefined && owners?.get(id)?.active !== false) return id;
  }
  return null;
}

/** `from` plus `percent` of the SLA's window, counted the way the SLA counts (business or plain hours). */
function dueAfter(from: Date, sla: SlaConfig, percent = 100): Date {
  return slaDueAt(from, { ...sla, acceptWithinHours: (sla.acceptWithinHours * percent) / 100 });
}

export interface SlaStepInput {
  /** The state after this run's stage step (its breach, if any, already recorded). */
  readonly state: StageState;
  readonly chosen: ChosenSla | undefined;
  /** The Lead's owner now; null without a Lead or an owner. */
  readonly owner: string | null;
  readonly owners: OwnerDirectory | undefined;
  /** The breach this step found, if any: its re-route is recorded as this step's action. */
  readonly breach: SlaBreach | undefined;
}

/** The one SLA step due now for the current MQL episode, or undefined. */
export function nextSlaAction(input: SlaStepInput, now: Date): SlaAction | undefined {
  const { state, chosen, breach } = input;
  if (state.stage !== 'MQL' || chosen === undefined) return undefined;
  const mqlAt = state.since;
  const done = (state.slaActions ?? []).filter((a) => a.mqlAt === mqlAt);
  const has = (kind: SlaAction['kind']): boolean => done.some((a) => a.kind === kind);
  const action = (kind: SlaAction['kind'], dueAt: Date, owner: string | null): SlaAction => ({
    mqlAt,
    kind,
    dueAt: dueAt.toISOString(),
    at: now.toISOString(),
    sla: chosen.name,
    owner,
  });
  if (breach !== undefined && breach.mqlAt === mqlAt)
    return action('reroute', new Date(breach.dueAt), breach.reassignedTo);

  const episodeBreach = state.slaBreaches.find((b) => b.mqlAt === mqlAt);
  const { sla } = chosen;
  if (episodeBreach !== undefined) {
    // The second window runs from the moment the Lead was re-routed.
    if (sla.escalate === undefined || has('escalate')) return undefined;
    const reroutedAt = done.find((a) => a.kind === 'reroute')?.at ?? episodeBreach.detectedAt;
    const dueAt = dueAfter(new Date(reroutedAt), sla);
    if (now.getTime() <= dueAt.getTime()) return undefined;
    const to =
      sla.escalate.to === 'manager'
        ? (input.owners?.get(input.owner ?? '')?.managerId ?? null)
        : sla.escalate.to;
    return action('escalate', dueAt, to);
  }
  if (sla.remindAtPercent === undefined || has('remind')) return undefined;
  const remindAt = dueAfter(new Date(mqlAt), sla, sla.remindAtPercent);
  if (now.getTime() < remindAt.getTime()) return undefined;
  return {
    ...action('remind', remindAt, input.owner),
    deadline: dueAfter(new Date(mqlAt), sla).toISOString(),
  };
}

/**
 * Whether an SLA step could be due for this state now under any configured SLA (rules test fields the
 * state does not hold, so every candidate is tried): an MQL not yet breached past its due time, or one
 * whose reminder or escalation has come. A yes only asks for the person to be planned; the plan decides.
 */
export function slaStepMayBeDue(state: StageState | null, config: StagesConfig, now: Date): boolean {
  if (state?.stage !== 'MQL') return false;
  const candidates: ChosenSla[] = [
    ...(config.slaRules ?? []).map((r) => ({ name: r.name, sla: r.sla })),
    ...(config.sla === undefined ? [] : [{ name: 'default', sla: config.sla }]),
  ];
  const breached = state.slaBreaches.some((b) => b.mqlAt === state.since);
  return candidates.some(
    (chosen) =>
      (!breached && now.getTime() > slaDueAt(new Date(state.since), chosen.sla).getTime()) ||
      nextSlaAction({ state, chosen, owner: null, owners: undefined, breach: undefined }, now) !== undefined,
  );
}

/** Only the enforcement keys make runs look for due steps; a plain SLA is checked when people change. */
export function enforcesSla(config: StagesConfig): boolean {
  const slas = [config.sla, ...(config.slaRules ?? []).map((r) => r.sla)];
  return (
    (config.slaRules?.length ?? 0) > 0 ||
    slas.some(
      (s) => s?.remindAtPercent !== undefined || s?.escalate !== undefined || s?.notifyUrl !== undefined,
    )
  );
}
