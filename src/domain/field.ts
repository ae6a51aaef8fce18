import { z } from 'zod';
import { CrmName } from './crm.ts';
import { LengthUnit } from './text-length.ts';

/** Neutral field types: enough to type-check a mapping and to provision leadloop's own fields. */
export const FieldType = z.enum([
  'string',
  'textarea',
  'number',
  'boolean',
  'date',
  'datetime',
  'picklist',
  'multipicklist',
  'id',
  'reference',
  'email',
  'phone',
  'url',
]);
export type FieldType = z.infer<typeof FieldType>;

export const PicklistOption = z.strictObject({
  value: z.string(),
  label: z.string(),
  active: z.boolean().default(true),
});
export type PicklistOption = z.infer<typeof PicklistOption>;

/** What `describe()` reports for one field: the ground truth for mapping checks and label alignment. */
export const FieldDescriptor = z.strictObject({
  crm: CrmName,
  /** CRM object API name as the CRM spells it (`contacts`, `Lead`, `Contact`). */
  object: z.string(),
  name: z.string(),
  label: z.string(),
  type: FieldType,
  /** Max length for text types, where the CRM has one. */
  length: z.number().int().nullable(),
  /** The unit `length` counts in, as the connector that describes the field says; absent: code points. */
  lengthUnit: LengthUnit.optional(),
  options: z.array(PicklistOption),
  /**
   * Picklists: true when the CRM rejects values outside `options` (HubSpot enumerations always; Salesforce
   * `restrictedPicklist`). Absent means restricted, the safe reading for mapping checks.
   */
  restricted: z.boolean().optional(),
  writable: z.boolean(),
  custom: z.boolean(),
  /** True when the API can rename the label (custom fields; HubSpot non-HubSpot-defined properties). */
  labelEditable: z.boolean(),
  /**
   * Picklists: true when option labels can be renamed through the API even where the field label cannot
   * (Salesforce standard value sets such as Lead Status). Absent: the same as `labelEditable`.
   */
  optionLabelsEditable: z.boolean().optional(),
  description: z.string().nullish(),
  group: z.string().nullish(),
});
export type FieldDescriptor = z.infer<typeof FieldDescriptor>;

/** A label change to apply: the field label, or the label of one picklist option (value kept). */
export const LabelChange = z.strictObject({
  object: z.string(),
  field: z.string(),
  /** When set, the change is to this picklist option's label; its API value never changes. */
  optionValue: z.string().optional(),
  from: z.string(),
  to: z.string(),
});
export type LabelChange = z.infer<typeof LabelChange>;

/** A field leadloop provisions (its own score, grade, stage... fields). */
export const FieldSpec = z.strictObject({
  object: z.string(),
  name: z.string(),
  label: z.string(),
  type: FieldType,
  length: z.number().int().optional(),
  options: z.array(PicklistOption).optional(),
  description: z.string().optional(),
  group: z.string().optional(),
  /** A unique external id (Salesforce External ID + Unique; HubSpot unique value): creates upsert on it. */
  externalId: z.boolean().optional(),
});
export type FieldSpec = z.infer<typeof FieldSpec>;
