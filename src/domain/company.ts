/**
 * One company record as a connector read it: a HubSpot company or a Salesforce Account. `fields` are keyed
 * by the CRM's own API names, as for people; src/accounts/company-fields.ts names the few the account
 * model reads.
 */
import { z } from 'zod';
import { CrmName, IsoTime } from './crm.ts';
import { FieldValue } from './person.ts';

export const CompanyRecord = z.strictObject({
  crm: CrmName,
  id: z.string().min(1),
  fields: z.record(z.string(), FieldValue),
  modifiedAt: IsoTime,
});
export type CompanyRecord = z.infer<typeof CompanyRecord>;
