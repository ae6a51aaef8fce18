/** Shared test fixtures: a fixed clock, day arithmetic, and models built from partial configs. */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { compileModel } from '../../../src/scoring/compile-model.ts';
import type { CompiledModel, CompileOptions } from '../../../src/scoring/compile-model.ts';
import { ScoringConfig } from '../../../src/scoring/schema.ts';
import type { ScoringConfigInput } from '../../../src/scoring/schema.ts';
import type { ScoringActivity } from '../../../src/scoring/types.ts';
import { StagesConfig } from '../../../src/stages/schema.ts';

export const NOW = new Date('2026-11-01T00:00:00.000Z');
export const DAY_MS = 86_400_000;

export function daysAgo(days: number, now: Date = NOW): string {
  return new Date(now.getTime() - days * DAY_MS).toISOString();
}

export function activity(
  type: ScoringActivity['type'],
  ageDays: number,
  extra: Partial<ScoringActivity> = {},
): ScoringActivity {
  return { type, occurredAt: daysAgo(ageDays), ...extra };
}

const BASE: ScoringConfigInput = {
  modelVersion: 'test-1',
  profile: { rules: [], grades: { A: 150, B: 100, C: 50 } },
  engagement: { halfLifeDays: 30, rules: [], levels: { '1': 100, '2': 60, '3': 25 } },
  handoff: { mqlCells: ['A1', 'A2', 'B1'], mqlThreshold: 60 },
};

export function scoringConfig(overrides: Partial<ScoringConfigInput> = {}): ScoringConfig {
  return ScoringConfig.parse({ ...BASE, ...overrides });
}

export function buildModel(
  overrides: Partial<ScoringConfigInput> = {},
  options?: CompileOptions,
): CompiledModel {
  return compileModel(scoringConfig(overrides), options);
}

export function profileRules(
  rules: NonNullable<ScoringConfigInput['profile']>['rules'],
): Partial<ScoringConfigInput> {
  return { profile: { rules, grades: { A: 150, B: 100, C: 50 } } };
}

export function engagementRules(
  rules: NonNullable<ScoringConfigInput['engagement']>['rules'],
  halfLifeDays = 30,
): Partial<ScoringConfigInput> {
  return { engagement: { halfLifeDays, rules, levels: { '1': 100, '2': 60, '3': 25 } } };
}

const example = parse(
  readFileSync(new URL('../../../config/leadloop.example.yaml', import.meta.url), 'utf8'),
) as {
  scoring: unknown;
  stages: unknown;
};

export const exampleScoring = (): ScoringConfig => ScoringConfig.parse(example.scoring);
export const exampleStages = (): StagesConfig => StagesConfig.parse(example.stages);
export const exampleModel = (options?: CompileOptions): CompiledModel =>
  compileModel(exampleScoring(), options);
