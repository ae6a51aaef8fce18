/**
 * Salesforce fields a run skipped because the integration user cannot see them, as status reports them:
 * mapped fields and leadloop's own ones that field-level security hides, and fields the run could not
 * check. Each run that skipped one records a counter named after the reason, object and field
 * (`hiddenField.salesforce.lead.Budget__c`, 1 per run), and `heldBack.salesforce.lead.Budget__c` counts
 * the writes (one record's value each) the run would have sent it, planned as if it were visible, so
 * status, the console and metrics read both from the state store without calling the CRM. Only the newest
 * finished run counts: every run checks again, so a granted field drops out at once. Pure.
 */
import {
  hiddenFieldMessage,
  sfFieldKey,
  type SkippedField,
  type SkipReason,
} from '../mapping/absent-fields.ts';

export interface HiddenField extends SkippedField {
  /** Writes (values for one record each) to this field the run planned and held back. */
  readonly heldBack: number;
}

const PREFIX = {
  mapped: 'hiddenField.salesforce.',
  own: 'hiddenOwnField.salesforce.',
  unverified: 'unverifiedField.salesforce.',
} as const satisfies Record<SkipReason, string>;

export type HiddenFieldCounter = `${(typeof PREFIX)[SkipReason]}${string}`;

/** The run counter naming one skipped field. */
export const hiddenFieldCounter = (f: SkippedField): HiddenFieldCounter =>
  `${PREFIX[f.reason]}${f.object}.${f.field}`;

const REASONS = Object.keys(PREFIX) as SkipReason[];

export function hiddenFieldsFromStats(stats: Readonly<Record<string, unknown>>): HiddenField[] {
  const out: HiddenField[] = [];
  for (const [key, value] of Object.entries(stats)) {
    const reason = REASONS.find((r) => key.startsWith(PREFIX[r]));
    if (reason === undefined || typeof value !== 'number' || value <= 0) continue;
    const [object, ...field] = key.slice(PREFIX[reason].length).split('.');
    if ((object !== 'lead' && object !== 'contact') || field.length === 0) continue;
    const held = stats[`heldBack.salesforce.${object}.${field.join('.')}`];
    out.push({ object, field: field.join('.'), reason, heldBack: typeof held === 'number' ? held : 0 });
  }
  return out.sort((a, b) => sfFieldKey(a).localeCompare(sfFieldKey(b)));
}

/** The skipped fields of the newest finished run (runs newest first). */
export function hiddenFieldsOfLastRun(
  runs: readonly { readonly status: string; readonly stats: Readonly<Record<string, unknown>> }[],
): HiddenField[] {
  const last = runs.find((r) => r.status === 'succeeded' || r.status === 'partial');
  return last ? hiddenFieldsFromStats(last.stats) : [];
}

export const formatHiddenField = (f: HiddenField): string =>
  `${hiddenFieldMessage(sfFieldKey(f), f.reason)} (the last run held back ${f.heldBack} ${f.heldBack === 1 ? 'write' : 'writes'} to it)`;

/** One skipped field as `leadloop status` prints it. */
export const hiddenFieldLine = (f: HiddenField): string => `config error: ${formatHiddenField(f)}`;

/** One skipped field as `leadloop status --json` carries it (`hiddenFields[]`). */
export const hiddenFieldJson = (f: HiddenField): HiddenField & { readonly message: string } => ({
  ...f,
  message: formatHiddenField(f),
});
