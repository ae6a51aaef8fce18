/**
 * The sync rule of one mapping for one linked person: which value each CRM should hold.
 *
 * "Changed" means the current value differs from the last-synced snapshot value of the same record. A value
 * leadloop wrote itself is in the snapshot, so its echo is never a change: two-way sync cannot ping-pong.
 * A field with no snapshot value on either side is on its first sync. Times are the field's own change
 * time when the CRM reports one, else the record's modification stamp; on a tie Salesforce wins.
 *
 * | rule                      | outcome                                                                    |
 * |---------------------------|----------------------------------------------------------------------------|
 * | two-way                   | the side that changed wins; both changed: the later change wins (conflict) |
 * |                           | neither changed: nothing, even if they differ                              |
 * |                           | first sync: a blank side takes the other's value; two different values:    |
 * |                           | the more recently modified record wins (conflict)                          |
 * | prefer-X-unless-blank     | X non-blank: X's value wins; X blank and cleared since the last sync: the  |
 * |                           | other side is cleared too; X blank otherwise: X takes the other's value    |
 * | always-X                  | X's value always wins, blank included; X is never written                  |
 * | dont-sync                 | nothing                                                                    |
 *
 * This follows HubSpot's own Salesforce connector (knowledge.hubspot.com/salesforce/map-hubspot-properties-
 * to-salesforce-fields): "prefer Salesforce unless blank" passes a HubSpot value to Salesforce only when
 * Salesforce has none, and a value deleted in Salesforce is deleted in HubSpot. `direction` then drops the
 * writes it does not allow (`to-hubspot` never writes Salesforce). Only sides that need a change appear.
 */
import type { CrmName, IsoTime } from '../domain/crm.ts';
import type { FieldValue } from '../domain/person.ts';
import { MappingValueError } from './mapping-value-error.ts';
import type { Direction, SyncRule, Transform } from './schema.ts';
import { type TargetField, type TruncationWarning, toHubSpot, toSalesforce } from './transform.ts';
import { isBlank, sameValue } from './values.ts';

export interface SideState {
  /** The value the CRM holds now. */
  readonly value: FieldValue;
  /** The value in the last-synced snapshot; `undefined` when there is none (first sync). */
  readonly synced?: FieldValue | undefined;
  /** When this field last changed, when the CRM reports it. */
  readonly changedAt?: IsoTime | null | undefined;
  /** The record's modification stamp: the fallback for `changedAt`. */
  readonly modifiedAt: IsoTime;
}

export interface RuleMapping {
  /** `hubspot → Salesforce` names, for messages. */
  readonly field: string;
  readonly rule: SyncRule;
  readonly direction: Direction;
  readonly transform?: Transform | undefined;
  readonly targets?: {
    readonly hubspot?: TargetField | undefined;
    readonly salesforce?: TargetField | undefined;
  };
}

export type ReasonCode =
  | 'hubspot-changed'
  | 'salesforce-changed'
  | 'both-changed'
  | 'first-sync'
  | 'preferred-value'
  | 'fill-blank'
  | 'preferred-cleared'
  | 'always';
/** Why a value is written, e.g. `two-way:salesforce-changed`; quoted in dry runs and the audit log. */
export type SyncReason = `${SyncRule}:${ReasonCode}`;

export interface SideChange {
  readonly value: FieldValue;
  readonly reason: SyncReason;
}

export interface SyncConflict {
  /** Both sides changed since the last sync, or the first sync met two different values. */
  readonly kind: 'both-changed' | 'first-sync';
  readonly hubspot: FieldValue;
  readonly salesforce: FieldValue;
  readonly winner: CrmName;
}

export interface SyncDecision {
  /** The side whose value holds under the rule (absent: the rule leaves both sides as they are). */
  readonly source?: CrmName;
  readonly hubspot?: SideChange;
  readonly salesforce?: SideChange;
  readonly conflict?: SyncConflict;
  readonly warnings?: readonly TruncationWarning[];
  /** The winning value cannot be converted for the other CRM: nothing is written for this field. */
  readonly error?: MappingValueError;
}

