/** The agreed scoring model as the admin writes it in the YAML file (`scoring:`). */
import { z } from 'zod';
import { ActivityType } from '../domain/activity.ts';

export const Grade = z.enum(['A', 'B', 'C', 'D']);
export type Grade = z.infer<typeof Grade>;
export const Level = z.enum(['1', '2', '3', '4']);
export type Level = z.infer<typeof Level>;
export const MatrixCell = z.templateLiteral([Grade, Level]);
export type MatrixCell = z.infer<typeof MatrixCell>;

const scalar = z.union([z.string(), z.number(), z.boolean()]);

/** A test on one field (named by its HubSpot property). Exactly one operator per condition. */
export const FieldCondition = z
  .strictObject({
    field: z.string().min(1),
    equals: scalar.optional(),
    in: z.array(scalar).min(1).optional(),
    matches: z.string().optional(),
    between: z.tuple([z.number(), z.number()]).optional(),
    gte: z.number().optional(),
    lte: z.number().optional(),
    exists: z.boolean().optional(),
    not: z.boolean().default(false),
  })
  .refine(
    (c) =>
      [c.equals, c.in, c.matches, c.between, c.gte ?? c.lte, c.exists].filter((v) => v !== undefined).length === 1,
    { message: 'a condition needs exactly one of equals, in, matches, between, gte/lte, exists' },
  );
export type FieldCondition = z.infer<typeof FieldCondition>;

export type Condition = FieldCondition | { all: Condition[] } | { any: Condition[] };
export const Condition: z.ZodType<Condition> = z.lazy(() =>
  z.union([FieldCondition, z.strictObject({ all: z.array(Condition).min(1) }), z.strictObject({ any: z.array(Condition).min(1) })]),
);

export const ProfileRule = z.union([
  FieldCondition.and(
    z.object({
      name: z.string().min(1),
      points: z.number(),
      /** Rules sharing a group count once: the best (highest-points) match only. */
      group: z.string().optional(),
    }),
  ),
  z.strictObject({
    name: z.string().min(1),
    points: z.number(),
    group: z.string().optional(),
    when: Condition,
  }),
]);
export type ProfileRule = z.infer<typeof ProfileRule>;

export const EngagementRule = z.strictObject({
  name: z.string().min(1),
  activity: ActivityType,
  /** Filters; glob patterns (`*`) for url, exact case-insensitive match for the others. */
  form: z.string().optional(),
  url: z.string().optional(),
  tag: z.string().optional(),
  campaign: z.string().optional(),
  eventName: z.string().optional(),
  points: z.number(),
  maxPoints: z.number().optional(),
  maxOccurrences: z.number().int().positive().optional(),
  /** Only activities within this many days count. */
  withinDays: z.number().positive().optional(),
});
export type EngagementRule = z.infer<typeof EngagementRule>;

export const ScoringConfig = z.strictObject({
  modelVersion: z.string().min(1),
  profile: z.strictObject({
    rules: z.array(ProfileRule),
    grades: z.strictObject({ A: z.number(), B: z.number(), C: z.number() }),
  }),
  engagement: z.strictObject({
    halfLifeDays: z.number().positive(),
    rules: z.array(EngagementRule),
    levels: z.strictObject({ '1': z.number(), '2': z.number(), '3': z.number() }),
  }),
  handoff: z.strictObject({
    mqlCells: z.array(MatrixCell).default([]),
    mqlThreshold: z.number().optional(),
  }),
  /** Exceptions that dominate the score: a match disqualifies the person. */
  disqualify: z
    .array(z.strictObject({ name: z.string().min(1), when: Condition, reason: z.string().optional() }))
    .default([]),
  /** Caps on the grade (e.g. purchased-list source never above C). */
  gradeCaps: z.array(z.strictObject({ name: z.string().min(1), when: Condition, maxGrade: Grade })).default([]),
  /** Manual override a user sets in the CRM; the model respects it. */
  override: z
    .strictObject({
      scoreField: z.string().optional(),
      gradeField: z.string().optional(),
      stageField: z.string().optional(),
    })
    .default({}),
});
export type ScoringConfig = z.infer<typeof ScoringConfig>;
