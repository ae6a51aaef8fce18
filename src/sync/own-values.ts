/**
 * The values leadloop's own fields should hold for one person: score, grades, cell, stage, stage dates,
 * explanation, model version, recycle count, SLA status. Pure; the same on both CRMs.
 */
import type { FieldValue } from '../domain/person.ts';
import { cutText } from '../domain/text-length.ts';
import type { ModelFieldKey } from '../mapping/model-fields.ts';
import { STAGE_DATE_KEYS, type OwnFieldKey, type SlaStatus } from '../mapping/own-fields.ts';
import type { Score } from '../scoring/types.ts';
import { stageDates, type StageState } from '../stages/stage-state.ts';
import { StageKey } from '../stages/schema.ts';

export function slaStatusOf(stage: StageState): SlaStatus | null {
  const breach = stage.slaBreaches.at(-1);
  const inEpisode = breach !== undefined && breach.mqlAt === lastMqlAt(stage);
  if (inEpisode) return breach.reassignedTo ? 'reassigned' : 'breached';
  if (stage.stage === 'MQL') return 'pending';
  if (lastMqlAt(stage) !== null) return 'met';
  return null;
}

function lastMqlAt(stage: StageState): string | null {
  for (let i = stage.history.length - 1; i >= 0; i--)
    if (stage.history[i]?.to === 'MQL') return stage.history[i]?.at ?? null;
  return null;
}

/** Own-field key → value. Keys absent from the result are not leadloop's to set (linkedId is planned by linking). */
export function ownValues(
  score: Score,
  stage: StageState,
  explanationLength: number,
): Partial<Record<OwnFieldKey, FieldValue>> {
  const dates = stageDates(stage.history);
  const values: Partial<Record<OwnFieldKey, FieldValue>> = {
    score: score.total,
    profileScore: score.profile,
    engagementScore: score.engagement,
    grade: score.grade,
    level: score.level,
    cell: score.cell,
    stage: stage.stage,
    // A getter: the explanation needs the score's contributions, a second pass over the person's rules and
    // activities, and it is written only when the score moved (own-field-writes.ts). Most people in a
    // rescore or incremental run keep their score, so most are scored once and never explained.
    get explanation() {
      return cutText(score.explanation, explanationLength, 'utf16');
    },
    modelVersion: score.modelVersion,
    recycleCount: stage.recycleCount,
    slaStatus: slaStatusOf(stage),
  };
  for (const key of StageKey.options) values[STAGE_DATE_KEYS[key]] = dates[key] ?? null;
  return values;
}

/** A further model's field values: the score set only (stages follow the primary model). */
export function modelValues(score: Score, explanationLength: number): Record<ModelFieldKey, FieldValue> {
  return {
    score: score.total,
    profileScore: score.profile,
    engagementScore: score.engagement,
    grade: score.grade,
    level: score.level,
    cell: score.cell,
    // A getter for the reason given in `ownValues`: most people's score does not move, so most are never explained.
    get explanation() {
      return cutText(score.explanation, explanationLength, 'utf16');
    },
    modelVersion: score.modelVersion,
  };
}
