/**
 * OAuth refresh tokens the CRMs rotated, kept in the state store (`leadloop:oauth:<crm>:refresh-token`)
 * so a restart starts from the latest one, not from the configured one the CRM has already retired.
 * The stored value names (by a SHA-256 fingerprint) the configured token it descends from: when the
 * operator puts a new token in the config, after re-authorising the app, the config wins again.
 * The state file is private (0600 in a 0700 folder, `src/state/private-files.ts`).
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { CrmName } from '../domain/crm.ts';
import { registerSecrets, type Logger } from '../lib/logger.ts';
import type { StateStore } from '../state/types.ts';

export function refreshTokenKey(crm: CrmName): string {
  return `leadloop:oauth:${crm}:refresh-token`;
}

const StoredToken = z.object({ refreshToken: z.string().min(1), configured: z.string() });

function fingerprint(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface RefreshTokens {
  /** The token to start from: the stored one when it descends from `configured`, else `configured`. */
  load(crm: CrmName, configured: string): Promise<string>;
  /** Keeps `token` (a refresh answer's) as the one to start from next time; no write when unchanged. */
  save(crm: CrmName, configured: string, token: string): Promise<void>;
}

export function refreshTokens(store: StateStore, logger: Logger): RefreshTokens {
  const current = new Map<CrmName, string>();
  return {
    async load(crm, configured) {
      const raw = await store.getCursor(refreshTokenKey(crm));
      let stored: z.infer<typeof StoredToken> | undefined;
      try {
        stored = raw === null ? undefined : StoredToken.parse(JSON.parse(raw));
      } catch {
        logger.warn({ crm }, 'stored OAuth refresh token unreadable; using the configured one');
      }
      const token = stored?.configured === fingerprint(configured) ? stored.refreshToken : configured;
      registerSecrets([token]);
      if (token !== configured) logger.info({ crm }, 'using the rotated OAuth refresh token from the state');
      current.set(crm, token);
      return token;
    },
    async save(crm, configured, token) {
      registerSecrets([token]);
      if (current.get(crm) === token) return;
      const value = JSON.stringify({ refreshToken: token, configured: fingerprint(configured) });
      await store.setCursor(refreshTokenKey(crm), value);
      current.set(crm, token);
      logger.info({ crm }, 'rotated OAuth refresh token stored');
    },
  };
}