interface Outcome {
  /** The side whose value should hold on both (null: both blank, or nothing to propagate). */
  readonly source: CrmName | null;
  readonly code: ReasonCode;
  /** Clear the other side instead of copying (prefer-X after X was cleared). */
  readonly clear?: boolean;
  readonly conflict?: SyncConflict['kind'];
}

const other = (side: CrmName): CrmName => (side === 'hubspot' ? 'salesforce' : 'hubspot');
const changed = (s: SideState): boolean => s.synced !== undefined && !sameValue(s.value, s.synced);
const when = (s: SideState): number => Date.parse(s.changedAt ?? s.modifiedAt);
const later = (hs: SideState, sf: SideState): CrmName => (when(hs) > when(sf) ? 'hubspot' : 'salesforce');

function twoWay(hs: SideState, sf: SideState): Outcome | null {
  if (hs.synced === undefined || sf.synced === undefined) {
    if (isBlank(hs.value) !== isBlank(sf.value))
      return { source: isBlank(hs.value) ? 'salesforce' : 'hubspot', code: 'first-sync' };
    return { source: later(hs, sf), code: 'first-sync', conflict: 'first-sync' };
  }
  const hsChanged = changed(hs);
  const sfChanged = changed(sf);
  if (hsChanged && sfChanged)
    return { source: later(hs, sf), code: 'both-changed', conflict: 'both-changed' };
  if (hsChanged) return { source: 'hubspot', code: 'hubspot-changed' };
  if (sfChanged) return { source: 'salesforce', code: 'salesforce-changed' };
  return null;
}

function preferUnlessBlank(preferred: CrmName, state: Record<CrmName, SideState>): Outcome | null {
  const x = state[preferred];
  if (!isBlank(x.value)) return { source: preferred, code: 'preferred-value' };
  if (x.synced !== undefined && !isBlank(x.synced))
    return { source: preferred, code: 'preferred-cleared', clear: true };
  return { source: other(preferred), code: 'fill-blank' };
}

function outcomeOf(rule: SyncRule, hs: SideState, sf: SideState): Outcome | null {
  const state = { hubspot: hs, salesforce: sf };
  switch (rule) {
    case 'two-way':
      return twoWay(hs, sf);
    case 'prefer-hubspot-unless-blank':
      return preferUnlessBlank('hubspot', state);
    case 'prefer-salesforce-unless-blank':
      return preferUnlessBlank('salesforce', state);
    case 'always-hubspot':
      return { source: 'hubspot', code: 'always' };
    case 'always-salesforce':
      return { source: 'salesforce', code: 'always' };
    case 'dont-sync':
      return null;
  }
}

/** May `direction` write this side? */
export function writes(direction: Direction, side: CrmName): boolean {
  return (
    direction === 'both' || (side === 'hubspot' ? direction === 'to-hubspot' : direction === 'to-salesforce')
  );
}

/** Decide the value each side of one mapping should hold for one linked person (see the table above). */
export function decideSync(hs: SideState, sf: SideState, mapping: RuleMapping): SyncDecision {
  const outcome = outcomeOf(mapping.rule, hs, sf);
  if (outcome === null || outcome.source === null) return {};
  const source = outcome.source;
  const target = other(source);
  // A side the direction never writes is not converted either: no spurious conversion errors.
  if (!writes(mapping.direction, target)) return { source };
  const convert = target === 'salesforce' ? toSalesforce : toHubSpot;
  const sourceValue = outcome.clear ? null : (source === 'hubspot' ? hs : sf).value;
  let converted;
  try {
    converted = convert(sourceValue, {
      field: mapping.field,
      transform: mapping.transform,
      target: mapping.targets?.[target],
    });
  } catch (err) {
    if (err instanceof MappingValueError) return { source, error: err };
    throw err;
  }
  const current = (target === 'hubspot' ? hs : sf).value;
  if (sameValue(converted.value, current)) return { source };
  const decision: { -readonly [K in keyof SyncDecision]: SyncDecision[K] } = { source };
  decision[target] = { value: converted.value, reason: `${mapping.rule}:${outcome.code}` };
  if (outcome.conflict)
    decision.conflict = { kind: outcome.conflict, hubspot: hs.value, salesforce: sf.value, winner: source };
  if (converted.warning) decision.warnings = [converted.warning];
  return decision;
}
