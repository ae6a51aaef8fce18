/** The agreed stage definitions (`stages:`): sales feedback mapping and the SLA. */
import { z } from 'zod';

export const StageKey = z.enum(['MIL', 'MQL', 'SAL', 'SQL', 'WON', 'RECYCLED', 'DISQUALIFIED']);
export type StageKey = z.infer<typeof StageKey>;

export const SlaConfig = z.strictObject({
  acceptWithinHours: z.number().positive(),
  businessHours: z.union([
    z.boolean(),
    z.strictObject({
      timezone: z.string().default('UTC'),
      days: z.array(z.number().int().min(0).max(6)).default([1, 2, 3, 4, 5]),
      startHour: z.number().int().min(0).max(23).default(9),
      endHour: z.number().int().min(1).max(24).default(17),
    }),
  ]),
  /** Salesforce user or queue ids; an MQL past its SLA is reassigned round-robin across them, once. */
  reassignTo: z.array(z.string().min(1)).default([]),
});
export type SlaConfig = z.infer<typeof SlaConfig>;

export const StagesConfig = z.strictObject({
  /** Salesforce Lead Status value → stage. */
  salesFeedback: z.record(z.string(), StageKey).default({}),
  /** Stage when the person's only opportunities are lost. */
  lostOpportunity: z.enum(['RECYCLED', 'SQL']).default('RECYCLED'),
  sla: SlaConfig.optional(),
});
export type StagesConfig = z.infer<typeof StagesConfig>;
