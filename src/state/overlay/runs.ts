import { compareRuns } from '../ordering.ts';
import type { RunPort } from '../types.ts';
import type { OverlayView } from './view.ts';

export function overlayRuns(v: OverlayView): RunPort {
  return {
    async putRun(run) {
      v.shadowedRuns.add(run.runId);
      await v.top.putRun(run);
    },
    async updateRun(run) {
      if (v.shadowedRuns.has(run.runId)) return v.top.updateRun(run);
      // A base run is copied up on its first update, as `putRun` would; the base is only read.
      const inBase = (await v.base.listRuns(Number.MAX_SAFE_INTEGER)).some((r) => r.runId === run.runId);
      if (!inBase) return false;
      v.shadowedRuns.add(run.runId);
      await v.top.putRun(run);
      return true;
    },
    async listRuns(limit) {
      const [top, base] = await Promise.all([
        v.top.listRuns(limit),
        v.base.listRuns(limit + v.shadowedRuns.size),
      ]);
      return [...top, ...base.filter((r) => !v.shadowedRuns.has(r.runId))]
        .sort(compareRuns)
        .slice(0, Math.max(0, limit));
    },
  };
}
