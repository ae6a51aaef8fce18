/** HubSpot's own `lifecyclestage`, set from leadloop's stage through `fields.hubspotLifecycleStage`. */
import type { FieldValue } from '../../domain/person.ts';
import { sameValue } from '../../mapping/values.ts';
import type { StageKey } from '../../stages/schema.ts';
import type { RecordSnapshot } from '../../state/types.ts';
import { HUBSPOT_LIFECYCLE_ORDER, WELL_KNOWN } from '../crm-fields.ts';
import type { PlannedWrite } from './planned-write.ts';

export type LifecycleChange =
  | { readonly kind: 'none' }
  | { readonly kind: 'write'; readonly write: PlannedWrite }
  /** HubSpot refuses a backward move: reported, never written, so a run neither fails nor retries it. */
  | { readonly kind: 'blocked'; readonly message: string };

const rank = (v: FieldValue): number =>
  HUBSPOT_LIFECYCLE_ORDER.indexOf(String(v) as (typeof HUBSPOT_LIFECYCLE_ORDER)[number]);

/** A stage outside HubSpot's standard order (a custom one) on either side cannot be ranked: it is written. */
export function lifecycleStageChange(
  hubspot: RecordSnapshot | undefined,
  stage: StageKey,
  map: Readonly<Record<string, string>> | undefined,
  reason: string,
): LifecycleChange {
  const target = map?.[stage];
  if (!hubspot || !target) return { kind: 'none' };
  const field = WELL_KNOWN.lifecycleStage.field;
  const from = hubspot.fields[field] ?? null;
  if (sameValue(from, target)) return { kind: 'none' };
  if (from !== null && rank(target) !== -1 && rank(from) > rank(target))
    return {
      kind: 'blocked',
      message: `lifecyclestage ${String(from)} → ${target}: HubSpot only moves it forward`,
    };
  return {
    kind: 'write',
    write: { crm: 'hubspot', object: 'contact', id: hubspot.id, field, from, to: target, reason },
  };
}
