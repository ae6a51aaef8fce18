/**
 * The `StateStore` for the BullMQ deployment, on ioredis. Every key starts with `leadloop:{<connection>}:`
 * (the braces are a cluster hash tag: one connection's keys share a slot, so scripts and MULTI stay legal).
 * Batches go out as pipelines, MULTI blocks or Lua scripts in chunks: never one round trip per record.
 * Each port (a module beside this) works on the shared client and prefix.
 * https://redis.io/docs/latest/develop/use/pipelining/
 */
import { Redis } from 'ioredis';
import { LeadloopError } from '../../lib/errors.ts';
import type { Logger } from '../../lib/logger.ts';
import { redisEndpoint } from '../../lib/redis-endpoint.ts';
import { composeStore } from '../compose.ts';
import type { StateStore } from '../types.ts';
import { redisAudit } from './audit.ts';
import { redisCursors } from './cursors.ts';
import { redisDirty } from './dirty.ts';
import { redisFailures } from './failures.ts';
import { redisLease } from './lease.ts';
import { redisLedger } from './ledger.ts';
import { redisLinks } from './links.ts';
import { redisPersonStates } from './person-states.ts';
import { redisRuns } from './runs.ts';
import { redisSnapshots } from './snapshots.ts';
import type { RedisHandle } from './util.ts';
export interface RedisStoreOptions {
  /** Key prefix, e.g. `leadloop:{acme}:`. */
  keyPrefix: string;
  /** Whether `close()` quits the client (true when the store created it). */
  ownsClient?: boolean;
}

/**
 * Connects (failing fast on a bad URL) and returns the store; `close()` quits the connection. Connection
 * errors after boot are reported to `logger` and retried by ioredis; commands fail after 3 retries.
 */
export async function connectRedisStateStore(
  url: string,
  options: RedisStoreOptions & { logger?: Logger },
): Promise<StateStore> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3 });
  redis.on('error', (err: Error) => options.logger?.warn({ err }, 'state store redis connection error'));
  try {
    await redis.connect();
  } catch (err) {
    redis.disconnect();
    throw new LeadloopError(
      'STATE_REDIS_UNREACHABLE',
      `cannot connect to the redis state store at ${redisEndpoint(url)}: ${err instanceof Error ? err.message : String(err)}`,
      { endpoint: redisEndpoint(url) },
      { cause: err },
    );
  }
  return createRedisStore(redis, { keyPrefix: options.keyPrefix, ownsClient: true });
}

/** The store on a client the caller holds; each store keeps to its own key prefix on it. */
export function createRedisStore(redis: Redis, options: RedisStoreOptions): StateStore {
  const prefix = options.keyPrefix;
  const h: RedisHandle = { redis, k: (name) => prefix + name };
  return composeStore(
    {
      cursors: redisCursors(h),
      links: redisLinks(h),
      dirty: redisDirty(h),
      snapshots: redisSnapshots(h),
      ledger: redisLedger(h),
      personStates: redisPersonStates(h),
      audit: redisAudit(h),
      failures: redisFailures(h),
      runs: redisRuns(h),
      lease: redisLease(h),
    },
    {
      kind: 'redis',
      /** SCAN + UNLINK over this store's prefix only; other connections sharing the Redis are untouched. */
      async clear() {
        const pattern = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
        let cursor = '0';
        do {
          const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
          if (keys.length > 0) await redis.unlink(...keys);
          cursor = next;
        } while (cursor !== '0');
      },
      async close() {
        if (options.ownsClient === true && redis.status !== 'end') await redis.quit();
      },
    },
  );
}
