import { decode } from '../state-codec.ts';
import type { PersonStatePort } from '../types.ts';
import { chunks, hmgetDocs, type RedisHandle } from './util.ts';

const CHUNK = 1000;

export function redisPersonStates({ redis, k }: RedisHandle): PersonStatePort {
  const pstate = k('pstate');
  return {
    async getPersonStates(personIds) {
      const docs = await hmgetDocs(redis, pstate, personIds);
      return new Map([...docs].map(([id, json]) => [id, decode.state(id, json)]));
    },
    async putPersonStates(states) {
      for (const part of chunks(states, CHUNK))
        await redis.hset(pstate, ...part.flatMap((s) => [s.personId, JSON.stringify(s.state)]));
    },
  };
}
