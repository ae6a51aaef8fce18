/** The scoring model's public surface: compile once per config, then score each person. */
export { compileModel } from './compile-model.ts';
export type { CompiledModel, CompileOptions } from './compile-model.ts';
export { scorePerson } from './score-person.ts';
export type { ScoreOptions } from './score-person.ts';
export { ScoreResult } from './score-result.ts';
export { engagementValue, scoreEngagement } from './engagement.ts';
export { profileValue, scoreProfile } from './profile.ts';
export { roundHalfAwayFromZero } from './grade.ts';
export { formatExplanation } from './explain.ts';
export { backtest, scoreStage, GOOD_OUTCOMES } from './backtest.ts';
export type {
  BacktestRecord,
  BacktestReport,
  CellStats,
  ModelStats,
  Outcome,
  StageChange,
} from './backtest.ts';
export { formatBacktest } from './format-backtest.ts';
export type { BacktestFormat } from './format-backtest.ts';
export * from './schema.ts';
export type * from './types.ts';
