/** The shadowed candidate against the live model, read from the state: what `model compare` and /admin/models show. */
import type { LeadloopConfig } from '../config/schema.ts';
import type { StateStore } from '../state/types.ts';
import { compareModels, type CompareReport } from './compare.ts';
import { readCandidate, readModelHistory, type ModelVersionEntry } from './model-meta.ts';
import { rescorePlanMeta, type RescorePlan } from './rescore-queue.ts';
import { shadowedPeople } from './shadowed-people.ts';

type Store = Pick<StateStore, 'getCursor' | 'setCursor' | 'iterateLinks' | 'getPersonStates'>;

/** Null when no candidate is shadowed. */
export async function loadComparison(store: Store, config: LeadloopConfig): Promise<CompareReport | null> {
  const candidate = await readCandidate(store);
  if (candidate === null) return null;
  const people = [];
  for await (const p of shadowedPeople(store)) people.push(p);
  return compareModels(people, {
    candidateVersion: candidate.stored.modelVersion,
    liveVersion: config.scoring.modelVersion,
    since: candidate.stored.startedAt,
  });
}

export interface ModelOverview {
  readonly live: string;
  /** Newest first; without each version's model text. */
  readonly history: readonly Omit<ModelVersionEntry, 'scoring'>[];
  readonly rescore: RescorePlan | null;
  readonly comparison: CompareReport | null;
}

export async function loadModelOverview(store: Store, config: LeadloopConfig): Promise<ModelOverview> {
  const history = (await readModelHistory(store)).map(({ scoring: _model, ...entry }) => entry).reverse();
  return {
    live: config.scoring.modelVersion,
    history,
    rescore: await rescorePlanMeta.read(store),
    comparison: await loadComparison(store, config),
  };
}
