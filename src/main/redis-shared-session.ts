/**
 * `SharedSession` in Redis, for `state.type: redis` (every worker then shares the state, so it shares the
 * session too). Two keys per connection: the session (JSON, expiring with the access token when its
 * expiry is known) and a lock (`SET NX PX`, owner = a random id, released only by its owner). A worker
 * that finds the lock taken polls for the session its holder stores; a holder that died stops blocking
 * once the lock's time runs out, and the next worker to take the lock mints from the refresh token the
 * session last stored. Tokens go to Redis as the rotated refresh token already does (the state store's
 * `oauth:<crm>:refresh-token`): the deployment's Redis is trusted with the state, and every token read
 * back is registered so no log line shows it.
 */
import { createHash, randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { StateConfig } from '../config/schema.ts';
import type { CrmName } from '../domain/crm.ts';
import { SyncError } from '../lib/errors.ts';
import { registerSecrets, type Logger } from '../lib/logger.ts';
import { SessionRecord, type SharedSession } from '../lib/shared-session.ts';

/** Long enough for a token request with its bounded retries; a dead holder blocks the others this long. */
export const DEFAULT_LOCK_MS = 30_000;
const POLL_MS = 50;

// KEYS: lock. ARGV: owner. Deletes the lock only while this worker still owns it.
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

export interface RedisSharedSessionOptions {
  readonly lockMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export class RedisSharedSession implements SharedSession {
  private readonly redis: Redis;
  private readonly crm: CrmName;
  private readonly sessionKey: string;
  private readonly lockKey: string;
  private readonly lockMs: number;
  private readonly sleep: (ms: number) => Promise<void>;

  /** `key` names the connection (hashed by the caller, never a credential). */
  constructor(redis: Redis, crm: CrmName, key: string, options: RedisSharedSessionOptions = {}) {
    this.redis = redis;
    this.crm = crm;
    this.sessionKey = `leadloop:oauth:${crm}:${key}:session`;
    this.lockKey = `leadloop:oauth:${crm}:${key}:refresh-lock`;
    this.lockMs = options.lockMs ?? DEFAULT_LOCK_MS;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  async obtain(
    usable: (stored: SessionRecord) => boolean,
    mint: (stored: SessionRecord | undefined) => Promise<SessionRecord>,
  ): Promise<SessionRecord> {
    // A dead holder's lock lapses after lockMs; waiting twice that covers the next holder's own request.
    const waitMs = 2 * this.lockMs + 5_000;
    const deadline = Date.now() + waitMs;
    for (;;) {
      const stored = await this.read();
      if (stored && usable(stored)) return stored;
      const owner = randomUUID();
      if ((await this.redis.set(this.lockKey, owner, 'PX', this.lockMs, 'NX')) === 'OK') {
        try {
          // Another worker may have stored a session between the read above and taking the lock.
          const latest = await this.read();
          if (latest && usable(latest)) return latest;
          const minted = await mint(latest);
          await this.write(minted);
          return minted;
        } finally {
          await this.redis.eval(RELEASE, 1, this.lockKey, owner);
        }
      }
      if (Date.now() > deadline) {
        throw new SyncError(
          'transient',
          'OAUTH_REFRESH_LOCK_TIMEOUT',
          `no ${this.crm} session after waiting ${waitMs} ms for the token refresh lock other workers held`,
          { crm: this.crm, lockMs: this.lockMs, waitMs },
        );
      }
      await this.sleep(POLL_MS + Math.floor(Math.random() * POLL_MS));
    }
  }

  private async read(): Promise<SessionRecord | undefined> {
    const text = await this.redis.get(this.sessionKey);
    if (text === null) return undefined;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return undefined;
    }
    // An unreadable session is minted anew, like a missing one.
    const parsed = SessionRecord.safeParse(json);
    if (!parsed.success) return undefined;
    registerSecrets([parsed.data.accessToken, parsed.data.refreshToken]);
    return parsed.data;
  }

  private async write(session: SessionRecord): Promise<void> {
    const text = JSON.stringify(session);
    const ttl = session.expiresAt === undefined ? undefined : session.expiresAt - Date.now();
    if (ttl !== undefined && ttl > 0) await this.redis.set(this.sessionKey, text, 'PX', ttl);
    else await this.redis.set(this.sessionKey, text);
  }
}

/** Names a connection by what every worker's config holds alike; hashed, so no credential reaches a key. */
export function sessionKey(parts: readonly string[]): string {
  return createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 32);
}

export interface SharedSessions {
  /** Undefined: sessions stay per process (SQLite state is one process's). */
  forConnection(crm: CrmName, key: string): SharedSession | undefined;
  close(): Promise<void>;
}

export function openSharedSessions(
  state: StateConfig,
  logger: Logger,
  options: RedisSharedSessionOptions = {},
): SharedSessions {
  if (state.type !== 'redis') return { forConnection: () => undefined, close: () => Promise.resolve() };
  const redis = new Redis(state.url, { maxRetriesPerRequest: 2 });
  redis.on('error', (err: Error) => logger.warn({ err }, 'oauth session redis error'));
  return {
    forConnection: (crm, key) => new RedisSharedSession(redis, crm, key, options),
    close: async () => {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
