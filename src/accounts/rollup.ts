/** The account's engagement from its people's (rounded) engagement scores. Pure. */
import type { EngagementRollup } from './schema.ts';

export interface RollupResult {
  readonly value: number;
  /** People whose engagement counted (all of them for `sum`, at most N for `top`). */
  readonly counted: number;
  /** People whose engagement was cut to the per-person cap (`sum` only). */
  readonly capped: number;
}

export function rollupEngagement(engagements: readonly number[], rollup: EngagementRollup): RollupResult {
  switch (rollup.kind) {
    case 'sum': {
      let value = 0;
      let capped = 0;
      // A magnitude, as a rule's `maxPoints`: it bounds a person's bad signs too.
      for (const e of engagements) {
        if (Math.abs(e) > rollup.capPerPerson) capped += 1;
        value += Math.sign(e) * Math.min(Math.abs(e), rollup.capPerPerson);
      }
      return { value, counted: engagements.length, capped };
    }
    case 'top': {
      const best = [...engagements].sort((a, b) => b - a).slice(0, rollup.people);
      return { value: best.reduce((sum, e) => sum + e, 0), counted: best.length, capped: 0 };
    }
    default: {
      const never: never = rollup;
      return never;
    }
  }
}
