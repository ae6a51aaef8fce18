/** A mapped value that cannot be converted for the other CRM: one record's problem, never the batch's. */
import type { CrmName } from '../domain/crm.ts';
import type { FieldValue } from '../domain/person.ts';
import { LeadloopError } from '../lib/errors.ts';

export const MAPPING_VALUE_REASONS = [
  'not-a-number',
  'not-a-boolean',
  'not-a-date',
  'not-a-datetime',
  'too-long',
  'not-text',
  'no-range',
] as const;
export type MappingValueReason = (typeof MAPPING_VALUE_REASONS)[number];

const REASON_TEXT: Record<MappingValueReason, string> = {
  'not-a-number': 'not a number',
  'not-a-boolean': 'not a boolean (expected true/false, yes/no or 1/0)',
  'not-a-date': 'not a date (expected epoch milliseconds or YYYY-MM-DD)',
  'not-a-datetime': 'not a date-time (expected epoch milliseconds or ISO-8601)',
  'too-long': 'longer than the target field and transform.truncate is false',
  'not-text': 'a number or boolean cannot go into a picklist value map',
  'no-range': 'no option of the range picklist holds this number',
};

export class MappingValueError extends LeadloopError {
  /** `hubspotProperty → SalesforceField` (or the reverse), as the config names them. */
  readonly field: string;
  readonly value: FieldValue;
  readonly reason: MappingValueReason;
  /** The CRM the value was being converted for. */
  readonly target: CrmName;

  constructor(field: string, value: FieldValue, reason: MappingValueReason, target: CrmName) {
    super(
      'MAPPING_VALUE_INVALID',
      `cannot convert ${JSON.stringify(value)} for ${field}: ${REASON_TEXT[reason]}`,
      {
        field,
        reason,
        target,
      },
    );
    this.field = field;
    this.value = value;
    this.reason = reason;
    this.target = target;
  }
}
