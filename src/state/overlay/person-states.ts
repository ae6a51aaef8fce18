import type { PersonStatePort } from '../types.ts';
import type { OverlayView } from './view.ts';

export function overlayPersonStates(v: OverlayView): PersonStatePort {
  return {
    async getPersonStates(personIds) {
      const out = await v.top.getPersonStates(personIds);
      const rest = personIds.filter((id) => !out.has(id));
      if (rest.length === 0) return out;
      for (const [id, state] of await v.base.getPersonStates(rest)) out.set(id, state);
      return out;
    },
    putPersonStates(states) {
      return v.top.putPersonStates(states);
    },
  };
}
