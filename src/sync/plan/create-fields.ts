/** What every hand-off create starts from: leadloop's own fields, and mapped values converted or left out. */
import type { CrmName } from '../../domain/crm.ts';
import type { FieldValue } from '../../domain/person.ts';
import { MappingValueError } from '../../mapping/mapping-value-error.ts';
import { OWN_FIELD_KEYS, ownFieldName } from '../../mapping/own-fields.ts';
import type { Converted } from '../../mapping/transform.ts';
import type { CreateContext } from '../plan-creates.ts';
import { modelFieldsOf } from './model-field-writes.ts';

export function ownFieldsFor(crm: CrmName, ctx: CreateContext): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {};
  for (const key of OWN_FIELD_KEYS) {
    const value = ctx.own[key];
    if (value !== undefined && value !== null) out[ownFieldName(crm, key, ctx.config.fields.prefix)] = value;
  }
  return { ...out, ...modelFieldsOf(crm, ctx.models ?? [], ctx.config.fields.prefix) };
}

/** A value that cannot convert is left out of the create (the mapping check reports such fields). */
export function convert(run: () => Converted): FieldValue {
  try {
    return run().value;
  } catch (err) {
    if (err instanceof MappingValueError) return null;
    throw err;
  }
}
