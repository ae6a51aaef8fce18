import { compareRuns } from '../ordering.ts';
import { epochMs } from '../state-codec.ts';
import { storedRun } from '../stored-text.ts';
import type { RunPort, RunSummary } from '../types.ts';

export function memoryRuns(runs: Map<string, RunSummary>): RunPort {
  return {
    async putRun(run) {
      epochMs(run.startedAt);
      runs.set(run.runId, storedRun(run));
    },
    async updateRun(run) {
      epochMs(run.startedAt);
      if (!runs.has(run.runId)) return false;
      runs.set(run.runId, storedRun(run));
      return true;
    },
    async listRuns(limit) {
      if (limit <= 0) return [];
      return [...runs.values()].sort(compareRuns).slice(0, limit);
    },
  };
}
