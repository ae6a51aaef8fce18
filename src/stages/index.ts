/** The lifecycle's public surface: the state machine, stage dates and the SLA. */
export { nextStage } from './next-stage.ts';
export type { StageDecision, StageEvidence } from './next-stage.ts';
export {
  StageCause,
  StageState,
  StageTransition,
  SlaBreach,
  canMove,
  initialStageState,
  parseStageKey,
  isOffTrack,
  stageDates,
  stageRank,
} from './stage-state.ts';
export { reassignTarget, slaDueAt, slaStatus } from './sla.ts';
export type { SlaStatus } from './sla.ts';
export { addBusinessHours, resolveBusinessHours } from './business-hours.ts';
export * from './schema.ts';
