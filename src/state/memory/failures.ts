import { compareFailures } from '../ordering.ts';
import { epochMs, failureKey } from '../state-codec.ts';
import { storedFailure } from '../stored-text.ts';
import type { FailurePort, WriteFailureEntry } from '../types.ts';

export function memoryFailures(failures: Map<string, WriteFailureEntry>): FailurePort {
  return {
    async putFailures(given) {
      for (const f of given) epochMs(f.at);
      for (const f of given.map(storedFailure)) failures.set(failureKey(f), f);
    },
    async clearFailures(refs) {
      for (const ref of refs) failures.delete(failureKey(ref));
    },
    async listFailures(options) {
      if (options.limit <= 0) return [];
      return [...failures.values()]
        .filter((f) => options.permanent === undefined || f.permanent === options.permanent)
        .sort(compareFailures)
        .slice(0, options.limit);
    },
  };
}
