/** Which field holds a record's email: HubSpot `email`, and on Salesforce whatever the email mapping names. */
import type { PersonRecord } from '../domain/person.ts';
import type { FieldMapping } from '../mapping/schema.ts';

const HUBSPOT_EMAIL = 'email';
const SALESFORCE_EMAIL = 'Email';

/** The record's raw email value (not normalised), or null. */
export function emailOfRecord(record: PersonRecord, mappings: readonly FieldMapping[] = []): string | null {
  let field = HUBSPOT_EMAIL;
  if (record.crm === 'salesforce') {
    const mapped = mappings.find((m) => m.hubspot === HUBSPOT_EMAIL)?.salesforce[record.object];
    field = mapped ?? SALESFORCE_EMAIL;
  }
  const value = record.fields[field];
  return typeof value === 'string' ? value : null;
}
