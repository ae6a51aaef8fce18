/** The agreed stage definitions (`stages:`): sales feedback mapping, lost deals and the SLA. */
import { z } from 'zod';

export const StageKey = z.enum(['MIL', 'MQL', 'SAL', 'SQL', 'WON', 'RECYCLED', 'DISQUALIFIED']);
export type StageKey = z.infer<typeof StageKey>;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const BusinessHours = z
  .strictObject({
    /** IANA zone the hours are counted in (e.g. Europe/Berlin). */
    timezone: z.string().refine(isTimeZone, 'not a known IANA time zone').default('UTC'),
    /** Working days, 0 = Sunday ... 6 = Saturday. */
    days: z.array(z.number().int().min(0).max(6)).min(1).default([1, 2, 3, 4, 5]),
    startHour: z.number().int().min(0).max(23).default(9),
    endHour: z.number().int().min(1).max(24).default(17),
  })
  .refine((b) => b.endHour > b.startHour, { message: 'endHour must be after startHour', path: ['endHour'] });
export type BusinessHours = z.infer<typeof BusinessHours>;

export const SlaConfig = z.strictObject({
  /** An MQL must leave MQL (accepted, or passed back) within this many hours... */
  acceptWithinHours: z.number().positive(),
  /** ...counted in business hours (`true`: Monday-Friday 9-17 UTC; or the hours spelled out), or plain hours. */
  businessHours: z.union([z.boolean(), BusinessHours]),
  /** Salesforce user or queue ids; an MQL past its SLA is reassigned round-robin across them, once. */
  reassignTo: z.array(z.string().min(1)).default([]),
});
export type SlaConfig = z.infer<typeof SlaConfig>;

export const StagesConfig = z.strictObject({
  /** Salesforce Lead Status value → stage (accepted → SAL, rejected → RECYCLED, converted → SQL). */
  salesFeedback: z.record(z.string(), StageKey).default({}),
  /** Stage when the person's opportunities are all lost (a loss after they entered their current stage). */
  lostOpportunity: z.enum(['RECYCLED', 'SQL']).default('RECYCLED'),
  sla: SlaConfig.optional(),
});
export type StagesConfig = z.infer<typeof StagesConfig>;
