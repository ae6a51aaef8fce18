/**
 * The agreed scoring model as the admin writes it in the YAML file (`scoring:`). Every object is strict, so a
 * typo such as `pointz:` is an error, never a rule that silently scores nothing.
 */
import { z } from 'zod';
import { ActivityType } from '../domain/activity.ts';

export const Grade = z.enum(['A', 'B', 'C', 'D']);
export type Grade = z.infer<typeof Grade>;
export const Level = z.enum(['1', '2', '3', '4']);
export type Level = z.infer<typeof Level>;
export const MatrixCell = z.templateLiteral([Grade, Level]);
export type MatrixCell = z.infer<typeof MatrixCell>;

const scalar = z.union([z.string(), z.number(), z.boolean()]);

/** The operators of a field test; `gte`/`lte` together form one range operator. */
const operatorShape = {
  /** Equal (case-insensitive for text; numeric when the expected value is a number). */
  equals: scalar.optional(),
  /** Equal to any of these. */
  in: z.array(scalar).min(1).optional(),
  /** Regular expression, case-insensitive, searched anywhere in the value. */
  matches: z.string().min(1).optional(),
  /** Inclusive numeric range `[min, max]`. */
  between: z.tuple([z.number(), z.number()]).optional(),
  gte: z.number().optional(),
  lte: z.number().optional(),
  /** `true`: the field has a non-empty value; `false`: it is empty or missing. */
  exists: z.boolean().optional(),
  /** Invert the test. */
  not: z.boolean().optional(),
};
type OperatorFields = { [K in keyof typeof operatorShape]?: z.infer<(typeof operatorShape)[K]> };

function checkOperators(c: OperatorFields, ctx: z.core.$RefinementCtx): void {
  const range = c.gte !== undefined || c.lte !== undefined ? true : undefined;
  const count = [c.equals, c.in, c.matches, c.between, range, c.exists].filter((v) => v !== undefined).length;
  if (count !== 1) {
    ctx.addIssue({
      code: 'custom',
      message: 'a condition needs exactly one of equals, in, matches, between, gte/lte, exists',
    });
  }
  if (c.between && c.between[0] > c.between[1]) {
    ctx.addIssue({ code: 'custom', path: ['between'], message: 'between needs [min, max] with min <= max' });
  }
  if (c.matches !== undefined) {
    try {
      new RegExp(c.matches, 'i');
    } catch (err) {
      ctx.addIssue({
        code: 'custom',
        path: ['matches'],
        message: `not a valid regular expression: ${String(err)}`,
      });
    }
  }
}

/** A test on one field (named by its HubSpot property). Exactly one operator per condition. */
export const FieldCondition = z
  .strictObject({ field: z.string().min(1), ...operatorShape })
  .superRefine(checkOperators);
export type FieldCondition = z.infer<typeof FieldCondition>;

export type Condition = FieldCondition | { all: Condition[] } | { any: Condition[] };
export const Condition: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    FieldCondition,
    z.strictObject({ all: z.array(Condition).min(1) }),
    z.strictObject({ any: z.array(Condition).min(1) }),
  ]),
);

/**
 * One explicit (profile) rule: either a field test written inline (`field:` + one operator) or a combined
 * test under `when:` (`all`/`any`). Rules sharing a `group` count once: the best (highest-points) match only.
 */
export const ProfileRule = z
  .strictObject({
    name: z.string().min(1),
    points: z.number(),
    group: z.string().min(1).optional(),
    field: z.string().min(1).optional(),
    ...operatorShape,
    when: Condition.optional(),
  })
  .superRefine((rule, ctx) => {
    if (rule.when !== undefined) {
      const inline = Object.keys(operatorShape).filter((k) => k in rule);
      if (rule.field !== undefined || inline.length > 0) {
        ctx.addIssue({
          code: 'custom',
          message: 'a rule has either `when:` or an inline `field:` test, not both',
        });
      }
      return;
    }
    if (rule.field === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['field'],
        message: 'a rule needs `field:` (or a `when:` condition)',
      });
      return;
    }
    checkOperators(rule, ctx);
  });
export type ProfileRule = z.infer<typeof ProfileRule>;

