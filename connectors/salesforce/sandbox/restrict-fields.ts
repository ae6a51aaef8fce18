/**
 * `restrictedFields`: custom fields a dataset brings that the org's admin has since taken away from the
 * integration user's profile. Such a field behaves like a Tooling-created one before its grant (absent
 * from describe, `INVALID_FIELD` in SOQL, refused on write) until a permission set assigned to the user
 * grants it (`store/field-access.ts`). Only custom fields: the sandbox keeps standard fields visible.
 * https://help.salesforce.com/s/articleView?id=sf.users_fields_fls.htm
 */
import { LeadloopError } from '../../../src/lib/errors.ts';
import { applyFieldAccess } from './store/field-access.ts';
import type { SalesforceStore } from './store/salesforce-store.ts';

/** Hides each `Object.Field__c` from the integration user; an unknown or standard name is an error. */
export function restrictFields(store: SalesforceStore, names: readonly string[]): void {
  for (const name of names) {
    const [object, field, ...rest] = name.split('.');
    const entry = [...store.customFields.values()].find(
      (c) =>
        c.table.toLowerCase() === object?.toLowerCase() &&
        c.field.name.toLowerCase() === field?.toLowerCase(),
    );
    if (!entry || rest.length > 0) {
      throw new LeadloopError(
        'SANDBOX_RESTRICTED_FIELD',
        `restrictedFields: ${JSON.stringify(name)} is not a custom field the dataset brings (write Object.Field__c)`,
        { name },
      );
    }
    entry.openToAll = false;
  }
  if (names.length > 0) applyFieldAccess(store);
}
