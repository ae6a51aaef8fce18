/** The registered candidate compiled for a run, or nothing when no candidate is being shadowed. */
import type { LeadloopConfig } from '../config/schema.ts';
import type { Logger } from '../lib/logger.ts';
import { compileModel, type CompiledModel } from '../scoring/compile-model.ts';
import type { CursorPort } from '../state/types.ts';
import { readCandidate } from './model-meta.ts';
import type { ShadowRun } from './shadow-entry.ts';

export interface ShadowCandidate {
  readonly model: CompiledModel;
  readonly run: ShadowRun;
}

export async function loadShadowCandidate(
  store: Pick<CursorPort, 'getCursor' | 'setCursor'>,
  config: LeadloopConfig,
  logger: Logger,
): Promise<ShadowCandidate | undefined> {
  const candidate = await readCandidate(store).catch((err: unknown) => {
    // A candidate this version cannot read must not stop the live sync: it is only a shadow.
    logger.warn({ err }, 'shadowed candidate model unreadable: not scored this run');
    return null;
  });
  if (candidate === null) return undefined;
  // Published already (the file now holds it): it is the live model, nothing to shadow.
  if (candidate.stored.modelVersion === config.scoring.modelVersion) return undefined;
  return {
    model: compileModel(candidate.scoring, { explanationLength: config.fields.explanationLength }),
    run: { candidateVersion: candidate.stored.modelVersion, since: candidate.stored.startedAt },
  };
}