const EngagementRuleObject = z.strictObject({
  name: z.string().min(1),
  activity: ActivityType,
  /**
   * Filters, all case-insensitive: exact match, or a glob when the pattern holds `*` (`url` is usually one).
   * `form` and `eventName` test the activity's name (form name, custom event name).
   */
  form: z.string().min(1).optional(),
  url: z.string().min(1).optional(),
  tag: z.string().min(1).optional(),
  campaign: z.string().min(1).optional(),
  eventName: z.string().min(1).optional(),
  /** Points per occurrence, before decay; negative for bad signs (unsubscribe, bounce, careers page). */
  points: z.number(),
  /** Cap on the size of this rule's decayed sum (a magnitude: it also bounds negative rules). */
  maxPoints: z.number().positive().optional(),
  /** Only the most recent N occurrences count. */
  maxOccurrences: z.number().int().positive().optional(),
  /** Only activities within this many days of the scoring time count. */
  withinDays: z.number().positive().optional(),
  /** This rule's half-life, overriding `engagement.halfLifeDays` (a signal that fades faster or slower). */
  halfLifeDays: z.number().positive().optional(),
  /**
   * `none`: occurrences keep their full points however old (a demo request counted within `withinDays`).
   * Omitted: they decay with the rule's or the model's half-life.
   */
  decay: z.literal('none').optional(),
});
/** A rule that does not fade cannot also have a half-life. */
export const EngagementRule = EngagementRuleObject.superRefine((rule, ctx) => {
  if (rule.decay === 'none' && rule.halfLifeDays !== undefined)
    ctx.addIssue({
      code: 'custom',
      path: ['halfLifeDays'],
      message: 'a rule with `decay: none` does not fade: drop `halfLifeDays` or `decay`',
    });
});
export type EngagementRule = z.infer<typeof EngagementRule>;

function uniqueNames(rules: readonly { name: string }[], ctx: z.core.$RefinementCtx): void {
  const seen = new Set<string>();
  rules.forEach((rule, i) => {
    if (seen.has(rule.name)) {
      ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `duplicate rule name "${rule.name}"` });
    }
    seen.add(rule.name);
  });
}

function descending(label: string, values: readonly [string, number][], ctx: z.core.$RefinementCtx): void {
  for (let i = 1; i < values.length; i++) {
    const [prevKey, prev] = values[i - 1] ?? ['', 0];
    const [key, value] = values[i] ?? ['', 0];
    if (value > prev) {
      ctx.addIssue({
        code: 'custom',
        path: [key],
        message: `${label} ${key} (${value}) is above ${prevKey} (${prev})`,
      });
    }
  }
}

export const ScoringConfig = z.strictObject({
  /** Written with every score; changing it rescores every record. */
  modelVersion: z.string().min(1),
  /**
   * Share (0..1] of each CRM's daily API allocation the rescore after a model change may use: a larger
   * rescore spreads over several runs, biggest score change first (`leadloop model publish`). Unset: a
   * model change rescores everyone in the next run.
   */
  rescoreBudget: z.number().gt(0).max(1).optional(),
  profile: z.strictObject({
    rules: z.array(ProfileRule).superRefine(uniqueNames),
    /** Minimum (rounded) profile points per grade; below C is D. */
    grades: z
      .strictObject({ A: z.number(), B: z.number(), C: z.number() })
      .superRefine((g, ctx) => descending('grade', Object.entries(g), ctx)),
  }),
  engagement: z.strictObject({
    /** An activity is worth half its points after this many days: `points × 0.5^(ageDays / halfLifeDays)`. */
    halfLifeDays: z.number().positive(),
    /**
     * Score email opens and clicks the CRM flagged as machine-made (HubSpot `filteredEvent`: privacy
     * proxies, link scanners). Off: a bot's open is not interest.
     */
    includeFilteredEmailEvents: z.boolean().default(false),
    rules: z.array(EngagementRule).superRefine(uniqueNames),
    /** Minimum (rounded) engagement points per level; below 3 is 4. */
    levels: z.strictObject({ '1': z.number(), '2': z.number(), '3': z.number() }).superRefine((l, ctx) =>
      descending(
        'level',
        [
          ['1', l['1']],
          ['2', l['2']],
          ['3', l['3']],
        ],
        ctx,
      ),
    ),
  }),
  handoff: z.strictObject({
    /** A person whose matrix cell is listed here is an MQL... */
    mqlCells: z.array(MatrixCell).default([]),
    /** ...and so is anyone whose total (rounded profile + rounded engagement) reaches this. */
    mqlThreshold: z.number().optional(),
  }),
  /** Exceptions that dominate the score: a match disqualifies the person (never an MQL). */
  disqualify: z
    .array(z.strictObject({ name: z.string().min(1), when: Condition, reason: z.string().optional() }))
    .default([]),
  /** Caps on the grade (e.g. purchased-list source never above C). */
  gradeCaps: z
    .array(z.strictObject({ name: z.string().min(1), when: Condition, maxGrade: Grade }))
    .default([]),
  /** Manual overrides a user sets in the CRM; the model respects them (disqualification still dominates). */
  override: z
    .strictObject({
      /** A number that replaces the total. */
      scoreField: z.string().min(1).optional(),
      /** A grade (A-D) that replaces the profile grade, and so the cell. */
      gradeField: z.string().min(1).optional(),
      /** A stage key that the lifecycle holds while it is set. */
      stageField: z.string().min(1).optional(),
    })
    .default({}),
});
export type ScoringConfig = z.infer<typeof ScoringConfig>;
/** The model as written, before defaults. */
export type ScoringConfigInput = z.input<typeof ScoringConfig>;
