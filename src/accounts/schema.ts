/**
 * Account scoring as the admin writes it (`scoring.account:`): profile rules on company fields graded
 * A–D, an engagement roll-up of the company's people levelled 1–4, and how people without a company
 * link find theirs. Optional: a config without it scores people only and reads no company.
 */
import { z } from 'zod';
import { ProfileRule, type Condition } from '../scoring/schema.ts';

/**
 * The company fields account rules test, by neutral name; each connector reads them from its own API
 * fields (src/accounts/company-fields.ts).
 */
export const COMPANY_FIELDS = ['name', 'domain', 'industry', 'employees', 'revenue', 'country'] as const;
export const CompanyField = z.enum(COMPANY_FIELDS);
export type CompanyField = z.infer<typeof CompanyField>;

/**
 * How the people's (rounded) engagement scores roll up into the account's: `sum` adds everyone's, each
 * capped at `capPerPerson` so one very busy person cannot carry an account alone; `top` adds the best
 * `people` only, so a large account with many quiet contacts does not outscore a small keen one.
 */
export const EngagementRollup = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('sum'), capPerPerson: z.number().positive() }),
  z.strictObject({ kind: z.literal('top'), people: z.number().int().positive() }),
]);
export type EngagementRollup = z.infer<typeof EngagementRollup>;

/**
 * Matches for a person whose record names no company (a HubSpot contact without a primary company, an
 * unconverted Salesforce Lead): `email-domain` is the email's domain against the company's domain,
 * `company-name` the Lead's Company (HubSpot `company`) against the company name, both normalised.
 */
export const PersonMatch = z.enum(['email-domain', 'company-name']);
export type PersonMatch = z.infer<typeof PersonMatch>;

function conditionFields(condition: Condition, out: string[]): void {
  if ('all' in condition) for (const c of condition.all) conditionFields(c, out);
  else if ('any' in condition) for (const c of condition.any) conditionFields(c, out);
  else out.push(condition.field);
}

/** Every field a rule tests must be a company field: a person field here would silently never match. */
function companyFieldsOnly(rules: readonly ProfileRule[], ctx: z.core.$RefinementCtx): void {
  const known = new Set<string>(COMPANY_FIELDS);
  rules.forEach((rule, i) => {
    const fields: string[] = [];
    if (rule.field !== undefined) fields.push(rule.field);
    if (rule.when !== undefined) conditionFields(rule.when, fields);
    for (const field of fields.filter((f) => !known.has(f))) {
      ctx.addIssue({
        code: 'custom',
        path: [i, rule.field === field ? 'field' : 'when'],
        message: `rule "${rule.name}" tests "${field}", not a company field (one of ${COMPANY_FIELDS.join(', ')})`,
      });
    }
  });
  const seen = new Set<string>();
  rules.forEach((rule, i) => {
    if (seen.has(rule.name))
      ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `duplicate rule name "${rule.name}"` });
    seen.add(rule.name);
  });
}

function descending(values: readonly [string, number][], label: string, ctx: z.core.$RefinementCtx): void {
  for (let i = 1; i < values.length; i++) {
    const [prevKey, prev] = values[i - 1] ?? ['', 0];
    const [key, value] = values[i] ?? ['', 0];
    if (value > prev)
      ctx.addIssue({
        code: 'custom',
        path: [key],
        message: `${label} ${key} (${value}) is above ${prevKey} (${prev})`,
      });
  }
}

export const AccountScoringConfig = z.strictObject({
  profile: z.strictObject({
    rules: z.array(ProfileRule).superRefine(companyFieldsOnly),
    /** Minimum profile points per grade; below C is D. */
    grades: z
      .strictObject({ A: z.number(), B: z.number(), C: z.number() })
      .superRefine((g, ctx) => descending(Object.entries(g), 'grade', ctx)),
  }),
  engagement: z.strictObject({
    rollup: EngagementRollup,
    /** Minimum rolled-up engagement per level; below 3 is 4. */
    levels: z.strictObject({ '1': z.number(), '2': z.number(), '3': z.number() }).superRefine((l, ctx) =>
      descending(
        [
          ['1', l['1']],
          ['2', l['2']],
          ['3', l['3']],
        ],
        'level',
        ctx,
      ),
    ),
  }),
  /** Tried in order for people whose record names no company; none configured: such people count nowhere. */
  match: z.array(PersonMatch).default(['email-domain']),
  /** Also write the account's cell onto each of its people's records, so sales sees both cells. */
  personField: z.boolean().default(false),
});
export type AccountScoringConfig = z.infer<typeof AccountScoringConfig>;
export type AccountScoringConfigInput = z.input<typeof AccountScoringConfig>;
