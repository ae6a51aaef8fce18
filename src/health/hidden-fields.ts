/**
 * Mapped Salesforce fields that exist but field-level security hides from the integration user, as
 * status reports them. Each run that found one records `hiddenField.salesforce.<object>.<field>` (1 per
 * run), so status, the console and metrics read it from the state store without calling the CRM. Only
 * the newest finished run counts: every run checks again, so a granted field drops out at once. Pure.
 */
import type { PersonObject } from '../domain/crm.ts';
import { hiddenFieldMessage, sfFieldKey } from '../mapping/absent-fields.ts';

export interface HiddenField {
  readonly object: PersonObject;
  readonly field: string;
}

const PREFIX = 'hiddenField.salesforce.';

/** The run counter naming one hidden field. */
export const hiddenFieldCounter = (f: HiddenField): `hiddenField.salesforce.${string}` =>
  `hiddenField.salesforce.${f.object}.${f.field}`;

export function hiddenFieldsFromStats(stats: Readonly<Record<string, unknown>>): HiddenField[] {
  const out: HiddenField[] = [];
  for (const [key, value] of Object.entries(stats)) {
    if (!key.startsWith(PREFIX) || typeof value !== 'number' || value <= 0) continue;
    const [object, ...field] = key.slice(PREFIX.length).split('.');
    if ((object !== 'lead' && object !== 'contact') || field.length === 0) continue;
    out.push({ object, field: field.join('.') });
  }
  return out.sort((a, b) => sfFieldKey(a).localeCompare(sfFieldKey(b)));
}

/** The hidden fields of the newest finished run (runs newest first). */
export function hiddenFieldsOfLastRun(
  runs: readonly { readonly status: string; readonly stats: Readonly<Record<string, unknown>> }[],
): HiddenField[] {
  const last = runs.find((r) => r.status === 'succeeded' || r.status === 'partial');
  return last ? hiddenFieldsFromStats(last.stats) : [];
}

export const formatHiddenField = (f: HiddenField): string => hiddenFieldMessage(sfFieldKey(f));
