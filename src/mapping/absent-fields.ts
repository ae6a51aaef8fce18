/**
 * Mapped Salesforce fields the run's describe does not list. Either misspelt or hidden from the
 * integration user by field-level security; only the CRM can tell which, so the caller asks it for
 * these few (and only when there are any: a clean run makes no extra call).
 */
import type { PersonObject } from '../domain/crm.ts';
import type { FieldDescriptor } from '../domain/field.ts';
import type { FieldMapping } from './schema.ts';
import type { MappingDescribe } from './targets.ts';

export interface AbsentField {
  readonly object: PersonObject;
  readonly field: string;
}

/** `Lead.Budget__c`: how config errors and the fix name a Salesforce field. */
export const sfFieldKey = (ref: AbsentField): string =>
  `${ref.object === 'lead' ? 'Lead' : 'Contact'}.${ref.field}`;

/** Each mapped field of one Salesforce object that `fields` lacks, once, in config order. */
export function absentOnObject(
  mappings: readonly FieldMapping[],
  object: PersonObject,
  fields: readonly FieldDescriptor[],
): AbsentField[] {
  const names = new Set(fields.map((f) => f.name));
  const absent = mappings.flatMap((m) => m.salesforce[object] ?? []).filter((field) => !names.has(field));
  return [...new Set(absent)].map((field) => ({ object, field }));
}

/** Each absent mapped field once: Lead's in config order, then Contact's. */
export function absentSalesforceFields(
  mappings: readonly FieldMapping[],
  describe: MappingDescribe,
): AbsentField[] {
  return (['lead', 'contact'] as const).flatMap((o) => absentOnObject(mappings, o, describe.salesforce[o]));
}

/**
 * Why a field describe lacks is skipped for the run: `mapped` and `own` (a mapped field, or one of
 * leadloop's own) exist but are hidden by field-level security; `unverified` could not be checked (the
 * CRM refused the probe), so it may be misspelt or hidden.
 */
export type SkipReason = 'mapped' | 'own' | 'unverified';

/** A field the run skips, and why. */
export interface SkippedField extends AbsentField {
  readonly reason: SkipReason;
}

/** The config problem a skipped field is: names the object, the field and the fix. */
export function hiddenFieldMessage(key: string, reason: SkipReason = 'mapped'): string {
  switch (reason) {
    case 'mapped':
      return `Salesforce field ${key} exists but is hidden from the integration user (field-level security): grant read/edit on ${key} to the integration user's permission set (Setup > Permission Sets > Object Settings); until then this field is skipped`;
    case 'own':
      return `leadloop's own Salesforce field ${key} exists but is hidden from the integration user (field-level security): run \`leadloop labels apply\` (it grants leadloop's permission set read/edit on its fields) or grant read/edit on ${key} to the integration user; until then leadloop does not write it`;
    case 'unverified':
      return `Salesforce field ${key} does not exist, or is hidden and leadloop cannot tell (the integration user may not view setup): grant "View Setup and Configuration" to the integration user so leadloop can tell, then fix the mapping or grant read/edit on ${key}; until then this field is skipped`;
  }
}

/**
 * The mappings with each hidden field's object side dropped, same length and order (targets stay
 * aligned by index), so the rest of the run syncs and the held-back values go out once it is granted.
 */
export function withoutHidden(
  mappings: readonly FieldMapping[],
  hidden: ReadonlySet<string>,
): FieldMapping[] {
  if (hidden.size === 0) return [...mappings];
  return mappings.map((m) => {
    const keep = (object: PersonObject): string | undefined => {
      const field = m.salesforce[object];
      return field !== undefined && hidden.has(sfFieldKey({ object, field })) ? undefined : field;
    };
    const lead = keep('lead');
    const contact = keep('contact');
    return {
      ...m,
      salesforce: {
        ...(lead === undefined ? {} : { lead }),
        ...(contact === undefined ? {} : { contact }),
      },
    };
  });
}
