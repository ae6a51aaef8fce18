import { compareFailures } from '../ordering.ts';
import { failureKey } from '../state-codec.ts';
import type { FailurePort } from '../types.ts';
import type { OverlayView } from './view.ts';

export function overlayFailures(v: OverlayView): FailurePort {
  return {
    async putFailures(failures) {
      for (const f of failures) v.shadowedFailures.add(failureKey(f));
      await v.top.putFailures(failures);
    },
    async clearFailures(refs) {
      for (const r of refs) v.shadowedFailures.add(failureKey(r));
      await v.top.clearFailures(refs);
    },
    async listFailures(options) {
      const [top, base] = await Promise.all([
        v.top.listFailures(options),
        v.base.listFailures({ ...options, limit: options.limit + v.shadowedFailures.size }),
      ]);
      return [...top, ...base.filter((f) => !v.shadowedFailures.has(failureKey(f)))]
        .sort(compareFailures)
        .slice(0, Math.max(0, options.limit));
    },
  };
}
