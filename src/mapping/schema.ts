/** Admin-chosen custom field mappings (`fieldMappings:`). */
import { z } from 'zod';

export const SyncRule = z.enum([
  'two-way',
  'prefer-salesforce-unless-blank',
  'prefer-hubspot-unless-blank',
  'always-salesforce',
  'always-hubspot',
  'dont-sync',
]);
export type SyncRule = z.infer<typeof SyncRule>;

export const Direction = z.enum(['both', 'to-salesforce', 'to-hubspot']);
export type Direction = z.infer<typeof Direction>;

export const Transform = z.strictObject({
  /** HubSpot value → Salesforce value (reversed for the other direction). */
  valueMap: z.record(z.string(), z.string()).optional(),
  coerce: z.enum(['string', 'number', 'date', 'datetime', 'boolean']).optional(),
  /**
   * The HubSpot property is a picklist of number ranges ("1-5", "1000+"): numbers are written to HubSpot as
   * the range holding them. Scoring still reads the number when Salesforce's value is the one that holds.
   */
  ranges: z.boolean().optional(),
  /** Cut text to the target field's length (with a warning) instead of failing the write. */
  truncate: z.boolean().default(true),
});
export type Transform = z.infer<typeof Transform>;

export const FieldMapping = z.strictObject({
  /** HubSpot contact property (internal name). */
  hubspot: z.string().min(1),
  /** Salesforce field per object; Lead and Contact may differ. Omit one to not map it on that object. */
  salesforce: z
    .strictObject({ lead: z.string().min(1).optional(), contact: z.string().min(1).optional() })
    .refine(
      (sf) => sf.lead !== undefined || sf.contact !== undefined,
      'name the Salesforce field for lead, contact or both',
    ),
  direction: Direction.default('both'),
  rule: SyncRule.default('two-way'),
  transform: Transform.optional(),
});
export type FieldMapping = z.infer<typeof FieldMapping>;

/** A field mapped twice would be written twice per run with competing values. */
export const FieldMappings = z
  .array(FieldMapping)
  .superRefine((mappings, ctx) => {
    const seen = new Map<string, number>();
    mappings.forEach((m, i) => {
      const keys: [string, (string | number)[]][] = [[`hubspot:${m.hubspot}`, [i, 'hubspot']]];
      if (m.salesforce.lead !== undefined)
        keys.push([`lead:${m.salesforce.lead}`, [i, 'salesforce', 'lead']]);
      if (m.salesforce.contact !== undefined)
        keys.push([`contact:${m.salesforce.contact}`, [i, 'salesforce', 'contact']]);
      for (const [key, path] of keys) {
        const first = seen.get(key);
        if (first === undefined) seen.set(key, i);
        else
          ctx.addIssue({
            code: 'custom',
            path,
            message: `"${key.slice(key.indexOf(':') + 1)}" is already mapped by fieldMappings[${first}]`,
          });
      }
    });
  })
  .default([]);
