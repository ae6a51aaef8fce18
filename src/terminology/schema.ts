/** The organisation's glossary (`terminology:`): the labels both CRMs should show. */
import { z } from 'zod';
import { ACCOUNT_FIELD_KEYS } from '../accounts/account-fields.ts';
import { OWN_FIELD_KEYS } from '../mapping/own-fields.ts';
import { StageKey } from '../stages/schema.ts';

const labels = z.record(z.string(), z.string().min(1));

export const TerminologyConfig = z.strictObject({
  /** Re-apply the glossary automatically when a scheduled run finds drift. */
  enforce: z.boolean().default(false),
  /** Labels for leadloop's stage keys, e.g. MQL: "Sales-Ready Lead". */
  stages: z.partialRecord(StageKey, z.string().min(1)).default({}),
  /**
   * Labels for leadloop's own fields by key (score, profileScore, grade, level, cell, stage, ...; the
   * account fields accountScore, accountCell, ..., personAccountCell).
   */
  fields: z.partialRecord(z.enum([...OWN_FIELD_KEYS, ...ACCOUNT_FIELD_KEYS]), z.string().min(1)).default({}),
  /** Labels of other fields, per CRM and object API name: { hubspot: { contacts: { jobtitle: "Job Title" } } }. */
  mappedFields: z
    .strictObject({
      hubspot: z.record(z.string(), labels).default({}),
      salesforce: z.record(z.string(), labels).default({}),
    })
    .default({ hubspot: {}, salesforce: {} }),
  /** Picklist option labels, per CRM, object and field: option API value → label. */
  picklists: z
    .strictObject({
      hubspot: z.record(z.string(), z.record(z.string(), labels)).default({}),
      salesforce: z.record(z.string(), z.record(z.string(), labels)).default({}),
    })
    .default({ hubspot: {}, salesforce: {} }),
});
export type TerminologyConfig = z.infer<typeof TerminologyConfig>;
