/**
 * BullMQ loses jobs silently if Redis may evict keys, so a worker refuses to start unless
 * `maxmemory-policy` is `noeviction`. Read from INFO (CONFIG is often disabled on managed Redis).
 * https://docs.bullmq.io/guide/going-to-production#max-memory-policy
 */
import type { Redis } from 'ioredis';
import { LeadloopError } from '../lib/errors.ts';

export async function assertNoEviction(redis: Redis): Promise<void> {
  const info = await redis.info('memory');
  const policy = /^maxmemory_policy:(\S+)/m.exec(info)?.[1];
  if (policy === undefined) {
    throw new LeadloopError(
      'REDIS_POLICY_UNKNOWN',
      'cannot read maxmemory_policy from Redis INFO; refusing to start',
    );
  }
  if (policy !== 'noeviction') {
    throw new LeadloopError(
      'REDIS_EVICTION_POLICY',
      `Redis maxmemory-policy is "${policy}": queued jobs could be evicted. Set "maxmemory-policy noeviction" ` +
        '(redis.conf or CONFIG SET) before starting workers.',
      { policy },
    );
  }
}
