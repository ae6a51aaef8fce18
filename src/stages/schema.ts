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
  /**
   * Share of the window (percent) after which the Lead's owner gets a reminder Task, once per MQL
   * episode; none without it.
   */
  remindAtPercent: z.number().gt(0).lt(100).optional(),
  /**
   * A second breach (the re-routed owner also lets a whole window pass) escalates: `field` on the Lead
   * (OwnerId by default) is set to the current owner's manager (`User.ManagerId`) or to the given user or
   * queue id. No escalation without it.
   */
  escalate: z
    .strictObject({
      to: z.union([z.literal('manager'), z.string().min(1)]),
      field: z.string().min(1).default('OwnerId'),
    })
    .optional(),
  /**
   * POST a JSON note of every reminder, re-route and escalation here (e.g. a Slack incoming webhook).
   * Treat it as a secret (`${ENV_VAR}`): it is never logged.
   */
  notifyUrl: z.url({ protocol: /^https?$/ }).optional(),
});
export type SlaConfig = z.infer<typeof SlaConfig>;

/** A person field an SLA rule tests, by HubSpot property name as scoring reads it: one of `in` (any case). */
const SlaFieldCondition = z.strictObject({
  field: z.string().min(1),
  in: z.array(z.string()).min(1),
});

/** An SLA for the people it matches: every condition given must hold (cells, then each field). */
export const SlaRule = z.strictObject({
  name: z.string().min(1),
  when: z
    .strictObject({
      cells: z.array(z.string().min(1)).min(1).optional(),
      fields: z.array(SlaFieldCondition).min(1).optional(),
    })
    .refine((w) => w.cells !== undefined || w.fields !== undefined, 'give cells, fields or both'),
  sla: SlaConfig,
});
export type SlaRule = z.infer<typeof SlaRule>;

export const StagesConfig = z.strictObject({
  /** Salesforce Lead Status value → stage (accepted → SAL, rejected → RECYCLED, converted → SQL). */
  salesFeedback: z.record(z.string(), StageKey).default({}),
  /** Stage when the person's opportunities are all lost (a loss after they entered their current stage). */
  lostOpportunity: z.enum(['RECYCLED', 'SQL']).default('RECYCLED'),
  sla: SlaConfig.optional(),
  /** SLAs for some people (by cell, by country...): the first rule that matches applies, else `sla`. */
  slaRules: z.array(SlaRule).optional(),
  /**
   * A Lead field (e.g. a rejection-reason picklist) read when sales rejects: stored with the recycle and
   * counted in the report; a rejection with it blank is reported per owner.
   */
  rejectionReasonField: z.string().min(1).optional(),
  /**
   * Sales teams for the report's hand-off figures: team name → the Salesforce user ids (record owners) in
   * it. An owner belongs to one team; owners in none are reported under `(no team)`.
   */
  teams: z
    .record(z.string().min(1), z.array(z.string().min(1)).min(1))
    .superRefine((teams, ctx) => {
      const seen = new Map<string, string>();
      for (const [team, ids] of Object.entries(teams))
        for (const [i, id] of ids.entries()) {
          const other = seen.get(id);
          if (other !== undefined)
            ctx.addIssue({
              code: 'custom',
              path: [team, i],
              message: `owner ${id} is already in team "${other}": an owner belongs to one team`,
            });
          else seen.set(id, team);
        }
    })
    .optional(),
});
export type StagesConfig = z.infer<typeof StagesConfig>;
