/** The redis store's handle and the small helpers its ports use to batch without per-record round trips. */
import type { ChainableCommander, Redis } from 'ioredis';
import { LeadloopError } from '../../lib/errors.ts';

/** The client every redis port works on, and the store's key prefix applied to a key name. */
export interface RedisHandle {
  readonly redis: Redis;
  readonly k: (name: string) => string;
}

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Executes a pipeline or MULTI and returns the replies, throwing the first command error. */
export async function execPipeline(pipe: ChainableCommander): Promise<unknown[]> {
  const results = await pipe.exec();
  if (results === null) throw new LeadloopError('STATE_REDIS_ABORTED', 'redis transaction was aborted');
  return results.map(([err, value]) => {
    if (err)
      throw new LeadloopError(
        'STATE_REDIS_COMMAND',
        `redis command failed: ${err.message}`,
        {},
        { cause: err },
      );
    return value;
  });
}

/** A reply that must be an array of strings (ZRANGE, SMEMBERS). */
export function stringList(value: unknown): string[] {
  if (!Array.isArray(value) || !value.every((v): v is string => typeof v === 'string')) {
    throw new LeadloopError('STATE_REDIS_REPLY', 'expected a list of strings from redis', {
      type: typeof value,
    });
  }
  return value;
}

/** HMGET in chunks; the map holds only the fields that exist. */
export async function hmgetDocs(
  redis: Redis,
  key: string,
  fields: readonly string[],
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const part of chunks([...new Set(fields)], 1000)) {
    const values = await redis.hmget(key, ...part);
    part.forEach((field, i) => {
      const value = values[i];
      if (typeof value === 'string') out.set(field, value);
    });
  }
  return out;
}
