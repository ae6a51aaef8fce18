/** The engagement rules of every model a run scores, the shadowed candidate's included (from the state). */
import type { LeadloopConfig } from '../config/schema.ts';
import { engagementRuleSets, type RuleSet } from '../health/behaviour-warnings.ts';
import type { CursorPort } from '../state/types.ts';
import { readCandidate } from './model-meta.ts';

export async function loadEngagementRuleSets(
  store: Pick<CursorPort, 'getCursor' | 'setCursor'>,
  config: Pick<LeadloopConfig, 'scoring'>,
): Promise<RuleSet[]> {
  // A candidate this version cannot read is reported by the run that shadows it; a warning must not fail.
  const candidate = await readCandidate(store).catch(() => null);
  return engagementRuleSets(config.scoring, candidate?.scoring);
}
