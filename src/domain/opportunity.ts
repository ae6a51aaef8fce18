import { z } from 'zod';
import { IsoTime } from './crm.ts';

export const OpportunityStatus = z.enum(['open', 'won', 'lost']);
export type OpportunityStatus = z.infer<typeof OpportunityStatus>;

/**
 * A sales opportunity and the people (contact ids in the CRM that holds it) on it: the evidence for
 * SQL (open opportunity with a contact role) and Won, and the pipeline side of the closed-loop report.
 */
export const Opportunity = z.strictObject({
  id: z.string().min(1),
  name: z.string(),
  status: OpportunityStatus,
  stageName: z.string(),
  amount: z.number().nullable(),
  createdAt: IsoTime,
  closedAt: IsoTime.nullish(),
  modifiedAt: IsoTime,
  contactIds: z.array(z.string()),
});
export type Opportunity = z.infer<typeof Opportunity>;
