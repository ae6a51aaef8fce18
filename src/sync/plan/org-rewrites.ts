/**
 * Automation-aware diffing: a CRM that rewrites a value as it saves it (a record-triggered flow normalising
 * `Title`, a workflow stamping a field) must not turn a mapping into a write loop. leadloop writes its value
 * once more, in case a person overwrote it, and when the org rewrites it the same way again, accepts the
 * org's value until leadloop's own value changes.
 *
 * | the record holds                                   | outcome                                          |
 * |----------------------------------------------------|--------------------------------------------------|
 * | what the org made of leadloop's unchanged value     | accepted: no write, reported as rewritten        |
 * | another value, though the last sync left leadloop's | written once more, remembered as a rewrite       |
 * | another value otherwise (first sync, a new value)  | written                                          |
 *
 * Whether the last sync left leadloop's value is the person's two-way baseline (`synced`), which only mapped
 * fields have; leadloop's own fields are written as planned. Pure.
 */
import type { FieldValue } from '../../domain/person.ts';
import { sameValue } from '../../mapping/values.ts';
import type { OrgRewrite } from '../person-state.ts';
import type { PlannedWrite } from './planned-write.ts';

export interface RewriteDecision {
  readonly writes: PlannedWrite[];
  /** Rewrites accepted this time: the org's value stays, nothing is written. */
  readonly accepted: OrgRewrite[];
  /** What the person's state keeps: the accepted rewrites and those written once more. */
  readonly remembered: OrgRewrite[];
}

const sameField = (a: OrgRewrite, w: PlannedWrite): boolean =>
  a.crm === w.crm && a.object === w.object && a.id === w.id && a.field === w.field;

const rewriteOf = (w: PlannedWrite): OrgRewrite => ({
  crm: w.crm,
  object: w.object,
  id: w.id,
  field: w.field,
  wrote: w.to,
  held: w.from,
});

/**
 * `baseline` answers the value a write's field held after the last sync (`undefined`: never synced);
 * `previous` is the person's remembered rewrites.
 */
export function settleOrgRewrites(
  candidates: readonly PlannedWrite[],
  baseline: (w: PlannedWrite) => FieldValue | undefined,
  previous: readonly OrgRewrite[],
): RewriteDecision {
  const decision: RewriteDecision = { writes: [], accepted: [], remembered: [] };
  for (const w of candidates) {
    const known = previous.find((r) => sameField(r, w));
    if (known && sameValue(known.wrote, w.to) && sameValue(known.held, w.from)) {
      decision.accepted.push(known);
      decision.remembered.push(known);
      continue;
    }
    decision.writes.push(w);
    const synced = baseline(w);
    if (synced !== undefined && sameValue(synced, w.to)) decision.remembered.push(rewriteOf(w));
  }
  return decision;
}
