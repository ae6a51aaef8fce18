import type { PersonStatePort } from '../types.ts';

/** States are kept as JSON, as the sqlite store keeps them: what comes out is a copy, never the caller's object. */
export function memoryPersonStates(states: Map<string, string>): PersonStatePort {
  return {
    async getPersonStates(personIds) {
      const out = new Map<string, unknown>();
      for (const id of personIds) {
        const json = states.get(id);
        if (json !== undefined) out.set(id, JSON.parse(json));
      }
      return out;
    },
    async putPersonStates(given) {
      const encoded = given.map((s) => [s.personId, JSON.stringify(s.state) ?? 'null'] as const);
      for (const [id, json] of encoded) states.set(id, json);
    },
  };
}
