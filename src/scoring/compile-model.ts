/**
 * The scoring model compiled once per config: every regex, glob and set is built here so that scoring a
 * record does no parsing and no compiling.
 */
import { compileCondition, compileFieldTest } from './compile-condition.ts';
import type { Predicate } from './compile-condition.ts';
import { compileEngagementRule, indexByType } from './compile-engagement.ts';
import { MatchBuffer } from './engagement.ts';
import type { CompiledEngagementRule, RulesByType } from './compile-engagement.ts';
import { ConfigError } from '../lib/errors.ts';
import type { Grade, ProfileRule, ScoringConfig } from './schema.ts';

const DAY_MS = 86_400_000;

export interface CompiledProfileRule {
  readonly name: string;
  readonly points: number;
  readonly group: string | undefined;
  /** Index of the group among the model's groups; -1 when the rule is not grouped. */
  readonly groupIndex: number;
  readonly test: Predicate;
}

/** Scratch space of profile matching: rule hits and each group's best match (see profile.ts). */
export interface ProfileScratch {
  readonly hit: Uint8Array;
  readonly best: Int32Array;
}

export interface CompiledModel {
  readonly modelVersion: string;
  readonly profileRules: readonly CompiledProfileRule[];
  readonly groupCount: number;
  readonly engagementRules: readonly CompiledEngagementRule[];
  readonly engagementByType: RulesByType;
  /** The model's half-life; a rule's own (`halfLifeMs` on the rule) wins. */
  readonly halfLifeMs: number;
  /** Score activities the CRM flagged as machine-made (`scoring.engagement.includeFilteredEmailEvents`). */
  readonly includeFiltered: boolean;
  readonly grades: ScoringConfig['profile']['grades'];
  readonly levels: ScoringConfig['engagement']['levels'];
  readonly mqlCells: ReadonlySet<string>;
  /** Infinity when the model has no threshold (cells only). */
  readonly mqlThreshold: number;
  readonly disqualify: readonly {
    readonly name: string;
    readonly reason: string;
    readonly test: Predicate;
  }[];
  readonly gradeCaps: readonly {
    readonly name: string;
    readonly maxGrade: Grade;
    readonly test: Predicate;
  }[];
  readonly override: ScoringConfig['override'];
  /** Max length of the human explanation. */
  readonly explanationLength: number;
  /** The most engagement rules any one activity type has: bounds the matches per activity. */
  readonly maxRulesPerType: number;
  /** Scratch space of the engagement loop (see MatchBuffer). */
  readonly matchBuffer: MatchBuffer;
  readonly profileScratch: ProfileScratch;
}

export interface CompileOptions {
  /** Max length of the explanation text (`fields.explanationLength`); 255 by default. */
  readonly explanationLength?: number;
}

function compileProfileRule(rule: ProfileRule, groups: Map<string, number>): CompiledProfileRule {
  let groupIndex = -1;
  if (rule.group !== undefined) {
    groupIndex = groups.get(rule.group) ?? groups.size;
    groups.set(rule.group, groupIndex);
  }
  let test: Predicate;
  if (rule.when !== undefined) test = compileCondition(rule.when);
  else if (rule.field !== undefined) test = compileFieldTest(rule.field, rule);
  // The schema requires one of them; a model built without parsing gets a typed error, not a silent rule.
  else throw new ConfigError([`scoring.profile.rules: rule "${rule.name}" needs \`field:\` or \`when:\``]);
  return { name: rule.name, points: rule.points, group: rule.group, groupIndex, test };
}

export function compileModel(config: ScoringConfig, options: CompileOptions = {}): CompiledModel {
  const groups = new Map<string, number>();
  const profileRules = config.profile.rules.map((rule) => compileProfileRule(rule, groups));
  const halfLifeMs = config.engagement.halfLifeDays * DAY_MS;
  const engagementRules = config.engagement.rules.map((rule, i) =>
    compileEngagementRule(rule, i, halfLifeMs),
  );
  const engagementByType = indexByType(engagementRules, config.engagement.rules);
  return {
    modelVersion: config.modelVersion,
    profileRules,
    groupCount: groups.size,
    engagementRules,
    engagementByType,
    halfLifeMs,
    includeFiltered: config.engagement.includeFilteredEmailEvents,
    grades: config.profile.grades,
    levels: config.engagement.levels,
    mqlCells: new Set(config.handoff.mqlCells),
    mqlThreshold: config.handoff.mqlThreshold ?? Number.POSITIVE_INFINITY,
    disqualify: config.disqualify.map((d) => ({
      name: d.name,
      reason: d.reason ?? d.name,
      test: compileCondition(d.when),
    })),
    gradeCaps: config.gradeCaps.map((c) => ({
      name: c.name,
      maxGrade: c.maxGrade,
      test: compileCondition(c.when),
    })),
    override: config.override,
    explanationLength: options.explanationLength ?? 255,
    maxRulesPerType: Math.max(0, ...Object.values(engagementByType).map((rules) => rules.length)),
    matchBuffer: new MatchBuffer(engagementRules.length),
    profileScratch: { hit: new Uint8Array(profileRules.length), best: new Int32Array(groups.size) },
  };
}
