/**
 * The HubSpot rate limiter's window for this process: in Redis when the state is (every worker of the
 * app then draws from one window, as HubSpot counts it per app), else the connector's own.
 */
import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import type { LimiterWindow } from '../../connectors/hubspot/limiter-window.ts';
import { RedisLimiterWindow } from '../../connectors/hubspot/redis-limiter-window.ts';
import type { HubSpotConnection } from '../config/connections.ts';
import type { StateConfig } from '../config/schema.ts';
import type { Logger } from '../lib/logger.ts';

export interface HubSpotLimiter {
  /** Undefined: the connector keeps its window in process. */
  readonly window: LimiterWindow | undefined;
  close(): Promise<void>;
}

/**
 * Names the app and the portal from what every worker's config holds alike: the private-app token, or
 * the OAuth client and the install's refresh token as configured (a rotated one differs per worker). Hashed,
 * so no credential reaches Redis.
 */
export function hubSpotLimiterKey(connection: HubSpotConnection): string {
  const who = connection.oauth
    ? `oauth\n${connection.oauth.clientId}\n${connection.oauth.refreshToken}`
    : `token\n${connection.accessToken ?? ''}`;
  return createHash('sha256').update(`${connection.baseUrl}\n${who}`).digest('hex').slice(0, 32);
}

export function openHubSpotLimiter(
  state: StateConfig,
  connection: HubSpotConnection,
  logger: Logger,
): HubSpotLimiter {
  if (state.type !== 'redis') return { window: undefined, close: () => Promise.resolve() };
  const redis = new Redis(state.url, { maxRetriesPerRequest: 2 });
  redis.on('error', (err: Error) => logger.warn({ err }, 'hubspot limiter redis error'));
  return {
    window: new RedisLimiterWindow(redis, hubSpotLimiterKey(connection)),
    close: async () => {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
